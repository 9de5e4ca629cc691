"""Multi-factor authentication: required by role, enrolled with TOTP, asked at sign-in.
Codes are computed with pyotp, as an authenticator app would."""

from datetime import timedelta

import pyotp
import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.urls import reverse
from django.utils import timezone

from srm.accounts.mfa import mfa_required
from srm.accounts.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def enforced(settings):
    settings.MFA_ENFORCED = True


def sign_in(client, user, password="pw"):
    return client.post(reverse("login"), {"login": user.username, "password": password})


def enrol(client, password="pw") -> str:
    """Set up TOTP through allauth's page (after confirming the password, as allauth asks
    before any change of factors); the secret as the QR code carries it."""
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    response = client.post(response["Location"], {"password": password})
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    secret = response.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302, response.content
    return secret


class TestWhoMustUseMfa:
    def test_default_roles(self, make_user):
        flagged = set(Role.objects.filter(mfa_required=True).values_list("code", flat=True))
        assert flagged == {
            "executive_sponsor",
            "finance_approver",
            "legal_reviewer",
            "supplier_collaborator",
        }
        assert mfa_required(make_user("finance_approver"))
        assert not mfa_required(make_user("procurement_analyst"))
        assert mfa_required(make_user(is_superuser=True))

    def test_environment_overrides_the_roles(self, make_user, settings):
        settings.MFA_REQUIRED_ROLES = ["procurement_analyst"]
        assert mfa_required(make_user("procurement_analyst"))
        assert not mfa_required(make_user("finance_approver"))


class TestEnforcement:
    def test_redirected_to_set_up_on_every_page_until_done(self, client, make_user):
        user = make_user("finance_approver")
        assert sign_in(client, user).status_code == 302
        setup = reverse("mfa_activate_totp")
        for url in (reverse("home"), reverse("suppliers:supplier_list"), "/api/suppliers/"):
            response = client.get(url)
            if url.startswith("/api/"):
                assert response.status_code == 403
            else:
                assert response.status_code == 302 and response["Location"] == setup
        enrol(client)
        assert Authenticator.objects.filter(user=user, type="totp").exists()
        assert client.get(reverse("home")).status_code == 200
        assert client.get("/api/suppliers/").status_code == 200

    def test_roles_without_the_requirement_are_not_redirected(self, client, make_user):
        sign_in(client, make_user("procurement_analyst"))
        assert client.get(reverse("home")).status_code == 200

    def test_api_token_not_affected(self, api_client, make_user):
        from srm.accounts.services import api_token_create

        user = make_user("finance_approver")
        key = api_token_create(actor=user, user=user, name="erp").key
        response = api_client.get("/api/suppliers/", HTTP_AUTHORIZATION=f"Token {key}")
        assert response.status_code == 200


class TestSignInWithTotp:
    def test_login_asks_for_the_code_and_refuses_a_wrong_one(self, client, make_user):
        user = make_user("legal_reviewer")
        sign_in(client, user)
        secret = enrol(client)
        client.post(reverse("logout"))
        # A code is good once: sign in again in the next 30-second window.
        later = timezone.now() + timedelta(seconds=60)
        with time_machine.travel(later, tick=False):
            response = sign_in(client, user)
            assert response.status_code == 302
            assert response["Location"] == reverse("mfa_authenticate")
            assert client.get(reverse("home")).status_code == 302  # not signed in yet
            totp = pyotp.TOTP(secret)
            wrong = f"{(int(totp.now()) + 1) % 1_000_000:06d}"
            response = client.post(reverse("mfa_authenticate"), {"code": wrong})
            assert response.status_code == 200
            assert response.context["form"].errors
            response = client.post(reverse("mfa_authenticate"), {"code": totp.now()})
            assert response.status_code == 302
            assert client.get(reverse("home")).status_code == 200

    def test_recovery_code_signs_in(self, client, make_user):
        user = make_user("executive_sponsor")
        sign_in(client, user)
        enrol(client)
        codes = Authenticator.objects.get(user=user, type="recovery_codes").wrap()
        code = codes.get_unused_codes()[0]
        client.post(reverse("logout"))
        sign_in(client, user)
        response = client.post(reverse("mfa_authenticate"), {"code": code})
        assert response.status_code == 302
        assert client.get(reverse("home")).status_code == 200


class TestAxesWithAllauth:
    def test_repeated_failures_lock_the_account(self, client, make_user, settings):
        settings.AXES_FAILURE_LIMIT = 3
        user = make_user("procurement_analyst")
        for _ in range(3):
            sign_in(client, user, password="wrong")
        response = sign_in(client, user)
        assert response.status_code in (403, 429)
        assert client.get(reverse("home")).status_code == 302

    def test_wrong_password_shows_the_page_again(self, client, make_user):
        user = make_user("procurement_analyst")
        response = sign_in(client, user, password="wrong")
        assert response.status_code == 200
        assert "id_username" in response.content.decode()
