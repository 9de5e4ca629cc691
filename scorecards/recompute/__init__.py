"""The recompute, in rooms (Saleor's fetch → calculate → write):

* ``run``       the run and its locks: ``scorecards_recompute``, ``RecomputeBusy``
* ``scores``    the scoring pass: ``fetch`` reads batches, ``pool`` scores them (the pure
                ``scorecards.batch`` / ``scoring``), ``writes`` stores what changed
* ``standing``  standing actions: facts read, ``planner`` decides (pure), the plan written

``targets_recompute`` runs the same rooms over just the supplier-months new data touched
(``scorecards.fresh``).

Start a run from a page or the API with ``scorecards.services.recompute_request``.
"""

from .run import (
    ADVISORY_LOCK_KEY,
    RecomputeBusy,
    recompute_range,
    scorecards_recompute,
    targets_recompute,
)

__all__ = [
    "ADVISORY_LOCK_KEY",
    "RecomputeBusy",
    "recompute_range",
    "scorecards_recompute",
    "targets_recompute",
]
