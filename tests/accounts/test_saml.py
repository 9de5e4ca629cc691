"""SAML 2.0 single sign-on against an identity provider made by the test with pysaml2:
a signed assertion signs the user in with the mapped roles; an unsigned or wrongly
signed one is refused."""

import base64
import io
import os
import shutil
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from srm.accounts.models import ApiToken, DirectoryGroupRule, Role, User
from srm.accounts.services import api_token_create
from srm.accounts.sso_config import saml_app
from srm.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

IDP_ENTITY = "https://idp.acme.example/saml"
IDP_SSO = "https://idp.acme.example/saml/sso"
SP_METADATA = "http://testserver/accounts/saml/company/metadata/"
ACS = "http://testserver/accounts/saml/company/acs/"


def key_and_cert(tmp_path, name: str) -> tuple[str, str, str]:
    """A fresh RSA key and self-signed certificate: (key file, cert file, cert base64)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_file, cert_file = tmp_path / f"{name}.key", tmp_path / f"{name}.crt"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    pem = cert.public_bytes(serialization.Encoding.PEM)
    cert_file.write_bytes(pem)
    b64 = "".join(pem.decode().strip().splitlines()[1:-1])
    return str(key_file), str(cert_file), b64


def identity_provider(key_file, cert_file, sp_metadata: str):
    from saml2 import BINDING_HTTP_REDIRECT
    from saml2.config import IdPConfig
    from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_PERSISTENT
    from saml2.server import Server

    config = IdPConfig()
    config.load(
        {
            "entityid": IDP_ENTITY,
            "service": {
                "idp": {
                    "endpoints": {"single_sign_on_service": [(IDP_SSO, BINDING_HTTP_REDIRECT)]},
                    "policy": {
                        "default": {"lifetime": {"minutes": 5}, "name_form": NAME_FORMAT_URI}
                    },
                    "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                }
            },
            "key_file": key_file,
            "cert_file": cert_file,
            "metadata": {"inline": [sp_metadata]},
            "xmlsec_binary": shutil.which("xmlsec1"),
            "allow_unknown_attributes": True,
        }
    )
    return Server(config=config)


@pytest.fixture
def saml(settings, tmp_path, client):
    if not shutil.which("xmlsec1"):
        reason = (
            "the test SAML identity provider (pysaml2) signs with xmlsec1: apt-get install xmlsec1"
        )
        if os.environ.get("SRM_REQUIRE_SERVICES"):
            pytest.fail(reason)
        pytest.skip(reason)
    key_file, cert_file, cert_b64 = key_and_cert(tmp_path, "idp")
    app = saml_app(name="Acme", metadata_url="unused")
    app["settings"]["idp"] = {"entity_id": IDP_ENTITY, "sso_url": IDP_SSO, "x509cert": cert_b64}
    app["settings"]["advanced"]["allow_single_label_domains"] = True  # "testserver"
    settings.SOCIALACCOUNT_PROVIDERS = {"saml": {"APPS": [app]}}
    client.defaults["HTTP_HOST"] = "testserver"  # python3-saml reads the header itself
    sp_metadata = client.get(SP_METADATA).content.decode()
    return {
        "idp": identity_provider(key_file, cert_file, sp_metadata),
        "other_idp": identity_provider(*key_and_cert(tmp_path, "impostor")[:2], sp_metadata),
    }


def round_trip(client, idp, *, sign: bool = True, attributes: dict | None = None):
    """Start at the product's SAML login, answer as the identity provider, post back."""
    from saml2 import BINDING_HTTP_REDIRECT
    from saml2.saml import NAMEID_FORMAT_PERSISTENT, NameID

    response = client.post(reverse("saml_login", args=["company"]))
    assert response.status_code == 302 and response["Location"].startswith(IDP_SSO)
    query = parse_qs(urlparse(response["Location"]).query)
    request = idp.parse_authn_request(query["SAMLRequest"][0], BINDING_HTTP_REDIRECT)
    saml_idp = idp.create_authn_response(
        identity={
            "urn:oid:0.9.2342.19200300.100.1.1": ["bob"],
            "urn:oid:0.9.2342.19200300.100.1.3": ["bob@acme.example"],
            "groups": ["srm-finance", "unrelated"],
            **(attributes or {}),
        },
        in_response_to=request.message.id,
        destination=ACS,
        sp_entity_id=SP_METADATA,
        name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text="bob-persistent-id"),
        userid="bob",
        authn={"class_ref": "urn:oasis:names:tc:SAML:2.0:ac:classes:Password"},
        sign_assertion=sign,
        sign_response=False,
        # SHA-1 signatures are refused (reject_deprecated_algorithm), as they should be.
        sign_alg="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
        digest_alg="http://www.w3.org/2001/04/xmlenc#sha256",
    )
    payload = {
        "SAMLResponse": base64.b64encode(str(saml_idp).encode()).decode(),
        "RelayState": query.get("RelayState", [""])[0],
    }
    response = client.post(ACS, payload)
    if response.status_code == 302 and "/acs/finish/" in response["Location"]:
        response = client.get(response["Location"])
    return response


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_signed_assertion_signs_in_with_mapped_roles(client, saml):
    DirectoryGroupRule.objects.create(
        group="srm-finance", role=Role.objects.get(code="finance_approver")
    )
    response = round_trip(client, saml["idp"])
    assert response.status_code == 302, response.content.decode()[:2000]
    assert signed_in(client)
    user = User.objects.get(email="bob@acme.example")
    assert set(Role.objects.filter(group__user=user).values_list("code", flat=True)) == {
        "finance_approver"
    }


def test_unsigned_assertion_is_refused(client, saml, caplog):
    round_trip(client, saml["idp"], sign=False)
    assert "is not signed" in caplog.text
    assert not signed_in(client)
    assert not User.objects.filter(email="bob@acme.example").exists()


def test_assertion_signed_by_another_key_is_refused(client, saml, caplog):
    round_trip(client, saml["other_idp"])
    assert "Signature validation failed" in caplog.text
    assert not signed_in(client)
    assert not User.objects.filter(email="bob@acme.example").exists()


def test_identity_provider_from_a_metadata_file(tmp_path, saml):
    from saml2.metadata import entity_descriptor

    metadata = tmp_path / "idp.xml"
    metadata.write_text(str(entity_descriptor(saml["idp"].config)))
    idp = saml_app(name="Acme", metadata_file=str(metadata))["settings"]["idp"]
    assert idp["entity_id"] == IDP_ENTITY and idp["sso_url"] == IDP_SSO
    assert idp["x509cert"]


def test_user_disabled_in_the_directory_is_refused_and_revoked(client, saml, settings):
    settings.SSO_ACTIVE_CLAIM = "active"
    round_trip(client, saml["idp"])
    user = User.objects.get(email="bob@acme.example")
    key = api_token_create(actor=user, user=user, name="erp").key
    elsewhere = Client()
    elsewhere.force_login(user)
    client.logout()

    round_trip(client, saml["idp"], attributes={"active": ["false"]})

    assert not signed_in(client)
    user.refresh_from_db()
    assert not user.is_active
    assert not ApiToken.objects.filter(user=user, revoked_at__isnull=True).exists()
    assert elsewhere.get(reverse("home")).status_code == 302  # its session ended
    assert Client().get("/api/suppliers/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
    event = AuditEvent.objects.filter(action="user.deactivate").last()
    assert event.after["reason"] == "single sign-on: directory"


def test_user_deactivated_here_is_refused_and_loses_what_was_left(client, saml):
    round_trip(client, saml["idp"])
    user = User.objects.get(email="bob@acme.example")
    api_token_create(actor=user, user=user, name="erp")
    client.logout()
    User.objects.filter(pk=user.pk).update(is_active=False)  # by hand, past the service

    response = round_trip(client, saml["idp"])

    assert response.status_code == 302 and response["Location"] == reverse("account_inactive")
    assert not signed_in(client)
    assert not ApiToken.objects.filter(user=user, revoked_at__isnull=True).exists()


def test_directory_sync_command_deactivates(make_user, client):
    user = make_user("procurement_analyst", email="gone@acme.example")
    api_token_create(actor=user, user=user, name="erp")
    client.force_login(user)
    call_command("directory_deactivate", "GONE@acme.example", stdout=io.StringIO())
    user.refresh_from_db()
    assert not user.is_active
    assert not ApiToken.objects.filter(user=user, revoked_at__isnull=True).exists()
    assert client.get(reverse("home")).status_code == 302
    with pytest.raises(CommandError):
        call_command("directory_deactivate", "nobody", stdout=io.StringIO())
