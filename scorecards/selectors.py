"""Reads of the scorecards domain: the grouped receipt aggregation that feeds the
engine, and the permission-filtered reads behind the pages and the API."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery, Sum

from srm.core.permissions import restrict
from suppliers.models import Receipt

from . import scoring
from .models import CorrectiveAction, KpiDefinition, RecomputeRun, Scorecard, ScoringPolicy


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(period: date, months: int) -> date:
    index = period.year * 12 + period.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def months_between(first: date, last: date) -> list[date]:
    """Every month from ``first`` to ``last`` (both first days), inclusive."""
    months, current = [], month_start(first)
    while current <= last:
        months.append(current)
        current = add_months(current, 1)
    return months


# --- feeding the engine ------------------------------------------------------------------

# Numeric sums come back as text: the engine turns them into Decimals exactly, on both
# databases, and text crosses to a scoring worker process far cheaper than Decimals.
_SQL = {
    "postgresql": {
        "month": "date_trunc('month', r.received_date::timestamp)::date",
        "delay": "(r.received_date - r.promised_date)",
        "text": "({})::text",
    },
    "sqlite": {
        "month": "strftime('%%Y-%%m-01', r.received_date)",
        "delay": "CAST(julianday(r.received_date) - julianday(r.promised_date) AS INTEGER)",
        "text": "CAST({} AS TEXT)",
    },
}

RECEIPT_SUMS_SQL = """
SELECT r.supplier_id,
       {month} AS period,
       COUNT(*),
       SUM(CASE WHEN r.received_date <= r.promised_date AND r.received_qty >= r.ordered_qty
                THEN 1 ELSE 0 END),
       {received},
       {defective},
       {rejected},
       SUM({delay}),
       SUM({delay} * {delay}),
       SUM(CASE WHEN COALESCE(r.agreed_unit_price, r.contract_unit_price) IS NOT NULL
                THEN 1 ELSE 0 END),
       {paid},
       {agreed}
FROM suppliers_receipt r
WHERE r.received_date >= %s AND r.received_date < %s{suppliers}
GROUP BY r.supplier_id, {month}
"""


def receipt_sums_sql(vendor: str, *, as_text: bool = True, supplier_ids=None) -> str:
    """The one grouped pass: per supplier and month, the raw sums every receipt KPI needs
    (``as_text=False``: the sums as numbers, the benchmark's bare GROUP BY); with
    ``supplier_ids``, one placeholder per supplier (at least one) after the two dates."""
    fragments = _SQL["postgresql" if vendor == "postgresql" else "sqlite"]
    text = fragments["text"].format if as_text else "{}".format
    suppliers = ""
    if supplier_ids is not None:
        placeholders = ", ".join(["%s"] * max(len(supplier_ids), 1))
        suppliers = f" AND r.supplier_id IN ({placeholders})"
    return RECEIPT_SUMS_SQL.format(
        suppliers=suppliers,
        month=fragments["month"],
        delay=fragments["delay"],
        received=text("SUM(r.received_qty)"),
        defective=text("SUM(r.defective_qty)"),
        rejected=text("SUM(r.rejected_qty)"),
        paid=text(
            "SUM(CASE WHEN COALESCE(r.agreed_unit_price, r.contract_unit_price) IS NOT NULL "
            "THEN r.received_qty * r.unit_price END)"
        ),
        agreed=text("SUM(r.received_qty * COALESCE(r.agreed_unit_price, r.contract_unit_price))"),
    )


def _period(value) -> date:
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def receipt_sums_by_supplier(period_from: date, period_to: date, *, supplier_ids=None):
    """Yield ``(supplier_id, rows)`` for receipts received from ``period_from`` to the end
    of ``period_to``'s month; each row is ``(month, lines, on_time_in_full, received,
    defective, rejected, delay, delay², priced_lines, paid, agreed)`` as the database
    returns it (see ``scoring.receipt_sums``).

    One grouped pass over all suppliers and months (never a query per supplier), read
    through a server-side cursor in supplier order, so memory holds one supplier at a time
    however many receipts there are. ``supplier_ids`` (a targeted run) reads only those.
    """
    sql = receipt_sums_sql(connection.vendor, supplier_ids=supplier_ids)
    sql += " ORDER BY r.supplier_id, period"
    params = [period_from, add_months(period_to, 1)]
    if supplier_ids is not None:
        params += list(supplier_ids) or [None]
    current, rows = None, []
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(5000):
            for supplier_id, period, *sums in chunk:
                if supplier_id != current:
                    if current is not None:
                        yield current, rows
                    current, rows = supplier_id, []
                rows.append((_period(period), *sums))
    if current is not None:
        yield current, rows


def receipt_month_range() -> tuple[date, date] | None:
    """First and last month that have receipts."""
    from django.db.models import Max, Min

    bounds = Receipt.objects.aggregate(first=Min("received_date"), last=Max("received_date"))
    if bounds["first"] is None:
        return None
    return month_start(bounds["first"]), month_start(bounds["last"])


def kpi_definitions() -> list[scoring.KpiDef]:
    return [
        scoring.KpiDef(k.code, k.formula, k.direction, k.target, k.floor, k.weight, k.unit)
        for k in KpiDefinition.objects.filter(is_active=True)
    ]


def scoring_policy() -> scoring.Policy:
    policy = ScoringPolicy.objects.filter(pk=1).first() or ScoringPolicy()
    return scoring.Policy(a_min=policy.a_min, b_min=policy.b_min, c_min=policy.c_min)


# --- reads for pages and the API -----------------------------------------------------------


def scorecard_list(*, user) -> QuerySet[Scorecard]:
    return restrict(Scorecard.objects.select_related("supplier"), user)


def latest_period(*, user=None) -> date | None:
    qs = (
        Scorecard.objects.filter(score__isnull=False)
        if user is None
        else scorecard_list(user=user).filter(score__isnull=False)
    )
    return qs.order_by("-period").values_list("period", flat=True).first()


def stored_version(scorecards: QuerySet[Scorecard], **more) -> tuple:
    """What identifies a set of stored scorecards, in one aggregate query: their number,
    the sums of their ids and scores, their count per standing and their last write
    (every recompute run and every save moves it). A page that shows only stored
    results keeps what it read under this key (``more``: further aggregates, e.g. the
    suppliers' last write when their names are shown), so a recompute, a correction or
    a change of reach is seen at once."""
    version = scorecards.order_by().aggregate(
        n=Count("pk"),
        ids=Sum("pk"),
        scores=Sum("score"),
        written=Max("updated_at"),
        **{f"standing_{s}": Count("pk", filter=Q(standing=s)) for s in ("A", "B", "C", "D")},
        **more,
    )
    return tuple(sorted(version.items()))


def portfolio(*, user, period: date) -> QuerySet[Scorecard]:
    """Every supplier's scorecard for one month with last month's score and standing
    beside it (two subqueries, constant query count)."""
    previous = Scorecard.objects.filter(
        supplier=OuterRef("supplier"), period=add_months(period, -1)
    )
    return (
        scorecard_list(user=user)
        .filter(period=period)
        .select_related("supplier")
        .prefetch_related("supplier__categories")
        .annotate(
            previous_score=Subquery(previous.values("score")[:1]),
            previous_standing=Subquery(previous.values("standing")[:1]),
        )
    )


def previous_scores(*, user, scorecards) -> dict:
    """Each card's previous-month score by card id (absent: no previous card the user may
    see), in one query whatever the number of cards and months."""
    wanted = {(c.supplier_id, add_months(c.period, -1)): c.pk for c in scorecards}
    if not wanted:
        return {}
    found = scorecard_list(user=user).filter(
        supplier_id__in={s for s, _ in wanted}, period__in={p for _, p in wanted}
    )
    return {
        wanted[(supplier_id, period)]: score
        for supplier_id, period, score in found.values_list("supplier_id", "period", "score")
        if (supplier_id, period) in wanted
    }


def supplier_scorecards(*, user, supplier, months: int = 24) -> list[Scorecard]:
    return list(scorecard_list(user=user).filter(supplier=supplier).order_by("-period")[:months])[
        ::-1
    ]


def current_standings(supplier_ids=None) -> dict[int, tuple[date, str | None, Decimal | None]]:
    """Each supplier's latest scored month: (period, standing, score) (of ``supplier_ids``
    only, when given). Two light queries."""
    from django.db.models import Max

    scored = Scorecard.objects.filter(score__isnull=False)
    if supplier_ids is not None:
        scored = scored.filter(supplier_id__in=supplier_ids)
    latest = dict(
        scored.values("supplier_id").annotate(last=Max("period")).values_list("supplier_id", "last")
    )
    found = {}
    for supplier_id, period, standing, score in scored.filter(
        period__in=set(latest.values())
    ).values_list("supplier_id", "period", "standing", "score"):
        if latest.get(supplier_id) == period:
            found[supplier_id] = (period, standing, score)
    return found


def recompute_run_list(*, user) -> QuerySet[RecomputeRun]:
    return restrict(RecomputeRun.objects.all(), user)


def corrective_action_list(*, user) -> QuerySet[CorrectiveAction]:
    return restrict(CorrectiveAction.objects.select_related("supplier", "owner"), user)
