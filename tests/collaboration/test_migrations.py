"""Migration 0004 turns ``ScoreAppeal.dispute_id`` (a bare integer) into the column of a
foreign key to governance's Dispute, and back, keeping every appeal's dispute."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from collaboration.models import ScoreAppeal
from governance.models import Dispute
from scorecards.models import Scorecard

from ..factories import SupplierFactory

INTEGER = [("collaboration", "0003_date_ranges")]
FOREIGN_KEY = [("collaboration", "0004_scoreappeal_dispute_foreign_key")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


# serialized_rollback, like the browser tests: its flush must not recreate the content
# types those tests load back.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_dispute_survives_the_migration_both_ways():
    supplier = SupplierFactory()
    april, may = (
        Scorecard.objects.create(supplier=supplier, period=date(2026, m, 1), published=True)
        for m in (4, 5)
    )
    dispute = Dispute.objects.create(supplier=supplier, subject="Score appeal", description="x")
    appeal = ScoreAppeal.objects.create(
        supplier=supplier, scorecard=april, reason="late bookings", dispute=dispute
    )
    try:
        old_apps = _migrate(INTEGER)
        old_appeal = old_apps.get_model("collaboration", "ScoreAppeal")
        assert old_appeal.objects.get(pk=appeal.pk).dispute_id == dispute.pk
        # An id whose dispute is gone cannot become a foreign key: it is cleared.
        dangling = old_appeal.objects.create(
            supplier_id=supplier.pk, scorecard_id=may.pk, reason="gone", dispute_id=dispute.pk + 99
        )

        new_apps = _migrate(FOREIGN_KEY)
        new_appeal = new_apps.get_model("collaboration", "ScoreAppeal")
        assert new_appeal.objects.get(pk=appeal.pk).dispute.pk == dispute.pk
        assert new_appeal.objects.get(pk=dangling.pk).dispute_id is None
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    assert ScoreAppeal.objects.get(pk=appeal.pk).dispute == dispute
