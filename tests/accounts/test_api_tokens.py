"""API tokens: hashed at rest, expiring, scoped, revocable; the outside interface
(``drf_create_token``, ``Authorization: Token KEY``, ``/api/tokens/``) unchanged."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from srm.accounts.models import ApiToken
from srm.accounts.services import api_token_create
from srm.audit.models import AuditEvent
from srm.core.api.throttles import TokenThrottle

SUPPLIERS = "/api/suppliers/"
TOKENS = "/api/tokens/"


def create_token(username: str) -> str:
    out = StringIO()
    call_command("drf_create_token", username, stdout=out)
    words = out.getvalue().split()
    assert words[0:2] == ["Generated", "token"] and words[3:] == ["for", "user", username]
    return words[2]


def auth(key):
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


@pytest.mark.django_db
class TestToken:
    def test_command_prints_a_working_key_stored_only_as_digest(self, api_client, make_user):
        user = make_user("procurement_analyst")
        key = create_token(user.username)
        assert len(key) == 40
        token = ApiToken.objects.get(user=user)
        assert token.digest != key and key not in token.digest
        assert not ApiToken.objects.filter(digest=key).exists()
        expected = timezone.now() + timedelta(days=90)
        assert abs((token.expires_at - expected).total_seconds()) < 60
        assert api_client.get(SUPPLIERS, **auth(key)).status_code == 200
        token.refresh_from_db()
        assert token.last_used_at is not None

    def test_wrong_key_answers_401(self, api_client, make_user):
        make_user("procurement_analyst")
        assert api_client.get(SUPPLIERS, **auth("0" * 40)).status_code == 401

    def test_expired_token_answers_401(self, api_client, make_user):
        user = make_user("procurement_analyst")
        key = create_token(user.username)
        assert api_client.get(SUPPLIERS, **auth(key)).status_code == 200
        with time_machine.travel(timezone.now() + timedelta(days=91), tick=False):
            assert api_client.get(SUPPLIERS, **auth(key)).status_code == 401

    def test_revoked_token_answers_401(self, api_client, make_user):
        user = make_user("procurement_analyst")
        key = create_token(user.username)
        token = ApiToken.objects.get(user=user)
        response = api_client.delete(f"{TOKENS}{token.pk}/", **auth(key))
        assert response.status_code == 204
        assert api_client.get(SUPPLIERS, **auth(key)).status_code == 401
        token.refresh_from_db()
        assert token.revoked_at is not None
        assert AuditEvent.objects.filter(action="api_token.revoke", object_id=str(token.pk))

    def test_inactive_user_token_answers_401(self, api_client, make_user):
        user = make_user("procurement_analyst")
        key = create_token(user.username)
        user.is_active = False
        user.save()
        assert api_client.get(SUPPLIERS, **auth(key)).status_code == 401

    def test_read_only_token_gets_403_on_writes(self, api_client, make_user):
        user = make_user("procurement_analyst")
        key = api_token_create(actor=user, user=user, name="reports", scope="read").key
        assert api_client.get(SUPPLIERS, **auth(key)).status_code == 200
        response = api_client.post(SUPPLIERS, {}, format="json", **auth(key))
        assert response.status_code == 403
        write = api_token_create(actor=user, user=user, name="sync", scope="write").key
        assert api_client.post(SUPPLIERS, {}, format="json", **auth(write)).status_code == 400


@pytest.mark.django_db
class TestTokenEndpoints:
    def test_create_returns_the_key_once_and_list_never(self, api_client, make_user):
        user = make_user("procurement_analyst")
        api_client.force_authenticate(user)
        expires = (timezone.now() + timedelta(days=10)).isoformat()
        response = api_client.post(
            TOKENS, {"name": "ERP sync", "expires": expires, "scope": "read"}, format="json"
        )
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["scope"] == "read" and body["name"] == "ERP sync" and len(body["key"]) == 40
        listed = api_client.get(TOKENS).json()["results"]
        assert [t["name"] for t in listed] == ["ERP sync"]
        assert "key" not in listed[0]
        api_client.force_authenticate(None)
        assert api_client.get(SUPPLIERS, **auth(body["key"])).status_code == 200
        assert AuditEvent.objects.filter(action="api_token.create").count() == 1

    def test_expiry_beyond_the_maximum_is_refused(self, api_client, make_user, settings):
        settings.API_TOKEN_MAX_DAYS = 30
        api_client.force_authenticate(make_user("procurement_analyst"))
        far = (timezone.now() + timedelta(days=31)).isoformat()
        response = api_client.post(TOKENS, {"name": "x", "expires": far}, format="json")
        assert response.status_code == 400
        assert "expires" in str(response.json())
        past = (timezone.now() - timedelta(days=1)).isoformat()
        assert api_client.post(TOKENS, {"name": "x", "expires": past}).status_code == 400
        assert not ApiToken.objects.exists()

    def test_users_see_and_revoke_only_their_own(self, api_client, make_user):
        alice, bob = make_user("procurement_analyst"), make_user("procurement_analyst")
        bobs = api_token_create(actor=bob, user=bob, name="bob's").token
        api_client.force_authenticate(alice)
        assert api_client.get(TOKENS).json()["results"] == []
        assert api_client.delete(f"{TOKENS}{bobs.pk}/").status_code == 404
        bobs.refresh_from_db()
        assert bobs.revoked_at is None

    def test_administrator_sees_and_revokes_all(self, api_client, make_user):
        bob = make_user("procurement_analyst")
        bobs = api_token_create(actor=bob, user=bob, name="bob's").token
        api_client.force_authenticate(make_user(is_superuser=True))
        assert [t["user"] for t in api_client.get(TOKENS).json()["results"]] == [bob.username]
        assert api_client.delete(f"{TOKENS}{bobs.pk}/").status_code == 204
        bobs.refresh_from_db()
        assert bobs.revoked_at is not None

    def test_anonymous_gets_401_or_403(self, api_client, db):
        assert api_client.get(TOKENS).status_code in (401, 403)


@pytest.mark.django_db
class TestTokenPage:
    def test_create_shows_key_once_then_revoke(self, client, make_user):
        user = make_user("procurement_analyst")
        client.force_login(user)
        url = reverse("accounts:token_list")
        response = client.post(url, {"name": "laptop", "scope": "read"})
        assert response.status_code == 200
        key = response.context["issued"].key
        assert key in response.content.decode()
        assert key not in client.get(url).content.decode()
        token = ApiToken.objects.get(user=user)
        assert token.scope == "read"
        response = client.post(reverse("accounts:token_revoke", args=[token.pk]))
        assert response.status_code == 302
        token.refresh_from_db()
        assert token.revoked_at is not None

    def test_cannot_revoke_someone_elses(self, client, make_user):
        alice, bob = make_user("procurement_analyst"), make_user("procurement_analyst")
        bobs = api_token_create(actor=bob, user=bob, name="bob's").token
        client.force_login(alice)
        assert client.post(reverse("accounts:token_revoke", args=[bobs.pk])).status_code == 404


def test_throttle_is_keyed_per_token(rf, make_user):
    user = make_user("procurement_analyst")
    first = api_token_create(actor=user, user=user, name="a").token
    second = api_token_create(actor=user, user=user, name="b").token
    throttle = TokenThrottle()
    keys = set()
    for token in (first, second):
        request = rf.get("/api/suppliers/")
        request.user, request.auth = user, token
        keys.add(throttle.get_cache_key(request, None))
    assert len(keys) == 2


def test_each_token_has_its_own_budget(api_client, make_user, settings):
    from django.core.cache import cache

    cache.clear()
    user = make_user("procurement_analyst")
    first = api_token_create(actor=user, user=user, name="erp").key
    second = api_token_create(actor=user, user=user, name="bi").key
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None, "token": "1/min"},
    }
    headers = {"HTTP_AUTHORIZATION": f"Token {first}"}
    assert api_client.get("/api/suppliers/", **headers).status_code == 200
    throttled = api_client.get("/api/suppliers/", **headers)
    assert throttled.status_code == 429 and "Retry-After" in throttled.headers
    other = api_client.get("/api/suppliers/", HTTP_AUTHORIZATION=f"Token {second}")
    assert other.status_code == 200
    cache.clear()
