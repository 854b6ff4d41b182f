"""Settings of the IHK office portal.

Everything comes from the environment (or a `.env` file next to manage.py). The defaults are for a
developer's machine: SQLite, a Celery broker on the file system, mail printed to the console. Production
sets DEBUG=0 and must then provide SECRET_KEY and ALLOWED_HOSTS; a missing or malformed value fails
loudly with ImproperlyConfigured instead of falling back to something unsafe.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env")


def _bool(name: str, default: bool) -> bool:
    """A boolean variable; anything that is not clearly yes or no is a configuration error."""
    raw = env.str(name, default=None)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no).")


DEBUG = _bool("DEBUG", True)

if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production-0123456789")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
else:
    # No default for secrets in production.
    SECRET_KEY = env.str("SECRET_KEY", default="")
    if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("dev-only"):
        raise ImproperlyConfigured("SECRET_KEY must be set to a random value of 50 or more characters when DEBUG=0.")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG=0.")

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Served behind the proxy of deploy/nginx.conf (`make up`), which sets X-Forwarded-For and -Proto itself:
# trust the last X-Forwarded-For entry (ihk_office/client_ip.py) and, with DEBUG=0, X-Forwarded-Proto.
BEHIND_PROXY = _bool("BEHIND_PROXY", False)
# The address people see in mails (confirmation and cancel links are built from it).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "axes",
    "django_ratelimit",
    "simple_history",
    "ihk_office",
    "consultations",
    "companies",
    "committees",
    "events",
]

MIDDLEWARE = [
    # Outermost, so its headers reach every response, static files included (ihk_office/middleware.py).
    "ihk_office.middleware.ResponseHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # After CSRF, which has parsed a POST's form fields by then: NUL anywhere in the request → 400.
    "ihk_office.middleware.RejectNulMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before any view reads the body: an over-large one is refused by its declared length.
    "ihk_office.request_limits.RequestBodyLimitMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Last, as django-axes asks: it turns a lockout into the cool-off page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ihk_office.urls"
WSGI_APPLICATION = "ihk_office.wsgi.application"

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
                "ihk_office.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60 if not DEBUG else 0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes (web, worker, beat) share the file in `make run`: wait for locks instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (data caches, rate limits) ---------------------------------------------------
_cache = env.cache_url("CACHE_URL", default="locmemcache://ihk-office")
if _cache["BACKEND"] == "django_redis.cache.RedisCache":
    # A Redis that is down degrades the portal instead of taking it down: "default" (data caches) and
    # "ratelimit" each fall back to this process as their use can bear (ihk_office/cache.py).
    from ihk_office.cache import resilient_caches

    CACHES = resilient_caches(
        _cache,
        # Short, so a Redis that stopped answering costs one request half a second, not half a minute.
        socket_timeout=env.float("CACHE_SOCKET_TIMEOUT", default=0.5),
        retry_seconds=env.float("CACHE_RETRY_SECONDS", default=5),
    )
else:
    # The embedded default: one store per process, shared by the aliases (the same LOCATION).
    CACHES = {"default": _cache, "ratelimit": _cache}
RATELIMIT_USE_CACHE = "ratelimit"
# The same address as the log-in lock-out (behind the proxy REMOTE_ADDR is the proxy, or empty on a socket).
RATELIMIT_IP_META_KEY = "ihk_office.client_ip.client_ip"
RATELIMIT_VIEW = "ihk_office.views.ratelimited"
if DEBUG and CACHES["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache":
    # The embedded default serves one process (runserver, tests), so a per-process counter is exact.
    # Production (DEBUG=0) must set CACHE_URL=redis://… and then django-ratelimit's checks apply again.
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
else:
    # CACHE_URL=redis://… selects django-redis (django-environ prefers it when installed), which
    # django-ratelimit supports; W001 stays silenced for a cache named by a custom backend path.
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]

# --- Accounts -------------------------------------------------------------------------------------
# Sessions live in the database alone: one written-out query per logged-in request, the same in every process,
# whatever Redis does (measured cold: 0.35 ms, where reading through the cache cost 1.1 ms on a miss).
SESSION_ENGINE = "ihk_office.sessions"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend whose get_user also loads the staff flag (ihk_office/auth_backends.py).
    "ihk_office.auth_backends.StaffModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "after_login"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3
# The group whose members are office staff; they also carry is_staff for the admin.
STAFF_GROUP_NAME = "Büro"

# Five failed log-ins for one user name from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Failed log-ins per IP address across all user names (ihk_office.throttles): higher than the per-name limit,
# so a shared office or school address is not locked by one person's typos; its window matches the cool-off.
LOGIN_FAILURE_RATE_PER_IP = env.str("LOGIN_FAILURE_RATE_PER_IP", default="20/15m")
# Password-reset requests (django-ratelimit rates); over either, no mail is sent and the page says the same.
PASSWORD_RESET_RATE_PER_IP = env.str("PASSWORD_RESET_RATE_PER_IP", default="10/h")
PASSWORD_RESET_RATE_PER_ADDRESS = env.str("PASSWORD_RESET_RATE_PER_ADDRESS", default="3/h")
AXES_VERBOSE = False
# Behind a proxy, gunicorn sees the proxy; the client's address is the last X-Forwarded-For entry.
AXES_CLIENT_IP_CALLABLE = "ihk_office.client_ip.client_ip"

# --- Internationalisation -------------------------------------------------------------------------
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("Englisch"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Public pages without a form (home, legal pages, a committee's public page) may be kept this long by a proxy
# or browser, then revalidated with their ETag (ihk_office.http.public_page): a rush is served in front.
PUBLIC_PAGE_MAX_AGE = env.int("PUBLIC_PAGE_MAX_AGE", default=60)
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploaded committee documents. They are never served under a public URL: a view checks membership first.
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The largest request body by path (ihk_office/request_limits.py; deploy/nginx.conf renders the same values):
# public and member forms, the staff area and admin, and the two uploads (documents up to 10 MB, CSV import).
REQUEST_BODY_LIMIT_PUBLIC = env.int("REQUEST_BODY_LIMIT_PUBLIC", default=256 * 1024)
REQUEST_BODY_LIMIT_STAFF = env.int("REQUEST_BODY_LIMIT_STAFF", default=4 * 1024 * 1024)
REQUEST_BODY_LIMIT_UPLOAD = env.int("REQUEST_BODY_LIMIT_UPLOAD", default=11 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# Django's renderer with the plain widgets written out in Python (the same HTML, a fraction of the cost).
FORM_RENDERER = "ihk_office.form_renderer.FastWidgetRenderer"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Mail -----------------------------------------------------------------------------------------
# EMAIL_URL takes smtp://user:password@host:port, smtp+tls://…, consolemail:// or filemail:///path.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="IHK-Regionalbüro Hattingen <hattingen@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# How often the outbox tries a mail before it is marked failed, and the first back-off in seconds.
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=8)
OUTBOX_BACKOFF_SECONDS = env.int("OUTBOX_BACKOFF_SECONDS", default=60)
# Privacy: mails (addresses, names, questions) are deleted this many days after they were sent or gave up.
OUTBOX_RETENTION_DAYS = env.int("OUTBOX_RETENTION_DAYS", default=90)
# A worker that claimed a mail and died gives it back after this lease.
OUTBOX_LEASE_SECONDS = env.int("OUTBOX_LEASE_SECONDS", default=120)
# After the broker could not be reached, a web process hands no mail to it for this long (the scan sends).
OUTBOX_BROKER_RETRY_SECONDS = env.int("OUTBOX_BROKER_RETRY_SECONDS", default=10)

# --- Celery ---------------------------------------------------------------------------------------
# The embedded default is kombu's file-system transport: worker and beat run without any server.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue_dir = VAR_DIR / "celery" / "queue"
    _processed_dir = VAR_DIR / "celery" / "processed"
    for _dir in (_queue_dir, _processed_dir):
        _dir.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(_processed_dir),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # A task that runs longer than this is handed to another worker; ours finish in seconds.
        "visibility_timeout": 3600,
        # A dead Redis must fail a request fast instead of hanging it.
        "socket_timeout": 3,
        "socket_connect_timeout": 3,
        "max_retries": 1,
    }
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY = False
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = _bool("CELERY_TASK_ALWAYS_EAGER", False)
# Keep the worker's DB connection between tasks (measured: a one-write task ran about twice as fast).
CELERY_DB_REUSE_MAX = env.int("CELERY_DB_REUSE_MAX", default=100)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# --- Security -------------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# The CSRF token is read from the form, never by script.
CSRF_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = _bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if BEHIND_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# `make bench` mounts its reference view with this; never set in production.
BENCHMARK_BASELINE = _bool("BENCHMARK_BASELINE", False)

# --- Office defaults ------------------------------------------------------------------------------
# The office the public pages show when more than one exists.
DEFAULT_OFFICE_SLUG = env.str("DEFAULT_OFFICE_SLUG", default="hattingen")

# --- Consultations --------------------------------------------------------------------------------
# An online booking waits this long for the click on the confirmation link; then the place is free again.
CONSULTATION_HOLD_MINUTES = env.int("CONSULTATION_HOLD_MINUTES", default=120)
# A booking's reminder is due this many hours before its slot starts (see consultations.tasks).
CONSULTATION_REMINDER_LEAD_HOURS = env.int("CONSULTATION_REMINDER_LEAD_HOURS", default=24)
# Personal data of bookings is erased this many days after the consultation day; the counts stay.
CONSULTATION_ANONYMISE_AFTER_DAYS = env.int("CONSULTATION_ANONYMISE_AFTER_DAYS", default=90)
# How many upcoming active bookings one e-mail address may hold (across all days).
CONSULTATION_MAX_ACTIVE_BOOKINGS_PER_EMAIL = env.int("CONSULTATION_MAX_ACTIVE_BOOKINGS_PER_EMAIL", default=3)
# A freed place offered to the waitlist is kept this long for that person, then offered to the next one.
CONSULTATION_WAITLIST_OFFER_HOURS = env.int("CONSULTATION_WAITLIST_OFFER_HOURS", default=24)
# Booking and waitlist requests per IP address that passed the form's checks (django-ratelimit rate, e.g. "10/h");
# see consultations/throttles.py.
CONSULTATION_BOOKING_RATE = env.str("CONSULTATION_BOOKING_RATE", default="10/h")
# Requests for one's links again ("Links neu anfordern"), per IP address and per e-mail address; over either no
# mail goes out and the page answers as always.
CONSULTATION_LINKS_RATE_PER_IP = env.str("CONSULTATION_LINKS_RATE_PER_IP", default="10/h")
CONSULTATION_LINKS_RATE_PER_ADDRESS = env.str("CONSULTATION_LINKS_RATE_PER_ADDRESS", default="3/h")
# How many places unconfirmed online bookings from one IP address may hold at once. Only holds still waiting
# for their confirmation link count, so a school's computer room behind one address can book once people confirm.
CONSULTATION_MAX_HOLDS_PER_IP = env.int("CONSULTATION_MAX_HOLDS_PER_IP", default=3)
# A booking's manage link (in the mails) works until this many days after its slot, then it answers "expired".
CONSULTATION_MANAGE_LINK_DAYS = env.int("CONSULTATION_MANAGE_LINK_DAYS", default=14)
# How many months ahead planning (the command default and the monthly beat run) creates days.
CONSULTATION_PLAN_MONTHS = env.int("CONSULTATION_PLAN_MONTHS", default=12)
# What people should bring; printed in the confirmation and reminder mails. The default is translated into
# the language of each mail; a text set in the environment is used as it is.
CONSULTATION_WHAT_TO_BRING = env.str("CONSULTATION_WHAT_TO_BRING", default="") or _(
    "das letzte Zeugnis, Ihren Lebenslauf und – falls vorhanden – den Ausbildungsvertrag")
