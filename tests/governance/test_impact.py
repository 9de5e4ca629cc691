"""What the signers see (SPEC §3): the impact figures, by hand, on the page and in the API."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from governance import impact, selectors, services
from suppliers.models import ServiceLevel

from ..factories import CertificateFactory, ContractPriceFactory, ItemFactory, ReceiptFactory


def test_price_change_impact_by_hand():
    # p0 = 10.00, p1 = 10.50: +5 %; q = 1,200 → (10.50 − 10.00) × 1,200 = 600.00.
    result = impact.price_change_impact(
        current_price=Decimal("10.00"),
        new_price=Decimal("10.50"),
        trailing_12m_qty=Decimal("1200"),
        currency="EUR",
    )
    assert result["change_pct"] == "5.00"
    assert result["annual_cost_impact"] == "600.00"
    assert result["currency"] == "EUR"


def test_price_decrease_is_a_negative_impact_and_no_price_no_figures():
    down = impact.price_change_impact(
        current_price=Decimal("8.00"),
        new_price=Decimal("7.00"),
        trailing_12m_qty=Decimal("30"),
        currency="USD",
    )
    assert (down["change_pct"], down["annual_cost_impact"]) == ("-12.50", "-30.00")
    none = impact.price_change_impact(
        current_price=None, new_price=Decimal("7"), trailing_12m_qty=Decimal("3"), currency="USD"
    )
    assert none["change_pct"] is None and none["annual_cost_impact"] is None


def test_certificate_states():
    today = date(2026, 6, 1)
    assert impact.certificate_state(date(2026, 5, 31), today=today) == "expired"
    assert impact.certificate_state(date(2026, 7, 31), today=today) == "expiring"
    assert impact.certificate_state(date(2026, 8, 1), today=today) == "valid"


def test_policy_what_if_summary_counts_its_list():
    preview = {
        "period": "2026-10",
        "suppliers": 5,
        "changes": [
            {"supplier": "A", "standing": "B", "new_standing": "A"},
            {"supplier": "B", "standing": "C", "new_standing": "D"},
            {"supplier": "C", "standing": "B", "new_standing": "C"},
        ],
    }
    result = impact.policy_change_impact(preview)
    assert (result["changed"], result["up"], result["down"], result["into_d"]) == (3, 1, 2, 1)
    assert impact.policy_change_impact(None) is None


@pytest.mark.django_db
class TestPriceChange:
    @pytest.fixture
    def receipts(self, priced_contract):
        contract, item = priced_contract
        today = timezone.localdate()
        # In the 12 months before the request: 700 + 500; older and other items do not count.
        for days, qty, it in ((10, 700, item), (300, 500, item), (400, 9000, item)):
            ReceiptFactory(
                supplier=contract.supplier,
                contract=contract,
                item=it,
                received_date=today - timedelta(days=days),
                received_qty=Decimal(qty),
                ordered_qty=Decimal(qty),
            )
        ReceiptFactory(
            supplier=contract.supplier,
            contract=contract,
            received_date=today - timedelta(days=5),
            received_qty=Decimal("50"),
        )
        return contract, item

    def test_price_in_force_on_the_effective_date(self, price_change, priced_contract, receipts):
        contract, item = priced_contract
        ContractPriceFactory(
            contract=contract,
            item=item,
            unit_price=Decimal("12.00"),
            effective_from=date(2026, 6, 1),
        )
        request = price_change(price="12.60", effective=date(2026, 7, 1))
        figures = selectors.decision_request_impact(request=request)
        assert figures["current_price"] == "12.0000"
        assert figures["change_pct"] == "5.00"
        assert figures["trailing_12m_qty"] == "1200.000"
        assert figures["annual_cost_impact"] == "720.00"  # 0.60 × 1,200

    def test_api_detail_has_impact(self, api_client, people, price_change, receipts):
        request = price_change(price="10.50", effective=date(2026, 3, 1))
        api_client.force_authenticate(people["finance"])
        body = api_client.get(f"/api/decision-requests/{request.pk}/").json()
        assert body["impact"]["current_price"] == "10.0000"
        assert body["impact"]["new_price"] == "10.5000"
        assert body["impact"]["change_pct"] == "5.00"
        assert body["impact"]["trailing_12m_qty"] == "1200.000"
        assert body["impact"]["annual_cost_impact"] == "600.00"
        assert body["impact"]["currency"] == "EUR"

    def test_page_shows_impact(self, client, people, price_change, receipts):
        request = price_change()
        client.force_login(people["finance"])
        html = client.get(request.get_absolute_url()).content.decode()
        assert 'data-impact="annual_cost_impact">600.00 EUR' in html

    def test_item_not_on_the_contract_is_a_field_error(
        self, raise_request, people, priced_contract
    ):
        contract, _ = priced_contract
        with pytest.raises(ValidationError) as exc:
            raise_request(
                "price_change",
                people["analyst"],
                contract.supplier,
                contract=contract,
                item=ItemFactory(code="NOT-ON-IT"),
                proposed_unit_price=Decimal("3"),
                effective_from=date(2026, 3, 1),
            )
        assert "item" in exc.value.message_dict

    def test_api_refuses_item_not_on_the_contract(self, api_client, people, priced_contract):
        contract, _ = priced_contract
        ItemFactory(code="NOT-ON-IT")
        api_client.force_authenticate(people["analyst"])
        response = api_client.post(
            "/api/decision-requests/",
            {
                "decision_type": "price_change",
                "supplier": contract.supplier.code,
                "title": "t",
                "justification": "j",
                "risk_impact": "r",
                "contract": contract.number,
                "item": "NOT-ON-IT",
                "proposed_unit_price": "3",
                "effective_from": "2026-03-01",
            },
            format="json",
        )
        assert response.status_code == 400 and "item" in response.json()

    def test_update_to_an_item_off_the_contract_is_refused(self, price_change, people):
        request = price_change()
        request.state = "draft"
        request.save(update_fields=["state"])
        with pytest.raises(ValidationError) as exc:
            services.decision_request_update(
                actor=people["analyst"], request=request, data={"item": ItemFactory(code="X-1")}
            )
        assert "item" in exc.value.message_dict


@pytest.mark.django_db
def test_new_supplier_approval_impact(raise_request, people, prospect):
    today = timezone.localdate()
    CertificateFactory(supplier=prospect, expires_on=today - timedelta(days=1))
    CertificateFactory(supplier=prospect, expires_on=today + timedelta(days=30))
    CertificateFactory(supplier=prospect, expires_on=today + timedelta(days=300))
    request = raise_request("supplier_approval", people["analyst"], prospect)
    figures = selectors.decision_request_impact(request=request)
    assert figures["certificate_counts"] == {"valid": 1, "expiring": 1, "expired": 1}
    assert figures["expected_spend"] == "400000.00"
    assert figures["open_disputes"] == 0 and figures["latest_standing"] is None


@pytest.mark.django_db
def test_service_level_impact(raise_request, people, priced_contract):
    contract, _ = priced_contract
    ServiceLevel.objects.create(
        contract=contract, metric="otif", target=Decimal("95"), effective_from=date(2024, 1, 1)
    )
    request = raise_request(
        "sla_change",
        people["contracts"],
        contract.supplier,
        contract=contract,
        sla_metric="otif",
        sla_target=Decimal("97"),
        effective_from=date(2026, 3, 1),
    )
    figures = selectors.decision_request_impact(request=request)
    assert (figures["current_target"], figures["new_target"]) == ("95.000", "97.000")


@pytest.mark.django_db
def test_policy_change_shows_the_stored_what_if(people, types):
    """A scoring policy change shows the what-if preview stored in its payload."""
    from governance.models import DecisionRequest

    request = DecisionRequest(
        decision_type=types["scoring_policy_change"],
        requester=people["analyst"],
        payload={
            "thresholds": {"a_min": "85", "b_min": "70", "c_min": "60"},
            "preview": {
                "period": "2026-10",
                "changes": [{"supplier": "X", "standing": "C", "new_standing": "D"}],
            },
        },
    )
    figures = selectors.decision_request_impact(request=request)
    assert (figures["kind"], figures["down"], figures["into_d"]) == ("scoring_policy_change", 1, 1)
