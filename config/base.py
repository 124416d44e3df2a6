"""Settings for every environment, read from environment variables with safe defaults.

Production sets DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS (and REDIS_URL for a shared cache).
Without SECRET_KEY the key is generated once and kept in var/secret_key, which is what the demo
uses; DEBUG is off unless DEBUG=1.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CHATR_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "chatr.core",
    "chatr.org",
    "chatr.accounts",
    "chatr.audit",
    "chatr.notifications",
    "chatr.cases",
    "chatr.api",
    "chatr.ui",
    "chatr.registry",
    "chatr.pensions",
    "chatr.watchdog",
    "chatr.centers",
    "chatr.transparency",
    "chatr.eservices",
    "chatr.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "chatr.ui.middleware.PersianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "chatr.org.middleware.ScopeMiddleware",
    "chatr.audit.middleware.RequestContextMiddleware",
    "chatr.ui.middleware.ApplicationErrorMiddleware",
    "chatr.api.middleware.ApiErrorShapeMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "chatr.ui.context_processors.layout",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'chatr.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the task worker use the file at the same time.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "chatr"}
    }

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "chatr.accounts.backends.StaffPasswordBackend",
    "chatr.accounts.backends.MobileOneTimeCodeBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:staff_sign_in"
LOGIN_REDIRECT_URL = "accounts:landing"
LOGOUT_REDIRECT_URL = "ui:home"

# Sign-in protection: a staff account locks after this many failures in a row, for this long.
CHATR_LOCKOUT_THRESHOLD = int(os.environ.get("CHATR_LOCKOUT_THRESHOLD", "5"))
CHATR_LOCKOUT_SECONDS = int(os.environ.get("CHATR_LOCKOUT_SECONDS", "900"))
# One-time SMS codes for citizens.
CHATR_OTP_TTL_SECONDS = 120
CHATR_OTP_MAX_ATTEMPTS = 5
CHATR_OTP_RESEND_SECONDS = 60
CHATR_OTP_MAX_PER_HOUR = 5

LANGUAGE_CODE = "fa"
LANGUAGES = [("fa", _("Persian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "chatr" / "locale"]
LANGUAGE_COOKIE_NAME = "chatr_language"
TIME_ZONE = "Asia/Tehran"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# SMS: "outbox" keeps every message in the outbox table and prints it (masked) to the console;
# "kavenegar" also sends it through Kavenegar's REST API.
SMS_BACKEND = os.environ.get("SMS_BACKEND", "outbox")
SMS_KAVENEGAR_API_KEY = os.environ.get("SMS_KAVENEGAR_API_KEY", "")
SMS_KAVENEGAR_SENDER = os.environ.get("SMS_KAVENEGAR_SENDER", "")
SMS_KAVENEGAR_BASE_URL = os.environ.get("SMS_KAVENEGAR_BASE_URL", "https://api.kavenegar.com")
SMS_MAX_ATTEMPTS = int(os.environ.get("SMS_MAX_ATTEMPTS", "5"))

# How many reverse proxies in front of the app append to X-Forwarded-For (nginx: 1). With 0 the
# header is ignored, so a client cannot pick its own rate-limit bucket or audit address.
CHATR_TRUSTED_PROXIES = int(os.environ.get("CHATR_TRUSTED_PROXIES", "0"))
NINJA_NUM_PROXIES = CHATR_TRUSTED_PROXIES
NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 200
CHATR_PUBLIC_API_RATE = os.environ.get("CHATR_PUBLIC_API_RATE", "60/min")

# Security: production-grade by default; DEBUG only loosens what a local http server needs.
SECURE = not DEBUG and env_bool("SECURE", True)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000")) if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # fontTools logs every table it subsets while a certificate PDF is written.
        "fontTools": {"level": "WARNING"},
    },
}

# Covering indexes (`Index(include=…)`) are a PostgreSQL feature; on the embedded SQLite
# database the extra columns are simply left out, which is fine for its scale.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
