"""The default KPI definitions and standing thresholds of SPEC §5, and who may do what."""

from decimal import Decimal

from django.db import migrations

from srm.accounts.migration_utils import crud, ensure_permissions, grant

KPIS = [
    # code, name, unit, direction, target, floor, weight, track, cadence
    ("otif", "On time in full", "%", "higher", "95", "80", "30", "management", "monthly"),
    ("defect_rate", "Defect rate", "%", "lower", "0.5", "3.0", "20", "management", "monthly"),
    ("rejection_rate", "Rejection rate", "%", "lower", "0.5", "3.0", "10", "management", "monthly"),
    (
        "lead_time_var",
        "Lead-time variability",
        "days",
        "lower",
        "2",
        "10",
        "15",
        "management",
        "monthly",
    ),
    ("cost_variance", "Cost variance", "%", "lower", "0", "5", "15", "management", "monthly"),
    (
        "response_hours",
        "Response time to requests",
        "hours",
        "lower",
        "48",
        "168",
        "10",
        "management",
        "monthly",
    ),
    (
        "improvements",
        "Supplier-led improvements",
        "count",
        "higher",
        "4",
        "0",
        "0",
        "collaboration",
        "trailing_12m",
    ),
]

READERS = [
    "executive_sponsor",
    "steering_committee",
    "category_manager",
    "contract_owner",
    "operations_lead",
    "procurement_analyst",
    "finance_approver",
    "legal_reviewer",
    "auditor",
]


def forwards(apps, schema_editor):
    kpi_model = apps.get_model("scorecards", "KpiDefinition")
    for order, (code, name, unit, direction, target, floor, weight, track, cadence) in enumerate(
        KPIS
    ):
        kpi_model.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "formula": code,
                "unit": unit,
                "direction": direction,
                "target": Decimal(target),
                "floor": Decimal(floor),
                "weight": Decimal(weight),
                "kpi_track": track,
                "cadence": cadence,
                "order": order,
            },
        )
    apps.get_model("scorecards", "ScoringPolicy").objects.get_or_create(pk=1)

    ensure_permissions(apps, "scorecards")
    view_all = [
        p
        for m in ("kpidefinition", "scoringpolicy", "scorecard", "recomputerun", "correctiveaction")
        for p in crud("scorecards", m, "view")
    ]
    tune = crud("scorecards", "kpidefinition", "change") + crud(
        "scorecards", "scoringpolicy", "change"
    )
    act = crud("scorecards", "correctiveaction", "add", "change")
    grants = {role: list(view_all) for role in READERS}
    for role in ("executive_sponsor", "steering_committee", "procurement_analyst"):
        grants[role] += tune
    for role in ("category_manager", "operations_lead", "procurement_analyst"):
        grants[role] += act
    grants["procurement_analyst"] += crud("scorecards", "recomputerun", "add")
    grant(apps, grants)


class Migration(migrations.Migration):
    dependencies = [
        ("scorecards", "0001_initial"),
        ("accounts", "0003_default_roles"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
