"""Rows of the risk domain for tests."""

from datetime import date
from decimal import Decimal

import factory

from risk.models import (
    ContinuityExercise,
    ContinuityPlan,
    RiskDimension,
    RiskDimensionValue,
    RiskScore,
)

from .suppliers import ItemFactory, SupplierFactory


def dimension(code: str) -> RiskDimension:
    return RiskDimension.objects.get(code=code)


class RiskValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RiskDimensionValue

    supplier = factory.SubFactory(SupplierFactory)
    dimension = factory.LazyFunction(lambda: dimension("cyber"))
    value = 3
    observed_on = date(2026, 1, 10)
    source = "manual"
    evidence = "Questionnaire answered."


class RiskScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RiskScore

    supplier = factory.SubFactory(SupplierFactory)
    as_of = date(2026, 1, 31)
    composite = Decimal("55.0")
    level = "high"
    dimensions = factory.LazyFunction(lambda: {"cyber": 4, "performance": 3})
    segment = "bottleneck"
    review_due_on = date(2030, 1, 1)
    last_reviewed_on = date(2026, 1, 1)


class ContinuityPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContinuityPlan

    item = factory.SubFactory(ItemFactory, is_critical=True)
    supplier = factory.SubFactory(SupplierFactory)
    rto_hours = 48


class ContinuityExerciseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContinuityExercise

    plan = factory.SubFactory(ContinuityPlanFactory)
    held_on = date(2026, 1, 10)
    findings = "Worked."
