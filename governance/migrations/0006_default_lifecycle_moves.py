"""The lifecycle map of SPEC §3 as data, and the *supplier exit* decision type.

| move           | rule                                                                  |
| → onboarding   | free: category manager, procurement analyst                          |
| → approved     | governed by new supplier approval (also suspended → approved)          |
| → suspended    | free: category manager, operations lead; informs the executive sponsor |
|                | and goes on the next governance meeting's agenda                       |
| → exited       | governed by supplier exit (category manager AND steering committee)    |
"""

from django.db import migrations

EXIT_RIGHTS = [
    # role, kind, path, step
    ("category_manager", "proposes", "any", 1),
    ("procurement_analyst", "proposes", "any", 1),
    ("category_manager", "signs_off", "standard", 1),
    ("steering_committee", "signs_off", "standard", 2),
    ("executive_sponsor", "informed", "any", 1),
    ("operations_lead", "informed", "any", 1),
]

MOVES = [
    # target, decision type, free roles, notify role, on agenda
    ("onboarding", None, ["category_manager", "procurement_analyst"], None, False),
    ("approved", "supplier_approval", [], None, False),
    ("suspended", None, ["category_manager", "operations_lead"], "executive_sponsor", True),
    ("exited", "supplier_exit", [], None, False),
]


def forwards(apps, schema_editor):
    type_model = apps.get_model("governance", "DecisionType")
    right_model = apps.get_model("governance", "DecisionRight")
    move_model = apps.get_model("governance", "LifecycleMove")
    roles = {r.code: r for r in apps.get_model("accounts", "Role").objects.all()}
    exit_type, _ = type_model.objects.update_or_create(
        code="supplier_exit",
        defaults={
            "name": "Supplier exit",
            "effect": "supplier_exit",
            "description": "End the relationship with a supplier. Signed by the category "
            "manager and a steering committee member; on approval the supplier becomes exited.",
            "order": 4,
        },
    )
    for role_code, kind, path, step in EXIT_RIGHTS:
        right_model.objects.update_or_create(
            decision_type=exit_type,
            role=roles[role_code],
            kind=kind,
            path=path,
            defaults={"step": step},
        )
    types = {t.code: t for t in type_model.objects.all()}
    for target, type_code, free_roles, notify, on_agenda in MOVES:
        move, _ = move_model.objects.update_or_create(
            source="",
            target=target,
            defaults={
                "decision_type": types[type_code] if type_code else None,
                "notify_role": roles[notify] if notify else None,
                "on_agenda": on_agenda,
            },
        )
        move.free_roles.set([roles[code] for code in free_roles])


def backwards(apps, schema_editor):
    apps.get_model("governance", "LifecycleMove").objects.all().delete()
    apps.get_model("governance", "DecisionType").objects.filter(code="supplier_exit").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0005_lifecycle_moves"),
        ("accounts", "0003_default_roles"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
