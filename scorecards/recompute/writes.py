"""The scorecard writes of a run: only what changed, COPY on PostgreSQL."""

from __future__ import annotations

import json
from datetime import date

from django.db import connection

from .. import batch
from ..models import RecomputeRun, Scorecard

UPSERT_FIELDS = [
    "score",
    "standing",
    "trend_score",
    "kpis",
    "inputs_fingerprint",
    "run",
    "updated_at",
]


def write_batch(result: batch.BatchResult, *, run: RecomputeRun, now) -> None:
    upsert_scorecards(result, run=run, now=now)
    update_trends(result.trends, run=run, now=now)
    if result.stale:
        Scorecard.objects.filter(pk__in=result.stale).delete()


def delete_inactive(
    period_from: date, period_to: date, *, active: set[int], supplier_ids=None
) -> int:
    """Delete the months in the range of suppliers with no activity there any more (of
    ``supplier_ids`` only, when given)."""
    stored = Scorecard.objects.filter(period__gte=period_from, period__lte=period_to)
    if supplier_ids is not None:
        stored = stored.filter(supplier_id__in=supplier_ids)
    return stored.exclude(supplier_id__in=active).delete()[0]


def upsert_scorecards(result: batch.BatchResult, *, run: RecomputeRun, now) -> None:
    """Insert new months and overwrite changed ones (same row, same id).

    On PostgreSQL the rows come as COPY text (``batch.copy_line``) and go straight into
    the table when none of them is stored yet, else into a temporary table and one
    INSERT ... ON CONFLICT. Model instances and client-side quoting of 100,000 JSON
    values in bulk_create would cost more than the whole computation. Elsewhere the
    rows are tuples for bulk_create."""
    if result.upserts:
        _bulk_upsert(result.upserts, run=run, now=now)
    if result.copy_text:
        _copy_upsert(result.copy_text, all_new=result.all_new)


def _bulk_upsert(rows: list[tuple], *, run: RecomputeRun, now) -> None:
    Scorecard.objects.bulk_create(
        [
            Scorecard(
                supplier_id=r[0],
                period=r[1],
                score=r[2],
                standing=r[3],
                trend_score=r[4],
                kpis=json.loads(r[5]),
                inputs_fingerprint=r[6],
                run=run,
                created_at=now,
                updated_at=now,
            )
            for r in rows
        ],
        batch_size=500,
        update_conflicts=True,
        unique_fields=["supplier", "period"],
        update_fields=UPSERT_FIELDS,
    )


def _copy_upsert(copy_text: str, *, all_new: bool) -> None:
    columns = ", ".join(batch.COPY_COLUMNS)
    target = "scorecards_scorecard" if all_new else "scorecard_upsert"
    with connection.cursor() as cursor:
        if not all_new:
            _temp_table(cursor, "scorecard_upsert", columns)
        with cursor.copy(f"COPY {target} ({columns}) FROM STDIN") as copy:
            copy.write(copy_text)
        if all_new:
            return
        updates = ", ".join(
            f"{c} = EXCLUDED.{c}"
            for c in batch.COPY_COLUMNS
            if c not in ("supplier_id", "period", "created_at", "published")
        )
        # Column names are constants, never input.
        cursor.execute(
            f"INSERT INTO scorecards_scorecard ({columns}) SELECT {columns} "  # noqa: S608
            f"FROM scorecard_upsert ON CONFLICT (supplier_id, period) DO UPDATE SET {updates}"
        )


def update_trends(rows: list[tuple], *, run: RecomputeRun, now) -> None:
    """Set the trend of months whose own inputs did not change: ``rows`` are (pk, trend)."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        Scorecard.objects.bulk_update(
            [Scorecard(pk=pk, trend_score=trend, run=run, updated_at=now) for pk, trend in rows],
            ["trend_score", "run", "updated_at"],
            batch_size=500,
        )
        return
    with connection.cursor() as cursor:
        _temp_table(cursor, "scorecard_trend", "id, trend_score")
        with cursor.copy("COPY scorecard_trend (id, trend_score) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            "UPDATE scorecards_scorecard s SET trend_score = t.trend_score, run_id = %s, "
            "updated_at = %s FROM scorecard_trend t WHERE s.id = t.id",
            [run.pk, now],
        )


def _temp_table(cursor, name: str, columns: str) -> None:
    """An empty temporary table shaped like some scorecard columns, dropped at commit."""
    cursor.execute(f"DROP TABLE IF EXISTS {name}")
    cursor.execute(
        f"CREATE TEMP TABLE {name} ON COMMIT DROP AS "  # noqa: S608 (constants)
        f"SELECT {columns} FROM scorecards_scorecard WITH NO DATA"
    )
