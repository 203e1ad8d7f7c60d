"""The one settings file, driven by environment variables.

QUANTRIET_DATA_DIR  where the SQLite database, uploads and backups live (default ./var)
DATABASE_URL        postgres://user:pass@host:port/name for PostgreSQL; unset = SQLite
SECRET_KEY          required when DEBUG is off
DEBUG               "1" for development
ALLOWED_HOSTS       comma-separated
TASKS_BACKEND       "immediate" runs background work in-process (tests); default: database queue
"""

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("QUANTRIET_DATA_DIR", Path.cwd() / "var")).resolve()


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _database_from_url(url: str) -> dict:
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise ValueError(f"DATABASE_URL: unsupported scheme {parts.scheme!r}")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")) or "quantriet",
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "CONN_MAX_AGE": 60,
        # Off by default (as in Django): a check is one more round trip on every request,
        # 10–15 % of a single check-in's database work. After a database restart each app
        # process then fails one request (nothing is written) and reconnects.
        "CONN_HEALTH_CHECKS": _env_bool("DB_CONN_HEALTH_CHECKS", False),
        "TEST": {"NAME": "test_" + (unquote(parts.path.lstrip("/")) or "quantriet")},
    }


DEBUG = _env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not _env_bool("QUANTRIET_INSECURE_DEV_KEY", False):
        # Development and tests set DEBUG=1 or QUANTRIET_INSECURE_DEV_KEY=1 (the Makefile does).
        raise RuntimeError("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-development-key-not-for-production"

ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o
]

INSTALLED_APPS = [
    "quantriet.admin_site.QuantrietAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "quantriet.accounts",
    "quantriet.orgs",
    "quantriet.campaigns",
    "quantriet.meetings",
    "quantriet.reports",
    "quantriet.learning",
    "quantriet.copychecks",
    "quantriet.programs",
    "quantriet.surveys",
    "quantriet.inspections",
    "quantriet.notices",
    "quantriet.demo",
    # Backups and restores (quantriet backup / restore, quantriet/ops/backup.py).
    "quantriet.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # NUL characters refused (400) or dropped (cookies) before anything reads them.
    "quantriet.http.NulGuardMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A busy SQLite database answers 503 "try again", not 500 (docs/reliability.md).
    "quantriet.busy.DatabaseBusyMiddleware",
]

ROOT_URLCONF = "quantriet.urls"
WSGI_APPLICATION = "quantriet.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "quantriet.accounts.context.nav",
            ],
        },
    },
]

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": _database_from_url(os.environ["DATABASE_URL"])}
else:
    # The embedded default keeps everything in DATA_DIR; make sure it exists.
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "quantriet.db_sqlite",
            "NAME": DATA_DIR / "quantriet.sqlite3",
            "OPTIONS": {
                # WAL lets readers work while one writer writes; IMMEDIATE takes the write
                # lock at BEGIN so concurrent writers queue (timeout) instead of failing
                # with "database is locked" on lock upgrade.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Reminders by e-mail (quantriet remind): printed to the console unless an SMTP server is
# configured (EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and EMAIL_HOST...).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND",
                               "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "quantriet@localhost")
# The site's address for links in e-mails, e.g. https://hoctap.tiengiang.dcs.vn
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Seconds a process keeps check-in grants (token → user, meeting, bridge point, markable
# units): see docs/access.md. 0 decides afresh on every request.
ACCESS_CACHE_SECONDS = float(os.environ.get("ACCESS_CACHE_SECONDS", "300"))
# How often each process asks the database whether another process changed what grants are
# decided from (one small query); a revocation takes effect everywhere within this.
ACCESS_EPOCH_CHECK_SECONDS = float(os.environ.get("ACCESS_EPOCH_CHECK_SECONDS", "1"))
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["quantriet.accounts.backends.LockoutModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lockout: this many failed logins for one username within the window locks it for the window.
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15"))

LANGUAGE_CODE = "vi"
# Always Vietnamese, whatever language the browser asks for (no LocaleMiddleware).
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

FORMAT_MODULE_PATH = ["quantriet.formats"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
# Uploads: imports of 44,000 members fit well within this.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(50 * 1024 * 1024)))

TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if os.environ.get("TASKS_BACKEND") == "immediate"
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default"],
    }
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = _env_bool(
    "SECURE_COOKIES", not DEBUG and not _env_bool("QUANTRIET_INSECURE_DEV_KEY")
)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Uploads, caches and rate limits.
# Upload bounds per kind of file (quantriet/uploads.py, docs/formats.md). Tables (rosters,
# attendance sheets) are bounded by IMPORT_MAX_BYTES above.
def _env_mb(name: str, default: float) -> int:
    return int(float(os.environ.get(name, str(default))) * 1024 * 1024)


UPLOAD_MAX_BYTES = {
    "reports": _env_mb("UPLOAD_MAX_MB_REPORTS", 100),  # .zip/.csv/.xlsx of learning reports
    "text": _env_mb("UPLOAD_MAX_MB_TEXT", 5),  # one learning report, a reference text
    "word": _env_mb("UPLOAD_MAX_MB_WORD", 5),  # an action program's .docx
    "attachment": _env_mb("UPLOAD_MAX_MB_ATTACHMENT", 20),  # documents, deliverables
    "evidence": _env_mb("UPLOAD_MAX_MB_EVIDENCE", 20),  # task progress evidence
    "scan": _env_mb("UPLOAD_MAX_MB_SCAN", 10),  # scan of a paper learning report
}
# Zip containers (.docx, .xlsx, .zip): bounds checked before anything unpacks them.
UPLOAD_ZIP_MAX_MEMBERS = int(os.environ.get("UPLOAD_ZIP_MAX_MEMBERS", "10000"))
UPLOAD_ZIP_MAX_UNCOMPRESSED = _env_mb("UPLOAD_ZIP_MAX_UNCOMPRESSED_MB", 300)
UPLOAD_ZIP_MAX_RATIO = int(os.environ.get("UPLOAD_ZIP_MAX_RATIO", "200"))
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "500000"))

# The cache behind the rate limits (quantriet/ratelimit.py). One process (`make run`): the
# default per-process memory cache. Several app processes must share their counts:
# CACHE_URL=redis://host:6379/0 (Django's RedisCache; needs the `redis` package) or
# CACHE_URL=db (Django's database cache; run `quantriet createcachetable` once).
_cache_url = os.environ.get("CACHE_URL", "")
if _cache_url.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": _cache_url}}
elif _cache_url in ("db", "database"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                          "LOCATION": "quantriet_cache"}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                          "LOCATION": "quantriet"}}
# How many reverse proxies (nginx, a load balancer) stand in front of the app and append to
# X-Forwarded-For; 0: the client is REMOTE_ADDR and X-Forwarded-For is ignored.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# "count/seconds" per fixed window. login_ip counts failed sign-ins from one address (a hall
# full of members signing in at once shares one address); qr_ip and qr_member count QR
# check-in requests. The operators' token API check-ins are never limited.
RATE_LIMITS = {
    "login_ip": os.environ.get("RATE_LIMIT_LOGIN_IP", "50/900"),
    "qr_ip": os.environ.get("RATE_LIMIT_QR_IP", "600/60"),
    "qr_member": os.environ.get("RATE_LIMIT_QR_MEMBER", "10/60"),
}

# Production security.
# Production is DEBUG off without the development key (tests, benchmarks and `make run`
# are not): there the site is HTTPS only unless told otherwise. docs/deploy.md.
_PRODUCTION = not DEBUG and not _env_bool("QUANTRIET_INSECURE_DEV_KEY")
# Behind nginx that terminates TLS, the app sees plain http: trust the proxy's
# X-Forwarded-Proto only when told the app is behind one (else a client could claim https).
if _env_bool("BEHIND_HTTPS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", _PRODUCTION)
# HSTS: browsers refuse plain http for the host for this long. includeSubDomains and
# preload are on by default for a site served at its own host name (hoctap.<province>...);
# turn them off (=0) when the host is a domain whose subdomains are not all HTTPS.
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS",
                                         "31536000" if _PRODUCTION else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = _env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
