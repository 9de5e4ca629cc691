"""Risk REST API: /api/risk-scores/, assessments, continuity plans and gaps, /api/regions/."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from risk.models import (
    ComplianceCheck,
    ContinuityPlan,
    ForecastAccuracyRecord,
    Incident,
    RiskAssessment,
    RiskScore,
    TrainingRecord,
)
from tests.factories import ContinuityPlanFactory, RiskScoreFactory

from ..factories import CategoryFactory, ItemFactory, SupplierFactory
from ..mixins import APICreateTests, APIModelTests, APIUpdateTests

pytestmark = pytest.mark.django_db


class TestRiskScoreAPI(APIModelTests):
    model = RiskScore
    basename = "riskscore"
    denied_roles = ("collaboration_member",)

    def create_object(self, supplier):
        return RiskScoreFactory(supplier=supplier)

    def test_fields_and_filters(self, api_client, make_user):
        supplier = SupplierFactory(code="ACME")
        RiskScoreFactory(
            supplier=supplier,
            composite=Decimal("62.5"),
            level="high",
            dimensions={"cyber": 4, "single_source": 2.33},
            segment="strategic",
        )
        RiskScoreFactory(level="low", composite=Decimal("10.0"))
        api_client.force_authenticate(make_user("procurement_analyst"))
        rows = api_client.get(self.list_url(), {"supplier": "ACME"}).json()["results"]
        assert len(rows) == 1
        row = rows[0]
        assert row["supplier"] == "ACME"
        assert row["as_of"] == "2026-01-31"
        assert row["composite"] == 62.5
        assert row["level"] == "high"
        assert row["dimensions"] == {"cyber": 4, "single_source": 2.33}
        assert row["segment"] == "strategic"
        low = api_client.get(self.list_url(), {"level": "low"}).json()["results"]
        assert [r["level"] for r in low] == ["low"]
        assert api_client.get(self.list_url(), {"level": "nonsense"}).status_code == 400

    def test_supplier_collaborator_is_refused(self, api_client, make_user):
        supplier = SupplierFactory()
        RiskScoreFactory(supplier=supplier)
        api_client.force_authenticate(make_user("supplier_collaborator", supplier=supplier))
        assert api_client.get(self.list_url()).status_code == 403


class TestRiskAssessmentAPI(APIModelTests, APICreateTests):
    model = RiskAssessment
    basename = "riskassessment"
    denied_roles = ("collaboration_member",)

    def create_object(self, supplier):
        return RiskAssessment.objects.create(supplier=supplier, assessed_on=date(2026, 1, 2))

    def create_data(self, supplier):
        return {
            "supplier": supplier.code,
            "assessed_on": timezone.localdate().isoformat(),
            "ratings": [{"dimension": "cyber", "value": 4, "evidence": "Pen test findings."}],
        }

    def test_bad_rating_is_400_and_writes_nothing(self, api_client, make_user):
        supplier = SupplierFactory()
        api_client.force_authenticate(make_user("procurement_analyst"))
        data = self.create_data(supplier)
        data["ratings"] = [
            {"dimension": "performance", "value": 4, "evidence": "derived, not assessed"},
            {"dimension": "cyber", "value": 4, "evidence": "ok"},
        ]
        response = api_client.post(self.list_url(), data, format="json")
        assert response.status_code == 400
        assert set(response.json()) == {"performance"}
        data["ratings"] = [{"dimension": "cyber", "value": 6, "evidence": " "}]
        response = api_client.post(self.list_url(), data, format="json")
        assert response.status_code == 400
        assert set(response.json()["ratings"]["0"]) == {"value", "evidence"}
        assert not RiskAssessment.objects.exists()

    def test_create_outside_categories_is_refused_as_unknown(
        self, api_client, make_user, category_pair
    ):
        # A supplier out of sight answers like one that does not exist (issue 12): the
        # answer must not tell "not yours" from "not there".
        granted, other = category_pair
        api_client.force_authenticate(make_user("category_manager", categories=[granted]))
        outside = SupplierFactory(categories=[other])
        response = api_client.post(self.list_url(), self.create_data(outside), format="json")
        assert response.status_code == 400
        data = {**self.create_data(outside), "supplier": "NO-SUCH"}
        missing = api_client.post(self.list_url(), data, format="json")
        assert response.json()["supplier"] == [
            m.replace("NO-SUCH", outside.code) for m in missing.json()["supplier"]
        ]
        assert not RiskAssessment.objects.exists()

    def test_create_recomputes_the_score(self, api_client, make_user):
        supplier = SupplierFactory(categories=[])
        api_client.force_authenticate(make_user("procurement_analyst"))
        response = api_client.post(self.list_url(), self.create_data(supplier), format="json")
        assert response.status_code == 201
        assert response.json()["values"] == [
            {"dimension": "cyber", "value": 4, "evidence": "Pen test findings."}
        ]
        assert RiskScore.objects.get(supplier=supplier).composite == Decimal("75.0")


class TestContinuityPlanAPI(APIModelTests, APICreateTests, APIUpdateTests):
    model = ContinuityPlan
    basename = "continuityplan"
    denied_roles = ("collaboration_member",)
    update_data = {"rto_hours": 24}

    def create_object(self, supplier):
        return ContinuityPlanFactory(supplier=supplier)

    def create_data(self, supplier):
        item = ItemFactory(is_critical=True)
        return {"item": item.code, "supplier": supplier.code, "rto_hours": 72}

    def test_plans_carry_their_gaps(self, api_client, make_user):
        plan = ContinuityPlanFactory()
        api_client.force_authenticate(make_user("procurement_analyst"))
        rows = api_client.get(self.list_url()).json()["results"]
        assert [g["code"] for g in rows[0]["gaps"]] == [
            "single_source_no_alternate",
            "not_exercised",
        ]
        detail = api_client.get(self.detail_url(plan)).json()
        assert detail["gaps"] == rows[0]["gaps"]

    def test_non_critical_item_is_400(self, api_client, make_user):
        api_client.force_authenticate(make_user("procurement_analyst"))
        supplier = SupplierFactory()
        item = ItemFactory(is_critical=False)
        data = {"item": item.code, "supplier": supplier.code, "rto_hours": 72}
        assert api_client.post(self.list_url(), data, format="json").status_code == 400


def test_continuity_gaps_endpoint(api_client, make_user):
    ItemFactory(code="CRIT-1", is_critical=True)
    api_client.force_authenticate(make_user("operations_lead"))
    rows = api_client.get(reverse("api:continuity-gaps")).json()
    assert rows == [
        {
            "item": "CRIT-1",
            "item_name": "Item CRIT-1",
            "supplier": None,
            "plan": None,
            "gap": "no_plan",
            "label": "Critical item without a continuity plan",
            "detail": "no plan on file",
        }
    ]
    api_client.force_authenticate(make_user("collaboration_member"))
    assert api_client.get(reverse("api:continuity-gaps")).status_code == 403


def test_continuity_gaps_of_a_category_manager_stay_in_their_categories(api_client, make_user):
    granted, other = CategoryFactory(), CategoryFactory()
    ItemFactory(code="MINE", is_critical=True, category=granted)
    ItemFactory(code="THEIRS", is_critical=True, category=other)
    api_client.force_authenticate(make_user("category_manager", categories=[granted]))
    rows = api_client.get(reverse("api:continuity-gaps")).json()
    assert [r["item"] for r in rows] == ["MINE"]


class TestRegionsAPI:
    url = "/api/regions/"

    @pytest.fixture
    def data(self, db):
        item = ItemFactory()
        emea = SupplierFactory(region="EMEA")
        apac = SupplierFactory(region="APAC")
        # 2025Q1-2025Q2: EMEA 10 + 6 h over 2 quarters = 8.0 per quarter
        TrainingRecord.objects.create(
            supplier=emea, trained_on=date(2025, 1, 15), hours=10, topic="A"
        )
        TrainingRecord.objects.create(
            supplier=emea, trained_on=date(2025, 6, 30), hours=6, topic="B"
        )
        TrainingRecord.objects.create(
            supplier=emea, trained_on=date(2025, 7, 1), hours=99, topic="C"
        )
        # forecast 100 / actual 80 and 50 / 60: |20| + |10| = 30 over 140 → 78.6 %
        for period, forecast, actual in (
            (date(2025, 1, 1), 100, 80),
            (date(2025, 2, 1), 50, 60),
            (date(2025, 3, 1), 70, None),  # no actual yet: left out
        ):
            ForecastAccuracyRecord.objects.create(
                supplier=emea, item=item, period=period, forecast_qty=forecast, actual_qty=actual
            )
        for day in (date(2025, 2, 1), date(2025, 5, 1), date(2025, 5, 2)):
            Incident.objects.create(
                supplier=apac,
                occurred_on=day,
                kind="delivery",
                severity="low",
                description=str(day),
            )
        for n, passed in enumerate((True, True, False)):
            ComplianceCheck.objects.create(
                supplier=apac, checked_on=date(2025, 3, 1), regulation=f"R{n}", passed=passed
            )

    def test_figures_per_region(self, api_client, make_user, data):
        api_client.force_authenticate(make_user("procurement_analyst"))
        response = api_client.get(self.url, {"from": "2025Q1", "to": "2025Q2"})
        assert response.status_code == 200
        body = response.json()
        assert (body["from_quarter"], body["to_quarter"], body["quarters"]) == (
            "2025Q1",
            "2025Q2",
            2,
        )
        regions = {r["region"]: r for r in body["regions"]}
        assert list(regions) == ["Americas", "EMEA", "APAC"]
        assert regions["EMEA"] == {
            "region": "EMEA",
            "training_hours_per_quarter": 8.0,
            "forecast_accuracy": 78.6,
            "disruptions_per_quarter": 0.0,
            "regulatory_alignment": None,
        }
        assert regions["APAC"]["disruptions_per_quarter"] == 1.5
        assert regions["APAC"]["regulatory_alignment"] == 66.7
        assert regions["APAC"]["forecast_accuracy"] is None
        assert regions["Americas"]["training_hours_per_quarter"] == 0.0

    @pytest.mark.parametrize(
        "params,field",
        [
            ({"from": "2025Q5"}, "from"),
            ({"to": "x"}, "to"),
            ({"from": "2025Q3", "to": "2025Q1"}, "to"),
        ],
    )
    def test_bad_span_is_400(self, api_client, make_user, params, field):
        api_client.force_authenticate(make_user("procurement_analyst"))
        response = api_client.get(self.url, params)
        assert response.status_code == 400
        assert field in response.json()

    def test_category_manager_sees_figures_of_own_suppliers_only(self, api_client, make_user, data):
        granted = CategoryFactory()
        api_client.force_authenticate(make_user("category_manager", categories=[granted]))
        body = api_client.get(self.url, {"from": "2025Q1", "to": "2025Q2"}).json()
        assert {r["region"]: r["training_hours_per_quarter"] for r in body["regions"]}["EMEA"] == 0

    def test_collaboration_roles_are_refused(self, api_client, make_user):
        api_client.force_authenticate(make_user("collaboration_member"))
        assert api_client.get(self.url).status_code == 403
        assert api_client.get("/api/risk-scores/").status_code == 403


def test_nul_characters_and_far_years_answer_400(api_client, make_user):
    """PostgreSQL refuses NUL in text; a year beyond the calendar is no quarter."""
    api_client.force_authenticate(make_user("procurement_analyst"))
    data = {"item": "A\x00", "supplier": "S\x00", "rto_hours": 4}
    assert api_client.post("/api/continuity-plans/", data, format="json").status_code == 400
    data = {"supplier": "S\x00", "assessed_on": "2026-01-01", "ratings": []}
    assert api_client.post("/api/risk-assessments/", data, format="json").status_code == 400
    assert api_client.get("/api/regions/", {"from": "0000Q1", "to": "0001Q1"}).status_code == 400
    assert api_client.get("/api/risk-dimensions/cy%00ber/").status_code == 404
