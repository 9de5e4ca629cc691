"""Step-up: signing off a high-impact decision asks for a second factor used in the
last 15 minutes, on the page (allauth's re-authentication) and in the API (a ``totp``
field). Codes are computed with pyotp."""

import time
from decimal import Decimal

import pyotp
import pytest
import time_machine
from allauth.mfa.totp.internal.auth import TOTP
from django.urls import reverse
from django.utils import timezone

from governance.models import DecisionRequest

from ..factories import SupplierFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def high_impact(raise_request, people, category_pair):
    supplier = SupplierFactory(
        categories=[category_pair[0]], status="prospect", expected_annual_spend=Decimal("1500000")
    )
    return raise_request("supplier_approval", people["analyst"], supplier)


@pytest.fixture
def sponsor(people):
    """The sponsor, with an authenticator app; the secret as the QR code carries it."""
    user = people["sponsor"]
    secret = pyotp.random_base32()
    TOTP.activate(user, secret)
    return user, secret


def sign_in_with_code(client, user, secret):
    client.post(reverse("login"), {"login": user.username, "password": "pw"})
    response = client.post(reverse("mfa_authenticate"), {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(user.pk)


def signed(decision, user) -> bool:
    return decision.sign_offs.filter(signer=user).exists()


class TestPage:
    def test_fresh_factor_signs_at_once(self, client, sponsor, high_impact):
        user, secret = sponsor
        sign_in_with_code(client, user, secret)
        url = reverse("governance:decision_sign_off", args=[high_impact.pk])
        response = client.post(url, {"decision": "approve"})
        assert response["Location"] == high_impact.get_absolute_url()
        assert signed(high_impact, user)

    def test_stale_factor_is_asked_again(self, client, sponsor, high_impact):
        user, secret = sponsor
        sign_in_with_code(client, user, secret)
        url = reverse("governance:decision_sign_off", args=[high_impact.pk])
        with time_machine.travel(timezone.now().timestamp() + 16 * 60, tick=False):
            response = client.post(url, {"decision": "approve"})
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("mfa_reauthenticate"))
            assert not signed(high_impact, user)
            # A used code is refused again (allauth), so take the next time step's code.
            code = pyotp.TOTP(secret).at(time.time() + 30)
            with time_machine.travel(time.time() + 30, tick=False):
                answer = client.post(response["Location"], {"code": code})
                assert answer["Location"] == high_impact.get_absolute_url()
                client.post(url, {"decision": "approve"})
        assert signed(high_impact, user)

    def test_no_factor_is_sent_to_set_one_up(self, client, people, high_impact):
        steering = people["steering"]
        client.force_login(steering)
        url = reverse("governance:decision_sign_off", args=[high_impact.pk])
        response = client.post(url, {"decision": "approve"})
        assert response["Location"].startswith(reverse("mfa_index"))
        assert not signed(high_impact, steering)

    def test_standard_decisions_need_no_step_up(self, client, people, raise_request, category_pair):
        supplier = SupplierFactory(categories=[category_pair[0]], status="prospect")
        decision = raise_request("supplier_approval", people["analyst"], supplier)
        client.force_login(people["catman"])
        url = reverse("governance:decision_sign_off", args=[decision.pk])
        client.post(url, {"decision": "approve"})
        assert signed(decision, people["catman"])


class TestApi:
    def url(self, decision):
        return reverse("api:decisionrequest-sign-off", args=[decision.pk])

    def test_without_a_fresh_factor_403_says_what_to_do(self, api_client, sponsor, high_impact):
        user, _secret = sponsor
        api_client.force_authenticate(user)
        response = api_client.post(self.url(high_impact), {}, format="json")
        assert response.status_code == 403
        assert "totp" in response.json()["detail"]
        wrong = api_client.post(self.url(high_impact), {"totp": "000000"}, format="json")
        assert wrong.status_code == 403
        assert not signed(high_impact, user)

    def test_a_current_code_signs(self, api_client, sponsor, high_impact):
        user, secret = sponsor
        api_client.force_authenticate(user)
        body = {"totp": pyotp.TOTP(secret).now(), "comment": "ok"}
        response = api_client.post(self.url(high_impact), body, format="json")
        assert response.status_code == 200, response.content
        assert signed(high_impact, user)
        assert DecisionRequest.objects.get(pk=high_impact.pk).state == "submitted"
