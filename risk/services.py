"""Writes of the risk domain: each validates, writes and audits in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from srm.audit.services import audit_record, snapshot
from srm.core import permissions
from srm.core.services import model_create, model_update
from suppliers.models import Contract, Item, Supplier

from .models import (
    ContinuityExercise,
    ContinuityPlan,
    Incident,
    RiskAssessment,
    RiskDimension,
    RiskDimensionValue,
)
from .recompute import risk_recompute

CORRECTIVE_ACTION_DAYS = 30


@dataclass(frozen=True)
class DimensionInput:
    """One rated dimension of a manual assessment."""

    code: str
    value: int
    evidence: str


def require_supplier_reach(actor, model, action: str, supplier: Supplier, message="") -> None:
    """The reach check of a creation: may ``actor`` take ``action`` on a ``model`` row of
    this supplier? Every creation service asks it, so page, API and import share it; a
    page asks it too before it shows the form."""
    if not permissions.can_supplier(actor, model, action, supplier.pk):
        raise PermissionDenied(
            message
            or _("You may not %(action)s %(things)s here.")
            % {"action": action, "things": model._meta.verbose_name_plural}
        )


@transaction.atomic
def risk_assessment_create(
    *,
    actor,
    supplier: Supplier,
    assessed_on: date,
    ratings: list[DimensionInput],
    summary: str = "",
) -> RiskAssessment:
    """Record a manual risk assessment: a value 1-5 with its evidence for each rated
    dimension. Its date restarts the review cadence; the supplier's stored risk is
    recomputed at once, so its level (and a level-change event) follows immediately."""
    require_supplier_reach(
        actor, RiskAssessment, "add", supplier, _("That supplier is outside your categories.")
    )
    errors: dict[str, list[str]] = {}
    if assessed_on > timezone.localdate():
        errors.setdefault("assessed_on", []).append("An assessment cannot be dated in the future.")
    dimensions = {
        d.code: d
        for d in RiskDimension.objects.filter(is_active=True, method=RiskDimension.Method.ASSESSED)
    }
    if not ratings:
        errors.setdefault("ratings", []).append("Rate at least one dimension.")
    seen = set()
    for rating in ratings:
        if rating.code not in dimensions:
            errors.setdefault(rating.code, []).append(
                "is not a dimension that is assessed by hand."
            )
        elif rating.code in seen:
            errors.setdefault(rating.code, []).append("is rated twice.")
        seen.add(rating.code)
        if not isinstance(rating.value, int) or not 1 <= rating.value <= 5:
            errors.setdefault(rating.code, []).append("The value must be a whole number 1-5.")
        if not rating.evidence.strip():
            errors.setdefault(rating.code, []).append("Give the evidence behind the value.")
    if errors:
        raise ValidationError(errors)
    assessment = model_create(
        actor=actor,
        model=RiskAssessment,
        data={
            "supplier": supplier,
            "assessed_on": assessed_on,
            "assessed_by": actor if getattr(actor, "pk", None) else None,
            "summary": summary,
        },
    )
    for rating in ratings:
        model_create(
            actor=actor,
            model=RiskDimensionValue,
            data={
                "supplier": supplier,
                "dimension": dimensions[rating.code],
                "value": rating.value,
                "observed_on": assessed_on,
                "source": RiskDimensionValue.Source.MANUAL,
                "evidence": rating.evidence.strip(),
                "assessment": assessment,
            },
        )
    risk_recompute(as_of=timezone.localdate(), supplier_ids=[supplier.pk], actor=actor)
    return assessment


# --- continuity ----------------------------------------------------------------------


def _check_alternates(supplier: Supplier, alternates) -> None:
    if any(a.pk == supplier.pk for a in alternates):
        raise ValidationError(
            {"alternate_sources": "The current source cannot be its own alternate."}
        )


@transaction.atomic
def continuity_plan_create(
    *,
    actor,
    item: Item,
    supplier: Supplier,
    rto_hours: int,
    alternate_sources=(),
    contract: Contract | None = None,
    trigger_points: str = "",
    playbook_steps: str = "",
    buffer_stock_qty: Decimal | None = None,
    buffer_stock_days: int | None = None,
    owner=None,
) -> ContinuityPlan:
    """Plan the continuity of a critical item from its current source."""
    require_supplier_reach(actor, ContinuityPlan, "add", supplier)
    alternates = list(alternate_sources)
    _check_alternates(supplier, alternates)
    if ContinuityPlan.objects.filter(item=item, supplier=supplier).exists():
        raise ValidationError({"item": f"{item.code} already has a plan for {supplier.code}."})
    return model_create(
        actor=actor,
        model=ContinuityPlan,
        data={
            "item": item,
            "supplier": supplier,
            "contract": contract,
            "rto_hours": rto_hours,
            "trigger_points": trigger_points,
            "playbook_steps": playbook_steps,
            "buffer_stock_qty": buffer_stock_qty,
            "buffer_stock_days": buffer_stock_days,
            "owner": owner,
        },
        m2m={"alternate_sources": alternates},
    )


@transaction.atomic
def continuity_plan_update(
    *, actor, plan: ContinuityPlan, data: dict, alternate_sources=None
) -> ContinuityPlan:
    unknown = set(data) - set(ContinuityPlan.EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"Cannot change {', '.join(sorted(unknown))} here.")
    if not permissions.can_object(actor, "change", plan):
        raise PermissionDenied("You may not change this plan.")
    m2m = None
    if alternate_sources is not None:
        alternates = list(alternate_sources)
        _check_alternates(plan.supplier, alternates)
        m2m = {"alternate_sources": alternates}
    plan, _ = model_update(actor=actor, instance=plan, data=data, m2m=m2m)
    return plan


@transaction.atomic
def continuity_exercise_record(
    *,
    actor,
    plan: ContinuityPlan,
    held_on: date,
    findings: str,
    scenario: str = "",
    participants: str = "",
) -> ContinuityExercise:
    """Record a tabletop exercise of a plan; it clears the 'not exercised' gap for 90 days.

    A plan outside the actor's sight is "no such plan"; one they see but may not exercise
    (another category's) is a ``PermissionDenied``."""
    if not permissions.can_object(actor, "view", plan):
        raise ValidationError({"plan": _("No such plan.")})
    if not permissions.can_supplier(actor, ContinuityExercise, "add", plan.supplier_id):
        raise PermissionDenied(_("You may not record exercises for this plan."))
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": "An exercise cannot be recorded before it is held."})
    if not findings.strip():
        raise ValidationError({"findings": "Record what the exercise found."})
    return model_create(
        actor=actor,
        model=ContinuityExercise,
        data={
            "plan": plan,
            "held_on": held_on,
            "findings": findings.strip(),
            "scenario": scenario,
            "participants": participants,
        },
    )


# --- incidents -------------------------------------------------------------------------


@transaction.atomic
def incident_corrective_action_open(*, actor, incident: Incident):
    """Open a corrective action for a quality incident of high or critical severity
    (SPEC §7), owned by the supplier's relationship owner and due 30 days after the
    incident. Returns the
    existing one when the incident already has it; ``None`` when the incident does not
    call for one."""
    from scorecards.models import CorrectiveAction
    from scorecards.services import corrective_action_create

    if incident.corrective_action_id:
        return incident.corrective_action
    if not incident.opens_corrective_action:
        return None
    supplier = incident.supplier
    action = corrective_action_create(
        actor=actor,
        supplier=supplier,
        source=CorrectiveAction.Source.QUALITY_INCIDENT,
        title=f"{incident.get_severity_display()} quality incident {incident.occurred_on}: "
        f"{incident.description}"[:200],
        owner=supplier.relationship_owner,
        due_date=incident.occurred_on + timedelta(days=CORRECTIVE_ACTION_DAYS),
        event_detail={"incident": incident.pk},
    )
    before = snapshot(incident)
    incident.corrective_action = action
    incident.save(update_fields=["corrective_action", "updated_at"])
    audit_record(
        actor=actor,
        action="incident:corrective_action",
        instance=incident,
        before={"corrective_action_id": before["corrective_action_id"]},
        after={"corrective_action_id": action.pk},
    )
    return action


def _check_incident_links(*, actor, supplier: Supplier, item, receipts) -> None:
    """The linked receipts are the supplier's own and within the actor's reach; the item,
    when both are given, is the one received on them."""
    errors = {}
    foreign = [r for r in receipts if r.supplier_id != supplier.pk]
    if foreign:
        errors["receipts"] = _("Receipts %(lines)s are not %(supplier)s's.") % {
            "lines": ", ".join(str(r) for r in foreign),
            "supplier": supplier.code,
        }
    elif receipts:
        from suppliers.models import Receipt

        ids = {r.pk for r in receipts}
        visible = set(
            permissions.restrict(Receipt.objects.filter(pk__in=ids), actor).values_list(
                "pk", flat=True
            )
        )
        if ids - visible:
            errors["receipts"] = _("Some of these receipts do not exist.")
        elif item is not None and any(r.item_id != item.pk for r in receipts):
            errors["item"] = _("The linked receipts are of another item than %(item)s.") % {
                "item": item.code
            }
    if errors:
        raise ValidationError(errors)


def _check_incident_unique(*, supplier, occurred_on, kind, description, exclude_pk=None) -> None:
    clash = Incident.objects.filter(
        supplier=supplier, occurred_on=occurred_on, kind=kind, description=description
    ).exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError(
            {
                "description": _(
                    "This supplier already has a %(kind)s incident on %(date)s with this "
                    "description."
                )
                % {"kind": kind, "date": occurred_on}
            }
        )


def _incident_event(incident: Incident, verb: str):
    """The supplier-timeline entry of an incident, on the day it happened."""
    from datetime import datetime, time

    from suppliers.models import SupplierEvent

    return SupplierEvent(
        supplier_id=incident.supplier_id,
        kind=SupplierEvent.Kind.INCIDENT,
        title=(
            f"{incident.get_severity_display()} {incident.get_kind_display().lower()} "
            f"incident {verb}: {incident.description}"
        )[:200],
        detail={"incident": incident.pk, "severity": incident.severity},
        link=incident.get_absolute_url(),
        occurred_at=timezone.make_aware(datetime.combine(incident.occurred_on, time(12))),
    )


def _incident_on_timeline(*, incident: Incident, verb: str) -> None:
    from suppliers.services import supplier_event_record

    event = _incident_event(incident, verb)
    supplier_event_record(
        supplier=incident.supplier,
        kind=event.kind,
        title=event.title,
        detail=event.detail,
        link=event.link,
        occurred_at=event.occurred_at,
    )


def incidents_on_timeline(*, incidents, verb: str) -> int:
    """Put incidents on their suppliers' timelines in one insert (the incidents import);
    the import's own audit row covers them."""
    from suppliers.models import SupplierEvent

    return len(SupplierEvent.objects.bulk_create([_incident_event(i, verb) for i in incidents]))


@transaction.atomic
def incident_create(
    *,
    actor,
    supplier: Supplier,
    occurred_on: date,
    kind: str,
    severity: str,
    description: str,
    item: Item | None = None,
    receipts=(),
    impact: str = "",
) -> Incident:
    """Log a disruption incident at a supplier (SPEC §1: operations leads log them): it goes
    on the supplier's timeline, and a quality incident of high or critical severity opens a
    corrective action (SPEC §7), as the incidents import does."""
    require_supplier_reach(actor, Incident, "add", supplier)
    receipts = list(receipts)
    _check_incident_links(actor=actor, supplier=supplier, item=item, receipts=receipts)
    _check_incident_unique(
        supplier=supplier, occurred_on=occurred_on, kind=kind, description=description
    )
    incident = model_create(
        actor=actor,
        model=Incident,
        data={
            "supplier": supplier,
            "occurred_on": occurred_on,
            "kind": kind,
            "severity": severity,
            "description": description,
            "item": item,
            "impact": impact,
        },
        m2m={"receipts": receipts},
    )
    _incident_on_timeline(incident=incident, verb="logged")
    incident_corrective_action_open(actor=actor, incident=incident)
    return incident


@transaction.atomic
def incident_update(*, actor, incident: Incident, data: dict, receipts=None) -> Incident:
    """Change an incident; raised to a high or critical quality incident, it opens its
    corrective action then (once: an incident keeps the action it has)."""
    unknown = set(data) - set(Incident.EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(_("Cannot change %(f)s here.") % {"f": ", ".join(sorted(unknown))})
    if not permissions.can_object(actor, "change", incident):
        raise PermissionDenied(_("You may not change this incident."))
    item = data.get("item", incident.item)
    linked = list(receipts) if receipts is not None else list(incident.receipts.all())
    _check_incident_links(actor=actor, supplier=incident.supplier, item=item, receipts=linked)
    _check_incident_unique(
        supplier=incident.supplier,
        occurred_on=data.get("occurred_on", incident.occurred_on),
        kind=data.get("kind", incident.kind),
        description=data.get("description", incident.description),
        exclude_pk=incident.pk,
    )
    severity_before = (incident.kind, incident.severity)
    incident, changed = model_update(
        actor=actor,
        instance=incident,
        data=data,
        m2m={"receipts": linked} if receipts is not None else None,
    )
    if changed and (incident.kind, incident.severity) != severity_before:
        _incident_on_timeline(incident=incident, verb="reclassified")
    incident_corrective_action_open(actor=actor, incident=incident)
    return incident
