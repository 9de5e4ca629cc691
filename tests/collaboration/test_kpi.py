"""The improvements KPI source (SPEC §5): ideas accepted in the trailing 12 months."""

from datetime import date

import pytest

from collaboration.selectors import improvements_by_month, improvements_explained
from scorecards.sources import SOURCES
from tests.factories import IdeaFactory

pytestmark = pytest.mark.django_db


def accepted(supplier, on, submitted=date(2024, 1, 5)):
    return IdeaFactory(supplier=supplier, status="accepted", accepted_on=on, submitted_on=submitted)


def test_the_source_is_registered():
    assert SOURCES["improvements"] is improvements_by_month


def test_trailing_twelve_months_counted_by_hand(mine, other):
    # Accepted 2025-03-31, 2025-04-01, 2025-06-15, 2026-03-01; one implemented (still counts),
    # one declined and one still under review (never count).
    accepted(mine, date(2025, 3, 31))
    accepted(mine, date(2025, 4, 1))
    IdeaFactory(
        supplier=mine,
        status="implemented",
        accepted_on=date(2025, 6, 15),
        submitted_on=date(2025, 5, 1),
    )
    accepted(mine, date(2026, 3, 1))
    IdeaFactory(supplier=mine, status="declined", submitted_on=date(2025, 5, 1))
    IdeaFactory(supplier=mine, status="under_review", submitted_on=date(2025, 5, 1))
    values = improvements_by_month(date(2025, 3, 1), date(2026, 4, 30))
    by_month = {month: n for (supplier_id, month), n in values.items() if supplier_id == mine.pk}
    # March 2025: window April 2024 .. March 2025 -> the 2025-03-31 idea only.
    assert by_month[date(2025, 3, 1)] == 1
    assert by_month[date(2025, 4, 1)] == 2
    assert by_month[date(2025, 6, 1)] == 3
    # February 2026: window March 2025 .. February 2026 -> all three of 2025.
    assert by_month[date(2026, 2, 1)] == 3
    # March 2026: window April 2025 .. March 2026 -> 2025-03-31 drops out, 2026-03-01 comes in.
    assert by_month[date(2026, 3, 1)] == 3
    # April 2026: window May 2025 .. April 2026 -> 2025-04-01 drops out.
    assert by_month[date(2026, 4, 1)] == 2
    assert len(by_month) == 14  # every month of the range
    assert not any(supplier_id == other.pk for supplier_id, _ in values)


def test_no_data_before_the_supplier_takes_part(mine):
    """A supplier that has not submitted any idea yet has no value, not 0."""
    IdeaFactory(supplier=mine, submitted_on=date(2025, 9, 10))
    values = improvements_by_month(date(2025, 7, 1), date(2025, 10, 1))
    assert values == {(mine.pk, date(2025, 9, 1)): 0, (mine.pk, date(2025, 10, 1)): 0}


def test_one_query_for_any_range(mine, other, django_assert_num_queries):
    for supplier in (mine, other):
        for month in range(1, 13):
            accepted(supplier, date(2025, month, 10))
    with django_assert_num_queries(1):
        values = improvements_by_month(date(2024, 1, 1), date(2026, 12, 1))
    assert values[(mine.pk, date(2025, 12, 1))] == 12
    assert values[(other.pk, date(2026, 6, 1))] == 6


def test_the_ideas_behind_a_value(mine):
    first = accepted(mine, date(2025, 4, 1))
    accepted(mine, date(2024, 4, 1))  # outside the window
    rows = improvements_explained(mine.pk, date(2026, 3, 1))
    assert [r["id"] for r in rows] == [first.pk]
    assert rows[0]["accepted_on"] == "2025-04-01" and rows[0]["link"].endswith(f"/{first.pk}/")


def test_the_nightly_recompute_reports_the_improvements(mine):
    """End to end through the lead's engine: accepted ideas show up on the scorecard."""
    from scorecards.models import Scorecard
    from scorecards.recompute import scorecards_recompute

    from ..factories import ReceiptFactory

    for day in (date(2026, 3, 10), date(2026, 4, 8)):
        ReceiptFactory(supplier=mine, order_date=day, promised_date=day, received_date=day)
    accepted(mine, date(2025, 6, 1))
    accepted(mine, date(2026, 4, 2))
    scorecards_recompute(scope="since", since=date(2026, 3, 1), today=date(2026, 4, 30))
    values = {
        sc.period: sc.kpis["improvements"]["value"]
        for sc in Scorecard.objects.filter(supplier=mine)
    }
    assert values == {date(2026, 3, 1): 1, date(2026, 4, 1): 2}
