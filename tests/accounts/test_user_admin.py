"""User administration in the product: the list, invitations with a one-time link, roles
and grants, deactivation, lockouts and sessions; supplier owners invite collaborators."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from srm.accounts.models import ApiToken, Invitation, Role, User
from srm.accounts.services import api_token_create
from srm.audit.models import AuditEvent
from srm.core.permissions import granted_category_ids

from ..factories import CategoryFactory, SupplierFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(make_user):
    return make_user(is_superuser=True, is_staff=True)


@pytest.fixture
def admin_client(admin, settings):
    settings.MFA_ENFORCED = False
    client = Client()
    client.force_login(admin)
    return client


def invite(client, **data):
    body = {"email": "new.person@example.com", "first_name": "New", "last_name": "Person"}
    body.update(data)
    # The invitation is e-mailed once its transaction commits.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("accounts:user_invite"), body)


def link_from_mail() -> str:
    return re.search(r"https?://\S+/invitations/\S+/", mail.outbox[-1].body).group(0)


class TestList:
    def test_search_filter_and_query_count(
        self, admin_client, make_user, django_assert_max_num_queries
    ):
        make_user("auditor", username="alice", email="alice@example.com")
        make_user("finance_approver", username="bob", is_active=False)
        for n in range(12):
            make_user("procurement_analyst", username=f"analyst{n}")
        with django_assert_max_num_queries(12):
            page = admin_client.get(reverse("accounts:user_list"))
        assert page.status_code == 200
        assert page.context["table"].paginator.count == 15  # admin included
        found = admin_client.get(reverse("accounts:user_list"), {"q": "alice@"})
        assert [u.username for u in found.context["table"].data] == ["alice"]
        role = Role.objects.get(code="finance_approver")
        found = admin_client.get(reverse("accounts:user_list"), {"role": role.pk})
        assert [u.username for u in found.context["table"].data] == ["bob"]
        found = admin_client.get(reverse("accounts:user_list"), {"is_active": "false"})
        assert [u.username for u in found.context["table"].data] == ["bob"]

    def test_not_for_other_roles(self, client, make_user):
        client.force_login(make_user("executive_sponsor"))
        assert client.get(reverse("accounts:user_list")).status_code == 403
        assert client.get(reverse("accounts:user_invite")).status_code == 403


class TestInvitation:
    def test_invite_accept_once_and_mfa_follows(self, admin_client, client, settings):
        category = CategoryFactory(code="pack")
        role = Role.objects.get(code="finance_approver")
        response = invite(admin_client, roles=[role.pk], categories=[category.pk])
        assert response.status_code == 302, response.content
        user = User.objects.get(email="new.person@example.com")
        assert not user.is_active and not user.has_usable_password()
        assert list(Role.objects.filter(group__user=user)) == [role]
        assert list(granted_category_ids(user).values_list("pk", flat=True)) == [category.pk]
        assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new.person@example.com"]
        link = link_from_mail()
        assert Invitation.objects.get(user=user).digest not in link  # only the digest is kept

        invitee = type(client)()
        assert invitee.get(link).status_code == 200
        # Django's validators: a common password is refused, and nothing is written.
        refused = invitee.post(link, {"password1": "password123", "password2": "password123"})
        assert refused.status_code == 400
        assert "too common" in refused.content.decode()
        user.refresh_from_db()
        assert not user.is_active
        settings.MFA_ENFORCED = True
        accepted = invitee.post(link, {"password1": "Tr0ub4dor&3x!", "password2": "Tr0ub4dor&3x!"})
        assert accepted.status_code == 302
        user.refresh_from_db()
        assert user.is_active and user.check_password("Tr0ub4dor&3x!")
        # Signed in, and a finance approver is led to set up a second factor first.
        assert invitee.get(reverse("home"))["Location"] == reverse("mfa_activate_totp")
        # Single use.
        again = type(client)().post(
            link, {"password1": "An0ther&Pass!", "password2": "An0ther&Pass!"}
        )
        assert again.status_code == 404
        actions = set(AuditEvent.objects.values_list("action", flat=True))
        assert {"user.invite", "user.access_set", "invitation.accept"} <= actions

    def test_link_expires(self, admin_client, client):
        invite(admin_client, roles=[Role.objects.get(code="auditor").pk])
        link = link_from_mail()
        with time_machine.travel(timezone.now() + timedelta(days=8)):
            assert client.get(link).status_code == 404
            answer = client.post(link, {"password1": "Tr0ub4dor&3x!", "password2": "Tr0ub4dor&3x!"})
            assert answer.status_code == 404
        assert not User.objects.get(email="new.person@example.com").is_active

    def test_existing_email_and_role_rules_are_field_errors(self, admin_client, make_user):
        make_user("auditor", email="taken@example.com")
        response = invite(admin_client, email="taken@example.com")
        assert response.status_code == 400 and "already exists" in response.content.decode()
        collaborator = Role.objects.get(code="supplier_collaborator")
        response = invite(admin_client, roles=[collaborator.pk])
        assert response.status_code == 400 and "needs the supplier" in response.content.decode()
        assert not User.objects.filter(email="new.person@example.com").exists()
        assert not mail.outbox

    def test_sso_only_invites_only_supplier_collaborators(self, admin_client, settings):
        settings.SSO_ONLY = True
        settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": [{"provider_id": "x"}]}}
        response = invite(admin_client, roles=[Role.objects.get(code="auditor").pk])
        assert response.status_code == 400 and "Single sign-on only" in response.content.decode()
        supplier = SupplierFactory()
        collaborator = Role.objects.get(code="supplier_collaborator")
        response = invite(admin_client, roles=[collaborator.pk], supplier=supplier.pk)
        assert response.status_code == 302

    def test_deactivating_a_pending_invitee_voids_the_link(self, admin_client, client):
        invite(admin_client, roles=[Role.objects.get(code="auditor").pk])
        link = link_from_mail()
        user = User.objects.get(email="new.person@example.com")
        admin_client.post(reverse("accounts:user_deactivate", args=[user.pk]))
        assert client.get(link).status_code == 404


class TestSupplierOwnerInvites:
    def test_category_manager_invites_only_own_suppliers_collaborators(
        self, client, make_user, settings
    ):
        settings.MFA_ENFORCED = False
        granted = CategoryFactory()
        own = SupplierFactory(categories=[granted])
        other = SupplierFactory()
        manager = make_user("category_manager", categories=[granted])
        client.force_login(manager)
        url = reverse("accounts:collaborator_invite")
        page = client.get(url)
        assert list(page.context["form"]["supplier"].field.queryset) == [own]
        refused = client.post(url, {"email": "x@other.example", "supplier": other.pk})
        assert refused.status_code == 400
        response = client.post(url, {"email": "Pat@Own.example", "supplier": own.pk})
        assert response.status_code == 302
        pat = User.objects.get(email="pat@own.example")
        assert pat.supplier == own
        assert [r.code for r in Role.objects.filter(group__user=pat)] == ["supplier_collaborator"]
        assert AuditEvent.objects.filter(action="user.invite", actor_repr=str(manager)).exists()

    def test_relationship_owner_may_and_others_may_not(self, client, make_user):
        owner = make_user("operations_lead")
        supplier = SupplierFactory(relationship_owner=owner)
        client.force_login(owner)
        url = reverse("accounts:collaborator_invite")
        assert (
            client.post(url, {"email": "a@s.example", "supplier": supplier.pk}).status_code == 302
        )
        client.force_login(make_user("operations_lead"))
        assert client.get(url).status_code == 403
        client.force_login(make_user("supplier_collaborator", supplier=supplier))
        assert client.get(url).status_code == 403


class TestAdministratorActions:
    def test_roles_and_grants(self, admin_client, make_user):
        user = make_user("auditor")
        category = CategoryFactory()
        url = reverse("accounts:user_access", args=[user.pk])
        assert admin_client.get(url).status_code == 200
        roles = Role.objects.filter(code__in=["category_manager", "finance_approver"])
        response = admin_client.post(
            url, {"roles": [r.pk for r in roles], "categories": [category.pk]}
        )
        assert response.status_code == 302
        assert set(Role.objects.filter(group__user=user).values_list("code", flat=True)) == {
            "category_manager",
            "finance_approver",
        }
        event = AuditEvent.objects.get(action="user.access_set")
        assert event.before["roles"] == ["auditor"]
        assert event.after["categories_added"] == [category.code]
        # An internal person cannot be given the supplier collaborator role.
        collaborator = Role.objects.get(code="supplier_collaborator")
        assert admin_client.post(url, {"roles": [collaborator.pk]}).status_code == 400

    def test_deactivate_ends_sessions_and_tokens(self, admin_client, client, make_user):
        user = make_user("procurement_analyst")
        api_token_create(actor=user, user=user, name="erp")
        client.force_login(user)
        response = admin_client.post(reverse("accounts:user_deactivate", args=[user.pk]))
        assert response.status_code == 302
        user.refresh_from_db()
        assert not user.is_active
        assert not ApiToken.objects.filter(user=user, revoked_at__isnull=True).exists()
        assert client.get(reverse("home")).status_code == 302

    def test_sessions_listed_and_one_revoked(
        self, admin_client, client, make_user, django_assert_max_num_queries
    ):
        user = make_user("procurement_analyst", categories=[CategoryFactory(), CategoryFactory()])
        client.force_login(user)
        second = type(client)()
        second.force_login(user)
        with django_assert_max_num_queries(14):
            detail = admin_client.get(reverse("accounts:user_detail", args=[user.pk]))
        sessions = detail.context["sessions"]
        assert len(sessions) == 2
        assert client.session.session_key not in detail.content.decode()  # never the key
        url = reverse("accounts:user_session_revoke", args=[user.pk])
        assert admin_client.post(url, {"session": sessions[0]["ref"]}).status_code == 302
        alive = [c.get(reverse("home")).status_code for c in (client, second)]
        assert sorted(alive) == [200, 302]
        assert AuditEvent.objects.filter(action="user.session_revoke").count() == 1
        admin_client.post(url, {"session": "nonsense"})  # gone: a message, no 5xx
        assert AuditEvent.objects.filter(action="user.session_revoke").count() == 1

    def test_unlock_a_lockout(self, admin_client, client, make_user, settings):
        settings.AXES_FAILURE_LIMIT = 3
        user = make_user("procurement_analyst")
        for _ in range(3):
            client.post(reverse("login"), {"login": user.username, "password": "wrong"})
        client.post(reverse("login"), {"login": user.username, "password": "pw"})
        assert "_auth_user_id" not in client.session  # locked out
        detail = admin_client.get(reverse("accounts:user_detail", args=[user.pk]))
        assert detail.context["locked_out"]
        admin_client.post(reverse("accounts:user_unlock", args=[user.pk]))
        assert AuditEvent.objects.filter(action="user.unlock").exists()
        client.post(reverse("login"), {"login": user.username, "password": "pw"})
        assert client.session.get("_auth_user_id") == str(user.pk)


class TestApi:
    def test_admin_lists_invites_and_deactivates(
        self, api_client, admin, make_user, django_assert_max_num_queries
    ):
        for n in range(5):
            make_user("auditor", username=f"reader{n}")
        api_client.force_authenticate(admin)
        with django_assert_max_num_queries(8):
            listed = api_client.get("/api/users/")
        assert listed.status_code == 200
        assert {"username": "reader0", "roles": ["auditor"]}.items() <= next(
            u for u in listed.json()["results"] if u["username"] == "reader0"
        ).items()
        supplier = SupplierFactory(code="ACME")
        body = {"email": "pat@acme.example", "roles": ["supplier_collaborator"], "supplier": "ACME"}
        with TestCase.captureOnCommitCallbacks(execute=True):
            created = api_client.post("/api/users/", body, format="json")
        assert created.status_code == 201, created.content
        assert created.json()["supplier"] == supplier.code and not created.json()["is_active"]
        assert "/invitations/" in mail.outbox[-1].body
        bad = api_client.post(
            "/api/users/", {"email": "x@y.example", "roles": ["nope"]}, format="json"
        )
        assert bad.status_code == 400 and "roles" in bad.json()
        user = User.objects.get(username="reader0")
        gone = api_client.post(f"/api/users/{user.pk}/deactivate/")
        assert gone.status_code == 200 and gone.json()["is_active"] is False

    def test_nobody_deactivates_themselves(self, api_client, admin, admin_client):
        # An administrator who could would lock the product out (and an integration whose
        # token deactivated its own user would cut itself off mid-run).
        api_client.force_authenticate(admin)
        refused = api_client.post(f"/api/users/{admin.pk}/deactivate/")
        assert refused.status_code == 400
        assert "your own account" in str(refused.json())
        page = admin_client.post(reverse("accounts:user_deactivate", args=[admin.pk]))
        assert page.status_code in (302, 400)
        admin.refresh_from_db()
        assert admin.is_active
        assert not AuditEvent.objects.filter(action="user.deactivate").exists()

    def test_others_are_refused(self, api_client, make_user):
        api_client.force_authenticate(make_user("executive_sponsor"))
        assert api_client.get("/api/users/").status_code == 403
        body = {"email": "x@y.example", "roles": ["auditor"]}
        assert api_client.post("/api/users/", body, format="json").status_code == 403
