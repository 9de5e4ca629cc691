"""Single sign-on without a browser: the roles-from-groups rules, the login page's
button, and SSO_ONLY's break-glass administrator."""

import pytest
from django.urls import reverse

from srm.accounts.directory import decide, directory_roles_apply, groups_from_claims
from srm.accounts.models import DirectoryGroupRule, Role
from srm.audit.models import AuditEvent
from srm.core.permissions import granted_category_ids

from ..factories import CategoryFactory, SupplierFactory

OIDC = {
    "openid_connect": {
        "APPS": [
            {
                "provider_id": "company",
                "name": "Acme",
                "client_id": "id",
                "secret": "secret",
                "settings": {"server_url": "http://127.0.0.1:9/"},
            }
        ]
    }
}


def test_decide_managed_and_wanted():
    rules = [("finance", 1, set()), ("pack", 2, {10}), ("pack", None, {11}), ("audit", 3, set())]
    managed, wanted, managed_cats, wanted_cats = decide(rules, {"pack", "other"})
    assert (managed, wanted) == ({1, 2, 3}, {2})
    assert (managed_cats, wanted_cats) == ({10, 11}, {10, 11})
    assert decide([], {"x"}) == (set(), set(), set(), set())


def test_groups_claim_list_or_string(settings):
    assert groups_from_claims({"groups": ["a", "b"]}) == ["a", "b"]
    settings.SSO_GROUPS_CLAIM = "roles"
    assert groups_from_claims({"roles": "a"}) == ["a"]
    assert groups_from_claims({}) == []


@pytest.mark.django_db
def test_apply_adds_and_removes_only_what_rules_name(make_user):
    category = CategoryFactory(code="packaging")
    rule = DirectoryGroupRule.objects.create(
        group="pack", role=Role.objects.get(code="category_manager")
    )
    rule.categories.add(category)
    DirectoryGroupRule.objects.create(group="fin", role=Role.objects.get(code="finance_approver"))
    user = make_user("auditor")
    changes = directory_roles_apply(user=user, groups=["pack", "fin"])
    assert sorted(changes.roles_added) == ["category_manager", "finance_approver"]
    assert changes.categories_added == ["packaging"]
    assert set(Role.objects.filter(group__user=user).values_list("code", flat=True)) == {
        "auditor",
        "category_manager",
        "finance_approver",
    }
    changes = directory_roles_apply(user=user, groups=["fin"])
    assert changes.roles_removed == ["category_manager"]
    assert changes.categories_removed == ["packaging"]
    assert not granted_category_ids(user).exists()
    assert not directory_roles_apply(user=user, groups=["fin"])  # nothing to change
    assert AuditEvent.objects.filter(action="directory.roles_apply").count() == 2


@pytest.mark.django_db
class TestLoginPage:
    def test_local_only_without_configuration(self, client):
        page = client.get(reverse("login")).content.decode()
        assert "Sign in with" not in page and "id_password" in page

    def test_button_when_configured(self, client, settings):
        settings.SOCIALACCOUNT_PROVIDERS = OIDC
        page = client.get(reverse("login")).content.decode()
        assert "Sign in with Acme" in page
        assert "/accounts/oidc/company/login/" in page


@pytest.mark.django_db
class TestSsoOnly:
    def sign_in(self, client, user):
        client.post(reverse("login"), {"login": user.username, "password": "pw"})
        return client.session.get("_auth_user_id") == str(user.pk)

    def test_internal_users_cannot_use_a_password(self, client, settings, make_user):
        settings.SOCIALACCOUNT_PROVIDERS, settings.SSO_ONLY = OIDC, True
        assert not self.sign_in(client, make_user("procurement_analyst"))

    def test_break_glass_superuser_and_suppliers_still_can(self, client, settings, make_user):
        settings.SOCIALACCOUNT_PROVIDERS, settings.SSO_ONLY = OIDC, True
        assert self.sign_in(client, make_user(is_superuser=True))
        client.logout()
        collaborator = make_user("supplier_collaborator", supplier=SupplierFactory())
        assert self.sign_in(client, collaborator)

    def test_sso_only_without_a_provider_changes_nothing(self, client, settings, make_user):
        settings.SSO_ONLY = True
        assert self.sign_in(client, make_user("procurement_analyst"))
