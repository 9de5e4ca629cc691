"""Demo disputes on every rung of the escalation ladder, and resolved ones."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from srm.accounts.roles import RoleCode
from srm.core.actors import SYSTEM
from srm.core.demo import DemoContext
from srm.core.permissions import granted_category_ids
from suppliers.models import SupplierStatus

from .. import services

DISPUTES = [
    ("Contested OTIF for last month", "Three lines were booked late; the carrier was on time."),
    ("Rejected batch disputed", "The supplier says the batch met the drawing tolerance."),
    ("Invoice above agreed price", "Invoices carry the old list price after the reduction."),
    ("Penalty for late delivery", "The supplier contests the penalty: the forecast changed."),
    ("Score appeal: defect rate", "Defects were caused by our own handling damage."),
    ("Packaging cost split", "Who pays for the new returnable packaging."),
]


def seed_disputes(ctx: DemoContext, users, suppliers) -> int:
    rng, now = ctx.rng, timezone.now()
    approved = [s for s in suppliers if s.status == SupplierStatus.APPROVED]
    if not approved:
        return 0
    raiser = users[RoleCode.OPERATIONS_LEAD]
    # (days ago opened, how it goes): resolved at each rung, and open on each rung.
    catman = users[RoleCode.CATEGORY_MANAGER]
    granted = set(granted_category_ids(catman).values_list("pk", flat=True))
    managed = [
        s for s in approved if any(c.pk in granted for c in getattr(s, "demo_categories", []))
    ] or approved
    stories = [
        (150, "resolve1"),
        (95, "resolve2"),
        (60, "resolve3"),
        (25, "steering"),
        (9, "catman"),
        (2, "open"),
    ]
    count = 0
    for (days_ago, story), (subject, text) in zip(stories, DISPUTES, strict=False):
        supplier = rng.choice(managed if story in ("resolve2", "catman") else approved)
        opened = now - timedelta(days=days_ago, hours=rng.randint(0, 6))
        dispute = services.dispute_open(
            actor=raiser, supplier=supplier, subject=subject, description=text, now=opened
        )
        count += 1
        steps = {"resolve2": 1, "resolve3": 2, "steering": 2, "catman": 1}.get(story, 0)
        when = opened
        for rung_days in (5, 10)[:steps]:
            when = when + timedelta(days=rung_days)
            dispute = services.dispute_escalate(actor=SYSTEM, dispute=dispute, now=when)
        if story.startswith("resolve"):
            resolver = {
                "resolve1": users[RoleCode.OPERATIONS_LEAD],
                "resolve2": catman if supplier in managed else users[RoleCode.STEERING_COMMITTEE],
                "resolve3": users[RoleCode.STEERING_COMMITTEE],
            }[story]
            services.dispute_resolve(
                actor=resolver,
                dispute=dispute,
                resolution=rng.choice(
                    [
                        "Upheld: the month's OTIF is corrected and the scorecard annotated.",
                        "Not upheld: the records stand; the supplier accepted the explanation.",
                        "Settled: credit note of 4% on the affected invoices.",
                    ]
                ),
                now=when + timedelta(days=rng.randint(1, 4)),
            )
    return count
