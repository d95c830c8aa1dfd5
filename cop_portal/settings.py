"""Settings for the CoP Portal, read from the environment.

Every variable is listed, with its default, in ``.env.example``. With nothing set the portal
runs in development mode: debug on, SQLite, media on local disk, e-mail printed to the
console and background tasks run at once, in the request.
"""

from pathlib import Path

import environ
from csp.constants import NONCE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=True)

if DEBUG:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="") or "insecure-development-key-do-not-use"
else:
    # No default: a production start without a secret key must fail loudly.
    SECRET_KEY = env.str("DJANGO_SECRET_KEY")

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "cop_portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Third party
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    # The portal, lowest layer first
    "core",
    "cop_portal",
    "accounts",
    "members",
    "committees",
    "twg",
    "repository",
    "discussions",
    "bulletin",
    "privacy",
    "monitoring",
    "milestones",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses the portal's HTML and other text (not files, not WhiteNoise's static files,
    # which come precompressed): below WhiteNoise, above everything that writes the body.
    "cop_portal.middleware.GZipMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cop_portal.middleware.RefuseNulBytesMiddleware",
    # A 503 while the database is out of reach: first to read the signed-in person (the session
    # and user queries), above everything else that reads the database.
    "cop_portal.middleware.DatabaseUnavailableMiddleware",
    "accounts.middleware.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.two_factor.SecondFactorMiddleware",
    "cop_portal.middleware.PermissionsPolicyMiddleware",
]

ROOT_URLCONF = "cop_portal.urls"
WSGI_APPLICATION = "cop_portal.wsgi.application"

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
                "cop_portal.context_processors.portal",
            ],
        },
    },
]

# Database: SQLite by default, PostgreSQL (with a connection pool) when DATABASE_URL says so.
DATABASES = {
    "default": env.db_url_config(
        env.str("DATABASE_URL", default="") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    ),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})
    # Django's backend, with a pool that checks all its connections when it finds one dead.
    DATABASES["default"]["ENGINE"] = "cop_portal.postgresql"
    if env.bool("DATABASE_POOL", default=True):
        DATABASES["default"]["OPTIONS"]["pool"] = {
            "min_size": env.int("DATABASE_POOL_MIN_SIZE", default=2),
            "max_size": env.int("DATABASE_POOL_MAX_SIZE", default=10),
            "timeout": 10,
        }
    else:
        DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    # With the pool, each connection is checked before a request gets it, and one found dead
    # has the whole pool checked (cop_portal/postgresql/base.py); without, a kept connection
    # is tested before reuse. Either way a connection the server dropped (a restart, a
    # failover) is replaced, never handed to a request.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers take the lock when their transaction starts, so two requests that both lock a
    # row (registration for the last place) queue instead of one failing "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: local memory by default, Redis when CACHE_URL says so. allauth's rate limits count
# in the cache, so production with several processes needs a shared one.
CACHES = {
    "default": env.cache_url_config(env.str("CACHE_URL", default="") or "locmemcache://cop-portal")
}

# Whole public pages for anonymous visitors (core.page_cache): the apps whose every write
# makes the stored pages stale, and the longest a page is kept (what depends on the time alone).
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=True)
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=60)
PAGE_CACHE_APPS = ["members", "committees", "twg", "repository", "bulletin"]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    # Rights from committee seats (reviewing and deciding membership applications).
    "committees.backends.SeatBackend",
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
LOGIN_URL = "account_login"
# Signing in lands on the person's start page (their own work); a ``next`` still wins.
LOGIN_REDIRECT_URL = "start"

# django-allauth: e-mail login, verified addresses, rate limits, TOTP two-factor.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupDetailsForm"
ACCOUNT_FORMS = {"signup": "accounts.signup.SignupForm"}
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[CoP Portal] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
# Five wrong passwords for one address within five minutes lock that address for the rest of
# the window, whatever comes next (the right password included).
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "signup": "20/m/ip",
    "login": "30/m/ip",
}
# Behind nginx, the number of proxies whose X-Forwarded-For allauth trusts for the client IP
# (1 with one nginx); 0 when clients connect directly. Rate limits per IP depend on it.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "CoP Portal"
MFA_RECOVERY_CODE_COUNT = 10

# Internationalisation
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("sw", _("Kiswahili"))]
# The portal's catalogue, then allauth's and Django's missing Kiswahili (docs/kiswahili.md).
LOCALE_PATHS = [
    BASE_DIR / "locale",
    BASE_DIR / "locale" / "allauth",
    BASE_DIR / "locale" / "django",
]
TIME_ZONE = "Africa/Nairobi"
USE_I18N = True
USE_TZ = True

# Static files: WhiteNoise, compressed and fingerprinted.
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"  # never served directly: downloads go through a permission-checking view
STORAGES = {
    "default": {
        "BACKEND": env.str("STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage")
    },
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
if STORAGES["default"]["BACKEND"] == "storages.backends.s3.S3Storage":
    STORAGES["default"]["OPTIONS"] = {
        "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
        "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
        "region_name": env.str("AWS_S3_REGION_NAME", default=None),
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
    }
WHITENOISE_MAX_AGE = 31536000 if not DEBUG else 0
# Protected media in production: the web server sends files named by X-Accel-Redirect.
PROTECTED_MEDIA_ACCEL_PREFIX = env.str("PROTECTED_MEDIA_ACCEL_PREFIX", default="")

# E-mail: printed to the console by default; EMAIL_URL (smtp://, smtp+tls://) selects SMTP.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
if env.str("EMAIL_URL", default=""):
    globals().update(env.email_url("EMAIL_URL"))
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=15)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="CoP Portal <noreply@cop.example.org>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
ADMINS = [("Administration team", a) for a in env.list("DJANGO_ADMINS", default=[])]

# Background tasks: run at once in development; the database backend with a
# `manage.py db_worker` process in production.
TASKS = {
    "default": {
        "BACKEND": env.str(
            "TASK_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend"
        ),
    }
}

# Forms
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Request and upload limits
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
FILE_UPLOAD_MAX_MEMORY_SIZE = env.int("FILE_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
MAX_UPLOAD_SIZE = env.int("MAX_UPLOAD_SIZE", default=50 * 1024 * 1024)
# Due-diligence documents of a membership application (PDF, PNG, JPEG) and logos.
APPLICATION_DOCUMENT_MAX_SIZE = env.int("APPLICATION_DOCUMENT_MAX_SIZE", default=10 * 1024 * 1024)
LOGO_MAX_SIZE = env.int("LOGO_MAX_SIZE", default=1024 * 1024)
# Files of the knowledge repository (documents and their versions).
REPOSITORY_MAX_SIZE = env.int("REPOSITORY_MAX_SIZE", default=50 * 1024 * 1024)
# How long an e-mailed invitation (to join an organisation or to apply) stays valid, in days.
INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=14)
FILE_UPLOAD_PERMISSIONS = 0o640

# Document repository: text taken from inside uploaded files for search. It is read in a
# subprocess with these limits (characters kept, seconds, megabytes of address space).
REPOSITORY_TEXT_MAX_CHARS = env.int("REPOSITORY_TEXT_MAX_CHARS", default=1_000_000)
REPOSITORY_EXTRACT_TIMEOUT = env.int("REPOSITORY_EXTRACT_TIMEOUT", default=60)
REPOSITORY_EXTRACT_MEMORY_MB = env.int("REPOSITORY_EXTRACT_MEMORY_MB", default=512)
# OCR of scanned pages and images with Tesseract (decision 0025): pages per document, and
# seconds for all of them.
REPOSITORY_OCR = env.bool("REPOSITORY_OCR", default=True)
REPOSITORY_OCR_MAX_PAGES = env.int("REPOSITORY_OCR_MAX_PAGES", default=50)
REPOSITORY_OCR_TIMEOUT = env.int("REPOSITORY_OCR_TIMEOUT", default=300)

# Bulletin distribution (bulletin.sending): messages per batch (one task, one SMTP
# connection), seconds a worker holds the rows it claimed before another may take them over,
# the first retry delay after a temporary SMTP failure (doubled at each attempt) and the
# attempts before an address is given up.
BULLETIN_SEND_BATCH = env.int("BULLETIN_SEND_BATCH", default=200)
BULLETIN_SEND_LEASE = env.int("BULLETIN_SEND_LEASE", default=600)
BULLETIN_RETRY_DELAY = env.int("BULLETIN_RETRY_DELAY", default=300)
BULLETIN_MAX_ATTEMPTS = env.int("BULLETIN_MAX_ATTEMPTS", default=10)
# Public sign-up: at most one confirmation e-mail per address per interval (seconds), and
# how long a confirmation link stays valid (seconds).
BULLETIN_CONFIRMATION_INTERVAL = env.int("BULLETIN_CONFIRMATION_INTERVAL", default=900)
BULLETIN_CONFIRMATION_MAX_AGE = env.int("BULLETIN_CONFIRMATION_MAX_AGE", default=7 * 24 * 3600)

# Security headers. Cookies carry the __Host- prefix outside debug: secure, host-only, path /.
CSRF_FAILURE_VIEW = "cop_portal.views.csrf_failure"
# Messages ride in the session (its cookie is __Host- prefixed), not in a cookie of their own.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_SECURE = True
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    LANGUAGE_COOKIE_SECURE = True
    LANGUAGE_COOKIE_NAME = "__Host-language"

# Content Security Policy: scripts only from this origin and carrying the request's nonce;
# no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=()"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.request": {"level": "ERROR"}},
}
