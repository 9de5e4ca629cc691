"""What-if (SPEC §7): change KPI weights, targets or standing thresholds and preview the
standings of the last 12 months for all suppliers in reach, before saving.

KPI values do not depend on targets, floors or weights, so the preview rescores the
stored values with the engine; nothing is written."""

from __future__ import annotations

from collections import Counter, OrderedDict

from django.db.models.fields.json import KT

from suppliers.models import Supplier

from . import scoring, selectors

RECEIPT_KPIS = {"otif", "defect_rate", "rejection_rate", "lead_time_var", "cost_variance"}
STANDINGS = ("A", "B", "C", "D")


# The stored rows a preview rescores, by what they were read from (see ``_stored_rows``):
# a few entries per worker process, the most recent last.
_STORED: OrderedDict[tuple, list[tuple]] = OrderedDict()
_STORED_ENTRIES = 4


def _stored_rows(*, user, first, last, codes: tuple[str, ...]) -> list[tuple]:
    """The stored scorecards of the months ``first``..``last`` the user may see, as
    ``(supplier_id, period, score, standing, scored, values)`` with ``values`` the KPI
    values in the order of ``codes``, read out of the KPI documents by the database.

    The what-if answers every keystroke from the same stored values: they are kept per
    worker process under ``selectors.stored_version`` of the rows in reach (one
    aggregate query each time); users who see the same rows share the entry."""
    visible = (
        selectors.scorecard_list(user=user).filter(period__gte=first, period__lte=last).order_by()
    )
    key = (first, last, codes, selectors.stored_version(visible))
    rows = _STORED.get(key)
    if rows is not None:
        _STORED.move_to_end(key)
        return rows
    stored = {f"kpi_{i}": KT(f"kpis__{code}__value") for i, code in enumerate(codes)}
    receipt = [i for i, code in enumerate(codes) if code in RECEIPT_KPIS]
    rows = [
        (
            supplier_id,
            period,
            score,
            standing,
            any(values[i] is not None for i in receipt),
            tuple(values),
        )
        for supplier_id, period, score, standing, *values in visible.annotate(**stored).values_list(
            "supplier_id", "period", "score", "standing", *stored
        )
    ]
    _STORED[key] = rows
    while len(_STORED) > _STORED_ENTRIES:
        _STORED.popitem(last=False)
    return rows


def whatif_preview(
    *, user, definitions: list[scoring.KpiDef], policy: scoring.Policy, months: int = 12
) -> dict:
    last = selectors.latest_period(user=user)
    if last is None:
        return {"months": [], "changes": [], "suppliers": 0}
    first = selectors.add_months(last, -(months - 1))
    codes = tuple(sorted({kpi.code for kpi in definitions} | RECEIPT_KPIS))
    rows = _stored_rows(user=user, first=first, last=last, codes=codes)
    rescored = scoring.rescore_stored(
        codes, ((scored, values) for *_, scored, values in rows), definitions, policy
    )
    now_by_month: dict = {}
    new_by_month: dict = {}
    latest: dict[int, tuple] = {}
    moved_by_month: Counter = Counter()
    for (supplier_id, period, score, standing, *_), (new_score, new_standing) in zip(
        rows, rescored, strict=True
    ):
        now_by_month.setdefault(period, Counter())[standing] += 1
        new_by_month.setdefault(period, Counter())[new_standing] += 1
        # The suppliers whose standing changes, one by one: the same count as the list
        # (a net count per standing hides moves that cancel out, A→B and B→A).
        moved_by_month[period] += standing != new_standing
        if period == last:
            latest[supplier_id] = (score, standing, new_score, new_standing)
    moved = [s for s, (_, standing, _, new) in latest.items() if standing != new]
    names = {
        pk: (code, name)
        for pk, code, name in Supplier.objects.filter(pk__in=moved)
        .order_by()
        .values_list("pk", "code", "name")
    }
    months_out = []
    for period in selectors.months_between(first, last):
        now, new = now_by_month.get(period, Counter()), new_by_month.get(period, Counter())
        months_out.append(
            {
                "period": f"{period:%Y-%m}",
                "now": {s: now[s] for s in STANDINGS},
                "preview": {s: new[s] for s in STANDINGS},
                "changed": moved_by_month[period],
            }
        )
    changes = sorted(
        (
            {
                "supplier": names[supplier_id][0],
                "name": names[supplier_id][1],
                "score": float(old) if old is not None else None,
                "standing": standing,
                "new_score": float(new) if new is not None else None,
                "new_standing": new_standing,
            }
            for supplier_id, (old, standing, new, new_standing) in latest.items()
            if standing != new_standing
        ),
        key=lambda c: (c["new_standing"] or "Z", c["supplier"]),
    )
    return {
        "period": f"{last:%Y-%m}",
        "months": months_out,
        "changes": changes,
        "suppliers": len(latest),
    }
