from django.utils.translation import gettext_lazy

from srm.core.navigation import MenuItem, SupplierTab, register_menu, register_supplier_tabs

register_menu(
    MenuItem(
        "Governance",
        "Monthly review",
        "governance:review_latest",
        "governance.Meeting",
        action="review",
        order=10,
    ),
    MenuItem(
        "Governance",
        "Decisions",
        "governance:decision_list",
        "governance.DecisionRequest",
        order=20,
    ),
    MenuItem(
        "Governance",
        "Decision-rights map",
        "governance:decision_rights",
        "governance.DecisionType",
        order=25,
    ),
    MenuItem("Governance", "Disputes", "governance:dispute_list", "governance.Dispute", order=30),
    MenuItem(
        "Governance",
        "Supplier requests",
        "governance:request_list",
        "governance.SupplierRequest",
        order=40,
    ),
    MenuItem("Governance", "Meetings", "governance:meeting_list", "governance.Meeting", order=50),
    MenuItem(
        "Governance",
        "Steering groups",
        "governance:steering_groups",
        "governance.SteeringGroup",
        order=55,
    ),
    # Out of office: lend one's sign-off rights for a date range.
    MenuItem(
        "Governance",
        gettext_lazy("Delegations"),
        "governance:delegation_list",
        "governance.Delegation",
        order=58,
    ),
    MenuItem(
        "Governance", "My actions", "governance:my_actions", "governance.ActionItem", order=60
    ),
    MenuItem(
        "Governance", "All actions", "governance:action_list", "governance.ActionItem", order=65
    ),
)
register_supplier_tabs(
    SupplierTab(
        "governance",
        "Governance",
        "governance:supplier_governance",
        "governance.DecisionRequest",
        order=60,
    ),
)
