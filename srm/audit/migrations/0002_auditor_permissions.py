"""The auditor reads the audit trail (SPEC §3: read-only everything, including the trail)."""

from django.db import migrations

from srm.accounts.migration_utils import ensure_permissions, grant


def forwards(apps, schema_editor):
    ensure_permissions(apps, "audit")
    grant(apps, {"auditor": ["audit.view_auditevent"]})
    apps.get_model("audit", "AuditHead").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("accounts", "0003_default_roles"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
