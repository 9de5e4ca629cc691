"""The risk import kinds: all-or-nothing with every bad row named, idempotent re-import,
the same messages and behaviour as the receipts import."""

from datetime import date
from decimal import Decimal

import pytest

from risk.models import (
    ComplianceCheck,
    CountryRisk,
    ForecastAccuracyRecord,
    Incident,
    RiskDimensionValue,
    RiskScore,
    TrainingRecord,
)
from risk.recompute import risk_recompute
from scorecards.models import CorrectiveAction
from srm.audit.models import AuditEvent
from suppliers.importers import IMPORTERS, import_records, import_run
from suppliers.models import ImportBatch

from ..factories import CategoryFactory, ItemFactory, SupplierFactory

pytestmark = pytest.mark.django_db

# Every import words an unknown item code the same way (suppliers.importers.base).
NO_NUT = (
    "no item with code 'NUT': register it first (items import, the Items page or POST /api/items/)"
)


def csv(*lines: str) -> bytes:
    return "\n".join(lines).encode()


def run(user, kind, *lines):
    return import_run(actor=user, kind=kind, filename=f"{kind}.csv", data=csv(*lines))


def errors(result):
    return [(e.line, e.column, e.reason) for e in result.errors]


@pytest.fixture
def analyst(make_user):
    return make_user("procurement_analyst")


@pytest.fixture
def s1(db):
    return SupplierFactory(code="S1", country="CN", categories=[])


def test_all_kinds_are_registered():
    assert {
        "credit_ratings",
        "country_risk",
        "training",
        "forecasts",
        "incidents",
        "compliance_checks",
    } <= set(IMPORTERS)


class TestCreditRatings:
    def test_valid_file_writes_values_batch_and_one_audit_row(self, analyst, s1):
        audit = AuditEvent.objects.count()
        result = run(analyst, "credit_ratings", "supplier_code,date,rating", "S1,2026-01-05,BBB-",
                     "S1,2026-02-05,Ba1")  # fmt: skip
        assert result.ok, result.errors
        assert (result.rows, result.created) == (2, 2)
        values = list(
            RiskDimensionValue.objects.order_by("observed_on").values_list(
                "value", "rating", "source"
            )
        )
        assert values == [(3, "BBB-", "credit_rating"), (4, "Ba1", "credit_rating")]
        assert ImportBatch.objects.get().kind == "credit_ratings"
        assert AuditEvent.objects.count() == audit + 1

    def test_a_bad_row_writes_nothing_and_every_error_is_named(self, analyst, s1):
        result = run(
            analyst,
            "credit_ratings",
            "supplier_code,date,rating",
            "S1,2026-01-05,BBB",
            "S2,2026-01-05,AA",
            "S1,05/01/2026,ZZZ",
            "S1,2026-01-05,A",
        )
        assert not result.ok
        # Cell errors and checks against the database in one answer (issue 12, finding 7):
        # the unknown supplier on line 3 is named beside the bad cells of line 4.
        assert [e for e in errors(result) if e[0] in (3, 4)] == [
            (3, "supplier_code", "no supplier with code 'S2'"),
            (4, "date", "'05/01/2026' is not a date in ISO 8601 form (YYYY-MM-DD)"),
            (4, "rating", "'ZZZ' is not a credit rating (AAA … D, Aaa … C, or an internal 1-5)"),
        ]
        result = run(
            analyst, "credit_ratings", "supplier_code,date,rating", "S1,2026-01-05,BBB",
            "S2,2026-01-05,AA", "S3,2026-01-06,AA",
        )  # fmt: skip
        assert errors(result) == [
            (3, "supplier_code", "no supplier with code 'S2'"),
            (4, "supplier_code", "no supplier with code 'S3'"),
        ]
        assert RiskDimensionValue.objects.count() == 0
        assert ImportBatch.objects.count() == 0

    def test_duplicate_key_in_file_and_reimport_replaces(self, analyst, s1):
        dup = run(analyst, "credit_ratings", "supplier_code,date,rating", "S1,2026-01-05,A",
                  "S1,2026-01-05,B")  # fmt: skip
        assert [e.column for e in dup.errors] == ["date"]
        assert "same key as line 2" in dup.errors[0].reason
        assert run(analyst, "credit_ratings", "supplier_code,date,rating", "S1,2026-01-05,A").ok
        same = run(analyst, "credit_ratings", "supplier_code,date,rating", "S1,2026-01-05,A")
        assert (same.created, same.updated, same.unchanged) == (0, 0, 1)
        changed = run(analyst, "credit_ratings", "supplier_code,date,rating", "S1,2026-01-05,CCC")
        assert (changed.created, changed.updated) == (0, 1)
        assert RiskDimensionValue.objects.get().value == 5
        replace = AuditEvent.objects.filter(action="import:replace").get()
        assert replace.before == {"value": 2, "rating": "A"}

    def test_financial_health_follows_the_latest_rating(self, analyst, s1):
        run(analyst, "credit_ratings", "supplier_code,date,rating", "S1,2026-01-05,AAA",
            "S1,2026-03-01,B")  # fmt: skip
        risk_recompute(as_of=date(2026, 3, 31))
        score = RiskScore.objects.get(supplier=s1)
        assert score.dimensions["financial_health"] == 5
        assert "Credit rating B" in score.evidence["financial_health"]["text"]


class TestCountryRisk:
    def test_codes_or_names_and_range(self, analyst):
        result = run(analyst, "country_risk", "country,date,index", "CN,2026-01-01,4",
                     "Germany,2026-01-01,1.5", "XX,2026-01-01,3", "SE,2026-01-01,6")  # fmt: skip
        assert errors(result) == [
            (4, "country", "'XX' is not an ISO 3166 country code or English country name"),
            (5, "index", "must be at most 5, got 6"),
        ]
        assert CountryRisk.objects.count() == 0
        ok = run(analyst, "country_risk", "country,date,index", "CN,2026-01-01,4",
                 "Germany,2026-01-01,1.5")  # fmt: skip
        assert ok.ok and ok.created == 2
        assert CountryRisk.objects.get(country="DE").index == Decimal("1.5")
        again = run(analyst, "country_risk", "country,date,index", "CN,2026-01-01,4")
        assert again.unchanged == 1


class TestRegionalKinds:
    def test_training(self, analyst, s1):
        head = "supplier_code,date,hours,topic"
        bad = run(analyst, "training", head, "S1,2026-01-05,-2,Safety", "S1,2026-01-05,4,")
        assert errors(bad) == [
            (2, "hours", "must be at least 0, got -2"),
            (3, "topic", "is required"),
        ]
        assert run(analyst, "training", head, "S1,2026-01-05,4,Safety", "S1,2026-01-05,2,EDI").ok
        assert TrainingRecord.objects.count() == 2

    def test_forecasts(self, analyst, s1):
        ItemFactory(code="BOLT")
        head = "supplier_code,item_code,period,forecast_qty,actual_qty"
        bad = run(analyst, "forecasts", head, "S1,BOLT,2026-13,100,90", "S1,NUT,2026-01,100,90")
        assert errors(bad) == [
            (2, "period", "'2026-13' is not a month like 2026-03 (YYYY-MM)"),
            (3, "item_code", NO_NUT),
        ]
        bad = run(analyst, "forecasts", head, "S1,NUT,2026-01,100,90")
        assert errors(bad) == [(2, "item_code", NO_NUT)]
        ok = run(analyst, "forecasts", head, "S1,BOLT,2026-01,100,90", "S1,BOLT,2026-02,100,")
        assert ok.ok
        records = ForecastAccuracyRecord.objects.order_by("period")
        assert [(r.period, r.actual_qty) for r in records] == [
            (date(2026, 1, 1), Decimal("90")),
            (date(2026, 2, 1), None),
        ]
        updated = run(analyst, "forecasts", head, "S1,BOLT,2026-02,100,120")
        assert updated.updated == 1

    def test_compliance_checks(self, analyst, s1):
        head = "supplier_code,date,regulation,passed"
        bad = run(analyst, "compliance_checks", head, "S1,2026-01-05,REACH,maybe")
        assert errors(bad) == [(2, "passed", "'maybe' is not true or false")]
        assert run(analyst, "compliance_checks", head, "S1,2026-01-05,REACH,true",
                   "S1,2026-01-05,RoHS,false").ok  # fmt: skip
        assert list(
            ComplianceCheck.objects.order_by("regulation").values_list("passed", flat=True)
        ) == [
            True,
            False,
        ]

    def test_incidents_and_quality_corrective_action(self, analyst, make_user):
        owner = make_user("category_manager")
        supplier = SupplierFactory(code="S9", relationship_owner=owner)
        head = "supplier_code,date,kind,severity,description"
        bad = run(analyst, "incidents", head, "S9,2026-01-05,volcano,high,Ash")
        assert errors(bad)[0][:2] == (2, "kind")
        result = run(
            analyst,
            "incidents",
            head,
            "S9,2026-01-05,quality,high,Cracked housings",
            "S9,2026-01-06,quality,low,Label misprint",
            "S9,2026-01-07,delivery,critical,Port closed",
        )
        assert result.ok, result.errors
        assert Incident.objects.count() == 3
        action = CorrectiveAction.objects.get()
        assert action.source == "quality_incident"
        assert action.supplier == supplier and action.owner == owner
        assert action.due_date == date(2026, 2, 4)
        assert Incident.objects.get(kind="quality", severity="high").corrective_action == action
        assert AuditEvent.objects.filter(
            action="create", object_type="scorecards.correctiveaction"
        ).exists()
        assert result.notes == ["1 corrective actions opened for quality incidents"]
        # Re-importing opens no second action; raising a severity to critical opens one.
        run(analyst, "incidents", head, "S9,2026-01-05,quality,high,Cracked housings")
        assert CorrectiveAction.objects.count() == 1
        run(analyst, "incidents", head, "S9,2026-01-06,quality,critical,Label misprint")
        assert CorrectiveAction.objects.count() == 2


class TestPermissionsAndReach:
    def test_collaboration_member_may_not_import_risk_data(self, make_user, s1):
        from django.core.exceptions import PermissionDenied

        with pytest.raises(PermissionDenied):
            run(make_user("collaboration_member"), "credit_ratings", "supplier_code,date,rating",
                "S1,2026-01-05,A")  # fmt: skip

    def test_category_manager_only_for_own_categories(self, make_user):
        granted, other = CategoryFactory(), CategoryFactory()
        SupplierFactory(code="IN1", categories=[granted])
        SupplierFactory(code="OUT1", categories=[other])
        manager = make_user("operations_lead")
        scoped = make_user("category_manager", categories=[granted])
        # category managers do not import regional data; operations leads do, everywhere
        head = "supplier_code,date,hours,topic"
        assert run(manager, "training", head, "IN1,2026-01-05,4,A", "OUT1,2026-01-05,4,A").ok
        from django.core.exceptions import PermissionDenied

        with pytest.raises(PermissionDenied):
            run(scoped, "training", head, "IN1,2026-01-05,4,B")

    def test_api_push_uses_the_same_checks(self, analyst, s1):
        result = import_records(
            actor=analyst,
            kind="compliance_checks",
            records=[
                {"supplier_code": "S1", "date": "2026-01-05", "regulation": "REACH", "passed": "x"}
            ],
        )
        assert [(e.line, e.column) for e in result.errors] == [(1, "passed")]
