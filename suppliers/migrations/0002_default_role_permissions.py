"""Default permissions of each role on the suppliers domain (SPEC §3)."""

from django.db import migrations

from srm.accounts.migration_utils import crud, ensure_permissions, grant

ALL_MODELS = [
    "category",
    "supplier",
    "item",
    "contract",
    "contractprice",
    "servicelevel",
    "certificate",
    "importbatch",
    "receipt",
    "supplierevent",
]
SHARED_MODELS = ["category", "supplier", "item"]


def view(*models):
    return [p for m in models for p in crud("suppliers", m, "view")]


def edit(*models):
    return [p for m in models for p in crud("suppliers", m, "add", "change")]


GRANTS = {
    "executive_sponsor": view(*ALL_MODELS),
    "steering_committee": view(*ALL_MODELS),
    "category_manager": view(*ALL_MODELS)
    + edit("supplier", "item", "contract", "contractprice", "servicelevel", "certificate")
    + crud("suppliers", "importbatch", "add"),
    "contract_owner": view(*ALL_MODELS)
    + edit("contract", "contractprice", "servicelevel", "certificate"),
    "operations_lead": view(*ALL_MODELS)
    + edit("receipt", "item")
    + crud("suppliers", "importbatch", "add"),
    "procurement_analyst": view(*ALL_MODELS)
    + edit("category", "supplier", "item", "receipt", "certificate")
    + crud("suppliers", "importbatch", "add"),
    "finance_approver": view(*ALL_MODELS),
    "legal_reviewer": view(*ALL_MODELS) + edit("certificate"),
    "collaboration_member": view(*SHARED_MODELS),
    "supplier_collaborator": view(*SHARED_MODELS),
    "auditor": view(*ALL_MODELS),
}


def forwards(apps, schema_editor):
    ensure_permissions(apps, "suppliers")
    grant(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("suppliers", "0001_initial"),
        ("accounts", "0003_default_roles"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
