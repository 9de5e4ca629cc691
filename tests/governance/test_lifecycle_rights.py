"""Lifecycle moves through the decision rights (SPEC §3, issue 11 point 1): a governed move
is refused on every path (page, API, import) and writes nothing; a free move is made by the
roles that hold it; applying an approved decision makes the governed move."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from governance import services
from governance.models import ActionItem, DecisionType, LifecycleMove, Meeting, SteeringGroup
from srm.audit.models import AuditEvent
from srm.core.models import Notification
from suppliers.importers import import_run
from suppliers.models import Supplier

from ..factories import SupplierFactory

HEADER = "code,name,country,region,category,tier,status,expected_annual_spend"

# (role key, status before, target, allowed)
MATRIX = [
    ("catman", "prospect", "onboarding", True),
    ("analyst", "prospect", "onboarding", True),
    ("catman", "approved", "suspended", True),
    ("analyst", "approved", "suspended", False),
    ("catman", "onboarding", "approved", False),
    ("analyst", "onboarding", "approved", False),
    ("catman", "suspended", "approved", False),
    ("catman", "approved", "exited", False),
    ("analyst", "approved", "exited", False),
]


def _supplier(category_pair, status):
    return SupplierFactory(categories=[category_pair[0]], status=status)


def _audit_rows(supplier):
    return AuditEvent.objects.filter(object_id=str(supplier.pk), action__startswith="transition")


@pytest.mark.parametrize(("who", "before", "target", "allowed"), MATRIX)
def test_page_moves_by_role(client, people, category_pair, who, before, target, allowed):
    supplier = _supplier(category_pair, before)
    client.force_login(people[who])
    url = reverse("suppliers:supplier_transition", args=[supplier.code])
    response = client.post(url, {"target": target, "reason": "test"}, follow=True)
    supplier.refresh_from_db()
    assert supplier.status == (target if allowed else before)
    assert _audit_rows(supplier).exists() == allowed
    if not allowed and target in ("approved", "exited"):
        assert "decision request" in response.content.decode()


@pytest.mark.parametrize(("who", "before", "target", "allowed"), MATRIX)
def test_api_moves_by_role(people, category_pair, who, before, target, allowed):
    supplier = _supplier(category_pair, before)
    api = APIClient()
    api.force_authenticate(people[who])
    url = reverse("api:supplier-detail", args=[supplier.code])
    response = api.patch(url, {"status": target, "name": "Renamed"}, format="json")
    supplier.refresh_from_db()
    if allowed:
        assert response.status_code == 200, response.content
        assert supplier.status == target and supplier.name == "Renamed"
    else:
        assert response.status_code in (400, 403), response.content
        assert supplier.status == before and supplier.name != "Renamed"
        assert (
            not AuditEvent.objects.filter(object_id=str(supplier.pk))
            .exclude(action="create")
            .exists()
        )


def test_api_create_with_a_governed_status_is_refused(people, category_pair):
    api = APIClient()
    api.force_authenticate(people["catman"])
    data = {
        "code": "GOV1",
        "name": "Governed Ltd",
        "country": "DE",
        "region": "EMEA",
        "categories": [category_pair[0].code],
        "status": "approved",
    }
    response = api.post(reverse("api:supplier-list"), data, format="json")
    assert response.status_code == 400
    assert "New supplier approval" in str(response.json())
    assert not Supplier.objects.filter(code="GOV1").exists()
    data["status"] = "onboarding"
    assert api.post(reverse("api:supplier-list"), data, format="json").status_code == 201


@pytest.mark.parametrize(("who", "before", "target", "allowed"), MATRIX)
def test_import_moves_by_role(people, category_pair, who, before, target, allowed):
    supplier = _supplier(category_pair, before)
    row = (
        f"{supplier.code},{supplier.name},{supplier.country.code},{supplier.region},"
        f"{category_pair[0].name},{supplier.tier},{target},{supplier.expected_annual_spend}"
    )
    result = import_run(
        actor=people[who], kind="suppliers", filename="s.csv", data=f"{HEADER}\n{row}".encode()
    )
    supplier.refresh_from_db()
    if allowed:
        assert result.ok, result.errors
        assert supplier.status == target
    else:
        assert [e.column for e in result.errors] == ["status"]
        assert supplier.status == before


def test_import_of_a_new_supplier_with_a_governed_status_is_refused(people, category_pair):
    row = f"NEW9,Nine Ltd,DE,EMEA,{category_pair[0].name},2,exited,0"
    data = f"{HEADER}\n{row}".encode()
    result = import_run(actor=people["analyst"], kind="suppliers", filename="s.csv", data=data)
    assert "Supplier exit" in result.errors[0].reason
    assert not Supplier.objects.filter(code="NEW9").exists()


def test_page_names_the_governing_decision_with_a_prefilled_link(client, people, category_pair):
    supplier = _supplier(category_pair, "onboarding")
    client.force_login(people["catman"])
    html = client.get(reverse("suppliers:supplier_detail", args=[supplier.code])).content.decode()
    assert 'id="governed-moves"' in html
    assert f"supplier={supplier.pk}" in html and reverse("governance:decision_create") in html
    assert '<option value="approved">' not in html
    link = reverse("governance:decision_create") + f"?type=supplier_approval&supplier={supplier.pk}"
    assert link.replace("&", "&amp;") in html
    form = client.get(link).context["form"]
    assert form.initial["decision_type"] == DecisionType.objects.get(code="supplier_approval").pk
    assert str(form.initial["supplier"]) == str(supplier.pk)


def test_suspension_informs_the_sponsor_and_lands_on_the_next_meeting(
    client, people, category_pair
):
    from datetime import timedelta

    from django.utils import timezone

    group = SteeringGroup.objects.create(name="Steering")
    meeting = Meeting.objects.create(
        group=group,
        title="Monthly",
        kind=Meeting.Kind.MONTHLY,
        status=Meeting.Status.PLANNED,
        scheduled_for=timezone.now() + timedelta(days=3),
    )
    supplier = _supplier(category_pair, "approved")
    client.force_login(people["catman"])
    client.post(
        reverse("suppliers:supplier_transition", args=[supplier.code]),
        {"target": "suspended", "reason": "quality hold"},
    )
    assert Notification.objects.filter(recipient=people["sponsor"], subject__contains=supplier.code)
    item = ActionItem.objects.get(supplier=supplier)
    assert item.meeting == meeting and item.owner == people["sponsor"]


def test_an_approved_exit_decision_exits_the_supplier(raise_request, people, category_pair):
    supplier = _supplier(category_pair, "approved")
    request = raise_request("supplier_exit", people["analyst"], supplier)
    services.decision_request_sign_off(actor=people["catman"], request=request)
    request = services.decision_request_sign_off(actor=people["steering"], request=request)
    supplier.refresh_from_db()
    assert request.state == "applied" and supplier.status == "exited"
    events = _audit_rows(supplier).filter(action="transition:exited")
    assert [e.after.get("decision") for e in events] == [f"Decision request #{request.pk}"]


def test_the_map_is_data(client, people, category_pair):
    """Making → suspended free for analysts too is an admin edit, not a code change."""
    from srm.accounts.models import Role

    LifecycleMove.objects.get(target="suspended").free_roles.add(
        Role.objects.get(code="procurement_analyst")
    )
    supplier = _supplier(category_pair, "approved")
    client.force_login(people["analyst"])
    client.post(
        reverse("suppliers:supplier_transition", args=[supplier.code]), {"target": "suspended"}
    )
    supplier.refresh_from_db()
    assert supplier.status == "suspended"


def _planned_meeting():
    from datetime import timedelta

    from django.utils import timezone

    return Meeting.objects.create(
        group=SteeringGroup.objects.create(name="Steering"),
        title="Monthly",
        kind=Meeting.Kind.MONTHLY,
        status=Meeting.Status.PLANNED,
        scheduled_for=timezone.now() + timedelta(days=3),
    )


def test_operations_lead_suspends_on_the_page(client, people, category_pair):
    """A free move for the operations lead (issue 11 point 2): the page offers only the
    suspension, makes it, informs the sponsor and puts it on the next meeting's agenda."""
    meeting = _planned_meeting()
    supplier = _supplier(category_pair, "approved")
    client.force_login(people["ops"])
    html = client.get(reverse("suppliers:supplier_detail", args=[supplier.code])).content.decode()
    assert 'value="suspended"' in html and 'value="exited"' not in html
    response = client.post(
        reverse("suppliers:supplier_transition", args=[supplier.code]),
        {"target": "suspended", "reason": "late again"},
    )
    assert response.status_code == 302
    supplier.refresh_from_db()
    assert supplier.status == "suspended" and _audit_rows(supplier).exists()
    assert Notification.objects.filter(recipient=people["sponsor"], subject__contains=supplier.code)
    assert ActionItem.objects.get(supplier=supplier).meeting == meeting
    # Suspending is all: the profile is not the operations lead's to edit.
    edit = reverse("suppliers:supplier_update", args=[supplier.code])
    assert client.get(edit).status_code == 403


def test_operations_lead_suspends_through_the_api(people, category_pair):
    _planned_meeting()
    supplier = _supplier(category_pair, "approved")
    api = APIClient()
    api.force_authenticate(people["ops"])
    url = reverse("api:supplier-transition", args=[supplier.code])
    response = api.post(url, {"status": "suspended", "reason": "late again"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "suspended"
    supplier.refresh_from_db()
    assert supplier.status == "suspended"
    assert ActionItem.objects.filter(supplier=supplier).exists()
    # Reinstating is governed (new supplier approval): 400, nothing changes.
    response = api.post(url, {"status": "approved"}, format="json")
    assert response.status_code == 400 and "decision" in str(response.json())
    supplier.refresh_from_db()
    assert supplier.status == "suspended"
    # Nor may the operations lead make another role's free move, or edit the profile.
    prospect = _supplier(category_pair, "prospect")
    other = reverse("api:supplier-transition", args=[prospect.code])
    assert api.post(other, {"status": "onboarding"}, format="json").status_code == 403
    detail = reverse("api:supplier-detail", args=[prospect.code])
    assert api.patch(detail, {"name": "Renamed"}, format="json").status_code == 403
    prospect.refresh_from_db()
    assert prospect.status == "prospect"


def test_readers_may_not_move_suppliers_through_the_api(people, category_pair):
    supplier = _supplier(category_pair, "approved")
    api = APIClient()
    api.force_authenticate(people["finance"])
    url = reverse("api:supplier-transition", args=[supplier.code])
    assert api.post(url, {"status": "suspended"}, format="json").status_code == 403
    supplier.refresh_from_db()
    assert supplier.status == "approved"
