from django.db.models import QuerySet

from srm.core.permissions import restrict

from .chain import GENESIS_HASH
from .models import AuditEvent, AuditHead


def audit_event_list(*, user, supplier_code: str | None = None) -> QuerySet[AuditEvent]:
    qs = restrict(AuditEvent.objects.all(), user, "view")
    if supplier_code:
        qs = qs.filter(supplier_code=supplier_code)
    return qs


def audit_head_hash() -> str:
    """The newest row's hash: printed on reports so a reader can check them against the chain."""
    head = AuditHead.objects.filter(pk=1).values_list("hash", flat=True).first()
    return head or GENESIS_HASH
