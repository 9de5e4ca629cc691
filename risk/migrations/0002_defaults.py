"""The default risk dimensions of SPEC §6 (equal weights; weights are data) and who may
do what on risk. Every risk model is management track: the collaboration-only roles get
nothing here, and the choke point would refuse them anyway."""

from django.db import migrations

from srm.accounts.migration_utils import crud, ensure_permissions, grant

DIMENSIONS = [
    # code, name, method, description
    (
        "financial_health",
        "Financial health",
        "assessed",
        "From the latest credit rating (AAA/AA 1, A 2, BBB 3, BB 4, B and below 5) or a manual entry.",
    ),
    ("production_capacity", "Production capacity", "assessed", "Utilisation and headroom."),
    ("environmental_exposure", "Environmental exposure", "assessed", "Climate and site hazards."),
    ("cyber", "Cyber", "assessed", "Information security posture."),
    (
        "regulatory_geopolitical",
        "Regulatory and geopolitical",
        "assessed",
        "The country risk index of the supplier's country, or a later manual entry.",
    ),
    (
        "single_source",
        "Single-source dependency",
        "single_source",
        "Share of the supplier's categories where it is the only approved source: 0 → 1, 100% → 5.",
    ),
    (
        "performance",
        "Performance",
        "performance",
        "From the latest scorecard standing: A 1, B 2, C 4, D 5.",
    ),
]

MODELS = [
    "riskdimension",
    "riskassessment",
    "riskdimensionvalue",
    "countryrisk",
    "riskscore",
    "riskscorehistory",
    "continuityplan",
    "continuityexercise",
    "trainingrecord",
    "forecastaccuracyrecord",
    "incident",
    "compliancecheck",
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


def edit(*models):
    return [p for m in models for p in crud("risk", m, "add", "change")]


def forwards(apps, schema_editor):
    dimension_model = apps.get_model("risk", "RiskDimension")
    for order, (code, name, method, description) in enumerate(DIMENSIONS):
        dimension_model.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "method": method,
                "description": description,
                "order": order,
                "weight": 1,
            },
        )

    ensure_permissions(apps, "risk")
    view_all = [p for m in MODELS for p in crud("risk", m, "view")]
    grants = {role: list(view_all) for role in READERS}
    assess = edit("riskassessment", "riskdimensionvalue")
    continuity = edit("continuityplan", "continuityexercise")
    regional = edit("trainingrecord", "forecastaccuracyrecord", "incident", "compliancecheck")
    grants["category_manager"] += assess + continuity
    grants["procurement_analyst"] += (
        assess
        + continuity
        + regional
        + edit("countryrisk")
        + crud("risk", "riskdimension", "change")
    )
    grants["operations_lead"] += continuity + regional
    grants["legal_reviewer"] += edit("compliancecheck")
    for role in ("executive_sponsor", "steering_committee"):
        grants[role] += crud("risk", "riskdimension", "change")
    grant(apps, grants)


class Migration(migrations.Migration):
    dependencies = [
        ("risk", "0001_initial"),
        ("accounts", "0003_default_roles"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
