"""Joinedup settings: one module, read from JOINEDUP_* environment variables.

Every value that differs between a laptop demo, CI and production comes from the
environment; nothing else does. See the configuration table in README.md.
"""

import base64
import datetime
import importlib.util
import os
import secrets
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import dj_database_url
from csp.constants import NONCE, SELF
from django.core.exceptions import ImproperlyConfigured

SRC_DIR = Path(__file__).resolve().parent
REPO_DIR = SRC_DIR.parent.parent


def env(name: str, default: str = "") -> str:
    """Return the JOINEDUP_<name> environment variable, or the default."""
    return os.environ.get(f"JOINEDUP_{name}", default)


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def env_bool(name: str, default: bool) -> bool:
    """Return JOINEDUP_<name> read as a boolean (1/true/yes/on or 0/false/no/off).

    Anything else ("ture") stops start-up: a typo must not quietly turn a setting off.
    """
    value = os.environ.get(f"JOINEDUP_{name}")
    if value is None or value.strip() == "":
        return default
    word = value.strip().lower()
    if word not in TRUE_WORDS | FALSE_WORDS:
        raise ImproperlyConfigured(
            f"JOINEDUP_{name}={value!r} is not a yes or no: "
            "use 1, true, yes, on, 0, false, no or off"
        )
    return word in TRUE_WORDS


VAR_DIR = Path(env("VAR_DIR", str(REPO_DIR / "var"))).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """Return the configured secret key, or one generated once into var/ and kept there."""
    configured = env("SECRET_KEY")
    if configured:
        return configured
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        # O_EXCL so two processes starting at once cannot write two different keys.
        try:
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()


def _field_keys() -> list[str]:
    """Keys that encrypt personal details at rest (referrals, confidential locations), newest first.

    JOINEDUP_FIELD_KEY holds one Fernet key, or several separated by commas to rotate: the first
    encrypts, every one decrypts (docs/data-protection.md, "Rotating the field key"). Absent, a key
    is generated once into var/field_key, like the secret key.
    """
    configured = env("FIELD_KEY")
    if configured:
        return [k.strip() for k in configured.split(",") if k.strip()]
    key_file = VAR_DIR / "field_key"
    if not key_file.exists():
        try:
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                # A Fernet key: 32 random bytes, url-safe base64.
                handle.write(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
    return [key_file.read_text().strip()]


FIELD_KEYS = _field_keys()
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = [h.strip() for h in env("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
# HTTPS defaults on outside debug; the local demo on http://127.0.0.1 turns it off explicitly.
HTTPS = env_bool("HTTPS", not DEBUG)
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

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
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "corsheaders",
    "django_tasks",
    "django_tasks_db",
    "joinedup.core",
    "joinedup.directory",
    "joinedup.pathways",
    "joinedup.casestudies",
    "joinedup.events",
    "joinedup.directory.imports",
    "joinedup.cafe",
    "joinedup.referrals",
    "joinedup.followup",
    "joinedup.network",
    # the top layer, last: its dashboard panel comes after every app's
    "joinedup.api",
]

MIDDLEWARE = [
    # first: it times and counts every response, whatever the others do (core/metrics.py)
    "joinedup.core.metrics.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # before CommonMiddleware, as django-cors-headers asks; it acts on /api/oruk/ only
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # gives request.user.is_verified(): signed in with a second factor in this session
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "joinedup.core.middleware.CurrentPlaceMiddleware",
    "joinedup.core.middleware.SessionLimitsMiddleware",
    "joinedup.core.middleware.PrivateResponseMiddleware",
    # convenors and site admins reach no page before their second factor (core/mfa.py)
    "joinedup.core.middleware.MfaRequiredMiddleware",
    # last, as django-axes asks: it turns a locked-out sign-in into our lockout page
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "joinedup.urls"

# CORS: the open Open Referral UK API may be read from any origin (ORUK asks for `*`); nothing
# else answers another origin. The app API (/api/v1/) takes bearer tokens, not cookies, and
# is for programs, not other sites' pages, so it gets no CORS headers.
CORS_URLS_REGEX = r"^/api/oruk/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_CREDENTIALS = False
WSGI_APPLICATION = "joinedup.wsgi.application"
FORM_RENDERER = "joinedup.core.forms.GovukFormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "joinedup.core.context_processors.joinedup",
            ],
        },
    },
]

# --- database -------------------------------------------------------------------------------

SQLITE_OPTIONS = {
    # IMMEDIATE takes the write lock at BEGIN, so concurrent writers queue on busy_timeout
    # instead of failing with "database is locked" half-way through a transaction.
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": (
        "PRAGMA journal_mode=WAL;"
        "PRAGMA synchronous=NORMAL;"
        "PRAGMA busy_timeout=20000;"
        "PRAGMA foreign_keys=ON;"
        "PRAGMA temp_store=MEMORY;"
        "PRAGMA cache_size=-64000;"
    ),
}

DATABASE_URL = env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'joinedup.sqlite3'}")
# Seconds a process (and thread) keeps its database connection; 0 opens one per request.
# 60 on both databases: on SQLite a new connection (open, the PRAGMAs above, close) costs
# about 5 ms of CPU a request under live capture (docs/benchmarks.md), as much as the rest
# of a save. `restore` is run with the server stopped (docs/deployment.md), so no kept
# connection holds the old file.
DB_CONN_MAX_AGE = int(env("DB_CONN_MAX_AGE", "60"))
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=DB_CONN_MAX_AGE)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = dict(SQLITE_OPTIONS)
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Behind PgBouncer in transaction mode a server-side cursor (queryset.iterator()) would
    # outlive the transaction that pooled its connection (docs/deployment.md, PgBouncer).
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool("PGBOUNCER", False)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- people ---------------------------------------------------------------------------------

AUTH_USER_MODEL = "core.User"
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
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out sign-in before any password is checked
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading the signed-in person with one fixed SQL string
    "joinedup.core.backends.UserBackend",
]
# Sign-in throttling (django-axes). A lock holds one account from one address, so an attacker
# elsewhere cannot lock the person out, and a venue's shared address does not lock a room of
# attendees out: each of them is a different account.
AXES_FAILURE_LIMIT = int(env("SIGN_IN_FAILURES", "10"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(env("SIGN_IN_LOCK_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "joinedup.core.signin.lockout_response"
AXES_CLIENT_IP_CALLABLE = "joinedup.core.clientip.axes_client_address"
AXES_USERNAME_CALLABLE = "joinedup.core.signin.axes_username"
# our sign-in form calls the email field "username"; axes would otherwise look for "email"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False
# Sign-ins are in our own audit log; axes keeps only the failed attempts it counts.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False
# Proxies whose X-Forwarded-For we believe (addresses or networks, comma-separated).
TRUSTED_PROXIES = [p.strip() for p in env("TRUSTED_PROXIES").split(",") if p.strip()]
# Two-factor sign-in (core/mfa.py): convenors and site admins must confirm each sign-in with
# a code from an authenticator app (TOTP) or a single-use recovery code. Off only for a local
# demo (`make demo`); docs/deployment.md says why.
MFA_REQUIRED = env_bool("MFA_REQUIRED", True)
MFA_RECOVERY_CODES = 10
OTP_TOTP_ISSUER = "Joinedup"
# Each wrong code doubles the wait before the next try (1 s, 2 s, 4 s ... per device).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# The admin never shows a device's secret key or its QR code.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2
PASSWORD_RESETS_PER_EMAIL_HOUR = int(env("PASSWORD_RESETS_PER_EMAIL_HOUR", "3"))
PASSWORD_RESETS_PER_ADDRESS_HOUR = int(env("PASSWORD_RESETS_PER_ADDRESS_HOUR", "30"))

# --- security -------------------------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Django's database sessions, read with one fixed SQL string (core/sessions.py)
SESSION_ENGINE = "joinedup.core.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Signed out after 30 minutes without a request, and 12 hours after signing in (ASVS 7.3).
SESSION_IDLE_SECONDS = int(env("SESSION_IDLE_MINUTES", "30")) * 60
SESSION_MAX_SECONDS = int(env("SESSION_MAX_HOURS", "12")) * 60 * 60
SESSION_COOKIE_AGE = SESSION_MAX_SECONDS
if HTTPS:
    SECURE_SSL_REDIRECT = env_bool("SSL_REDIRECT", True)
    # monitors and load balancers ask each node directly over plain HTTP on its private port
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # __Host- cookies are only accepted over HTTPS, on this host, with path /.
    SESSION_COOKIE_NAME = "__Host-joinedup_session"
    CSRF_COOKIE_NAME = "__Host-joinedup_csrftoken"
CSRF_TRUSTED_ORIGINS = [o for o in env("CSRF_TRUSTED_ORIGINS").split(",") if o]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": ["'none'"],
        "base-uri": [SELF],
        "object-src": ["'none'"],
        "report-uri": ["/csp-report/"],
    },
}

# --- static files ---------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [SRC_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG and env("STATIC_MANIFEST", "1") == "1"
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploads and generated files (today: Open Referral uploads waiting for their import job) go
# to the default storage. With several nodes it must be shared: JOINEDUP_MEDIA_DIR on a shared
# file system (NFS), or an S3-compatible bucket (JOINEDUP_S3_BUCKET) through django-storages.
MEDIA_ROOT = Path(env("MEDIA_DIR", str(VAR_DIR / "media"))).resolve()
MEDIA_URL = "/media/"  # never served: files are read by the app and sent by its own views
S3_BUCKET = env("S3_BUCKET")
if S3_BUCKET:
    if importlib.util.find_spec("storages") is None:
        raise ImproperlyConfigured(
            "JOINEDUP_S3_BUCKET is set but django-storages is not installed: "
            "pip install 'joinedup[s3]' (django-storages and boto3, pinned; "
            "docs/deployment.md, Shared files)"
        )
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env("S3_ENDPOINT_URL") or None,
            "region_name": env("S3_REGION") or None,
            "access_key": env("S3_ACCESS_KEY_ID") or None,
            "secret_key": env("S3_SECRET_ACCESS_KEY") or None,
            "location": env("S3_PREFIX", "joinedup"),
            # private objects, never overwritten, fetched by the app (no public URLs)
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- email ----------------------------------------------------------------------------------
# Every message is written to the outbox table first; JOINEDUP_EMAIL_URL says whether it then
# leaves the machine: "outbox:" (default, nothing leaves) or smtp[s]://user:pass@host:port.

EMAIL_URL = env("EMAIL_URL", "outbox:")
EMAIL_BACKEND = "joinedup.core.mail.OutboxBackend"
DEFAULT_FROM_EMAIL = env("FROM_EMAIL", "Joinedup <noreply@joinedup.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
_email = urlparse(EMAIL_URL)
EMAIL_DELIVERY = "smtp" if _email.scheme in {"smtp", "smtps", "submission"} else "outbox"
if EMAIL_DELIVERY == "smtp":
    _query = parse_qs(_email.query)
    EMAIL_HOST = _email.hostname or "localhost"
    EMAIL_PORT = _email.port or (465 if _email.scheme == "smtps" else 25)
    EMAIL_HOST_USER = unquote(_email.username or "")
    EMAIL_HOST_PASSWORD = unquote(_email.password or "")
    EMAIL_USE_SSL = _email.scheme == "smtps"
    EMAIL_USE_TLS = _email.scheme == "submission" or _query.get("tls", ["0"])[0] == "1"
    EMAIL_TIMEOUT = 30

# A message that could not be sent (and certainly did not leave) is tried again after 1, 5,
# 25, 125 ... minutes, EMAIL_MAX_ATTEMPTS times in all (core/mail.py).
EMAIL_MAX_ATTEMPTS = int(env("EMAIL_MAX_ATTEMPTS", "5"))
EMAIL_RETRY_FIRST_MINUTES = float(env("EMAIL_RETRY_FIRST_MINUTES", "1"))

# --- background tasks -----------------------------------------------------------------------

TASKS_MODE = env("TASKS", "database")
REDIS_URL = env("REDIS_URL", "redis://127.0.0.1:6379/0")
if TASKS_MODE == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
elif TASKS_MODE == "rq":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 3600}}
elif TASKS_MODE == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
else:
    raise ValueError(f"JOINEDUP_TASKS is {TASKS_MODE!r}; set it to database, rq or immediate")
# The worker beats its heart (core.WorkerHeartbeat) every HEARTBEAT_EVERY seconds; /healthz
# calls the worker silent when the freshest beat is older than HEARTBEAT_STALE_AFTER.
HEARTBEAT_EVERY = float(env("HEARTBEAT_EVERY", "10"))
HEARTBEAT_STALE_AFTER = float(env("HEARTBEAT_STALE_AFTER", "60"))
# The worker's sweep (core/sweep.py): how often it runs, and after how many seconds without
# progress a queued delivery or a job's step counts as lost and is queued again.
SWEEP_EVERY = float(env("SWEEP_EVERY", "60"))
SWEEP_STALE_AFTER = float(env("SWEEP_STALE_AFTER", "300"))
# How often the worker's periodic job sweeps referrals for reminders, escalations and expiry
# (referrals/periodic.py, core/schedule.py).
REFERRAL_SWEEP_EVERY = float(env("REFERRAL_SWEEP_EVERY", "300"))

# --- referrals ------------------------------------------------------------------------------

# A referral's personal details are erased this many days after it closes.
REFERRAL_RETENTION_DAYS = int(env("REFERRAL_RETENTION_DAYS", "90"))
# How a step's reply-due hours count: "working" (Monday to Friday 09:00-17:00 without bank
# holidays of England and Wales) or "calendar".
REFERRAL_HOURS = env("REFERRAL_HOURS", "working")
if REFERRAL_HOURS not in ("working", "calendar"):
    raise ValueError(f"JOINEDUP_REFERRAL_HOURS is {REFERRAL_HOURS!r}; set working or calendar")
# After the reminder (at the due time), the referral escalates this many hours (counted the
# same way) later when still unanswered.
REFERRAL_ESCALATE_AFTER_HOURS = int(env("REFERRAL_ESCALATE_AFTER_HOURS", "8"))
# A referral nobody answered expires this many days after it was sent.
REFERRAL_EXPIRE_DAYS = int(env("REFERRAL_EXPIRE_DAYS", "30"))
# Periodic jobs (core/schedule.py): how often the worker looks for jobs that are due, and how
# many days finished background-task results are kept.
PERIODIC_EVERY = float(env("PERIODIC_EVERY", "60"))
TASK_RESULTS_DAYS = int(env("TASK_RESULTS_DAYS", "14"))
# Upload limits: an Open Referral UK (HSDS) file, a directory spreadsheet (megabytes) and the
# rows of one spreadsheet import. The proxy in front must allow these sizes too.
HSDS_MAX_MB = float(env("HSDS_MAX_MB", "100"))
IMPORT_MAX_MB = float(env("IMPORT_MAX_MB", "10"))
IMPORT_MAX_ROWS = int(env("IMPORT_MAX_ROWS", "20000"))
# Retention (docs/data-protection.md, the privacy notice): periodic jobs erase, each erasure
# audited. Access needs and dietary requirements, days after the event's date; the text, HTML
# and attachments of outbox messages (the subject, recipients and status stay), days after
# they were written; the free-text answers of the feedback survey, days after they were given.
RETAIN_EVENT_NEEDS_DAYS = int(env("RETAIN_EVENT_NEEDS_DAYS", "7"))
RETAIN_OUTBOX_BODY_DAYS = int(env("RETAIN_OUTBOX_BODY_DAYS", "90"))
RETAIN_FEEDBACK_TEXT_DAYS = int(env("RETAIN_FEEDBACK_TEXT_DAYS", "365"))

# --- the rest -------------------------------------------------------------------------------

# RSVP rate limits and insight counts live in the cache: per process by default, shared by
# every process when Redis is configured (JOINEDUP_CACHE=redis, or with the RQ task backend).
if env("CACHE", "redis" if TASKS_MODE == "rq" else "local") == "redis":
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Redis is in use (tasks or cache): /healthz pings it.
REDIS_CONFIGURED = TASKS_MODE == "rq" or "redis" in CACHES["default"]["BACKEND"]

# Nominations from RSVP links (issue 16, finding 7): how many colleagues one invitation may
# suggest, and how many nominations an event takes in all, so that a link cannot be used to
# make us email many outside addresses.
# RSVP, offer and feedback links: requests per link, and guesses (tokens that match nothing)
# per address, in 10 minutes (events/ratelimit.py).
RSVP_LIMIT_PER_LINK = int(env("RSVP_LIMIT_PER_LINK", "60"))
RSVP_LIMIT_BAD_LINKS_PER_ADDRESS = int(env("RSVP_LIMIT_BAD_LINKS_PER_ADDRESS", "60"))
# Invitation links to a role and public report links: requests per address per 10 minutes.
JOIN_LIMIT_PER_ADDRESS = int(env("JOIN_LIMIT_PER_ADDRESS", "30"))
PUBLIC_REPORT_LIMIT_PER_ADDRESS = int(env("PUBLIC_REPORT_LIMIT_PER_ADDRESS", "120"))
NOMINATIONS_PER_INVITATION = int(env("NOMINATIONS_PER_INVITATION", "1"))
NOMINATIONS_PER_EVENT = int(env("NOMINATIONS_PER_EVENT", "20"))
# The app API (/api/v1/, api/v1.py): requests per token per minute; a token's "last used" is
# written at most once in this many seconds (one write per request would cost a write per read).
API_REQUESTS_PER_MINUTE = int(env("API_REQUESTS_PER_MINUTE", "120"))
API_LAST_USED_EVERY = int(env("API_LAST_USED_EVERY", "60"))
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
SERVICE_NAME = "Joinedup"
PHASE = env("PHASE", "Alpha")

# /metrics (core/metrics.py): prometheus_client's multiprocess mode keeps each process's
# counters in files in this folder, one folder per node (deploy/gunicorn.conf.py empties it at
# start). Addresses or networks allowed to read /metrics, comma-separated; empty = anyone.
METRICS_DIR = Path(env("METRICS_DIR", str(VAR_DIR / "metrics"))).resolve()
METRICS_DIR.mkdir(parents=True, exist_ok=True)
os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(METRICS_DIR)
METRICS_ALLOWED_IPS = [a.strip() for a in env("METRICS_ALLOWED_IPS").split(",") if a.strip()]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_tokens": {"()": "joinedup.core.log_filters.RedactTokens"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact_tokens"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        # Request lines carry RSVP tokens in their paths; never log them.
        "gunicorn.access": {"level": "WARNING"},
        "django.server": {"level": "WARNING"},
    },
}
