"""Settings shared by every environment; each value that differs comes from the environment."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

WEB_DIR = Path(__file__).resolve().parents[2]
PROJECT_DIR = WEB_DIR.parents[2]
VAR_DIR = Path(os.environ.get("NEEDSFIRST_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").strip().lower() in {"1", "true", "yes"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "needsfirst.web.common",
    "needsfirst.web.accounts",
    "needsfirst.web.audit",
    "needsfirst.web.cases",
    "needsfirst.web.screening",
    "needsfirst.web.assistance",
    "needsfirst.web.referrals",
    "needsfirst.web.claims",
    "needsfirst.web.inspection",
    "needsfirst.web.nrm",
    "needsfirst.web.recruitment",
    "needsfirst.web.handover",
    "needsfirst.web.linkage",
    "needsfirst.web.exchange",
    "needsfirst.web.dedup",
    "needsfirst.web.api",
    "needsfirst.web.statistics",
    "needsfirst.web.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "needsfirst.web.common.middleware.NoStoreMiddleware",
    "needsfirst.web.accounts.middleware.IdleTimeoutSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "needsfirst.web.accounts.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "needsfirst.web.audit.middleware.AuditNotFoundMiddleware",
    "needsfirst.web.cases.middleware.CaseReadOnlyMiddleware",
]

ROOT_URLCONF = "needsfirst.web.config.urls"
WSGI_APPLICATION = "needsfirst.web.config.wsgi.application"

# Form widgets render through the project's templates, so needsfirst can reword Django's own
# (an empty choice reads "Choose…", never "---------"): templates/django/forms/widgets/.
# Django's plain widget templates are written in Python by this renderer (the same HTML; the
# screening form has about 500 widgets and options): common/renderer.py.
FORM_RENDERER = "needsfirst.web.common.renderer.FastWidgetRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "needsfirst.web.accounts.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'needsfirst.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        # A kept connection that the database dropped (a restart, a fail-over) is noticed at
        # the next request and replaced, so the application recovers without a restart.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite takes one writer at a time. A transaction that reads first and writes later (as
    # an intake does) cannot wait for the write lock once it holds a read lock, and fails at
    # once with "database is locked"; IMMEDIATE takes the write lock at BEGIN, so concurrent
    # writers queue for up to `timeout` seconds instead.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": int(os.environ.get("SQLITE_BUSY_TIMEOUT_SECONDS", "20")),
        **DATABASES["default"].get("OPTIONS", {}),
    }
if os.environ.get("DATABASE_REPLICA_URL"):
    # A streaming replica for the statistics tables' reads (config/routers.py); the tests
    # read the primary through it (MIRROR), as a replica with no lag would.
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["needsfirst.web.config.routers.StatisticsReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout after repeated failures (django-axes), counted over AXES_COOLOFF_TIME: five wrong
# passwords for one user name from one address lock it from that address; twenty for one user
# name from any addresses lock the account everywhere, so spreading guesses over many addresses
# does not help. `accounts.lockout.failure_limit` picks the limit that applies to a request.
# Unlock: the "Locked accounts" page (organisation administrators and supervisors) or
# `manage.py unlock_account USERNAME`; see docs/security.md, "Locked out".
NEEDSFIRST_LOCKOUT_PER_ADDRESS = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
NEEDSFIRST_LOCKOUT_PER_ACCOUNT = int(os.environ.get("AXES_ACCOUNT_FAILURE_LIMIT", "20"))
# Exports, API tokens, merges and unlocks ask for the password again after this many minutes.
NEEDSFIRST_REAUTHENTICATE_MINUTES = int(os.environ.get("NEEDSFIRST_REAUTHENTICATE_MINUTES", "10"))
AXES_FAILURE_LIMIT = "needsfirst.web.accounts.lockout.failure_limit"
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.5"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
# A right password alone does not clear the count: wrong second-factor codes (sign-in, backup
# codes, re-authentication) count too, and the count is cleared once both steps succeed
# (`accounts.lockout.failures_clear`), so holding the password does not buy new guesses.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_SENSITIVE_PARAMETERS = ["password", "token", "otp_token"]

# Idle session timeout: the session lives IDLE minutes from its last renewal; a request renews
# it when the last renewal is SESSION_RENEWAL_SECONDS old or more (not at every request, which
# wrote the session's row for every page): accounts/middleware.py, IdleTimeoutSessionMiddleware.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_MINUTES", "30")) * 60
SESSION_RENEWAL_SECONDS = 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "needsfirst.web.accounts.views.csrf_failure"

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français"), ("es", "Español"), ("ar", "العربية")]
LOCALE_PATHS = [PROJECT_DIR / "locale"]
USE_I18N = True
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [WEB_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Field encryption keys: comma-separated, newest first (see docs/security.md).
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS")

# Background jobs: inline (run at once, in the request) or on Redis through RQ.
JOBS_INLINE = env_bool("JOBS_INLINE", default=True)
# Webhooks never go to loopback, private, link-local or reserved addresses (docs/api.md); only
# tests that stand in for a partner's server may lift that.
WEBHOOKS_ALLOW_PRIVATE = False
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "needsfirst@localhost")

OTP_TOTP_ISSUER = "needsfirst"

REST_FRAMEWORK = {
    # A system's token first (docs/api.md), then the browser session of a person.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "needsfirst.web.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["needsfirst.web.api.permissions.IsVerifiedStaff"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "needsfirst.web.api.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "needsfirst.web.api.authentication.TokenRateThrottle",
        "needsfirst.web.api.authentication.StaffRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"user": "600/minute", "token": "300/minute"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "needsfirst API",
    "DESCRIPTION": "Cases, people and consents of the organisation you work for.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema is served like the API itself: signed in with two factors, in a case role.
    "SERVE_PERMISSIONS": ["needsfirst.web.api.permissions.IsVerifiedStaff"],
    "ENUM_NAME_OVERRIDES": {
        "CaseStatusEnum": "needsfirst.web.cases.models.CaseStatus",
        "ReferralStatusEnum": "needsfirst.web.referrals.models.ReferralStatus",
        "EventTypeEnum": "needsfirst.web.api.models.EventType",
        # The national referral mechanism and the hand-over (web/api/nrm.py, handover.py).
        "SectionsEnum": "needsfirst.web.cases.models.CaseShareSection",
        "NrmKindEnum": "needsfirst.web.nrm.models.NrmKind",
        "NrmStatusEnum": "needsfirst.web.nrm.models.NrmStatus",
        "NrmStageEnum": "needsfirst.web.nrm.models.Stage",
        "ExploitationEnum": "needsfirst.web.nrm.models.Exploitation",
        "NrmRequestKindEnum": "needsfirst.web.nrm.models.ChallengeKind",
        "NrmRequestOutcomeEnum": "needsfirst.web.nrm.models.ChallengeOutcome",
        "NrmAnswerEnum": "needsfirst.web.api.nrm.ANSWERS",
        "HandoverKindEnum": "needsfirst.web.handover.models.HandoverKind",
        "HandoverStatusEnum": "needsfirst.web.handover.models.HandoverStatus",
        "HandoverSectionEnum": "needsfirst.web.handover.models.HandoverSection",
        "HandoverFollowUpOutcomeEnum": "needsfirst.web.handover.models.FollowUpOutcome",
        "ReferralOutcomeEnum": "needsfirst.web.referrals.models.ReferralOutcome",
        "PayBasisEnum": "needsfirst.web.claims.forms.PAY_BASIS_CHOICES",
        "ReleaseKindEnum": "needsfirst.web.statistics.models.ReleaseKind",
    },
}

# Logs carry no personal data: no request bodies, no query strings; a filter removes them.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_personal_data": {"()": "needsfirst.web.audit.logging.RedactRequestFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["no_personal_data"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.security.DisallowedHost": {"handlers": ["console"], "level": "ERROR"},
    },
}

NEEDSFIRST_PAGE_SIZE = 25
# Statistics: a count under this is not shown (and others are hidden with it, see
# docs/statistics.md). Releases for partners use k = 11 by default and never less than this.
NEEDSFIRST_STATISTICS_MIN_CELL = int(os.environ.get("NEEDSFIRST_STATISTICS_MIN_CELL", "5"))
# The privacy budget of DP releases per organisation and period, where the organisation has no
# budget of its own (docs/statistics.md, "The privacy budget").
NEEDSFIRST_PRIVACY_BUDGET_EPSILON = float(
    os.environ.get("NEEDSFIRST_PRIVACY_BUDGET_EPSILON", "3.0")
)
NEEDSFIRST_PRIVACY_BUDGET_PERIOD_DAYS = int(
    os.environ.get("NEEDSFIRST_PRIVACY_BUDGET_PERIOD_DAYS", "365")
)
NEEDSFIRST_DEMO_MODE = env_bool("NEEDSFIRST_DEMO_MODE")
