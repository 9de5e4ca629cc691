"""Fresh numbers after new data (issue 18 §10): an import, a pushed receipt or an applied
price recomputes just the supplier-months it touched, on commit, debounced, through the
same engine, writes and lock as the nightly run."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from scorecards import fresh
from scorecards.models import RecomputeRun, RecomputeTarget, Scorecard
from scorecards.recompute import RecomputeBusy, scorecards_recompute, targets_recompute
from scorecards.tasks import recompute_targets
from suppliers.importers import import_run
from suppliers.services import contract_price_set

from ..factories import ContractFactory, ItemFactory, SupplierFactory
from .test_recompute import live_run as _live_run
from .test_recompute import receipt

pytestmark = pytest.mark.django_db

JAN, FEB = date(2026, 1, 1), date(2026, 2, 1)
HEADER = (
    "supplier_code,po_number,po_line,item_code,order_date,promised_date,received_date,"
    "ordered_qty,received_qty,rejected_qty,defective_qty,unit_price,agreed_unit_price"
)


def late_receipts_csv(supplier_code: str, lines: int = 3) -> bytes:
    """February receipts ten days late: the supplier's February OTIF falls."""
    rows = [
        f"{supplier_code},PO-NEW,{n},BOLT-1,2026-01-10,2026-02-01,2026-02-11,100,100,0,0,10,10"
        for n in range(1, lines + 1)
    ]
    return "\n".join([HEADER, *rows]).encode()


@pytest.fixture(autouse=True)
def _no_debounce_key():
    cache.delete(fresh.SCHEDULED_KEY)
    yield
    cache.delete(fresh.SCHEDULED_KEY)


@pytest.fixture
def scored():
    """Two suppliers scored in January and February by a full run."""
    acme, beta = SupplierFactory(code="ACME"), SupplierFactory(code="BETA")
    ItemFactory(code="BOLT-1")  # the item the late receipts name (imports refuse unknown ones)
    for supplier in (acme, beta):
        receipt(supplier, date(2026, 1, 12))
        receipt(supplier, date(2026, 2, 12))
    scorecards_recompute(scope="full")
    return acme, beta


@pytest.fixture
def analyst(make_user):
    return make_user("procurement_analyst")


def _rows():
    return {
        (c.supplier.code, c.period): (c.score, c.run_id, c.updated_at)
        for c in Scorecard.objects.select_related("supplier")
    }


def test_an_import_of_receipts_rescores_just_the_months_it_touched(
    scored, analyst, django_capture_on_commit_callbacks
):
    before = _rows()
    with django_capture_on_commit_callbacks(execute=True):
        result = import_run(
            actor=analyst, kind="receipts", filename="late.csv", data=late_receipts_csv("ACME")
        )
    assert result.ok
    run = RecomputeRun.objects.get(scope="targeted")
    assert run.status == "succeeded"
    assert run.counts["suppliers"] == 1 and run.period_from == FEB
    # The risk step, as in the nightly run, over that supplier only.
    assert run.counts["risk"]["risk_suppliers"] == 1
    after = _rows()
    # ACME's February: new score, written by the targeted run, no nightly run needed.
    assert after[("ACME", FEB)][0] < before[("ACME", FEB)][0]
    assert after[("ACME", FEB)][1] == run.pk
    # Everything else untouched: same score, same run, same timestamp.
    for key in [("ACME", JAN), ("BETA", JAN), ("BETA", FEB)]:
        assert after[key] == before[key], key
    # Answered inside the test's transaction, before the commit: the recompute is to come.
    assert result.scores["supplier_months"] == 1 and result.scores["pending"] is True
    assert RecomputeTarget.objects.get().run_id == run.pk
    assert fresh.freshness([scored[0].pk])[scored[0].pk] == {
        "at": run.finished_at,
        "pending": False,
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_import_result_says_when_the_scores_were_recomputed(scored, analyst):
    result = import_run(
        actor=analyst, kind="receipts", filename="late.csv", data=late_receipts_csv("ACME")
    )
    run = RecomputeRun.objects.get(scope="targeted")
    assert result.scores == {
        "supplier_months": 1,
        "suppliers": 1,
        "recomputed_at": run.finished_at,
        "pending": False,
    }


def test_the_same_number_as_a_full_run(scored, analyst, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        import_run(actor=analyst, kind="receipts", filename="l.csv", data=late_receipts_csv("ACME"))
    targeted = {k: v[0] for k, v in _rows().items()}
    Scorecard.objects.all().delete()
    scorecards_recompute(scope="full")
    assert {k: v[0] for k, v in _rows().items()} == targeted


def test_a_receipt_pushed_through_the_api_rescores(
    scored, analyst, client, django_capture_on_commit_callbacks
):
    client.force_login(analyst)
    old = Scorecard.objects.get(supplier__code="BETA", period=FEB).score
    record = {
        "supplier_code": "BETA",
        "po_number": "PO-API",
        "po_line": 1,
        "item_code": "BOLT-1",
        "order_date": "2026-01-10",
        "promised_date": "2026-02-01",
        "received_date": "2026-02-20",
        "ordered_qty": "100",
        "received_qty": "50",
        "unit_price": "10",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("api:receipt-list"), [record], content_type="application/json"
        )
    assert response.status_code == 201, response.content
    assert response.json()["scores"]["suppliers"] == 1
    assert Scorecard.objects.get(supplier__code="BETA", period=FEB).score < old


def test_debounce_two_writes_make_one_run(
    scored, analyst, django_capture_on_commit_callbacks, monkeypatch, settings
):
    settings.SCORECARDS_FRESH_DEBOUNCE = 20
    sent = []
    monkeypatch.setattr(
        recompute_targets, "apply_async", lambda **kw: sent.append(kw) or type("R", (), {"id": 1})
    )
    for code in ("ACME", "BETA"):
        with django_capture_on_commit_callbacks(execute=True):
            assert import_run(
                actor=analyst, kind="receipts", filename="l.csv", data=late_receipts_csv(code)
            ).ok
    # Two commits, one task, sent with the debounce window as its countdown.
    assert sent == [{"countdown": 20}]
    assert RecomputeTarget.objects.filter(run__isnull=True).count() == 2
    assert not RecomputeRun.objects.filter(scope="targeted").exists()
    outcome = recompute_targets.apply().get()
    run = RecomputeRun.objects.get(scope="targeted")
    assert outcome["run"] == run.pk and run.counts["suppliers"] == 2
    assert set(RecomputeTarget.objects.values_list("run_id", flat=True)) == {run.pk}
    # The task cleared the debounce key: the next write sends the next run.
    assert cache.get(fresh.SCHEDULED_KEY) is None


def test_writes_in_one_transaction_make_one_callback(db):
    supplier = SupplierFactory()
    from django.db import connection, transaction

    with transaction.atomic():
        fresh.targets_request({(supplier.pk, JAN)})
        fresh.targets_request({(supplier.pk, FEB)})
        ours = [e[1] for e in connection.run_on_commit if isinstance(e[1], fresh._Flush)]
        assert len(ours) == 1 and ours[0].pairs == {(supplier.pk, JAN), (supplier.pk, FEB)}


def test_an_applied_price_change_marks_the_months_it_reprices(
    django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(recompute_targets, "apply_async", lambda **kw: type("R", (), {"id": 1}))
    contract = ContractFactory()
    item = ItemFactory(code="BOLT-9")
    for day in (date(2026, 1, 20), date(2026, 3, 5)):
        receipt(contract.supplier, day, contract=contract, item=item)
    receipt(contract.supplier, date(2025, 11, 5), contract=contract, item=item)
    other = SupplierFactory()
    receipt(other, date(2026, 1, 20))
    with django_capture_on_commit_callbacks(execute=True):
        contract_price_set(
            actor=None,
            contract=contract,
            item=item,
            unit_price=Decimal("12"),
            effective_from=date(2025, 12, 1),
        )
    # Receipts ordered from December on (received January and March) are repriced.
    assert set(RecomputeTarget.objects.values_list("supplier_id", "period")) == {
        (contract.supplier_id, JAN),
        (contract.supplier_id, date(2026, 3, 1)),
    }


live_run = _live_run


def test_a_targeted_run_waits_while_another_run_holds_the_lock(scored, live_run):
    acme, _ = scored
    fresh.mark_waiting({(acme.pk, FEB)})
    with pytest.raises(RecomputeBusy):
        targets_recompute()
    # Embedded mode: the task defers; the month still waits.
    assert recompute_targets.apply().get()["status"] == "busy"
    assert RecomputeTarget.objects.get().run_id is None


def test_a_full_run_covers_what_was_requested_before_it(scored):
    acme, beta = scored
    fresh.mark_waiting({(acme.pk, FEB)})
    assert fresh.freshness([acme.pk])[acme.pk]["pending"] is True
    run = scorecards_recompute(scope="full")
    assert run.counts["targets_covered"] == 1
    state = fresh.freshness([acme.pk, beta.pk])
    assert state[acme.pk] == {"at": run.finished_at, "pending": False}
    assert targets_recompute() is None  # nothing waits any more


def test_the_supplier_page_says_when_scores_were_recomputed(scored, client, make_user):
    acme, _ = scored
    client.force_login(make_user("procurement_analyst"))
    html = client.get(reverse("suppliers:supplier_detail", args=[acme.code])).content.decode()
    finished = RecomputeRun.objects.get().finished_at
    local = timezone.localtime(finished)
    assert 'data-testid="scores-recomputed"' in html
    assert datetime.strftime(local, "%Y-%m-%d %H:%M") in html
    fresh.mark_waiting({(acme.pk, FEB)})
    html = client.get(reverse("suppliers:supplier_detail", args=[acme.code])).content.decode()
    assert "recompute pending" in html


def test_a_full_run_waits_for_a_targeted_run_instead_of_skipping(scored, monkeypatch):
    """New data all day must not make the nightly run skip: it waits for a targeted run."""
    from scorecards.recompute import run as run_module

    now = timezone.now()
    targeted = RecomputeRun.objects.create(
        started_at=now,
        heartbeat_at=now,
        running=True,
        scope="targeted",
        period_from=FEB,
        period_to=FEB,
    )
    waited = []

    def the_targeted_run_ends(seconds):
        waited.append(seconds)
        RecomputeRun.objects.filter(pk=targeted.pk).update(
            running=None, status="succeeded", finished_at=timezone.now()
        )

    monkeypatch.setattr(run_module.time, "sleep", the_targeted_run_ends)
    run = scorecards_recompute(scope="full")
    assert run.status == "succeeded"
    if run_module.connection.vendor != "postgresql":  # there the lock is free: no wait
        assert waited


def test_a_full_run_does_not_wait_for_another_full_run(scored, live_run, monkeypatch):
    from scorecards.recompute import run as run_module

    monkeypatch.setattr(run_module.time, "sleep", lambda s: pytest.fail("waited"))
    with pytest.raises(RecomputeBusy):
        scorecards_recompute(scope="full")


def test_the_import_page_says_the_scores_are_being_recomputed(scored, analyst, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(analyst)
    response = client.post(
        reverse("suppliers:import"),
        {"kind": "receipts", "file": SimpleUploadedFile("l.csv", late_receipts_csv("ACME"))},
    )
    assert response.status_code == 200
    html = response.content.decode()
    # Answered inside the test's transaction: the recompute is still to come.
    assert 'data-testid="import-scores"' in html
    assert "Scores of 1 supplier-month are being recomputed" in html
