"""The worker pool that scores batches of suppliers in other processes."""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from concurrent.futures import ProcessPoolExecutor

from django.conf import settings

from .. import batch


class ScoringPool:
    """Scores batches in worker processes when the run is big (more than
    ``POOL_AFTER_MONTHS`` supplier-months, expected from the range or shown by the
    batches read so far), so the cores score while this process reads and writes.
    Inline for smaller runs (the nightly run: starting processes would cost more than
    they save), for a process that may not have children (a Celery prefork worker), or
    with ``SCORECARDS_RECOMPUTE_WORKERS=1``."""

    POOL_AFTER_MONTHS = 20_000

    def __init__(self, expected_months: int = 0):
        self.executor = None
        wanted = settings.SCORECARDS_RECOMPUTE_WORKERS or os.cpu_count() or 1
        self.workers = 1 if multiprocessing.current_process().daemon else min(wanted, 8)
        self.expected_months = expected_months

    def __enter__(self):
        if self.expected_months > self.POOL_AFTER_MONTHS:
            self._start()
        return self

    def __exit__(self, *exc):
        if self.executor is not None:
            self.executor.shutdown(cancel_futures=True)

    def _start(self) -> None:
        if self.executor is not None or self.workers < 2:
            return
        self.executor = ProcessPoolExecutor(
            self.workers, mp_context=multiprocessing.get_context("spawn")
        )
        # Processes start on demand: one no-op task each brings them all up now,
        # while this process reads the first receipts.
        for _ in range(self.workers):
            self.executor.submit(batch.ready)

    def map(self, batches, settings_):
        """Results in batch order; up to two batches per worker in flight."""
        in_flight, months = deque(), 0
        for work in batches:
            if months > self.POOL_AFTER_MONTHS:
                self._start()
            months += sum(len(w.receipt_rows) for w in work)
            if self.executor is None:
                yield batch.score_suppliers(work, settings_)
                continue
            in_flight.append(self.executor.submit(batch.score_suppliers, work, settings_))
            while len(in_flight) > 2 * self.workers:
                yield in_flight.popleft().result()
        while in_flight:
            yield in_flight.popleft().result()
