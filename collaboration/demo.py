"""Demo data for the collaboration track: for about a third of the approved suppliers a
sharing policy, improvement ideas (some accepted in the last 12 months, so the
``improvements`` KPI has data), pilots with tasks, roadmap items and a joint demand
forecast; and a supplier collaborator account for a few of them.

Bulk inserts with one audit row per step, like the suppliers seeder.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth.models import Group
from django.utils import timezone

from srm.accounts.models import User
from srm.accounts.roles import RoleCode
from srm.audit.services import AuditSubject, audit_record
from srm.core.actors import SYSTEM
from srm.core.demo import DemoContext
from suppliers.demo import DEMO_PASSWORD
from suppliers.models import SupplierStatus

from .models import (
    SPRINT_DAYS,
    Forecast,
    ForecastLine,
    Idea,
    Pilot,
    PilotTask,
    RoadmapItem,
    SharingPolicy,
)
from .selectors import add_months

# Share of the approved suppliers that take part in the collaboration track.
PARTICIPATION = 0.35
# How many extra supplier collaborator accounts (``supplier-sup-0012``) the demo creates.
EXTRA_COLLABORATORS = 3

IDEAS = [
    ("Returnable packaging loop", "Replace one-way cartons by returnable crates on the main lane."),
    ("Kanban for fast movers", "Two-bin kanban for the ten fastest moving items."),
    ("Consolidated weekly shipments", "One consolidated delivery per week instead of three."),
    ("Design-to-cost on the housing", "Thinner wall and fewer ribs keep the strength."),
    ("Shared quality gate", "Our outgoing inspection replaces your incoming inspection."),
    ("Vendor-managed inventory", "We keep your stock between min and max; you see our levels."),
    ("Alternative resin grade", "A recycled-content grade with the same properties."),
    ("Longer tool life", "A new coating doubles the life of the cutting tools."),
    ("EDI order confirmations", "Confirm orders over EDI within four hours."),
    ("Standardised labels", "One label format for all plants cuts relabelling."),
    ("Energy-saving curing", "Lower curing temperature with a new catalyst."),
    ("Joint S&OP meeting", "A monthly sales and operations call with your planners."),
]
PILOTS = [
    ("Predictive maintenance sensors", "Cut unplanned stops on line 3 by a third."),
    ("Digital twin of the packing line", "Find the bottleneck before buying another machine."),
    ("Low-carbon transport lane", "Move one lane to rail and measure cost and lead time."),
    ("Smart reorder points", "Reorder points from live demand instead of fixed numbers."),
    ("Recycled material trial", "Qualify recycled content in one product family."),
    ("Automated visual inspection", "Camera inspection at the supplier's end of line."),
]
TASKS = [
    "Agree the success measure",
    "Collect baseline data",
    "Install the trial set-up",
    "Weekly review call",
    "Write up the results",
    "Decide on roll-out",
]
ROADMAP = [
    ("New product introduction", "buyer"),
    ("Capacity expansion", "supplier"),
    ("Second source qualification", "buyer"),
    ("Sustainability reporting", "joint"),
    ("Packaging redesign", "joint"),
    ("ERP integration", "supplier"),
]


def seed(ctx: DemoContext) -> None:
    rng, today = ctx.rng, ctx.today
    users = ctx.shared["users"]
    supplier_items = ctx.shared.get("supplier_items", {})
    approved = [s for s in ctx.shared["suppliers"] if s.status == SupplierStatus.APPROVED]
    bound = users[RoleCode.SUPPLIER_COLLABORATOR].supplier
    taking_part = [s for s in approved if s.pk == getattr(bound, "pk", None)]
    taking_part += [s for s in approved if s not in taking_part and rng.random() < PARTICIPATION]
    collaborators = _seed_collaborators(ctx, taking_part, users, bound)
    _seed_policies(ctx, taking_part, bound)
    ideas = _seed_ideas(ctx, taking_part, collaborators, users)
    pilots, tasks = _seed_pilots(ctx, taking_part, collaborators, users)
    roadmap = _seed_roadmap(ctx, taking_part)
    forecasts, lines = _seed_forecasts(ctx, taking_part, supplier_items, collaborators, users)
    accepted_recently = sum(
        1 for i in ideas if i.accepted_on and i.accepted_on > add_months(today, -12)
    )
    audit_record(
        actor=SYSTEM,
        action="seed_demo",
        subject=AuditSubject("collaboration.idea", "*", "demo collaboration track"),
        after={
            "suppliers": len(taking_part),
            "ideas": len(ideas),
            "pilots": len(pilots),
            "tasks": len(tasks),
            "roadmap_items": len(roadmap),
            "forecasts": len(forecasts),
            "forecast_lines": len(lines),
        },
    )
    ctx.shared["collaboration_suppliers"] = taking_part
    ctx.stdout(
        f"  collaboration: {len(taking_part)} suppliers, {len(ideas)} ideas "
        f"({accepted_recently} accepted in the last 12 months), {len(pilots)} pilots, "
        f"{len(roadmap)} roadmap items, {len(forecasts)} forecasts"
    )


def _aware(day: date, hour: int = 10):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _seed_collaborators(ctx, taking_part, users, bound) -> dict[int, list[User]]:
    """supplier pk -> its collaborator accounts; the demo's ``supplier`` user plus a few."""
    by_supplier: dict[int, list[User]] = {}
    if bound is not None:
        by_supplier[bound.pk] = [users[RoleCode.SUPPLIER_COLLABORATOR]]
    group = Group.objects.get(name=RoleCode.SUPPLIER_COLLABORATOR.value)
    others = [s for s in taking_part if s.pk not in by_supplier]
    for supplier in others[:EXTRA_COLLABORATORS]:
        username = f"supplier-{supplier.code.lower()}"
        user = User.objects.create_user(
            username,
            f"{username}@example.com",
            DEMO_PASSWORD,
            first_name=ctx.rng.choice(["Alex", "Kim", "Noor", "Jo", "Sasha", "Robin"]),
            last_name=supplier.name.split()[0],
            supplier=supplier,
        )
        user.groups.add(group)
        by_supplier[supplier.pk] = [user]
        ctx.accounts.append(
            (
                username,
                DEMO_PASSWORD,
                f"supplier_collaborator: the portal of {supplier.code} {supplier.name}",
            )
        )
    audit_record(
        actor=SYSTEM,
        action="seed_demo",
        subject=AuditSubject("accounts.user", "*", "demo supplier collaborators"),
        after={"users": sorted(u.username for us in by_supplier.values() for u in us)},
    )
    return by_supplier


def _seed_policies(ctx, taking_part, bound) -> None:
    rng = ctx.rng
    policies = []
    for supplier in taking_part:
        everything = bound is not None and supplier.pk == bound.pk
        policies.append(
            SharingPolicy(
                supplier=supplier,
                forecasts=everything or rng.random() < 0.9,
                scorecard=everything or rng.random() < 0.75,
                corrective_actions=everything or rng.random() < 0.6,
                requests=everything or rng.random() < 0.85,
                note="Default for collaboration partners." if everything else "",
            )
        )
    SharingPolicy.objects.bulk_create(policies)


def _seed_ideas(ctx, taking_part, collaborators, users) -> list[Idea]:
    rng, today = ctx.rng, ctx.today
    engineer = users[RoleCode.COLLABORATION_MEMBER]
    ideas = []
    for supplier in taking_part:
        people = collaborators.get(supplier.pk, [])
        for title, description in rng.sample(IDEAS, k=rng.randint(2, 6)):
            age = rng.randint(0, max(ctx.months * 30, 30))
            submitted = today - timedelta(days=age)
            roll = rng.random()
            status, accepted, implemented, realised = Idea.Status.SUBMITTED, None, None, None
            if age > 14 and roll < 0.55:
                accepted = min(today, submitted + timedelta(days=rng.randint(7, 45)))
                status = Idea.Status.ACCEPTED
                if (today - accepted).days > 60 and rng.random() < 0.6:
                    status = Idea.Status.IMPLEMENTED
                    implemented = accepted + timedelta(days=rng.randint(30, 60))
            elif age > 14 and roll < 0.75:
                status = Idea.Status.DECLINED
            elif age > 7 and roll < 0.9:
                status = Idea.Status.UNDER_REVIEW
            estimate = Decimal(rng.randrange(5, 200) * 1000)
            if status == Idea.Status.IMPLEMENTED:
                realised = (estimate * Decimal(str(round(rng.uniform(0.5, 1.3), 2)))).quantize(
                    Decimal(1)
                )
            ideas.append(
                Idea(
                    supplier=supplier,
                    title=title,
                    description=description,
                    proposer=rng.choice(people) if people and rng.random() < 0.7 else engineer,
                    estimated_value=estimate,
                    realised_value=realised,
                    currency=supplier.currency,
                    status=status,
                    submitted_on=submitted,
                    accepted_on=accepted,
                    implemented_on=implemented,
                    review_note={
                        Idea.Status.DECLINED: "Thank you; the business case does not hold today.",
                        Idea.Status.ACCEPTED: "Accepted: we plan it with you.",
                        Idea.Status.IMPLEMENTED: "Implemented: thank you.",
                    }.get(status, ""),
                )
            )
    Idea.objects.bulk_create(ideas)
    return ideas


def _seed_pilots(ctx, taking_part, collaborators, users):
    rng, today = ctx.rng, ctx.today
    internal = [
        users[RoleCode.COLLABORATION_MEMBER],
        users[RoleCode.CATEGORY_MANAGER],
        users[RoleCode.OPERATIONS_LEAD],
    ]
    pilots, memberships = [], []
    for supplier in taking_part:
        for title, goal in rng.sample(PILOTS, k=rng.choice([0, 1, 1, 2])):
            start = today + timedelta(days=rng.randint(-150, 40))
            end = start + timedelta(days=SPRINT_DAYS - 1)
            if start > today:
                status = Pilot.Status.PLANNED
            elif end >= today:
                status = Pilot.Status.RUNNING
            else:
                status = rng.choice([Pilot.Status.COMPLETED] * 4 + [Pilot.Status.CANCELLED])
            pilot = Pilot(
                supplier=supplier,
                title=title,
                goal=goal,
                budget=Decimal(rng.randrange(10, 120) * 1000),
                currency=supplier.currency,
                start_date=start,
                status=status,
                outcome="Met the goal; roll-out proposed."
                if status == Pilot.Status.COMPLETED
                else "",
            )
            pilot.demo_members = [
                *rng.sample(internal, k=2),
                *collaborators.get(supplier.pk, []),
            ]
            pilots.append(pilot)
    Pilot.objects.bulk_create(pilots)
    through = Pilot.members.through
    tasks = []
    for pilot in pilots:
        memberships.extend(through(pilot_id=pilot.pk, user_id=m.pk) for m in pilot.demo_members)
        for index, title in enumerate(TASKS[: rng.randint(2, 5)]):
            if pilot.status == Pilot.Status.COMPLETED:
                task_status = PilotTask.Status.DONE
            elif pilot.status == Pilot.Status.RUNNING:
                task_status = rng.choice(list(PilotTask.Status.values))
            else:
                task_status = PilotTask.Status.TODO
            tasks.append(
                PilotTask(
                    pilot=pilot,
                    title=title,
                    assignee=rng.choice(pilot.demo_members),
                    due_date=pilot.start_date + timedelta(days=7 * min(index + 1, 4) - 1),
                    status=task_status,
                )
            )
    through.objects.bulk_create(memberships)
    PilotTask.objects.bulk_create(tasks)
    return pilots, tasks


def _seed_roadmap(ctx, taking_part) -> list[RoadmapItem]:
    rng, today = ctx.rng, ctx.today
    items = []
    for supplier in taking_part:
        for offset, (title, led_by) in enumerate(rng.sample(ROADMAP, k=rng.randint(1, 4))):
            quarter_start = add_months(today.replace(day=1), 3 * (offset + rng.randint(-1, 2)))
            quarter = f"{quarter_start.year}-Q{(quarter_start.month - 1) // 3 + 1}"
            items.append(
                RoadmapItem(
                    supplier=supplier,
                    title=title,
                    description=f"{title} with {supplier.name}.",
                    target_quarter=quarter,
                    led_by=led_by,
                    status=RoadmapItem.Status.DONE
                    if quarter_start < today.replace(day=1)
                    else rng.choice([RoadmapItem.Status.PLANNED, RoadmapItem.Status.IN_PROGRESS]),
                )
            )
    RoadmapItem.objects.bulk_create(items)
    return items


def _seed_forecasts(ctx, taking_part, supplier_items, collaborators, users):
    rng, today = ctx.rng, ctx.today
    planner = users[RoleCode.OPERATIONS_LEAD]
    forecasts, lines = [], []
    next_month = add_months(today.replace(day=1), 1)
    for supplier in taking_part:
        items = [item for item, _price in supplier_items.get(supplier.pk, [])]
        if not items:
            continue
        status = rng.choices(
            [
                Forecast.Status.DRAFT,
                Forecast.Status.SHARED,
                Forecast.Status.COMMITTED,
                Forecast.Status.SHORTFALL,
            ],
            weights=[10, 35, 40, 15],
        )[0]
        people = collaborators.get(supplier.pk, [])
        answered = status in (Forecast.Status.COMMITTED, Forecast.Status.SHORTFALL)
        forecast = Forecast(
            supplier=supplier,
            title=f"Demand {next_month:%b %Y} – {add_months(next_month, 2):%b %Y}",
            status=status,
            created_by=planner,
            shared_at=_aware(today - timedelta(days=rng.randint(3, 20)))
            if status != Forecast.Status.DRAFT
            else None,
            acknowledged_at=_aware(today - timedelta(days=rng.randint(0, 2)), 15)
            if answered
            else None,
            acknowledged_by=people[0] if answered and people else None,
            response_note="Line 2 is fully booked in that month; overtime covers part of it."
            if status == Forecast.Status.SHORTFALL
            else "",
        )
        forecast.demo_lines = []
        for item in rng.sample(items, k=min(len(items), rng.randint(2, 4))):
            base = rng.choice([200, 500, 1000, 2500, 5000])
            for month_offset in range(3):
                quantity = Decimal(int(base * rng.uniform(0.8, 1.25)))
                committed = None
                if status == Forecast.Status.COMMITTED:
                    committed = quantity
                elif status == Forecast.Status.SHORTFALL:
                    committed = (quantity * Decimal(str(round(rng.uniform(0.6, 1), 2)))).quantize(
                        Decimal(1)
                    )
                forecast.demo_lines.append(
                    ForecastLine(
                        item=item,
                        month=add_months(next_month, month_offset),
                        quantity=quantity,
                        committed_quantity=committed,
                    )
                )
        if status == Forecast.Status.SHORTFALL:
            # A shortfall always falls short somewhere.
            first = forecast.demo_lines[0]
            first.committed_quantity = (first.quantity * Decimal("0.7")).quantize(Decimal(1))
        forecasts.append(forecast)
    Forecast.objects.bulk_create(forecasts)
    for forecast in forecasts:
        for line in forecast.demo_lines:
            line.forecast = forecast
            lines.append(line)
    ForecastLine.objects.bulk_create(lines)
    return forecasts, lines
