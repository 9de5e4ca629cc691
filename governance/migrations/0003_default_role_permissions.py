"""Default permissions of each role on the governance domain (SPEC §3, §4).

Who may sign off a given request is decided by the decision rights (data); the
``sign_off_decisionrequest`` permission only says a role may sign anything at all.
Every role may read its own notifications.
"""

from django.db import migrations

from srm.accounts.migration_utils import crud, ensure_permissions, grant

MODELS = [
    "decisiontype",
    "decisionright",
    "decisionrequest",
    "signoff",
    "dispute",
    "disputestep",
    "supplierrequest",
    "supplierrequestanswer",
    "steeringgroup",
    "meeting",
    "actionitem",
]
SIGN_OFF = ["governance.sign_off_decisionrequest"]
RESOLVE = ["governance.resolve_dispute"]
ANSWER = ["governance.answer_supplierrequest"]
REVIEW = ["governance.review_meeting"]
NOTIFICATIONS = ["core.view_notification", "core.change_notification"]


def view(*models):
    return [p for m in models for p in crud("governance", m, "view")]


def edit(*models):
    return [p for m in models for p in crud("governance", m, "add", "change")]


READ_ALL = view(*MODELS) + REVIEW + NOTIFICATIONS

GRANTS = {
    "executive_sponsor": READ_ALL + SIGN_OFF + RESOLVE + edit("meeting", "actionitem"),
    "steering_committee": READ_ALL
    + SIGN_OFF
    + RESOLVE
    + edit("meeting", "actionitem", "steeringgroup")
    + crud("governance", "dispute", "add"),
    "category_manager": READ_ALL
    + SIGN_OFF
    + RESOLVE
    + ANSWER
    + edit("decisionrequest", "supplierrequest", "actionitem")
    + crud("governance", "dispute", "add"),
    "contract_owner": READ_ALL
    + SIGN_OFF
    + ANSWER
    + edit("decisionrequest", "supplierrequest", "actionitem")
    + crud("governance", "dispute", "add"),
    "operations_lead": READ_ALL
    + SIGN_OFF
    + RESOLVE
    + ANSWER
    + edit("decisionrequest", "supplierrequest", "actionitem")
    + crud("governance", "dispute", "add"),
    "procurement_analyst": READ_ALL
    + ANSWER
    + edit("decisionrequest", "supplierrequest", "actionitem", "meeting")
    + crud("governance", "dispute", "add"),
    "finance_approver": READ_ALL + SIGN_OFF + crud("governance", "actionitem", "change"),
    "legal_reviewer": READ_ALL + crud("governance", "actionitem", "change"),
    "auditor": READ_ALL,
    "collaboration_member": NOTIFICATIONS,
    # A supplier's people see the requests sent to their supplier (when its sharing
    # policy publishes them) and answer them; nothing else of governance.
    "supplier_collaborator": view("supplierrequest", "supplierrequestanswer")
    + ANSWER
    + NOTIFICATIONS,
}


def forwards(apps, schema_editor):
    ensure_permissions(apps, "governance", "core")
    grant(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0002_default_decision_rights"),
        ("core", "0001_initial"),
        ("accounts", "0003_default_roles"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
