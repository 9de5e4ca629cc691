"""Helpers for the data migrations that give each role its default permissions.

Each app grants the permissions on its own models in its own data migration,
so the defaults are data (editable in the admin afterwards) and a new app adds
its grants without touching another app's migrations.
"""

from django.contrib.auth.management import create_permissions


def ensure_permissions(apps, *app_labels: str) -> None:
    """Create the content types and permissions of ``app_labels`` now.

    Django creates them in ``post_migrate``, after every migration has run;
    a data migration that grants them needs them earlier.
    """
    for label in app_labels:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def grant(apps, grants: dict[str, list[str]]) -> None:
    """Add permissions (``"app_label.codename"``) to role groups (named by role code)."""
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for role_code, perms in grants.items():
        group = group_model.objects.get(name=role_code)
        for perm in perms:
            app_label, codename = perm.split(".", 1)
            group.permissions.add(
                permission_model.objects.get(content_type__app_label=app_label, codename=codename)
            )


def crud(app_label: str, model: str, *actions: str) -> list[str]:
    """``crud("suppliers", "supplier", "view", "change")`` -> permission names."""
    return [f"{app_label}.{action}_{model}" for action in actions]
