"""Factories of the collaboration track."""

from datetime import date
from decimal import Decimal

import factory

from collaboration.models import (
    Forecast,
    ForecastLine,
    Idea,
    Pilot,
    PilotTask,
    RoadmapItem,
    SharingPolicy,
)

from .suppliers import ItemFactory, SupplierFactory


class SharingPolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SharingPolicy

    supplier = factory.SubFactory(SupplierFactory)
    forecasts = True
    scorecard = True
    corrective_actions = True
    requests = True


class PilotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pilot
        skip_postgeneration_save = True

    supplier = factory.SubFactory(SupplierFactory)
    title = factory.Sequence(lambda n: f"Pilot {n}")
    goal = "Halve the changeover time."
    budget = Decimal("25000")
    start_date = date(2026, 3, 2)

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.members.set(extracted)


class PilotTaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PilotTask

    pilot = factory.SubFactory(PilotFactory)
    title = factory.Sequence(lambda n: f"Task {n}")


class IdeaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Idea

    supplier = factory.SubFactory(SupplierFactory)
    title = factory.Sequence(lambda n: f"Idea {n}")
    description = "Ship in returnable crates."
    estimated_value = Decimal("12000")
    submitted_on = date(2026, 1, 10)


class RoadmapItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoadmapItem

    supplier = factory.SubFactory(SupplierFactory)
    title = factory.Sequence(lambda n: f"Roadmap item {n}")
    target_quarter = "2026-Q3"


class ForecastFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forecast

    supplier = factory.SubFactory(SupplierFactory)
    title = factory.Sequence(lambda n: f"Forecast {n}")
    status = Forecast.Status.SHARED


class ForecastLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ForecastLine

    forecast = factory.SubFactory(ForecastFactory)
    item = factory.SubFactory(ItemFactory)
    month = date(2026, 6, 1)
    quantity = Decimal("1000")
