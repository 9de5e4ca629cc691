"""The scorecard export: one table for the portfolio page and ``/api/scorecards/?format=``."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from srm.core.exports import Column, Table, attribute, build_table

from . import selectors
from .models import KpiCode, Scorecard

KPI_PARTS = (
    ("value", _("value"), "decimal"),
    ("score", _("score"), "decimal"),
    ("n", _("records"), "integer"),
)


def _kpi(code: str, part: str):
    return lambda row: (row.card.kpis.get(code) or {}).get(part)


def scorecard_columns() -> list[Column]:
    """The columns of a scorecard export, each with the path its value is read from."""
    card = lambda path: lambda row: attribute(path)(row.card)  # noqa: E731
    columns = [
        Column("supplier", _("Supplier code"), card("supplier__code"), "supplier__code"),
        Column("supplier_name", _("Supplier"), card("supplier__name"), "supplier__name"),
        Column("region", _("Region"), card("supplier__region"), "supplier__region"),
        Column("period", _("Period"), lambda row: row.card.period_label, "period"),
        Column("score", _("Score"), card("score"), "score", "decimal"),
        Column("standing", _("Standing"), card("standing"), "standing"),
        Column("trend_score", _("Trend (12 m)"), card("trend_score"), "trend_score", "decimal"),
        Column("previous_score", _("Last month"), lambda row: row.previous, "score", "decimal"),
        Column("movement", _("Movement"), lambda row: row.movement, "score", "decimal"),
    ]
    for code, label in KpiCode.choices:
        for part, part_label, kind in KPI_PARTS:
            header = format_lazy("{} – {}", label, part_label)
            columns.append(Column(f"{code}_{part}", header, _kpi(code, part), "kpis", kind))
    return columns


class _Row:
    __slots__ = ("card", "movement", "previous")

    def __init__(self, card, previous):
        self.card, self.previous = card, previous
        score = card.score
        self.movement = score - previous if score is not None and previous is not None else None


def scorecard_table(scorecards, *, user, title: str = "scorecards", headers: str = "keys") -> Table:
    """Rows of scorecards (in the order given) with the previous month's score and the
    movement, KPI values beside: the one builder of the page's and the API's exports, so
    the same columns carry the same values (the page under human headers, the API under
    the keys). Cards annotated with ``previous_score`` (the portfolio page) keep it; for
    the others it is looked up, as far as ``user`` may see, in one query."""
    scorecards = list(scorecards)
    looked_up = selectors.previous_scores(
        user=user, scorecards=[c for c in scorecards if not hasattr(c, "previous_score")]
    )
    rows = [
        _Row(c, c.previous_score if hasattr(c, "previous_score") else looked_up.get(c.pk))
        for c in scorecards
    ]
    return build_table(
        rows, scorecard_columns(), user=user, model=Scorecard, title=title, headers=headers
    )
