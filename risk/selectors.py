"""Reads of the risk domain. Each takes the user, so permission filtering happens here."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Window,
)
from django.db.models.functions import Abs, RowNumber
from django.shortcuts import get_object_or_404

from srm.core import permissions
from srm.core.permissions import can, restrict
from suppliers.models import (
    ContractPrice,
    ContractStatus,
    Item,
    Receipt,
    Region,
    ServiceLevel,
    ServiceLevelMetric,
    Supplier,
)

from . import engine
from .models import (
    ComplianceCheck,
    ContinuityExercise,
    ContinuityPlan,
    ForecastAccuracyRecord,
    Incident,
    RiskAssessment,
    RiskDimension,
    RiskDimensionValue,
    RiskLevel,
    RiskScore,
    RiskScoreHistory,
    Segment,
    TrainingRecord,
)

SOURCE_WINDOW_DAYS = 365


def supplier_risk_level(supplier) -> str | None:
    """The supplier's current risk level; the latest one in its history when the current
    row has none. ``None`` without risk data. (Registered as the suppliers' risk-level
    provider, for governance's high-impact rule.)"""
    level = (
        RiskScore.objects.filter(supplier=supplier)
        .exclude(level__isnull=True)
        .exclude(level="")
        .values_list("level", flat=True)
        .first()
    )
    if not level:
        level = (
            RiskScoreHistory.objects.filter(supplier=supplier)
            .exclude(level__isnull=True)
            .exclude(level="")
            .order_by("-as_of", "-pk")
            .values_list("level", flat=True)
            .first()
        )
    return level or None


def supplier_risk_summary(supplier) -> dict | None:
    """The supplier's current composite, level and Kraljic segment; ``None`` without a
    score. (Registered as the suppliers' risk-summary provider, for the signers of a
    new-supplier approval.)"""
    row = (
        RiskScore.objects.filter(supplier=supplier).values("composite", "level", "segment").first()
    )
    return row


def dimension_list() -> list[RiskDimension]:
    return list(RiskDimension.objects.filter(is_active=True))


def risk_score_list(*, user) -> QuerySet[RiskScore]:
    return restrict(RiskScore.objects.all(), user).select_related("supplier")


def risk_score_of(*, user, supplier: Supplier) -> RiskScore | None:
    return restrict(RiskScore.objects.filter(supplier=supplier), user).first()


def risk_history(*, user, supplier: Supplier, limit: int = 24) -> QuerySet[RiskScoreHistory]:
    return restrict(RiskScoreHistory.objects.filter(supplier=supplier), user)[:limit]


def risk_values(*, user, supplier: Supplier, limit: int = 100) -> QuerySet[RiskDimensionValue]:
    """Every recorded dimension value of the supplier with its evidence, newest first."""
    return restrict(RiskDimensionValue.objects.filter(supplier=supplier), user).select_related(
        "dimension", "assessment__assessed_by"
    )[:limit]


def risk_assessments(*, user, supplier: Supplier, limit: int = 10) -> QuerySet[RiskAssessment]:
    return restrict(RiskAssessment.objects.filter(supplier=supplier), user).select_related(
        "assessed_by"
    )[:limit]


def overdue_reviews(*, user, today: date) -> QuerySet[RiskScore]:
    """Suppliers whose risk review is overdue (SPEC §7), or who were never reviewed;
    the longest overdue first."""
    return (
        risk_score_list(user=user)
        .filter(Q(review_due_on__lt=today) | Q(review_due_on__isnull=True))
        .exclude(supplier__status="exited")
        .order_by(F("review_due_on").asc(nulls_first=True), "-composite")
    )


def kraljic_points(*, user) -> list[dict]:
    """One point per scored supplier for the matrix: spend share against composite."""
    rows = (
        risk_score_list(user=user)
        .filter(composite__isnull=False, segment__isnull=False)
        .values_list("supplier__code", "supplier__name", "spend_share", "composite", "segment")
    )
    return [
        {"code": c, "name": n, "x": float(share), "y": float(composite), "segment": segment}
        for c, n, share, composite, segment in rows
    ]


# --- review and agenda -------------------------------------------------------------


def top_risks(*, user, on: date, limit: int = 10) -> list[dict]:
    """The suppliers at high or critical risk as it stood on ``on`` (from the history),
    highest composite first; plain values only."""
    if not can(user, "view", RiskScoreHistory):
        return []
    latest = (
        restrict(RiskScoreHistory.objects.filter(as_of__lte=on), user)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("supplier_id")],
                order_by=[F("as_of").desc(), F("id").desc()],
            )
        )
        .filter(rank=1)
        .values_list(
            "supplier__code",
            "supplier__name",
            "composite",
            "level",
            "segment",
            "as_of",
            "dimensions",
        )
    )
    rows = [r for r in latest if r[3] in (RiskLevel.HIGH, RiskLevel.CRITICAL)]
    rows.sort(key=lambda r: (-(r[2] or 0), r[0]))
    result = []
    dimension_names = dict(RiskDimension.objects.values_list("code", "name"))
    for code, name, composite, level, segment, as_of, dimensions in rows[:limit]:
        worst = sorted(dimensions.items(), key=lambda kv: (-kv[1], kv[0]))[:2]
        result.append(
            {
                "supplier_code": code,
                "supplier_name": name,
                "composite": float(composite),
                "level": level,
                "segment": segment or "",
                "segment_label": Segment(segment).label if segment else "",
                "as_of": as_of.isoformat(),
                "drivers": [
                    {"code": k, "name": dimension_names.get(k, k), "value": v} for k, v in worst
                ],
            }
        )
    return result


# --- continuity ----------------------------------------------------------------------


def plan_list(*, user) -> QuerySet[ContinuityPlan]:
    last_exercise = ContinuityExercise.objects.filter(plan=OuterRef("pk")).order_by("-held_on")
    return (
        restrict(ContinuityPlan.objects.all(), user)
        .select_related("item", "supplier", "contract", "owner")
        .prefetch_related("alternate_sources")
        .annotate(last_exercised=Subquery(last_exercise.values("held_on")[:1]))
    )


def plan_get(*, user, pk: int) -> ContinuityPlan:
    return get_object_or_404(plan_list(user=user), pk=pk)


def plan_exercises(*, user, plan: ContinuityPlan) -> QuerySet[ContinuityExercise]:
    return restrict(ContinuityExercise.objects.filter(plan=plan), user)


@dataclass(frozen=True)
class GapRow:
    item: Item
    supplier: Supplier | None
    plan: ContinuityPlan | None
    gap: engine.Gap


def item_sources(item_ids, today: date) -> dict[int, set[int]]:
    """Who supplies each item: suppliers with a price for it on an active contract, or
    with receipts of it in the last 12 months (two queries)."""
    sources: dict[int, set[int]] = defaultdict(set)
    for item_id, supplier_id in (
        ContractPrice.objects.filter(item_id__in=item_ids, contract__status=ContractStatus.ACTIVE)
        .values_list("item_id", "contract__supplier_id")
        .distinct()
    ):
        sources[item_id].add(supplier_id)
    for item_id, supplier_id in (
        Receipt.objects.filter(
            item_id__in=item_ids, received_date__gt=today - timedelta(days=SOURCE_WINDOW_DAYS)
        )
        .values_list("item_id", "supplier_id")
        .distinct()
    ):
        sources[item_id].add(supplier_id)
    return sources


def recovery_sla(plans: list[ContinuityPlan], today: date) -> dict[int, Decimal]:
    """The recovery-hours SLA each plan must meet: its contract's target in force today,
    else the strictest of the supplier's active contracts (two queries)."""
    supplier_ids = {p.supplier_id for p in plans}
    contract_ids = {p.contract_id for p in plans if p.contract_id}
    active: dict[int, set[int]] = defaultdict(set)
    for supplier_id, contract_id in (
        ServiceLevel.objects.filter(
            contract__supplier_id__in=supplier_ids, contract__status=ContractStatus.ACTIVE
        )
        .values_list("contract__supplier_id", "contract_id")
        .distinct()
    ):
        active[supplier_id].add(contract_id)
    in_force: dict[int, tuple[date, Decimal]] = {}
    for contract_id, effective_from, target in ServiceLevel.objects.filter(
        Q(contract_id__in=contract_ids) | Q(contract_id__in=set().union(*active.values(), set())),
        metric=ServiceLevelMetric.RECOVERY_HOURS,
        effective_from__lte=today,
    ).values_list("contract_id", "effective_from", "target"):
        if contract_id not in in_force or effective_from > in_force[contract_id][0]:
            in_force[contract_id] = (effective_from, target)
    result = {}
    for plan in plans:
        contracts = {plan.contract_id} if plan.contract_id else active.get(plan.supplier_id, set())
        targets = [in_force[c][1] for c in contracts if c in in_force]
        if targets:
            result[plan.pk] = min(targets)
    return result


def plan_facts(plans: list[ContinuityPlan], today: date) -> dict[int, engine.PlanFacts]:
    """What the gap flags need for each plan (``plans`` from ``plan_list``)."""
    sources = item_sources({p.item_id for p in plans}, today)
    sla = recovery_sla(plans, today)
    return {
        plan.pk: engine.PlanFacts(
            source_count=len(sources.get(plan.item_id, set()) | {plan.supplier_id}),
            alternate_count=len(plan.alternate_sources.all()),
            last_exercised=plan.last_exercised,
            rto_hours=plan.rto_hours,
            sla_recovery_hours=sla.get(plan.pk),
        )
        for plan in plans
    }


def _critical_items_in_reach(user) -> QuerySet[Item]:
    """Critical items: all of them for a user who reaches every supplier, else those of
    the categories granted to the user."""
    items = Item.objects.filter(is_critical=True).select_related("category")
    if permissions.supplier_scope(user, ContinuityPlan, "view") is None:
        return items
    return items.filter(category__in=permissions.granted_category_ids(user))


def continuity_gaps(*, user, today: date) -> list[GapRow]:
    """Every continuity gap within the user's reach (SPEC §6): critical items without a
    plan, and each plan's flags (single source without an alternate, not exercised in
    90 days, recovery time objective beyond the SLA). A fixed number of queries."""
    if not can(user, "view", ContinuityPlan):
        return []
    plans = list(plan_list(user=user))
    facts = plan_facts(plans, today)
    rows = []
    planned_items = set(ContinuityPlan.objects.values_list("item_id", flat=True))
    for item in _critical_items_in_reach(user).exclude(pk__in=planned_items):
        rows.append(GapRow(item, None, None, engine.Gap(engine.GAP_NO_PLAN, "no plan on file")))
    for plan in plans:
        for gap in engine.plan_gaps(facts[plan.pk], today):
            rows.append(GapRow(plan.item, plan.supplier, plan, gap))
    rows.sort(key=lambda r: (r.item.code, r.supplier.code if r.supplier else "", r.gap.code))
    return rows


# --- regional view -------------------------------------------------------------------


def region_figures(*, user, span: engine.QuarterSpan) -> dict[str, engine.RegionFigures]:
    """The four regional figures of SPEC §8 per region over whole quarters: four
    grouped queries over the records within the user's reach."""
    sums: dict[str, dict] = {r.value: {} for r in Region}
    start, end = span.start, span.end

    for region, hours in (
        restrict(TrainingRecord.objects.filter(trained_on__range=(start, end)), user)
        .order_by()
        .values("supplier__region")
        .annotate(total=Sum("hours"))
        .values_list("supplier__region", "total")
    ):
        sums[region]["training_hours"] = Decimal(str(hours or 0))

    error = ExpressionWrapper(
        Abs(F("forecast_qty") - F("actual_qty")),
        output_field=DecimalField(max_digits=18, decimal_places=3),
    )
    for region, abs_error, actual in (
        restrict(
            ForecastAccuracyRecord.objects.filter(
                period__range=(start, end), actual_qty__isnull=False
            ),
            user,
        )
        .order_by()
        .values("supplier__region")
        .annotate(abs_error=Sum(error), actual=Sum("actual_qty"))
        .values_list("supplier__region", "abs_error", "actual")
    ):
        sums[region]["forecast_abs_error"] = Decimal(str(abs_error or 0))
        sums[region]["forecast_actual"] = Decimal(str(actual or 0))

    for region, count in (
        restrict(Incident.objects.filter(occurred_on__range=(start, end)), user)
        .order_by()
        .values("supplier__region")
        .annotate(n=Count("pk"))
        .values_list("supplier__region", "n")
    ):
        sums[region]["incidents"] = count

    for region, checks, passed in (
        restrict(ComplianceCheck.objects.filter(checked_on__range=(start, end)), user)
        .order_by()
        .values("supplier__region")
        .annotate(n=Count("pk"), passed=Count("pk", filter=Q(passed=True)))
        .values_list("supplier__region", "n", "passed")
    ):
        sums[region]["checks"] = checks
        sums[region]["checks_passed"] = passed

    return {
        region: engine.region_figures(engine.RegionInputs(**values), span.quarters)
        for region, values in sums.items()
        if region in sums
    }


def incident_list(*, user):
    return restrict(Incident.objects.all(), user).select_related(
        "supplier", "item", "corrective_action"
    )


def supplier_incidents(*, user, supplier, limit: int = 10):
    """The supplier's latest incidents (for its risk tab), newest first."""
    return incident_list(user=user).filter(supplier=supplier)[:limit]
