"""Default permissions of each role on the collaboration track (SPEC §2, §3).

Roles without the collaboration track (contract owner, finance approver, legal
reviewer) get nothing here: the track guard would refuse them anyway. The supplier
collaborator also reads its own scorecard summary and corrective actions, which its
sharing policy then narrows (``srm.core.permissions``).
"""

from django.db import migrations

from srm.accounts.migration_utils import crud, ensure_permissions, grant

MODELS = [
    "pilot",
    "pilottask",
    "idea",
    "roadmapitem",
    "forecast",
    "forecastline",
    "sharingpolicy",
    "correctiveactionresponse",
    "scoreappeal",
]
WORK = ["pilot", "pilottask", "idea", "roadmapitem"]


def view(*models):
    return [p for m in models for p in crud("collaboration", m, "view")]


def edit(*models):
    return [p for m in models for p in crud("collaboration", m, "add", "change")]


REVIEW = ["collaboration.review_idea"]
FORECASTING = edit("forecast")
POLICY = edit("sharingpolicy")

GRANTS = {
    "executive_sponsor": view(*MODELS) + POLICY,
    "steering_committee": view(*MODELS),
    "category_manager": view(*MODELS) + edit(*WORK) + REVIEW + FORECASTING + POLICY,
    "operations_lead": view(*MODELS) + edit(*WORK) + FORECASTING,
    "procurement_analyst": view(*MODELS) + edit(*WORK) + REVIEW + FORECASTING + POLICY,
    # An engineer on a pilot: the joint work, not the supplier's performance matters.
    "collaboration_member": view(*WORK, "forecast", "forecastline", "sharingpolicy")
    + edit(*WORK)
    + REVIEW,
    "supplier_collaborator": view(*MODELS)
    + crud("collaboration", "idea", "add")
    + edit("pilottask")
    + ["collaboration.acknowledge_forecast"]
    + crud("collaboration", "correctiveactionresponse", "add")
    + crud("collaboration", "scoreappeal", "add")
    + crud("scorecards", "scorecard", "view")
    + crud("scorecards", "correctiveaction", "view"),
    "auditor": view(*MODELS),
}


def forwards(apps, schema_editor):
    ensure_permissions(apps, "collaboration", "scorecards")
    grant(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("collaboration", "0001_initial"),
        ("scorecards", "0002_defaults"),
        ("accounts", "0003_default_roles"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
