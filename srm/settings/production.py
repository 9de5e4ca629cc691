"""Production: PostgreSQL, Redis, Celery workers, gunicorn behind a TLS-terminating proxy."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import AUDIT_HMAC_KEY, PRIVATE_STORAGES, SECRET_KEY, env

DEBUG = False

_WEAK_MARKERS = ("insecure", "change-me", "changeme", "django-insecure")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or any(m in SECRET_KEY for m in _WEAK_MARKERS):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a real secret (at least 50 random characters) in production."
    )

# The audit chain's key signs every row, the head and the checkpoints: it must be
# its own secret, not the development default nor anything derived from a known
# development secret (anyone could then re-sign an altered chain).
_DEV_SECRETS = ("insecure-dev-key-change-me-this-is-not-for-production", "test-audit-key")


def _derived_from_dev_secret(key: str) -> bool:
    import hashlib

    for secret in _DEV_SECRETS:
        derived = hashlib.sha256(b"srm-audit:" + secret.encode()).digest()
        if key in (secret, derived.hex(), derived.decode("latin-1")) or secret in key:
            return True
    return False


if (
    len(AUDIT_HMAC_KEY) < 32
    or len(set(AUDIT_HMAC_KEY)) < 5
    or AUDIT_HMAC_KEY == SECRET_KEY
    or any(m in AUDIT_HMAC_KEY for m in _WEAK_MARKERS)
    or _derived_from_dev_secret(AUDIT_HMAC_KEY)
):
    raise ImproperlyConfigured(
        "AUDIT_HMAC_KEY must be set in production to its own secret (at least 32 random "
        "characters, not SECRET_KEY and not a development key)."
    )

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    **PRIVATE_STORAGES,
}
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
