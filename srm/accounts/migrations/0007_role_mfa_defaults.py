from django.db import migrations

# Frozen here: the defaults as they were when the flag was added.
MFA_REQUIRED_DEFAULT = (
    "executive_sponsor",
    "finance_approver",
    "legal_reviewer",
    "supplier_collaborator",
)


def forwards(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    Role.objects.filter(code__in=MFA_REQUIRED_DEFAULT).update(mfa_required=True)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_role_mfa_required")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
