"""Steering groups, governance meetings and action items (SPEC §4)."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from srm.core.models import GovernedModel
from srm.core.tracks import Track
from srm.core.validators import DATE_RANGE, DATETIME_RANGE


class SteeringGroup(GovernedModel):
    track = Track.MANAGEMENT

    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="steering_groups", blank=True
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Meeting(GovernedModel):
    """A governance meeting of a steering group: its agenda (built from the data,
    frozen when the meeting is held), minutes, decisions taken and action items."""

    track = Track.MANAGEMENT
    # What may change on a planned meeting (API and service alike); the group is fixed,
    # the status moves by holding or cancelling it.
    EDITABLE_FIELDS = ("kind", "title", "scheduled_for", "minutes")

    class Kind(models.TextChoices):
        MONTHLY = "monthly", "Monthly governance meeting"
        STORM = "storm", "Storm review"
        TIER_REVIEW = "tier_review", "Quarterly tier review"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    group = models.ForeignKey(SteeringGroup, on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.MONTHLY)
    title = models.CharField(max_length=200)
    scheduled_for = models.DateTimeField(db_index=True, validators=DATETIME_RANGE)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PLANNED, db_index=True
    )
    minutes = models.TextField(blank=True)
    agenda = models.JSONField(
        default=list, blank=True, help_text="The agenda as it stood when the meeting was held."
    )
    held_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-scheduled_for"]
        permissions = [("review_meeting", "Open the monthly steering review")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:meeting_detail", args=[self.pk])


class ActionItem(GovernedModel):
    """Something someone must do by a date: from a meeting, a decision or a dispute."""

    track = Track.MANAGEMENT
    supplier_path = "supplier"
    # What may change on an action item (API and service alike); where it came from
    # (meeting, decision, dispute) is fixed.
    EDITABLE_FIELDS = ("title", "description", "owner", "due_date", "status", "supplier")

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Cancelled"

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_items",
    )
    due_date = models.DateField(db_index=True, validators=DATE_RANGE)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    supplier = models.ForeignKey(
        "suppliers.Supplier",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="action_items",
    )
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="action_items"
    )
    decision_request = models.ForeignKey(
        "governance.DecisionRequest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_items",
    )
    dispute = models.ForeignKey(
        "governance.Dispute",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_items",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    overdue_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["owner", "status"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:action_detail", args=[self.pk])

    def is_overdue(self, today) -> bool:
        return self.status in self.OPEN_STATUSES and self.due_date < today
