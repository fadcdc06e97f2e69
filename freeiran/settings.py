"""Settings for the site, read from the environment.

Development defaults are local and safe (SQLite under ``var/``, debug off
unless ``DJANGO_DEBUG=1``). With debug off the site refuses to start without
a real secret key and a list of allowed hosts, so a forgotten variable in
production is a loud failure instead of an insecure site.
"""

import datetime
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from freeiran.environment import env_bool, env_int, env_list, env_str, tasks_backend

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("DJANGO_VAR_DIR") or BASE_DIR / "var")


def development_secret_key():
    """A per-checkout key kept in var/, so sessions survive a server restart."""
    path = VAR_DIR / "development-secret-key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(64))
    return path.read_text().strip()


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random value in production, "
            "or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = development_secret_key()
elif not DEBUG and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is too weak: use at least 50 random characters, e.g. "
        "python -c 'import secrets; print(secrets.token_urlsafe(64))'"
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS is not set. List the site's host names, comma-separated."
    )
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "taggit",
    "reversion",
    "django_filters",
    # The desk's rich-text editor: its static files (ProseMirror, icons).
    "django_prose_editor",
    # The project itself: its static files, templates' context and the demo site command.
    "freeiran",
    # The task queue's table and its admin (Task results); after freeiran, whose
    # db_worker command extends this app's.
    "django_tasks_db",
    "pagecache",
    "accounts",
    "posts",
    "media_gallery",
    "search",
    "desk",
    "wordpress",
    "audit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "freeiran.security.request_limits",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "freeiran.security.permissions_policy",
    "django.middleware.http.ConditionalGetMiddleware",
    # Old WordPress home-page addresses (/?s=…, /?p=…) go before any cached page answers.
    "search.middleware.legacy_search_redirect",
    "wordpress.legacy.legacy_home_redirect",
    # Cached pages are answered here, before sessions, CSRF and the views.
    "pagecache.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The request (its user and address) for the audit log's receivers.
    "audit.middleware.remember_request",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.second_factor_required",
    "freeiran.security.staff_uploads_only",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Old WordPress addresses the site does not answer (404s).
    "wordpress.legacy.LegacyURLMiddleware",
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Refuses sign-in attempts from a locked-out address first.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Passkeys: sign-in with no password, as strong as a password and a second factor.
    "django_otp_webauthn.backends.WebAuthnBackend",
]

ROOT_URLCONF = "freeiran.urls"
WSGI_APPLICATION = "freeiran.wsgi.application"

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
                "freeiran.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets visitors read while an editor or an import writes; IMMEDIATE
    # transactions take the write lock up front instead of failing midway.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
CSRF_FAILURE_VIEW = "accounts.views.csrf_refused"
LOGIN_REDIRECT_URL = "admin:index"

# Staff second factors (accounts/): "required" keeps every admin page from a
# session that has not passed one; "optional" (for development) offers them.
STAFF_2FA = env_str("DJANGO_STAFF_2FA", "optional" if DEBUG else "required")
if STAFF_2FA not in ("required", "optional"):
    raise ImproperlyConfigured(f"DJANGO_STAFF_2FA must be required or optional, not {STAFF_2FA!r}.")
# Passkeys are bound to the host staff sign in at (accounts/webauthn.py); set
# OTP_WEBAUTHN_RP_ID when the admin answers at several names of one domain.
OTP_WEBAUTHN_HELPER_CLASS = "accounts.webauthn.SiteWebAuthnHelper"
OTP_WEBAUTHN_RP_ID = env_str("OTP_WEBAUTHN_RP_ID")
OTP_WEBAUTHN_RP_ID_CALLABLE = "accounts.webauthn.relying_party_id"
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list("OTP_WEBAUTHN_ALLOWED_ORIGINS") or [
    f"{'https' if env_bool('DJANGO_HTTPS') else 'http'}://{host}"
    for host in ALLOWED_HOSTS or ["localhost:8000"]
    if host != "*" and not host.startswith(".")
]
# A username failing this often within the window, from anywhere, is slowed down:
# its password is checked once per SIGN_IN_SLOWDOWN_SECONDS (accounts/throttling.py).
SIGN_IN_SLOWDOWN_AFTER = env_int("SIGN_IN_SLOWDOWN_AFTER", 10)
SIGN_IN_SLOWDOWN_WINDOW = env_int("SIGN_IN_SLOWDOWN_WINDOW", 15 * 60)
SIGN_IN_SLOWDOWN_SECONDS = env_int("SIGN_IN_SLOWDOWN_SECONDS", 30)

# Email (notices to staff, accounts/notices.py): through EMAIL_HOST, or the
# machine's own mail server; printed to the console when debugging without one.
SMTP_HOST = env_str("EMAIL_HOST")
if DEBUG and not SMTP_HOST:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": SMTP_HOST or "localhost",
                "port": env_int("EMAIL_PORT", 587 if SMTP_HOST else 25),
                "username": env_str("EMAIL_HOST_USER"),
                "password": env_str("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", default=bool(SMTP_HOST)),
                "timeout": 10,
            },
        }
    }
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "webmaster@localhost")

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fa", "Persian")]
TIME_ZONE = env_str("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT") or VAR_DIR / "static")
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or VAR_DIR / "media")

# Every stored file's name is new (a random part, renditions a digest of
# their content), so browsers and CDNs may keep each one for a year.
MEDIA_CACHE_CONTROL = "public, max-age=31536000, immutable"

# Uploaded media on S3-compatible object storage when a bucket is named
# (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are read by boto3 itself);
# local files otherwise. Everything goes through the storage API either way.
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env_str("AWS_S3_REGION_NAME") or None,
            "custom_domain": env_str("AWS_S3_CUSTOM_DOMAIN") or None,
            "querystring_auth": False,
            "file_overwrite": False,
            "default_acl": env_str("AWS_DEFAULT_ACL") or None,
            "object_parameters": {"CacheControl": MEDIA_CACHE_CONTROL},
        },
    }
    MEDIA_ORIGIN = env_str("AWS_S3_CUSTOM_DOMAIN") or env_str("AWS_S3_ENDPOINT_URL")
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    MEDIA_ORIGIN = ""
# Small-site mode: the app serves local media itself (media_gallery/serving.py)
# until a web server in front takes /media/ over (deploy/nginx-freeiran.conf).
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", default=not AWS_STORAGE_BUCKET_NAME)
if SERVE_MEDIA and AWS_STORAGE_BUCKET_NAME:
    raise ImproperlyConfigured(
        "DJANGO_SERVE_MEDIA=1 serves local files, but AWS_STORAGE_BUCKET_NAME puts media "
        "on object storage, which serves them itself: unset one of the two."
    )

STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# The shared cache (pages, widgets, rate limits) of all app servers: Redis
# when REDIS_URL is set, failing soft (pagecache/backends.py); else local memory.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "pagecache.backends.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "freeiran",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Whole pages for anonymous visitors: only with a cache every process shares.
PAGE_CACHE = env_bool("DJANGO_PAGE_CACHE", default=bool(REDIS_URL))

TAGGIT_CASE_INSENSITIVE = True

# HTTPS-only production: secure cookies, HSTS and redirects. Behind a proxy
# that terminates TLS, DJANGO_SECURE_PROXY_SSL_HEADER=1 trusts its
# X-Forwarded-Proto header.
HTTPS = env_bool("DJANGO_HTTPS")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=True)
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy: no inline scripts or styles anywhere public; the
# only frames are the two video players, which the facade loads on a click.
# The admin works under the same policy (tests/browser/test_content_security_policy.py).
VIDEO_PLAYER_ORIGINS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
    "media-src": [CSP.SELF, *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-src": VIDEO_PLAYER_ORIGINS,
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    **({"upgrade-insecure-requests": True} if HTTPS else {}),
}

# Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT failures from an
# address for a username, or from an address at all, that address waits
# AXES_COOLOFF_TIME. Never by username alone: anyone could then lock anyone out.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"], "ip_address"]
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "freeiran.security.client_address"

# Proxies in front of the app servers (each appends to X-Forwarded-For);
# the visitor's address is read that many entries from the right.
PROXY_COUNT = env_int("DJANGO_PROXY_COUNT", 0)

# Live search: requests per address (django-ratelimit, in the shared cache).
LIVE_SEARCH_RATE = env_str("LIVE_SEARCH_RATE", "60/m")
# A search running longer than this is stopped and the visitor asked to
# refine it (PostgreSQL statement_timeout, an SQLite progress handler).
SEARCH_TIMEOUT_MS = env_int("SEARCH_TIMEOUT_MS", 3000)
# With the shared cache down, limits cannot be counted: let searches through.
RATELIMIT_FAIL_OPEN = True

# Background work (renditions, search-index refreshes; freeiran/tasks.py): queued
# in the database and run by `manage.py db_worker` in production; run right after
# the commit, in the process that queued it, when debugging and in the tests.
if tasks_backend() == "database":
    TASKS = {
        "default": {
            "BACKEND": "freeiran.tasks.RetryingDatabaseBackend",
            "OPTIONS": {
                # A failed task is tried this many times in all, waiting 30 s, 60 s, … between.
                "max_attempts": env_int("DJANGO_TASKS_MAX_ATTEMPTS", 3),
                "retry_seconds": env_int("DJANGO_TASKS_RETRY_SECONDS", 30),
                # A task "running" this long lost its worker; a starting worker takes it back.
                "stalled_seconds": env_int("DJANGO_TASKS_STALLED_SECONDS", 30 * 60),
            },
        }
    }
else:
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "WARNING")},
    # Each background task logs its start and end at INFO; failures still log as errors.
    "loggers": {"django.tasks": {"level": "WARNING"}},
}

# What the site calls itself, in the header, feeds and metadata.
SITE_NAME = env_str("SITE_NAME", "Free Iran")
OTP_WEBAUTHN_RP_NAME = OTP_TOTP_ISSUER = SITE_NAME
SITE_TAGLINE = env_str("SITE_TAGLINE", "Uniting for Freedom, Democracy & Equality")
POSTS_PER_PAGE = 10

# Media uploads. Files above FILE_UPLOAD_MAX_MEMORY_SIZE are spooled to a
# temporary file instead of memory; the MEDIA_* limits are checked on the
# file's content before anything is stored (media_gallery/validation.py).
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("DJANGO_FILE_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DJANGO_DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
DATA_UPLOAD_MAX_NUMBER_FILES = env_int("DJANGO_DATA_UPLOAD_MAX_NUMBER_FILES", 100)
MEDIA_MAX_UPLOAD_BYTES = env_int("MEDIA_MAX_UPLOAD_BYTES", 40 * 1024 * 1024)
MEDIA_MAX_VIDEO_BYTES = env_int("MEDIA_MAX_VIDEO_BYTES", 1024 * 1024 * 1024)
# Decoded pixels (width x height x frames) an upload may have: 80 MP covers
# 61 MP cameras and refuses decompression bombs before they are decoded.
MEDIA_MAX_PIXELS = env_int("MEDIA_MAX_PIXELS", 80_000_000)
GALLERIES_PER_PAGE = 12

# Request bodies larger than these are refused (413) before they are read:
# staff uploads in the admin (the largest video plus room for the form), and
# everything else (sign-in, the password of a protected post).
MAX_REQUEST_BYTES = env_int("DJANGO_MAX_REQUEST_BYTES", MEDIA_MAX_VIDEO_BYTES + 10 * 1024 * 1024)
PUBLIC_MAX_REQUEST_BYTES = env_int("DJANGO_PUBLIC_MAX_REQUEST_BYTES", 64 * 1024)

# How many revisions of each post and page `manage.py prune_revisions` keeps.
REVISIONS_KEEP = env_int("REVISIONS_KEEP", 50)

# How often an open post or page form renews its lock (desk/locks.py); a lock
# is free again after two missed beats.
POST_LOCK_HEARTBEAT_SECONDS = env_int("POST_LOCK_HEARTBEAT_SECONDS", 15)
