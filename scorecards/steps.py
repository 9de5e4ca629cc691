"""Steps that run after the scorecards inside the same recompute run.

The risk app registers its step (composite risk, levels, Kraljic) here, so
``python manage.py recompute`` and the nightly task refresh both in one run,
under one lock, and record each step's counts and seconds on the run.

A step is ``fn(run: RecomputeRun, period_from: date, period_to: date) -> dict`` of counts.
It runs inside the run's transaction: if it raises, nothing of the run is kept.
A targeted run (new data for some suppliers, ``scorecards.fresh``) sets
``run.supplier_ids`` to the suppliers it covers (None in a run over all suppliers): a
step that works per supplier limits itself to them.
"""

from collections.abc import Callable
from datetime import date

Step = Callable[[object, date, date], dict]

STEPS: list[tuple[int, str, Step]] = []


def register_step(order: int, name: str, step: Step) -> None:
    if all(existing != name for _, existing, _ in STEPS):
        STEPS.append((order, name, step))
        STEPS.sort(key=lambda s: s[0])
