"""The decision types and rights of SPEC §3 as data (editable in the admin afterwards).

| decision type         | proposes                         | signs off                                  | informed |
| new supplier approval | category manager, analyst        | standard: category manager;                | operations lead, finance |
|                       |                                  | high impact: executive sponsor AND steering |          |
| price / terms change  | category manager, contract owner,| category manager AND finance approver      | analyst, steering |
|                       | analyst                          |                                            |          |
| service-level change  | contract owner, operations lead, | standard: contract owner AND operations lead; | category manager |
|                       | category manager                 | urgent: contract owner (+ follow-up for the operations lead in 5 days) | |
| dispute               | operations lead, category manager,| ladder: operations lead (5 days) → category | executive sponsor |
|                       | contract owner, analyst, supplier | manager (10 days) → steering committee     |          |
|                       | collaborator (score appeal)       | (next governance meeting)                  |          |

High impact: risk level high or critical, or expected annual spend ≥ 1,000,000.
"""

from decimal import Decimal

from django.db import migrations

TYPES = [
    # code, name, effect, high-impact spend, risk levels, urgent path, follow-up role, days, description
    (
        "supplier_approval",
        "New supplier approval",
        "supplier_approval",
        Decimal("1000000"),
        "high,critical",
        False,
        None,
        None,
        "Approve a prospect or onboarding supplier. High impact (risk level high/critical, or "
        "expected annual spend of 1,000,000 or more) needs the executive sponsor and a "
        "steering committee member; otherwise the category manager of the supplier's category.",
    ),
    (
        "price_change",
        "Price / terms change",
        "contract_price",
        None,
        "",
        False,
        None,
        None,
        "A new unit price on a contract's price list from an effective date; later receipts "
        "are measured against it. Signed by the category manager (negotiation owner) and a "
        "finance approver.",
    ),
    (
        "sla_change",
        "Service-level change",
        "service_level",
        None,
        "",
        True,
        "operations_lead",
        5,
        "A new service-level target on a contract from an effective date. Signed by the "
        "contract owner and the operations lead; an urgent request takes the quick path "
        "(contract owner alone) and the operations lead reviews it within 5 days.",
    ),
    (
        "dispute",
        "Dispute",
        "dispute",
        None,
        "",
        False,
        None,
        None,
        "A dispute with a supplier (e.g. a contested score) climbs the escalation ladder "
        "until it is resolved; the resolution is recorded on the supplier's timeline.",
    ),
]

RIGHTS = [
    # type, role, kind, path, step, days
    ("supplier_approval", "category_manager", "proposes", "any", 1, None),
    ("supplier_approval", "procurement_analyst", "proposes", "any", 1, None),
    ("supplier_approval", "category_manager", "signs_off", "standard", 1, None),
    ("supplier_approval", "executive_sponsor", "signs_off", "high_impact", 1, None),
    ("supplier_approval", "steering_committee", "signs_off", "high_impact", 2, None),
    ("supplier_approval", "operations_lead", "informed", "any", 1, None),
    ("supplier_approval", "finance_approver", "informed", "any", 1, None),
    ("price_change", "category_manager", "proposes", "any", 1, None),
    ("price_change", "contract_owner", "proposes", "any", 1, None),
    ("price_change", "procurement_analyst", "proposes", "any", 1, None),
    ("price_change", "category_manager", "signs_off", "standard", 1, None),
    ("price_change", "finance_approver", "signs_off", "standard", 2, None),
    ("price_change", "procurement_analyst", "informed", "any", 1, None),
    ("price_change", "steering_committee", "informed", "any", 1, None),
    ("sla_change", "contract_owner", "proposes", "any", 1, None),
    ("sla_change", "operations_lead", "proposes", "any", 1, None),
    ("sla_change", "category_manager", "proposes", "any", 1, None),
    ("sla_change", "contract_owner", "signs_off", "standard", 1, None),
    ("sla_change", "operations_lead", "signs_off", "standard", 2, None),
    ("sla_change", "contract_owner", "signs_off", "urgent", 1, None),
    ("sla_change", "category_manager", "informed", "any", 1, None),
    ("dispute", "operations_lead", "proposes", "any", 1, None),
    ("dispute", "category_manager", "proposes", "any", 1, None),
    ("dispute", "contract_owner", "proposes", "any", 1, None),
    ("dispute", "procurement_analyst", "proposes", "any", 1, None),
    ("dispute", "supplier_collaborator", "proposes", "any", 1, None),
    ("dispute", "operations_lead", "signs_off", "escalation", 1, 5),
    ("dispute", "category_manager", "signs_off", "escalation", 2, 10),
    ("dispute", "steering_committee", "signs_off", "escalation", 3, None),
    ("dispute", "executive_sponsor", "informed", "any", 1, None),
]


def forwards(apps, schema_editor):
    type_model = apps.get_model("governance", "DecisionType")
    right_model = apps.get_model("governance", "DecisionRight")
    role_model = apps.get_model("accounts", "Role")
    roles = {r.code: r for r in role_model.objects.all()}
    types = {}
    for order, (code, name, effect, spend, levels, urgent, follow_role, days, text) in enumerate(
        TYPES
    ):
        types[code], _ = type_model.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "effect": effect,
                "high_impact_spend": spend,
                "high_impact_risk_levels": levels,
                "urgent_path": urgent,
                "urgent_follow_up_role": roles.get(follow_role) if follow_role else None,
                "urgent_follow_up_days": days,
                "description": text,
                "order": order,
            },
        )
    for type_code, role_code, kind, path, step, days in RIGHTS:
        right_model.objects.update_or_create(
            decision_type=types[type_code],
            role=roles[role_code],
            kind=kind,
            path=path,
            defaults={"step": step, "days": days},
        )


def backwards(apps, schema_editor):
    apps.get_model("governance", "DecisionType").objects.filter(
        code__in=[t[0] for t in TYPES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0001_initial"),
        ("accounts", "0003_default_roles"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
