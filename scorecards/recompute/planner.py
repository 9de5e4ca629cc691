"""The standing actions of a recompute, decided without a database (Saleor's calculate
step): plain facts in, a plan out. ``standing.py`` reads the facts and writes the plan.

A supplier's current standing is its latest scored month. When it changes, the plan
records a timeline event and an audit row; a fall to D blocks new orders (once) and opens
a corrective action (unless one from an earlier D is still open); any other standing lifts
a block that a D put there (a block for another reason stays). No change, no action: a
re-run over unchanged data plans nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

CORRECTIVE_ACTION_DAYS = 30
STANDING_D_REASON = "Standing D"

# ``selectors.current_standings()``: supplier id -> (period, standing, score).
Standings = dict[int, tuple[date, str | None, object]]


@dataclass(frozen=True)
class SupplierFacts:
    """What the decisions need of a supplier whose standing changed."""

    pk: int
    blocked_for_orders: bool
    blocked_reason: str
    owner_id: int | None = None


@dataclass(frozen=True)
class StandingChange:
    supplier_id: int
    old: str  # "" when the supplier had no standing
    new: str
    period: date

    @property
    def label(self) -> str:
        return f"{self.period:%Y-%m}"


@dataclass(frozen=True)
class AuditNote:
    """An audit row about a supplier (``action`` standing, block or unblock)."""

    action: str
    supplier_id: int
    before: dict | None = None
    after: dict | None = None


@dataclass(frozen=True)
class BlockChange:
    supplier_id: int
    blocked: bool
    reason: str


@dataclass(frozen=True)
class PlannedAction:
    """A corrective action to open for a fall to D."""

    supplier_id: int
    scorecard_id: int | None
    title: str
    owner_id: int | None
    due_date: date


@dataclass
class StandingPlan:
    changes: list[StandingChange] = field(default_factory=list)
    audit: list[AuditNote] = field(default_factory=list)  # in the order they are written
    blocks: list[BlockChange] = field(default_factory=list)
    actions: list[PlannedAction] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "standings_changed": len(self.changes),
            "blocked": sum(b.blocked for b in self.blocks),
            "unblocked": sum(not b.blocked for b in self.blocks),
            "corrective_actions": len(self.actions),
        }


def standing_changes(*, before: Standings, after: Standings) -> list[StandingChange]:
    """Suppliers whose current standing differs after the run (in ``after``'s order);
    a supplier that lost all its months is not in ``after`` and is left alone."""
    changes = []
    for supplier_id, (period, standing, _score) in after.items():
        old = (before.get(supplier_id) or (None, None, None))[1] or ""
        if (standing or "") != old:
            changes.append(StandingChange(supplier_id, old, standing or "", period))
    return changes


def plan_standing_actions(
    *,
    changes: list[StandingChange],
    suppliers: dict[int, SupplierFacts],
    open_d: set[int],
    scorecard_ids: dict[tuple[int, date], int],
    today: date,
) -> StandingPlan:
    """Decide the events, blocks, unblocks and corrective actions for ``changes``.

    ``open_d``: suppliers with a corrective action from a standing D that is not closed;
    ``scorecard_ids``: (supplier id, period) -> the scorecard a new action points at."""
    plan = StandingPlan(changes=list(changes))
    for change in changes:
        supplier = suppliers[change.supplier_id]
        plan.audit.append(
            AuditNote(
                "standing",
                change.supplier_id,
                before={"standing": change.old},
                after={"standing": change.new, "period": change.label},
            )
        )
        if change.new == "D":
            _fall_to_d(plan, change, supplier, open_d, scorecard_ids, today)
        elif supplier.blocked_for_orders and supplier.blocked_reason.startswith(STANDING_D_REASON):
            plan.blocks.append(BlockChange(change.supplier_id, False, ""))
            plan.audit.append(
                AuditNote(
                    "unblock",
                    change.supplier_id,
                    after={"blocked_for_orders": False, "standing": change.new},
                )
            )
    return plan


def _fall_to_d(plan, change, supplier, open_d, scorecard_ids, today) -> None:
    if not supplier.blocked_for_orders:
        reason = f"{STANDING_D_REASON} in {change.label}"
        plan.blocks.append(BlockChange(change.supplier_id, True, reason))
        plan.audit.append(
            AuditNote(
                "block", change.supplier_id, after={"blocked_for_orders": True, "reason": reason}
            )
        )
    if change.supplier_id not in open_d:
        plan.actions.append(
            PlannedAction(
                supplier_id=change.supplier_id,
                scorecard_id=scorecard_ids.get((change.supplier_id, change.period)),
                title=f"Recover from standing D ({change.label})",
                owner_id=supplier.owner_id,
                due_date=today + timedelta(days=CORRECTIVE_ACTION_DAYS),
            )
        )
