"""The one settings module. Everything that differs between machines comes from the environment.

See docs/operations.md for the variables and their meaning.
"""

import datetime
import os
from ipaddress import ip_network
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("DV_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "ja"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is verplicht als DEBUG uit staat.")
    SECRET_KEY = "insecure-development-key-only-for-debug"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "csp",
    "axes",
    "auditlog",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "dienstverlening.core",
    "dienstverlening.organisation",
    "dienstverlening.framework",
    "dienstverlening.surveys",
    "dienstverlening.handling",
    "dienstverlening.insights",
    "dienstverlening.improvement",
    "dienstverlening.reports",
    "dienstverlening.demo",
]

MIDDLEWARE = [
    # Request id and log context first; the health endpoints before everything else (host check,
    # https redirect, session): docs/operations.md, "Health and monitoring" and "Logs".
    "dienstverlening.core.logs.RequestLogMiddleware",
    "dienstverlening.core.health.HealthMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "dienstverlening.core.api.ApiProblemMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "dienstverlening.core.middleware.SessionActivityMiddleware",
    "dienstverlening.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "dienstverlening.core.audit.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dienstverlening.urls"
WSGI_APPLICATION = "dienstverlening.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Before the apps' templates: the admin's admin/base_site.html with the project's
        # fixes for accessibility on every admin page (it extends Django's own).
        "DIRS": [BASE_DIR / "core" / "admin_templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dienstverlening.core.context_processors.site",
            ],
        },
    },
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'dienstverlening.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "timeout": 20}
    )
DATABASES["default"].setdefault("TEST", {})

FORM_RENDERER = "dienstverlening.core.forms.FormRenderer"

# "default" is per process (rendered blank forms, team questions: short-lived, cheap to rebuild);
# "shared" is one cache for all app servers (the public form's rate limit), in the database so
# no extra service is needed. Point "shared" at Redis when traffic grows.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "shared": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "dv_cache",
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Refuses passwords when DV_LOCAL_LOGIN is off (before ModelBackend checks one).
    "dienstverlening.core.local_login.LocalLoginGate",
    "django.contrib.auth.backends.ModelBackend",
    # Single sign-on: answers only the provider's callback (docs/operations.md).
    "dienstverlening.core.oidc.OIDCBackend",
]
# Passwords of local accounts (docs/security.md): 12 characters or more, not a common password,
# not mostly digits, not like the username, no name of the organisation (these words, the words
# of DV_ORGANISATION_NAME and the municipalities in the database).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "dienstverlening.core.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {
        "NAME": "dienstverlening.core.passwords.OrganisationNameValidator",
        "OPTIONS": {
            "words": ["woerden", "oudewater", "dienstverlening", "gemeente"],
            "name_model": "organisation.Municipality",
        },
    },
]
CSRF_FAILURE_VIEW = "dienstverlening.core.views.csrf_failure"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# The client's address behind the reverse proxy (core.net.client_address): X-Forwarded-For is
# believed only from these addresses or networks, e.g. "127.0.0.1" or "10.0.0.0/24".
DV_TRUSTED_PROXIES = env_list("DV_TRUSTED_PROXIES")
for _proxy in DV_TRUSTED_PROXIES:
    try:
        ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"DV_TRUSTED_PROXIES: {_proxy!r} is geen IP-adres of netwerk "
            "(zoals 10.0.0.2 of 10.0.0.0/24; meer dan een met komma's ertussen)."
        ) from None

# Throttled log-in, on the site's and the admin's log-in page alike: after AXES_FAILURE_LIMIT
# failures for a username from one client address, that combination (not the username from
# everywhere) waits AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "dienstverlening.core.net.client_address"
AXES_LOCKOUT_CALLABLE = "dienstverlening.core.views.login_locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# --- single sign-on (docs/operations.md, "Single sign-on") ---
# Employees sign in with their work account at the organisation's identity provider (Microsoft
# Entra ID, ADFS) through OpenID Connect (mozilla-django-oidc). On when DV_OIDC_CLIENT_ID and the
# provider's endpoints are set: DV_OIDC_DISCOVERY_URL (its .well-known/openid-configuration, read
# at the first sign-in and kept an hour) or the endpoints one by one, which win over discovery.


def env_groups(name: str) -> dict[str, list[str]]:
    """``group=value;group=value,value`` → {group: [value, …]} (a group name may hold ``=``)."""
    mapping: dict[str, list[str]] = {}
    for pair in os.environ.get(name, "").replace("\n", ";").split(";"):
        if not pair.strip():
            continue
        group, equals, values = pair.rpartition("=")
        if not equals or not group.strip() or not values.strip():
            raise ImproperlyConfigured(
                f"{name}: {pair.strip()!r} is geen groep=waarde "
                "(zoals 'Dienstverlening-Beheer=beheerder'; meer dan een met ; ertussen)."
            )
        mapping.setdefault(group.strip(), []).extend(
            value.strip() for value in values.split(",") if value.strip()
        )
    return mapping


def env_roles(name: str) -> dict[str, str]:
    """``group=role;group=role`` → {group: role}: one role per group."""
    mapping = {}
    for group, roles in env_groups(name).items():
        if len(roles) != 1:
            raise ImproperlyConfigured(f"{name}: groep {group!r} krijgt één rol, niet {roles}.")
        mapping[group] = roles[0]
    return mapping


OIDC_RP_CLIENT_ID = os.environ.get("DV_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("DV_OIDC_CLIENT_SECRET", "")
DV_OIDC_DISCOVERY_URL = os.environ.get("DV_OIDC_DISCOVERY_URL", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("DV_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("DV_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("DV_OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("DV_OIDC_JWKS_ENDPOINT", "")
# The ID token's "iss" must be this (from discovery when empty).
DV_OIDC_ISSUER = os.environ.get("DV_OIDC_ISSUER", "")
OIDC_RP_SIGN_ALGO = os.environ.get("DV_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("DV_OIDC_SCOPES", "openid email profile")
OIDC_USE_PKCE = env_bool("DV_OIDC_USE_PKCE", default=True)
OIDC_TIMEOUT = int(os.environ.get("DV_OIDC_TIMEOUT", "10"))
# Ask the userinfo endpoint too (off for ADFS: its answer holds only another "sub").
DV_OIDC_USE_USERINFO = env_bool("DV_OIDC_USE_USERINFO", default=True)
# The ID token names its signing key ("kid"); off only for a provider with one key and no names.
OIDC_VERIFY_KID = env_bool("DV_OIDC_VERIFY_KID", default=True)
# The claim that names a person for good ("sub"; "oid" for Entra ID), kept on the account.
DV_OIDC_SUBJECT_CLAIM = os.environ.get("DV_OIDC_SUBJECT_CLAIM", "sub")
# The claim with the person's groups, and what they mean: group → role (the highest wins),
# group → slugs of the teams they manage (and so the role teammanager), group → teams they work in.
DV_OIDC_GROUPS_CLAIM = os.environ.get("DV_OIDC_GROUPS_CLAIM", "groups")
DV_OIDC_ROLE_GROUPS = env_roles("DV_OIDC_ROLE_GROUPS")
DV_OIDC_TEAM_MANAGER_GROUPS = env_groups("DV_OIDC_TEAM_MANAGER_GROUPS")
DV_OIDC_TEAM_MEMBER_GROUPS = env_groups("DV_OIDC_TEAM_MEMBER_GROUPS")
# A first sign-in takes over the local account with the same e-mail address (not a superuser's).
DV_OIDC_LINK_BY_EMAIL = env_bool("DV_OIDC_LINK_BY_EMAIL", default=False)
# Local accounts with a password (the demo, beheer). Off: the form disappears and passwords are
# refused, except a superuser's on /beheer/login/ while DV_LOCAL_LOGIN_BREAK_GLASS is on.
DV_LOCAL_LOGIN = env_bool("DV_LOCAL_LOGIN", default=True)
DV_LOCAL_LOGIN_BREAK_GLASS = env_bool("DV_LOCAL_LOGIN_BREAK_GLASS", default=True)

# A session ends after DV_SESSION_HOURS without a click (a working day), not after two weeks;
# every click moves the end on (core.middleware.SessionActivityMiddleware writes the session
# again at most once per DV_SESSION_REFRESH_SECONDS, not on every request).
SESSION_COOKIE_AGE = round(float(os.environ.get("DV_SESSION_HOURS", "9")) * 3600)
DV_SESSION_REFRESH_SECONDS = 300

# Dutch for everyone; English only when chosen with the language switch (a cookie kept for a
# year). The browser's language is not asked (core.middleware.LanguageMiddleware).
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
FIRST_DAY_OF_WEEK = 1

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_bool("DV_PLAIN_STATIC")
            else "dienstverlening.core.storage.StaticStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"

# E-mail
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
# With EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend (the demo) every mail is a
# file in this folder instead of a message to a mail server.
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "dienstverlening@woerden.nl")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security. Secure cookies and HSTS are on unless DEBUG (local development over http).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# API (NL API Design Rules: versioned path, OpenAPI 3, problem+json errors). Systems use a token
# of an API client (core.api_clients, docs/security.md); employees read the KPIs with their session.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "dienstverlening.core.api_clients.ApiClientAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["dienstverlening.core.api_clients.ApiAccess"],
    "DEFAULT_THROTTLE_CLASSES": ["dienstverlening.core.api_clients.ApiRateThrottle"],
    # Requests per client address without credentials ("anon"), per logged-in employee ("user"),
    # per API client ("client"); unknown tokens per client address ("auth_failure"), after
    # which that address gets 429 until the window ends. Periods: s, min, hour, day.
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("DV_API_RATE_ANON", "60/min"),
        "user": os.environ.get("DV_API_RATE_USER", "600/min"),
        "client": os.environ.get("DV_API_RATE_CLIENT", "6000/min"),
        "auth_failure": os.environ.get("DV_API_RATE_AUTH_FAILURE", "20/hour"),
    },
    # JSON only: errors are never HTML (no browsable API).
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 100,
    "EXCEPTION_HANDLER": "dienstverlening.core.api.problem_exception_handler",
}
# A new API token is valid this many days (the admin and `api_client_create` may set another date).
DV_API_TOKEN_DAYS = int(os.environ.get("DV_API_TOKEN_DAYS", "365"))
SPECTACULAR_SETTINGS = {
    "TITLE": "Dienstverlening API",
    "DESCRIPTION": "Intake van afhandelgegevens en enquêtes, en kengetallen (alleen-lezen).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Swagger UI and Redoc from our own static files: no CDN, strict CSP (core/api_docs.py).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    # Redoc's search runs in a worker made from a blob, which the policy refuses.
    "REDOC_UI_SETTINGS": {"disableSearch": True},
}

# --- background work (docs/operations.md, "Background work") ---
# Django's Tasks framework (the django-tasks backport on 5.2). "database" (default) keeps the queue
# in the database and needs only `dienstverlening db_worker`; "rq" puts it in Redis (REDIS_URL)
# for workers on other machines (`dienstverlening rqworker --job-class django_tasks_rq.Job`);
# "immediate" runs a task inside the request (tests, debugging).
DV_TASKS_BACKEND = os.environ.get("DV_TASKS_BACKEND", "database").strip().lower()
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
if DV_TASKS_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 3 * 3600}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
elif DV_TASKS_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
elif DV_TASKS_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
else:
    raise ImproperlyConfigured("DV_TASKS_BACKEND is database, rq of immediate.")
# Live progress of running work: a cache every web server and worker can read. Files on this
# machine by default; Redis when workers run elsewhere (DV_PROGRESS_CACHE_URL, with rq: REDIS_URL).
DV_PROGRESS_CACHE_URL = os.environ.get(
    "DV_PROGRESS_CACHE_URL", REDIS_URL if DV_TASKS_BACKEND == "rq" else ""
)
CACHES["progress"] = (
    {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": DV_PROGRESS_CACHE_URL,
        "KEY_PREFIX": "dv-progress",
        "TIMEOUT": 2 * 86400,
    }
    if DV_PROGRESS_CACHE_URL
    else {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "progress"),
        "TIMEOUT": 2 * 86400,
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
)
# Uploaded files wait here (private, never served) until their job has read them; then deleted.
DV_UPLOAD_DIR = Path(os.environ.get("DV_UPLOAD_DIR", VAR_DIR / "uploads"))
# Finished jobs are kept this many days (their outcome and errors), then `prune_jobs` removes them.
DV_JOB_KEEP_DAYS = int(os.environ.get("DV_JOB_KEEP_DAYS", "30"))

# --- uploaded spreadsheets (docs/operations.md, "Limits on uploaded files") ---
# Imports and invitation lists refuse, on the upload form, a file larger than DV_UPLOAD_MAX_MB,
# with more than DV_UPLOAD_MAX_COLUMNS columns or DV_UPLOAD_MAX_ROWS rows, or an XLSX whose zip
# expands to more than DV_UPLOAD_MAX_EXPANDED_MB. 500,000 rows of a 15-column export are about
# 40 MB as CSV and 200-250 MB unpacked as XLSX.
DV_UPLOAD_MAX_MB = int(os.environ.get("DV_UPLOAD_MAX_MB", "50"))
DV_UPLOAD_MAX_COLUMNS = int(os.environ.get("DV_UPLOAD_MAX_COLUMNS", "200"))
DV_UPLOAD_MAX_ROWS = int(os.environ.get("DV_UPLOAD_MAX_ROWS", "500000"))
DV_UPLOAD_MAX_EXPANDED_MB = int(os.environ.get("DV_UPLOAD_MAX_EXPANDED_MB", "300"))
# The first handler drops what comes beyond DV_UPLOAD_MAX_MB, so a huge file never fills the disk.
FILE_UPLOAD_HANDLERS = [
    "dienstverlening.core.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Product settings
DV_ORGANISATION_NAME = os.environ.get("DV_ORGANISATION_NAME", "Gemeenten Woerden en Oudewater")
DV_MIN_GROUP_SIZE = int(os.environ.get("DV_MIN_GROUP_SIZE", "10"))
# Working days: municipal staff are off on Good Friday and on 5 May every year.
DV_GOOD_FRIDAY_OFF = env_bool("DV_GOOD_FRIDAY_OFF", default=True)
DV_LIBERATION_DAY_OFF = env_bool("DV_LIBERATION_DAY_OFF", default=True)
# Office hours on working days: norms in hours count only these hours ("uu:mm-uu:mm").
DV_OFFICE_HOURS = os.environ.get("DV_OFFICE_HOURS", "08:30-17:00")

# --- surveys (evaluations) ---
# Public form: seconds a person needs at least to fill it in (faster is treated as a bot), and
# at most SURVEYS_RATE_LIMIT submissions per SURVEYS_RATE_WINDOW seconds per (hashed) address.
SURVEYS_MIN_FILL_SECONDS = float(os.environ.get("SURVEYS_MIN_FILL_SECONDS", "3"))
SURVEYS_RATE_LIMIT = int(os.environ.get("SURVEYS_RATE_LIMIT", "20"))
SURVEYS_RATE_WINDOW = int(os.environ.get("SURVEYS_RATE_WINDOW", "3600"))
# Salt for hashing client and e-mail addresses; falls back to SECRET_KEY.
SURVEYS_HASH_SALT = os.environ.get("SURVEYS_HASH_SALT", "") or SECRET_KEY
# Invitations: not the same person again within this many months; one reminder after N days.
SURVEYS_REINVITE_MONTHS = int(os.environ.get("SURVEYS_REINVITE_MONTHS", "6"))
SURVEYS_REMINDER_DAYS = int(os.environ.get("SURVEYS_REMINDER_DAYS", "7"))
SURVEYS_INVITATION_BATCH = int(os.environ.get("SURVEYS_INVITATION_BATCH", "200"))
# Address residents see in invitation mails and QR codes, e.g. https://dienstverlening.woerden.nl
SURVEYS_PUBLIC_URL = os.environ.get("SURVEYS_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
# The address of the staff pages, for links in mails to colleagues (alerts, signals).
DV_SITE_URL = os.environ.get("DV_SITE_URL", SURVEYS_PUBLIC_URL).rstrip("/")

# --- handling (call-backs, e-mails, applications) ---
# The organisation's own mail domains: mail from these never opens an item (subdomains count).
DV_HANDLING_OWN_DOMAINS = [
    domain.strip().lower()
    for domain in os.environ.get("DV_HANDLING_OWN_DOMAINS", "woerden.nl,oudewater.nl").split(",")
    if domain.strip()
]
# Fernet key for stored IMAP passwords; empty means: derived from SECRET_KEY.
DV_HANDLING_MAIL_KEY = os.environ.get("DV_HANDLING_MAIL_KEY", "")
DV_HANDLING_IMAP_TIMEOUT = int(os.environ.get("DV_HANDLING_IMAP_TIMEOUT", "20"))

# --- two-factor authentication (docs/security.md, "Two-factor authentication") ---
# django-otp: an authenticator app (TOTP) with one-time recovery codes (static tokens). Required
# for the functioneel beheerder, the coördinator and every account that opens /beheer/
# (core.twofactor.required_for); anyone else may switch it on. DV_2FA_REQUIRED is on unless set
# off: only the demo (Makefile DEMO_ENV) and the test run (pyproject) switch it off, and
# `check --deploy` warns when it is off.
INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp", "django_otp.plugins.otp_static"]
MIDDLEWARE += [
    "django_otp.middleware.OTPMiddleware",
    "dienstverlening.core.twofactor.middleware.TwoFactorMiddleware",
]
DV_2FA_REQUIRED = env_bool("DV_2FA_REQUIRED", default=True)
# The name the authenticator app shows above the codes.
OTP_TOTP_ISSUER = os.environ.get("DV_2FA_ISSUER", "Dienstverlening")
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Waits after wrong codes double: 1, 2, 4, 8 … seconds per device (django-otp's throttling).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# --- back-up and restore (docs/operations.md, "Back-up and restore") ---
# `dienstverlening backup` writes a file named after the moment into DV_BACKUP_DIR and then keeps
# only the newest DV_BACKUP_KEEP there (0: all). Back-ups hold personal data: keep them short
# (purged data stays in a back-up until it is removed). On PostgreSQL the commands run pg_dump,
# pg_restore and psql from PATH, or from DV_PG_BIN (e.g. /usr/lib/postgresql/16/bin) when the
# server is newer than the client programs on PATH.
DV_BACKUP_DIR = Path(os.environ.get("DV_BACKUP_DIR", VAR_DIR / "backups"))
DV_BACKUP_KEEP = int(os.environ.get("DV_BACKUP_KEEP", "30"))
DV_PG_BIN = os.environ.get("DV_PG_BIN", "")

# --- health and logs (docs/operations.md, "Health and monitoring" and "Logs") ---
# Readiness (/gezondheid/gereed/) is "degraded" when a task has waited longer than this for a
# worker, or an active team mailbox was last read longer ago than this (counted in office hours
# on working days).
DV_HEALTH_QUEUE_MAX_WAIT_MINUTES = int(os.environ.get("DV_HEALTH_QUEUE_MAX_WAIT_MINUTES", "10"))
DV_HEALTH_MAILBOX_SYNC_MAX_MINUTES = int(os.environ.get("DV_HEALTH_MAILBOX_SYNC_MAX_MINUTES", "30"))
# Log lines: JSON (one object per line) unless DEBUG, readable text with DEBUG; DV_LOG_FORMAT
# forces either. The web server writes them to stdout; `dienstverlening` commands to stderr
# (cli.py), so their own output on stdout stays clean. One line per request (method, URL
# pattern, status, duration) with DV_ACCESS_LOG, on by default with JSON (in development
# runserver prints its own). Every line carries request_id and user_id (core/logs.py).
DV_LOG_FORMAT = os.environ.get("DV_LOG_FORMAT", "text" if DEBUG else "json").strip().lower()
if DV_LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured("DV_LOG_FORMAT is json of text.")
DV_LOG_STREAM = os.environ.get("DV_LOG_STREAM", "stdout").strip().lower()
if DV_LOG_STREAM not in {"stdout", "stderr"}:
    raise ImproperlyConfigured("DV_LOG_STREAM is stdout of stderr.")
DV_ACCESS_LOG = env_bool("DV_ACCESS_LOG", default=DV_LOG_FORMAT == "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "dienstverlening.core.logs.RequestContextFilter"}},
    "formatters": {
        "json": {"()": "dienstverlening.core.logs.JsonFormatter"},
        "text": {"()": "dienstverlening.core.logs.TextFormatter"},
    },
    "handlers": {
        "console": {
            "()": "dienstverlening.core.logs.ConsoleHandler",
            "stream_name": DV_LOG_STREAM,
            "formatter": DV_LOG_FORMAT,
            "filters": ["request"],
            "level": os.environ.get("LOG_LEVEL", "INFO"),
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own console handler (DEBUG only) would print every line twice.
        "django": {"handlers": [], "level": "INFO"},
        "django.db.backends": {"level": "INFO"},
        "dienstverlening.requests": {"level": "INFO" if DV_ACCESS_LOG else "WARNING"},
        # A failing check is in the readiness answer; logging it at every probe is noise.
        "health_check": {"level": "ERROR"},
    },
}

# --- audit trail and security events (docs/security.md, "Audit trail", "Security events") ---
# Which models are audited is one list, core.audit.AUDITED; core.audit.AuditContextMiddleware
# records the signed-in person and the client address (core.net.client_address) with each change.
# A foreign key is kept as the name of what it pointed to then, not as a number.
AUDITLOG_USE_FK_STRING_REPRESENTATION = True
# Each record keeps the id of the request that made it (core.logs), as its log lines do.
AUDITLOG_CID_GETTER = "dienstverlening.core.logs.current_request_id"
# Axes writes its own log lines on a lock-out; it names the user by a keyed hash, as ours do.
AXES_CLIENT_STR_CALLABLE = "dienstverlening.core.security_events.axes_client_str"
# Audit records and security events are written whatever LOG_LEVEL says: a handler of their own,
# the console's at INFO.
LOGGING["handlers"]["events"] = {**LOGGING["handlers"]["console"], "level": "INFO"}
for _events in ("dienstverlening.audit", "dienstverlening.security"):
    LOGGING["loggers"][_events] = {"level": "INFO", "handlers": ["events"], "propagate": False}

# --- retention and purge (AVG; docs/privacy.md, "Bewaartermijnen") ---
# How long each kind of personal data is kept before the daily `dienstverlening purge` deletes
# or wipes it: a number of days ("14", "14d") or years ("5y", "5j"). Each can be set with an
# environment variable DV_RETENTION_<KIND>, e.g. DV_RETENTION_OPEN_ANSWERS=7y (the jobs' period
# follows DV_JOB_KEEP_DAYS). A value that cannot be read is reported by `dienstverlening check`.
DV_RETENTION_DEFAULTS = {
    "import_files": "1d",  # uploaded files nobody imported (they may hold anything)
    "jobs": f"{DV_JOB_KEEP_DAYS}d",  # finished jobs with their error lines (quote cells)
    "invitation_addresses": "14d",  # e-mail addresses of invitations no mail will go to
    "invitation_hashes": "1y",  # the salted hash that prevents inviting someone twice
    "open_answers": "5y",  # free-text survey answers (scrubbed, still a resident's words)
    "handling_items": "2y",  # the register's rows, after closing (the roll-ups stay)
    "signals": "2y",  # signals and their history, after they are answered
    "login_attempts": "30d",  # django-axes: user names and IP addresses of log-in attempts
    "audit_trail": "7y",  # django-auditlog's entries: who changed what
}
DV_RETENTION = {
    **DV_RETENTION_DEFAULTS,
    **{
        name.removeprefix("DV_RETENTION_").lower(): value.strip()
        for name, value in os.environ.items()
        if name.startswith("DV_RETENTION_")
    },
}

# A CSV import of this many lines or more is checked and written set-based, in SQL
# (handling/setimport.py); smaller files, XLSX and the API go row by row. Same outcome.
DV_HANDLING_SET_IMPORT_ROWS = int(os.environ.get("DV_HANDLING_SET_IMPORT_ROWS", "1000"))

# --- shared cache (docs/operations.md, "Cache") ---
# The cache every app server shares (rate limits, the version stamp of the public form's
# per-process cache): Redis when REDIS_URL is set in the environment, else the database cache
# (table dv_cache). core.caching decides; REDIS_URL's default above does not count here.
from dienstverlening.core.caching import shared_cache  # noqa: E402

CACHES["shared"] = shared_cache(os.environ)

# --- dashboard figure cache (docs/architecture.md, "Monthly roll-ups and the figure cache") ---
# The cache alias for the dashboard's figures and how long an entry lives at most; new data
# changes the key at once (insights.figure_cache).
DV_FIGURE_CACHE = os.environ.get("DV_FIGURE_CACHE", "default")
DV_FIGURE_CACHE_SECONDS = int(os.environ.get("DV_FIGURE_CACHE_SECONDS", "300"))

# --- files jobs make for download (core/job_files.py; the response export as XLSX) ---
# Private, never served directly: only the person who started the job downloads it, and the
# daily purge deletes it after DV_RETENTION_EXPORT_FILES (default a day).
DV_EXPORT_DIR = Path(os.environ.get("DV_EXPORT_DIR", VAR_DIR / "exports"))
