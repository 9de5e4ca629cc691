"""KPI definitions, the scoring policy, monthly scorecards, recompute runs and
corrective actions (SPEC §5, §7)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from srm.core.fields import JSONDocumentField
from srm.core.models import GovernedModel
from srm.core.tracks import Track
from srm.core.validators import DATE_RANGE


class KpiCode(models.TextChoices):
    """The KPI codes outside tools rely on; each is also the name of its formula."""

    OTIF = "otif", "On time in full"
    DEFECT_RATE = "defect_rate", "Defect rate"
    REJECTION_RATE = "rejection_rate", "Rejection rate"
    LEAD_TIME_VAR = "lead_time_var", "Lead-time variability"
    COST_VARIANCE = "cost_variance", "Cost variance"
    RESPONSE_HOURS = "response_hours", "Response time to requests"
    IMPROVEMENTS = "improvements", "Supplier-led improvements"


class Direction(models.TextChoices):
    HIGHER_IS_BETTER = "higher", "Higher is better"
    LOWER_IS_BETTER = "lower", "Lower is better"


class Cadence(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    TRAILING_12_MONTHS = "trailing_12m", "Trailing 12 months"


class KpiDefinition(GovernedModel):
    """A KPI as data: its formula, target, floor (score 0), weight, direction, track, cadence.

    A weight of 0 means the KPI is reported but not part of the supplier score.
    """

    track = Track.MANAGEMENT

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120)
    formula = models.CharField(max_length=40, choices=KpiCode.choices)
    unit = models.CharField(max_length=20)
    direction = models.CharField(max_length=10, choices=Direction.choices)
    target = models.DecimalField(max_digits=12, decimal_places=3)
    floor = models.DecimalField(max_digits=12, decimal_places=3)
    weight = models.DecimalField(
        max_digits=6, decimal_places=2, validators=[MinValueValidator(0)], default=0
    )
    kpi_track = models.CharField(
        "track", max_length=20, choices=Track.choices, default=Track.MANAGEMENT
    )
    cadence = models.CharField(max_length=20, choices=Cadence.choices, default=Cadence.MONTHLY)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(target=models.F("floor")), name="kpi_target_not_floor"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ScoringPolicy(GovernedModel):
    """The standing thresholds (SPEC §5: A ≥ 85, B ≥ 70, C ≥ 50, else D). One row."""

    track = Track.MANAGEMENT

    a_min = models.DecimalField(
        max_digits=5,
        decimal_places=1,
        default=85,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    b_min = models.DecimalField(
        max_digits=5,
        decimal_places=1,
        default=70,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    c_min = models.DecimalField(
        max_digits=5,
        decimal_places=1,
        default=50,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name_plural = "scoring policies"
        constraints = [
            models.CheckConstraint(
                condition=Q(a_min__gt=models.F("b_min"), b_min__gt=models.F("c_min")),
                name="standing_thresholds_descend",
            )
        ]

    def __str__(self) -> str:
        return f"A ≥ {self.a_min}, B ≥ {self.b_min}, C ≥ {self.c_min}"


class Standing(models.TextChoices):
    A = "A", "A"
    B = "B", "B"
    C = "C", "C"
    D = "D", "D"


class RecomputeRun(models.Model):
    """One run of the nightly recompute: what it covered, how it went, what it wrote.

    ``running`` is True only while the run is in progress and NULL afterwards; the
    unique constraint makes a second concurrent run impossible on any database (on
    PostgreSQL an advisory lock guards as well)."""

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    track = Track.MANAGEMENT
    supplier_path = None

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RUNNING)
    running = models.BooleanField(null=True, default=True, unique=True)
    scope = models.CharField(max_length=20, help_text="nightly, full or since")
    period_from = models.DateField()
    period_to = models.DateField()
    triggered_by = models.CharField(max_length=150, default="system")
    counts = models.JSONField(default=dict, blank=True)
    timings = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]
        # The last run over all suppliers, read on every supplier page (``fresh``), among
        # the many short targeted runs new data starts.
        indexes = [models.Index(fields=["finished_at"], name="recompute_run_finished")]

    def __str__(self) -> str:
        return f"{self.scope} run {self.started_at:%Y-%m-%d %H:%M} ({self.status})"

    @property
    def seconds(self) -> float | None:
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()


class RecomputeTarget(models.Model):
    """A supplier-month whose data changed since its scores were computed (an import, a
    receipt pushed, a price applied): ``run`` is NULL while it waits for a targeted
    recompute, then names the run that covered it (a targeted run, or a full run that
    started after the request). One row per supplier-month: a new request sets it
    waiting again."""

    track = Track.MANAGEMENT
    supplier_path = "supplier"

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    period = models.DateField()
    requested_at = models.DateTimeField()
    run = models.ForeignKey(
        RecomputeRun, on_delete=models.CASCADE, null=True, blank=True, related_name="targets"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["supplier", "period"], name="one_target_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.supplier_id} {self.period:%Y-%m}"


class Scorecard(GovernedModel):
    """A supplier's scorecard for one calendar month, computed once by the recompute
    and stored, so the page, the API, the export and the PDF show the same number.

    ``kpis`` maps each KPI code to ``{"value", "score", "target", "floor", "weight",
    "n", "unit", "direction"}``; a KPI without data that month is absent."""

    # Both tracks: a supplier collaborator sees its own published scorecards (and never
    # an unpublished one) when the supplier's sharing policy publishes the data set.
    track = Track.SHARED
    supplier_path = "supplier"
    sharing_dataset = "scorecard"
    sharing_filter = {"published": True}

    # No index of its own: the unique (supplier, period) constraint's index leads with
    # the supplier and serves every lookup by supplier (one index less to maintain for
    # each of the 100,000s of rows a full recompute writes).
    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="scorecards", db_index=False
    )
    period = models.DateField(help_text="First day of the month.")
    score = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    standing = models.CharField(max_length=1, choices=Standing.choices, null=True, blank=True)
    trend_score = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    kpis = JSONDocumentField(default=dict)
    # Digest of the month's inputs and the scoring settings: the recompute skips a month
    # whose digest did not change (see scoring.inputs_fingerprint).
    inputs_fingerprint = models.CharField(max_length=32, blank=True, editable=False)
    published = models.BooleanField(
        default=True, help_text="Visible to the supplier when its sharing policy allows."
    )
    # The run that last wrote the row: provenance, never a lookup path. Runs are never
    # deleted by the application (Django's SET_NULL still applies if one is), so the
    # reference carries no database constraint or index: checking one per row at commit
    # cost a full recompute 0.4 s of its 120,000 rows, the index another 0.2 s.
    run = models.ForeignKey(
        RecomputeRun,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )

    class Meta:
        ordering = ["-period", "supplier__name"]
        constraints = [
            models.UniqueConstraint(fields=["supplier", "period"], name="one_scorecard_per_month")
        ]
        indexes = [models.Index(fields=["period", "standing"])]

    def __str__(self) -> str:
        return f"{self.supplier.code} {self.period:%Y-%m}"

    def get_absolute_url(self) -> str:
        return reverse("scorecards:explain", args=[self.pk])

    @property
    def period_label(self) -> str:
        return f"{self.period:%Y-%m}"


class CorrectiveAction(GovernedModel):
    """A corrective action plan (SPEC §7): opened by standing D or a quality incident."""

    # Both tracks: the supplier answers it on the collaboration side when its sharing
    # policy publishes corrective actions.
    track = Track.SHARED
    supplier_path = "supplier"
    sharing_dataset = "corrective_actions"
    # What a person edits on a corrective action (form, API and service alike); the
    # supplier, source and scorecard are set when it is opened.
    EDITABLE_FIELDS = (
        "title",
        "owner",
        "root_cause",
        "actions",
        "due_date",
        "status",
        "verification",
    )

    class Source(models.TextChoices):
        STANDING_D = "standing_d", "Standing D"
        QUALITY_INCIDENT = "quality_incident", "Quality incident"
        MANUAL = "manual", "Raised by hand"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        VERIFICATION = "verification", "Awaiting verification"
        CLOSED = "closed", "Closed"

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="corrective_actions"
    )
    source = models.CharField(max_length=20, choices=Source.choices)
    scorecard = models.ForeignKey(
        Scorecard,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="corrective_actions",
    )
    title = models.CharField(max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="corrective_actions",
    )
    root_cause = models.TextField(blank=True)
    actions = models.TextField(blank=True, help_text="The planned actions, one per line.")
    due_date = models.DateField(validators=DATE_RANGE)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    verification = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["status", "due_date"]

    def __str__(self) -> str:
        return self.title
