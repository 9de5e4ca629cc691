"""Risk pages: permissions through the generated cases, query counts, forms."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from risk.models import ContinuityPlan, RiskAssessment, RiskDimensionValue, RiskScore
from scorecards.models import Scorecard
from srm.audit.models import AuditEvent
from suppliers.models import SupplierEvent
from tests.factories import (
    ContinuityExerciseFactory,
    ContinuityPlanFactory,
    RiskScoreFactory,
    RiskValueFactory,
)

from ..factories import (
    CategoryFactory,
    ContractFactory,
    ItemFactory,
    ReceiptFactory,
    ServiceLevelFactory,
    SupplierFactory,
)
from ..mixins import PageTests

pytestmark = pytest.mark.django_db


class TestRiskPages(PageTests):
    model = RiskScore
    list_url_name = "risk:register"
    detail_url_name = "risk:supplier_risk"
    denied_roles = ("collaboration_member",)

    def create_object(self, supplier):
        return RiskScoreFactory(supplier=supplier)

    def detail_url(self, obj):
        return reverse(self.detail_url_name, args=[obj.supplier.code])


class TestContinuityPages(PageTests):
    model = ContinuityPlan
    list_url_name = "risk:continuity"
    detail_url_name = "risk:plan_detail"
    denied_roles = ("collaboration_member",)

    def create_object(self, supplier):
        return ContinuityPlanFactory(supplier=supplier)


RISK_URLS = [
    "risk:register",
    "risk:reviews",
    "risk:matrix",
    "risk:continuity",
    "risk:regions",
    "risk:dimensions",
]


@pytest.mark.parametrize("name", RISK_URLS)
@pytest.mark.parametrize("role", ["collaboration_member", "supplier_collaborator"])
def test_collaboration_track_users_get_403(client, make_user, name, role):
    supplier = SupplierFactory()
    RiskScoreFactory(supplier=supplier)
    user = make_user(role, supplier=supplier if role == "supplier_collaborator" else None)
    client.force_login(user)
    assert client.get(reverse(name)).status_code == 403
    assert client.get(reverse("risk:supplier_risk", args=[supplier.code])).status_code == 403
    assert client.get(reverse("risk:assess", args=[supplier.code])).status_code == 403


def test_supplier_page_shows_risk_tab_only_to_management(client, make_user):
    supplier = SupplierFactory()
    client.force_login(make_user("procurement_analyst"))
    html = client.get(reverse("suppliers:supplier_detail", args=[supplier.code])).content.decode()
    assert 'data-tab="risk"' in html
    client.force_login(make_user("collaboration_member"))
    html = client.get(reverse("suppliers:supplier_detail", args=[supplier.code])).content.decode()
    assert 'data-tab="risk"' not in html


def _populate(n: int) -> None:
    category = CategoryFactory()
    for i in range(n):
        supplier = SupplierFactory(categories=[category])
        RiskScoreFactory(supplier=supplier, review_due_on=date(2020, 1, 1) if i % 2 else None)
        RiskValueFactory(supplier=supplier)
        item = ItemFactory(is_critical=True)
        plan = ContinuityPlanFactory(supplier=supplier, item=item)
        plan.alternate_sources.set([SupplierFactory(categories=[category])])
        ContinuityExerciseFactory(plan=plan)
        ItemFactory(is_critical=True)  # without a plan: a gap
        contract = ContractFactory(supplier=supplier)
        ServiceLevelFactory(contract=contract, metric="recovery_hours", target=Decimal(24))
        ReceiptFactory(supplier=supplier, item=item, received_date=timezone.localdate())


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        lambda: reverse("risk:register"),
        lambda: reverse("risk:register") + "?level=high&dimension=cyber&region=EMEA&overdue=true",
        lambda: reverse("risk:reviews"),
        lambda: reverse("risk:matrix"),
        lambda: reverse("risk:continuity"),
        lambda: reverse("risk:regions"),
        lambda: reverse("risk:supplier_risk", args=[RiskScore.objects.first().supplier.code]),
        lambda: reverse("risk:plan_detail", args=[ContinuityPlan.objects.first().pk]),
        lambda: reverse("suppliers:supplier_list"),
    ],
    ids=[
        "register",
        "register_filtered",
        "reviews",
        "matrix",
        "continuity",
        "regions",
        "supplier_risk",
        "plan_detail",
        "supplier_list",
    ],
)
def test_query_count_does_not_grow_with_rows(client, make_user, url, django_assert_max_num_queries):
    client.force_login(make_user("procurement_analyst"))
    _populate(3)
    few = _count(client, url())
    _populate(20)
    target = url()
    with django_assert_max_num_queries(few):
        assert client.get(target).status_code == 200
    assert few <= 25, f"{few} queries"


def test_register_filters(client, make_user):
    client.force_login(make_user("procurement_analyst"))
    high = RiskScoreFactory(level="high", composite=Decimal("60"), dimensions={"cyber": 5})
    low = RiskScoreFactory(level="low", composite=Decimal("10"), dimensions={"cyber": 2})
    apac = RiskScoreFactory(
        supplier=SupplierFactory(region="APAC"), level="medium", composite=Decimal("30"),
        review_due_on=date(2020, 1, 1), dimensions={"cyber": 3},
    )  # fmt: skip
    url = reverse("risk:register")

    def pks(**params):
        table = client.get(url, params).context["table"]
        return [row.record.pk for row in table.page.object_list]

    assert pks() == [high.pk, apac.pk, low.pk]  # highest composite first
    assert pks(level="low") == [low.pk]
    assert pks(dimension="cyber") == [high.pk]
    assert pks(region="APAC") == [apac.pk]
    assert pks(overdue="true") == [apac.pk]
    assert pks(q=low.supplier.code) == [low.pk]
    html = client.get(url).content.decode()
    assert "Cyber" in html  # a column per dimension


def test_overdue_review_list(client, make_user):
    client.force_login(make_user("procurement_analyst"))
    overdue = RiskScoreFactory(review_due_on=timezone.localdate() - timedelta(days=1))
    never = RiskScoreFactory(review_due_on=None)
    RiskScoreFactory(review_due_on=timezone.localdate())  # due today: not overdue yet
    table = client.get(reverse("risk:reviews")).context["table"]
    assert [r.record.pk for r in table.page.object_list] == [never.pk, overdue.pk]


def test_supplier_risk_tab_shows_radar_evidence_and_history(client, make_user):
    supplier = SupplierFactory()
    RiskValueFactory(supplier=supplier, value=4, evidence="Ransomware last year.")
    from risk.recompute import risk_recompute

    risk_recompute(as_of=timezone.localdate())
    client.force_login(make_user("procurement_analyst"))
    response = client.get(reverse("risk:supplier_risk", args=[supplier.code]))
    html = response.content.decode()
    assert 'id="risk-radar"' in html and 'id="risk-radar-data"' in html
    assert "Ransomware last year." in html
    assert response.context["radar"]["labels"][0] == "Financial health"
    assert len(response.context["history"]) == 1
    assert 'data-testid="review-overdue"' in html  # never reviewed


def test_manual_assessment_form_records_values_and_recomputes(client, make_user):
    category = CategoryFactory()
    supplier = SupplierFactory(categories=[category])
    SupplierFactory(categories=[category])
    manager = make_user("category_manager", categories=[category])
    client.force_login(manager)
    url = reverse("risk:assess", args=[supplier.code])
    assert client.get(url).status_code == 200
    today = timezone.localdate().isoformat()
    bad = client.post(url, {"assessed_on": today, "value_cyber": "4", "evidence_cyber": ""})
    assert bad.status_code == 400
    assert "Give the evidence" in bad.content.decode()
    assert not RiskAssessment.objects.exists()
    response = client.post(
        url,
        {
            "assessed_on": today,
            "value_cyber": "5",
            "evidence_cyber": "No MFA on remote access.",
            "value_financial_health": "5",
            "evidence_financial_health": "Going-concern note.",
        },
    )
    assert response.status_code == 302
    assessment = RiskAssessment.objects.get()
    assert assessment.assessed_by == manager
    assert RiskDimensionValue.objects.filter(assessment=assessment).count() == 2
    score = RiskScore.objects.get(supplier=supplier)
    # cyber 5, financial 5, single source 1 → 11/3 = 3.667 → 66.7 → high; monthly? no: quarterly
    assert score.composite == Decimal("66.7") and score.level == "high"
    assert score.last_reviewed_on == timezone.localdate()
    assert AuditEvent.objects.filter(object_type="risk.riskassessment", action="create").exists()


def test_assessment_outside_categories_is_404(client, make_user):
    granted, other = CategoryFactory(), CategoryFactory()
    outside = SupplierFactory(categories=[other])
    client.force_login(make_user("category_manager", categories=[granted]))
    assert client.get(reverse("risk:assess", args=[outside.code])).status_code == 404


def test_reader_cannot_assess(client, make_user):
    supplier = SupplierFactory()
    client.force_login(make_user("finance_approver"))
    assert client.get(reverse("risk:supplier_risk", args=[supplier.code])).status_code == 200
    assert client.get(reverse("risk:assess", args=[supplier.code])).status_code == 403


def test_level_change_from_a_manual_assessment_lands_on_the_timeline(client, make_user):
    supplier = SupplierFactory(categories=[])
    RiskValueFactory(supplier=supplier, value=1, observed_on=date(2025, 1, 1))
    from risk.recompute import risk_recompute

    risk_recompute(as_of=timezone.localdate())
    client.force_login(make_user("procurement_analyst"))
    client.post(
        reverse("risk:assess", args=[supplier.code]),
        {
            "assessed_on": timezone.localdate().isoformat(),
            "value_cyber": "5",
            "evidence_cyber": "x",
        },
    )
    assert SupplierEvent.objects.filter(supplier=supplier, kind="risk_level").count() == 1


def test_matrix_points(client, make_user):
    client.force_login(make_user("procurement_analyst"))
    RiskScoreFactory(segment="strategic", composite=Decimal("80"), spend_share=Decimal("12.5"))
    RiskScoreFactory(segment=None, composite=None, level=None)  # not plotted
    response = client.get(reverse("risk:matrix"))
    points = response.context["chart"]["points"]
    assert len(points) == 1 and points[0]["x"] == 12.5 and points[0]["y"] == 80.0
    counts = {s["code"]: s["count"] for s in response.context["segments"]}
    assert counts == {"strategic": 1, "leverage": 0, "bottleneck": 0, "non_critical": 0}


class TestContinuity:
    def test_gap_page_lists_every_kind(self, client, make_user):
        today = timezone.localdate()
        supplier = SupplierFactory()
        contract = ContractFactory(supplier=supplier)
        ServiceLevelFactory(contract=contract, metric="recovery_hours", target=Decimal(24))
        ItemFactory(code="NOPLAN", is_critical=True)
        ItemFactory(code="NOTCRIT", is_critical=False)
        plan = ContinuityPlanFactory(
            supplier=supplier, item=ItemFactory(code="RISKY", is_critical=True), rto_hours=72
        )
        ContinuityExerciseFactory(plan=plan, held_on=today - timedelta(days=91))
        good = ContinuityPlanFactory(
            supplier=supplier, item=ItemFactory(code="GOOD", is_critical=True), rto_hours=24
        )
        good.alternate_sources.set([SupplierFactory()])
        ContinuityExerciseFactory(plan=good, held_on=today - timedelta(days=90))
        client.force_login(make_user("operations_lead"))
        response = client.get(reverse("risk:continuity"))
        gaps = {(g.item.code, g.gap.code) for g in response.context["gaps"]}
        assert gaps == {
            ("NOPLAN", "no_plan"),
            ("RISKY", "single_source_no_alternate"),
            ("RISKY", "not_exercised"),
            ("RISKY", "rto_beyond_sla"),
        }
        only = client.get(reverse("risk:continuity"), {"gap": "rto_beyond_sla"}).context["gaps"]
        assert [g.item.code for g in only] == ["RISKY"]

    def test_second_source_by_receipts_is_no_single_source_gap(self, client, make_user):
        item = ItemFactory(is_critical=True)
        plan = ContinuityPlanFactory(item=item)
        ReceiptFactory(item=item, received_date=timezone.localdate())  # another supplier
        client.force_login(make_user("operations_lead"))
        response = client.get(reverse("risk:plan_detail", args=[plan.pk]))
        assert response.context["facts"].source_count == 2
        assert [g.code for g in response.context["gaps"]] == ["not_exercised"]

    def test_create_plan_and_record_exercise(self, client, make_user):
        supplier = SupplierFactory()
        alternate = SupplierFactory()
        item = ItemFactory(is_critical=True)
        client.force_login(make_user("operations_lead"))
        response = client.post(
            reverse("risk:plan_create"),
            {
                "item": item.pk,
                "supplier": supplier.pk,
                "rto_hours": 48,
                "alternate_sources": [alternate.pk],
                "playbook_steps": "Call\nSwitch",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        plan = ContinuityPlan.objects.get()
        assert plan.playbook == ["Call", "Switch"]
        assert list(plan.alternate_sources.all()) == [alternate]
        response = client.post(
            reverse("risk:exercise_create", args=[plan.pk]),
            {"held_on": timezone.localdate().isoformat(), "findings": "Call tree outdated."},
        )
        assert response.status_code == 302
        assert plan.exercises.get().findings == "Call tree outdated."
        future = client.post(
            reverse("risk:exercise_create", args=[plan.pk]),
            {"held_on": (timezone.localdate() + timedelta(days=3)).isoformat(), "findings": "x"},
        )
        assert future.status_code == 400
        assert AuditEvent.objects.filter(object_type="risk.continuityexercise").count() == 1

    def test_plan_only_for_critical_items_and_not_self_alternate(self, client, make_user):
        supplier = SupplierFactory()
        client.force_login(make_user("operations_lead"))
        plain = ItemFactory(is_critical=False)
        response = client.post(
            reverse("risk:plan_create"), {"item": plain.pk, "supplier": supplier.pk, "rto_hours": 4}
        )
        assert response.status_code == 400
        critical = ItemFactory(is_critical=True)
        response = client.post(
            reverse("risk:plan_create"),
            {
                "item": critical.pk,
                "supplier": supplier.pk,
                "rto_hours": 4,
                "alternate_sources": [supplier.pk],
            },
        )
        assert response.status_code == 400
        assert "its own alternate" in response.content.decode()
        assert not ContinuityPlan.objects.exists()

    def test_reader_cannot_change_plans(self, client, make_user):
        plan = ContinuityPlanFactory()
        client.force_login(make_user("finance_approver"))
        assert client.get(reverse("risk:plan_detail", args=[plan.pk])).status_code == 200
        assert client.get(reverse("risk:plan_update", args=[plan.pk])).status_code == 403
        response = client.post(
            reverse("risk:exercise_create", args=[plan.pk]),
            {"held_on": "2026-01-01", "findings": "x"},
        )
        assert response.status_code == 403


def test_regions_page(client, make_user):
    client.force_login(make_user("procurement_analyst"))
    response = client.get(reverse("risk:regions"), {"from": "2025Q1", "to": "2025Q4"})
    assert response.status_code == 200
    assert [r["region"] for r in response.context["regions"]] == ["Americas", "EMEA", "APAC"]
    bad = client.get(reverse("risk:regions"), {"from": "2025Q4", "to": "2025Q1"})
    assert bad.status_code == 400
    assert "is before" in bad.content.decode()


def test_performance_dimension_follows_latest_standing(client, make_user):
    supplier = SupplierFactory(categories=[])
    Scorecard.objects.create(supplier=supplier, period=date(2025, 12, 1), standing="A", kpis={})
    Scorecard.objects.create(supplier=supplier, period=date(2026, 1, 1), standing=None, kpis={})
    from risk.recompute import risk_recompute

    risk_recompute(as_of=date(2026, 1, 31))
    assert RiskScore.objects.get(supplier=supplier).dimensions == {"performance": 1}


class TestSupplierList:
    """The supplier list's risk column and its risk-level and Kraljic filters."""

    @pytest.fixture
    def scored(self):
        high = RiskScoreFactory(
            supplier=SupplierFactory(name="Alpha"), level="high", composite=Decimal("60.0"),
            segment="strategic",
        )  # fmt: skip
        low = RiskScoreFactory(
            supplier=SupplierFactory(name="Beta"), level="low", composite=Decimal("5.0"),
            segment="non_critical",
        )  # fmt: skip
        unscored = SupplierFactory(name="Gamma")
        return high, low, unscored

    def codes(self, client, **params):
        table = client.get(reverse("suppliers:supplier_list"), params).context["table"]
        return [row.record.code for row in table.page.object_list]

    def test_column_and_filters(self, client, make_user, scored):
        high, low, _ = scored
        client.force_login(make_user("procurement_analyst"))
        html = client.get(reverse("suppliers:supplier_list")).content.decode()
        assert 'data-level="high"' in html and "High 60.0" in html
        assert self.codes(client, risk_level="high") == [high.supplier.code]
        assert self.codes(client, kraljic="non_critical") == [low.supplier.code]
        assert self.codes(client, sort="-risk_level")[:2] == [high.supplier.code, low.supplier.code]

    def test_hidden_from_collaboration_roles(self, client, make_user, scored):
        client.force_login(make_user("collaboration_member"))
        response = client.get(reverse("suppliers:supplier_list"))
        html = response.content.decode()
        assert "data-level=" not in html and ">Risk<" not in html
        assert "risk_level" not in response.context["filter"].form.fields
        # The parameter is ignored rather than applied, and sorting by it says nothing.
        assert len(self.codes(client, risk_level="high")) == 3
        assert len(self.codes(client, sort="risk_level")) == 3

    def test_api_filter_for_management_only(self, api_client, make_user, scored):
        high = scored[0]
        api_client.force_authenticate(make_user("procurement_analyst"))
        rows = api_client.get("/api/suppliers/", {"risk_level": "high"}).json()["results"]
        assert [r["code"] for r in rows] == [high.supplier.code]
        api_client.force_authenticate(make_user("collaboration_member"))
        rows = api_client.get("/api/suppliers/", {"risk_level": "high"}).json()["results"]
        assert len(rows) == 3


def test_register_exports_csv_and_xlsx_with_the_filters(client, make_user):
    import csv
    import io

    from openpyxl import load_workbook

    client.force_login(make_user("procurement_analyst"))
    RiskScoreFactory(supplier=SupplierFactory(code="HI", name="=cmd()"), level="high")
    RiskScoreFactory(supplier=SupplierFactory(code="LO"), level="low", composite=Decimal("5"))
    response = client.get(reverse("risk:register"), {"level": "high", "export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:7] == [
        "Code", "Supplier", "Region", "Composite", "Level", "Kraljic", "Spend share",
    ]  # fmt: skip
    assert [r[0] for r in rows[1:]] == ["HI"]
    assert rows[1][1] == "'=cmd()"  # never a formula
    header = rows[0]
    assert rows[1][header.index("Cyber")] == "4"
    assert rows[1][header.index("Level")] == "High"  # the badge's text, not its HTML
    xlsx = client.get(reverse("risk:register"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in next(sheet.iter_rows(min_row=2, max_row=2))][:2] == ["HI", "'=cmd()"]
