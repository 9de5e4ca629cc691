"""copy_append (COPY on PostgreSQL, bulk_create elsewhere) and the JSON document field:
what goes in comes back, on both databases."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.db import connection

from scorecards.models import Scorecard
from srm.core.bulk import copy_append
from suppliers.models import SupplierEvent

from ..factories import SupplierFactory

pytestmark = pytest.mark.django_db


def test_copy_append_stores_every_field_as_the_orm_would():
    supplier = SupplierFactory()
    when = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)
    events = [
        SupplierEvent(
            supplier=supplier,
            occurred_at=when,
            # A choices member is stored as its value; text needing COPY escapes survives.
            kind=SupplierEvent.Kind.STANDING,
            title="Standing B → D\ttab\\backslash\nnewline",
            detail={"from": "B", "to": "D", "n": 3, "nested": {"ok": True}},
            link="/suppliers/x/",
        ),
        SupplierEvent(supplier=supplier, occurred_at=when, kind="note", title="", detail={}),
    ]
    assert copy_append(SupplierEvent, events) == 2
    stored = list(SupplierEvent.objects.filter(supplier=supplier).order_by("id"))
    assert [(e.kind, e.title, e.detail, e.link, e.occurred_at) for e in stored] == [
        (
            "standing",
            "Standing B → D\ttab\\backslash\nnewline",
            {"from": "B", "to": "D", "n": 3, "nested": {"ok": True}},
            "/suppliers/x/",
            when,
        ),
        ("note", "", {}, "", when),
    ]
    # auto_now_add / auto_now fields get their value as on save().
    assert all(e.created_at is not None and e.updated_at is not None for e in stored)
    assert copy_append(SupplierEvent, []) == 0


def test_json_document_field_round_trips():
    supplier = SupplierFactory()
    kpis = {"otif": {"value": 97.5, "score": 100.0, "n": 12, "target": 95.0}}
    card = Scorecard.objects.create(
        supplier=supplier, period=date(2026, 1, 1), score=Decimal("88.0"), kpis=kpis
    )
    card.refresh_from_db()
    assert card.kpis == kpis
    card.kpis = {}
    card.save(update_fields=["kpis"])
    assert Scorecard.objects.values_list("kpis", flat=True).get(pk=card.pk) == {}


@pytest.mark.postgres
def test_scorecard_kpis_is_a_json_column_on_postgresql():
    """``json``, not ``jsonb``: the recompute writes 100,000s of these documents."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT data_type FROM information_schema.columns "
            "WHERE table_name = 'scorecards_scorecard' AND column_name = 'kpis'"
        )
        assert cursor.fetchone()[0] == "json"
