"""Shared pieces of the governance pages (the page kit itself is ``srm.core.views``)."""

from srm.audit.models import AuditEvent


def audit_rows(instance, limit: int = 30):
    """The audit trail of one object (lazy: ``_audit.html`` reads it only for users who
    may read the trail)."""
    return AuditEvent.objects.filter(
        object_type=instance._meta.label_lower, object_id=str(instance.pk)
    ).order_by("seq")[:limit]
