"""The lifecycle gate built from the ``LifecycleMove`` rows (SPEC §3), registered in
``suppliers.lifecycle`` by ``GovernanceConfig.ready``.

A governed move is refused on every path with the decision type that governs it and a
link to raise that request; a free move is allowed for the holders of its roles (and for
administrators and the system); a suspension informs the executive sponsor and puts the
supplier on the next governance meeting's agenda (an action item of that meeting).
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from srm.core.notifications import notification_send
from suppliers.lifecycle import FREE, MoveVerdict
from suppliers.models import SupplierStatus

from .models import LifecycleMove
from .roles import users_in_role
from .rules import next_governance_meeting


def move_rule(source: str, target: str, *, actor=None) -> LifecycleMove | None:
    """The rule for the move: the one naming its source first, else the any-source one.

    The map is a handful of rows: read whole once per person and request (kept on the
    user object, which lives as long as the request), so a page asking about every move
    costs the same as one."""
    rules = getattr(actor, "_lifecycle_rules", None) if getattr(actor, "pk", None) else None
    if rules is None:
        rules = list(LifecycleMove.objects.select_related("decision_type", "notify_role"))
        if getattr(actor, "pk", None):
            actor._lifecycle_rules = rules
    exact = [r for r in rules if r.target == target and r.source == source]
    return (exact or [r for r in rules if r.target == target and not r.source] or [None])[0]


def raise_url(decision_type, supplier) -> str:
    query = {"type": decision_type.code}
    if supplier is not None and supplier.pk:
        query["supplier"] = supplier.pk
    return f"{reverse('governance:decision_create')}?{urlencode(query)}"


class DecisionRightsGate:
    def check(self, *, actor, supplier, source: str, target: str) -> MoveVerdict:
        rule = move_rule(source, target, actor=actor)
        if rule is None:
            return FREE
        label = SupplierStatus(target).label.lower()
        if rule.decision_type_id:
            return MoveVerdict(
                allowed=False,
                governed_by=rule.decision_type.name,
                raise_url=raise_url(rule.decision_type, supplier),
                message=_(
                    "Moving a supplier to %(status)s needs an approved “%(decision)s” "
                    "decision: raise a decision request. Nothing was changed."
                )
                % {"status": label, "decision": rule.decision_type.name},
            )
        if actor is None:
            return MoveVerdict(allowed=False, message=_("A lifecycle move needs a person."))
        if actor.is_superuser:
            return FREE
        held = get_user_model().groups.through.objects.filter(
            group_id=OuterRef("group_id"), user_id=actor.pk
        )
        roles = list(rule.free_roles.annotate(held=Exists(held)))
        if any(role.held for role in roles):
            return FREE
        names = ", ".join(r.name for r in roles) or _("nobody")
        return MoveVerdict(
            allowed=False,
            message=_("Only these roles move a supplier to %(status)s: %(roles)s.")
            % {"status": label, "roles": names},
        )

    def moved(self, *, actor, supplier, source: str, target: str, reason: str) -> None:
        rule = move_rule(source, target)
        if rule is None or rule.decision_type_id:
            return
        people = list(users_in_role(rule.notify_role)) if rule.notify_role_id else []
        who = actor.get_username() if actor is not None else "system"
        if people:
            notification_send(
                recipients=[u for u in people if u.pk != getattr(actor, "pk", None)],
                subject=_("%(code)s is now %(status)s") % {"code": supplier.code, "status": target},
                body=_("%(who)s moved %(name)s from %(source)s to %(status)s. %(reason)s")
                % {
                    "who": who,
                    "name": supplier.name,
                    "source": source,
                    "status": target,
                    "reason": reason,
                },
                link=supplier.get_absolute_url(),
            )
        if rule.on_agenda:
            from .services.meetings import action_item_create

            meeting = next_governance_meeting(timezone.now())
            due = (
                timezone.localtime(meeting.scheduled_for).date()
                if meeting is not None
                else timezone.localdate() + timedelta(days=7)
            )
            action_item_create(
                actor=actor,
                title=_("Review the move of %(code)s to %(status)s")
                % {"code": supplier.code, "status": target},
                description=reason,
                owner=people[0] if people else None,
                due_date=due,
                supplier=supplier,
                meeting=meeting,
                also_notify=[],
                check_reach=False,
            )
