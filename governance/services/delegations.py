"""Delegations of sign-off rights (SPEC §3): a person lends their rights for a date range."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from srm.core.notifications import notification_send
from srm.core.services import model_create, model_delete, model_update

from ..models import Delegation


@transaction.atomic
def delegation_create(*, actor, delegate, starts: date, ends: date) -> Delegation:
    """``actor`` lends their sign-off rights to ``delegate`` from ``starts`` to ``ends``
    (both inclusive); the delegate hears about it."""
    if not getattr(actor, "pk", None):
        raise PermissionDenied(_("A delegation is made by a person."))
    if delegate.pk == actor.pk:
        raise ValidationError({"delegate": _("Delegate to someone else.")})
    if not delegate.is_active or getattr(delegate, "supplier_id", None):
        raise ValidationError({"delegate": _("Delegate to an active internal colleague.")})
    if ends < starts:
        raise ValidationError({"ends": _("The delegation ends before it starts.")})
    delegation = model_create(
        actor=actor,
        model=Delegation,
        data={"delegator": actor, "delegate": delegate, "starts": starts, "ends": ends},
    )
    notification_send(
        recipients=[delegate],
        subject=_("You sign on behalf of %(who)s") % {"who": actor.get_username()},
        body=_("From %(starts)s to %(ends)s you may sign decision requests on their behalf.")
        % {"starts": starts, "ends": ends},
        link=delegation.get_absolute_url(),
    )
    return delegation


@transaction.atomic
def delegation_end(*, actor, delegation: Delegation) -> Delegation | None:
    """End one's own delegation: it covers no day from today on. One that has not started
    yet (or starts today) is removed; either way the audit trail keeps it."""
    if getattr(actor, "pk", None) != delegation.delegator_id:
        raise PermissionDenied(_("Only the person who delegated may end the delegation."))
    today = timezone.localdate()
    if delegation.starts >= today:
        model_delete(actor=actor, instance=delegation)
        return None
    if delegation.ends < today:
        return delegation
    delegation, _changed = model_update(
        actor=actor, instance=delegation, data={"ends": today - timedelta(days=1)}
    )
    return delegation
