"""The world the permission matrix runs in: one user per role, two suppliers, and one row
of every kind for each of them.

* ``OWN`` is in the category granted to the category manager, is the supplier the
  supplier collaborator is bound to, and its sharing policy publishes every data set.
* ``OTHER`` is in another category and bound to nobody; its policy publishes every data
  set too, so an answer of 404 for it comes from the supplier binding, not the policy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from allauth.mfa.models import Authenticator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from collaboration.models import (
    Forecast,
    ForecastLine,
    Idea,
    Pilot,
    PilotTask,
    RoadmapItem,
    ScoreAppeal,
    SharingPolicy,
)
from governance import services as governance
from governance.models import DecisionType, Delegation
from risk.models import (
    ContinuityExercise,
    ContinuityPlan,
    Incident,
    RiskAssessment,
    RiskDimension,
    RiskDimensionValue,
    RiskScore,
)
from scorecards.models import CorrectiveAction, RecomputeRun, Scorecard
from srm.accounts.services import api_token_create
from srm.core.actors import SYSTEM
from srm.core.models import Notification
from suppliers.models import (
    Certificate,
    ImportBatch,
    Item,
    RelationshipOwner,
    SupplierContact,
)
from suppliers.services import document_upload

from ..factories import (
    CategoryFactory,
    ContractFactory,
    ContractPriceFactory,
    ReceiptFactory,
    ServiceLevelFactory,
    SupplierFactory,
    UserFactory,
)

# Column order of the matrix.
ROLES = {
    "EXS": "executive_sponsor",
    "STC": "steering_committee",
    "CAT": "category_manager",
    "CON": "contract_owner",
    "OPS": "operations_lead",
    "ANA": "procurement_analyst",
    "FIN": "finance_approver",
    "LEG": "legal_reviewer",
    "COL": "collaboration_member",
    "SUP": "supplier_collaborator",
    "AUD": "auditor",
}
PERIOD = date(2026, 2, 1)


@dataclass
class World:
    users: dict = field(default_factory=dict)  # column key -> user
    rows: dict = field(default_factory=dict)  # ("own"|"other"|None, kind) -> row


def build_world() -> World:
    world = World()
    granted = CategoryFactory(code="granted", name="Granted")
    elsewhere = CategoryFactory(code="elsewhere", name="Elsewhere")
    own = SupplierFactory(code="OWN", name="Own Supplier AB", categories=[granted])
    other = SupplierFactory(code="OTHER", name="Other Supplier Ltd", categories=[elsewhere])
    for key, role in ROLES.items():
        world.users[key] = UserFactory(
            username=f"matrix-{key.lower()}",
            roles=[role],
            categories=[granted] if key == "CAT" else [],
            supplier=own if key == "SUP" else None,
        )
    analyst = world.users["ANA"]
    item = Item.objects.create(code="PART-1", name="Part", category=granted, is_critical=True)
    world.rows[(None, "category")] = granted
    world.rows[(None, "item")] = item
    world.rows[(None, "importbatch")] = ImportBatch.objects.create(
        kind="receipts", filename="r.csv", sha256="0" * 64, status="applied"
    )
    world.rows[(None, "recomputerun")] = RecomputeRun.objects.create(
        started_at=timezone.now(),
        finished_at=timezone.now(),
        status="succeeded",
        running=None,
        scope="full",
        period_from=PERIOD,
        period_to=PERIOD,
    )
    world.rows[(None, "kpidefinition")] = "otif"
    world.rows[(None, "decisiontype")] = DecisionType.objects.get(code="price_change")
    world.rows[(None, "riskdimension")] = RiskDimension.objects.order_by("pk").first()
    group = governance.steering_group_create(
        actor=SYSTEM, name="Steering", members=[world.users["STC"], world.users["EXS"]]
    )
    world.rows[(None, "steeringgroup")] = group
    world.rows[(None, "meeting")] = governance.meeting_create(
        actor=SYSTEM, group=group, kind="monthly", scheduled_for=timezone.now() + timedelta(days=3)
    )
    # The sponsor is out of office: the steering committee member signs on their behalf.
    world.rows[(None, "delegation")] = Delegation.objects.create(
        delegator=world.users["EXS"],
        delegate=world.users["STC"],
        starts=timezone.localdate(),
        ends=timezone.localdate() + timedelta(days=7),
    )
    for target, supplier in (("own", own), ("other", other)):
        _supplier_rows(world, target, supplier, item, analyst)
    # Notifications are personal: each user's own, and one of somebody else's.
    for user in world.users.values():
        Notification.objects.create(recipient=user, subject="For you")
    nobody = UserFactory(username="matrix-nobody")
    world.rows[("other", "notification")] = Notification.objects.create(
        recipient=nobody, subject="Not for you"
    )
    # API tokens are personal too: somebody else's answers 404 to every role.
    world.rows[(None, "user")] = nobody
    world.rows[(None, "webauthn")] = Authenticator.objects.create(
        user=nobody, type=Authenticator.Type.WEBAUTHN, data={"name": "Not yours"}
    )
    world.rows[("other", "apitoken")] = api_token_create(
        actor=SYSTEM, user=nobody, name="Not yours"
    ).token
    return world


def _supplier_rows(world: World, target: str, supplier, item, analyst) -> None:
    def put(kind, row):
        world.rows[(target, kind)] = row
        return row

    put("supplier", supplier)
    SharingPolicy.objects.update_or_create(
        supplier=supplier,
        defaults={
            "forecasts": True,
            "scorecard": True,
            "corrective_actions": True,
            "requests": True,
        },
    )
    put("sharingpolicy", SharingPolicy.objects.get(supplier=supplier))
    contract = put("contract", ContractFactory(supplier=supplier, number=f"C-{supplier.code}"))
    put("contractprice", ContractPriceFactory(contract=contract, item=item))
    put("servicelevel", ServiceLevelFactory(contract=contract))
    put("receipt", ReceiptFactory(supplier=supplier, item=item, contract=contract))
    certificate = put(
        "certificate",
        Certificate.objects.create(supplier=supplier, kind="iso9001", expires_on=date(2027, 1, 1)),
    )
    put(
        "document",
        document_upload(
            actor=analyst,
            owner=certificate,
            kind="certificate",
            title="ISO 9001",
            upload=SimpleUploadedFile("iso.pdf", b"%PDF-1.4\n%%EOF\n"),
        ),
    )
    # A contact of both tracks: every role that may see contacts reaches it (the per-track
    # rule has its own tests in tests/suppliers/test_contacts.py).
    put(
        "suppliercontact",
        SupplierContact.objects.create(
            supplier=supplier, name="Anna", email="anna@example.com", works_on="shared"
        ),
    )
    put(
        "relationshipowner",
        RelationshipOwner.objects.create(supplier=supplier, user=analyst, works_on="management"),
    )
    put(
        "incident",
        Incident.objects.create(
            supplier=supplier,
            occurred_on=PERIOD,
            kind="delivery",
            severity="low",
            description="Late truck",
        ),
    )
    scorecard = put(
        "scorecard",
        Scorecard.objects.create(
            supplier=supplier,
            period=PERIOD,
            score=Decimal("60.0"),
            standing="C",
            kpis={"otif": {"value": 90.0, "score": 66.7, "n": 1, "target": 95.0}},
        ),
    )
    put(
        "correctiveaction",
        CorrectiveAction.objects.create(
            supplier=supplier,
            source="manual",
            title="Fix",
            due_date=date(2026, 6, 1),
            scorecard=scorecard,
        ),
    )
    decision = governance.decision_request_create(
        actor=analyst,
        decision_type=DecisionType.objects.get(code="price_change"),
        supplier=supplier,
        title="New price",
        justification="Index",
        risk_impact="Low",
        contract=contract,
        item=item,
        proposed_unit_price=Decimal("10.50"),
        effective_from=date(2026, 6, 1),
    )
    put("decisionrequest", governance.decision_request_submit(actor=analyst, request=decision))
    put(
        "dispute",
        governance.dispute_open(
            actor=analyst, supplier=supplier, subject="Score", description="Contested"
        ),
    )
    put(
        "supplierrequest",
        governance.supplier_request_send(
            actor=analyst,
            supplier=supplier,
            subject="Capacity",
            body="Q3?",
            owner=analyst,
            due_at=timezone.now() + timedelta(days=5),
        ),
    )
    put(
        "actionitem",
        governance.action_item_create(
            actor=analyst,
            title="Follow up",
            due_date=date(2026, 6, 1),
            owner=analyst,
            supplier=supplier,
        ),
    )
    dimension = RiskDimension.objects.order_by("pk").first()
    RiskDimensionValue.objects.create(
        supplier=supplier, dimension=dimension, value=3, observed_on=PERIOD, evidence="Rating"
    )
    put("riskassessment", RiskAssessment.objects.create(supplier=supplier, assessed_on=PERIOD))
    put(
        "riskscore",
        RiskScore.objects.create(
            supplier=supplier, as_of=PERIOD, composite=Decimal("50.0"), level="high"
        ),
    )
    plan = put(
        "continuityplan", ContinuityPlan.objects.create(item=item, supplier=supplier, rto_hours=48)
    )
    put(
        "continuityexercise",
        ContinuityExercise.objects.create(plan=plan, held_on=PERIOD, findings="Fine"),
    )
    pilot = put(
        "pilot",
        Pilot.objects.create(supplier=supplier, title="Pilot", goal="Faster", start_date=PERIOD),
    )
    put("pilottask", PilotTask.objects.create(pilot=pilot, title="Task"))
    put("idea", Idea.objects.create(supplier=supplier, title="Idea", description="Better"))
    put(
        "roadmapitem",
        RoadmapItem.objects.create(supplier=supplier, title="Step", target_quarter="2026Q3"),
    )
    forecast = put(
        "forecast", Forecast.objects.create(supplier=supplier, title="Demand", status="shared")
    )
    ForecastLine.objects.create(forecast=forecast, item=item, month=PERIOD, quantity=100)
    ScoreAppeal.objects.create(supplier=supplier, scorecard=scorecard, reason="Wrong")
