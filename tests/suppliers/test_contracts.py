"""Contracts in the browser and the API (issue 18, points 1-3): create and edit with
validation, draft → active, price lines and service levels edited while a draft and
refused once active, renewal, the contract_prices import, and the page's query count."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from srm.audit.models import AuditEvent
from suppliers import contract_services
from suppliers.importers import import_run
from suppliers.models import Contract, ContractPrice, ServiceLevel

from ..factories import (
    ContractFactory,
    ContractPriceFactory,
    ItemFactory,
    ReceiptFactory,
    ServiceLevelFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def catman(make_user, category_pair):
    return make_user("category_manager", username="catman", categories=[category_pair[0]])


@pytest.fixture
def draft(scoped_suppliers, catman):
    return ContractFactory(
        number="C-DRAFT",
        supplier=scoped_suppliers[0],
        status="draft",
        owner=catman,
        start_date=date(2026, 1, 1),
        end_date=date(2026, 12, 31),
    )


@pytest.fixture
def items(db):
    return [ItemFactory(code=f"PART-{n}") for n in (1, 2, 3)]


def contract_form(supplier, **changes):
    data = {
        "number": "C-2026-001",
        "supplier": supplier.pk,
        "title": "Fasteners 2026",
        "start_date": "2026-01-01",
        "end_date": "2026-12-31",
        "notice_period_days": 60,
        "renewal_date": "",
        "currency": "EUR",
        "owner": "",
        "negotiation_notes": "",
    }
    return data | changes


def lines(prefix: str, rows: list[dict], initial: int = 0) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": len(rows),
        f"{prefix}-INITIAL_FORMS": initial,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }
    for n, row in enumerate(rows):
        data |= {f"{prefix}-{n}-{key}": value for key, value in row.items()}
    return data


# --- create and edit ----------------------------------------------------------------------


def test_category_manager_creates_a_draft_with_an_audit_row(client, catman, scoped_suppliers):
    client.force_login(catman)
    data = contract_form(scoped_suppliers[0], owner=catman.pk)
    response = client.post(reverse("suppliers:contract_create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    contract = Contract.objects.get(number="C-2026-001")
    assert contract.status == "draft" and contract.owner == catman
    assert AuditEvent.objects.filter(action="create", object_id=str(contract.pk)).exists()


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"end_date": "2025-12-31"}, "end_date"),
        ({"renewal_date": "2027-06-01"}, "renewal_date"),
        ({"number": "C-DRAFT"}, "number"),
    ],
    ids=["dates-out-of-order", "renewal-outside-term", "number-taken"],
)
def test_bad_input_is_a_field_error_and_writes_nothing(
    client, catman, scoped_suppliers, draft, changes, field
):
    client.force_login(catman)
    before = Contract.objects.count()
    response = client.post(
        reverse("suppliers:contract_create"), contract_form(scoped_suppliers[0], **changes)
    )
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert Contract.objects.count() == before


def test_a_supplier_outside_reach_is_refused_like_a_missing_one(client, catman, scoped_suppliers):
    client.force_login(catman)
    response = client.post(reverse("suppliers:contract_create"), contract_form(scoped_suppliers[1]))
    assert response.status_code == 400
    assert "supplier" in response.context["form"].errors
    assert not Contract.objects.filter(number="C-2026-001").exists()


def test_an_owner_who_cannot_see_the_contract_is_refused(
    client, catman, make_user, scoped_suppliers
):
    engineer = make_user("collaboration_member")
    client.force_login(catman)
    response = client.post(
        reverse("suppliers:contract_create"),
        contract_form(scoped_suppliers[0], owner=engineer.pk),
    )
    assert response.status_code == 400
    assert response.context["form"].errors["owner"]


def test_an_active_contract_keeps_its_terms(catman, draft):
    draft.status = "active"
    draft.save()
    with pytest.raises(Exception) as refused:
        contract_services.contract_update(
            actor=catman, contract=draft, data={"end_date": date(2027, 6, 30)}
        )
    assert "decision request" in str(refused.value)
    contract_services.contract_update(actor=catman, contract=draft, data={"title": "Renamed"})
    draft.refresh_from_db()
    assert draft.end_date == date(2026, 12, 31) and draft.title == "Renamed"


# --- price lines and service levels on the page -------------------------------------------


def test_price_lines_are_saved_as_a_table_and_overlaps_name_the_clash(client, catman, draft, items):
    client.force_login(catman)
    url = reverse("suppliers:contract_prices", args=[draft.number])
    rows = [
        {"item": "PART-1", "unit_price": "10.5", "currency": "EUR", "valid_from": "2026-01-01"},
        {"item": "PART-2", "unit_price": "3", "currency": "", "valid_from": "2026-01-01"},
        {
            "item": "PART-3",
            "unit_price": "7.25",
            "currency": "EUR",
            "valid_from": "2026-01-01",
            "valid_to": "2026-06-30",
        },
    ]
    response = client.post(url, lines("prices", rows), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert draft.prices.count() == 3
    assert draft.prices.get(item__code="PART-2").currency == "EUR"  # the contract's

    clash = {"item": "PART-3", "unit_price": "8", "currency": "EUR", "valid_from": "2026-06-01"}
    response = client.post(url, lines("prices", [clash]), HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert "PART-3 7.25 EUR 2026-01-01–2026-06-30" in response.content.decode()
    assert draft.prices.count() == 3


def test_one_bad_row_saves_no_row(client, catman, draft, items):
    client.force_login(catman)
    rows = [
        {"item": "PART-1", "unit_price": "1", "currency": "EUR", "valid_from": "2026-01-01"},
        {"item": "PART-2", "unit_price": "1", "currency": "EUR", "valid_from": "2027-03-01"},
    ]
    response = client.post(
        reverse("suppliers:contract_prices", args=[draft.number]), lines("prices", rows)
    )
    assert response.status_code == 400
    assert not draft.prices.exists()


def test_service_levels_are_edited_while_draft(client, catman, draft):
    client.force_login(catman)
    rows = [{"metric": "otif", "target": "95", "valid_from": "2026-01-01"}]
    response = client.post(
        reverse("suppliers:contract_service_levels", args=[draft.number]),
        lines("service_levels", rows),
    )
    assert response.status_code == 302
    assert draft.service_levels.get().target == Decimal("95")


def test_activation_needs_a_price_and_then_freezes_the_lists(client, catman, draft, items):
    client.force_login(catman)
    transition = reverse("suppliers:contract_transition", args=[draft.number])
    client.post(transition, {"target": "active"})
    draft.refresh_from_db()
    assert draft.status == "draft"  # no price line yet
    ContractPriceFactory(contract=draft, item=items[0], effective_from=date(2026, 1, 1))
    client.post(transition, {"target": "active"})
    draft.refresh_from_db()
    assert draft.status == "active"
    assert AuditEvent.objects.filter(action="transition:active").exists()

    rows = [{"item": "PART-2", "unit_price": "1", "currency": "EUR", "valid_from": "2026-02-01"}]
    response = client.post(
        reverse("suppliers:contract_prices", args=[draft.number]), lines("prices", rows)
    )
    assert response.status_code == 400
    assert draft.prices.count() == 1
    # Termination is a decision, not a status move on the page.
    client.post(transition, {"target": "terminated"})
    draft.refresh_from_db()
    assert draft.status == "active"


def test_renew_drafts_the_next_term_with_lines_moved(client, catman, draft, items):
    ContractPriceFactory(
        contract=draft,
        item=items[0],
        unit_price=Decimal("9"),
        effective_from=date(2026, 1, 1),
        valid_to=date(2026, 5, 31),
    )
    ContractPriceFactory(
        contract=draft, item=items[0], unit_price=Decimal("10"), effective_from=date(2026, 6, 1)
    )
    ServiceLevelFactory(contract=draft, metric="otif", effective_from=date(2026, 1, 1))
    draft.status = "active"
    draft.save()
    client.force_login(catman)
    response = client.post(reverse("suppliers:contract_renew", args=[draft.number]))
    term = Contract.objects.get(previous=draft)
    assert response.url == term.get_absolute_url()
    assert term.number == "C-DRAFT-R2" and term.status == "draft"
    assert (term.start_date, term.end_date) == (date(2027, 1, 1), date(2027, 12, 31))
    assert [(p.unit_price, p.effective_from) for p in term.prices.all()] == [
        (Decimal("10"), date(2027, 1, 1))
    ]
    assert term.service_levels.get().effective_from == date(2027, 1, 1)
    # One next term per contract.
    client.post(reverse("suppliers:contract_renew", args=[draft.number]))
    assert Contract.objects.filter(previous=draft).count() == 1


def test_a_successor_term_clears_the_notice_flag(client, catman, draft, time_machine):
    draft.status = "active"
    draft.auto_renew = True
    draft.notice_period_days = 30
    draft.save()
    time_machine.move_to(date(2026, 12, 15))
    client.force_login(catman)
    listing = reverse("suppliers:contract_list")
    assert 'data-notice-flag="renews"' in client.get(listing).content.decode()
    contract_services.contract_renew(actor=catman, contract=draft)
    assert "data-notice-flag" not in client.get(listing).content.decode()
    assert "data-notice-flag" not in client.get(draft.get_absolute_url()).content.decode()


def test_applied_price_decision_ends_the_line_in_force(catman, draft, items):
    line = ContractPriceFactory(contract=draft, item=items[0], effective_from=date(2026, 1, 1))
    draft.status = "active"
    draft.save()
    new = contract_services.contract_price_set(
        actor=catman,
        contract=draft,
        item=items[0],
        unit_price=Decimal("12"),
        effective_from=date(2026, 7, 1),
    )
    line.refresh_from_db()
    assert line.valid_to == date(2026, 6, 30) and new.valid_to is None


# --- the page's query count ---------------------------------------------------------------


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_contract_page_costs_the_same_with_more_lines(client, catman, draft):
    """A draft (editable tables) and an active contract with receipts: constant queries."""
    client.force_login(catman)

    def add(n):
        for _ in range(n):
            item = ItemFactory()
            ContractPriceFactory(contract=draft, item=item, effective_from=date(2026, 1, 1))
            ReceiptFactory(supplier=draft.supplier, contract=draft, item=item)

    add(2)
    few = _count(client, draft.get_absolute_url())
    add(20)
    assert _count(client, draft.get_absolute_url()) == few
    assert few <= 20, few


# --- API ----------------------------------------------------------------------------------


def test_api_creates_patches_by_number_and_activates(api_client, catman, scoped_suppliers, items):
    api_client.force_authenticate(catman)
    response = api_client.post(
        "/api/contracts/",
        {
            "number": "C-API-1",
            "supplier": scoped_suppliers[0].code,
            "title": "API",
            "start_date": "2026-01-01",
            "end_date": "2026-12-31",
            "owner": "catman",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "draft"
    response = api_client.patch("/api/contracts/C-API-1/", {"title": "Renamed"}, format="json")
    assert response.status_code == 200 and response.json()["title"] == "Renamed"
    assert api_client.post("/api/contracts/C-API-1/activate/").status_code == 400  # no price
    response = api_client.post(
        "/api/contract-prices/",
        {
            "contract": "C-API-1",
            "item": "PART-1",
            "unit_price": "4.5",
            "currency": "EUR",
            "valid_from": "2026-01-01",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    response = api_client.post("/api/contracts/C-API-1/activate/")
    assert response.status_code == 200 and response.json()["status"] == "active"
    response = api_client.post("/api/contracts/C-API-1/renew/")
    assert response.status_code == 201 and response.json()["previous"] == "C-API-1"


def test_api_refuses_line_changes_on_an_active_contract_and_changes_nothing(
    api_client, catman, draft, items
):
    line = ContractPriceFactory(contract=draft, item=items[0], effective_from=date(2026, 1, 1))
    level = ServiceLevelFactory(contract=draft, effective_from=date(2026, 1, 1))
    draft.status = "active"
    draft.save()
    api_client.force_authenticate(catman)
    before = AuditEvent.objects.count()
    answers = [
        api_client.patch(f"/api/contract-prices/{line.pk}/", {"unit_price": "99"}, format="json"),
        api_client.post(
            "/api/contract-prices/",
            {
                "contract": draft.number,
                "item": "PART-2",
                "unit_price": "1",
                "currency": "EUR",
                "valid_from": "2026-02-01",
            },
            format="json",
        ),
        api_client.delete(f"/api/contract-prices/{line.pk}/"),
        api_client.patch(f"/api/service-levels/{level.pk}/", {"target": "50"}, format="json"),
        api_client.post(
            "/api/service-levels/",
            {
                "contract": draft.number,
                "metric": "defect_rate",
                "target": "1",
                "valid_from": "2026-02-01",
            },
            format="json",
        ),
    ]
    assert [a.status_code for a in answers] == [400] * 5
    line.refresh_from_db()
    level.refresh_from_db()
    assert line.unit_price == Decimal("10.00") and level.target == Decimal("95")
    assert ContractPrice.objects.count() == 1 and ServiceLevel.objects.count() == 1
    assert AuditEvent.objects.count() == before


def test_api_overlap_names_the_clashing_line(api_client, catman, draft, items):
    ContractPriceFactory(
        contract=draft, item=items[0], unit_price=Decimal("5"), effective_from=date(2026, 1, 1)
    )
    api_client.force_authenticate(catman)
    response = api_client.post(
        "/api/contract-prices/",
        {
            "contract": draft.number,
            "item": "PART-1",
            "unit_price": "6",
            "currency": "EUR",
            "valid_from": "2026-03-01",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "PART-1 5 EUR 2026-01-01–…" in response.json()["valid_from"][0]


def test_api_lines_of_a_contract_outside_reach_are_refused(api_client, catman, scoped_suppliers):
    other = ContractFactory(supplier=scoped_suppliers[1], status="draft")
    ItemFactory(code="PART-1")
    api_client.force_authenticate(catman)
    response = api_client.post(
        "/api/contract-prices/",
        {
            "contract": other.number,
            "item": "PART-1",
            "unit_price": "6",
            "currency": "EUR",
            "valid_from": other.start_date.isoformat(),
        },
        format="json",
    )
    assert response.status_code == 400
    assert "contract" in response.json()
    assert not ContractPrice.objects.exists()


# --- the contract_prices import -----------------------------------------------------------

HEADER = "contract_number,item_code,unit_price,currency,valid_from,valid_to"


def test_import_names_every_bad_row_and_writes_nothing(catman, draft, items, scoped_suppliers):
    active = ContractFactory(number="C-ACTIVE", supplier=scoped_suppliers[0])
    ContractPriceFactory(
        contract=draft, item=items[2], unit_price=Decimal("2"), effective_from=date(2026, 1, 1)
    )
    rows = [
        "C-DRAFT,PART-1,10.5,EUR,2026-01-01,2026-06-30",  # line 2: fine
        "C-DRAFT,PART-1,11,EUR,2026-06-01,",  # 3: overlaps line 2
        "C-DRAFT,PART-2,abc,EUR,2026-01-01,",  # 4: not a number
        "C-NOPE,PART-2,1,EUR,2026-01-01,",  # 5: no such contract
        f"{active.number},PART-2,1,EUR,2026-01-01,",  # 6: active
        "C-DRAFT,NO-SUCH,1,EUR,2026-01-01,",  # 7: unknown item
        "C-DRAFT,PART-3,3,EUR,2026-02-01,",  # 8: overlaps the stored line
        "C-DRAFT,PART-2,1,EURO,2026-01-01,",  # 9: currency
    ]
    result = import_run(
        actor=catman,
        kind="contract_prices",
        filename="prices.csv",
        data="\n".join([HEADER, *rows]).encode(),
    )
    got = {(e.line, e.column) for e in result.errors}
    assert got == {
        (3, "valid_from"),
        (4, "unit_price"),
        (5, "contract_number"),
        (6, "contract_number"),
        (7, "item_code"),
        (8, "valid_from"),
        (9, "currency"),
    }
    assert "PART-3 2 EUR 2026-01-01–…" in next(e.reason for e in result.errors if e.line == 8)
    assert draft.prices.count() == 1


def test_import_applies_and_a_reimport_is_unchanged(catman, draft, items):
    data = "\n".join(
        [
            HEADER,
            "C-DRAFT,PART-1,10.5,EUR,2026-01-01,2026-06-30",
            "C-DRAFT,PART-1,11,EUR,2026-07-01,",
            "C-DRAFT,PART-2,3,usd,2026-01-01,",
        ]
    ).encode()
    first = import_run(actor=catman, kind="contract_prices", filename="p.csv", data=data)
    assert first.ok, first.errors
    assert first.created == 3
    assert draft.prices.get(item__code="PART-2").currency == "USD"
    again = import_run(actor=catman, kind="contract_prices", filename="p.csv", data=data)
    assert again.ok and again.unchanged == 3
    assert draft.prices.count() == 3


def test_contracts_past_their_end_expire_unless_they_renew(scoped_suppliers):
    ended = ContractFactory(end_date=date(2026, 6, 30))
    renews = ContractFactory(end_date=date(2026, 6, 30), auto_renew=True)
    running = ContractFactory(end_date=date(2026, 12, 31))
    assert contract_services.contracts_expire_due(today=date(2026, 7, 1)) == 1
    statuses = {c.pk: c.status for c in Contract.objects.all()}
    assert statuses == {ended.pk: "expired", renews.pk: "active", running.pk: "active"}
    assert AuditEvent.objects.filter(action="transition:expired").count() == 1


def test_price_history_draws_each_line_from_its_start_to_its_end(draft, items):
    from suppliers.views import price_history

    first = ContractPriceFactory(
        contract=draft,
        item=items[0],
        unit_price=Decimal("9"),
        effective_from=date(2026, 1, 1),
        valid_to=date(2026, 5, 31),
    )
    second = ContractPriceFactory(
        contract=draft, item=items[0], unit_price=Decimal("10"), effective_from=date(2026, 6, 1)
    )
    assert price_history([second, first], until=draft.end_date) == {
        "PART-1": [
            {"x": "2026-01-01", "y": 9.0},
            {"x": "2026-05-31", "y": 9.0},
            {"x": "2026-06-01", "y": 10.0},
            {"x": "2026-12-31", "y": 10.0},
        ]
    }
