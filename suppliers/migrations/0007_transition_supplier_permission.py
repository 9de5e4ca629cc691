"""Moving a supplier along its lifecycle is a permission of its own: the status control
(page, API) asks for it, the lifecycle gate (governance's data) then says which moves each
role may make. Who could change a supplier keeps it (category manager, procurement
analyst); the operations lead gets it to suspend a supplier (a free move for that role,
which informs the executive sponsor and goes on the next meeting's agenda), without the
right to edit the supplier's profile.
"""

from django.db import migrations

from srm.accounts.migration_utils import ensure_permissions, grant

MOVERS = ["category_manager", "procurement_analyst", "operations_lead"]


def forwards(apps, schema_editor):
    ensure_permissions(apps, "suppliers")
    grant(apps, {code: ["suppliers.transition_supplier"] for code in MOVERS})


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_default_roles"),
        ("suppliers", "0006_certificate_details_documents"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="supplier",
            options={
                "ordering": ["name"],
                "permissions": [("transition_supplier", "Move suppliers along their lifecycle")],
            },
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
