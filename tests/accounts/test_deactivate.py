"""Deactivating a user ends their sessions and revokes their API tokens at once."""

import pytest
from django.urls import reverse

from srm.accounts.models import ApiToken
from srm.accounts.services import api_token_create, user_deactivate
from srm.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_deactivation_ends_sessions_and_revokes_tokens(client, api_client, make_user):
    user, other = make_user("procurement_analyst"), make_user("procurement_analyst")
    key = api_token_create(actor=user, user=user, name="erp").key
    client.force_login(user)
    other_client = type(client)()
    other_client.force_login(other)
    assert client.get(reverse("home")).status_code == 200

    user_deactivate(actor=None, user=user)

    assert client.get(reverse("home")).status_code == 302  # signed out
    assert other_client.get(reverse("home")).status_code == 200  # others untouched
    assert api_client.get("/api/suppliers/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
    assert not ApiToken.objects.filter(user=user, revoked_at__isnull=True).exists()
    event = AuditEvent.objects.get(action="user.deactivate")
    assert event.after == {"sessions_ended": 1}


def test_admin_unticking_active_deactivates(client, make_user):
    admin = make_user(is_superuser=True, is_staff=True)
    user = make_user("procurement_analyst")
    api_token_create(actor=user, user=user, name="erp")
    client.force_login(admin)
    url = reverse("admin:accounts_user_change", args=[user.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update(
        {
            "username": user.username,
            "is_active": "",
            "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
            "groups": [g.pk for g in user.groups.all()],
        }
    )
    data.pop("password", None)
    data.pop("last_login", None)
    data.pop("date_joined", None)
    data.pop("is_active", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    user.refresh_from_db()
    assert not user.is_active
    assert not ApiToken.objects.filter(user=user, revoked_at__isnull=True).exists()
