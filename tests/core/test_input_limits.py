"""No 5xx for any input (issue 12, finding 4): out-of-range numbers and dates are field
errors, deep or oversized JSON bodies are 400/413."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from srm.core.api.parsers import nesting_depth
from suppliers.models import Contract

from ..factories import ContractFactory, SupplierFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(make_user):
    return make_user("contract_owner")


def contract_data(supplier, **changes):
    return {
        "number": "C-NEW",
        "supplier": supplier.code,
        "title": "New",
        "status": "draft",
        "start_date": "2026-01-01",
        "end_date": "2026-12-31",
    } | changes


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("notice_period_days", 2147483647),
        ("notice_period_days", 3651),
        ("notice_period_days", -1),
        ("start_date", "0001-01-01"),
        ("end_date", "9999-12-31"),
        ("renewal_date", "1899-12-31"),
    ],
)
def test_out_of_range_contract_fields_are_field_errors(field, value, api_client, owner):
    supplier = SupplierFactory()
    api_client.force_authenticate(owner)
    response = api_client.post(
        "/api/contracts/", contract_data(supplier, **{field: value}), format="json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert not Contract.objects.filter(number="C-NEW").exists()


def test_the_range_edges_are_accepted(api_client, owner):
    supplier = SupplierFactory()
    api_client.force_authenticate(owner)
    data = contract_data(
        supplier, notice_period_days=3650, start_date="1900-01-01", end_date="2200-12-31"
    )
    response = api_client.post("/api/contracts/", data, format="json")
    assert response.status_code == 201, response.json()
    contract = Contract.objects.get(number="C-NEW")
    assert api_client.get(f"/api/contracts/{contract.number}/").status_code == 200


def test_model_validation_refuses_a_year_one_date():
    contract = ContractFactory.build(start_date=date(1, 1, 1), supplier=SupplierFactory())
    with pytest.raises(ValidationError) as failure:
        contract.full_clean()
    assert "start_date" in failure.value.message_dict


def test_deeply_nested_json_is_a_400(api_client, owner):
    api_client.force_authenticate(owner)
    body = "[" * 5000 + "]" * 5000
    response = api_client.post("/api/contracts/", body, content_type="application/json")
    assert response.status_code == 400
    assert "nested deeper than 32" in response.json()["detail"]


def test_nesting_within_the_limit_parses(api_client, owner):
    supplier = SupplierFactory()
    api_client.force_authenticate(owner)
    data = contract_data(supplier, title="[[[[ {{{{ not nesting")
    response = api_client.post("/api/contracts/", data, format="json")
    assert response.status_code == 201


def test_oversized_json_body_is_a_413(api_client, owner, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    api_client.force_authenticate(owner)
    body = '{"title": "' + "x" * 2000 + '"}'
    response = api_client.post("/api/contracts/", body, content_type="application/json")
    assert response.status_code == 413


def test_nesting_depth_ignores_brackets_in_strings():
    assert nesting_depth(b'{"a": "[[[[[", "b": [1, [2, {"c": "]]]"}]]}') == 4
    assert nesting_depth(b'["\\"[[[", []]') == 2
    assert nesting_depth(b"1") == 0
