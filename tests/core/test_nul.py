"""NUL characters: PostgreSQL cannot hold them in text, so every way one can reach a
lookup (the path, a filter, a related field of a body, a form's coded choice) must be
answered 4xx before the database sees it. Runs on both databases; on PostgreSQL a
miss is a 500 (as schemathesis once found on POST /api/decision-requests/)."""

import importlib

import pytest
from django.urls import reverse
from rest_framework import serializers

from srm.core.api.fields import SlugRelatedField

from ..factories import ContractFactory, SupplierFactory

pytestmark = pytest.mark.django_db

API_APPS = ["suppliers", "scorecards", "governance", "risk", "collaboration"]


@pytest.fixture
def admin(make_user):
    return make_user(is_superuser=True)


@pytest.mark.parametrize(
    "url",
    ["/api/suppliers/SUP%00-1/", "/api/contracts/C%00/", "/api/decision-requests/1%00/"],
)
def test_nul_in_an_api_path_is_not_found(api_client, admin, url):
    api_client.force_authenticate(admin)
    response = api_client.get(url)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_nul_in_a_page_path_is_not_found(client, admin):
    client.force_login(admin)
    assert client.get("/suppliers/SUP%00-1/").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/api/suppliers/?category=a%00",
        "/api/suppliers/?search=a%00",
        "/api/scorecards/?supplier=S%00",
        "/api/decision-requests/?decision_type=x%00",
        "/api/suppliers/?a%00=1",
    ],
)
def test_nul_in_an_api_query_is_a_bad_request(api_client, admin, url):
    api_client.force_authenticate(admin)
    response = api_client.get(url)
    assert response.status_code == 400
    assert "Null characters" in response.json()["detail"]


def test_nul_in_a_page_filter_is_a_bad_request(client, admin):
    client.force_login(admin)
    assert client.get("/suppliers/", {"category": "a\x00"}).status_code == 400


def test_nul_in_a_related_code_of_a_body_is_a_field_error(api_client, admin):
    supplier = SupplierFactory(status="approved")
    ContractFactory(supplier=supplier)
    api_client.force_authenticate(admin)
    data = {
        "decision_type": "supplier_approval",
        "supplier": supplier.code,
        "contract": "C\x00",
        "title": "Approve",
        "justification": "Second source.",
        "risk_impact": "Low.",
    }
    response = api_client.post("/api/decision-requests/", data, format="multipart")
    assert response.status_code == 400
    assert "Null characters are not allowed." in response.json()["contract"]


def test_nul_in_a_coded_form_choice_is_a_form_error(client, make_user):
    supplier = SupplierFactory(status="approved")
    client.force_login(make_user(is_superuser=True))
    url = reverse("collaboration:pilot_create")
    response = client.post(url, {"supplier": supplier.code + "\x00", "title": "Pilot"})
    assert response.status_code == 400
    assert "Null characters are not allowed." in response.content.decode()
    assert client.post(url, {"supplier_code": supplier.code + "\x00"}).status_code == 404


def _api_serializers():
    for app in API_APPS:
        importlib.import_module(f"{app}.api.serializers")
    pending, seen = [serializers.Serializer], set()
    while pending:
        for sub in pending.pop().__subclasses__():
            if sub not in seen:
                seen.add(sub)
                pending.append(sub)
    return sorted(
        (s for s in seen if s.__module__.split(".")[0] in API_APPS), key=lambda s: s.__qualname__
    )


def test_every_writable_code_field_of_the_api_refuses_nul():
    """A new serializer with a plain DRF SlugRelatedField would bring the 500 back."""
    found, plain = 0, []
    for serializer in _api_serializers():
        for name, field in serializer._declared_fields.items():
            field = getattr(field, "child_relation", field)
            if isinstance(field, serializers.SlugRelatedField) and not field.read_only:
                found += 1
                if not isinstance(field, SlugRelatedField):
                    plain.append(f"{serializer.__module__}.{serializer.__qualname__}.{name}")
    assert found >= 10
    assert plain == []
