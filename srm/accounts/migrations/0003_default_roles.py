"""The roles of SPEC §3 as groups, each with its scope and tracks (data, editable afterwards)."""

from django.db import migrations

from srm.accounts.roles import ROLE_DEFAULTS


def create_roles(apps, schema_editor):
    group_model = apps.get_model("auth", "Group")
    role_model = apps.get_model("accounts", "Role")
    for default in ROLE_DEFAULTS:
        group, _ = group_model.objects.get_or_create(name=default.code.value)
        role_model.objects.update_or_create(
            code=default.code.value,
            defaults={
                "group": group,
                "name": default.name,
                "description": default.description,
                "scope": default.scope.value,
                "collaboration_track": default.collaboration_track,
                "management_track": default.management_track,
            },
        )


def remove_roles(apps, schema_editor):
    codes = [d.code.value for d in ROLE_DEFAULTS]
    apps.get_model("accounts", "Role").objects.filter(code__in=codes).delete()
    apps.get_model("auth", "Group").objects.filter(name__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_user_supplier")]

    operations = [migrations.RunPython(create_roles, remove_roles)]
