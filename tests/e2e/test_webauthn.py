"""A security key added in real Chromium, with the browser's virtual authenticator
(DevTools protocol ``WebAuthn.addVirtualAuthenticator``): allauth's page, its script and
the server's checks of the attestation, end to end."""

import pytest
from allauth.mfa.models import Authenticator

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_security_key_added_with_a_virtual_authenticator(page, login, make_user):
    user = make_user("procurement_analyst", username="kim")
    login("kim")
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    page.goto("/accounts/2fa/webauthn/add/")
    # allauth asks for the password before any change of factors.
    page.fill("input[name=password]", "pw")
    page.press("input[name=password]", "Enter")
    page.wait_for_url("**/webauthn/add/**")
    page.click("#mfa_webauthn_add")
    page.wait_for_url(lambda url: "/webauthn/add/" not in url)
    keys = Authenticator.objects.filter(user=user, type=Authenticator.Type.WEBAUTHN)
    assert keys.count() == 1
