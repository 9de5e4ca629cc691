"""Disputes and their escalation ladder (SPEC §3): each rung has a role and a time limit;
an unanswered rung escalates by itself."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from srm.core.models import GovernedModel
from srm.core.tracks import Track


class Dispute(GovernedModel):
    """A dispute with a supplier, e.g. a contested monthly score (SPEC §7)."""

    track = Track.MANAGEMENT
    supplier_path = "supplier"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.PROTECT, related_name="disputes"
    )
    subject = models.CharField(max_length=200)
    description = models.TextField()
    scorecard = models.ForeignKey(
        "scorecards.Scorecard",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="disputes",
        help_text="The contested monthly score, for a score appeal.",
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="disputes_raised",
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    level = models.PositiveSmallIntegerField(default=1, help_text="The rung of the ladder.")
    step_role = models.ForeignKey(
        "accounts.Role", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    step_started_at = models.DateTimeField(null=True, blank=True)
    step_due_at = models.DateTimeField(
        null=True, blank=True, db_index=True, help_text="Empty: until the next meeting."
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="disputes_assigned",
    )
    meeting = models.ForeignKey(
        "governance.Meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="disputes",
        help_text="The governance meeting the steering step is due at.",
    )
    resolution = models.TextField(blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        permissions = [("resolve_dispute", "Record the resolution of disputes")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("governance:dispute_detail", args=[self.pk])

    def is_overdue(self, now) -> bool:
        return (
            self.status == self.Status.OPEN
            and self.step_due_at is not None
            and self.step_due_at <= now
        )


class DisputeStep(GovernedModel):
    """One rung a dispute stood on: who had it, from when, until when, and how it ended."""

    track = Track.MANAGEMENT
    supplier_path = "dispute__supplier"

    class Outcome(models.TextChoices):
        PENDING = "", "Pending"
        ESCALATED = "escalated", "Escalated"
        RESOLVED = "resolved", "Resolved"

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="steps")
    level = models.PositiveSmallIntegerField()
    role = models.ForeignKey("accounts.Role", on_delete=models.PROTECT, related_name="+")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField()
    due_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)

    class Meta:
        ordering = ["dispute", "level"]
        constraints = [
            models.UniqueConstraint(fields=["dispute", "level"], name="one_step_per_level")
        ]

    def __str__(self) -> str:
        return f"dispute {self.dispute_id} step {self.level}"
