"""Contract termination is a decision (SPEC §3): the contract owner AND a legal reviewer
sign; applying it terminates the contract from the effective date. A pending termination
clears the contract's notice flag; the contract page lists its decisions."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from governance import services
from governance.models import DecisionRight
from suppliers.models import ContractStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def active(priced_contract):
    contract, _ = priced_contract
    contract.auto_renew = True
    contract.renewal_date = date(2026, 12, 1)
    contract.notice_period_days = 30
    contract.save()
    return contract


def test_the_type_is_data_contract_owner_and_legal_reviewer(types):
    rights = DecisionRight.objects.filter(
        decision_type=types["contract_termination"], kind="signs_off"
    ).order_by("step")
    assert [(r.role.code, r.step) for r in rights] == [
        ("contract_owner", 1),
        ("legal_reviewer", 2),
    ]


def test_applying_it_terminates_the_contract_from_the_effective_date(
    raise_request, people, supplier, active
):
    request = raise_request(
        "contract_termination",
        people["catman"],
        supplier,
        contract=active,
        effective_from=date(2026, 9, 30),
    )
    services.decision_request_sign_off(actor=people["contracts"], request=request)
    request = services.decision_request_sign_off(actor=people["legal"], request=request)
    active.refresh_from_db()
    assert request.state == "applied"
    assert active.status == ContractStatus.TERMINATED
    assert active.end_date == date(2026, 9, 30) and active.renewal_date is None


def test_only_an_active_contract_can_be_terminated(raise_request, people, supplier, active):
    active.status = "draft"
    active.save()
    with pytest.raises(ValidationError):
        raise_request(
            "contract_termination",
            people["catman"],
            supplier,
            contract=active,
            effective_from=date(2026, 9, 30),
        )


def test_a_pending_termination_clears_the_notice_flag_and_shows_on_the_page(
    client, raise_request, people, supplier, active, time_machine
):
    time_machine.move_to(date(2026, 11, 15))
    client.force_login(people["catman"])
    listing = reverse("suppliers:contract_list")
    assert 'data-notice-flag="renews"' in client.get(listing).content.decode()
    request = raise_request(
        "contract_termination",
        people["catman"],
        supplier,
        contract=active,
        effective_from=date(2026, 11, 30),
    )
    assert "data-notice-flag" not in client.get(listing).content.decode()
    page = client.get(active.get_absolute_url()).content.decode()
    assert "data-notice-flag" not in page
    assert f"#{request.pk}" in page
    # An active contract offers the requests that change it, pre-filled.
    assert 'data-raise="contract_termination"' in page
