"""Decision rights, decision requests and sign-offs, disputes on the escalation ladder,
supplier requests, steering groups, meetings and action items (SPEC §1, §3, §4)."""

from .decisions import (
    DecisionEffect,
    DecisionRequest,
    DecisionRight,
    DecisionType,
    Delegation,
    LifecycleMove,
    RightKind,
    RightPath,
    SignOff,
)
from .disputes import Dispute, DisputeStep
from .meetings import ActionItem, Meeting, SteeringGroup
from .requests import SupplierRequest, SupplierRequestAnswer

__all__ = [
    "ActionItem",
    "DecisionEffect",
    "DecisionRequest",
    "DecisionRight",
    "DecisionType",
    "Delegation",
    "Dispute",
    "DisputeStep",
    "LifecycleMove",
    "Meeting",
    "RightKind",
    "RightPath",
    "SignOff",
    "SteeringGroup",
    "SupplierRequest",
    "SupplierRequestAnswer",
]
