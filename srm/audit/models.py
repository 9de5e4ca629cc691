from django.conf import settings
from django.db import models

from srm.core.tracks import Track


class AuditEvent(models.Model):
    """One change to governed data. Rows form a chain: each stores the previous
    row's hash and an HMAC-SHA256 over its own content, so altering or deleting
    any row is detected by ``verify_audit``.

    The actor is kept as a plain id plus a name (no foreign-key constraint):
    deleting a user must not rewrite, and so break, the rows they wrote.
    """

    track = Track.MANAGEMENT
    supplier_path = None

    seq = models.PositiveBigIntegerField(unique=True)
    occurred_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_repr = models.CharField(max_length=150)
    action = models.CharField(max_length=60)
    object_type = models.CharField(max_length=100, db_index=True)
    object_id = models.CharField(max_length=64, db_index=True)
    object_repr = models.CharField(max_length=200)
    supplier_code = models.CharField(max_length=32, blank=True, db_index=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-seq"]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"


class AuditHead(models.Model):
    """The chain's head (a single row): serialises appends and shows when the
    newest rows were deleted. ``mac`` signs (seq, hash) with the audit key, so
    pointing the head at an older row needs the key; the signed checkpoints
    outside the database (``srm.audit.checkpoints``) catch a head that is gone."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)
    mac = models.CharField(max_length=64, default="")

    def __str__(self) -> str:
        return f"head #{self.seq} {self.hash[:12]}"
