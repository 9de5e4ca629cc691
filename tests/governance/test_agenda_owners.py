"""Owners on the scorecards and risk agenda items (issue 11 point 5): a fallen standing is
answered by the owner of the supplier's open corrective action, else by its relationship
owner, else by a category manager of its categories; a risk item by the relationship
owner or the category manager."""

from datetime import date
from decimal import Decimal

import pytest

from risk.review import agenda_reviews_overdue, agenda_risks_high
from scorecards.models import CorrectiveAction, Scorecard
from scorecards.review import standings_that_fell

from ..factories import RiskScoreFactory, SupplierFactory

pytestmark = pytest.mark.django_db


def _fell(supplier):
    for period, standing in ((date(2026, 1, 1), "B"), (date(2026, 2, 1), "C")):
        Scorecard.objects.create(
            supplier=supplier, period=period, score=Decimal("60"), standing=standing, kpis={}
        )


def test_standing_items_name_who_answers(people, category_pair):
    with_action = SupplierFactory(categories=[category_pair[0]], relationship_owner=people["ops"])
    owned = SupplierFactory(categories=[category_pair[0]], relationship_owner=people["ops"])
    managed = SupplierFactory(categories=[category_pair[1]])
    nobody = SupplierFactory(categories=[])
    for supplier in (with_action, owned, managed, nobody):
        _fell(supplier)
    CorrectiveAction.objects.create(
        supplier=with_action,
        source="manual",
        title="Fix it",
        due_date=date(2026, 5, 1),
        owner=people["contracts"],
    )
    CorrectiveAction.objects.create(  # a closed one answers for nothing
        supplier=owned,
        source="manual",
        title="Done",
        due_date=date(2026, 4, 1),
        owner=people["finance"],
        status="closed",
    )
    items = {
        i.supplier_code: i.owner for i in standings_that_fell(people["sponsor"], date(2026, 3, 1))
    }
    assert items == {
        with_action.code: "contracts",
        owned.code: "Priya",
        managed.code: "othercat",
        nobody.code: "",
    }


def test_risk_items_name_the_relationship_or_category_manager(people, category_pair):
    owned = SupplierFactory(categories=[category_pair[0]], relationship_owner=people["ops"])
    managed = SupplierFactory(categories=[category_pair[0]])
    RiskScoreFactory(supplier=owned, composite=Decimal("70"))
    RiskScoreFactory(supplier=managed, composite=Decimal("60"), review_due_on=date(2026, 1, 1))
    items = {
        i.supplier_code: i.owner for i in agenda_risks_high(people["sponsor"], date(2026, 3, 1))
    }
    # Two category managers manage the category: the first by name answers.
    assert items == {owned.code: "Priya", managed.code: "catman"}
    overdue = agenda_reviews_overdue(people["sponsor"], date(2026, 3, 1))
    assert [(i.supplier_code, i.owner) for i in overdue] == [(managed.code, "catman")]
