"""Risk in the monthly review (top risks) and on the meeting agenda."""

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from risk.models import RiskScoreHistory
from risk.review import TOP_RISKS, agenda_reviews_overdue, agenda_risks_high, top_risks_context
from srm.core.review import AGENDA_SOURCES, REVIEW_SECTIONS
from tests.factories import RiskScoreFactory

from ..factories import SupplierFactory

pytestmark = pytest.mark.django_db


def test_registered():
    assert TOP_RISKS in REVIEW_SECTIONS
    assert AGENDA_SOURCES["risks_high"] is agenda_risks_high
    assert AGENDA_SOURCES["risk_reviews_overdue"] is agenda_reviews_overdue


def test_top_risks_as_they_stood_at_the_end_of_the_month(make_user):
    risky = SupplierFactory(code="RISKY", name="Risky AB")
    calm = SupplierFactory(code="CALM")

    def history(supplier, as_of, composite, level):
        RiskScoreHistory.objects.create(
            supplier=supplier, as_of=as_of, composite=Decimal(composite), level=level,
            segment="bottleneck", dimensions={"cyber": 5, "performance": 2, "financial_health": 4},
        )  # fmt: skip

    history(risky, date(2026, 1, 10), "60.0", "high")
    history(risky, date(2026, 2, 15), "80.0", "critical")  # after the January review
    history(calm, date(2026, 1, 5), "76.0", "critical")
    history(calm, date(2026, 1, 20), "20.0", "low")  # fell back within January
    context = top_risks_context(make_user("steering_committee"), date(2026, 1, 1))
    json.dumps(context)  # the review API returns it as is
    assert context["as_of"] == "2026-01-31"
    assert [(r["supplier_code"], r["composite"], r["level"]) for r in context["rows"]] == [
        ("RISKY", 60.0, "high")
    ]
    assert context["rows"][0]["drivers"] == [
        {"code": "cyber", "name": "Cyber", "value": 5},
        {"code": "financial_health", "name": "Financial health", "value": 4},
    ]
    assert (context["critical"], context["high"]) == (0, 1)
    html = render_to_string(
        TOP_RISKS.template, {**context, "period": date(2026, 1, 1), "for_pdf": True}
    )
    assert "Risky AB" in html and "Bottleneck" in html and "<a " not in html
    assert "Cyber 5, Financial health 4" in html  # the dimensions' names, not their codes


def test_top_risks_hidden_from_collaboration_roles(make_user):
    assert top_risks_context(make_user("collaboration_member"), date(2026, 1, 1)) is None
    assert agenda_risks_high(make_user("collaboration_member"), date(2026, 1, 1)) == []


def test_agenda_items(make_user, category_pair):
    granted, other = category_pair
    today = timezone.localdate()
    critical = RiskScoreFactory(
        supplier=SupplierFactory(categories=[granted]), level="critical", composite=Decimal("80")
    )
    RiskScoreFactory(supplier=SupplierFactory(categories=[other]), level="high")
    RiskScoreFactory(supplier=SupplierFactory(categories=[granted]), level="low")
    overdue = RiskScoreFactory(
        supplier=SupplierFactory(categories=[granted]), level="low",
        review_due_on=today - timedelta(days=3),
    )  # fmt: skip
    manager = make_user("category_manager", categories=[granted])
    items = agenda_risks_high(manager, today)
    assert [(i.supplier_code, i.severity, i.kind) for i in items] == [
        (critical.supplier.code, "danger", "risk_high")
    ]
    reviews = agenda_reviews_overdue(manager, today)
    assert [i.supplier_code for i in reviews] == [overdue.supplier.code]
    assert reviews[0].link.endswith("/risk/assess/")


def test_agenda_caps_long_lists(make_user):
    for _ in range(27):
        RiskScoreFactory(level="high")
    items = agenda_risks_high(make_user("steering_committee"), timezone.localdate())
    assert len(items) == 26
    assert items[-1].title == "… and 2 more suppliers at high or critical risk"


def test_review_page_and_pdf_carry_the_top_risks(client, make_user):
    """Through the governance review page: the section renders in the HTML and the PDF."""
    supplier = SupplierFactory(code="TOP", name="Top Risk AB")
    RiskScoreHistory.objects.create(
        supplier=supplier, as_of=date(2026, 1, 20), composite=Decimal("81.0"), level="critical",
        segment="strategic", dimensions={"cyber": 5},
    )  # fmt: skip
    client.force_login(make_user("steering_committee"))
    html = client.get("/review/2026-01/").content.decode()
    assert 'data-section="top_risks"' in html and "Top Risk AB" in html
    pdf = client.get("/review/2026-01/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_meeting_agenda_has_risk_headings(make_user):
    from governance.selectors import agenda_build

    RiskScoreFactory(level="critical", composite=Decimal("90"), review_due_on=None)
    groups = {
        g.source: g for g in agenda_build(user=make_user("steering_committee"), on=date.today())
    }
    assert groups["risks_high"].title == "Risks at high or critical"
    assert len(groups["risks_high"].items) == 1
    assert len(groups["risk_reviews_overdue"].items) == 1
