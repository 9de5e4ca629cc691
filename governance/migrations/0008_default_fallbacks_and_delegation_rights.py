"""Defaults for separation of duties without deadlock (SPEC §3):

* each sign-off right's fallback role: category manager → executive sponsor; operations
  lead → category manager (of the supplier: the fallback is asked with the same reach);
  finance approver → executive sponsor; contract owner → legal reviewer. The legal
  reviewer may therefore sign off (as a fallback only: no right names the role itself);
* every internal role that signs may lend its rights (delegations), the auditor reads them.
"""

from django.db import migrations

from srm.accounts.migration_utils import crud, ensure_permissions, grant

FALLBACKS = {
    "category_manager": "executive_sponsor",
    "operations_lead": "category_manager",
    "finance_approver": "executive_sponsor",
    "contract_owner": "legal_reviewer",
}
DELEGATES = crud("governance", "delegation", "view", "add", "change", "delete")
SIGNING_ROLES = [
    "executive_sponsor",
    "steering_committee",
    "category_manager",
    "contract_owner",
    "operations_lead",
    "procurement_analyst",
    "finance_approver",
    "legal_reviewer",
]


def forwards(apps, schema_editor):
    right_model = apps.get_model("governance", "DecisionRight")
    roles = {r.code: r for r in apps.get_model("accounts", "Role").objects.all()}
    for role_code, fallback in FALLBACKS.items():
        right_model.objects.filter(
            kind="signs_off", role=roles[role_code], fallback_role__isnull=True
        ).exclude(path="escalation").update(fallback_role=roles[fallback])
    ensure_permissions(apps, "governance")
    grants = {code: list(DELEGATES) for code in SIGNING_ROLES}
    grants["legal_reviewer"] += ["governance.sign_off_decisionrequest"]
    grants["auditor"] = crud("governance", "delegation", "view")
    grant(apps, grants)


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0007_sign_off_fallbacks_delegations_withdraw"),
        ("accounts", "0003_default_roles"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
