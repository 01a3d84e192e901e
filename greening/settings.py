"""Settings for the Yangquan greening portal, read from the environment.

Every variable is listed with its default in ``.env.example`` and the README. A bad value stops
start-up with a message naming the variable (see ``greening.lib.env``).
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from greening.lib.env import env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

# "development" is the zero-set-up default; "production" switches on every deployment safeguard
# and refuses to start without a real SECRET_KEY and ALLOWED_HOSTS.
DJANGO_ENV = env_choice("DJANGO_ENV", "development", ("development", "production"))
PRODUCTION = DJANGO_ENV == "production"

DEBUG = env_bool("DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG=true is not allowed with DJANGO_ENV=production.")

_DEV_SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"
SECRET_KEY = env_str("SECRET_KEY", "" if PRODUCTION else _DEV_SECRET_KEY)
if PRODUCTION and (len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure")):
    raise ImproperlyConfigured("SECRET_KEY must be set to a random value of at least 50 characters in production.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the portal's host names in production.")
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
    "simple_history",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "greening",
    # Domain apps, base first: later apps may depend on earlier ones, never the reverse.
    "greenspaces",
    "projects",
    "plans",
    "nurseries",
    "maintenance",
    "volunteers",
    # Reads across the apps above (the progress report to the People's Congress); owns no data.
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "greening.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: turns a locked-out sign-in into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "greening.urls"
WSGI_APPLICATION = "greening.wsgi.application"

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
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------
# DATABASE_URL unset: SQLite under var/, set up so the web process and the Celery worker can
# write at the same time (WAL journal, IMMEDIATE transactions so writers queue instead of failing
# with "database is locked" on upgrade, and a busy timeout).
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    try:
        _database = dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0),
            conn_health_checks=True,
        )
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {exc}") from exc
else:
    _database = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": VAR_DIR / "greening.sqlite3",
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        },
    }
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: shared by every process (Redis when configured, files under var/ otherwise) --------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# --- Authentication ---------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
# django-axes first: it refuses sign-ins that are locked out before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# --- Language and time ------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "lang"
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Shanghai"

# --- Static and uploaded files ----------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploads: photos are decoded, re-encoded and stripped by greening.lib.images.
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)
UPLOAD_MAX_PIXELS = env_int("UPLOAD_MAX_PIXELS", 40_000_000, minimum=10_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- E-mail (staff notifications) -------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "greening-portal@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Extra addresses that receive staff notifications, besides active staff users with an e-mail.
STAFF_NOTIFICATION_EMAILS = env_list("STAFF_NOTIFICATION_EMAILS")

# --- Celery -----------------------------------------------------------------------------------
# REDIS_URL unset: kombu's filesystem transport under var/, so `make run` still has a real worker
# and beat without a broker server.
CELERY_BROKER_URL = REDIS_URL or "filesystem://"
_QUEUE_DIR = VAR_DIR / "celery" / "queue"
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {"visibility_timeout": 3600}
    if REDIS_URL
    else {
        "data_folder_in": str(_QUEUE_DIR),
        "data_folder_out": str(_QUEUE_DIR),
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300, minimum=1)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240, minimum=1)
CELERY_TIMEZONE = TIME_ZONE
# Fail fast when the broker is down: what must be sent is in the database and a sweep sends it later.
CELERY_BROKER_CONNECTION_TIMEOUT = env_int("CELERY_BROKER_CONNECTION_TIMEOUT", 3, minimum=1)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "heritage-tree-patrol-reminders": {
        "task": "greenspaces.tasks.heritage_tree_patrol_reminders_send_task",
        "schedule": env_int("PATROL_REMINDER_INTERVAL_SECONDS", 6 * 3600, minimum=60),
    },
    "webhook-sweep": {
        "task": "maintenance.tasks.webhook_sweep_task",
        "schedule": env_int("WEBHOOK_SWEEP_SECONDS", 15, minimum=1),
    },
    "orders-escalate": {
        "task": "maintenance.tasks.orders_escalate_task",
        "schedule": env_int("ESCALATION_INTERVAL_SECONDS", 300, minimum=10),
    },
    "weather-poll": {
        "task": "maintenance.tasks.weather_poll_task",
        "schedule": env_int("WEATHER_POLL_SECONDS", 300, minimum=30),
    },
    "idempotency-purge": {
        "task": "maintenance.tasks.idempotency_records_purge_task",
        "schedule": 24 * 3600,
    },
    "irrigation-advise": {
        "task": "maintenance.tasks.irrigation_advise_task",
        "schedule": env_int("IRRIGATION_INTERVAL_SECONDS", 3 * 3600, minimum=60),
    },
}

# --- The green estate: data the standards give (staff-tunable where marked [M]) ---------------
# Months between patrols of a heritage tree, by grade (Qujing rules, domain-facts §6).
HERITAGE_TREE_PATROL_INTERVAL_MONTHS = {
    "grade_1": env_int("PATROL_MONTHS_GRADE_1", 6, minimum=1),
    "grade_2": env_int("PATROL_MONTHS_GRADE_2", 6, minimum=1),
    "grade_3": env_int("PATROL_MONTHS_GRADE_3", 12, minimum=1),
    "reserve": env_int("PATROL_MONTHS_RESERVE", 24, minimum=1),
}
# Protection zone: the crown's vertical projection plus this margin (m), by grade.
HERITAGE_TREE_PROTECTION_MARGIN_M = {"default": 5, "reserve": 3}

# --- Weather and maintenance -----------------------------------------------------------------
# The met bureau's CAP feed (a CAP document, or an Atom/RSS feed of them) and the forecast URL
# (Open-Meteo-style daily JSON), polled by beat when set.
WEATHER_CAP_FEED_URL = env_str("WEATHER_CAP_FEED_URL")
WEATHER_FORECAST_URL = env_str("WEATHER_FORECAST_URL")
WEATHER_FETCH_TIMEOUT = env_int("WEATHER_FETCH_TIMEOUT", 20, minimum=1)
# Webhook delivery: connect and read time-outs (seconds); a claim older than this is a dead worker's.
WEBHOOK_CONNECT_TIMEOUT = env_int("WEBHOOK_CONNECT_TIMEOUT", 5, minimum=1)
WEBHOOK_READ_TIMEOUT = env_int("WEBHOOK_READ_TIMEOUT", 15, minimum=1)
WEBHOOK_CLAIM_TIMEOUT = env_int("WEBHOOK_CLAIM_TIMEOUT", 300, minimum=30)
# Allow webhook URLs on private, loopback and link-local addresses (development and demos only).
WEBHOOK_ALLOW_PRIVATE_URLS = env_bool("WEBHOOK_ALLOW_PRIVATE_URLS", False)
# Irrigation model parameters (maintenance.irrigation.IrrigationParameters); [M] figures of
# domain-facts §3–4, overridable here without touching code.
IRRIGATION: dict = {}
IRRIGATION_ACK_HOURS = env_int("IRRIGATION_ACK_HOURS", 6, minimum=1)
# Hours after its warning expires that an order never acknowledged expires too.
ORDER_EXPIRY_GRACE_HOURS = env_int("ORDER_EXPIRY_GRACE_HOURS", 24, minimum=0)

# --- REST API ---------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "maintenance.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "greening.api.pagination.StableCursorPagination",
    "DEFAULT_THROTTLE_CLASSES": ["greening.api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": env_str("API_THROTTLE_RATE", "600/min")},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "greening.api.exceptions.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "greening.api.renderers.ORJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Yangquan greening portal — contractor API",
    "DESCRIPTION": (
        "Maintenance orders for contractors (养护单位): list and fetch your orders, acknowledge, start, complete "
        "with photos or decline them, see the green spaces under your contracts, and manage the webhook "
        "endpoints the portal pushes signed order events to (Standard Webhooks). The met bureau pushes CAP 1.2 "
        "warnings to /api/v1/weather/cap/. Authenticate with `Authorization: Bearer <token>`; errors always "
        'have the shape {"error": {"status", "code", "message", "fields"}} in the language of Accept-Language.'
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "greening.api.schema.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "OrderStatusEnum": "maintenance.choices.OrderStatus",
        "PriorityEnum": "maintenance.choices.Priority",
    },
}

# Days an Idempotency-Key is remembered (clients retry within minutes; a day is generous, a week safe).
IDEMPOTENCY_KEY_DAYS = env_int("IDEMPOTENCY_KEY_DAYS", 7, minimum=1)

# --- Demo -------------------------------------------------------------------------------------
# Demo accounts (fixed, printed passwords) are refused unless DEBUG is on or this is set.
DEMO_ACCOUNTS = env_bool("DEMO_ACCOUNTS", False)

# --- Security ---------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    # /healthz is probed by the load balancer over plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

SITE_TITLE = _("Yangquan Greening Portal")


# --- Plans and public consultation -----------------------------------------------------------
# Plan documents (PDF, DOCX, PNG, JPEG) up to this many bytes; the web server must accept as much.
PLAN_DOCUMENT_MAX_BYTES = env_int("PLAN_DOCUMENT_MAX_BYTES", 20 * 1024 * 1024, minimum=1024)
# Milestone evidence files (PDF, DOCX, photos) up to this many bytes.
PROJECT_EVIDENCE_MAX_BYTES = env_int("PROJECT_EVIDENCE_MAX_BYTES", 20 * 1024 * 1024, minimum=1024)
# Accepted public comments allowed per sender and per mobile number: "count/seconds".
CONSULTATION_COMMENTS_PER_CLIENT = env_str("CONSULTATION_COMMENTS_PER_CLIENT", "5/600")
CONSULTATION_COMMENTS_PER_MOBILE = env_str("CONSULTATION_COMMENTS_PER_MOBILE", "3/86400")
# Closed consultations stay on /plans/ with their replies for this many days.
CONSULTATION_RECENT_DAYS = env_int("CONSULTATION_RECENT_DAYS", 90, minimum=0)
# Reverse proxies in front of the portal that append to X-Forwarded-For (0: none). Used to find
# the sender's address for rate limits and sign-in lockouts; too high a number lets senders spoof it.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)

# --- Citizen stewards (volunteers) -----------------------------------------------------------
# Text messages (one-time codes): a class implementing volunteers.sms.SmsBackend. The console
# backend prints them; the file backend appends JSON lines to STEWARD_SMS_FILE.
STEWARD_SMS_BACKEND = env_str("STEWARD_SMS_BACKEND", "volunteers.sms.ConsoleBackend")
STEWARD_SMS_FILE = env_str("STEWARD_SMS_FILE", str(VAR_DIR / "sms.jsonl"))
STEWARD_CODE_TTL_MINUTES = env_int("STEWARD_CODE_TTL_MINUTES", 10, minimum=1, maximum=60)
STEWARD_CODE_MAX_ATTEMPTS = env_int("STEWARD_CODE_MAX_ATTEMPTS", 5, minimum=1, maximum=20)
# Codes sent per hour, per mobile number and per IP address (counted in the shared cache).
STEWARD_CODE_SENDS_PER_MOBILE = env_int("STEWARD_CODE_SENDS_PER_MOBILE", 5, minimum=1)
STEWARD_CODE_SENDS_PER_IP = env_int("STEWARD_CODE_SENDS_PER_IP", 20, minimum=1)
# Inspections need the induction training (the letter: stewards are trained by experts).
STEWARD_INSPECTION_REQUIRES_TRAINING = env_bool("STEWARD_INSPECTION_REQUIRES_TRAINING", True)
# Deadlines of orders made from stewards' problems.
STEWARD_ORDER_ACK_HOURS = env_int("STEWARD_ORDER_ACK_HOURS", 24, minimum=1)
STEWARD_ORDER_COMPLETE_DAYS = env_int("STEWARD_ORDER_COMPLETE_DAYS", 7, minimum=1)

# Sign-in lockout (django-axes). Failures are counted per (username, IP address) pair, so a
# stranger guessing a steward's password from elsewhere locks out only themselves, never the
# steward. Behind a load balancer set TRUSTED_PROXY_COUNT so the client's own address is used.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15, minimum=1) / 60  # axes reads a number as hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "volunteers/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT or None
AXES_SENSITIVE_PARAMETERS = ["password", "code", "new_password1", "new_password2"]
# Lockouts are logged as warnings; axes' start-up banner on every command is not worth a line.
LOGGING["loggers"]["axes"] = {"level": "WARNING"}
