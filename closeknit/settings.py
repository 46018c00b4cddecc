"""Settings for closeknit, driven by the environment.

One box (the default): SQLite in the local data folder, SqliteHuey, database cache, console email.
A team: DATABASE_URL (PostgreSQL), REDIS_URL (cache, rate limits, huey), EMAIL_HOST (SMTP).
Nothing outside this file knows which of the two it runs on.
"""

from __future__ import annotations

import os
import secrets
from email.utils import parseaddr
from pathlib import Path

import dj_database_url

from closeknit.core.content import LANGUAGES as CONTENT_LANGUAGES

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("CLOSEKNIT_DATA_DIR", BASE_DIR / "data"))
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    """Use SECRET_KEY from the environment, else one generated once and kept in the data folder."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = DATA_DIR / "secret-key"
    if not path.exists():
        try:  # private from the first byte; O_EXCL: of two processes starting at once, one writes it
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("DEBUG", False)
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.headless",
    "auditlog",
    "django_htmx",
    "huey.contrib.djhuey",
    "ninja",
    "closeknit.core",
    "closeknit.accounts",
    "closeknit.safety",
    "closeknit.couples",
    "closeknit.checkins",
    "closeknit.nudges",
    "closeknit.assessments",
    "closeknit.practices",
    "closeknit.clinic",
    "closeknit.desires",
    "closeknit.insights",
    "closeknit.api",
    "closeknit.webapp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "closeknit.core.lean.WhiteNoise",
    "closeknit.accounts.middleware.RetryAfterMiddleware",
    "closeknit.core.middleware.KeyRingMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After the session: a browser that carries the exit mark but still holds a session is signed out here.
    "closeknit.safety.middleware.QuickExitMiddleware",
    # A visitor's language from their choice (cookie) or browser; a signed-in person's own setting wins
    # below, in PersonPreferencesMiddleware.
    "django.middleware.locale.LocaleMiddleware",
    "closeknit.core.lean.Common",
    "closeknit.core.lean.Csrf",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "closeknit.accounts.middleware.PersonPreferencesMiddleware",
    "closeknit.core.lean.Messages",
    "closeknit.core.lean.XFrameOptions",
    "allauth.account.middleware.AccountMiddleware",
    "closeknit.core.lean.Htmx",
    "auditlog.middleware.AuditlogMiddleware",
    "closeknit.core.middleware.SecurityHeadersMiddleware",
]

# Paths that skip the middleware only pages need (closeknit/core/lean.py): the JSON API.
LEAN_PATHS = ("/api/",)
# Django finds the CSRF and frame middleware by their dotted paths; ours subclass them (core/lean.py), and
# closeknit/core/checks.py fails the start-up if either protection is missing.
SILENCED_SYSTEM_CHECKS = ["security.W002", "security.W003"]

ROOT_URLCONF = "closeknit.urls"
WSGI_APPLICATION = "closeknit.wsgi.application"

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
                "closeknit.safety.context.safety",
            ],
            # `lang_attr` marks what a person wrote with its own language on every page (webapp/templatetags).
            "builtins": ["closeknit.webapp.templatetags.written"],
        },
    }
]

# --- database -------------------------------------------------------------------------------
SQLITE_PATH = DATA_DIR / "closeknit.sqlite3"


def _private_file(path: Path) -> None:
    """Make a database file its owner's alone before SQLite first opens it: SQLite gives the -wal and
    -shm files the database file's mode, so all three stay 0600 (as the key files are)."""
    try:
        if not path.exists():
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        elif path.stat().st_mode & 0o077:
            path.chmod(0o600)  # left readable by an older version
    except OSError:  # a read-only or foreign-owned data folder: SQLite reports what matters, if anything
        pass


if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60, conn_health_checks=True)}
else:
    _private_file(SQLITE_PATH)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,  # type: ignore[typeddict-item]  # Django takes a Path here as well as a str
            # Keep each worker's connection: opening one (and running the PRAGMAs) cost ~18% of a check-in
            # write. Safe with granian's one blocking thread per worker; health checks drop a broken one.
            "CONN_MAX_AGE": None,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock at BEGIN so
                # concurrent writers queue on busy_timeout instead of failing with "database is locked".
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                # A 64 MiB page cache and reads through mmap: SQLite's 2 MiB default sent the caseload's
                # index walks back to the OS for pages on every view (bench/caseload_bench.py).
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                    " PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456;"
                    # Deleted rows are overwritten, not left in free pages: a deleted account's email must
                    # not survive in the file (Debian's SQLite already defaults to this; others may not).
                    " PRAGMA secure_delete=ON;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# --- cache, rate limits, tasks -----------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    HUEY = {"huey_class": "huey.RedisHuey", "name": "closeknit", "url": REDIS_URL, "immediate": False}
else:
    # A database cache is shared by every process on the box, which allauth's rate limits need.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "closeknit_cache"}}
    _private_file(DATA_DIR / "huey.sqlite3")
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "closeknit",
        "filename": str(DATA_DIR / "huey.sqlite3"),
        "immediate": False,
    }
# REDIS_KEY_PREFIX lets two deployments (or a test) share one Redis without meeting: it prefixes the
# cache's keys and names the huey queue apart.
if REDIS_URL and (_redis_prefix := os.environ.get("REDIS_KEY_PREFIX", "")):
    CACHES["default"]["KEY_PREFIX"] = _redis_prefix
    HUEY["name"] = _redis_prefix + "closeknit"
if _env_bool("HUEY_IMMEDIATE", False):
    HUEY["immediate"] = True

SESSION_ENGINE = "closeknit.core.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = _env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# --- accounts ------------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "closeknit: "
ACCOUNT_ADAPTER = "closeknit.accounts.adapter.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "closeknit.accounts.forms.SignupExtras"
# Counted per real client address (see TRUSTED_PROXY_COUNT) and per account. Wrong passwords for one address
# pause password logins to it for a few minutes, from anywhere; its owner still gets in at once with an
# emailed one-time code, whose requests are counted per address only, so nobody can keep them from coming.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "login": "30/m/ip",
    "signup": "20/m/ip",
    "confirm_email": "3/m/key,10/h/key",
    "reset_password": "5/m/ip,3/5m/key",
    "reset_password_from_key": "20/m/ip",
    "request_login_code": "5/m/ip,30/h/ip",
}
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 10 * 60  # long enough to switch to the mail app on a phone and back
# Verifying an address and resetting a password take a code from the email, typed where it was asked for:
# an app cannot open a web link, and a code works only in the browser (or app session) that asked for it.
# Each code allows 3 wrong tries; verification codes last 15 minutes (allauth's default), reset codes 10,
# like login codes. A new verification code costs one of "confirm_email" above, per address.
# (allauth allows codes only when verification is mandatory; a load test that turns verification off gets
# no codes and no verification mail at all.)
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = ACCOUNT_EMAIL_VERIFICATION == "mandatory"
ACCOUNT_EMAIL_VERIFICATION_SUPPORTS_RESEND = True
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = True
ACCOUNT_PASSWORD_RESET_BY_CODE_TIMEOUT = 10 * 60
# How many proxies of our own stand in front of the app and append to X-Forwarded-For (0: the header is
# ignored and REMOTE_ADDR is the client). Behind the one TLS proxy of docs/operations.md, set 1.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "closeknit"
HEADLESS_ONLY = False
HEADLESS_CLIENTS = ("app", "browser")
# allauth describes its own app and browser routes at /_allauth/openapi.json (and .yaml), linked from
# /api/openapi.json. Not its HTML page: that loads a viewer from a CDN, and nothing here does.
HEADLESS_SERVE_SPECIFICATION = True
HEADLESS_SPECIFICATION_TEMPLATE_NAME = None
HEADLESS_TOKEN_STRATEGY = "closeknit.api.tokens.OneQuerySessionTokens"
# The links allauth writes into emails, on the site's own address whatever Host a request named (codes,
# not links, verify addresses and reset passwords: see ACCOUNT_*_BY_CODE_ENABLED).
HEADLESS_FRONTEND_URLS = {
    "account_reset_password": SITE_URL + "/accounts/password/reset/",
    "account_signup": SITE_URL + "/accounts/signup/",
}
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"

# --- email ---------------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "closeknit <hello@closeknit.localhost>")
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
    EMAIL_TIMEOUT = 10
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# --- online sessions (self-hosted Jitsi Meet) -----------------------------------------------------
# With JITSI_URL set, an online session whose clinician has no room link of their own meets in a fresh,
# unguessable room there; with JITSI_APP_SECRET too, each participant's link carries a signed token.
JITSI_URL = os.environ.get("JITSI_URL", "").rstrip("/")
JITSI_APP_ID = os.environ.get("JITSI_APP_ID", "closeknit")
JITSI_APP_SECRET = os.environ.get("JITSI_APP_SECRET", "")

# --- secrets at rest -----------------------------------------------------------------------------
# Keys for encrypted free text live apart from SECRET_KEY: FIELD_ENCRYPTION_KEYS (comma-separated,
# newest first) or, on one box, a file in the data folder created on first use.
FIELD_KEYS_FILE = Path(os.environ.get("FIELD_KEYS_FILE", DATA_DIR / "field-keys"))
# Each process stats the key file at most this often and re-reads it when it changed, and tells the
# database which keys it holds this often, so `rotate_field_keys` can run while the site serves.
FIELD_KEYS_CHECK_SECONDS = float(os.environ.get("FIELD_KEYS_CHECK_SECONDS", "1"))
FIELD_KEYS_HEARTBEAT_SECONDS = float(os.environ.get("FIELD_KEYS_HEARTBEAT_SECONDS", "10"))

# --- i18n, static ----------------------------------------------------------------------------------
LANGUAGE_CODE = "en"
# The codes come from closeknit.core.content (content is checked without Django, so the list lives there);
# each name is in its own language: a person looking for theirs reads it in the list.
LANGUAGE_NAMES = {"en": "English", "es": "Español"}
LANGUAGES = [(code, LANGUAGE_NAMES[code]) for code in CONTENT_LANGUAGES]
# One catalog for the product (locale/es/LC_MESSAGES/django.po); `make` compiles it (docs/decisions.md).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if _env_bool("PLAIN_STATIC", False):
    STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- transport -------------------------------------------------------------------------------------
# SECURE_COOKIES=1 means the site is served over HTTPS only: plain-http requests are redirected and
# browsers are told (HSTS, a year) never to use http again. Unset (one box on a laptop), nothing changes.
# /healthz stays answerable over http so a load balancer's or a local health check needs no TLS.
# Behind a TLS proxy, BEHIND_TLS_PROXY=1 says the proxy sets X-Forwarded-Proto (and drops any value a
# client sent): without it Django sees every request as http and would redirect forever.
SECURE_SSL_REDIRECT = SESSION_COOKIE_SECURE
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31_536_000 if SESSION_COOKIE_SECURE else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = _env_bool("SECURE_HSTS_PRELOAD", True)
if _env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


# Quick exit: a neutral page off this site (docs/decisions.md says why this one), and how long after an exit
# this browser is sent there instead of to any page of ours (seconds; 0 turns the hold off).
QUICK_EXIT_URL = os.environ.get("QUICK_EXIT_URL", "https://www.google.com/search?q=weather")
QUICK_EXIT_HOLD = int(os.environ.get("QUICK_EXIT_HOLD", "600"))
CRISIS_RESOURCES_FILE = BASE_DIR / "content" / "crisis_resources.yaml"  # the one content file a deployment may replace
DEFAULT_COUNTRY = os.environ.get("DEFAULT_COUNTRY", "US")

NINJA_PAGINATION_PER_PAGE = 30

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- uploaded media (clinician photos) -------------------------------------------------------------
# Files people upload live in the data folder, apart from the code. The one box serves clinician photos
# itself at /media/clinic/<name> (closeknit.clinic.views.media); behind a proxy, it may serve
# MEDIA_ROOT/clinic/ directly with the same headers.
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"

# --- Web Push (closeknit.nudges.push) ----------------------------------------------------------------
# The VAPID key pair is made on first use in the data folder (0600), like the secret and field keys.
# The subject is how a push service can reach the operator: a mailto: or https: address.
VAPID_PRIVATE_KEY_FILE = Path(os.environ.get("VAPID_PRIVATE_KEY_FILE", DATA_DIR / "vapid-private.pem"))
VAPID_SUBJECT = os.environ.get("VAPID_SUBJECT", "mailto:" + (parseaddr(DEFAULT_FROM_EMAIL)[1] or "hello@localhost"))
# Off in production: the server POSTs to a subscription's address, so only https push services on public
# host names are accepted. On for local development and the tests' own push service.
PUSH_ALLOW_LOCAL_ENDPOINTS = _env_bool("PUSH_ALLOW_LOCAL_ENDPOINTS", False)
