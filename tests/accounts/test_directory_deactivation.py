"""A user switched off in the directory, or deactivated here, who signs on again through
the identity provider is refused, and their sessions and API tokens are revoked (the
adapter that every OpenID Connect and SAML sign-on passes; the SAML round trip is in
test_saml.py)."""

import pytest
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.models import SocialAccount, SocialLogin
from django.contrib.sessions.middleware import SessionMiddleware
from django.test import Client, RequestFactory
from django.urls import reverse

from srm.accounts.adapters import SocialAccountAdapter
from srm.accounts.directory import disabled_in_directory
from srm.accounts.models import ApiToken
from srm.accounts.services import api_token_create
from srm.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def sign_on(user, claims):
    """What the OpenID Connect provider hands over at the callback, for a known user."""
    account = SocialAccount.objects.create(
        user=user, provider="company", uid=f"sub-{user.pk}", extra_data={"userinfo": claims}
    )
    request = RequestFactory().get("/accounts/oidc/company/login/callback/")
    SessionMiddleware(lambda r: None).process_request(request)
    SocialAccountAdapter(request).pre_social_login(request, SocialLogin(user=user, account=account))


@pytest.fixture
def signed_in_user(make_user):
    user = make_user("procurement_analyst")
    key = api_token_create(actor=user, user=user, name="erp").key
    browser = Client()
    browser.force_login(user)
    return user, key, browser


def assert_revoked(user, key, browser):
    user.refresh_from_db()
    assert not user.is_active
    assert not ApiToken.objects.filter(user=user, revoked_at__isnull=True).exists()
    assert browser.get(reverse("home")).status_code == 302
    assert Client().get("/api/suppliers/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401


def test_disabled_claim(settings):
    settings.SSO_ACTIVE_CLAIM = "active"
    assert disabled_in_directory({"active": False})
    assert disabled_in_directory({"active": ["false"]})
    assert not disabled_in_directory({"active": True})
    assert not disabled_in_directory({})
    settings.SSO_ACTIVE_CLAIM = ""
    assert not disabled_in_directory({"active": False})


def test_switched_off_in_the_directory(signed_in_user, settings):
    settings.SSO_ACTIVE_CLAIM = "account_enabled"
    user, key, browser = signed_in_user
    with pytest.raises(ImmediateHttpResponse) as refused:
        sign_on(user, {"sub": "x", "account_enabled": False})
    assert refused.value.response["Location"] == reverse("account_inactive")
    assert_revoked(user, key, browser)
    event = AuditEvent.objects.get(action="user.deactivate")
    assert event.after == {"sessions_ended": 1, "reason": "single sign-on: directory"}


def test_deactivated_here_loses_what_was_left(signed_in_user):
    user, key, browser = signed_in_user
    type(user).objects.filter(pk=user.pk).update(is_active=False)  # past the service
    user.refresh_from_db()
    with pytest.raises(ImmediateHttpResponse):
        sign_on(user, {"sub": "x"})
    assert_revoked(user, key, browser)


def test_active_user_signs_on(signed_in_user, settings):
    settings.SSO_ACTIVE_CLAIM = "account_enabled"
    user, _key, browser = signed_in_user
    sign_on(user, {"sub": "x", "account_enabled": True})
    user.refresh_from_db()
    assert user.is_active and browser.get(reverse("home")).status_code == 200
