"""Supplier contacts and the relationship map (issue 18, point 6): per-track visibility
through the choke point, one primary per supplier and track, anonymisation that keeps the
row and the trail whole, the API and the contacts import."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from srm.audit.models import AuditEvent
from srm.audit.services import audit_chain_verify
from srm.core import permissions
from suppliers import services
from suppliers.importers import import_run
from suppliers.models import ImportBatch, RelationshipOwner, SupplierContact

from ..factories import SupplierFactory

pytestmark = pytest.mark.django_db

HEADER = "supplier_code,name,function,email,phone,track,primary"


def contacts_csv(*rows: str) -> bytes:
    return "\n".join([HEADER, *rows]).encode()


@pytest.fixture
def analyst(make_user):
    return make_user("procurement_analyst")


@pytest.fixture
def supplier(db):
    return SupplierFactory(code="S1")


def contact(supplier, actor, name, works_on, **kw):
    return services.contact_create(
        actor=actor, supplier=supplier, name=name, works_on=works_on, **kw
    )


# --- who sees which contacts ------------------------------------------------------------------


def test_each_role_sees_the_contacts_of_its_tracks(supplier, analyst, make_user):
    collab = contact(supplier, analyst, "Cleo", "collaboration", email="cleo@s1.example")
    mgmt = contact(supplier, analyst, "Max", "management", email="max@s1.example")
    both = contact(supplier, analyst, "Bo", "shared", email="bo@s1.example")
    seen = {
        role: set(
            permissions.restrict(SupplierContact.objects.all(), make_user(role)).values_list(
                "name", flat=True
            )
        )
        for role in ("procurement_analyst", "collaboration_member", "finance_approver")
    }
    assert seen["procurement_analyst"] == {collab.name, mgmt.name, both.name}
    assert seen["collaboration_member"] == {collab.name, both.name}
    assert seen["finance_approver"] == {mgmt.name, both.name}
    # Personal data: supplier collaborators see none, not even their own company's.
    own = make_user("supplier_collaborator", supplier=supplier)
    assert not permissions.restrict(SupplierContact.objects.all(), own).exists()


def test_a_collaboration_member_may_not_record_a_management_contact(supplier, make_user):
    member = make_user("collaboration_member")
    with pytest.raises(ValidationError) as exc:
        contact(supplier, member, "Max", "management")
    assert "works_on" in exc.value.message_dict
    assert contact(supplier, member, "Cleo", "collaboration").pk
    assert SupplierContact.objects.count() == 1


def test_category_manager_only_for_their_suppliers(make_user, category_pair):
    granted, other = category_pair
    mine, theirs = SupplierFactory(categories=[granted]), SupplierFactory(categories=[other])
    manager = make_user("category_manager", categories=[granted])
    assert contact(mine, manager, "A", "shared").pk
    with pytest.raises(PermissionDenied):
        contact(theirs, manager, "B", "shared")


# --- primary contacts ------------------------------------------------------------------------


def test_one_primary_per_supplier_and_track(supplier, analyst):
    first = contact(supplier, analyst, "First", "collaboration", is_primary=True)
    mgmt = contact(supplier, analyst, "Mgmt", "management", is_primary=True)
    second = contact(supplier, analyst, "Second", "collaboration", is_primary=True)
    first.refresh_from_db(), mgmt.refresh_from_db()
    assert (first.is_primary, second.is_primary, mgmt.is_primary) == (False, True, True)
    # A primary of both tracks takes over both.
    both = contact(supplier, analyst, "Both", "shared", is_primary=True)
    primaries = set(SupplierContact.objects.filter(is_primary=True).values_list("name", flat=True))
    assert primaries == {both.name}
    handed_over = AuditEvent.objects.filter(
        action="update", object_id=str(second.pk), object_type="suppliers.suppliercontact"
    ).get()
    assert handed_over.after == {"is_primary": False}


# --- anonymisation ----------------------------------------------------------------------------


def test_anonymise_replaces_the_person_keeps_the_row_and_the_trail(supplier, analyst, client):
    anna = contact(supplier, analyst, "Anna Berg", "shared", email="anna@s1.example", phone="+46 1")
    services.contact_update(actor=analyst, contact=anna, data={"phone": "+46 2"})
    client.force_login(analyst)
    response = client.post(
        reverse("suppliers:contact_anonymise", args=[anna.pk]), {"reason": "Asked on 1 May"}
    )
    assert response.status_code == 302
    anna.refresh_from_db()
    assert anna.pk and anna.anonymised_at is not None
    assert (anna.email, anna.phone) == ("", "")
    assert "Anna" not in anna.name
    trail = AuditEvent.objects.filter(
        object_id=str(anna.pk), object_type="suppliers.suppliercontact"
    )
    assert list(trail.order_by("seq").values_list("action", flat=True)) == [
        "create",
        "update",
        "anonymise",
    ]
    # No personal value anywhere in the (immutable) trail, and the chain still holds.
    for event in trail:
        text = f"{event.before} {event.after}"
        assert "Anna" not in text and "anna@" not in text and "+46" not in text
    assert trail.order_by("-seq").first().after["reason"] == "Asked on 1 May"
    assert audit_chain_verify().ok
    # An anonymised contact is not edited back into a person.
    with pytest.raises(ValidationError, match="anonymised"):
        services.contact_update(actor=analyst, contact=anna, data={"name": "Anna"})


def test_anonymise_needs_its_own_permission(supplier, analyst, make_user, api_client):
    anna = contact(supplier, analyst, "Anna", "collaboration")
    member = make_user("collaboration_member")  # may edit collaboration contacts, not erase
    api_client.force_authenticate(member)
    url = reverse("api:contact-anonymise", args=[anna.pk])
    assert api_client.post(url, {}, format="json").status_code == 403
    api_client.force_authenticate(analyst)
    response = api_client.post(url, {"reason": "request"}, format="json")
    assert response.status_code == 200
    assert response.json()["anonymised_at"]


# --- API -------------------------------------------------------------------------------------


def test_api_creates_lists_and_patches_a_contact(supplier, analyst, api_client):
    api_client.force_authenticate(analyst)
    url = reverse("api:contact-list")
    response = api_client.post(
        url,
        {
            "supplier": "S1",
            "name": "Anna",
            "function": "Key account",
            "email": "Anna@S1.example",
            "track": "both",
            "primary": True,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["track"], body["primary"], body["email"]) == ("both", True, "anna@s1.example")
    taken = api_client.post(
        url, {"supplier": "S1", "name": "Again", "email": "anna@s1.example", "track": "both"}
    )
    assert taken.status_code == 400 and "email" in taken.json()
    bad = api_client.post(url, {"supplier": "S1", "name": "", "track": "sideways"}, format="json")
    assert bad.status_code == 400 and {"name", "track"} <= set(bad.json())
    patched = api_client.patch(
        reverse("api:contact-detail", args=[body["id"]]), {"phone": "+46 8"}, format="json"
    )
    assert patched.status_code == 200 and patched.json()["phone"] == "+46 8"
    assert SupplierContact.objects.count() == 1


# --- import ----------------------------------------------------------------------------------


def test_contacts_import_creates_updates_and_is_idempotent(supplier, analyst):
    data = contacts_csv(
        "S1,Anna Berg,Key account,anna@s1.example,,both,yes",
        "S1,Carl Dahl,Quality,carl@s1.example,+46 1,management,",
    )
    result = import_run(actor=analyst, kind="contacts", filename="c.csv", data=data)
    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    again = import_run(actor=analyst, kind="contacts", filename="c.csv", data=data)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    changed = import_run(
        actor=analyst,
        kind="contacts",
        filename="c.csv",
        data=contacts_csv("S1,Carl Dahl,Quality lead,carl@s1.example,+46 1,management,yes"),
    )
    assert (changed.created, changed.updated) == (0, 1)
    # Carl is now the management primary; Anna (both tracks) stays primary of nothing.
    primaries = dict(SupplierContact.objects.values_list("name", "is_primary"))
    assert primaries == {"Anna Berg": False, "Carl Dahl": True}


def test_contacts_import_names_every_bad_row(supplier, analyst):
    data = contacts_csv(
        "S1,Anna,Buyer,anna@s1.example,,both,yes",  # 2 good
        "NOPE,Bo,Buyer,bo@nope.example,,both,",  # 3 unknown supplier
        "S1,Cleo,Buyer,not-an-email,,collaboration,",  # 4 bad e-mail
        "S1,Dan,Buyer,dan@s1.example,,sideways,",  # 5 bad track
        "S1,Eve,Buyer,eve@s1.example,,collaboration,yes",  # 6 second collaboration primary
        "S1,Anna,Buyer,anna@s1.example,,both,",  # 7 same contact as line 2
    )
    result = import_run(actor=analyst, kind="contacts", filename="c.csv", data=data)
    assert {(e.line, e.column) for e in result.errors} == {
        (3, "supplier_code"),
        (4, "email"),
        (5, "track"),
        (6, "primary"),
        (7, "email"),
    }
    assert SupplierContact.objects.count() == 0 and ImportBatch.objects.count() == 0


# --- pages -----------------------------------------------------------------------------------


def test_relationship_map_pairs_our_people_with_theirs_by_track(
    supplier, analyst, make_user, client
):
    owner = make_user("category_manager", username="olga", first_name="Olga", last_name="Ek")
    services.relationship_owner_add(
        actor=analyst, supplier=supplier, user=owner, works_on="management"
    )
    contact(supplier, analyst, "Max Their", "management")
    contact(supplier, analyst, "Cleo Their", "collaboration")
    client.force_login(analyst)
    response = client.get(reverse("suppliers:supplier_contacts", args=["S1"]))
    assert response.status_code == 200
    lanes = {lane["track"]: lane for lane in response.context["lanes"]}
    assert [o.user for o in lanes["management"]["ours"]] == [owner]
    assert [c.name for c in lanes["management"]["theirs"]] == ["Max Their"]
    assert [c.name for c in lanes["collaboration"]["theirs"]] == ["Cleo Their"]
    assert "Olga Ek" in response.content.decode()
    # A collaboration member's map has no management lane.
    client.force_login(make_user("collaboration_member"))
    lanes = client.get(reverse("suppliers:supplier_contacts", args=["S1"])).context["lanes"]
    assert [lane["track"] for lane in lanes] == ["collaboration"]


def test_owner_must_be_one_of_our_people(supplier, analyst, make_user):
    outsider = make_user("supplier_collaborator", supplier=supplier)
    with pytest.raises(ValidationError) as exc:
        services.relationship_owner_add(
            actor=analyst, supplier=supplier, user=outsider, works_on="collaboration"
        )
    assert "user" in exc.value.message_dict
    assert not RelationshipOwner.objects.exists()


def test_contact_form_shows_field_errors_and_writes_nothing(supplier, analyst, client):
    contact(supplier, analyst, "Anna", "shared", email="anna@s1.example")
    client.force_login(analyst)
    response = client.post(
        reverse("suppliers:contact_create"),
        {"supplier": supplier.pk, "name": "Bo", "email": "anna@s1.example", "works_on": "shared"},
    )
    assert response.status_code == 400
    assert "email" in response.context["form"].errors
    assert SupplierContact.objects.count() == 1


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", ["map", "list"])
def test_contact_pages_keep_a_constant_query_count(
    page, supplier, analyst, make_user, client, django_assert_max_num_queries
):
    def populate(start, n):
        for i in range(start, start + n):
            contact(supplier, analyst, f"P{i}", ("collaboration", "management", "shared")[i % 3])
            services.relationship_owner_add(
                actor=analyst,
                supplier=supplier,
                user=make_user("category_manager"),
                works_on=("collaboration", "management")[i % 2],
            )

    client.force_login(analyst)
    url = (
        reverse("suppliers:supplier_contacts", args=["S1"])
        if page == "map"
        else reverse("suppliers:contact_list")
    )
    populate(0, 3)
    few = _count(client, url)
    populate(3, 20)
    with django_assert_max_num_queries(few):
        assert client.get(url).status_code == 200
    assert few <= 20, f"{few} queries"


def test_contact_page_hands_the_primary_flag_over(supplier, analyst, client):
    first = contact(supplier, analyst, "First", "collaboration", is_primary=True)
    client.force_login(analyst)
    response = client.post(
        reverse("suppliers:contact_create"),
        {
            "supplier": supplier.pk,
            "name": "Second",
            "works_on": "collaboration",
            "is_primary": "on",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    first.refresh_from_db()
    assert not first.is_primary
    assert SupplierContact.objects.get(name="Second").is_primary


def test_api_names_and_removes_a_relationship_owner(supplier, analyst, make_user, api_client):
    olga = make_user("category_manager", username="olga")
    api_client.force_authenticate(analyst)
    url = reverse("api:relationshipowner-list")
    response = api_client.post(
        url, {"supplier": "S1", "user": "olga", "track": "management"}, format="json"
    )
    assert response.status_code == 201, response.json()
    again = api_client.post(
        url, {"supplier": "S1", "user": "olga", "track": "management"}, format="json"
    )
    assert again.status_code == 400 and "user" in again.json()
    listed = api_client.get(url, {"supplier__code": "S1"}).json()["results"]
    assert [(r["user"], r["track"]) for r in listed] == [("olga", "management")]
    owner = RelationshipOwner.objects.get(user=olga)
    assert (
        api_client.delete(reverse("api:relationshipowner-detail", args=[owner.pk])).status_code
        == 204
    )
    assert not RelationshipOwner.objects.exists()
    assert AuditEvent.objects.filter(action="delete", object_type="suppliers.relationshipowner")
