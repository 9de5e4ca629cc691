"""The risk demo seeder: deterministic, covers every page, and the recompute scores it."""

import hashlib
import io
from datetime import date

import pytest
from django.core.management import call_command
from django.db import transaction

from risk.models import (
    ComplianceCheck,
    ContinuityExercise,
    ContinuityPlan,
    CountryRisk,
    ForecastAccuracyRecord,
    Incident,
    RiskAssessment,
    RiskDimensionValue,
    RiskScore,
    RiskScoreHistory,
    TrainingRecord,
)
from srm.audit.services import audit_chain_verify
from suppliers.models import SupplierEvent

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 21)


def fingerprint() -> str:
    values = RiskDimensionValue.objects.order_by(
        "supplier__code", "dimension__code", "observed_on", "source"
    ).values_list("supplier__code", "dimension__code", "value", "observed_on", "evidence")
    plans = ContinuityPlan.objects.order_by("item__code").values_list(
        "item__code", "supplier__code", "rto_hours"
    )
    incidents = Incident.objects.order_by("supplier__code", "occurred_on").values_list(
        "supplier__code", "occurred_on", "kind", "severity"
    )
    forecasts = ForecastAccuracyRecord.objects.order_by(
        "supplier__code", "item__code", "period"
    ).values_list("forecast_qty", "actual_qty")
    rows = [*values, *plans, *incidents, *forecasts]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def seed(**options) -> str:
    with transaction.atomic():
        call_command("seed_demo", today=TODAY, stdout=io.StringIO(), **options)
        digest = fingerprint()
        transaction.set_rollback(True)
    return digest


def test_same_arguments_same_risk_data():
    assert seed(suppliers=12, months=3, seed=3) == seed(suppliers=12, months=3, seed=3)


def test_shape_and_scores():
    call_command("seed_demo", today=TODAY, suppliers=40, months=24, stdout=io.StringIO())
    assert RiskAssessment.objects.count() > 20
    assert RiskDimensionValue.objects.filter(source="credit_rating").exists()
    assert CountryRisk.objects.count() >= 2
    assert ContinuityPlan.objects.exists() and ContinuityExercise.objects.exists()
    assert TrainingRecord.objects.exists() and ComplianceCheck.objects.exists()
    assert Incident.objects.exists()
    periods = set(ForecastAccuracyRecord.objects.values_list("period", flat=True))
    assert len(periods) == 24
    # Scored as of the demo's day, with month-end history behind it.
    assert set(RiskScore.objects.values_list("as_of", flat=True)) == {TODAY}
    month_ends = set(RiskScoreHistory.objects.values_list("as_of", flat=True))
    assert date(2026, 6, 30) in month_ends and date(2026, 10, 31) in month_ends
    assert SupplierEvent.objects.filter(kind="risk_level", occurred_at__date__lt=TODAY).exists()
    levels = set(RiskScore.objects.values_list("level", flat=True))
    assert len(levels - {None}) >= 2
    segments = set(RiskScore.objects.values_list("segment", flat=True))
    assert {"strategic", "leverage"} & segments and {"non_critical", "bottleneck"} & segments
    assert audit_chain_verify().ok
