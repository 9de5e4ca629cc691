"""The collaboration track (SPEC §2): innovation pilots run as 4-week sprints,
supplier-led improvement ideas, shared roadmap items, joint demand forecasts, the
data-sharing policy per supplier, and the supplier's side of corrective actions and
score appeals (SPEC §7).

A supplier collaborator reaches these rows for its own supplier only; the rows of a
model that names a ``sharing_dataset`` only when the supplier's ``SharingPolicy``
publishes that data set (``srm.core.permissions``).
"""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django_fsm import FSMField, transition

from srm.core.models import GovernedModel
from srm.core.tracks import Track

# An innovation pilot is one sprint of four weeks.
SPRINT_DAYS = 28


class SharingDataset(models.TextChoices):
    """The data sets a supplier's sharing policy may publish to its collaborators.

    Each is a boolean field of ``SharingPolicy`` with the same name; a model opts in
    to the policy with the class attribute ``sharing_dataset = "<name>"``.
    """

    FORECASTS = "forecasts", "Joint demand forecasts"
    SCORECARD = "scorecard", "Its own published scorecard summary"
    CORRECTIVE_ACTIONS = "corrective_actions", "Corrective actions"
    REQUESTS = "requests", "Requests to the supplier"


class SharingPolicy(GovernedModel):
    """Which data sets a supplier's collaborators see. No policy: nothing is shared."""

    track = Track.COLLABORATION
    supplier_path = "supplier"

    supplier = models.OneToOneField(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="sharing_policy"
    )
    forecasts = models.BooleanField("joint demand forecasts", default=False)
    scorecard = models.BooleanField("own published scorecard summary", default=False)
    corrective_actions = models.BooleanField("corrective actions", default=False)
    requests = models.BooleanField("requests to the supplier", default=False)
    note = models.TextField(blank=True, help_text="Why the policy is what it is (internal).")

    class Meta:
        ordering = ["supplier__name"]
        verbose_name_plural = "sharing policies"

    def __str__(self) -> str:
        return f"Sharing policy of {self.supplier.code}"

    @property
    def datasets(self) -> list[str]:
        """The names of the data sets this policy publishes."""
        return [d.value for d in SharingDataset if getattr(self, d.value)]


class Pilot(GovernedModel):
    """An innovation pilot: one 4-week sprint with a goal, a budget and members from
    both sides (people of the buyer and collaborators of the supplier)."""

    track = Track.COLLABORATION
    supplier_path = "supplier"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        RUNNING = "running", "Running"
        COMPLETED = "completed", "Completed"
        CANCELLED = "cancelled", "Cancelled"

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.PROTECT, related_name="pilots"
    )
    title = models.CharField(max_length=200)
    goal = models.TextField()
    budget = models.DecimalField(
        max_digits=14, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    currency = models.CharField(max_length=3, default="EUR")
    start_date = models.DateField(
        validators=[MinValueValidator(date(2000, 1, 1)), MaxValueValidator(date(2100, 12, 31))]
    )
    status = FSMField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    outcome = models.TextField(blank=True, help_text="What the sprint showed; required to close.")
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="pilots", blank=True)

    class Meta:
        ordering = ["-start_date", "title"]
        indexes = [models.Index(fields=["supplier", "status"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("collaboration:pilot_detail", args=[self.pk])

    @property
    def end_date(self) -> date:
        """Last day of the sprint."""
        return self.start_date + timedelta(days=SPRINT_DAYS - 1)

    @transition(field=status, source=Status.PLANNED, target=Status.RUNNING)
    def start(self):
        pass

    @transition(field=status, source=Status.RUNNING, target=Status.COMPLETED)
    def complete(self):
        pass

    @transition(field=status, source=[Status.PLANNED, Status.RUNNING], target=Status.CANCELLED)
    def cancel(self):
        pass


PILOT_TRANSITIONS = {
    Pilot.Status.RUNNING: "start",
    Pilot.Status.COMPLETED: "complete",
    Pilot.Status.CANCELLED: "cancel",
}


class PilotTask(GovernedModel):
    """A task on a pilot's board; either side may hold it."""

    track = Track.COLLABORATION
    supplier_path = "pilot__supplier"

    class Status(models.TextChoices):
        TODO = "todo", "To do"
        DOING = "doing", "Doing"
        DONE = "done", "Done"

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(max_length=200)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pilot_tasks",
    )
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.TODO)

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.title


class Idea(GovernedModel):
    """A supplier-led improvement idea: submitted → under review → accepted → implemented,
    or declined. Ideas accepted in the trailing 12 months feed the ``improvements`` KPI."""

    track = Track.COLLABORATION
    supplier_path = "supplier"

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        UNDER_REVIEW = "under_review", "Under review"
        ACCEPTED = "accepted", "Accepted"
        IMPLEMENTED = "implemented", "Implemented"
        DECLINED = "declined", "Declined"

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.PROTECT, related_name="ideas"
    )
    title = models.CharField(max_length=200)
    description = models.TextField()
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposed_ideas",
    )
    estimated_value = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
        help_text="Expected yearly saving or gain.",
    )
    realised_value = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Measured yearly saving or gain, once implemented.",
    )
    currency = models.CharField(max_length=3, default="EUR")
    status = FSMField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    submitted_on = models.DateField(default=timezone.localdate)
    accepted_on = models.DateField(null=True, blank=True, db_index=True)
    implemented_on = models.DateField(null=True, blank=True)
    review_note = models.TextField(blank=True, help_text="Feedback to the supplier.")

    class Meta:
        ordering = ["-submitted_on", "-pk"]
        permissions = [("review_idea", "Review, accept, decline and close improvement ideas")]
        indexes = [models.Index(fields=["supplier", "accepted_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["accepted", "implemented"], accepted_on__isnull=False)
                | (~Q(status__in=["accepted", "implemented"]) & Q(accepted_on__isnull=True)),
                name="idea_accepted_on_iff_accepted",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("collaboration:idea_detail", args=[self.pk])

    @transition(field=status, source=Status.SUBMITTED, target=Status.UNDER_REVIEW)
    def start_review(self):
        pass

    @transition(field=status, source=Status.UNDER_REVIEW, target=Status.ACCEPTED)
    def accept(self, on: date):
        self.accepted_on = on

    @transition(field=status, source=Status.ACCEPTED, target=Status.IMPLEMENTED)
    def implement(self, on: date):
        self.implemented_on = on

    @transition(
        field=status, source=[Status.SUBMITTED, Status.UNDER_REVIEW], target=Status.DECLINED
    )
    def decline(self):
        pass


IDEA_TRANSITIONS = {
    Idea.Status.UNDER_REVIEW: "start_review",
    Idea.Status.ACCEPTED: "accept",
    Idea.Status.IMPLEMENTED: "implement",
    Idea.Status.DECLINED: "decline",
}

QUARTER_VALIDATOR = RegexValidator(r"^\d{4}-Q[1-4]$", "Write the quarter as YYYY-Qn, e.g. 2026-Q3.")


class RoadmapItem(GovernedModel):
    """An item of the roadmap shared with a supplier: what either side plans, and when."""

    track = Track.COLLABORATION
    supplier_path = "supplier"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    class LedBy(models.TextChoices):
        BUYER = "buyer", "Us"
        SUPPLIER = "supplier", "The supplier"
        JOINT = "joint", "Joint"

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.PROTECT, related_name="roadmap_items"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    target_quarter = models.CharField(max_length=7, validators=[QUARTER_VALIDATOR])
    led_by = models.CharField(max_length=10, choices=LedBy.choices, default=LedBy.JOINT)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)

    class Meta:
        ordering = ["target_quarter", "title"]

    def __str__(self) -> str:
        return f"{self.target_quarter} {self.title}"

    def get_edit_url(self) -> str:
        return reverse("collaboration:roadmap_update", args=[self.pk])


class Forecast(GovernedModel):
    """A joint demand forecast shared with a supplier: monthly quantities per item.

    Drafted by the buyer, then shared; the supplier acknowledges it by committing the
    capacity or flagging a shortfall (a committed quantity below the forecast)."""

    track = Track.COLLABORATION
    supplier_path = "supplier"
    sharing_dataset = SharingDataset.FORECASTS.value

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SHARED = "shared", "Shared, awaiting the supplier"
        COMMITTED = "committed", "Capacity committed"
        SHORTFALL = "shortfall", "Shortfall flagged"

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.PROTECT, related_name="forecasts"
    )
    title = models.CharField(max_length=200)
    status = FSMField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    shared_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    response_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("acknowledge_forecast", "Acknowledge a forecast: commit capacity or flag a shortfall")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("collaboration:forecast_detail", args=[self.pk])

    @transition(field=status, source=Status.DRAFT, target=Status.SHARED)
    def share(self):
        pass

    @transition(field=status, source=Status.SHARED, target=Status.COMMITTED)
    def commit(self):
        pass

    @transition(field=status, source=Status.SHARED, target=Status.SHORTFALL)
    def flag_shortfall(self):
        pass


class ForecastLine(GovernedModel):
    """The forecast quantity of one item in one month, and the capacity the supplier committed."""

    track = Track.COLLABORATION
    supplier_path = "forecast__supplier"
    sharing_dataset = SharingDataset.FORECASTS.value

    forecast = models.ForeignKey(Forecast, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey("suppliers.Item", on_delete=models.PROTECT, related_name="+")
    month = models.DateField(
        help_text="First day of the month.",
        validators=[MinValueValidator(date(2000, 1, 1)), MaxValueValidator(date(2100, 12, 1))],
    )
    quantity = models.DecimalField(
        max_digits=14, decimal_places=3, validators=[MinValueValidator(0)]
    )
    committed_quantity = models.DecimalField(
        max_digits=14,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )

    class Meta:
        ordering = ["month", "item__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["forecast", "item", "month"], name="one_forecast_line_per_item_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_id} {self.month:%Y-%m}: {self.quantity}"

    def clean(self) -> None:
        super().clean()
        if self.month and self.month.day != 1:
            raise ValidationError({"month": "Give the first day of the month."})

    @property
    def shortfall(self):
        """How much of the forecast the supplier cannot cover (None before it answers)."""
        if self.committed_quantity is None:
            return None
        return max(self.quantity - self.committed_quantity, 0)


class CorrectiveActionResponse(GovernedModel):
    """The supplier's answer to a corrective action plan, on the collaboration side."""

    track = Track.COLLABORATION
    supplier_path = "corrective_action__supplier"
    sharing_dataset = SharingDataset.CORRECTIVE_ACTIONS.value

    corrective_action = models.ForeignKey(
        "scorecards.CorrectiveAction", on_delete=models.CASCADE, related_name="supplier_responses"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(help_text="What the supplier does about it.")
    root_cause = models.TextField(blank=True, help_text="The root cause as the supplier sees it.")
    planned_completion = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Response to {self.corrective_action_id}"


class ScoreAppeal(GovernedModel):
    """A supplier collaborator contesting a published monthly score (SPEC §7).

    Opening one opens a dispute on governance's escalation ladder; the appeal keeps
    the supplier's side (what was contested, why, by whom)."""

    track = Track.COLLABORATION
    supplier_path = "supplier"
    sharing_dataset = SharingDataset.SCORECARD.value

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.PROTECT, related_name="score_appeals"
    )
    scorecard = models.ForeignKey(
        "scorecards.Scorecard", on_delete=models.CASCADE, related_name="appeals"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField()
    # A real dependency on governance: the appeal opens a dispute on its escalation ladder.
    dispute = models.ForeignKey(
        "governance.Dispute",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The dispute opened on the escalation ladder.",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["scorecard"], name="one_appeal_per_scorecard")
        ]

    def __str__(self) -> str:
        return f"Appeal of {self.scorecard_id}"
