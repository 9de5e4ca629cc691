"""The scorecard export: one table for the portfolio page and ``/api/scorecards/?format=``."""

from srm.core.exports import Table

from . import selectors
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


def scorecard_table(scorecards, *, user, title: str = "scorecards") -> Table:
    """Rows of scorecards with the previous month's score and the movement, KPI values
    beside: the one builder of the page's and the API's exports, so the same headers
    carry the same values. Cards annotated with ``previous_score`` (the portfolio page)
    keep it; for the others it is looked up, as far as ``user`` may see, in one query."""
    codes = [c.value for c in KpiCode]
    columns = BASE_COLUMNS + [
        f"{code}_{part}" for code in codes for part in ("value", "score", "n")
    ]
    scorecards = list(scorecards)
    looked_up = selectors.previous_scores(
        user=user, scorecards=[c for c in scorecards if not hasattr(c, "previous_score")]
    )
    rows = []
    for card in scorecards:
        if hasattr(card, "previous_score"):
            previous = card.previous_score
        else:
            previous = looked_up.get(card.pk)
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
