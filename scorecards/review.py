"""The scorecards' part of the monthly steering review and the meeting agenda.

Sections are computed from the stored scorecards only (the numbers of the nightly
run), so the review page, its PDF and ``/api/reviews/`` show what the portfolio
page and ``/api/scorecards/`` show.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import date
from decimal import Decimal
from statistics import median
from typing import NamedTuple

from django.db.models import Max
from django.urls import reverse

from srm.core.permissions import can
from srm.core.review import (
    AgendaItem,
    ReviewSection,
    register_agenda_source,
    register_review_section,
)
from suppliers.selectors import supplier_owners

from . import selectors
from .models import CorrectiveAction, KpiDefinition, Scorecard

STANDINGS = ("A", "B", "C", "D")
RANK = {"A": 4, "B": 3, "C": 2, "D": 1}
MOVERS = 10
NONE = (None, None)


class MonthRow(NamedTuple):
    """One supplier's stored scorecard of the month, as the review reads it."""

    supplier_id: int
    code: str
    name: str
    score: Decimal | None
    standing: str | None
    kpis: dict
    previous_score: Decimal | None
    previous_standing: str | None


# The month rows the review read, by what they were read from (see ``_month_rows``): a
# few entries per worker process, the most recent last.
_MONTHS: OrderedDict[tuple, list[MonthRow]] = OrderedDict()
_MONTHS_ENTRIES = 8


def _month_rows(user, period: date) -> list[MonthRow]:
    """The month's stored scorecards the user may see, with last month's score and
    standing beside each: plain values whatever the number of suppliers (no model
    instances, no categories, no correlated subquery per row).

    The three scorecard sections of a review (and every later review of the month) read
    them once: they are kept per worker process under ``selectors.stored_version`` of
    this month's and last month's cards of the suppliers in reach (and the suppliers'
    last write, for their names; a card unpublished is a card written), so a recompute,
    a correction or a change of reach shows at once."""
    cards = selectors.scorecard_list(user=user).filter(period=period).order_by()
    previous = selectors.add_months(period, -1)
    both = Scorecard.objects.filter(
        period__in=[previous, period], supplier_id__in=cards.values("supplier_id")
    )
    key = (period, selectors.stored_version(both, named=Max("supplier__updated_at")))
    rows = _MONTHS.get(key)
    if rows is not None:
        _MONTHS.move_to_end(key)
        return rows
    before = {
        supplier_id: (score, standing)
        for supplier_id, score, standing in Scorecard.objects.filter(
            period=previous, supplier_id__in=cards.values("supplier_id")
        )
        .order_by()
        .values_list("supplier_id", "score", "standing")
    }
    rows = [
        MonthRow(
            supplier_id, code, name, score, standing, kpis, *before.get(supplier_id, (None, None))
        )
        for supplier_id, code, name, score, standing, kpis in cards.values_list(
            "supplier_id", "supplier__code", "supplier__name", "score", "standing", "kpis"
        )
    ]
    _MONTHS[key] = rows
    while len(_MONTHS) > _MONTHS_ENTRIES:
        _MONTHS.popitem(last=False)
    return rows


def portfolio_kpis(user, period: date) -> dict | None:
    """Per KPI across the portfolio: median value, target, and how many suppliers meet it."""
    if not can(user, "view", Scorecard):
        return None
    cards = _month_rows(user, period)
    rows = []
    for kpi in KpiDefinition.objects.filter(is_active=True):
        values = [c.kpis[kpi.code]["value"] for c in cards if kpi.code in c.kpis]
        if not values:
            continue
        target = float(kpi.target)
        meeting = sum(
            1 for v in values if (v >= target if kpi.direction == "higher" else v <= target)
        )
        rows.append(
            {
                "code": kpi.code,
                "name": kpi.name,
                "unit": kpi.unit,
                "direction": kpi.direction,
                "median": round(median(values), 2),
                "target": target,
                "suppliers": len(values),
                "meeting_target": meeting,
                "meeting_pct": round(100 * meeting / len(values), 1),
                "weight": float(kpi.weight),
            }
        )
    return {
        "period": f"{period:%Y-%m}",
        "suppliers_scored": sum(c.score is not None for c in cards),
        "kpis": rows,
    }


def standings(user, period: date) -> dict | None:
    """The standings distribution this month and last, and how many moved up or down."""
    if not can(user, "view", Scorecard):
        return None
    cards = _month_rows(user, period)
    now = dict.fromkeys(STANDINGS, 0)
    before = dict.fromkeys(STANDINGS, 0)
    up = down = same = 0
    for card in cards:
        if card.standing:
            now[card.standing] += 1
        if card.previous_standing:
            before[card.previous_standing] += 1
        if card.standing and card.previous_standing:
            delta = RANK[card.standing] - RANK[card.previous_standing]
            up, down, same = up + (delta > 0), down + (delta < 0), same + (delta == 0)
    scored = sum(now.values())
    peak = max([*now.values(), *before.values(), 1])
    bars = [
        {
            "standing": s,
            "now": now[s],
            "before": before[s],
            "now_pct": round(100 * now[s] / peak, 1),
            "before_pct": round(100 * before[s] / peak, 1),
        }
        for s in STANDINGS
    ]
    return {
        "period": f"{period:%Y-%m}",
        "scored": scored,
        "distribution": now,
        "previous_distribution": before,
        "moved_up": up,
        "moved_down": down,
        "same": same,
        "bars": bars,
    }


def movers(user, period: date) -> dict | None:
    """The largest score drops against last month (and the largest gains)."""
    if not can(user, "view", Scorecard):
        return None
    moved = []
    for card in _month_rows(user, period):
        if card.score is None or card.previous_score is None:
            continue
        moved.append(
            {
                "supplier": card.code,
                "name": card.name,
                "score": float(card.score),
                "previous": float(card.previous_score),
                "movement": round(float(card.score - card.previous_score), 1),
                "standing": card.standing,
                "previous_standing": card.previous_standing,
            }
        )
    moved.sort(key=lambda m: (m["movement"], m["supplier"]))
    worst = [m for m in moved if m["movement"] < 0][:MOVERS]
    best = [m for m in reversed(moved) if m["movement"] > 0][:MOVERS]
    return {"period": f"{period:%Y-%m}", "worst": worst, "best": best}


def _answering_owners(supplier_ids: set[int]) -> dict[int, str]:
    """Who answers for a fallen standing: the owner of the supplier's open corrective
    action (the one a D opens), else the supplier's relationship or category manager."""
    owners = supplier_owners(supplier_ids)
    actions = (
        CorrectiveAction.objects.filter(supplier_id__in=supplier_ids, owner__isnull=False)
        .exclude(status=CorrectiveAction.Status.CLOSED)
        .order_by("supplier_id", "due_date", "pk")
        .values_list("supplier_id", "owner__first_name", "owner__last_name", "owner__username")
    )
    taken = set()
    for supplier_id, first, last, username in actions:
        if supplier_id not in taken:
            taken.add(supplier_id)
            owners[supplier_id] = f"{first} {last}".strip() or username
    return owners


def standings_that_fell(user, on: date) -> list[AgendaItem]:
    """Agenda: suppliers whose standing fell in the latest scored month."""
    if not can(user, "view", Scorecard):
        return []
    period = selectors.latest_period(user=user)
    if period is None or period > on:
        return []
    fell = [
        card
        for card in _month_rows(user, period)
        if card.standing
        and card.previous_standing
        and RANK[card.standing] < RANK[card.previous_standing]
    ]
    fell.sort(key=lambda card: (card.name, card.code))
    owners = _answering_owners({card.supplier_id for card in fell})
    items = []
    for card in fell:
        items.append(
            AgendaItem(
                kind="standing_fell",
                title=f"{card.name}: standing "
                f"{card.previous_standing} → {card.standing} "
                f"({period:%Y-%m})",
                link=reverse("scorecards:supplier_scorecard", args=[card.code]),
                supplier_code=card.code,
                severity="danger" if card.standing == "D" else "warning",
                owner=owners.get(card.supplier_id, ""),
            )
        )
    return items


register_review_section(
    ReviewSection(
        "scorecard_kpis",
        "Portfolio KPIs against targets",
        "scorecards/review/kpis.html",
        portfolio_kpis,
        order=10,
    )
)
register_review_section(
    ReviewSection(
        "scorecard_standings",
        "Standings and movement",
        "scorecards/review/standings.html",
        standings,
        order=20,
    )
)
register_review_section(
    ReviewSection(
        "scorecard_movers", "Worst movers", "scorecards/review/movers.html", movers, order=30
    )
)
register_agenda_source("standings_that_fell", standings_that_fell)
