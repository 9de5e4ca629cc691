"""Supplier requests (SPEC §1): send, answer, flag overdue; the hours to the first answer
feed the ``response_hours`` KPI (SPEC §5)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from srm.audit.services import AuditSubject, audit_record, snapshot
from srm.core import permissions
from srm.core.notifications import notification_send
from srm.core.services import model_create

from ..models import SupplierRequest, SupplierRequestAnswer


def _collaborators(supplier):
    return get_user_model().objects.filter(supplier=supplier, is_active=True)


@transaction.atomic
def supplier_request_send(
    *, actor, supplier, subject: str, body: str, owner, due_at, sent_at=None
) -> SupplierRequest:
    """Send a request to a supplier within the actor's reach; ``owner`` (an internal
    person) follows it up by ``due_at``."""
    if getattr(actor, "supplier_id", None):
        raise PermissionDenied(gettext("Requests are sent to suppliers, not by them."))
    if not permissions.can_supplier(actor, SupplierRequest, "add", supplier.pk):
        raise PermissionDenied(gettext("That supplier is outside your reach."))
    sent_at = sent_at or timezone.now()
    errors = {}
    if owner is None or getattr(owner, "supplier_id", None) or not owner.is_active:
        errors["owner"] = "The owner is an active internal person."
    if due_at is not None and due_at <= sent_at:
        errors["due_at"] = "The due time is after the request is sent."
    if errors:
        raise ValidationError(errors)
    request = model_create(
        actor=actor,
        model=SupplierRequest,
        data={
            "supplier": supplier,
            "subject": subject,
            "body": body,
            "owner": owner,
            "sent_by": actor if getattr(actor, "pk", None) else None,
            "sent_at": sent_at,
            "due_at": due_at,
        },
    )
    recipients = [*_collaborators(supplier)]
    if owner.pk != getattr(actor, "pk", None):
        recipients.append(owner)
    notification_send(
        recipients=recipients,
        subject=f"Request: {subject}"[:200],
        body=f"Please answer by {timezone.localtime(due_at):%Y-%m-%d %H:%M}.",
        link=request.get_absolute_url(),
    )
    return request


@transaction.atomic
def supplier_request_answer(
    *, actor, request: SupplierRequest, answer: str, answered_at=None
) -> SupplierRequestAnswer:
    """Record an answer to a request: by a collaborator of that supplier, or by an internal
    user on the supplier's behalf. The first answer stops the response clock."""
    if not answer or not answer.strip():
        raise ValidationError({"answer": "Write the answer."})
    request = (
        SupplierRequest.objects.select_for_update(of=("self",), no_key=True)
        .select_related("supplier", "owner")
        .get(pk=request.pk)
    )
    supplier_id = getattr(actor, "supplier_id", None)
    if supplier_id and supplier_id != request.supplier_id:
        raise PermissionDenied("This request was sent to another supplier.")
    if not permissions.can_object(actor, "answer", request):
        raise PermissionDenied("You may not answer this request.")
    answered_at = answered_at or timezone.now()
    if answered_at < request.sent_at:
        raise ValidationError({"answered_at": "An answer cannot precede the request."})
    reply = SupplierRequestAnswer.objects.create(
        request=request,
        author=actor if getattr(actor, "pk", None) else None,
        body=answer,
        answered_at=answered_at,
        on_behalf_of_supplier=not supplier_id,
    )
    before = {"status": request.status, "first_answered_at": request.first_answered_at}
    if request.first_answered_at is None:
        request.first_answered_at = answered_at
        request.status = SupplierRequest.Status.ANSWERED
        request.save(update_fields=["first_answered_at", "status", "updated_at"])
    audit_record(
        actor=actor,
        action="answer",
        instance=request,
        before=before,
        after={**snapshot(reply), "status": request.status},
    )
    if request.owner_id != getattr(actor, "pk", None):
        notification_send(
            recipients=[request.owner],
            subject=f"Answered: {request.subject}"[:200],
            body=answer[:500],
            link=request.get_absolute_url(),
        )
    return reply


@transaction.atomic
def overdue_requests_notify(*, now=None) -> int:
    """Tell each owner once about each request of theirs that went past its due time."""
    now = now or timezone.now()
    requests = list(
        SupplierRequest.objects.select_for_update(of=("self",), no_key=True)
        .filter(
            status=SupplierRequest.Status.OPEN, due_at__lt=now, overdue_notified_at__isnull=True
        )
        .select_related("owner", "supplier")
    )
    for request in requests:
        notification_send(
            recipients=[request.owner],
            subject=f"Overdue request: {request.subject}"[:200],
            body=f"{request.supplier.code} has not answered; it was due "
            f"{timezone.localtime(request.due_at):%Y-%m-%d %H:%M}.",
            link=request.get_absolute_url(),
        )
    if requests:
        SupplierRequest.objects.filter(pk__in=[r.pk for r in requests]).update(
            overdue_notified_at=now
        )
        audit_record(
            actor=None,
            action="overdue_notified",
            subject=AuditSubject("governance.supplierrequest", "*", f"{len(requests)} overdue"),
            after={"supplier_requests": sorted(r.pk for r in requests)},
        )
    return len(requests)
