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
    "django.middleware.security.SecurityMiddleware",
    "dienstverlening.core.api.ApiProblemMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "dienstverlening.core.middleware.SessionActivityMiddleware",
    "dienstverlening.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
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
        "DIRS": [],
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
    "django.contrib.auth.backends.ModelBackend",
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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
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
# A CSV import of this many lines or more is checked and written set-based, in SQL
# (handling/setimport.py); smaller files, XLSX and the API go row by row. Same outcome.
DV_HANDLING_SET_IMPORT_ROWS = int(os.environ.get("DV_HANDLING_SET_IMPORT_ROWS", "1000"))
