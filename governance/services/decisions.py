"""Decision requests: raise, submit, sign off or reject, and apply (SPEC §3).

Rules enforced here, whatever the caller:

* the requester never signs off their own request;
* a sign-off fills one open slot of the request's path, in a role the signer holds and
  for which they reach the supplier (a category manager only for their categories);
  one person fills at most one slot;
* the request row is locked (``SELECT ... FOR UPDATE``) for every transition, so two
  people signing at the same moment are serialised: the second sees the first's
  result, and the change is applied once;
* applying is idempotent: an applied request is never applied again.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from scorecards import policy as scoring_policy
from srm.accounts.models import Role
from srm.audit.services import audit_record
from srm.core import permissions
from srm.core.actors import SYSTEM
from srm.core.notifications import notification_send
from srm.core.services import model_create, model_update
from suppliers import contract_services
from suppliers import services as supplier_services
from suppliers.lifecycle import lifecycle_bypass
from suppliers.models import SupplierEvent, SupplierStatus

from ..impact import policy_change_impact
from ..models import (
    DecisionEffect,
    DecisionRequest,
    DecisionRight,
    DecisionType,
    RightKind,
    RightPath,
    SignOff,
)
from ..roles import role_reaches_supplier, user_holds_role, users_in_role
from ..rules import decide_path, may_propose, required_rights
from ..signers import fill_plan, sign_off_steps, signing_capacity, step_overdue
from .meetings import action_item_create

APPROVABLE = (SupplierStatus.PROSPECT, SupplierStatus.ONBOARDING, SupplierStatus.SUSPENDED)


def _username(actor) -> str:
    return actor.get_username() if actor is not None else "system"


def _informed_users(request: DecisionRequest) -> list:
    rights = DecisionRight.objects.filter(
        decision_type_id=request.decision_type_id, kind=RightKind.INFORMED
    ).select_related("role")
    people = {}
    for right in rights:
        for user in users_in_role(right.role, request.supplier):
            people[user.pk] = user
    return list(people.values())


def _supplier_label(request: DecisionRequest) -> str:
    return request.supplier.code if request.supplier_id else str(_("portfolio"))


def _timeline(request: DecisionRequest, **kwargs) -> None:
    """The supplier's timeline entry, for a request about one supplier."""
    if request.supplier_id:
        supplier_services.supplier_event_record(supplier=request.supplier, **kwargs)


def _policy_payload(*, actor, payload) -> dict:
    """A scoring policy change carries the proposed policy, checked by the what-if page's
    rules, and the what-if preview of it (the summary the signers see)."""
    proposed = scoring_policy.policy_clean(payload)
    return {**proposed, "preview": scoring_policy.policy_preview(user=actor, proposed=proposed)}


def _lock(request: DecisionRequest) -> DecisionRequest:
    return (
        DecisionRequest.objects.select_for_update(of=("self",), no_key=True)
        .select_related("decision_type", "supplier", "contract", "item", "requester")
        .get(pk=request.pk)
    )


@transaction.atomic
def decision_request_create(
    *,
    actor,
    decision_type: DecisionType,
    supplier=None,
    title: str,
    justification: str,
    risk_impact: str,
    urgent: bool = False,
    contract=None,
    item=None,
    proposed_unit_price=None,
    sla_metric: str = "",
    sla_target=None,
    effective_from=None,
    payload=None,
) -> DecisionRequest:
    """Raise a decision request as a draft. Justification and risk-impact note are required.

    A scoring policy change names no supplier (it is portfolio-wide) and carries the
    proposed policy in ``payload``; the what-if preview is computed here and attached."""
    if not decision_type.is_active:
        raise ValidationError({"decision_type": "This decision type is no longer in use."})
    if not may_propose(actor, decision_type):
        raise PermissionDenied(f"Your roles do not propose {decision_type.name.lower()} decisions.")
    if decision_type.effect == DecisionEffect.SCORING_POLICY:
        if supplier is not None:
            raise ValidationError(
                {"supplier": _("A scoring policy change is for the whole portfolio.")}
            )
        if getattr(actor, "supplier_id", None) or not permissions.can(
            actor, "add", DecisionRequest
        ):
            raise PermissionDenied(_("You may not raise portfolio-wide decisions."))
        try:
            payload = _policy_payload(actor=actor, payload=payload)
        except ValidationError as exc:
            raise ValidationError({"payload": exc.messages}) from exc
    elif supplier is None:
        raise ValidationError({"supplier": _("Name the supplier the decision is about.")})
    elif not permissions.can_supplier(actor, DecisionRequest, "add", supplier.pk):
        raise PermissionDenied("That supplier is outside your reach.")
    else:
        payload = {}
    request = model_create(
        actor=actor,
        model=DecisionRequest,
        data={
            "decision_type": decision_type,
            "supplier": supplier,
            "title": title,
            "justification": justification,
            "risk_impact": risk_impact,
            "urgent": urgent,
            "contract": contract,
            "item": item,
            "proposed_unit_price": proposed_unit_price,
            "sla_metric": sla_metric or "",
            "sla_target": sla_target,
            "effective_from": effective_from,
            "payload": payload,
            "requester": actor,
        },
    )
    return request


@transaction.atomic
def scoring_policy_change_raise(*, actor, proposed: dict, justification: str) -> DecisionRequest:
    """The what-if page's "raise for sign-off": a draft scoring policy change with the
    proposed policy and its preview (registered in ``scorecards.policy``)."""
    decision_type = DecisionType.objects.filter(
        effect=DecisionEffect.SCORING_POLICY, is_active=True
    ).first()
    if decision_type is None:
        raise ValidationError(_("No scoring policy change decision type is in use."))
    proposed = scoring_policy.policy_clean(proposed)
    preview = scoring_policy.policy_preview(user=actor, proposed=proposed)
    summary = policy_change_impact(preview) or {}
    return decision_request_create(
        actor=actor,
        decision_type=decision_type,
        title=str(_("Scoring policy change")),
        justification=justification,
        risk_impact=_(
            "What-if (%(period)s): %(changed)s supplier(s) change standing, %(up)s up, "
            "%(down)s down, %(into_d)s into D (orders blocked)."
        )
        % {k: summary.get(k, 0) for k in ("period", "changed", "up", "down", "into_d")},
        payload=proposed,
    )


@transaction.atomic
def decision_request_update(*, actor, request: DecisionRequest, data: dict) -> DecisionRequest:
    """Change a draft. A submitted request is frozen: reject it and raise a new one."""
    unknown = set(data) - set(DecisionRequest.EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"Cannot change {', '.join(sorted(unknown))} here.")
    request = _lock(request)
    if request.state != DecisionRequest.State.DRAFT:
        raise ValidationError(f"Only a draft can be changed; this request is {request.state}.")
    request, _ = model_update(actor=actor, instance=request, data=data)
    return request


@transaction.atomic
def decision_request_submit(*, actor, request: DecisionRequest) -> DecisionRequest:
    """Submit a draft for sign-off: fix its path and notify who must sign."""
    request = _lock(request)
    if request.state != DecisionRequest.State.DRAFT:
        raise ValidationError(f"Only a draft can be submitted; this request is {request.state}.")
    request.full_clean()
    if request.decision_type.effect == DecisionEffect.SCORING_POLICY:
        # The signers see the preview of the policy as the scores stand when submitted.
        request.payload = _policy_payload(actor=actor, payload=request.payload)
    if (
        request.decision_type.effect == DecisionEffect.SUPPLIER_APPROVAL
        and request.supplier.status not in APPROVABLE
    ):
        raise ValidationError(
            f"{request.supplier.code} is {request.supplier.status}; it cannot be approved."
        )
    if (
        request.decision_type.effect == DecisionEffect.SUPPLIER_EXIT
        and request.supplier.status == SupplierStatus.EXITED
    ):
        raise ValidationError(f"{request.supplier.code} has already exited.")
    request.path = decide_path(request)
    rights = required_rights(request)
    if not rights:
        raise ValidationError(
            f"No sign-off rule for the {request.get_path_display().lower()} path of "
            f"{request.decision_type.name}; ask an administrator to add one."
        )
    request.fallback_steps, request.reminded_steps = [], []
    steps = sign_off_steps(request, rights=rights)
    # Steps nobody but the requester holds go to their fallback role, recorded so that
    # the inboxes find them.
    request.fallback_steps = [step.role.code for step in steps if step.on_fallback]
    empty = [step.role.name for step in steps if not step.signers]
    if empty:
        raise ValidationError(
            _(
                "Nobody but you could sign the step(s) %(steps)s (nor a fallback role): "
                "ask an administrator to grant the role before submitting."
            )
            % {"steps": ", ".join(empty)}
        )
    if fill_plan(steps) is None:
        raise ValidationError(
            _(
                "The steps %(steps)s could only be signed by the same person, and one person "
                "signs one step: ask an administrator to grant the roles before submitting."
            )
            % {"steps": ", ".join(step.role.name for step in steps)}
        )
    request.submit()
    request.submitted_at = timezone.now()
    request.save(
        update_fields=[
            "state",
            "path",
            "submitted_at",
            "fallback_steps",
            "reminded_steps",
            "payload",
            "updated_at",
        ]
    )
    audit_record(
        actor=actor,
        action="transition:submitted",
        instance=request,
        before={"state": "draft"},
        after={
            "state": request.state,
            "path": request.path,
            "sign_offs_needed": [r.role.code for r in rights],
        },
    )
    signers = {u.pk: u for step in steps for u, _ in step.signers}
    notification_send(
        recipients=signers.values(),
        subject=f"Sign-off needed: {request.title}",
        body=f"{_username(actor)} submitted decision request #{request.pk} "
        f"({request.decision_type.name}, {_supplier_label(request)}).",
        link=request.get_absolute_url(),
    )
    return request


@transaction.atomic
def decision_request_sign_off(
    *, actor, request: DecisionRequest, approve: bool = True, comment: str = ""
) -> DecisionRequest:
    """Sign off (or reject) a submitted request in one of the roles it still needs.

    When the last slot is filled the request is approved and applied in the same
    transaction. A rejection needs a comment and ends the request.
    """
    request = _lock(request)
    if request.state != DecisionRequest.State.SUBMITTED:
        raise ValidationError(f"This request is {request.state}; there is nothing to sign.")
    if actor is None or not getattr(actor, "pk", None):
        raise PermissionDenied("A sign-off needs a person.")
    if actor.pk == request.requester_id:
        raise PermissionDenied("You raised this request; someone else must sign it off.")
    if not permissions.can_object(actor, "sign_off", request):
        raise PermissionDenied("You may not sign off this request.")
    if not approve and not comment.strip():
        raise ValidationError({"comment": "Say why the request is rejected."})
    rights = required_rights(request)
    done = {s.role_id: s for s in request.sign_offs.all()}
    if any(s.signer_id == actor.pk for s in done.values()):
        raise ValidationError("You have already signed this request.")
    steps = sign_off_steps(request, rights=rights)
    step, on_behalf_of = signing_capacity(actor, request, steps)
    if step is None:
        open_rights = [r for r in rights if r.role_id not in done]
        needed = ", ".join(r.role.name for r in open_rights) or "none"
        held = [r for r in open_rights if user_holds_role(actor, r.role)]
        if (
            held
            and request.supplier_id
            and not role_reaches_supplier(actor, held[0].role, request.supplier)
        ):
            raise PermissionDenied(
                f"You hold the role {held[0].role.name} but not for this supplier's categories."
            )
        raise PermissionDenied(f"Open sign-offs need: {needed}.")
    right = step.right
    now = timezone.now()
    sign_off = SignOff.objects.create(
        request=request,
        role=right.role,
        signer=actor,
        on_behalf_of=on_behalf_of,
        decision=SignOff.Decision.APPROVE if approve else SignOff.Decision.REJECT,
        comment=comment,
        signed_at=now,
    )
    audit_record(
        actor=actor,
        action="sign_off" if approve else "sign_off:reject",
        instance=request,
        after={
            "role": right.role.code,
            "decision": sign_off.decision,
            "comment": comment,
            "on_behalf_of": on_behalf_of.get_username() if on_behalf_of else None,
            "fallback": step.on_fallback,
        },
    )
    if not approve:
        request.reject()
        request.decided_at = now
        request.outcome_note = comment
        request.save(update_fields=["state", "decided_at", "outcome_note", "updated_at"])
        audit_record(
            actor=actor,
            action="transition:rejected",
            instance=request,
            before={"state": "submitted"},
            after={"state": request.state, "reason": comment},
        )
        _timeline(
            request,
            kind=SupplierEvent.Kind.DECISION,
            title=f"Decision rejected: {request.title}",
            detail={"request": request.pk, "by": actor.get_username(), "reason": comment},
            link=request.get_absolute_url(),
        )
        notification_send(
            recipients=[request.requester, *_informed_users(request)],
            subject=f"Rejected: {request.title}",
            body=f"{actor.get_username()} rejected decision request #{request.pk}: {comment}",
            link=request.get_absolute_url(),
        )
        return request
    if len(done) + 1 < len(rights):
        return request
    request.approve()
    request.decided_at = now
    request.save(update_fields=["state", "decided_at", "updated_at"])
    audit_record(
        actor=actor,
        action="transition:approved",
        instance=request,
        before={"state": "submitted"},
        after={"state": request.state, "sign_offs": len(rights)},
    )
    return _apply(actor=actor, request=request, raise_on_error=False)


@transaction.atomic
def decision_request_apply(*, actor, request: DecisionRequest) -> DecisionRequest:
    """Apply an approved request whose automatic apply failed (e.g. after fixing the
    data that blocked it). Applying an applied request does nothing."""
    request = _lock(request)
    if request.state == DecisionRequest.State.APPLIED:
        return request
    if request.state != DecisionRequest.State.APPROVED:
        raise ValidationError(
            f"Only an approved request can be applied; this one is {request.state}."
        )
    return _apply(actor=actor, request=request, raise_on_error=True)


def _apply(*, actor, request: DecisionRequest, raise_on_error: bool) -> DecisionRequest:
    """Carry out the approved change (caller holds the row lock)."""
    if request.state == DecisionRequest.State.APPLIED:
        return request
    try:
        with transaction.atomic():
            effect = _carry_out(actor=actor, request=request)
    except ValidationError as exc:
        if raise_on_error:
            raise
        request.apply_error = " ".join(exc.messages)
        request.save(update_fields=["apply_error", "updated_at"])
        audit_record(
            actor=actor,
            action="apply_failed",
            instance=request,
            after={"error": request.apply_error},
        )
        notification_send(
            recipients=[request.requester],
            subject=f"Approved but not applied: {request.title}",
            body=request.apply_error,
            link=request.get_absolute_url(),
        )
        return request
    request.apply()
    request.applied_at = timezone.now()
    request.applied_effect = effect
    request.apply_error = ""
    request.save(
        update_fields=["state", "applied_at", "applied_effect", "apply_error", "updated_at"]
    )
    audit_record(
        actor=actor,
        action="transition:applied",
        instance=request,
        before={"state": "approved"},
        after={"state": request.state, "effect": effect},
    )
    _timeline(
        request,
        kind=SupplierEvent.Kind.DECISION,
        title=f"Decision applied: {request.title}",
        detail={"request": request.pk, "effect": effect},
        link=request.get_absolute_url(),
    )
    notification_send(
        recipients=[request.requester, *_informed_users(request)],
        subject=f"Approved and applied: {request.title}",
        body=f"Decision request #{request.pk} ({request.decision_type.name}) is in effect.",
        link=request.get_absolute_url(),
    )
    return request


def _carry_out(*, actor, request: DecisionRequest) -> dict:
    effect = request.decision_type.effect
    if effect == DecisionEffect.SUPPLIER_APPROVAL:
        supplier = (
            type(request.supplier)
            .objects.select_for_update(of=("self",), no_key=True)
            .get(pk=request.supplier_id)
        )
        if supplier.status == SupplierStatus.APPROVED:
            return {"supplier_status": supplier.status, "note": "already approved"}
        return _move_supplier(actor=actor, request=request, target=SupplierStatus.APPROVED)
    if effect == DecisionEffect.SUPPLIER_EXIT:
        return _move_supplier(actor=actor, request=request, target=SupplierStatus.EXITED)
    if effect == DecisionEffect.SCORING_POLICY:
        proposed = {k: request.payload.get(k, {}) for k in ("kpis", "thresholds")}
        changed = scoring_policy.policy_apply(actor=actor, proposed=proposed)
        return {"scoring_policy": proposed, "changes": changed, "recompute": bool(changed)}
    if effect == DecisionEffect.CONTRACT_PRICE:
        price = supplier_services.contract_price_set(
            actor=actor,
            contract=request.contract,
            item=request.item,
            unit_price=request.proposed_unit_price,
            effective_from=request.effective_from,
        )
        return {
            "contract_price": price.pk,
            "unit_price": str(price.unit_price),
            "effective_from": price.effective_from.isoformat(),
        }
    if effect == DecisionEffect.CONTRACT_TERMINATION:
        contract = contract_services.contract_terminate(
            actor=actor,
            contract=request.contract,
            effective_on=request.effective_from,
            reason=f"Decision request #{request.pk}",
        )
        return {
            "contract_status": contract.status,
            "end_date": contract.end_date.isoformat(),
        }
    if effect == DecisionEffect.SERVICE_LEVEL:
        level = supplier_services.service_level_set(
            actor=actor,
            contract=request.contract,
            metric=request.sla_metric,
            target=request.sla_target,
            effective_from=request.effective_from,
        )
        result = {
            "service_level": level.pk,
            "target": str(level.target),
            "effective_from": level.effective_from.isoformat(),
        }
        if request.path == RightPath.URGENT:
            result["follow_up_action"] = _urgent_follow_up(actor=actor, request=request).pk
        return result
    raise ValidationError(f"{request.decision_type.name} has no automatic effect.")


def _move_supplier(*, actor, request: DecisionRequest, target: str) -> dict:
    """The governed lifecycle move the approved decision makes (the gate's one bypass)."""
    supplier = (
        type(request.supplier)
        .objects.select_for_update(of=("self",), no_key=True)
        .get(pk=request.supplier_id)
    )
    with lifecycle_bypass(f"Decision request #{request.pk}"):
        supplier_services.supplier_transition(
            actor=actor, supplier=supplier, target=target, reason=f"Decision request #{request.pk}"
        )
    return {"supplier_status": supplier.status}


def _urgent_follow_up(*, actor, request: DecisionRequest):
    """The review action the quick path owes: the operations lead, due in 5 days."""
    decision_type = request.decision_type
    role = (
        decision_type.urgent_follow_up_role or Role.objects.filter(code="operations_lead").first()
    )
    days = decision_type.urgent_follow_up_days or 5
    owners = list(users_in_role(role, request.supplier)) if role else []
    return action_item_create(
        actor=actor,
        title=f"Review urgent service-level change: {request.title}"[:200],
        description=(
            f"Decision request #{request.pk} took the urgent quick path "
            f"(signed by the {', '.join(r.role.name for r in required_rights(request))} only). "
            f"Review the change with the contract owner."
        ),
        owner=owners[0] if owners else None,
        due_date=timezone.localdate() + timedelta(days=days),
        supplier=request.supplier,
        decision_request=request,
        also_notify=owners,
        # The quick path owes this review whoever signed: not the signer's own action.
        check_reach=False,
    )


@transaction.atomic
def decision_request_link_meeting(*, actor, request: DecisionRequest, meeting) -> DecisionRequest:
    """Record that the decision was taken in a governance meeting."""
    request, _ = model_update(actor=actor, instance=request, data={"meeting": meeting})
    return request


def _back_to_draft(*, actor, request: DecisionRequest, action: str, comment: str) -> list:
    """Submitted → draft; the sign-offs so far are dropped (listed in the audit row)."""
    dropped = [
        {"role": s.role.code, "signer": s.signer.get_username(), "decision": s.decision}
        for s in request.sign_offs.select_related("role", "signer")
    ]
    request.sign_offs.all().delete()
    request.back_to_draft()
    request.submitted_at = None
    request.fallback_steps, request.reminded_steps = [], []
    request.save(
        update_fields=["state", "submitted_at", "fallback_steps", "reminded_steps", "updated_at"]
    )
    audit_record(
        actor=actor,
        action=action,
        instance=request,
        before={"state": "submitted", "sign_offs": dropped},
        after={"state": request.state, "comment": comment},
    )
    return dropped


@transaction.atomic
def decision_request_withdraw(*, actor, request: DecisionRequest, comment: str = ""):
    """The requester takes a submitted request back: it becomes a draft again (to change
    and submit anew, or leave), and whoever was asked to sign hears about it."""
    request = _lock(request)
    if getattr(actor, "pk", None) != request.requester_id:
        raise PermissionDenied(_("Only the requester may withdraw a request."))
    if request.state != DecisionRequest.State.SUBMITTED:
        raise ValidationError(
            _("Only a submitted request can be withdrawn; this one is %(state)s.")
            % {"state": request.state}
        )
    steps = sign_off_steps(request)
    _back_to_draft(actor=actor, request=request, action="transition:withdrawn", comment=comment)
    notification_send(
        recipients={u.pk: u for step in steps for u, _ in step.signers}.values(),
        subject=_("Withdrawn: %(title)s") % {"title": request.title},
        body=_("%(who)s withdrew decision request #%(pk)s. %(comment)s")
        % {"who": _username(actor), "pk": request.pk, "comment": comment},
        link=request.get_absolute_url(),
    )
    return request


@transaction.atomic
def decision_request_return(*, actor, request: DecisionRequest, comment: str):
    """A signer sends a submitted request back to its requester for changes (a draft
    again), with a comment saying what to change."""
    request = _lock(request)
    if request.state != DecisionRequest.State.SUBMITTED:
        raise ValidationError(
            _("Only a submitted request can be returned; this one is %(state)s.")
            % {"state": request.state}
        )
    step, _behalf = signing_capacity(actor, request, sign_off_steps(request))
    if step is None:
        raise PermissionDenied(_("Only someone who may sign an open step returns a request."))
    if not comment.strip():
        raise ValidationError({"comment": _("Say what the requester should change.")})
    _back_to_draft(actor=actor, request=request, action="transition:returned", comment=comment)
    request.outcome_note = comment
    request.save(update_fields=["outcome_note", "updated_at"])
    notification_send(
        recipients=[request.requester],
        subject=_("Returned for changes: %(title)s") % {"title": request.title},
        body=_("%(who)s returned decision request #%(pk)s: %(comment)s")
        % {"who": _username(actor), "pk": request.pk, "comment": comment},
        link=request.get_absolute_url(),
    )
    return request


def decision_steps_overdue_process(*, today=None) -> int:
    """Hourly: a submitted request past its sign-off time reminds the signers of each open
    step once, and the step moves to its fallback role (whose holders hear about it too).
    Returns how many steps moved."""
    today = today or timezone.localdate()
    moved = 0
    waiting = DecisionRequest.objects.filter(state=DecisionRequest.State.SUBMITTED).select_related(
        "decision_type", "supplier"
    )
    for request in waiting:
        if not step_overdue(request, today):
            continue
        with transaction.atomic():
            request = _lock(request)
            steps = [s for s in sign_off_steps(request, today=today) if s.sign_off is None]
            newly = []
            for step in steps:
                code = step.role.code
                if code in request.reminded_steps:
                    continue
                notification_send(
                    recipients=[u for u, _ in step.signers],
                    subject=_("Overdue sign-off: %(title)s") % {"title": request.title},
                    body=_("Decision request #%(pk)s waits for the %(role)s sign-off.")
                    % {"pk": request.pk, "role": step.role.name},
                    link=request.get_absolute_url(),
                )
                request.reminded_steps = [*request.reminded_steps, code]
                if step.right.fallback_role_id and code not in request.fallback_steps:
                    request.fallback_steps = [*request.fallback_steps, code]
                    newly.append(code)
            request.save(update_fields=["reminded_steps", "fallback_steps", "updated_at"])
            moved += len(newly)
            if newly:
                audit_record(
                    actor=SYSTEM,
                    action="sign_off:overdue",
                    instance=request,
                    after={"fallback_steps": request.fallback_steps},
                )
                fallback_people = {
                    u.pk: u
                    for step in sign_off_steps(request, today=today)
                    if step.sign_off is None and step.role.code in newly
                    for u, _ in step.signers
                }
                notification_send(
                    recipients=fallback_people.values(),
                    subject=_("Sign-off needed (overdue): %(title)s") % {"title": request.title},
                    body=_("Decision request #%(pk)s is overdue and now waits for you too.")
                    % {"pk": request.pk},
                    link=request.get_absolute_url(),
                )
    return moved
