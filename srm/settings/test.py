"""Test settings: the same app, fast hashing, tasks run in-process unless a test starts a worker."""

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests send tasks in-process; the Celery worker test switches this off for
# its own calls and talks to a real worker over Redis.
CELERY_TASK_ALWAYS_EAGER = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "audit_checkpoints": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "documents": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
}
AXES_ENABLED = True
# Most tests sign users in with force_login and no second factor; the MFA tests switch
# the enforcement on for themselves.
MFA_ENFORCED = False
AUDIT_HMAC_KEY = "test-audit-key"
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None}}  # noqa: F405

# The Celery worker a test starts must use the database pytest created.
if _worker_db := env("CELERY_WORKER_TEST_DB", default=""):  # noqa: F405
    DATABASES["default"]["NAME"] = _worker_db  # noqa: F405

# A full run waits this long for a targeted run in progress (production: 300 s); a test
# that holds the lock from another session must not sit out five minutes.
SCORECARDS_RECOMPUTE_WAIT = 2
