"""Writes of the governance domain: each validates, writes and audits in one transaction."""

from ..rules import (
    decide_path,
    dispute_ladder,
    may_propose,
    next_governance_meeting,
    required_rights,
)
from .decisions import (
    decision_request_apply,
    decision_request_create,
    decision_request_link_meeting,
    decision_request_return,
    decision_request_sign_off,
    decision_request_submit,
    decision_request_update,
    decision_request_withdraw,
    decision_steps_overdue_process,
    scoring_policy_change_raise,
)
from .delegations import delegation_create, delegation_end
from .disputes import (
    dispute_escalate,
    dispute_open,
    dispute_resolve,
    disputes_attach_meeting,
    disputes_escalate_due,
)
from .meetings import (
    action_item_create,
    action_item_set_status,
    action_item_update,
    meeting_cancel,
    meeting_create,
    meeting_hold,
    meeting_update,
    overdue_actions_notify,
    steering_group_create,
    steering_group_update,
)
from .notifications import notification_mark_read
from .requests import overdue_requests_notify, supplier_request_answer, supplier_request_send

__all__ = [
    "action_item_create",
    "action_item_set_status",
    "action_item_update",
    "decide_path",
    "decision_request_apply",
    "decision_request_create",
    "decision_request_link_meeting",
    "decision_request_return",
    "decision_request_sign_off",
    "decision_request_submit",
    "decision_request_update",
    "decision_request_withdraw",
    "decision_steps_overdue_process",
    "delegation_create",
    "delegation_end",
    "dispute_escalate",
    "dispute_ladder",
    "dispute_open",
    "dispute_resolve",
    "disputes_attach_meeting",
    "disputes_escalate_due",
    "may_propose",
    "meeting_cancel",
    "meeting_create",
    "meeting_hold",
    "meeting_update",
    "next_governance_meeting",
    "notification_mark_read",
    "overdue_actions_notify",
    "overdue_requests_notify",
    "required_rights",
    "scoring_policy_change_raise",
    "steering_group_create",
    "steering_group_update",
    "supplier_request_answer",
    "supplier_request_send",
]
