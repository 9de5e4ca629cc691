import os
import shutil

import pytest
from rest_framework.test import APIClient

from .factories import CategoryFactory, SupplierFactory, UserFactory

BROWSER_PATH = os.environ.get("SRM_CHROMIUM", "/usr/bin/chromium")


def _missing() -> dict[str, str]:
    """Why each kind of service-bound test cannot run on this machine (empty: it can)."""
    missing = {}
    if not shutil.which(BROWSER_PATH) and not os.path.exists(BROWSER_PATH):
        missing["e2e"] = (
            f"browser test: no Chromium at {BROWSER_PATH} (apt-get install -y chromium)"
        )
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        missing["postgres"] = "needs PostgreSQL: set DATABASE_URL=postgres://... (CI does)"
    if not os.environ.get("REDIS_URL"):
        missing["redis"] = "needs Redis and a Celery worker: set REDIS_URL=redis://... (CI does)"
    return missing


def pytest_collection_modifyitems(config, items):
    """Skip, with a visible reason, what this machine cannot run; CI sets
    SRM_REQUIRE_SERVICES so that such a skip fails the run instead."""
    missing = _missing()
    required = {k for k in os.environ.get("SRM_REQUIRE_SERVICES", "").split(",") if k}
    for kind in sorted(required & missing.keys()):
        if any(kind in item.keywords for item in items):
            raise pytest.UsageError(f"SRM_REQUIRE_SERVICES={kind} but {missing[kind]}")
    for item in items:
        for kind, reason in missing.items():
            if kind in item.keywords:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def category_pair(db):
    """Two categories: the one a scoped user is granted, and one outside their reach."""
    return CategoryFactory(code="granted", name="Granted"), CategoryFactory(
        code="other", name="Other"
    )


@pytest.fixture
def scoped_suppliers(category_pair):
    """A supplier inside the granted category and one outside it."""
    granted, other = category_pair
    return SupplierFactory(categories=[granted]), SupplierFactory(categories=[other])


@pytest.fixture
def make_user(db):
    def make(*roles, categories=(), supplier=None, **kwargs):
        return UserFactory(
            roles=list(roles), categories=list(categories), supplier=supplier, **kwargs
        )

    return make


@pytest.fixture(autouse=True)
def _fresh_audit_checkpoints():
    """Each test starts with no audit checkpoints (the test storage lives in memory)."""
    from django.core.files.storage import storages

    storages._storages.pop("audit_checkpoints", None)
    yield
    storages._storages.pop("audit_checkpoints", None)
