"""Security keys and passkeys (allauth MFA, WebAuthn): the set-up page offers the
browser its creation options, and a whole registration ceremony with a software
authenticator (an EC key made by the test, "none" attestation, as a browser's virtual
authenticator sends) adds the key as a second factor."""

import hashlib
import json
import secrets

import pytest
from allauth.mfa.models import Authenticator
from cryptography.hazmat.primitives.asymmetric import ec
from django.urls import reverse
from fido2.cose import ES256
from fido2.utils import websafe_encode
from fido2.webauthn import (
    AttestationObject,
    AttestedCredentialData,
    AuthenticatorData,
    CollectedClientData,
)

from srm.accounts.mfa import has_second_factor

pytestmark = pytest.mark.django_db


@pytest.fixture
def set_up_page(client, make_user, settings):
    """Signed in, password confirmed (allauth asks before any change of factors)."""
    settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True  # the test client speaks http
    user = make_user("finance_approver")
    client.post(reverse("login"), {"login": user.username, "password": "pw"})
    response = client.get(reverse("mfa_add_webauthn"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    client.post(response["Location"], {"password": "pw"})
    return user


def software_key_registration(options: dict, origin: str) -> dict:
    public_key = options["publicKey"]
    key = ec.generate_private_key(ec.SECP256R1())
    credential_id = secrets.token_bytes(32)
    attested = AttestedCredentialData.create(
        b"\0" * 16, credential_id, ES256.from_cryptography_key(key.public_key())
    )
    flags = AuthenticatorData.FLAG.UP | AuthenticatorData.FLAG.UV | AuthenticatorData.FLAG.AT
    auth_data = AuthenticatorData.create(
        hashlib.sha256(public_key["rp"]["id"].encode()).digest(), flags, 0, attested
    )
    attestation = AttestationObject.create("none", auth_data, {})
    client_data = CollectedClientData.create("webauthn.create", public_key["challenge"], origin)
    return {
        "id": websafe_encode(credential_id),
        "rawId": websafe_encode(credential_id),
        "type": "public-key",
        "response": {
            "clientDataJSON": websafe_encode(client_data),
            "attestationObject": websafe_encode(attestation),
        },
        "clientExtensionResults": {},
    }


def test_set_up_page_offers_creation_options(client, set_up_page):
    response = client.get(reverse("mfa_add_webauthn"))
    assert response.status_code == 200
    options = response.context["js_data"]["creation_options"]["publicKey"]
    assert options["rp"]["id"] == "testserver"
    assert options["user"]["name"] == set_up_page.email
    assert len(options["challenge"]) >= 16
    assert 'id="js_data"' in response.content.decode()
    assert client.get(reverse("mfa_index")).status_code == 200


def test_registration_ceremony_adds_a_security_key(client, set_up_page):
    page = client.get(reverse("mfa_add_webauthn"))
    options = page.context["js_data"]["creation_options"]
    credential = software_key_registration(options, "http://testserver")
    response = client.post(
        reverse("mfa_add_webauthn"), {"name": "YubiKey", "credential": json.dumps(credential)}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    key = Authenticator.objects.get(user=set_up_page, type=Authenticator.Type.WEBAUTHN)
    assert key.data["name"] == "YubiKey"
    assert has_second_factor(set_up_page)


def test_a_forged_challenge_is_refused(client, set_up_page):
    page = client.get(reverse("mfa_add_webauthn"))
    options = page.context["js_data"]["creation_options"]
    options["publicKey"]["challenge"] = websafe_encode(b"not the server's challenge!!")
    credential = software_key_registration(options, "http://testserver")
    response = client.post(
        reverse("mfa_add_webauthn"), {"name": "Fake", "credential": json.dumps(credential)}
    )
    assert response.status_code == 200  # the form again, with its error
    assert not Authenticator.objects.filter(type=Authenticator.Type.WEBAUTHN).exists()


def test_somebody_elses_key_is_not_found(client, set_up_page, make_user):
    other = make_user("auditor")
    key = Authenticator.objects.create(
        user=other, type=Authenticator.Type.WEBAUTHN, data={"name": "theirs"}
    )
    assert client.get(reverse("mfa_remove_webauthn", args=[key.pk])).status_code == 404
    assert client.post(reverse("mfa_edit_webauthn", args=[key.pk])).status_code == 404
