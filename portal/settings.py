"""Zorgportaal settings, read from the environment (django-environ).

With nothing set the portal runs for a demo: SQLite, Celery tasks executed eagerly, e-mail on the
console. `DATABASE_URL` and `REDIS_URL` switch to PostgreSQL and Redis; `DJANGO_DEBUG=0` with a
real `DJANGO_SECRET_KEY` is production mode and passes `manage.py check --deploy`.
Every variable is listed in `.env.example`.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env")

# --- Core -------------------------------------------------------------------------------------
DEBUG = env.bool("DJANGO_DEBUG", default=True)
# Production mode is fixed at start-up; Django's test runner flips DEBUG but not this.
PRODUCTION = not DEBUG
_DEV_SECRET = "insecure-demo-key-only-for-local-use-never-in-production"  # noqa: S105
SECRET_KEY = env("DJANGO_SECRET_KEY", default=_DEV_SECRET if DEBUG else environ.Env.NOTSET)
ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "csp",
    # Ours, in dependency order: accounts <- messaging, questionnaires <- the feature apps.
    "portal",
    "accounts",
    "messaging",
    "questionnaires",
    "dashboards",
    "excel_intake",
    "gp_accessibility",
    "parent_portal",
    "client_portal",
    "registration",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.UserSessionActivityMiddleware",
    "accounts.middleware.SessionTimeoutMiddleware",
    "accounts.middleware.ActiveMembershipMiddleware",
    "accounts.middleware.RequireMFAMiddleware",
    "accounts.middleware.AuditRefusalMiddleware",
    "accounts.middleware.NoStoreWhenLoggedInMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "portal.middleware.PermissionsPolicyMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

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
                "csp.context_processors.nonce",
                "portal.context_processors.portal",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    # SQLite waits for a writer instead of failing at once (runserver is threaded).
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

# --- Redis: cache, sessions, Celery ---------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
CACHE_KEY_PREFIX = env("CACHE_KEY_PREFIX", default="zp")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = timedelta(days=1)
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
CELERY_TIMEZONE = "Europe/Brussels"
CELERY_TASK_DEFAULT_QUEUE = "default"
# Separate queues per kind of work, so a slow rebuild never delays a reminder.
CELERY_TASK_ROUTES = {
    "*.aggregation.*": {"queue": "aggregation"},
    "*.email.*": {"queue": "email"},
    "*.retention.*": {"queue": "retention"},
}
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
# Every periodic job, in one place.
CELERY_BEAT_SCHEDULE = {
    "audit-retention": {
        "task": "accounts.retention.apply_audit_retention",
        "schedule": crontab(hour=3, minute=30),
    },
    "end-sessions-without-access": {
        "task": "accounts.end_sessions_without_access",
        "schedule": crontab(hour=0, minute=5),
    },
    "clear-expired-sessions": {
        "task": "accounts.retention.clear_expired_sessions",
        "schedule": crontab(hour=4, minute=0),
    },
    "nudge-stale-contact-persons": {
        "task": "accounts.email.nudge_stale_contact_persons",
        "schedule": crontab(day_of_week="mon", hour=8, minute=0),
    },
    "parent-portal-reminders": {
        "task": "parent_portal.email.send_due_reminders",
        "schedule": crontab(minute="*/15"),
    },
    "parent-portal-close-at-twelve": {
        "task": "parent_portal.close_portals_at_twelve",
        "schedule": crontab(hour=0, minute=15),
    },
    "questionnaire-round-notices": {
        "task": "questionnaires.email.send_round_notices",
        "schedule": crontab(minute=5),
    },
    "questionnaire-rounds-close": {
        "task": "questionnaires.close_rounds_past_deadline",
        "schedule": crontab(minute="*/15"),
    },
    "questionnaire-retention": {
        "task": "questionnaires.retention.delete_expired_responses",
        "schedule": crontab(hour=3, minute=45),
    },
    "gp-list-validation-purge": {
        "task": "excel_intake.retention.purge_validation_runs",
        "schedule": crontab(hour=2, minute=45),
    },
    # Time registration: a reminder at the end of a working day without entries.
    "registration-daily-nudges": {
        "task": "registration.email.send_daily_nudges",
        "schedule": crontab(hour=17, minute=30, day_of_week="mon-fri"),
    },
    # Time registration: raw entries and cost data go on the study's deletion date.
    "registration-delete-raw-data": {
        "task": "registration.retention.delete_expired_raw_data",
        "schedule": crontab(hour=2, minute=45),
    },
    # Dashboards: dirty bureau-days within a minute (also enqueued on every schedule write), and
    # a full rebuild at night that recomputes whatever a refresh could have missed.
    "dashboards-refresh-dirty-days": {
        "task": "dashboards.aggregation.refresh_dirty_days",
        "schedule": crontab(minute="*"),
    },
    "dashboards-rebuild-facts": {
        "task": "dashboards.aggregation.rebuild_facts",
        "schedule": crontab(hour=2, minute=15),
    },
    "client-portal-close-ended-trajectories": {
        "task": "client_portal.close_ended_trajectories",
        "schedule": crontab(hour=0, minute=20),
    },
}

# --- Parent portal --------------------------------------------------------------------------
# SMS reminders: a class with send(phone, text); the default keeps messages in memory.
PARENT_PORTAL_SMS_SENDER = env(
    "PARENT_PORTAL_SMS_SENDER", default="parent_portal.reminders.MemorySmsSender"
)
# Key of the research pseudonyms of questionnaire answers (defaults to SECRET_KEY).
RESEARCH_PSEUDONYM_KEY = env("RESEARCH_PSEUDONYM_KEY", default="")

# --- E-mail ---------------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Zorgportaal <no-reply@zorgportaal.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = 10

# --- Authentication -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",  # Argon2id
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# NIST SP 800-63B: length, a block list and context words; no composition rules by default.
PASSWORD_CONTEXT_WORDS = ["zorgportaal", "consultatiebureau", "kind en gezin", "opgroeien"]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "first_name", "last_name")},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "accounts.password_validation.MaximumLengthValidator"},
    {"NAME": "accounts.password_validation.CommonPasswordWithDecorationsValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.password_validation.ContextWordsValidator"},
    {"NAME": "accounts.password_validation.OrganisationSpecialCharacterValidator"},
]

ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_REAUTHENTICATION_TIMEOUT = 5 * 60
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Zorgportaal] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
ACCOUNT_RATE_LIMITS = {
    # The key is the e-mail typed in: a changed X-Forwarded-For does not reset it.
    "login_failed": "20/5m/ip,5/5m/key",
    "login": "30/m/ip",
    "reset_password": "10/5m/ip,3/5m/key",
    "reset_password_from_key": "20/m/ip",
    "reauthenticate": "10/m/user",
}
MFA_ADAPTER = "accounts.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_TOTP_ISSUER = "Zorgportaal"
MFA_TOTP_TOLERANCE = 0  # a code lives 30 s and is accepted once
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
# Key for the TOTP secrets at rest; derived from SECRET_KEY when not given separately.
MFA_ENCRYPTION_KEY = env("MFA_ENCRYPTION_KEY", default="")
USERSESSIONS_TRACK_ACTIVITY = True

# Government identity providers (itsme/CSAM over OpenID Connect, DigiD over SAML) plug in through
# allauth.socialaccount; they are switched on by settings only (see README).
GOV_IDP_OIDC_PROVIDERS = env.json("GOV_IDP_OIDC_PROVIDERS", default=[])
if GOV_IDP_OIDC_PROVIDERS:
    INSTALLED_APPS += [
        "allauth.socialaccount",
        "allauth.socialaccount.providers.openid_connect",
    ]
    SOCIALACCOUNT_ADAPTER = "accounts.government_idp.GovernmentIdentityAdapter"
    SOCIALACCOUNT_ONLY = False
    SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
    SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
    SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": GOV_IDP_OIDC_PROVIDERS}}

# --- Sessions -------------------------------------------------------------------------------------
SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=12)
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_TIMEOUT.total_seconds())
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Audit log ------------------------------------------------------------------------------------
# Events are kept at least ten years (NEN 7513, the agency's promise); a system check refuses less.
AUDIT_RETENTION_YEARS = env.int("AUDIT_RETENTION_YEARS", default=10)

# --- Time registration ------------------------------------------------------------------------
# Key of the pseudonyms in reports and research exports (HMAC). Derived from the secret key when
# empty; set it so pseudonyms stay the same when the secret key is rotated.
REGISTRATION_PSEUDONYM_KEY = env("REGISTRATION_PSEUDONYM_KEY", default="")

# --- REST API -------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": "1000/hour"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Zorgportaal API",
    "DESCRIPTION": "API of Zorgportaal. Every endpoint is scoped to the caller's rights.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Internationalisation -------------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Brussels"
# Off: with it on, every integer in a template (ids in links, hidden inputs, data attributes)
# would render as "3.139" above 999. Counts that need grouping use |intcomma (locale-aware).
USE_THOUSAND_SEPARATOR = False
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and uploaded files --------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    # plotly.min.js from the installed plotly package, as /static/vendor/plotly/plotly.min.js.
    "portal.lib.plotly_static.PlotlyFinder",
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Outside production, whitenoise serves straight from the app folders (no collectstatic).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- GP lists (excel_intake) and messages -------------------------------------------------------
# RIZIV qualification codes (last 3 digits) accepted for general practitioners: 003/004 is the
# recognised GP (004 accredited); 005-009 cover the other GP codes (acquired rights, GPs in
# training). The agency confirms or changes the list through the environment.
EXCEL_INTAKE_GP_QUALIFICATION_CODES = env.list(
    "EXCEL_INTAKE_GP_QUALIFICATION_CODES",
    default=["003", "004", "005", "006", "007", "008", "009"],
)
EXCEL_INTAKE_MAX_UPLOAD_MB = env.int("EXCEL_INTAKE_MAX_UPLOAD_MB", default=20)
EXCEL_INTAKE_MAX_ROWS = env.int("EXCEL_INTAKE_MAX_ROWS", default=120_000)
# Files up to this size are checked within the request; larger ones by a Celery worker.
EXCEL_INTAKE_SYNC_MAX_BYTES = env.int("EXCEL_INTAKE_SYNC_MAX_BYTES", default=256 * 1024)
EXCEL_INTAKE_RUN_RETENTION_DAYS = 7
# Where help questions go: the code of the agency organisation that runs the helpdesk.
MESSAGING_HELPDESK_ORGANISATION = env("MESSAGING_HELPDESK_ORGANISATION", default="agency")
MESSAGING_MAX_ATTACHMENT_MB = env.int("MESSAGING_MAX_ATTACHMENT_MB", default=5)

# --- GP accessibility (gp_accessibility) ----------------------------------------------------------
# The questionnaire whose closed rounds feed the results, and one full-time week of patient contact.
GP_ACCESSIBILITY_QUESTIONNAIRE = env(
    "GP_ACCESSIBILITY_QUESTIONNAIRE", default="toegankelijkheid-huisartsenzorg"
)
GP_ACCESSIBILITY_FTE_HOURS = env.float("GP_ACCESSIBILITY_FTE_HOURS", default=38.0)
GP_ACCESSIBILITY_MAX_UPLOAD_MB = env.int("GP_ACCESSIBILITY_MAX_UPLOAD_MB", default=10)

# --- Client portal (mental-health care) -------------------------------------------------------
# Largest document a client or practitioner may upload to a dossier.
CLIENT_PORTAL_MAX_UPLOAD_MB = env.int("CLIENT_PORTAL_MAX_UPLOAD_MB", default=10)

# --- Security headers -----------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CSRF_COOKIE_HTTPONLY = True
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# --- Logging: JSON lines to stdout, never personal data -------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    "filters": {"no_personal_data": {"()": "portal.logging.DropRequestDetailsFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["no_personal_data"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.server": {"level": "WARNING"},
    },
}
