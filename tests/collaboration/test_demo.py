"""The collaboration part of seed_demo: realistic share, KPI data, collaborator accounts."""

import hashlib
import random
from datetime import date

import pytest
from django.db import transaction

from collaboration.models import Forecast, Idea, Pilot, RoadmapItem, SharingPolicy
from collaboration.selectors import add_months, improvements_by_month
from srm.accounts.models import User
from srm.core.demo import SEEDERS, DemoContext
from suppliers.demo import DEMO_PASSWORD
from suppliers.models import Supplier

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 21)


def fingerprint() -> str:
    rows = [
        *Idea.objects.order_by("supplier__code", "title").values_list(
            "supplier__code", "title", "status", "submitted_on", "accepted_on"
        ),
        *Pilot.objects.order_by("supplier__code", "title").values_list(
            "supplier__code", "title", "status", "start_date"
        ),
        *Forecast.objects.order_by("supplier__code").values_list("supplier__code", "status"),
        *SharingPolicy.objects.order_by("supplier__code").values_list(
            "supplier__code", "forecasts", "scorecard", "corrective_actions", "requests"
        ),
    ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def seed(seed: int = 11) -> str:
    """Run the suppliers seeder and ours (the chain's later seeders belong to other apps)."""
    lines: list[str] = []
    ctx = DemoContext(
        rng=random.Random(seed), today=TODAY, months=13, supplier_count=24, stdout=lines.append
    )
    for _order, name, seeder in SEEDERS:
        if name in ("suppliers", "collaboration"):
            seeder(ctx)
    accounts = [f"{username} {what}" for username, _password, what in ctx.accounts]
    return "\n".join(lines + accounts)


@pytest.fixture
def seeded():
    return seed(), fingerprint()


def test_a_realistic_share_of_suppliers_takes_part(seeded):
    approved = Supplier.objects.filter(status="approved").count()
    taking_part = SharingPolicy.objects.count()
    assert 0.15 * approved <= taking_part <= 0.7 * approved
    assert Idea.objects.values("supplier").distinct().count() == taking_part
    assert Pilot.objects.exists() and RoadmapItem.objects.exists() and Forecast.objects.exists()
    assert {"submitted", "under_review", "accepted", "declined"} <= set(
        Idea.objects.values_list("status", flat=True)
    )
    assert Forecast.objects.filter(status="shared").exists()


def test_ideas_accepted_in_the_last_12_months_feed_the_kpi(seeded):
    month = TODAY.replace(day=1)
    assert Idea.objects.filter(accepted_on__gte=add_months(month, -11)).count() >= 5
    values = improvements_by_month(month, month)
    assert len(values) == SharingPolicy.objects.count()
    assert sum(values.values()) >= 5


def test_collaborator_accounts_are_bound_and_printed(seeded):
    output, _ = seeded
    accounts = User.objects.filter(username__startswith="supplier-sup-")
    assert accounts.count() == 3
    for user in accounts:
        assert user.supplier is not None
        assert user.username == f"supplier-{user.supplier.code.lower()}"
        assert user.check_password(DEMO_PASSWORD)
        assert list(user.groups.values_list("name", flat=True)) == ["supplier_collaborator"]
        assert SharingPolicy.objects.filter(supplier=user.supplier).exists()
        assert user.username in output
    demo_supplier = User.objects.get(username="supplier").supplier
    policy = SharingPolicy.objects.get(supplier=demo_supplier)
    assert policy.datasets == ["forecasts", "scorecard", "corrective_actions", "requests"]
    assert "collaboration:" in output and "accepted in the last 12 months" in output


def test_same_arguments_give_the_same_collaboration_data():
    digests = []
    for seed_value in (11, 11, 12):
        with transaction.atomic():
            seed(seed_value)
            digests.append(fingerprint())
            transaction.set_rollback(True)
    assert digests[0] == digests[1] != digests[2]
