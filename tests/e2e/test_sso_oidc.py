"""Single sign-on through a real OpenID Connect provider (the certified ``oidc-provider``
package for Node.js, started on loopback) in real Chromium: just-in-time provisioning,
roles from the groups claim, and roles removed when the group is gone."""

import json
import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from srm.accounts.models import DirectoryGroupRule, Role, User
from srm.audit.models import AuditEvent
from srm.core.permissions import granted_category_ids

from ..factories import CategoryFactory

OIDC_DIR = Path(__file__).resolve().parent / "oidc"
CLIENT_ID, CLIENT_SECRET = "srm-test", "srm-test-secret"


def _require_node():
    """Like the browser: missing here is a visible skip, in CI (SRM_REQUIRE_SERVICES) a failure."""
    node = shutil.which("node")
    reason = ""
    if not node:
        reason = "needs Node.js for the test OpenID provider (apt-get install -y nodejs npm)"
    elif not (OIDC_DIR / "node_modules" / "oidc-provider").is_dir():
        reason = f"needs the test OpenID provider: npm ci --prefix {OIDC_DIR}"
    if reason:
        if "e2e" in os.environ.get("SRM_REQUIRE_SERVICES", "").split(","):
            pytest.fail(reason)
        pytest.skip(reason)
    return node


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def oidc_provider(live_server, settings, tmp_path):
    node = _require_node()
    port = _free_port()
    users = tmp_path / "users.json"
    users.write_text("{}")
    env = {
        **os.environ,
        "OIDC_PORT": str(port),
        "OIDC_CLIENT_ID": CLIENT_ID,
        "OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_REDIRECT_URI": f"{live_server.url}/accounts/oidc/company/login/callback/",
        "OIDC_USERS_FILE": str(users),
    }
    process = subprocess.Popen(
        [node, "server.js"],
        cwd=OIDC_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    # The provider prints "listening" once it is up (after any warnings); reading blocks
    # until a line comes, and an empty line means it exited.
    output = []
    while (line := process.stdout.readline()) and "listening" not in line:
        output.append(line)
    if "listening" not in line:
        process.kill()
        pytest.fail("the OpenID provider did not start:\n" + "".join(output))
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "company",
                    "name": "Acme",
                    "client_id": CLIENT_ID,
                    "secret": CLIENT_SECRET,
                    "settings": {
                        "server_url": f"http://127.0.0.1:{port}",
                        "scope": ["openid", "profile", "email", "groups"],
                        "oauth_pkce_enabled": True,
                    },
                }
            ]
        }
    }

    def set_users(data: dict):
        users.write_text(json.dumps(data))

    yield set_users
    process.kill()
    process.wait()


def sign_in_with_sso(page, login: str | None):
    """``login``: sign in on the provider's own page (its development interaction);
    None: the provider still has a session and sends the browser straight back."""
    page.goto("/login/")
    page.get_by_role("button", name="Sign in with Acme").click()
    if login:
        page.fill("input[name=login]", login)
        page.fill("input[name=password]", "any")
        page.locator("button[type=submit]").click()
    page.wait_for_url("**/")


def role_codes(user) -> set[str]:
    return set(Role.objects.filter(group__user=user).values_list("code", flat=True))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sign_in_with_oidc_maps_groups_to_roles(page, oidc_provider, shot):
    category = CategoryFactory(code="packaging", name="Packaging")
    finance = Role.objects.get(code="finance_approver")
    category_manager = Role.objects.get(code="category_manager")
    DirectoryGroupRule.objects.create(group="srm-finance", role=finance)
    rule = DirectoryGroupRule.objects.create(group="srm-packaging", role=category_manager)
    rule.categories.add(category)
    oidc_provider(
        {
            "alice": {
                "email": "alice@acme.example",
                "name": "Alice Example",
                "groups": ["srm-finance", "srm-packaging", "unrelated"],
            }
        }
    )

    sign_in_with_sso(page, "alice")
    shot("signed-in")
    user = User.objects.get(username="alice")
    assert user.email == "alice@acme.example"
    assert role_codes(user) == {"finance_approver", "category_manager"}
    assert list(granted_category_ids(user).values_list("pk", flat=True)) == [category.pk]
    assert page.locator("#user-menu").inner_text().strip() == "Alice Example"
    assert AuditEvent.objects.filter(action="directory.roles_apply", object_id=str(user.pk))

    # A role given by hand (no rule names it) stays; the directory's follow the groups.
    user.groups.add(Group.objects.get(name="auditor"))
    oidc_provider({"alice": {"email": "alice@acme.example", "groups": ["srm-finance"]}})
    page.locator("#user-menu").click()
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/login/")
    sign_in_with_sso(page, None)
    assert role_codes(user) == {"finance_approver", "auditor"}
    assert not granted_category_ids(user).exists()
    assert AuditEvent.objects.filter(action="directory.roles_apply").count() == 2
