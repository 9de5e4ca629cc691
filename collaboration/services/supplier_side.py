"""The supplier's side of the management track: answers to corrective actions and
requests, and score appeals that open a dispute (governance)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from governance import services as governance_services
from srm.core.notifications import notification_send
from srm.core.services import model_create

from ..models import (
    CorrectiveActionResponse,
    ScoreAppeal,
)
from .common import check_object, check_supplier


@transaction.atomic
def corrective_action_answer(
    *,
    actor,
    corrective_action,
    body: str,
    root_cause: str = "",
    planned_completion: date | None = None,
) -> CorrectiveActionResponse:
    """The supplier answers a corrective action plan; its owner is told."""
    check_supplier(
        actor=actor,
        model=CorrectiveActionResponse,
        action="add",
        supplier=corrective_action.supplier,
    )
    if corrective_action.status == "closed":
        raise ValidationError({"body": "This corrective action is closed."})
    response = model_create(
        actor=actor,
        model=CorrectiveActionResponse,
        data={
            "corrective_action": corrective_action,
            "author": actor if getattr(actor, "pk", None) else None,
            "body": body,
            "root_cause": root_cause,
            "planned_completion": planned_completion,
        },
    )
    notification_send(
        recipients=[corrective_action.owner],
        subject=f"{corrective_action.supplier.name} answered '{corrective_action.title}'",
        body=body[:500],
    )
    return response


@transaction.atomic
def score_appeal_open(*, actor, scorecard, reason: str) -> ScoreAppeal:
    """Contest a published monthly score: record the appeal and open a dispute on
    governance's escalation ladder (SPEC §3, §7)."""
    check_supplier(actor=actor, model=ScoreAppeal, action="add", supplier=scorecard.supplier)
    if not scorecard.published:
        raise ValidationError({"scorecard": "Only a published score can be contested."})
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say what is wrong with the score."})
    if ScoreAppeal.objects.filter(scorecard=scorecard).exists():
        raise ValidationError({"scorecard": "This score is already contested."})
    appeal = model_create(
        actor=actor,
        model=ScoreAppeal,
        data={
            "supplier": scorecard.supplier,
            "scorecard": scorecard,
            "author": actor if getattr(actor, "pk", None) else None,
            "reason": reason,
        },
    )
    appeal.dispute = governance_services.dispute_open(
        actor=actor,
        supplier=scorecard.supplier,
        subject=f"Score appeal: {scorecard.supplier.code} {scorecard.period:%Y-%m}",
        description=reason,
        scorecard=scorecard,
        # The supplier's right to contest its score was checked above (ScoreAppeal).
        check_reach=False,
    )
    appeal.save(update_fields=["dispute", "updated_at"])
    return appeal


def supplier_request_answer(*, actor, request, answer: str):
    """Answer a request to the supplier through governance's service (it records the
    first-answer time that ``response_hours`` measures)."""
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": "Write an answer."})
    check_object(actor=actor, action="view", obj=request)
    return governance_services.supplier_request_answer(actor=actor, request=request, answer=answer)
