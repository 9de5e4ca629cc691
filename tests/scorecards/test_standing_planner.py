"""The standing-action decisions, without a database: hand-made facts in, the plan out."""

import ast
from datetime import date, timedelta
from pathlib import Path

import scorecards.recompute.planner as planner_module
from scorecards.recompute.planner import (
    AuditNote,
    BlockChange,
    PlannedAction,
    StandingChange,
    SupplierFacts,
    plan_standing_actions,
    standing_changes,
)

TODAY = date(2026, 4, 20)
MARCH, APRIL = date(2026, 3, 1), date(2026, 4, 1)


def plan(changes, suppliers, open_d=(), scorecard_ids=None):
    return plan_standing_actions(
        changes=changes,
        suppliers={s.pk: s for s in suppliers},
        open_d=set(open_d),
        scorecard_ids=scorecard_ids or {},
        today=TODAY,
    )


def test_the_planner_imports_no_django():
    tree = ast.parse(Path(planner_module.__file__).read_text())
    imported = {
        (n.module if isinstance(n, ast.ImportFrom) else a.name).split(".")[0]
        for n in ast.walk(tree)
        if isinstance(n, ast.Import | ast.ImportFrom)
        for a in (n.names if isinstance(n, ast.Import) else [n])
        if not (isinstance(n, ast.ImportFrom) and n.level)
    }
    assert imported <= {"__future__", "dataclasses", "datetime"}


def test_changes_compare_the_current_standing_before_and_after():
    before = {1: (MARCH, "B", 80), 2: (MARCH, "C", 60), 3: (MARCH, "A", 95), 9: (MARCH, "A", 95)}
    after = {1: (APRIL, "B", 82), 2: (APRIL, "D", 40), 3: (MARCH, None, None), 4: (APRIL, "A", 99)}
    assert standing_changes(before=before, after=after) == [
        StandingChange(2, "C", "D", APRIL),
        StandingChange(3, "A", "", MARCH),  # lost its standing
        StandingChange(4, "", "A", APRIL),  # new supplier
    ]  # 1 unchanged (score moved, standing did not); 9 has no months any more: left alone


def test_no_change_no_action():
    same = {1: (MARCH, "D", 40)}
    assert standing_changes(before=same, after=same) == []
    empty = plan([], [])
    assert empty.counts == {
        "standings_changed": 0,
        "blocked": 0,
        "unblocked": 0,
        "corrective_actions": 0,
    }
    assert empty.audit == [] and empty.blocks == [] and empty.actions == []


def test_d_blocks_and_opens_a_corrective_action_for_the_owner():
    result = plan(
        [StandingChange(7, "C", "D", MARCH)],
        [SupplierFacts(7, False, "", owner_id=42)],
        scorecard_ids={(7, MARCH): 1001, (7, APRIL): 1002},
    )
    assert result.blocks == [BlockChange(7, True, "Standing D in 2026-03")]
    assert result.actions == [
        PlannedAction(7, 1001, "Recover from standing D (2026-03)", 42, TODAY + timedelta(days=30))
    ]
    assert result.audit == [
        AuditNote("standing", 7, {"standing": "C"}, {"standing": "D", "period": "2026-03"}),
        AuditNote(
            "block", 7, None, {"blocked_for_orders": True, "reason": "Standing D in 2026-03"}
        ),
    ]
    assert result.counts == {
        "standings_changed": 1,
        "blocked": 1,
        "unblocked": 0,
        "corrective_actions": 1,
    }


def test_d_while_already_blocked_or_with_an_open_action_adds_neither():
    result = plan(
        [StandingChange(7, "C", "D", MARCH), StandingChange(8, "B", "D", MARCH)],
        [SupplierFacts(7, True, "Sanctions list"), SupplierFacts(8, False, "")],
        open_d={8},
    )
    # 7 keeps its block (and its reason) but gets an action; 8 is blocked, no second action.
    assert result.blocks == [BlockChange(8, True, "Standing D in 2026-03")]
    assert [a.supplier_id for a in result.actions] == [7]
    assert result.actions[0].scorecard_id is None and result.actions[0].owner_id is None
    assert [n.action for n in result.audit] == ["standing", "standing", "block"]


def test_c_only_records_the_change():
    """A fall to C is a watch, not an action: an event and an audit row, nothing else."""
    result = plan([StandingChange(5, "B", "C", APRIL)], [SupplierFacts(5, False, "")])
    assert result.blocks == [] and result.actions == []
    assert result.audit == [
        AuditNote("standing", 5, {"standing": "B"}, {"standing": "C", "period": "2026-04"})
    ]
    assert result.counts["standings_changed"] == 1


def test_back_up_from_d_lifts_a_block_a_d_put_there_only():
    result = plan(
        [StandingChange(1, "D", "A", APRIL), StandingChange(2, "D", "B", APRIL)],
        [
            SupplierFacts(1, True, "Standing D in 2026-03"),
            SupplierFacts(2, True, "Unpaid invoices"),
        ],
        open_d={1, 2},
    )
    assert result.blocks == [BlockChange(1, False, "")]
    assert result.actions == []  # the open action stays for verification
    assert result.audit == [
        AuditNote("standing", 1, {"standing": "D"}, {"standing": "A", "period": "2026-04"}),
        AuditNote("unblock", 1, None, {"blocked_for_orders": False, "standing": "A"}),
        AuditNote("standing", 2, {"standing": "D"}, {"standing": "B", "period": "2026-04"}),
    ]
    assert result.counts == {
        "standings_changed": 2,
        "blocked": 0,
        "unblocked": 1,
        "corrective_actions": 0,
    }


def test_losing_the_standing_also_lifts_a_d_block():
    result = plan(
        [StandingChange(3, "D", "", MARCH)], [SupplierFacts(3, True, "Standing D in 2026-02")]
    )
    assert result.blocks == [BlockChange(3, False, "")]
    assert result.audit[-1] == AuditNote(
        "unblock", 3, None, {"blocked_for_orders": False, "standing": ""}
    )
