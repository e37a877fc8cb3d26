"""Settings of the CRM platform, read from the environment.

Development defaults are safe on one machine; ``DJANGO_ENV=production`` refuses
to start with anything insecure (see ``check_production_settings``).
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import environ
from django.core.exceptions import ImproperlyConfigured

from saas.scratch_db import DEFAULT_DATABASE_URL

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DJANGO_ENV: str = env.str("DJANGO_ENV", default="development")
PRODUCTION = DJANGO_ENV == "production"
TESTING = DJANGO_ENV == "test"

INSECURE_SECRET_KEY = "insecure-development-key-change-me-in-production-0123456789"
SECRET_KEY: str = env.str("SECRET_KEY", default=INSECURE_SECRET_KEY)
DEBUG: bool = env.bool("DEBUG", default=not PRODUCTION and not TESTING)

# Tenants live at <subdomain>.<BASE_DOMAIN>; the base domain serves the public site.
BASE_DOMAIN: str = env.str("BASE_DOMAIN", default="localhost").lower()
PUBLIC_URL_SCHEME: str = env.str("PUBLIC_URL_SCHEME", default="https" if PRODUCTION else "http")
PUBLIC_URL_PORT: str = env.str("PUBLIC_URL_PORT", default="" if PRODUCTION else "8000")
ALLOWED_HOSTS: list[str] = env.list(
    "ALLOWED_HOSTS", default=[BASE_DOMAIN, f".{BASE_DOMAIN}", "127.0.0.1", "testserver"]
)
CSRF_TRUSTED_ORIGINS: list[str] = env.list(
    "CSRF_TRUSTED_ORIGINS",
    default=[f"{PUBLIC_URL_SCHEME}://*.{BASE_DOMAIN}", f"{PUBLIC_URL_SCHEME}://{BASE_DOMAIN}"]
    + (
        [f"http://*.{BASE_DOMAIN}:{PUBLIC_URL_PORT}", f"http://{BASE_DOMAIN}:{PUBLIC_URL_PORT}"]
        if PUBLIC_URL_PORT
        else []
    ),
)

# --- tenancy -----------------------------------------------------------------

SHARED_APPS = [
    "django_tenants",
    "tenants",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.admin",
    "django.contrib.staticfiles",
    "channels",
    # Before strawberry_django: its own export_schema command would shadow ours.
    "graphql_schema",
    "strawberry_django",
    "realtime",
    # Plans and subscriptions are the platform's (schema public): Stripe has one webhook for all.
    "saas.billing",
]
TENANT_APPS = [
    "django.contrib.contenttypes",
    "saas.audit",
    "saas.access",
    "saas.kernel",
    "saas.attachments",
    "saas.customers",
    "saas.customization",
    "saas.integrations",
    "saas.activities",
    "saas.sales",
    "saas.catalog",
    "saas.leads",
    "saas.forecasting",
    "saas.invoicing",
    "saas.imports",
    "saas.service",
    "saas.portability",
    "saas.contracts",
    "saas.entitlements",
    "saas.repairs",
    "saas.returns",
]
if TESTING:
    # A throw-away CRM record type, so the permission matrix has something to run on before modules exist.
    TENANT_APPS.append("tests.access.sample")
INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.Tenant"
TENANT_DOMAIN_MODEL = "tenants.Domain"
PUBLIC_SCHEMA_NAME = "public"
# New tenants are made from a migrated template schema, never by replaying migrations.
TENANT_TEMPLATE_SCHEMA = "tenant_template"
TENANT_BASE_SCHEMA = TENANT_TEMPLATE_SCHEMA
TENANT_CREATION_FAKES_MIGRATIONS = True
# Ready-made schemas waiting to be renamed on signup (see tenants/provisioning.py).
TENANT_POOL_SIZE: int = env.int("TENANT_POOL_SIZE", default=3)
# Refill the pool after each signup (off in the test suite, whose signups are rolled back).
TENANT_POOL_AUTO_REFILL: bool = env.bool("TENANT_POOL_AUTO_REFILL", default=not TESTING)
PUBLIC_SCHEMA_URLCONF = "saas.urls_public"
ROOT_URLCONF = "saas.urls_tenant"
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]
RESERVED_SUBDOMAINS = frozenset(
    {
        "www",
        "api",
        "admin",
        "public",
        "app",
        "static",
        "media",
        "mail",
        "smtp",
        "ftp",
        "help",
        "support",
        "status",
        "docs",
        "blog",
        "billing",
        "login",
        "signup",
        "auth",
        "graphql",
        "ws",
        "cdn",
        "assets",
        "dashboard",
        "demo-template",
        "tenant-template",
        "pg-catalog",
        "information-schema",
        "root",
        "system",
        "test",
    }
)
# Tenant resolution caches host → tenant in process memory for this long.
TENANT_DOMAIN_CACHE_SECONDS: int = env.int("TENANT_DOMAIN_CACHE_SECONDS", default=60)

MIDDLEWARE = [
    "tenants.middleware.TenantFromHostMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "saas.access.middleware.ApiKeyAuthenticationMiddleware",
    "tenants.middleware.TokenAuthenticationMiddleware",
    "tenants.middleware.SessionUseMiddleware",
    "tenants.middleware.MembershipMiddleware",
    "saas.billing.metering.ApiRequestMeterMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "saas" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "saas.wsgi.application"
ASGI_APPLICATION = "saas.asgi.application"

# --- database ----------------------------------------------------------------

# The launcher (saas/launcher.py) starts embedded PostgreSQL and sets DATABASE_URL;
# the default only matters for commands that never touch the database.
DATABASES = {"default": env.db_url_config(env.str("DATABASE_URL", default=DEFAULT_DATABASE_URL))}
DATABASES["default"]["ENGINE"] = "tenants.postgresql_backend"  # django-tenants' own, two round trips fewer
# Persistent connections: opening one costs ~1 ms and a PostgreSQL backend start per request. Each of
# the REQUEST_THREADS long-lived request threads (saas/request_threads.py) keeps its own; a health
# check before reuse drops one the server closed. Tests open and close them as Django's TestCase expects.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if TESTING else 300)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# ... but only on a connection idle this long (seconds; 0: before every request), as PgBouncer's server_check_delay.
DB_HEALTH_CHECK_AFTER: float = env.float("DB_HEALTH_CHECK_AFTER", default=5.0)
REQUEST_THREADS: int = env.int("REQUEST_THREADS", default=4)
# The fast paths' page and record queries as server-side prepared statements (tenants/postgresql_backend/
# prepared.py): not parsed and planned again on every request. Off (0) behind a transaction-mode pooler.
DB_PREPARED_STATEMENTS: bool = env.bool("DB_PREPARED_STATEMENTS", default=True)
# One `SET search_path` per connection and tenant switch instead of one per statement; our backend
# (tenants/postgresql_backend) keeps it across set_tenant calls that do not change it. It is forgotten
# on close, rollback and savepoint rollback (a rolled-back SET is undone).
TENANT_LIMIT_SET_CALLS = True
DATABASES["default"].setdefault("TEST", {})["NAME"] = env.str("TEST_DATABASE_NAME", default="test_crm")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache, channels, celery ---------------------------------------------------

REDIS_URL: str | None = env.str("REDIS_URL", default=None)


def redis_url_for_test_worker(url: str, worker: str) -> str:
    """``url`` on the Redis database of pytest-xdist worker ``worker`` ("gw0" -> one past ``url``'s, ...).

    One database per worker because a test's ``cache.clear()`` empties its whole database (FLUSHDB)
    and the rate limits are reset between tests: on a shared one, workers would empty each other's.
    """
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{base + 1 + int(worker.removeprefix('gw'))}"))


# Exported, so that the tests' own Redis clients and the servers and workers they start use it too;
# TEST_REDIS_WORKER_DB keeps a subprocess (which inherits PYTEST_XDIST_WORKER) from moving it again.
_worker = env.str("PYTEST_XDIST_WORKER", default="")
if TESTING and REDIS_URL and _worker and not env.bool("TEST_REDIS_WORKER_DB", default=False):
    REDIS_URL = os.environ["REDIS_URL"] = redis_url_for_test_worker(REDIS_URL, _worker)
    os.environ["TEST_REDIS_WORKER_DB"] = "1"

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_FUNCTION": "django_tenants.cache.make_key",
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default=""),
        }
    }
    # The platform's keys (tenants/cache.py), in the same store, built as from schema ``public``.
    CACHES["platform"] = {**CACHES["default"], "KEY_FUNCTION": "tenants.cache.make_platform_key"}
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            # redis-py >= 6 reads with a 5 s socket timeout by default, which races channels-redis's 5 s
            # BZPOPMIN and kills idle consumers ("Timeout reading"): allow longer reads than that.
            # Each process receives all its realtime events on one channel (realtime/hub.py): room for bursts.
            "CONFIG": {"hosts": [{"address": REDIS_URL, "socket_timeout": 15}], "capacity": 5000, "expiry": 30},
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    # The test suite runs tasks in-process unless a test starts a real worker itself.
    CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=TESTING)
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "KEY_FUNCTION": "django_tenants.cache.make_key",
        }
    }
    CACHES["platform"] = {**CACHES["default"], "KEY_FUNCTION": "tenants.cache.make_platform_key"}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer", "CONFIG": {"capacity": 5000}}}
    CELERY_BROKER_URL = "memory://"
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# The queue this deployment's tasks go to and its workers read: deployments (or test runs) sharing one
# Redis keep apart by naming their own.
CELERY_TASK_DEFAULT_QUEUE: str = env.str("CELERY_QUEUE", default="celery")

# Realtime (GraphQL subscriptions over WebSocket, see realtime/).
# Events received but not yet sent to one connection; beyond this it is closed with code 4429.
REALTIME_MAX_PENDING_EVENTS: int = env.int("REALTIME_MAX_PENDING_EVENTS", default=500)
# Open connections re-check their token / session / membership this often (and on access_changed events).
REALTIME_ACCESS_RECHECK_SECONDS: float = env.float("REALTIME_ACCESS_RECHECK_SECONDS", default=60.0)
# A viewer of a record that stops refreshing (every TTL/3) is forgotten after this long.
REALTIME_PRESENCE_TTL_SECONDS: int = env.int("REALTIME_PRESENCE_TTL_SECONDS", default=30)
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]

# Outgoing webhooks (saas/integrations). Private, loopback, link-local, multicast and reserved addresses
# are refused unless this is on: only the test suite (and its e2e server) delivers to a local receiver.
WEBHOOKS_ALLOW_PRIVATE_ADDRESSES: bool = env.bool("WEBHOOKS_ALLOW_PRIVATE_ADDRESSES", default=TESTING)
# Attempts per delivery (the first one included); the wait doubles from WEBHOOKS_RETRY_BASE_SECONDS.
WEBHOOKS_MAX_ATTEMPTS: int = env.int("WEBHOOKS_MAX_ATTEMPTS", default=6)
WEBHOOKS_RETRY_BASE_SECONDS: int = env.int("WEBHOOKS_RETRY_BASE_SECONDS", default=30)
# An endpoint whose attempts failed this many times in a row is switched off and the admins told.
WEBHOOKS_DISABLE_AFTER_FAILURES: int = env.int("WEBHOOKS_DISABLE_AFTER_FAILURES", default=15)
WEBHOOKS_TIMEOUT_SECONDS: float = env.float("WEBHOOKS_TIMEOUT_SECONDS", default=10.0)
# Attempts at sending one e-mail reply or text (the outbox; waits as webhooks' retries) before it is failed.
OUTBOX_MAX_ATTEMPTS: int = env.int("OUTBOX_MAX_ATTEMPTS", default=5)

# --- authentication ------------------------------------------------------------

AUTH_USER_MODEL = "tenants.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    PASSWORD_HASHERS = ["saas.hashers.TestArgon2PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Bearer tokens for mobile clients and integrators: signed, expiring, revocable.
AUTH_TOKEN_TTL_SECONDS: int = env.int("AUTH_TOKEN_TTL_SECONDS", default=14 * 24 * 3600)
# Sign-in lockout: this many failures in a row lock the email address for LOGIN_LOCKOUT_SECONDS.
LOGIN_MAX_FAILURES: int = env.int("LOGIN_MAX_FAILURES", default=5)
LOGIN_LOCKOUT_SECONDS: int = env.int("LOGIN_LOCKOUT_SECONDS", default=15 * 60)
# One client address failing this often (across any emails) within the window is locked out too.
LOGIN_MAX_FAILURES_PER_IP: int = env.int("LOGIN_MAX_FAILURES_PER_IP", default=50)
# Password reset links (and "find my workspace" emails): a link is valid this long, and once.
PASSWORD_RESET_TIMEOUT: int = env.int("PASSWORD_RESET_TIMEOUT", default=3600)
# At most this many reset / find-workspace emails per address per PASSWORD_RESET_THROTTLE_SECONDS.
PASSWORD_RESET_MAX_REQUESTS: int = env.int("PASSWORD_RESET_MAX_REQUESTS", default=5)
PASSWORD_RESET_THROTTLE_SECONDS: int = env.int("PASSWORD_RESET_THROTTLE_SECONDS", default=3600)
INVITATION_TTL_SECONDS: int = env.int("INVITATION_TTL_SECONDS", default=7 * 24 * 3600)
TOTP_ISSUER: str = env.str("TOTP_ISSUER", default="CRM")
SESSION_COOKIE_AGE = 14 * 24 * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION

# --- email ---------------------------------------------------------------------
# Console in development; tests get Django's locmem outbox automatically.
EMAIL_BACKEND: str = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL: str = env.str("DEFAULT_FROM_EMAIL", default=f"no-reply@{BASE_DOMAIN}")

# --- i18n, static ----------------------------------------------------------------

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles" if PRODUCTION else None
# The web client's build (frontend/dist) is served from the site root by WhiteNoise: Vite's
# hashed files under /assets/, and the service worker and manifest at /, where a PWA needs them.
WEB_CLIENT_DIR = BASE_DIR / "frontend" / "dist"
WHITENOISE_ROOT = WEB_CLIENT_DIR if WEB_CLIENT_DIR.exists() else None
WHITENOISE_IMMUTABLE_FILE_TEST = r"^/?assets/.+-[0-9A-Za-z_-]{8,}\.\w+$"

# --- GraphQL ---------------------------------------------------------------------

GRAPHIQL: bool = env.bool("GRAPHIQL", default=DEBUG)
# Introspection (``__schema`` / ``__type``) for callers who are not signed in; off in production.
GRAPHQL_ANONYMOUS_INTROSPECTION: bool = env.bool("GRAPHQL_ANONYMOUS_INTROSPECTION", default=not PRODUCTION)
STRAWBERRY_DJANGO = {"MUTATIONS_DEFAULT_HANDLE_ERRORS": True}
# Rate limits (saas/ratelimits.py): token buckets of cost points, per workspace and per API key or
# member; a full bucket holds MAXIMUM points (at least the 10,000 of the costliest allowed query) and
# refills RESTORE_RATE points a second. A plan may set its own (saas.ratelimits.PLAN_RATE_LIMITS).
RATE_LIMIT_ENABLED: bool = env.bool("RATE_LIMIT_ENABLED", default=True)
RATE_LIMIT_TENANT_MAXIMUM: int = env.int("RATE_LIMIT_TENANT_MAXIMUM", default=200_000)
RATE_LIMIT_TENANT_RESTORE_RATE: float = env.float("RATE_LIMIT_TENANT_RESTORE_RATE", default=10_000)
RATE_LIMIT_MEMBER_MAXIMUM: int = env.int("RATE_LIMIT_MEMBER_MAXIMUM", default=50_000)
RATE_LIMIT_MEMBER_RESTORE_RATE: float = env.float("RATE_LIMIT_MEMBER_RESTORE_RATE", default=2_500)
RATE_LIMIT_API_KEY_MAXIMUM: int = env.int("RATE_LIMIT_API_KEY_MAXIMUM", default=50_000)
RATE_LIMIT_API_KEY_RESTORE_RATE: float = env.float("RATE_LIMIT_API_KEY_RESTORE_RATE", default=2_500)
# Public forms (the leads web form): submissions per client address and workspace, one point each.
RATE_LIMIT_PUBLIC_FORM_MAXIMUM: int = env.int("RATE_LIMIT_PUBLIC_FORM_MAXIMUM", default=10)
RATE_LIMIT_PUBLIC_FORM_RESTORE_RATE: float = env.float("RATE_LIMIT_PUBLIC_FORM_RESTORE_RATE", default=10 / 3600)

# Bulk exports (saas/kernel/bulk_exports.py): JSON-lines files written here, downloaded through a
# signed URL valid BULK_EXPORT_URL_TTL_SECONDS; each member runs at most one export at a time.
BULK_EXPORT_DIR: Path = Path(env.str("BULK_EXPORT_DIR", default=str(BASE_DIR / ".data" / "bulk_exports")))
# Bulk imports (saas.imports): uploaded files (unless ``STORAGES["imports"]`` names another storage), limits.
IMPORT_DIR: Path = Path(env.str("IMPORT_DIR", default=str(BASE_DIR / ".data" / "imports")))
IMPORT_MAX_BYTES: int = env.int("IMPORT_MAX_BYTES", default=50 * 1024 * 1024)
IMPORT_MAX_ROWS: int = env.int("IMPORT_MAX_ROWS", default=200_000)
# An uploaded file nobody imports is removed after this many hours (imported files are removed at once).
IMPORT_FILE_TTL_HOURS: int = env.int("IMPORT_FILE_TTL_HOURS", default=24)
BULK_EXPORT_URL_TTL_SECONDS: int = env.int("BULK_EXPORT_URL_TTL_SECONDS", default=7 * 24 * 3600)
# A completed export's file is removed this many days after it was written (the hourly expiry task).
BULK_EXPORT_KEEP_DAYS: int = env.int("BULK_EXPORT_KEEP_DAYS", default=7)
# Full workspace exports (saas.portability): finished zips (unless ``STORAGES["workspace_exports"]`` names another
# storage), written in WORKSPACE_EXPORT_TMP_DIR first; kept WORKSPACE_EXPORT_TTL_HOURS; links valid for
# WORKSPACE_EXPORT_URL_TTL_SECONDS (never past the file's expiry).
WORKSPACE_EXPORT_DIR: Path = Path(
    env.str("WORKSPACE_EXPORT_DIR", default=str(BASE_DIR / ".data" / "workspace_exports"))
)
WORKSPACE_EXPORT_TMP_DIR: str | None = env.str("WORKSPACE_EXPORT_TMP_DIR", default=None)
WORKSPACE_EXPORT_TTL_HOURS: int = env.int("WORKSPACE_EXPORT_TTL_HOURS", default=72)
WORKSPACE_EXPORT_URL_TTL_SECONDS: int = env.int("WORKSPACE_EXPORT_URL_TTL_SECONDS", default=3600)

# Attachments (saas.attachments): files on any record. On disk under ATTACHMENT_DIR (one folder per
# workspace) unless ATTACHMENT_STORAGE=s3, which keeps them in an S3 bucket through django-storages
# (install boto3; credentials from the usual AWS_* variables or the instance's role).
ATTACHMENT_STORAGE: str = env.str("ATTACHMENT_STORAGE", default="local")
ATTACHMENT_DIR: Path = Path(env.str("ATTACHMENT_DIR", default=str(BASE_DIR / ".data" / "attachments")))
ATTACHMENT_MAX_BYTES: int = env.int("ATTACHMENT_MAX_BYTES", default=25 * 1024 * 1024)
# Content types accepted, as sniffed from the bytes (saas/attachments/sniffing.py knows these).
ATTACHMENT_ALLOWED_TYPES: list[str] = env.list(
    "ATTACHMENT_ALLOWED_TYPES",
    default=[
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/webp",
        "application/pdf",
        "text/plain",
        "text/csv",
        "application/zip",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/msword",
    ],
)
# A callable (dotted path) that scans each upload before it is kept: (file, name) -> None, or raise
# saas.attachments.scanning.Infected. The default scans nothing; tests use ``refuse_eicar``.
ATTACHMENT_SCANNER: str = env.str("ATTACHMENT_SCANNER", default="saas.attachments.scanning.no_scan")
ATTACHMENT_URL_TTL_SECONDS: int = env.int("ATTACHMENT_URL_TTL_SECONDS", default=300)
if ATTACHMENT_STORAGE == "s3":
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        "attachments": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": env.str("ATTACHMENT_S3_BUCKET"),
                "region_name": env.str("ATTACHMENT_S3_REGION", default=None),
                "endpoint_url": env.str("ATTACHMENT_S3_ENDPOINT_URL", default=None),
                "location": env.str("ATTACHMENT_S3_PREFIX", default="attachments"),
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
            },
        },
    }

# Uploaded files (workspace logos) go through Django's default storage: on disk here unless STORAGES
# names another backend; the web client reads a logo from /branding/logo on the workspace's host.
MEDIA_ROOT: Path = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / ".data" / "media")))
MEDIA_URL = "/media/"

# --- billing -----------------------------------------------------------------------

# Without a secret key, billing talks to an in-process fake Stripe (saas/billing/fake_stripe.py): offline.
STRIPE_SECRET_KEY: str = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_WEBHOOK_SECRET: str = env.str("STRIPE_WEBHOOK_SECRET", default="")
# Signs the offline fake's webhook events when STRIPE_WEBHOOK_SECRET is unset (never Stripe's).
BILLING_OFFLINE_WEBHOOK_SECRET = "whsec_offline_fake_stripe"
BILLING_TRIAL_PLAN: str = env.str("BILLING_TRIAL_PLAN", default="pro")
BILLING_TRIAL_DAYS: int = env.int("BILLING_TRIAL_DAYS", default=14)
# Dunning: after a failed payment, days of grace, then days read-only, then suspended.
BILLING_GRACE_DAYS: int = env.int("BILLING_GRACE_DAYS", default=7)
BILLING_READ_ONLY_DAYS: int = env.int("BILLING_READ_ONLY_DAYS", default=14)
# A workspace's standing is cached this long (changes from Stripe drop it at once).
BILLING_STANDING_CACHE_SECONDS: int = env.int("BILLING_STANDING_CACHE_SECONDS", default=60)

# --- observability ---------------------------------------------------------------

SENTRY_DSN: str = env.str("SENTRY_DSN", default="")
LOG_LEVEL: str = env.str("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"tenant": {"()": "saas.logging.TenantLogFilter"}},
    "formatters": {"json": {"()": "saas.logging.JsonFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["tenant"], "formatter": "json"},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "uvicorn.access": {"level": "WARNING"},
        "stripe": {"level": "WARNING"},  # a line per API call otherwise
        "fontTools": {"level": "WARNING"},
        # httpx logs each request's URL at INFO: WeChat's API takes the AppSecret and access token in the query.
        "httpx": {"level": "WARNING"},  # a dozen lines per PDF set in the embedded CJK font otherwise
    },
}

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = 31536000
    SECURE_CONTENT_TYPE_NOSNIFF = True


def check_production_settings() -> None:
    """Refuse to start in production with settings that are unsafe there."""
    problems = []
    if SECRET_KEY == INSECURE_SECRET_KEY or len(SECRET_KEY) < 50:
        problems.append("SECRET_KEY must be set to a random value of at least 50 characters")
    if DEBUG:
        problems.append("DEBUG must be off")
    if GRAPHIQL:
        problems.append("GRAPHIQL must be off")
    if BASE_DOMAIN in {"localhost", "127.0.0.1"}:
        problems.append("BASE_DOMAIN must be the public domain name")
    if "DATABASE_URL" not in env:
        problems.append("DATABASE_URL must be set")
    if not REDIS_URL:
        problems.append("REDIS_URL must be set (channel layer, cache and Celery broker)")
    if problems:
        raise ImproperlyConfigured("Insecure production settings: " + "; ".join(problems))


if PRODUCTION:
    check_production_settings()

if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=DJANGO_ENV,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
        send_default_pii=False,
    )

WHITENOISE_USE_FINDERS = not PRODUCTION
