"""The recompute run: engine fed from SQL, idempotence, overlap refused, crash safety,
standing actions, and the same numbers on page, API and export."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse

from scorecards import steps
from scorecards.models import CorrectiveAction, RecomputeRun, Scorecard
from scorecards.recompute import ADVISORY_LOCK_KEY, RecomputeBusy, fetch, pool, scorecards_recompute
from suppliers.models import SupplierEvent

from ..factories import ContractFactory, ReceiptFactory, SupplierFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 15)


def receipt(
    supplier,
    received,
    *,
    promised=None,
    ordered=100,
    received_qty=100,
    defective=0,
    rejected=0,
    price="10",
    agreed="10",
    **kw,
):
    return ReceiptFactory(
        supplier=supplier,
        order_date=received - timedelta(days=30),
        promised_date=promised or received,
        received_date=received,
        ordered_qty=Decimal(ordered),
        received_qty=Decimal(received_qty),
        defective_qty=Decimal(defective),
        rejected_qty=Decimal(rejected),
        unit_price=Decimal(price),
        agreed_unit_price=Decimal(agreed) if agreed else None,
        **kw,
    )


@pytest.fixture
def acme():
    """February: 4 lines (one late by a day, one short), a defect and a price overrun.
    March: 1 perfect line. January: nothing."""
    supplier = SupplierFactory(code="ACME")
    feb = date(2026, 2, 10)
    receipt(supplier, feb)
    receipt(supplier, feb, promised=feb - timedelta(days=1))
    receipt(supplier, feb, received_qty=90, defective=2, rejected=1)
    receipt(supplier, feb, price="10.5")
    receipt(supplier, date(2026, 3, 2))
    return supplier


def test_full_run_scores_months_with_receipts_only(acme):
    run = scorecards_recompute(scope="full", today=TODAY)
    assert run.status == "succeeded"
    cards = {c.period: c for c in Scorecard.objects.filter(supplier=acme)}
    assert set(cards) == {date(2026, 2, 1), date(2026, 3, 1)}  # January: no receipts, no score
    feb = cards[date(2026, 2, 1)]
    # OTIF 2/4 = 50 → 0; defects 2/390 = 0.5128 % → 99.487; rejects 1/390 = 0.2564 % → 100;
    # lead-time delays 0, 1, 0, 0 → sd sqrt(0.25 - 0.0625) = 0.4330 → 100;
    # cost variance 50 / 3900 = 1.2821 % → 74.359.
    assert feb.kpis["otif"]["value"] == 50.0 and feb.kpis["otif"]["n"] == 4
    assert feb.kpis["defect_rate"]["value"] == 0.5128
    assert feb.kpis["lead_time_var"]["value"] == 0.433
    assert feb.kpis["cost_variance"]["value"] == 1.2821
    expected = (0 * 30 + 99.487 * 20 + 100 * 10 + 100 * 15 + (5 - 1.2821) / 5 * 100 * 15) / 90
    assert float(feb.score) == round(expected, 1) == 62.3
    assert feb.standing == "C"
    assert cards[date(2026, 3, 1)].score == Decimal("100.0")


def test_contract_price_is_used_when_the_receipt_has_no_agreed_price():
    supplier = SupplierFactory()
    contract = ContractFactory(supplier=supplier)
    line = receipt(supplier, date(2026, 3, 3), price="11", agreed=None, contract=contract)
    line.contract_unit_price = Decimal("10")
    line.save()
    scorecards_recompute(scope="full", today=TODAY)
    assert Scorecard.objects.get().kpis["cost_variance"]["value"] == 10.0


def test_rerun_changes_nothing(acme):
    first = scorecards_recompute(scope="full", today=TODAY)
    stored = list(Scorecard.objects.values())
    events = SupplierEvent.objects.count()
    second = scorecards_recompute(scope="full", today=TODAY)
    assert first.counts["created"] == 2
    assert (second.counts["created"], second.counts["updated"], second.counts["deleted"]) == (
        0,
        0,
        0,
    )
    assert second.counts["unchanged"] == 2 and second.counts["standings_changed"] == 0
    assert list(Scorecard.objects.values()) == stored
    assert SupplierEvent.objects.count() == events


def test_nightly_covers_current_and_previous_month_and_trend_spans_the_edge(acme):
    receipt(acme, date(2025, 12, 5), promised=date(2025, 12, 1))  # December: OTIF 0
    scorecards_recompute(scope="full", today=TODAY)
    run = scorecards_recompute(scope="nightly", today=TODAY)
    assert (run.period_from, run.period_to) == (date(2026, 2, 1), date(2026, 3, 1))
    march = Scorecard.objects.get(supplier=acme, period=date(2026, 3, 1))
    december = Scorecard.objects.get(supplier=acme, period=date(2025, 12, 1)).score
    feb = Scorecard.objects.get(supplier=acme, period=date(2026, 2, 1)).score
    # k=0 March 100 (w 1), k=1 Feb (w 11/12), k=2 January none, k=3 December (w 9/12).
    expected = (100 + Decimal(11) / 12 * feb + Decimal(9) / 12 * december) / (
        1 + Decimal(11) / 12 + Decimal(9) / 12
    )
    assert march.trend_score == expected.quantize(Decimal("0.1"))


def test_months_that_lose_their_receipts_lose_their_scorecard(acme):
    scorecards_recompute(scope="full", today=TODAY)
    acme.receipts.filter(received_date__month=3).delete()
    run = scorecards_recompute(scope="nightly", today=TODAY)
    assert run.counts["deleted"] == 1
    assert not Scorecard.objects.filter(period=date(2026, 3, 1)).exists()


@pytest.fixture
def live_run():
    """A run in progress elsewhere: its running row, and on PostgreSQL its advisory lock
    held by another session."""
    RecomputeRun.objects.create(
        started_at=timezone_now(),
        heartbeat_at=timezone_now(),
        running=True,
        scope="full",
        period_from=TODAY,
        period_to=TODAY,
    )
    other = None
    if connection.vendor == "postgresql":
        from django.db import connections

        other = connections.create_connection("default")
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [ADVISORY_LOCK_KEY])
    yield
    if other is not None:
        other.close()


def test_a_second_run_while_one_is_running_is_refused(acme, live_run):
    with pytest.raises(RecomputeBusy):
        scorecards_recompute(scope="full", today=TODAY)
    with pytest.raises(CommandError) as excinfo:
        call_command("recompute", "--full")
    assert excinfo.value.returncode == 3
    assert not Scorecard.objects.exists()


def test_an_abandoned_run_does_not_block_forever(acme, settings):
    settings.CELERY_TASK_TIME_LIMIT = 60
    old = timezone_now() - timedelta(hours=2)
    dead = RecomputeRun.objects.create(
        started_at=old,
        heartbeat_at=old,
        running=True,
        scope="full",
        period_from=TODAY,
        period_to=TODAY,
    )
    assert scorecards_recompute(scope="full", today=TODAY).status == "succeeded"
    dead.refresh_from_db()
    assert dead.status == "failed" and "abandoned" in dead.error


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_postgres_advisory_lock_refuses_an_overlapping_run(acme):
    """Another session holds the advisory lock (a run in another process): refused."""
    from django.db import connections

    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [ADVISORY_LOCK_KEY])
        with pytest.raises(RecomputeBusy):
            scorecards_recompute(scope="full", today=TODAY)
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_LOCK_KEY])
        assert scorecards_recompute(scope="full", today=TODAY).status == "succeeded"
    finally:
        other.close()


def test_a_crash_midway_leaves_the_previous_results_intact(acme):
    scorecards_recompute(scope="full", today=TODAY)
    before = list(Scorecard.objects.order_by("pk").values())
    receipt(acme, date(2026, 3, 9), promised=date(2026, 3, 1))  # would change March
    receipt(acme, date(2025, 11, 9))  # would add November

    def crash(run, period_from, period_to):
        raise RuntimeError("power cut")

    steps.register_step(999, "crash", crash)
    try:
        with pytest.raises(RuntimeError):
            scorecards_recompute(scope="full", today=TODAY)
    finally:
        steps.STEPS[:] = [s for s in steps.STEPS if s[1] != "crash"]
    assert list(Scorecard.objects.order_by("pk").values()) == before
    failed = RecomputeRun.objects.order_by("-pk").first()
    assert failed.status == "failed" and "power cut" in failed.error and failed.running is None
    # The lock is free again: the next run succeeds and picks the changes up.
    assert scorecards_recompute(scope="full", today=TODAY).counts["created"] == 1


def test_standing_d_blocks_and_opens_a_corrective_action_and_recovery_lifts_the_block():
    supplier = SupplierFactory(code="SLOW")
    march = date(2026, 3, 5)
    for _ in range(3):  # all late and short: OTIF 0, defects 10 %
        receipt(supplier, march, promised=march - timedelta(days=12), received_qty=50, defective=5)
    run = scorecards_recompute(scope="full", today=TODAY)
    supplier.refresh_from_db()
    assert Scorecard.objects.get(supplier=supplier).standing == "D"
    assert supplier.blocked_for_orders and supplier.blocked_reason == "Standing D in 2026-03"
    action = CorrectiveAction.objects.get(supplier=supplier)
    assert action.source == "standing_d" and action.due_date == TODAY + timedelta(days=30)
    assert SupplierEvent.objects.filter(
        supplier=supplier, kind="standing", title__contains="→ D"
    ).exists()
    assert run.counts["blocked"] == 1 and run.counts["corrective_actions"] == 1
    # A second run does not open a second action.
    scorecards_recompute(scope="full", today=TODAY)
    assert CorrectiveAction.objects.filter(supplier=supplier).count() == 1
    # April is perfect: standing A, the block is lifted, the action stays for verification.
    supplier.receipts.all().delete()
    receipt(supplier, date(2026, 4, 2))
    scorecards_recompute(scope="full", today=date(2026, 4, 20))
    supplier.refresh_from_db()
    assert not supplier.blocked_for_orders
    assert CorrectiveAction.objects.get(supplier=supplier).status == "open"


def test_recompute_command_and_task(acme, capsys):
    call_command("recompute", "--since", "2026-02")
    assert "2 created" in capsys.readouterr().out
    from scorecards.tasks import recompute_scorecards

    result = recompute_scorecards.delay(scope="nightly").get()
    assert result["status"] == "succeeded"


def timezone_now():
    from django.utils import timezone

    return timezone.now()


def test_page_api_and_export_show_the_same_numbers(client, api_client, make_user, acme):
    scorecards_recompute(scope="full", today=TODAY)
    card = Scorecard.objects.get(supplier=acme, period=date(2026, 2, 1))
    user = make_user("procurement_analyst")
    api_client.force_authenticate(user)
    body = api_client.get(
        reverse("api:scorecard-list"), {"supplier": "ACME", "period": "2026-02"}
    ).json()
    (row,) = body["results"]
    assert row["score"] == float(card.score) and row["standing"] == card.standing
    assert row["kpis"]["otif"]["value"] == card.kpis["otif"]["value"]
    assert set(row) >= {"id", "supplier", "period", "score", "standing", "trend_score", "kpis"}
    assert set(row["kpis"]["otif"]) >= {"value", "score", "target", "n"}
    exported = api_client.get(
        reverse("api:scorecard-list"), {"supplier": "ACME", "period": "2026-02", "format": "csv"}
    )
    assert exported.status_code == 200 and exported["Content-Type"].startswith("text/csv")
    lines = exported.content.decode("utf-8-sig").splitlines()
    header, values = lines[0].split(","), lines[1].split(",")
    assert float(values[header.index("score")]) == float(card.score)
    assert float(values[header.index("otif_value")]) == card.kpis["otif"]["value"]
    client.force_login(user)
    page = client.get(reverse("scorecards:portfolio"), {"period": "2026-02"})
    (record,) = [r.record for r in page.context["table"].page.object_list]
    assert record.score == card.score
    tab = client.get(reverse("scorecards:supplier_scorecard", args=["ACME"])).content.decode()
    assert f">{card.score}<" in tab
    page_export = client.get(
        reverse("scorecards:portfolio"), {"period": "2026-02", "export": "csv"}
    )
    page_lines = page_export.content.decode("utf-8-sig").splitlines()
    # The same columns: the page's under human headers, the API's under the keys.
    page_header = page_lines[0].split(",")
    assert len(page_header) == len(header) and page_header[:2] == ["Supplier code", "Supplier"]
    page_values = page_lines[1].split(",")
    for column in ("supplier", "period", "score", "standing", "otif_value", "cost_variance_value"):
        assert page_values[header.index(column)] == values[header.index(column)], column


def test_xlsx_export(api_client, make_user, acme):
    from io import BytesIO

    from openpyxl import load_workbook

    scorecards_recompute(scope="full", today=TODAY)
    api_client.force_authenticate(make_user("auditor"))
    response = api_client.get(reverse("api:scorecard-list"), {"format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("supplier", "supplier_name", "region", "period", "score", "standing")
    assert len(rows) == 1 + Scorecard.objects.count()


def test_explain_lists_the_lines_behind_each_kpi(api_client, client, make_user, acme):
    scorecards_recompute(scope="full", today=TODAY)
    card = Scorecard.objects.get(supplier=acme, period=date(2026, 2, 1))
    api_client.force_authenticate(make_user("procurement_analyst"))
    body = api_client.get(reverse("api:scorecard-explain", args=[card.pk])).json()
    assert body["matches_stored"] is True
    otif = body["kpis"]["otif"]["behind"]
    assert (otif["lines"], otif["on_time_in_full"], otif["late"], otif["short"]) == (4, 2, 1, 1)
    assert len(otif["failed_lines"]) == 2
    assert len(body["kpis"]["defect_rate"]["behind"]["defective_lines"]) == 1
    assert len(body["kpis"]["cost_variance"]["behind"]["off_price_lines"]) == 1
    assert len(body["receipts"]) == 4
    client.force_login(make_user("procurement_analyst"))
    html = client.get(reverse("scorecards:explain", args=[card.pk])).content.decode()
    assert 'data-testid="matches"' in html and html.count('class="table-warning"') == 2


def test_worker_processes_give_the_same_scorecards(monkeypatch, settings):
    """Batches scored in spawned worker processes store exactly what inline scoring does."""
    for n in range(6):
        supplier = SupplierFactory(code=f"P{n}")
        for month in (1, 2, 3):
            receipt(
                supplier,
                date(2026, month, 5 + n),
                promised=date(2026, month, 5 + n % 3),
                received_qty=100 - n,
                defective=n,
            )
    monkeypatch.setattr(fetch, "WRITE_BATCH", 2)
    monkeypatch.setattr(pool.ScoringPool, "POOL_AFTER_MONTHS", 0)
    settings.SCORECARDS_RECOMPUTE_WORKERS = 1
    scorecards_recompute(scope="full", today=TODAY)
    fields = (
        "supplier__code",
        "period",
        "score",
        "standing",
        "trend_score",
        "kpis",
        "inputs_fingerprint",
    )
    inline = list(Scorecard.objects.order_by("supplier__code", "period").values_list(*fields))
    Scorecard.objects.all().delete()
    settings.SCORECARDS_RECOMPUTE_WORKERS = 2
    run = scorecards_recompute(scope="full", today=TODAY)
    assert run.counts["created"] == 18 and run.counts["scored"] == 18
    assert (
        list(Scorecard.objects.order_by("supplier__code", "period").values_list(*fields)) == inline
    )
