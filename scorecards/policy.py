"""A proposed scoring policy (KPI targets, floors and weights, standing thresholds): its
validation, its what-if preview, and the registry through which the what-if page raises
it for sign-off instead of saving it.

Changing the policy can block suppliers (a D standing), so it is a governed decision:
governance registers the proposer (a *scoring policy change* decision request) in its
``AppConfig.ready()``, and applies the signed request with ``policy_apply``. A proposed
policy is plain JSON: ``{"kpis": {code: {"target", "floor", "weight"}}, "thresholds":
{"a_min", "b_min", "c_min"}}`` with numbers as strings; parts left out keep their value.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import scoring
from .models import KpiDefinition, ScoringPolicy

KPI_PARTS = ("target", "floor", "weight")
THRESHOLDS = ("a_min", "b_min", "c_min")


def policy_from_form(*, kpis: dict[str, dict], thresholds: dict) -> dict:
    """The JSON form of the what-if form's cleaned values."""
    return {
        "kpis": {code: {p: str(parts[p]) for p in KPI_PARTS} for code, parts in kpis.items()},
        "thresholds": {k: str(thresholds[k]) for k in THRESHOLDS},
    }


def policy_clean(proposed) -> dict:
    """A proposed policy checked by the what-if page's own rules (thresholds descend,
    a floor on the right side of its target, some weight), completed with the current
    values, in its JSON form. Raises ``ValidationError`` naming what is wrong."""
    from .forms import ScoringSettingsForm

    if not isinstance(proposed, dict) or not isinstance(proposed.get("kpis", {}), dict):
        raise ValidationError(_("A scoring policy names its kpis and thresholds."))
    kpis = list(KpiDefinition.objects.filter(is_active=True))
    known = {k.code for k in kpis}
    unknown = set(proposed.get("kpis", {})) - known
    if unknown:
        raise ValidationError(
            _("Unknown or inactive KPI(s): %(codes)s.") % {"codes": ", ".join(sorted(unknown))}
        )
    current = ScoringPolicy.objects.get_or_create(pk=1)[0]
    form = ScoringSettingsForm({}, kpis=kpis, policy=current)  # for its initial values only
    data = {name: form.initial[name] for name in form.fields}
    for code, parts in (proposed.get("kpis") or {}).items():
        if not isinstance(parts, dict):
            raise ValidationError(_("%(code)s: give target, floor or weight.") % {"code": code})
        for part in KPI_PARTS:
            if part in parts:
                data[f"{code}__{part}"] = parts[part]
    thresholds = proposed.get("thresholds") or {}
    if not isinstance(thresholds, dict):
        raise ValidationError(_("Thresholds are a_min, b_min and c_min."))
    for name in THRESHOLDS:
        if name in thresholds:
            data[name] = thresholds[name]
    form = ScoringSettingsForm(data, kpis=kpis, policy=current)
    if not form.is_valid():
        messages = [
            f"{name}: {' '.join(errs)}" if name != "__all__" else " ".join(errs)
            for name, errs in form.errors.items()
        ]
        raise ValidationError(" ".join(messages))
    return policy_from_form(kpis=form.kpi_changes(), thresholds=form.policy_changes())


def policy_preview(*, user, proposed: dict) -> dict:
    """The what-if preview of a cleaned proposed policy (12 months, the user's reach)."""
    from .whatif import whatif_preview

    definitions = [
        scoring.KpiDef(
            kpi.code,
            kpi.formula,
            kpi.direction,
            **{
                part: Decimal(proposed["kpis"].get(kpi.code, {}).get(part, getattr(kpi, part)))
                for part in KPI_PARTS
            },
            unit=kpi.unit,
        )
        for kpi in KpiDefinition.objects.filter(is_active=True)
    ]
    policy = scoring.Policy(**{k: Decimal(proposed["thresholds"][k]) for k in THRESHOLDS})
    return whatif_preview(user=user, definitions=definitions, policy=policy)


def policy_apply(*, actor, proposed: dict) -> int:
    """Save a signed scoring policy (audited) and start the recompute it needs."""
    from .services import scoring_settings_save

    return scoring_settings_save(
        actor=actor,
        kpis={
            code: {part: Decimal(value) for part, value in parts.items()}
            for code, parts in proposed.get("kpis", {}).items()
        },
        policy={k: Decimal(v) for k, v in proposed.get("thresholds", {}).items()},
    )


# --- the proposer: who turns a proposed policy into something to sign -----------------------

_proposer: Callable | None = None


def register_policy_change_proposer(fn: Callable) -> None:
    """``fn(*, actor, proposed, justification) -> object`` with ``get_absolute_url``:
    raises the proposed policy, with its what-if preview, for sign-off (governance)."""
    global _proposer
    _proposer = fn


def policy_change_propose(*, actor, proposed: dict, justification: str):
    if _proposer is None:
        raise ValidationError(_("Nobody may sign a scoring policy change: it cannot be raised."))
    return _proposer(actor=actor, proposed=proposed, justification=justification)
