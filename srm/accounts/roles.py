"""The roles of SPEC §3. The rows live in the database (``Role``); these codes are
how the code refers to them, and the defaults the data migration creates."""

from dataclasses import dataclass
from enum import StrEnum


class RoleCode(StrEnum):
    EXECUTIVE_SPONSOR = "executive_sponsor"
    STEERING_COMMITTEE = "steering_committee"
    CATEGORY_MANAGER = "category_manager"
    CONTRACT_OWNER = "contract_owner"
    OPERATIONS_LEAD = "operations_lead"
    PROCUREMENT_ANALYST = "procurement_analyst"
    FINANCE_APPROVER = "finance_approver"
    LEGAL_REVIEWER = "legal_reviewer"
    COLLABORATION_MEMBER = "collaboration_member"
    SUPPLIER_COLLABORATOR = "supplier_collaborator"
    AUDITOR = "auditor"


class Scope(StrEnum):
    """How far a role reaches over suppliers."""

    ALL = "all"  # every supplier
    CATEGORY = "category"  # suppliers of the categories granted to the user (guardian)
    SUPPLIER = "supplier"  # only the supplier the user is bound to


@dataclass(frozen=True)
class RoleDefault:
    code: RoleCode
    name: str
    scope: Scope
    collaboration_track: bool
    management_track: bool
    description: str


ROLE_DEFAULTS: tuple[RoleDefault, ...] = (
    RoleDefault(
        RoleCode.EXECUTIVE_SPONSOR,
        "Executive sponsor",
        Scope.ALL,
        True,
        True,
        "Sponsors the supplier programme; signs off high-impact decisions.",
    ),
    RoleDefault(
        RoleCode.STEERING_COMMITTEE,
        "Steering committee member",
        Scope.ALL,
        True,
        True,
        "Holds the monthly governance review; last step of the dispute ladder.",
    ),
    RoleDefault(
        RoleCode.CATEGORY_MANAGER,
        "Category manager",
        Scope.CATEGORY,
        True,
        True,
        "Owns the suppliers of the categories granted to them; negotiation owner.",
    ),
    RoleDefault(
        RoleCode.CONTRACT_OWNER,
        "Contract owner",
        Scope.ALL,
        False,
        True,
        "Keeps contracts, terms and service levels.",
    ),
    RoleDefault(
        RoleCode.OPERATIONS_LEAD,
        "Operations lead",
        Scope.ALL,
        True,
        True,
        "Logs deliveries and incidents, answers escalations, runs continuity plans.",
    ),
    RoleDefault(
        RoleCode.PROCUREMENT_ANALYST,
        "Procurement analyst",
        Scope.ALL,
        True,
        True,
        "Keeps supplier and performance data; runs imports and analyses.",
    ),
    RoleDefault(
        RoleCode.FINANCE_APPROVER,
        "Finance approver",
        Scope.ALL,
        False,
        True,
        "Signs off price and terms changes.",
    ),
    RoleDefault(
        RoleCode.LEGAL_REVIEWER,
        "Legal reviewer",
        Scope.ALL,
        False,
        True,
        "Reviews contracts, certificates and compliance.",
    ),
    RoleDefault(
        RoleCode.COLLABORATION_MEMBER,
        "Collaboration member",
        Scope.ALL,
        True,
        False,
        "Internal member of pilots and ideas; never sees contract terms or risk.",
    ),
    RoleDefault(
        RoleCode.SUPPLIER_COLLABORATOR,
        "Supplier collaborator",
        Scope.SUPPLIER,
        True,
        False,
        "A person at a supplier: works on its own supplier's collaboration track only.",
    ),
    RoleDefault(
        RoleCode.AUDITOR,
        "Auditor",
        Scope.ALL,
        True,
        True,
        "Reads everything, including the audit trail; changes nothing.",
    ),
)
