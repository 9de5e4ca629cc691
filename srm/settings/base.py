"""Settings shared by every run mode; what differs per machine comes from the environment."""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE

from srm.accounts.sso_config import saml_app

from .storage import private_storages

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A .env file is optional; real environment variables always win.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="insecure-dev-key-change-me-this-is-not-for-production")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # third party
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "django_countries",
    "guardian",
    "axes",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    # project
    "srm.accounts",
    "srm.audit",
    "srm.core",
    "suppliers",
    "scorecards",
    "governance",
    "risk",
    "collaboration",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "srm.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "srm.core.middleware.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "srm.accounts.mfa.MfaRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Axes must be last: it inspects the response of a failed login.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "srm.urls"
WSGI_APPLICATION = "srm.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "srm.core.context_processors.navigation",
                "csp.context_processors.nonce",
            ],
            "builtins": ["srm.core.templatetags.srm"],
        },
    },
]

# --- database -----------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock at BEGIN, so two writers never read the
    # same audit-chain head and then collide; the timeout lets them queue.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache, broker, tasks ----------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    # Embedded mode: no broker; a task runs in the process that sends it.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# A task is acknowledged when it ends, not when it starts, and a task whose worker
# process died (SIGKILL, out of memory) goes back to the queue instead of being lost: the
# tasks are idempotent (a recompute marks the dead run failed and starts afresh).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 60 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 55 * 60
# Redis hands an unacknowledged task to another worker after the visibility timeout: it
# must outlast the longest task, or a long recompute would be started twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=CELERY_TASK_TIME_LIMIT + 600)
}
CELERY_TIMEZONE = "UTC"
# Processes that score a large recompute in parallel (0: one per CPU; 1: none).
SCORECARDS_RECOMPUTE_WORKERS = env.int("SCORECARDS_RECOMPUTE_WORKERS", default=0)
# Fresh numbers after new data: writes within this many seconds make one targeted
# recompute of the supplier-months they touched (scorecards.fresh).
SCORECARDS_FRESH_DEBOUNCE = env.int("SCORECARDS_FRESH_DEBOUNCE", default=20)
# A nightly or full run that finds a targeted run in progress waits this long for it.
SCORECARDS_RECOMPUTE_WAIT = env.int("SCORECARDS_RECOMPUTE_WAIT", default=300)
# PostgreSQL work_mem of the recompute's transaction (its one large aggregation).
SCORECARDS_RECOMPUTE_WORK_MEM = env("SCORECARDS_RECOMPUTE_WORK_MEM", default="64MB")
CELERY_BEAT_SCHEDULE: dict = {
    "recompute-scorecards-nightly": {
        "task": "scorecards.tasks.recompute_scorecards",
        "schedule": crontab(hour=2, minute=0),
        "kwargs": {"scope": "nightly"},
    },
    "verify-audit-chain-daily": {
        "task": "srm.audit.tasks.verify_audit_chain",
        "schedule": crontab(hour=3, minute=30),
    },
    # A signed checkpoint of the audit head outside the database, at least daily
    # (every recompute writes one too).
    "audit-checkpoint-daily": {
        "task": "srm.audit.tasks.write_audit_checkpoint",
        "schedule": crontab(hour=3, minute=45),
    },
    # Disputes whose ladder step ran out of time escalate; overdue requests and
    # actions are notified once.
    "governance-tick-hourly": {
        "task": "governance.tasks.governance_tick",
        "schedule": crontab(minute=15),
    },
    # Contract owners hear 60, 30 and 7 days before a notice deadline (once each).
    "contract-notice-reminders-daily": {
        "task": "suppliers.tasks.contract_notice_reminders",
        "schedule": crontab(hour=6, minute=0),
    },
    # Active contracts past their end date that do not renew by themselves expire.
    "contracts-expire-daily": {
        "task": "suppliers.tasks.contracts_expire",
        "schedule": crontab(hour=0, minute=30),
    },
}

# --- auth ------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "srm.accounts.backends.PasswordBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = 0.25  # hours
# Lock a username from one address, so nobody can lock a colleague out from elsewhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# How many reverse proxies in front of the app append to X-Forwarded-For (the compose
# file's proxy counts as one). 0: the connection's address is the client's and a
# forged X-Forwarded-For is ignored. Login lockouts and API throttles key on it.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "srm.core.client_ip.client_ip"
AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT or None  # read only if django-ipware is used

# --- browser security headers ---------------------------------------------------------
# No inline script anywhere: behaviours live in static files (srm/static/srm/app.js),
# and a template that needs one uses the nonce ({{ CSP_NONCE }}). Styles keep
# 'unsafe-inline' for style attributes and htmx's indicator style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "xr-spatial-tracking",
    )
}
# Sign-in runs through django-allauth (local password, MFA, single sign-on); axes still
# counts the failures, through Django's authenticate() that allauth calls.
ACCOUNT_ADAPTER = "srm.accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_REDIRECT_URL = "login"
ACCOUNT_SESSION_REMEMBER = None
# Repeated failures are axes's to count and lock; allauth's own limit would lock first.
ACCOUNT_RATE_LIMITS = {"login_failed": False}
# Single sign-on (README "Single sign-on"): OpenID Connect by discovery from the issuer.
SOCIALACCOUNT_ADAPTER = "srm.accounts.adapters.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True  # an existing local user with that e-mail
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False
SSO_DISPLAY_NAME = env("SSO_DISPLAY_NAME", default="your company")
SSO_GROUPS_CLAIM = env("SSO_GROUPS_CLAIM", default="groups")
SSO_ONLY = env.bool("SSO_ONLY", default=False)
# Origins the sign-in page's forms may end up at besides the configured providers' own
# (the login page's Content-Security-Policy names them in form-action).
SSO_FORM_ACTION_ORIGINS = env.list("SSO_FORM_ACTION_ORIGINS", default=[])
# A claim (or SAML attribute) whose false value says the directory switched the account
# off: the sign-in is refused and the user's sessions and tokens are revoked. Empty: none.
SSO_ACTIVE_CLAIM = env("SSO_ACTIVE_CLAIM", default="")
SOCIALACCOUNT_PROVIDERS: dict = {}
if OIDC_ISSUER := env("OIDC_ISSUER", default=""):
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "APPS": [
            {
                "provider_id": "company",
                "name": SSO_DISPLAY_NAME,
                "client_id": env("OIDC_CLIENT_ID"),
                "secret": env("OIDC_CLIENT_SECRET"),
                "settings": {
                    "server_url": OIDC_ISSUER,
                    "scope": env.list(
                        "OIDC_SCOPES", default=["openid", "profile", "email", "groups"]
                    ),
                    "oauth_pkce_enabled": True,
                },
            }
        ]
    }
_saml_app = saml_app(
    name=SSO_DISPLAY_NAME,
    metadata_url=env("SAML_IDP_METADATA_URL", default=""),
    metadata_file=env("SAML_IDP_METADATA_FILE", default=""),
    idp_entity_id=env("SAML_IDP_ENTITY_ID", default=""),
    sp_entity_id=env("SAML_SP_ENTITY_ID", default=""),
)
if _saml_app:
    SOCIALACCOUNT_PROVIDERS["saml"] = {"APPS": [_saml_app]}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
# Security keys and passkeys as a second factor; the relying party is the site's host.
# Browsers refuse WebAuthn on plain http except on localhost.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = env.bool("MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN", default=False)
# Step-up: signing off a high-impact decision needs a second factor used this recently.
MFA_STEP_UP_MINUTES = env.int("MFA_STEP_UP_MINUTES", default=15)
MFA_TOTP_ISSUER = env("MFA_TOTP_ISSUER", default="SRM")
# Leads a user who must use MFA to set it up (srm.accounts.mfa); MFA_REQUIRED_ROLES
# (role codes) overrides the roles' own "MFA required" flags when set.
MFA_ENFORCED = env.bool("MFA_ENFORCED", default=True)
MFA_REQUIRED_ROLES = env.list("MFA_REQUIRED_ROLES", default=None)
GUARDIAN_RAISE_403 = False
# API tokens: the expiry a new token gets, and the longest an administrator allows.
API_TOKEN_DEFAULT_DAYS = env.int("API_TOKEN_DEFAULT_DAYS", default=90)
API_TOKEN_MAX_DAYS = env.int("API_TOKEN_MAX_DAYS", default=365)
# An invitation link works once, for this many days.
INVITATION_DAYS = env.int("INVITATION_DAYS", default=7)
ANONYMOUS_USER_NAME = None  # no guardian anonymous user: anonymous sees nothing

# --- i18n ------------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = env("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

# --- static and media ------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "srm" / "static"]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"
# Private files (signed audit checkpoints, supplier documents) live outside the web root:
# private folders under PRIVATE_DATA_DIR, or an S3-compatible bucket when S3_BUCKET is set
# (srm/settings/storage.py). Nothing there is ever served by a public URL.
PRIVATE_DATA_DIR = env.path("PRIVATE_DATA_DIR", default=BASE_DIR / "var")
PRIVATE_STORAGES = private_storages(env, private_dir=PRIVATE_DATA_DIR)
AUDIT_CHECKPOINT_STORAGE = PRIVATE_STORAGES["audit_checkpoints"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
    **PRIVATE_STORAGES,
}
# Supplier documents and certificate files: the largest upload accepted.
DOCUMENT_MAX_BYTES = env.int("DOCUMENT_MAX_BYTES", default=20 * 1024 * 1024)

# --- email and notifications -----------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="srm@localhost")

# --- REST API --------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "srm.accounts.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["srm.core.api.permissions.ActionPermission"],
    # JSON bodies are read up to DATA_UPLOAD_MAX_MEMORY_SIZE and API_JSON_MAX_DEPTH levels.
    "DEFAULT_PARSER_CLASSES": [
        "srm.core.api.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "srm.core.api.filters.RestrictedQuerysetBackend",
        "django_filters.rest_framework.DjangoFilterBackend",
        "srm.core.api.filters.ReadableSearchFilter",
        "srm.core.api.filters.ReadableOrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "srm.core.api.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "srm.core.api.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "srm.core.api.throttles.AnonThrottle",
        "srm.core.api.throttles.UserThrottle",
        "srm.core.api.throttles.TokenThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_THROTTLE_ANON", default="60/min"),
        "user": env("API_THROTTLE_USER", default="6000/min"),
        "token": env("API_THROTTLE_TOKEN", default="3000/min"),
    },
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}
# The OpenAPI schema and its docs pages need a signed-in user unless this is set.
API_SCHEMA_PUBLIC = env.bool("API_SCHEMA_PUBLIC", default=False)
SPECTACULAR_SETTINGS = {
    "TITLE": "Two-track supplier governance API",
    "DESCRIPTION": (
        "Suppliers, contracts, receipts, imports, scorecards and risk scores. "
        "Authenticate with `Authorization: Token <key>` (create one with "
        "`python manage.py drf_create_token USER`) or a browser session."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["srm.core.api.schema.SchemaAccess"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ApiTokenScopeEnum": "srm.accounts.models.ApiTokenScope.choices",
        "SupplierStatusEnum": "suppliers.models.SupplierStatus",
        "ServiceLevelMetricEnum": "suppliers.models.ServiceLevelMetric",
        "IncidentKindEnum": "risk.models.IncidentKind",
        # An incident's severity runs on the risk levels' scale: one enum for both.
        "LevelEnum": "risk.models.RiskLevel",
        "ContactTrackEnum": ["collaboration", "management", "both"],
        "OwnerTrackEnum": "suppliers.models.RelationshipOwner.OwnerTrack",
    },
}

DJANGO_TABLES2_TEMPLATE = "includes/table.html"

# --- imports -----------------------------------------------------------------------
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=25 * 1024 * 1024)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=200_000)
# Limits that keep a hostile file from tying up a worker (suppliers/importers/reading.py).
IMPORT_MAX_COLUMNS = env.int("IMPORT_MAX_COLUMNS", default=64)
IMPORT_MAX_CELL_CHARS = env.int("IMPORT_MAX_CELL_CHARS", default=32_767)  # Excel's own cap
IMPORT_MAX_LINE_CHARS = env.int("IMPORT_MAX_LINE_CHARS", default=1_000_000)
IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES = env.int(
    "IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES", default=256 * 1024 * 1024
)
IMPORT_XLSX_MAX_RATIO = env.int("IMPORT_XLSX_MAX_RATIO", default=100)
IMPORT_XLSX_MAX_ROW_BYTES = env.int("IMPORT_XLSX_MAX_ROW_BYTES", default=512 * 1024)
IMPORT_XLSX_MAX_ENTRIES = env.int("IMPORT_XLSX_MAX_ENTRIES", default=500)
IMPORT_XLSX_MAX_SHARED_STRINGS = env.int("IMPORT_XLSX_MAX_SHARED_STRINGS", default=1_000_000)
# Every uploaded file is cut off at this size while it streams in (srm.core.uploads):
# nothing larger is ever held in memory or on disk whole.
FILE_UPLOAD_MAX_BYTES = env.int("FILE_UPLOAD_MAX_BYTES", default=IMPORT_MAX_BYTES)
FILE_UPLOAD_HANDLERS = [
    "srm.core.uploads.BoundedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Deeper JSON is refused with 400 before it is decoded (srm/core/api/parsers.py).
API_JSON_MAX_DEPTH = env.int("API_JSON_MAX_DEPTH", default=32)

# --- audit -------------------------------------------------------------------------
# The HMAC key of the audit chain; separate from SECRET_KEY so rotating one
# does not invalidate the other. Defaults to a key derived from SECRET_KEY.
AUDIT_HMAC_KEY = env("AUDIT_HMAC_KEY", default="")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
