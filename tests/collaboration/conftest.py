from datetime import date

import pytest

from scorecards.models import CorrectiveAction, Scorecard


@pytest.fixture
def mine(scoped_suppliers):
    """The supplier a collaborator works for (inside the category manager's grant)."""
    return scoped_suppliers[0]


@pytest.fixture
def other(scoped_suppliers):
    return scoped_suppliers[1]


@pytest.fixture
def collaborator(make_user, mine):
    return make_user("supplier_collaborator", supplier=mine, username="sam")


@pytest.fixture
def make_scorecard(db):
    def make(supplier, period=date(2026, 4, 1), published=True, score="72.5", standing="B"):
        return Scorecard.objects.create(
            supplier=supplier,
            period=period,
            score=score,
            standing=standing,
            published=published,
            kpis={
                "otif": {
                    "value": 91.0,
                    "score": 73.3,
                    "target": 95.0,
                    "floor": 80.0,
                    "weight": 30.0,
                    "n": 12,
                    "unit": "%",
                    "direction": "higher",
                }
            },
        )

    return make


@pytest.fixture
def make_corrective_action(db):
    def make(supplier, title="Late deliveries", status="open"):
        return CorrectiveAction.objects.create(
            supplier=supplier,
            source=CorrectiveAction.Source.STANDING_D,
            title=title,
            due_date=date(2026, 7, 1),
            status=status,
        )

    return make
