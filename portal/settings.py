"""One settings module for every environment, driven by environment variables.

Embedded default (nothing set): SQLite, tasks run in-process, mails on the console, DEBUG on.
Production: DJANGO_DEBUG=0 plus SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and REDIS_URL.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if DEBUG:
    SECRET_KEY = SECRET_KEY or "insecure-local-development-key-never-used-in-production"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["localhost", "127.0.0.1", "[::1]", "testserver"]
else:
    if not SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY must be set when DJANGO_DEBUG=0.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DJANGO_DEBUG=0.")

PORTAL_BASE_URL = env("PORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_filters",
    "django_prose_editor",
    "portal",
    "programmes",
    "quickscan",
    "workshops",
    "consultants",
    "offers",
    "network",
    "events",
    "publications",
    "newsletter",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "portal.middleware.RequestSizeLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "portal.pagecache.KeptMemberPageMiddleware",  # a member's kept page, before the user is read
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.middleware.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.middleware.SecondFactorRequiredMiddleware",
    "portal.pagecache.PublicPageCacheMiddleware",  # last: it serves kept pages from process_view
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
            ],
        },
    },
]
FORM_RENDERER = "portal.forms.PortalFormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # A Redis outage makes the cache miss instead of failing the request (portal/cache.py).
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": env("CACHE_URL", REDIS_URL.rsplit("/", 1)[0] + "/1"),
            "KEY_PREFIX": "portal",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "portal.validators.MaximumLengthValidator", "OPTIONS": {"max_length": 64}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:dashboard"

# django-allauth: email as the only login, verified addresses, throttled logins.
ACCOUNT_ADAPTER = "portal.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Lokale Democratie] "
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_FORMS = {"signup": "portal.account_forms.SignupForm"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Lokale Democratie"
# A code typed in the last seconds of its 30 s period still counts in the next one (RFC 6238, 5.2:
# one step back for transmission delay); each code is still accepted only once.
MFA_TOTP_TOLERANCE = 1
if DEBUG and env("DEMO_TOTP_BYPASS_CODE"):
    # Local demo only: allauth refuses this setting unless DEBUG is on.
    MFA_TOTP_INSECURE_BYPASS_CODE = env("DEMO_TOTP_BYPASS_CODE")
PORTAL_REQUIRE_SECOND_FACTOR = env_bool("PORTAL_REQUIRE_SECOND_FACTOR", True)

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
# The second holds formal Dutch for django-allauth's strings (ours first, so makemessages writes to locale/).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_overrides"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Lokale Democratie <noreply@lokaledemocratie.example.nl>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
STAFF_NOTIFICATION_EMAIL = env("STAFF_NOTIFICATION_EMAIL", "programmabureau@lokaledemocratie.example.nl")
if env("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env("EMAIL_HOST")
    EMAIL_PORT = int(env("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = env("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = 20
elif env("EMAIL_FILE_PATH"):
    # One file per sent batch in this directory: .ci/stack-check reads the invitation links from them.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env("EMAIL_FILE_PATH")
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Security headers. The Content-Security-Policy is set by portal.middleware (script nonces).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Sessions live in the database with a short-lived copy in the cache (portal/sessions.py): one Redis read
# per signed-in request instead of a query. The copy lives at most this long after it was written.
SESSION_ENGINE = "portal.sessions"
SESSION_CACHE_SECONDS = int(env("PORTAL_SESSION_CACHE_SECONDS", "300"))
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
if not DEBUG:
    SECURE_HSTS_SECONDS = int(env("DJANGO_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Behind our proxy the client's address is the last X-Forwarded-For entry (throttles, allauth's limits).
PORTAL_BEHIND_TLS_PROXY = env_bool("DJANGO_BEHIND_TLS_PROXY", False)
ALLAUTH_TRUSTED_PROXY_COUNT = 1 if PORTAL_BEHIND_TLS_PROXY else 0

# Celery. Without REDIS_URL tasks run eagerly in-process; the Job table keeps pending work either way.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"  # a host, or kombu warns that it supplied one
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Production keeps these defaults; the fault suite (.ci/fault-suite) lowers them so that a killed worker's lease
# (the hard limit + 60 s, below) runs out within its run.
CELERY_TASK_TIME_LIMIT = int(env("CELERY_TASK_TIME_LIMIT", "300"))
CELERY_TASK_SOFT_TIME_LIMIT = int(env("CELERY_TASK_SOFT_TIME_LIMIT", "240"))
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
# A broker outage must not hold a user's request: publish fails fast, the Job row stays pending.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "jobs-sweep": {"task": "portal.jobs.jobs_sweep_task", "schedule": float(env("PORTAL_JOB_SWEEP_SECONDS", "60"))},
    "quickscan-close-due": {"task": "quickscan.services.running.scans_close_due_task", "schedule": 900.0},
    "quickscan-forget-addresses": {
        "task": "quickscan.services.running.invitation_addresses_forget_task",
        "schedule": 3600.0,
    },
    "events-waitlist-sweep": {"task": "events.services.registration.waitlist_sweep_task", "schedule": 300.0},
    "events-reminders": {"task": "events.services.housekeeping.reminders_send_task", "schedule": 900.0},
    "events-pending-expire": {"task": "events.services.housekeeping.pending_registrations_expire_task", "schedule": 3600.0},
    "events-retention": {"task": "events.services.housekeeping.registrations_retention_task", "schedule": 86400.0},
    "publications-vocabulary": {"task": "publications.services.vocabulary_rebuild_task", "schedule": 86400.0},
    "newsletter-send-due": {"task": "newsletter.sending.editions_send_due_task", "schedule": 60.0},
    "newsletter-purge-unconfirmed": {"task": "newsletter.services.subscriptions_purge_task", "schedule": 3600.0},
}
# The programme's general contact, named in a Quick Scan report when the municipality's region has no consultant.
PORTAL_PROGRAMME_CONTACT_NAME = env("PORTAL_PROGRAMME_CONTACT_NAME", "Programmabureau Lokale Democratie")
PORTAL_PROGRAMME_CONTACT_EMAIL = env("PORTAL_PROGRAMME_CONTACT_EMAIL", "lokaledemocratie@example.nl")
PORTAL_PROGRAMME_CONTACT_PHONE = env("PORTAL_PROGRAMME_CONTACT_PHONE", "")
# Invitees' e-mail addresses are deleted this many days after their Quick Scan closed.
PORTAL_INVITATION_RETENTION_DAYS = int(env("PORTAL_INVITATION_RETENTION_DAYS", "30"))
# Registrations of events that ended longer ago than this are removed; anonymous counts stay.
PORTAL_EVENT_RETENTION_MONTHS = int(env("PORTAL_EVENT_RETENTION_MONTHS", "12"))
# The largest request body the portal accepts (a 20 MB attachment with its form); larger gets a 413 page.
PORTAL_MAX_REQUEST_BYTES = int(env("PORTAL_MAX_REQUEST_BYTES", str(21 * 1024 * 1024)))
# Public pages are kept whole for visitors without an account (portal/pagecache.py), and their large parts
# as fragments; a change through the portal shows at once, anything else within this many seconds.
PORTAL_PAGE_CACHE_SECONDS = int(env("PORTAL_PAGE_CACHE_SECONDS", "60"))
# Signed-in members' pages are kept per session too, until anything is written (portal/pagecache.py).
PORTAL_MEMBER_PAGES_KEPT = env_bool("PORTAL_MEMBER_PAGES_KEPT", True)
PORTAL_JOB_STALE_SECONDS = int(env("PORTAL_JOB_STALE_SECONDS", "120"))
# A claimed job is not handed out again for this long: past the hard time limit, so never while it runs.
PORTAL_JOB_LEASE_SECONDS = CELERY_TASK_TIME_LIMIT + 60
PORTAL_JOB_MAX_ATTEMPTS = int(env("PORTAL_JOB_MAX_ATTEMPTS", "8"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # No log line shows a token or key (portal.log_redaction.py).
    "filters": {"redact": {"()": "portal.log_redaction.RedactSecretsFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.security.DisallowedHost": {"level": "ERROR"},
        # Redacted where they are logged, so that every handler (also a test's) sees the clean line.
        "django.request": {"filters": ["redact"]},
        "django.server": {"filters": ["redact"]},
        # Quiet in normal use: no line per finished task (failures are still logged) and no WeasyPrint
        # progress lines per PDF page; their warnings and errors still come through.
        "celery.app.trace": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
