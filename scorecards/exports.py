"""The scorecard export: one table for the portfolio page and ``/api/scorecards/?format=``."""

from srm.core.exports import Table

from .models import KpiCode

BASE_COLUMNS = [
    "supplier",
    "supplier_name",
    "region",
    "period",
    "score",
    "standing",
    "trend_score",
    "previous_score",
    "movement",
]


def scorecard_table(scorecards, *, title: str = "scorecards") -> Table:
    """Rows of (possibly annotated with ``previous_score``) scorecards, KPI values beside."""
    codes = [c.value for c in KpiCode]
    columns = BASE_COLUMNS + [
        f"{code}_{part}" for code in codes for part in ("value", "score", "n")
    ]
    rows = []
    for card in scorecards:
        previous = getattr(card, "previous_score", None)
        movement = (
            (card.score - previous) if card.score is not None and previous is not None else None
        )
        row = [
            card.supplier.code,
            card.supplier.name,
            card.supplier.region,
            card.period_label,
            card.score,
            card.standing,
            card.trend_score,
            previous,
            movement,
        ]
        for code in codes:
            kpi = card.kpis.get(code) or {}
            row += [kpi.get("value"), kpi.get("score"), kpi.get("n")]
        rows.append(row)
    return Table(columns, rows, title=title)
