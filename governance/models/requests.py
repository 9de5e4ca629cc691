"""Supplier requests (SPEC §1): a question to a supplier with an owner and a due time.
The hours to the first answer feed the ``response_hours`` KPI (SPEC §5)."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from srm.core.models import GovernedModel
from srm.core.tracks import Track
from srm.core.validators import DATETIME_RANGE


class SupplierRequest(GovernedModel):
    """A request sent to a supplier. Both tracks work on it; what the supplier itself
    sees is further limited by its sharing policy (data set ``requests``)."""

    track = Track.SHARED
    supplier_path = "supplier"
    sharing_dataset = "requests"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ANSWERED = "answered", "Answered"

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.PROTECT, related_name="requests"
    )
    subject = models.CharField(max_length=200)
    body = models.TextField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="supplier_requests_owned",
        help_text="The internal person who follows the request up.",
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(db_index=True)
    due_at = models.DateTimeField(validators=DATETIME_RANGE)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    first_answered_at = models.DateTimeField(null=True, blank=True)
    overdue_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at"]
        permissions = [("answer_supplierrequest", "Answer supplier requests")]
        indexes = [models.Index(fields=["status", "due_at"])]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("governance:request_detail", args=[self.pk])

    def is_overdue(self, now) -> bool:
        return self.status == self.Status.OPEN and self.due_at < now

    @property
    def response_hours(self):
        if self.first_answered_at is None:
            return None
        return (self.first_answered_at - self.sent_at).total_seconds() / 3600


class SupplierRequestAnswer(GovernedModel):
    """An answer to a request, by the supplier or by the owner on its behalf."""

    track = Track.SHARED
    supplier_path = "request__supplier"
    sharing_dataset = "requests"

    request = models.ForeignKey(SupplierRequest, on_delete=models.CASCADE, related_name="answers")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()
    answered_at = models.DateTimeField()
    on_behalf_of_supplier = models.BooleanField(
        default=False, help_text="Recorded by an internal user for the supplier."
    )

    class Meta:
        ordering = ["answered_at", "pk"]

    def __str__(self) -> str:
        return f"answer to {self.request_id}"
