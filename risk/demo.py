"""Demo data for risk: manual assessments with evidence for most suppliers (some
overdue for review), credit ratings, country risk for the demo countries, continuity
plans for critical items (some with gaps) and their exercises, and 24 months of
training, forecast-against-actual, incident and compliance records for the regional
view. Bulk inserts; one audit row per bulk step. The recompute (order 90) scores it.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from srm.accounts.roles import RoleCode
from srm.audit.services import AuditSubject, audit_record
from srm.core.actors import SYSTEM
from srm.core.demo import DemoContext
from suppliers.models import Contract, ContractStatus, SupplierStatus

from . import engine
from .models import (
    ComplianceCheck,
    ContinuityExercise,
    ContinuityPlan,
    CountryRisk,
    DimensionCode,
    ForecastAccuracyRecord,
    Incident,
    IncidentKind,
    RiskAssessment,
    RiskDimension,
    RiskDimensionValue,
    Severity,
    TrainingRecord,
)

COUNTRY_INDEX = {
    "SE": 1.0, "FI": 1.0, "DE": 1.5, "NL": 1.0, "CA": 1.5, "JP": 1.5, "US": 2.0, "GB": 2.0,
    "FR": 2.0, "IT": 2.5, "ES": 2.0, "CZ": 2.0, "PL": 2.5, "KR": 2.5, "TW": 3.5, "MY": 3.0,
    "TH": 3.0, "IN": 3.0, "VN": 3.5, "MX": 3.5, "BR": 3.0, "TR": 4.0, "CN": 4.0,
}  # fmt: skip
RATINGS = ["AA", "A+", "A", "A-", "BBB+", "BBB", "BBB-", "BB+", "BB", "B+", "B", "CCC"]
EVIDENCE = {
    DimensionCode.FINANCIAL_HEALTH: [
        "Audited accounts show net cash and growing margins.",
        "Stable revenue; debt within covenants.",
        "Margins under pressure; working capital tight.",
        "Payment delays to sub-suppliers reported; bank covenant waiver.",
        "Going-concern note in the latest annual report.",
    ],
    DimensionCode.PRODUCTION_CAPACITY: [
        "Utilisation around 60 %; second shift available.",
        "Utilisation 70-75 %; headroom for a 20 % ramp.",
        "Utilisation 85 %; ramp needs six weeks' notice.",
        "Running at 95 %; overtime every weekend.",
        "At capacity; allocating output between customers.",
    ],
    DimensionCode.ENVIRONMENTAL: [
        "No natural-hazard exposure at the sites; ISO 14001 certified.",
        "Minor flood zone at the warehouse; insured.",
        "Plant in a drought-prone region; water permits renewed yearly.",
        "Main plant in a typhoon corridor; two closures in three years.",
        "Single site on a flood plain; no secondary site.",
    ],
    DimensionCode.CYBER: [
        "ISO/IEC 27001 certified; annual penetration test clean.",
        "Security questionnaire complete; MFA everywhere.",
        "Questionnaire partly answered; no incident response plan yet.",
        "Ransomware incident last year; recovery took nine days.",
        "Unpatched remote access found in the audit; no security officer.",
    ],
    DimensionCode.REGULATORY: [
        "Stable regulation; no sanctions exposure.",
        "Export licences in place for all items.",
        "New due-diligence law applies from next year.",
        "Exposure to tariff changes on the main export lane.",
        "Sanctions screening flags a shareholder.",
    ],
}
PROFILE_BIAS = {"excellent": -1, "good": 0, "average": 0, "failing": 1}
RATING_START = {"excellent": 1, "good": 3, "average": 4, "failing": 8}
INCIDENT_RATE = {"excellent": 0.02, "good": 0.03, "average": 0.05, "failing": 0.12}
TOPICS = [
    "Quality basics (8D)",
    "Packaging standard",
    "EDI onboarding",
    "Cyber hygiene",
    "Code of conduct",
    "Lean workshop",
    "Safety walk",
]
REGULATIONS = ["REACH", "RoHS", "Conflict minerals", "GDPR", "Modern slavery", "Export control"]
REGION_TRAINING = {"EMEA": 1.3, "Americas": 1.0, "APAC": 0.7}
REGION_FORECAST_NOISE = {"EMEA": 0.08, "Americas": 0.12, "APAC": 0.18}
REGION_COMPLIANCE = {"EMEA": 0.93, "Americas": 0.88, "APAC": 0.8}
HISTORY_MONTHS = 12
PLAYBOOK = [
    "Confirm the disruption with the supplier's site manager",
    "Freeze open orders and check the buffer stock",
    "Call off volume from the alternate source",
    "Inform customer service of revised lead times",
    "Daily status call until recovery",
]


def _month_start(day: date, back: int) -> date:
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def _profile(supplier) -> str:
    """The supplier seeder's delivery profile name (``average`` when it has none)."""
    profile = getattr(supplier, "demo_profile", None)
    return getattr(profile, "name", "average")


def _clamp(value: int) -> int:
    return max(1, min(5, value))


def seed(ctx: DemoContext) -> None:
    suppliers = ctx.shared["suppliers"]
    users = ctx.shared["users"]
    dimensions = {d.code: d for d in RiskDimension.objects.all()}
    counts = {}
    counts["country_indices"] = _country_risk(ctx, suppliers)
    counts.update(_assessments(ctx, suppliers, users, dimensions))
    counts["credit_ratings"] = _credit_ratings(ctx, suppliers, dimensions)
    counts.update(_continuity(ctx, suppliers, users))
    counts.update(_regional(ctx, suppliers))
    audit_record(
        actor=SYSTEM,
        action="seed_demo",
        subject=AuditSubject("risk.riskassessment", "*", "demo risk data"),
        after=counts,
    )
    ctx.stdout("  risk: " + ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items()))


def seed_history(ctx: DemoContext) -> None:
    """After the recompute: the risk as it stood at the end of each of the last months,
    oldest first, so past monthly reviews have their top risks and the supplier timelines
    their level changes (dated then; nobody is notified of the past)."""
    from datetime import datetime, time

    from django.utils import timezone

    from .recompute import risk_recompute

    months = min(ctx.months, HISTORY_MONTHS)
    for back in range(months - 1, 0, -1):
        month_end = _month_start(ctx.today, back - 1) - timedelta(days=1)
        risk_recompute(
            as_of=month_end,
            notify=False,
            occurred_at=timezone.make_aware(datetime.combine(month_end, time(23, 0))),
        )
    counts = risk_recompute(as_of=ctx.today, notify=False)
    ctx.stdout(
        f"  risk history: {months} month ends, {counts['risk_scored']} suppliers scored "
        f"as of {ctx.today}"
    )


def _country_risk(ctx, suppliers) -> int:
    rng, today = ctx.rng, ctx.today
    rows = []
    for code in sorted({s.country.code for s in suppliers}):
        base = COUNTRY_INDEX.get(code, 3.0)
        for back in sorted({ctx.months, 3}, reverse=True):
            index = min(5.0, max(1.0, base + rng.choice([-0.5, 0, 0, 0.5])))
            rows.append(
                CountryRisk(
                    country=code, as_of=_month_start(today, back), index=Decimal(str(index))
                )
            )
    CountryRisk.objects.bulk_create(rows)
    return len(rows)


def _assessments(ctx, suppliers, users, dimensions) -> dict:
    rng, today = ctx.rng, ctx.today
    assessors = [users[RoleCode.CATEGORY_MANAGER], users[RoleCode.PROCUREMENT_ANALYST]]
    assessed = [
        s
        for s in suppliers
        if s.status != SupplierStatus.EXITED
        and rng.random() < (0.9 if s.status == "approved" else 0.5)
    ]
    assessments, plans = [], []
    for supplier in assessed:
        bias = PROFILE_BIAS.get(_profile(supplier), 0)
        if bias > 0 and rng.random() < 0.4:
            bias += 1  # a distressed supplier: several dimensions at the top of the scale
        # Most were assessed within the year; some long ago (their review is overdue).
        rounds = 2 if rng.random() < 0.35 else 1
        latest_back = rng.choice([5, 20, 40, 70, 100, 150, 200, 300, 420])
        for round_number in range(rounds):
            back = latest_back + (rounds - 1 - round_number) * rng.randint(120, 240)
            assessed_on = today - timedelta(days=back)
            if assessed_on < _month_start(today, ctx.months):
                continue
            assessment = RiskAssessment(
                supplier=supplier,
                assessed_on=assessed_on,
                assessed_by=rng.choice(assessors),
                summary="Yearly risk review."
                if round_number
                else "Risk review with the category team.",
            )
            assessments.append(assessment)
            values = {}
            for code in EVIDENCE:
                if code == DimensionCode.REGULATORY and rng.random() < 0.6:
                    continue  # usually left to the country index
                value = _clamp(rng.choice([1, 2, 2, 3, 3, 4]) + bias + rng.choice([-1, 0, 0, 1]))
                values[code] = value
            plans.append((assessment, values))
    RiskAssessment.objects.bulk_create(assessments)
    value_rows = [
        RiskDimensionValue(
            supplier=assessment.supplier,
            dimension=dimensions[code],
            value=value,
            observed_on=assessment.assessed_on,
            source=RiskDimensionValue.Source.MANUAL,
            evidence=EVIDENCE[code][value - 1],
            assessment=assessment,
        )
        for assessment, values in plans
        for code, value in values.items()
    ]
    RiskDimensionValue.objects.bulk_create(value_rows, batch_size=2000)
    return {"assessments": len(assessments), "assessed_values": len(value_rows)}


def _credit_ratings(ctx, suppliers, dimensions) -> int:
    rng, today = ctx.rng, ctx.today
    rows = []
    for supplier in suppliers:
        if supplier.status != SupplierStatus.APPROVED or rng.random() > 0.6:
            continue
        position = RATING_START.get(_profile(supplier), 4)
        for back in sorted(
            rng.sample(range(1, ctx.months), k=min(2, ctx.months - 1)), reverse=True
        ):
            position = max(0, min(len(RATINGS) - 1, position + rng.choice([-1, 0, 0, 1])))
            rating = RATINGS[position]
            rows.append(
                RiskDimensionValue(
                    supplier=supplier,
                    dimension=dimensions[DimensionCode.FINANCIAL_HEALTH],
                    value=engine.credit_rating_value(rating),
                    observed_on=_month_start(today, back),
                    source=RiskDimensionValue.Source.CREDIT_RATING,
                    rating=rating,
                    evidence="Rating agency feed (demo)",
                )
            )
    RiskDimensionValue.objects.bulk_create(rows)
    return len(rows)


def _continuity(ctx, suppliers, users) -> dict:
    rng, today = ctx.rng, ctx.today
    supplier_items = ctx.shared.get("supplier_items", {})
    by_id = {s.pk: s for s in suppliers}
    sources: dict[int, list] = {}
    items = {}
    for supplier_id in sorted(supplier_items):
        supplier = by_id[supplier_id]
        if supplier.status != SupplierStatus.APPROVED:
            continue
        for item, _price in supplier_items[supplier_id]:
            if item.is_critical:
                sources.setdefault(item.pk, []).append(supplier)
                items[item.pk] = item
    active = {}
    for contract in Contract.objects.filter(status=ContractStatus.ACTIVE).order_by(
        "start_date", "pk"
    ):
        active[contract.supplier_id] = contract
    owners = [users[RoleCode.OPERATIONS_LEAD]]
    plans, alternates, exercises = [], [], []
    left_single = False
    for item_id in sorted(sources):
        if rng.random() < 0.2:
            continue  # a critical item left without a plan: a gap
        primary, *others = sources[item_id]
        plan = ContinuityPlan(
            item=items[item_id],
            supplier=primary,
            contract=active.get(primary.pk),
            rto_hours=rng.choice([24, 48, 72, 96, 168]),
            trigger_points="Stoppage longer than 24 h; two late deliveries in a row.",
            playbook_steps="\n".join(PLAYBOOK[: rng.randint(3, len(PLAYBOOK))]),
            buffer_stock_qty=Decimal(rng.choice([200, 500, 1000, 2500])),
            buffer_stock_days=rng.choice([5, 10, 14, 21, 30]),
            owner=rng.choice(owners),
        )
        plans.append(plan)
        named = others[:2] if others else []
        if not others and not left_single:
            left_single = True  # one single-source item left without an alternate: a gap
        elif not others and rng.random() < 0.5:
            # An alternate qualified but not yet buying: named on the plan.
            pool = [
                s for s in suppliers if s.status == SupplierStatus.APPROVED and s is not primary
            ]
            named = [rng.choice(pool)] if pool else []
        alternates.append((plan, named))
        for _ in range(rng.choice([0, 1, 1, 2, 3])):
            held = today - timedelta(days=rng.randint(10, 400))
            exercises.append(
                ContinuityExercise(
                    plan=plan,
                    held_on=held,
                    scenario=rng.choice(
                        [
                            "Plant fire",
                            "Port strike",
                            "Ransomware at supplier",
                            "Flood",
                            "Insolvency",
                        ]
                    ),
                    participants="Operations, category management, supplier",
                    findings=rng.choice(
                        [
                            "Buffer covered the outage; call-off to the alternate took too long.",
                            "Contact list outdated; playbook step 3 unclear.",
                            "Recovery within the objective.",
                            "Alternate source needs tooling transfer: 6 weeks.",
                        ]
                    ),
                )
            )
    ContinuityPlan.objects.bulk_create(plans)
    through = ContinuityPlan.alternate_sources.through
    through.objects.bulk_create(
        [
            through(continuityplan_id=p.pk, supplier_id=s.pk)
            for p, named in alternates
            for s in named
        ]
    )
    ContinuityExercise.objects.bulk_create(exercises)
    return {"continuity_plans": len(plans), "exercises": len(exercises)}


def _regional(ctx, suppliers) -> dict:
    from .services import incident_corrective_action_open

    rng, today = ctx.rng, ctx.today
    supplier_items = ctx.shared.get("supplier_items", {})
    training, forecasts, incidents, checks = [], [], [], []
    active = [
        s for s in suppliers if s.status in (SupplierStatus.APPROVED, SupplierStatus.SUSPENDED)
    ]
    for supplier in active:
        profile = _profile(supplier)
        region = supplier.region
        for back in range(ctx.months - 1, -1, -1):
            month = _month_start(today, back)
            last_day = min(today, (_month_start(today, back - 1) - timedelta(days=1)))
            span = (last_day - month).days + 1
            if span <= 0:
                continue
            if rng.random() < 0.3 * REGION_TRAINING[region]:
                training.append(
                    TrainingRecord(
                        supplier=supplier,
                        trained_on=month + timedelta(days=rng.randrange(span)),
                        hours=Decimal(rng.choice([2, 4, 4, 6, 8, 16])),
                        topic=rng.choice(TOPICS),
                    )
                )
            noise = REGION_FORECAST_NOISE[region] * (1.6 if profile == "failing" else 1.0)
            for item, _price in supplier_items.get(supplier.pk, [])[:2]:
                forecast = Decimal(rng.choice([200, 500, 800, 1000, 2000]))
                actual = None
                if back > 0:  # the current month has no actual yet
                    actual = (forecast * Decimal(str(1 + rng.gauss(0, noise)))).quantize(Decimal(1))
                    actual = max(Decimal(0), actual)
                forecasts.append(
                    ForecastAccuracyRecord(
                        supplier=supplier,
                        item=item,
                        period=month,
                        forecast_qty=forecast,
                        actual_qty=actual,
                    )
                )
            incident_rate = INCIDENT_RATE.get(profile, 0.05)
            if rng.random() < incident_rate:
                kind = rng.choice(
                    [IncidentKind.QUALITY, IncidentKind.DELIVERY, IncidentKind.LOGISTICS,
                     IncidentKind.CAPACITY, IncidentKind.CYBER, IncidentKind.NATURAL_HAZARD]
                )  # fmt: skip
                severity = rng.choice(
                    [Severity.LOW, Severity.MEDIUM, Severity.MEDIUM, Severity.HIGH]
                )
                if kind == IncidentKind.QUALITY and severity == Severity.HIGH and back > 3:
                    severity = Severity.MEDIUM  # old high-severity quality incidents are closed out
                incidents.append(
                    Incident(
                        supplier=supplier,
                        occurred_on=month + timedelta(days=rng.randrange(span)),
                        kind=kind,
                        severity=severity,
                        description=f"{kind.label} issue reported by receiving ({month:%b %Y})",
                    )
                )
            if month.month in (3, 9) and rng.random() < 0.7:
                passed_p = REGION_COMPLIANCE[region] - (0.15 if profile == "failing" else 0)
                checks.append(
                    ComplianceCheck(
                        supplier=supplier,
                        checked_on=month + timedelta(days=rng.randrange(span)),
                        regulation=rng.choice(REGULATIONS),
                        passed=rng.random() < passed_p,
                    )
                )
    recent = [i for i in incidents if i.occurred_on >= _month_start(today, 2)]
    if recent and not any(i.opens_corrective_action for i in recent):
        # Show the rule at work: the latest incident was a serious quality problem.
        latest = max(recent, key=lambda i: (i.occurred_on, i.supplier.code))
        latest.kind, latest.severity = IncidentKind.QUALITY, Severity.HIGH
        latest.description = f"Cracked housings in incoming inspection ({latest.occurred_on:%b %Y})"
    TrainingRecord.objects.bulk_create(training, batch_size=2000, ignore_conflicts=True)
    ForecastAccuracyRecord.objects.bulk_create(forecasts, batch_size=2000)
    Incident.objects.bulk_create(incidents, batch_size=2000, ignore_conflicts=True)
    ComplianceCheck.objects.bulk_create(checks, batch_size=2000, ignore_conflicts=True)
    opened = 0
    for incident in Incident.objects.filter(
        kind=IncidentKind.QUALITY, severity__in=[Severity.HIGH, Severity.CRITICAL]
    ).select_related("supplier__relationship_owner"):
        if incident_corrective_action_open(actor=SYSTEM, incident=incident):
            opened += 1
    return {
        "training_records": len(training),
        "forecast_records": len(forecasts),
        "incidents": len(incidents),
        "compliance_checks": len(checks),
        "corrective_actions": opened,
    }
