"""Scoring policy changes (KPI targets, floors, weights, standing thresholds) become a
decision type of their own (SPEC §3): proposed by a procurement analyst from the what-if
page with the preview attached, signed by a steering committee member AND a procurement
analyst (each step falling back to the executive sponsor), applied by saving the policy and
recomputing. Such a request names no supplier (portfolio-wide) and carries the proposed
policy and its preview in ``payload``. Procurement analysts may therefore sign off.
"""

import django.db.models.deletion
from django.db import migrations, models

from srm.accounts.migration_utils import ensure_permissions, grant

RIGHTS = [
    # role, kind, path, step, fallback
    ("procurement_analyst", "proposes", "any", 1, None),
    ("steering_committee", "signs_off", "standard", 1, "executive_sponsor"),
    ("procurement_analyst", "signs_off", "standard", 2, "executive_sponsor"),
    ("executive_sponsor", "informed", "any", 1, None),
    ("category_manager", "informed", "any", 1, None),
]


def forwards(apps, schema_editor):
    type_model = apps.get_model("governance", "DecisionType")
    right_model = apps.get_model("governance", "DecisionRight")
    roles = {r.code: r for r in apps.get_model("accounts", "Role").objects.all()}
    policy_type, _ = type_model.objects.update_or_create(
        code="scoring_policy_change",
        defaults={
            "name": "Scoring policy change",
            "effect": "scoring_policy",
            "description": "New KPI targets, floors or weights, or standing thresholds. The "
            "what-if preview (who moves up, down, into D) is attached; signed by a steering "
            "committee member and a procurement analyst; on approval the policy is saved and "
            "the scorecards are recomputed.",
            "order": 5,
        },
    )
    for role_code, kind, path, step, fallback in RIGHTS:
        right_model.objects.update_or_create(
            decision_type=policy_type,
            role=roles[role_code],
            kind=kind,
            path=path,
            defaults={"step": step, "fallback_role": roles[fallback] if fallback else None},
        )
    ensure_permissions(apps, "governance")
    grant(apps, {"procurement_analyst": ["governance.sign_off_decisionrequest"]})


def backwards(apps, schema_editor):
    apps.get_model("governance", "DecisionType").objects.filter(
        code="scoring_policy_change"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0009_search_indexes"),
        ("suppliers", "0005_contract_notice_reminder"),
        ("accounts", "0003_default_roles"),
    ]

    operations = [
        migrations.AddField(
            model_name="decisionrequest",
            name="payload",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AlterField(
            model_name="decisionrequest",
            name="supplier",
            field=models.ForeignKey(
                blank=True,
                help_text="Empty for a portfolio-wide decision (a scoring policy change).",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="decision_requests",
                to="suppliers.supplier",
            ),
        ),
        migrations.AlterField(
            model_name="decisiontype",
            name="effect",
            field=models.CharField(
                choices=[
                    ("supplier_approval", "Supplier becomes approved"),
                    ("contract_price", "Contract price list gets the new price"),
                    ("service_level", "Contract service-level target changes"),
                    ("dispute", "Resolution recorded on the supplier"),
                    ("supplier_exit", "Supplier becomes exited"),
                    (
                        "scoring_policy",
                        "KPI targets, floors, weights and standing thresholds change",
                    ),
                ],
                max_length=30,
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
