"""Shared pieces of the governance pages (the page kit itself is ``srm.core.views``)."""


def audit_rows(user, instance, limit: int = 30):
    """The audit trail of one object, for users who may read the trail."""
    from srm.audit.models import AuditEvent
    from srm.core import permissions

    if not permissions.can(user, "view", AuditEvent):
        return None
    return AuditEvent.objects.filter(
        object_type=instance._meta.label_lower, object_id=str(instance.pk)
    ).order_by("seq")[:limit]
