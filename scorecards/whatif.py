"""What-if (SPEC §7): change KPI weights, targets or standing thresholds and preview the
standings of the last 12 months for all suppliers in reach, before saving.

KPI values do not depend on targets, floors or weights, so the preview rescores the
stored values with the engine; nothing is written."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from . import scoring, selectors

RECEIPT_KPIS = {"otif", "defect_rate", "rejection_rate", "lead_time_var", "cost_variance"}
STANDINGS = ("A", "B", "C", "D")


def whatif_preview(
    *, user, definitions: list[scoring.KpiDef], policy: scoring.Policy, months: int = 12
) -> dict:
    last = selectors.latest_period(user=user)
    if last is None:
        return {"months": [], "changes": [], "suppliers": 0}
    first = selectors.add_months(last, -(months - 1))
    rows = (
        selectors.scorecard_list(user=user)
        .filter(period__gte=first, period__lte=last)
        .values_list("supplier__code", "supplier__name", "period", "score", "standing", "kpis")
    )
    now_by_month: dict = {}
    new_by_month: dict = {}
    latest: dict[str, tuple] = {}
    moved_by_month: Counter = Counter()
    for code, name, period, score, standing, kpis in rows:
        values = {k: (Decimal(str(v["value"])), v["n"]) for k, v in kpis.items()}
        scored = bool(RECEIPT_KPIS & kpis.keys())
        new = scoring.rescore(values, scored, definitions, policy)
        now_by_month.setdefault(period, Counter())[standing] += 1
        new_by_month.setdefault(period, Counter())[new.standing] += 1
        # The suppliers whose standing changes, one by one: the same count as the list
        # (a net count per standing hides moves that cancel out, A→B and B→A).
        moved_by_month[period] += standing != new.standing
        if period == last:
            latest[code] = (name, score, standing, new.score, new.standing)
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
                "supplier": code,
                "name": name,
                "score": float(old) if old is not None else None,
                "standing": standing,
                "new_score": float(new) if new is not None else None,
                "new_standing": new_standing,
            }
            for code, (name, old, standing, new, new_standing) in latest.items()
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
