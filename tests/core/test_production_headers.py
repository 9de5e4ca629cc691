"""Production headers and limits (issue 12, finding 5): CSP without inline script,
Permissions-Policy, the schema behind sign-in, active throttles with Retry-After, and
one trusted-proxy setting for lockouts and throttles."""

import re
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import RequestFactory, override_settings

from srm.core.client_ip import client_ip

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_pages_send_a_csp_without_unsafe_inline_scripts(client, make_user):
    client.force_login(make_user("procurement_analyst"))
    response = client.get("/suppliers/")
    policy = response.headers["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", policy).group(1)
    assert "'self'" in script_src and "unsafe-inline" not in script_src
    assert "unsafe-eval" not in script_src
    assert "object-src 'none'" in policy and "frame-ancestors 'none'" in policy


def test_no_template_has_an_inline_script_or_event_handler():
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text()
        for match in re.finditer(r"<script\b([^>]*)>", text):
            attributes = match.group(1)
            assert "src=" in attributes or "nonce=" in attributes or "json" in attributes, (
                template,
                match.group(0),
            )
        assert not re.search(r"\son[a-z]+\s*=\s*[\"']", text), template


def test_permissions_policy_header(client):
    response = client.get("/login/")
    policy = response.headers["Permissions-Policy"]
    assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy


@pytest.mark.parametrize("url", ["/api/schema/", "/api/docs/", "/api/redoc/"])
def test_schema_and_docs_need_a_signed_in_user(url, client, api_client, make_user):
    assert api_client.get(url).status_code in (401, 403)
    client.force_login(make_user("auditor"))
    assert client.get(url).status_code == 200


def test_schema_can_be_made_public(api_client, settings):
    settings.API_SCHEMA_PUBLIC = True
    assert api_client.get("/api/schema/").status_code == 200


def test_docs_load_their_script_from_a_url_not_inline(client, make_user):
    client.force_login(make_user("auditor"))
    page = client.get("/api/docs/").content.decode()
    assert "<script>" not in page and "script=" in page


@pytest.fixture
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _rates(anon, user):
    from django.conf import settings

    return override_settings(
        REST_FRAMEWORK={
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"anon": anon, "user": user},
        }
    )


def test_anonymous_callers_are_throttled_per_address_with_retry_after(
    api_client, fresh_cache, settings
):
    """The probe's case: anonymous requests for the (public) schema, each costly."""
    settings.API_SCHEMA_PUBLIC = True
    with _rates("1/min", "1000/min"):
        assert api_client.get("/api/schema/").status_code == 200
        response = api_client.get("/api/schema/")
        assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0
        # A forged X-Forwarded-For does not buy a new allowance (no trusted proxy)...
        forged = api_client.get("/api/schema/", HTTP_X_FORWARDED_FOR="10.9.9.9")
        assert forged.status_code == 429
        # ...another address has its own.
        assert api_client.get("/api/schema/", REMOTE_ADDR="10.0.0.9").status_code == 200


def test_signed_in_users_are_throttled_per_user(api_client, make_user, fresh_cache):
    from srm.accounts.services import api_token_create

    user = make_user("procurement_analyst")
    key = api_token_create(actor=user, user=user, name="bi").key
    with _rates("1000/min", "2/min"):
        auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
        codes = [api_client.get("/api/suppliers/", **auth).status_code for _ in range(2)]
        assert codes == [200, 200]
        response = api_client.get("/api/suppliers/", REMOTE_ADDR="10.0.0.7", **auth)
        assert response.status_code == 429 and "Retry-After" in response.headers
        api_client.force_authenticate(make_user("procurement_analyst"))
        assert api_client.get("/api/suppliers/").status_code == 200


def _request(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_without_a_trusted_proxy_a_forged_forwarded_for_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request("203.0.113.5", "1.2.3.4")) == "203.0.113.5"


def test_behind_one_trusted_proxy_the_client_is_the_address_it_appended(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client forged the first entry; the proxy appended the real one.
    assert client_ip(_request("172.18.0.2", "1.2.3.4, 198.51.100.7")) == "198.51.100.7"
    assert client_ip(_request("172.18.0.2")) == "172.18.0.2"


def test_axes_and_throttles_use_the_trusted_proxy_setting(settings):
    from rest_framework.settings import api_settings

    assert settings.AXES_CLIENT_IP_CALLABLE == "srm.core.client_ip.client_ip"
    assert api_settings.NUM_PROXIES == settings.TRUSTED_PROXY_COUNT


def test_lockout_behind_a_proxy_is_per_client_not_for_everyone(client, make_user, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.AXES_FAILURE_LIMIT = 2
    make_user("procurement_analyst", username="ana", password="right-password-1")
    proxy = {"REMOTE_ADDR": "172.18.0.2"}
    for _ in range(3):
        client.post(
            "/login/",
            {"login": "ana", "password": "wrong"},
            HTTP_X_FORWARDED_FOR="198.51.100.66",
            **proxy,
        )
    response = client.post(
        "/login/",
        {"login": "ana", "password": "right-password-1"},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
        **proxy,
    )
    assert response.status_code == 302  # signed in from another client behind the proxy
