"""Browser walk through risk: the supplier's risk tab with its radar and a manual
assessment, the risk register with its filters, and the Kraljic matrix."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from risk.models import RiskDimension, RiskDimensionValue
from risk.recompute import risk_recompute

from ..factories import CategoryFactory, ReceiptFactory, SupplierFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def data(make_user):
    category = CategoryFactory(code="electronics", name="Electronics")
    # R1 is the only source of its own category: single-source dependency 5.
    sole = CategoryFactory(code="sensors", name="Sensors")
    cyber = RiskDimension.objects.get(code="cyber")
    today = timezone.localdate()
    for n, (value, price) in enumerate([(5, "900"), (4, "50"), (2, "30"), (1, "20")]):
        supplier = SupplierFactory(
            code=f"R{n}",
            name=f"Riskline {n} GmbH",
            categories=[sole if n == 1 else category],
            region="EMEA" if n % 2 else "APAC",
        )
        RiskDimensionValue.objects.create(
            supplier=supplier,
            dimension=cyber,
            value=value,
            observed_on=date(2026, 1, 5),
            evidence=f"Questionnaire {n}",
        )
        ReceiptFactory(supplier=supplier, received_date=today, unit_price=Decimal(price))
    risk_recompute(as_of=today)
    return make_user("procurement_analyst", username="ana")


def test_risk_tab_shows_radar_and_takes_an_assessment(page, login, shot, data):
    login("ana")
    page.goto("/suppliers/R2/")
    page.click("[data-tab=risk]")
    expect(page.locator("h1")).to_contain_text("Riskline 2 GmbH")
    expect(page.get_by_test_id("risk-level")).to_contain_text("Low")
    expect(page.locator("#risk-radar[data-rendered='1']")).to_have_count(1)
    expect(page.locator("#risk-dimensions")).to_contain_text("Questionnaire 2")
    expect(page.get_by_test_id("review-overdue")).to_be_visible()
    shot("tab")
    page.click("#assess-link")
    page.select_option("#id_value_cyber", "5")
    page.fill("#id_evidence_cyber", "Ransomware in March, nine days down.")
    page.select_option("#id_value_financial_health", "5")
    page.click("#assessment-submit")
    expect(page.locator(".alert-danger, .text-danger").first).to_contain_text("evidence")
    page.fill("#id_evidence_financial_health", "Going-concern note in the annual report.")
    page.click("#assessment-submit")
    page.wait_for_url("**/suppliers/R2/risk/")
    # cyber 5, financial 5, single source 1 (three approved sources) → 11/3 → 66.7 high
    expect(page.get_by_test_id("risk-composite")).to_have_text("66.7")
    expect(page.get_by_test_id("risk-level")).to_contain_text("High")
    expect(page.get_by_test_id("review-overdue")).to_have_count(0)
    expect(page.locator("#risk-values")).to_contain_text("Ransomware in March")
    expect(page.locator("#risk-history tbody tr")).to_have_count(2)
    shot("assessed")


def test_register_lists_by_composite_and_filters(page, login, shot, data):
    login("ana")
    page.goto("/risk/")
    expect(page.get_by_test_id("result-count")).to_have_text("4 suppliers")
    # R1: cyber 4, single source 5 → 87.5; R0: cyber 5, single source 1 → 50.0
    expect(page.locator("#risk-table tbody tr").first).to_contain_text("R1")
    page.select_option("#id_level", "critical")
    expect(page.get_by_test_id("result-count")).to_have_text("1 supplier")
    assert "level=critical" in page.url
    page.select_option("#id_level", "")
    page.select_option("#id_region", "EMEA")
    expect(page.get_by_test_id("result-count")).to_have_text("2 suppliers")
    page.select_option("#id_dimension", "cyber")
    expect(page.get_by_test_id("result-count")).to_have_text("1 supplier")
    expect(page.locator("#risk-table tbody")).to_contain_text("Riskline 1 GmbH")
    shot("filtered")


def test_matrix_plots_one_dot_per_supplier(page, login, shot, data):
    login("ana")
    page.goto("/risk/matrix/")
    expect(page.locator("#kraljic-chart[data-rendered='1']")).to_have_count(1)
    expect(page.locator("#kraljic-chart")).to_have_attribute("data-points", "4")
    # R0's 900 of 1000 is over 80 %: only R0 has high profit impact (and risk 50: strategic);
    # R1 (87.5) is a bottleneck.
    expect(page.locator("[data-segment=strategic] .value")).to_have_text("1")
    expect(page.locator("[data-segment=bottleneck] .value")).to_have_text("1")
    expect(page.locator("[data-segment=non_critical] .value")).to_have_text("2")
    counts = page.evaluate(
        "() => window.kraljicChart.data.datasets.filter(d => !d.threshold)"
        ".map(d => [d.label, d.data.length])"
    )
    assert dict(counts) == {"Strategic": 1, "Leverage": 0, "Bottleneck": 1, "Non-critical": 2}
    shot("matrix")
    page.click("[data-segment=strategic]")
    expect(page.get_by_test_id("result-count")).to_have_text("1 supplier")


def test_collaboration_member_has_no_risk(page, login, make_user, data):
    make_user("collaboration_member", username="eng")
    login("eng")
    assert page.goto("/risk/").status == 403
    page.goto("/suppliers/R0/")
    expect(page.locator("[data-tab=risk]")).to_have_count(0)
    expect(page.locator("nav")).not_to_contain_text("Risk register")


def test_continuity_gaps_and_an_exercise(page, login, shot, data):
    from tests.factories import ContinuityPlanFactory

    from ..factories import ItemFactory

    ItemFactory(code="MCU-1", name="Microcontroller", is_critical=True)
    plan = ContinuityPlanFactory(
        item=ItemFactory(code="SNS-2", name="Pressure sensor", is_critical=True),
        supplier=SupplierFactory(code="SOLE", name="Sole Source AB"),
        playbook_steps="Call the site\nSwitch to buffer",
    )
    login("ana")
    page.goto("/risk/continuity/")
    gaps = page.locator("#gap-table tbody tr")
    expect(gaps).to_have_count(3)
    expect(page.locator("[data-gap=no_plan]")).to_contain_text("MCU-1")
    shot("gaps")
    page.click("[data-gap-filter=not_exercised]")
    expect(gaps).to_have_count(1)
    gaps.first.get_by_role("link", name="plan").click()
    expect(page.locator("h1")).to_contain_text("SNS-2")
    page.fill("#id_held_on", timezone.localdate().isoformat())
    page.fill("#id_findings", "Buffer lasts 9 days, not 14.")
    page.get_by_role("button", name="Record exercise").click()
    expect(page.locator("#exercise-table")).to_contain_text("Buffer lasts 9 days")
    expect(page.locator("[data-gap=not_exercised]")).to_have_count(0)
    assert plan.exercises.count() == 1
    shot("plan")


def test_regional_view(page, login, shot, data):
    from risk.models import TrainingRecord

    supplier = SupplierFactory(code="TR", region="Americas")
    TrainingRecord.objects.create(
        supplier=supplier, trained_on=date(2025, 2, 1), hours=12, topic="8D"
    )
    login("ana")
    page.goto("/risk/regions/?from=2025Q1&to=2025Q2")
    row = page.locator("[data-region=Americas]")
    expect(row).to_contain_text("6.00")
    expect(row).to_contain_text("no actuals")
    page.fill("#from", "2025Q3")
    page.fill("#to", "2025Q1")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#span-errors")).to_contain_text("is before")
    shot("regions")
