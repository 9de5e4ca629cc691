from django.conf import settings
from django.db import models

from .tracks import Track


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class GovernedModel(TimeStampedModel):
    """Base of every governed record.

    ``track`` says which track the model belongs to and ``supplier_path`` the
    lookup from the model to its supplier (``None``: not bound to a supplier).
    The permission choke point reads both; nothing else should.
    """

    track: str = Track.MANAGEMENT
    supplier_path: str | None = None

    class Meta:
        abstract = True


class Notification(TimeStampedModel):
    """An in-app notification; email goes out through Django's email backend too."""

    track = Track.SHARED
    supplier_path = None

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=300, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.subject
