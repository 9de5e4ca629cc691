"""Risk dimensions and assessments, composite scores and Kraljic segments, continuity
plans and exercises, and the records behind the regional view (SPEC §6, §7, §8).

Every model here is management track: collaboration members and supplier
collaborators never see risk."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from srm.core.models import GovernedModel
from srm.core.tracks import Track
from srm.core.validators import DATE_RANGE, DAYS_RANGE, HOURS_RANGE

from . import engine


class DimensionCode(models.TextChoices):
    """The default dimensions (SPEC §6); the imports and derivations look them up by code."""

    FINANCIAL_HEALTH = "financial_health", "Financial health"
    PRODUCTION_CAPACITY = "production_capacity", "Production capacity"
    ENVIRONMENTAL = "environmental_exposure", "Environmental exposure"
    CYBER = "cyber", "Cyber"
    REGULATORY = "regulatory_geopolitical", "Regulatory and geopolitical"
    SINGLE_SOURCE = "single_source", "Single-source dependency"
    PERFORMANCE = "performance", "Performance"


class RiskLevel(models.TextChoices):
    LOW = engine.LOW, "Low"
    MEDIUM = engine.MEDIUM, "Medium"
    HIGH = engine.HIGH, "High"
    CRITICAL = engine.CRITICAL, "Critical"


class Segment(models.TextChoices):
    STRATEGIC = engine.STRATEGIC, "Strategic"
    LEVERAGE = engine.LEVERAGE, "Leverage"
    BOTTLENECK = engine.BOTTLENECK, "Bottleneck"
    NON_CRITICAL = engine.NON_CRITICAL, "Non-critical"


class RiskDimension(GovernedModel):
    """A risk dimension as data: code, name, weight in the composite, how it gets its value."""

    class Method(models.TextChoices):
        ASSESSED = "assessed", "Assessed (manual entry or import)"
        SINGLE_SOURCE = "single_source", "Derived: share of categories where it is the only source"
        PERFORMANCE = "performance", "Derived: latest scorecard standing"

    track = Track.MANAGEMENT
    supplier_path = None

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120)
    weight = models.DecimalField(
        max_digits=6, decimal_places=2, default=Decimal(1), validators=[MinValueValidator(0)]
    )
    method = models.CharField(max_length=20, choices=Method.choices, default=Method.ASSESSED)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class RiskAssessment(GovernedModel):
    """A manual risk assessment of one supplier on one day: who rated which dimensions.
    Its date is what the review cadence counts from."""

    supplier_path = "supplier"

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="risk_assessments"
    )
    assessed_on = models.DateField(db_index=True, validators=DATE_RANGE)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["-assessed_on", "-id"]
        indexes = [models.Index(fields=["supplier", "assessed_on"])]

    def __str__(self) -> str:
        return f"Risk assessment {self.supplier_id} {self.assessed_on}"


class RiskDimensionValue(GovernedModel):
    """The value (1 low … 5 high) of one dimension for one supplier on a day, with the
    evidence behind it: from a manual assessment or a credit-rating import. All rows are
    kept: the newest on or before a day is the value of that day."""

    class Source(models.TextChoices):
        MANUAL = "manual", "Manual assessment"
        CREDIT_RATING = "credit_rating", "Credit rating import"

    supplier_path = "supplier"

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="risk_values"
    )
    dimension = models.ForeignKey(RiskDimension, on_delete=models.PROTECT, related_name="values")
    value = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    observed_on = models.DateField(validators=DATE_RANGE)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.MANUAL)
    evidence = models.TextField()
    rating = models.CharField(max_length=10, blank=True, help_text="The credit rating as given.")
    assessment = models.ForeignKey(
        RiskAssessment, null=True, blank=True, on_delete=models.CASCADE, related_name="values"
    )
    import_batch = models.ForeignKey(
        "suppliers.ImportBatch", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-observed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=1, value__lte=5), name="risk_value_1_to_5"
            ),
            models.UniqueConstraint(
                fields=["supplier", "dimension", "observed_on"],
                condition=Q(source="credit_rating"),
                name="one_credit_rating_per_supplier_and_day",
            ),
        ]
        indexes = [models.Index(fields=["supplier", "dimension", "observed_on"])]

    def __str__(self) -> str:
        return f"{self.dimension_id}={self.value} on {self.observed_on}"


class CountryRisk(GovernedModel):
    """A country risk index (1 low … 5 high) from a date on; the regulatory and
    geopolitical dimension of every supplier in that country follows it."""

    supplier_path = None

    country = CountryField()
    as_of = models.DateField(validators=DATE_RANGE)
    index = models.DecimalField(
        max_digits=3,
        decimal_places=1,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    import_batch = models.ForeignKey(
        "suppliers.ImportBatch", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["country", "-as_of"]
        verbose_name_plural = "country risk indices"
        constraints = [
            models.UniqueConstraint(fields=["country", "as_of"], name="one_country_index_per_day"),
            models.CheckConstraint(
                condition=Q(index__gte=1, index__lte=5), name="country_index_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country.code} {self.index} from {self.as_of}"


class RiskScore(GovernedModel):
    """A supplier's current risk: dimension values with their evidence, composite,
    level, Kraljic segment and review due date. Computed by the nightly recompute (and
    right after a manual assessment) and stored, so every page and the API agree."""

    supplier_path = "supplier"

    supplier = models.OneToOneField(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="risk_score"
    )
    as_of = models.DateField(validators=DATE_RANGE)
    composite = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    level = models.CharField(max_length=10, choices=RiskLevel.choices, null=True, blank=True)
    # code -> value (number 1-5); a dimension without a value is absent.
    dimensions = models.JSONField(default=dict, blank=True)
    # code -> {"source", "date", "text"}: where each value came from.
    evidence = models.JSONField(default=dict, blank=True)
    spend_12m = models.DecimalField(max_digits=18, decimal_places=2, default=Decimal(0))
    spend_share = models.DecimalField(
        max_digits=8, decimal_places=4, default=Decimal(0), help_text="% of trailing-12m spend"
    )
    high_profit_impact = models.BooleanField(default=False)
    segment = models.CharField(max_length=15, choices=Segment.choices, null=True, blank=True)
    last_reviewed_on = models.DateField(null=True, blank=True, validators=DATE_RANGE)
    review_due_on = models.DateField(null=True, blank=True, db_index=True, validators=DATE_RANGE)
    run = models.ForeignKey(
        "scorecards.RecomputeRun",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-composite", "supplier__name"]
        indexes = [
            models.Index(fields=["level"]),
            models.Index(fields=["segment"]),
            models.Index(fields=["composite"]),
        ]

    def __str__(self) -> str:
        return f"Risk {self.supplier_id}: {self.composite} {self.level}"

    def get_absolute_url(self) -> str:
        return reverse("risk:supplier_risk", args=[self.supplier.code])


class RiskScoreHistory(GovernedModel):
    """A supplier's risk as it was: one row each time the composite, level, segment or
    a dimension value changed."""

    supplier_path = "supplier"

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="risk_history"
    )
    as_of = models.DateField(validators=DATE_RANGE)
    composite = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    level = models.CharField(max_length=10, choices=RiskLevel.choices, null=True, blank=True)
    segment = models.CharField(max_length=15, choices=Segment.choices, null=True, blank=True)
    dimensions = models.JSONField(default=dict, blank=True)
    run = models.ForeignKey(
        "scorecards.RecomputeRun",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-as_of", "-id"]
        verbose_name_plural = "risk score history"
        indexes = [models.Index(fields=["supplier", "as_of"])]

    def __str__(self) -> str:
        return f"Risk {self.supplier_id} {self.as_of}: {self.composite} {self.level}"


# --- continuity --------------------------------------------------------------------


class ContinuityPlan(GovernedModel):
    """How supply of one critical item from one supplier is kept up when it fails
    (SPEC §6): recovery time objective, alternates, triggers, playbook, buffer stock."""

    supplier_path = "supplier"
    # What a person edits on a plan (form, API and service alike); the item and its source
    # are set once, the alternate sources are a relation.
    EDITABLE_FIELDS = (
        "contract",
        "rto_hours",
        "trigger_points",
        "playbook_steps",
        "buffer_stock_qty",
        "buffer_stock_days",
        "owner",
    )

    item = models.ForeignKey(
        "suppliers.Item", on_delete=models.PROTECT, related_name="continuity_plans"
    )
    supplier = models.ForeignKey(
        "suppliers.Supplier",
        on_delete=models.CASCADE,
        related_name="continuity_plans",
        help_text="The current source of the item.",
    )
    contract = models.ForeignKey(
        "suppliers.Contract",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="continuity_plans",
        help_text="Whose recovery-time SLA the plan must meet; empty: the supplier's active "
        "contracts.",
    )
    rto_hours = models.PositiveIntegerField(
        "recovery time objective (hours)", validators=HOURS_RANGE
    )
    alternate_sources = models.ManyToManyField(
        "suppliers.Supplier", blank=True, related_name="alternate_for_plans"
    )
    trigger_points = models.TextField(blank=True, help_text="When the plan is invoked.")
    playbook_steps = models.TextField(blank=True, help_text="One step per line.")
    buffer_stock_qty = models.DecimalField(
        max_digits=14, decimal_places=3, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    buffer_stock_days = models.PositiveSmallIntegerField(
        "buffer stock (days of cover)", null=True, blank=True, validators=DAYS_RANGE
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["item__code", "supplier__code"]
        constraints = [
            models.UniqueConstraint(fields=["item", "supplier"], name="one_plan_per_item_source")
        ]

    def __str__(self) -> str:
        return f"Continuity plan {self.item.code} / {self.supplier.code}"

    def get_absolute_url(self) -> str:
        return reverse("risk:plan_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.item_id and not self.item.is_critical:
            errors["item"] = "Continuity plans are kept for critical items only."
        if self.contract_id and self.supplier_id and self.contract.supplier_id != self.supplier_id:
            errors["contract"] = "The contract belongs to another supplier."
        if errors:
            raise ValidationError(errors)

    @property
    def playbook(self) -> list[str]:
        return [line.strip() for line in self.playbook_steps.splitlines() if line.strip()]


class ContinuityExercise(GovernedModel):
    """A tabletop exercise of a continuity plan: when, who, what was found."""

    supplier_path = "plan__supplier"

    plan = models.ForeignKey(ContinuityPlan, on_delete=models.CASCADE, related_name="exercises")
    held_on = models.DateField(validators=DATE_RANGE)
    scenario = models.CharField(max_length=200, blank=True)
    participants = models.CharField(max_length=300, blank=True)
    findings = models.TextField()

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["plan", "held_on"])]

    def __str__(self) -> str:
        return f"Exercise {self.held_on}"


# --- regional view (SPEC §8) -------------------------------------------------------


class TrainingRecord(GovernedModel):
    """Training hours delivered to (or by) a supplier on a day, on a topic."""

    supplier_path = "supplier"

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="training_records"
    )
    trained_on = models.DateField(validators=DATE_RANGE)
    hours = models.DecimalField(max_digits=8, decimal_places=2, validators=[MinValueValidator(0)])
    topic = models.CharField(max_length=200)
    import_batch = models.ForeignKey(
        "suppliers.ImportBatch", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-trained_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "trained_on", "topic"], name="one_training_per_day_topic"
            )
        ]
        indexes = [models.Index(fields=["trained_on", "supplier"])]

    def __str__(self) -> str:
        return f"{self.topic} {self.trained_on}"


class ForecastAccuracyRecord(GovernedModel):
    """Forecast against actual quantity of an item from a supplier for one month: the
    data set of the regional forecast accuracy. (Not the collaboration track's joint
    demand forecasts shared with a supplier.)"""

    supplier_path = "supplier"

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="forecast_accuracy_records"
    )
    item = models.ForeignKey("suppliers.Item", on_delete=models.PROTECT, related_name="+")
    period = models.DateField(help_text="First day of the month.", validators=DATE_RANGE)
    forecast_qty = models.DecimalField(
        max_digits=14, decimal_places=3, validators=[MinValueValidator(0)]
    )
    actual_qty = models.DecimalField(
        max_digits=14,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Empty until the month is over.",
    )
    import_batch = models.ForeignKey(
        "suppliers.ImportBatch", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-period", "supplier_id", "item_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "item", "period"], name="one_forecast_accuracy_per_month"
            )
        ]
        indexes = [models.Index(fields=["period", "supplier"])]

    def __str__(self) -> str:
        return f"Forecast {self.period:%Y-%m}: {self.forecast_qty} / {self.actual_qty}"


class IncidentKind(models.TextChoices):
    QUALITY = "quality", "Quality"
    DELIVERY = "delivery", "Delivery"
    CAPACITY = "capacity", "Capacity"
    LOGISTICS = "logistics", "Logistics"
    CYBER = "cyber", "Cyber"
    NATURAL_HAZARD = "natural_hazard", "Natural hazard"
    GEOPOLITICAL = "geopolitical", "Geopolitical"
    SAFETY = "safety", "Safety"
    ENVIRONMENTAL = "environmental", "Environmental"
    OTHER = "other", "Other"


class Severity(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    CRITICAL = "critical", "Critical"


class Incident(GovernedModel):
    """A disruption incident at a supplier. A quality incident of high or critical
    severity opens a corrective action (SPEC §7)."""

    supplier_path = "supplier"
    # What a person edits on an incident (page and API); the supplier is set once.
    EDITABLE_FIELDS = ("occurred_on", "kind", "severity", "description", "item", "impact")

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="incidents"
    )
    occurred_on = models.DateField(_("date"), validators=DATE_RANGE)
    kind = models.CharField(_("kind"), max_length=20, choices=IncidentKind.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    description = models.CharField(_("description"), max_length=500)
    item = models.ForeignKey(
        "suppliers.Item",
        verbose_name=_("item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incidents",
    )
    receipts = models.ManyToManyField(
        "suppliers.Receipt",
        verbose_name=_("linked receipts"),
        blank=True,
        related_name="incidents",
        help_text=_("The received lines the incident concerns (the supplier's own)."),
    )
    impact = models.TextField(
        _("impact"),
        blank=True,
        max_length=2000,
        help_text=_("What it stopped or cost: lines down, customers affected, money."),
    )
    corrective_action = models.ForeignKey(
        "scorecards.CorrectiveAction",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="incidents",
    )
    import_batch = models.ForeignKey(
        "suppliers.ImportBatch", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-occurred_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "occurred_on", "kind", "description"], name="one_incident"
            )
        ]
        indexes = [models.Index(fields=["occurred_on", "supplier"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} incident {self.occurred_on}"

    def get_absolute_url(self) -> str:
        return reverse("risk:incident_detail", args=[self.pk])

    @property
    def opens_corrective_action(self) -> bool:
        return self.kind == IncidentKind.QUALITY and self.severity in (
            Severity.HIGH,
            Severity.CRITICAL,
        )


class ComplianceCheck(GovernedModel):
    """A compliance check of a supplier against a regulation on a day: passed or not."""

    supplier_path = "supplier"

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="compliance_checks"
    )
    checked_on = models.DateField(validators=DATE_RANGE)
    regulation = models.CharField(max_length=120)
    passed = models.BooleanField()
    import_batch = models.ForeignKey(
        "suppliers.ImportBatch", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-checked_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "checked_on", "regulation"], name="one_check_per_day"
            )
        ]
        indexes = [models.Index(fields=["checked_on", "supplier"])]

    def __str__(self) -> str:
        return f"{self.regulation} {self.checked_on}: {'passed' if self.passed else 'failed'}"
