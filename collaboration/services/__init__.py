"""Writes of the collaboration track: each checks the actor's reach, writes and audits
in one transaction."""

from .forecasts import forecast_acknowledge, forecast_create, forecast_share, forecast_update
from .ideas import (
    idea_submit,
    idea_transition,
    idea_update,
    roadmap_item_create,
    roadmap_item_update,
)
from .pilots import (
    pilot_create,
    pilot_task_create,
    pilot_task_update,
    pilot_transition,
    pilot_update,
)
from .sharing import sharing_policy_set
from .supplier_side import corrective_action_answer, score_appeal_open, supplier_request_answer

__all__ = [
    "corrective_action_answer",
    "forecast_acknowledge",
    "forecast_create",
    "forecast_share",
    "forecast_update",
    "idea_submit",
    "idea_transition",
    "idea_update",
    "pilot_create",
    "pilot_task_create",
    "pilot_task_update",
    "pilot_transition",
    "pilot_update",
    "roadmap_item_create",
    "roadmap_item_update",
    "score_appeal_open",
    "sharing_policy_set",
    "supplier_request_answer",
]
