"""Settings for the SPBE OPD Portal: one module, every deployment difference from the environment.

Embedded default (no environment at all besides DEBUG=1): SQLite file in the project, Celery
tasks run in-process, files on local disk, e-mail printed to the console. Production
(docker-compose.yml): DEBUG off, SECRET_KEY required, PostgreSQL via DATABASE_URL, Redis via
REDIS_URL, secure cookies and headers.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "ya"}


def env_int(name: str, default: int) -> int:
    value = env_str(name)
    return int(value) if value else default


def env_list(name: str, default: list[str]) -> list[str]:
    value = env_str(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY wajib diisi bila DEBUG mati (production). "
            "Set environment variable SECRET_KEY, or DEBUG=1 for local development."
        )
    SECRET_KEY = "django-insecure-dev-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# The pemerintah daerah this deployment serves: shown in the header, on reports and e-mails.
PEMDA_NAMA = env_str("PEMDA_NAMA", "Pemerintah Provinsi Sulawesi Barat")
PEMDA_SINGKAT = env_str("PEMDA_SINGKAT", "Sulawesi Barat")
PEMDA_LOGO = env_str("PEMDA_LOGO", "img/logo-pemda.svg")  # path under static/
PEMDA_KOTA = env_str("PEMDA_KOTA", "Mamuju")  # where documents are signed (berita acara)
PEMDA_KONTAK = env_str(  # shown in the footer of public pages
    "PEMDA_KONTAK",
    "Dinas Komunikasi, Informatika, Persandian dan Statistik · diskominfo@sulbarprov.go.id",
)
# Where e-mailed links point (mails sent by beat and workers have no request to ask).
PORTAL_URL = env_str("PORTAL_URL", "http://localhost:8000")
# Deadline reminders: this many days before each deadline, each sent once per user.
# The improvement plan raises an indicator at most this many levels a year (0: no limit).
SARAN_MAKS_NAIK = env_int("SARAN_MAKS_NAIK", 1)
PENGINGAT_HARI = tuple(int(h) for h in env_list("PENGINGAT_HARI", ["14", "7", "1"]))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "import_export",
    "axes",
    "simple_history",
    "opd",
    "evaluasi",
    "arsitektur",
    "jaringan",
    "tpp",
    "notifikasi",
    # The top layer: the access module and the commands that may use every app (seed_demo).
    "spbe_portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Gzip (SPEC §16): pages only, not downloads (spbe_portal/kompresi.py). Above every
    # middleware that reads or changes the body, so it compresses their final result; below
    # WhiteNoise (inserted at 1), which sends static files compressed already.
    "spbe_portal.kompresi.GZipHalamanMiddleware",
    # Before anything reads the body: refuses one larger than REQUEST_MAX_BYTES (413).
    "spbe_portal.uploads.UploadLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Searches and filters never see a NUL byte (PostgreSQL text refuses it: a 500).
    "spbe_portal.middleware.QueryTanpaNulMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Hands the logged-in user to django-simple-history, so each history row says who acted.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "spbe_portal.middleware.ContentSecurityPolicyMiddleware",
    "spbe_portal.middleware.NoStoreForSignedInMiddleware",
    # An object store that is down answers with an Indonesian 503 page, not a traceback.
    "spbe_portal.middleware.PenyimpananGagalMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

if not DEBUG:
    # Production serves the collected, compressed static files itself (no CDN, no extra nginx
    # rule); in development runserver and the test live server serve them from static/.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "spbe_portal.urls"
WSGI_APPLICATION = "spbe_portal.wsgi.application"
ASGI_APPLICATION = "spbe_portal.asgi.application"

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
                "opd.context_processors.portal",
                "evaluasi.context_processors.periode",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite keeps one connection per thread; a persistent one gains nothing.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # A file, not memory, so a real Celery worker started by a test sees the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "test-db.sqlite3")}
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        # Web workers and the Celery worker write to one file. A transaction that read first
        # cannot wait for the write lock later (SQLite answers "database is locked" at once to
        # avoid a deadlock), so every transaction takes it at BEGIN and a busy writer makes the
        # others wait up to SQLITE_TIMEOUT seconds instead of failing.
        "timeout": env_int("SQLITE_TIMEOUT", 20),
        "transaction_mode": "IMMEDIATE",
        # Write-ahead log: readers never wait for a writer (a long import does not stall the
        # pages) and vice versa. Needs a local disk; SQLITE_WAL=0 keeps the rollback journal.
        # The mode is stored in the file; a new test database (deleted first) starts clean.
        "init_command": "PRAGMA journal_mode=WAL" if env_bool("SQLITE_WAL", default=True) else "",
    }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Read replica (SPEC §16) ----------------------------------------------------------------
# DATABASE_REPLICA_URL (same form as DATABASE_URL): dashboard and report reads go there, marked
# in the code by spbe_portal.replika.baca_replika; every write and everything else stays on
# default. Without it the router answers "default" after one context-variable check.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=60, conn_health_checks=True
    )
    # Tests read the test database through the replica alias (no second database is made).
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["spbe_portal.replika.ReplikaRouter"]

# --- Users and login ------------------------------------------------------------------------
AUTH_USER_MODEL = "opd.Pengguna"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses logins while locked out
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "akun:masuk"
LOGIN_REDIRECT_URL = "beranda"
LOGOUT_REDIRECT_URL = "akun:masuk"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3  # three days: new users get a set-password link

# Failed-login throttling (django-axes): 5 failures for one username from one address lock
# that pair for 15 minutes; a successful login resets the counter.
AXES_ENABLED = env_bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "akun/terkunci.html"
# Behind N reverse proxies every request comes from the nearest one; the client address is
# then the N-th X-Forwarded-For entry from the right (spbe_portal/klien.py), never one the
# client wrote itself. 0 = no proxy: REMOTE_ADDR, the header is ignored.
AXES_IPWARE_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "spbe_portal.klien.alamat_klien"

SESSION_COOKIE_AGE = 60 * 60 * 8  # one working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

# --- Single sign-on (OpenID Connect, mozilla-django-oidc; opd/sso.py) -------------------------
# Off unless OIDC_RP_CLIENT_ID is set; then the endpoints below are required (no discovery:
# copy them from the provider's .well-known/openid-configuration). Accounts are matched by
# username or verified e-mail, never given a role (README, "Masuk dengan SSO").
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT")
OIDC_OP_LOGOUT_ENDPOINT = env_str("OIDC_OP_LOGOUT_ENDPOINT")  # optional: ends the SSO session too
OIDC_OP_ISSUER = env_str("OIDC_OP_ISSUER")  # optional: the id_token's iss must equal it
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = "openid email profile"
OIDC_NAMA = env_str("OIDC_NAMA", "SSO")  # shown on the login button, e.g. "Keycloak Pemda"
OIDC_CREATE_USER = env_bool("OIDC_CREATE_USER", default=False)  # unknown people: role-less account
OIDC_USE_PKCE = env_bool("OIDC_USE_PKCE", default=True)
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 10)  # seconds per call to the provider
OIDC_LEEWAY_SECONDS = 60  # clock skew tolerated on the id_token's exp/iat
OIDC_STORE_ID_TOKEN = bool(OIDC_OP_LOGOUT_ENDPOINT)  # the id_token_hint of the SSO logout
OIDC_AUTHENTICATION_CALLBACK_URL = "akun:sso_kembali"
if OIDC_RP_CLIENT_ID:
    _oidc_wajib = ["OIDC_RP_CLIENT_SECRET", "OIDC_OP_AUTHORIZATION_ENDPOINT"]
    _oidc_wajib += ["OIDC_OP_TOKEN_ENDPOINT", "OIDC_OP_USER_ENDPOINT"]
    if not OIDC_RP_SIGN_ALGO.startswith("HS"):  # HS256 is checked with the client secret
        _oidc_wajib.append("OIDC_OP_JWKS_ENDPOINT")
    _oidc_kurang = ", ".join(name for name in _oidc_wajib if not globals()[name])
    if _oidc_kurang:
        raise ImproperlyConfigured(f"OIDC_RP_CLIENT_ID diisi, tetapi belum: {_oidc_kurang}")
# Always listed: it answers None while SSO is off. After axes, so local logins stay throttled;
# SSO callbacks are no password guesses and are not counted (opd.sso.bukan_tebakan_sandi).
AUTHENTICATION_BACKENDS = [*AUTHENTICATION_BACKENDS, "opd.sso.SsoBackend"]
AXES_WHITELIST_CALLABLE = "opd.sso.bukan_tebakan_sandi"

# --- Language, time, numbers ----------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia")]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Makassar")
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static and uploaded files ---------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Files that must never be served by URL (evidence, uploaded spreadsheets awaiting
# confirmation, generated reports): only permission-checked views read them.
PRIVATE_ROOT = Path(env_str("PRIVATE_ROOT", str(BASE_DIR / "private")))
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_MB", 5) * 1024 * 1024
# Data rows one spreadsheet import may hold (blank rows do not count); reading stops past it.
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 20_000)
# Spreadsheets with more data rows than this are previewed and imported by the background
# worker (with a progress bar) instead of inside the upload request.
IMPORT_SYNC_MAX_ROWS = env_int("IMPORT_SYNC_MAX_ROWS", 300)
BUKTI_MAX_BYTES = env_int("BUKTI_MAX_MB", 20) * 1024 * 1024
# One MRTG .log file (a year of MRTG's consolidated lines is well under 1 MB).
MRTG_MAX_BYTES = env_int("MRTG_MAX_MB", 5) * 1024 * 1024
# One request carries at most the largest single upload plus 1 MB for the form around it;
# the reverse proxy's client_max_body_size should say the same (README, "Request limits").
REQUEST_MAX_BYTES = (
    env_int("REQUEST_MAX_MB", max(BUKTI_MAX_BYTES, IMPORT_MAX_BYTES) // (1024 * 1024) + 1)
    * 1024
    * 1024
)
DATA_UPLOAD_MAX_NUMBER_FILES = env_int("UPLOAD_MAX_FILES", 10)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # Django's default, for the non-file fields of a form
FILE_UPLOAD_HANDLERS = [
    "spbe_portal.uploads.UploadLimitHandler",  # first: stops a body that outgrows the limit
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# How evidence downloads are sent once the permission check passed: "django" streams the file;
# "nginx" answers with X-Accel-Redirect to SENDFILE_URL_PREFIX (an `internal` location whose
# alias is PRIVATE_ROOT); "apache" answers with X-Sendfile and the absolute path.
SENDFILE_MODE = env_str("SENDFILE_MODE", "django")
SENDFILE_URL_PREFIX = env_str("SENDFILE_URL_PREFIX", "/_private/")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Private files: local folder or S3-compatible object storage (issue 19) -----------------
# Every private file (evidence, documents, reports, import uploads) goes through the storage
# aliased "private" (spbe_portal/files.py). Without a bucket it is PRIVATE_ROOT on local disk;
# with AWS_STORAGE_BUCKET_NAME set, a private bucket through django-storages, and web replicas
# then write nothing but temp files to local disk.
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
# How downloads leave once the permission check passed, with object storage: "stream" (through
# this process) or "redirect" (302 to a signed URL valid PRIVATE_URL_EXPIRE_SECONDS).
PRIVATE_DOWNLOAD = env_str("PRIVATE_DOWNLOAD", "stream")
PRIVATE_URL_EXPIRE_SECONDS = env_int("PRIVATE_URL_EXPIRE_SECONDS", 60)


def private_s3_storage(bucket: str, *, endpoint_url: str = "", location: str = "private") -> dict:
    """The STORAGES entry of a private bucket (also used by the tests' local S3 server)."""
    from botocore.config import Config

    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url or None,
            "access_key": env_str("AWS_ACCESS_KEY_ID") or None,
            "secret_key": env_str("AWS_SECRET_ACCESS_KEY") or None,
            "region_name": env_str("AWS_S3_REGION_NAME") or None,
            # Key prefix inside the bucket; nothing outside it is ever read or listed.
            "location": location,
            "default_acl": None,  # the bucket's own policy: private, no public-read
            "querystring_auth": True,
            "querystring_expire": PRIVATE_URL_EXPIRE_SECONDS,
            "file_overwrite": False,
            # Files read for a ZIP or a download spill to a temp file past 2 MB, not to RAM.
            "max_memory_size": 2 * 1024 * 1024,
            # A store that is down fails a request in seconds, not after minutes of retries.
            "client_config": Config(
                connect_timeout=env_int("AWS_S3_CONNECT_TIMEOUT", 3),
                read_timeout=env_int("AWS_S3_READ_TIMEOUT", 30),
                retries={"max_attempts": 2, "mode": "standard"},
                signature_version="s3v4",
                # MinIO, Garage and moto answer on one host name: path-style by default there.
                s3={
                    "addressing_style": env_str(
                        "AWS_S3_ADDRESSING_STYLE", "path" if endpoint_url else "auto"
                    )
                },
            ),
        },
    }


if AWS_STORAGE_BUCKET_NAME:
    STORAGES["private"] = private_s3_storage(
        AWS_STORAGE_BUCKET_NAME,
        endpoint_url=env_str("AWS_S3_ENDPOINT_URL"),
        location=env_str("AWS_LOCATION", "private"),
    )
else:
    STORAGES["private"] = {"BACKEND": "spbe_portal.files.PrivateFileSystemStorage"}

# --- Celery -----------------------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL or "memory://"
# Without a broker the embedded default runs every task in-process, at once.
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "celery")
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A report job still "diproses" after this long lost its worker: it is marked failed and can
# be retried. The task's own hard limit is shorter, so a live worker never trips this.
LAPORAN_TIMEOUT_SECONDS = env_int("LAPORAN_TIMEOUT_SECONDS", 15 * 60)
# The same for a background import job (preview or import).
IMPORT_TIMEOUT_SECONDS = env_int("IMPORT_TIMEOUT_SECONDS", 15 * 60)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 10 * 60)
# A broker that is down must not hold a web request for long: publishing gives up after a
# few quick tries and the work waits in the database (outbox rows, queued report jobs) for
# the beat sweeps below.
CELERY_BROKER_CONNECTION_TIMEOUT = env_int("CELERY_BROKER_CONNECTION_TIMEOUT", 3)
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 3, "socket_timeout": 5}
CELERY_BEAT_SCHEDULE = {
    "kirim-surel-tertunda": {"task": "notifikasi.tasks.kirim_surel_tertunda", "schedule": 60},
    "laporan-kirim-ulang": {"task": "evaluasi.tasks.laporan_kirim_ulang", "schedule": 60},
    "bersihkan-berkas": {"task": "opd.tasks.bersihkan_berkas", "schedule": 60 * 60 * 24},
    # Hourly, so a reminder is not missed when a beat is down at one hour; each goes once.
    "kirim-pengingat": {"task": "evaluasi.tasks.kirim_pengingat", "schedule": 60 * 60},
    # Daily would do, but a beat restarted with a fresh schedule file (docker: /tmp) would push
    # a daily run back each time; hourly is cheap and a document still gets one reminder per
    # "berlaku sampai" however often this runs.
    "ingatkan-dokumen": {"task": "evaluasi.tasks.ingatkan_dokumen", "schedule": 60 * 60},
    # Rencana aksi 14, 7 and 1 day before their due date; each reminder day goes once.
    "ingatkan-aksi": {"task": "evaluasi.tasks.ingatkan_aksi", "schedule": 60 * 60},
}

# --- Cache (issue 19: shared by the replicas) --------------------------------------------------
# With Redis the cache (the public page's, see arsitektur/cache_publik.py) is one for every web
# replica, so a bump after a write reaches them all; without it each process keeps its own
# local-memory cache (the embedded default) and the short timeout bounds staleness.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "spbe",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }

# --- E-mail -----------------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Portal SPBE <noreply@spbe.localhost>")

# --- Forms ------------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

IMPORT_EXPORT_USE_TRANSACTIONS = True

# --- Security ---------------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = env_str(
    "CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-src 'self'; "
    "frame-ancestors 'self'; object-src 'none'; base-uri 'self'; form-action 'self'",
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
if not DEBUG:
    # Only a loopback benchmark (bench/run.py) turns these off, to log in over plain HTTP.
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
    # /healthz is polled over plain HTTP by docker and load balancers.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    if env_bool("BEHIND_TLS_PROXY", default=True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    if not SECURE_HSTS_PRELOAD:
        # Joining the browsers' HSTS preload list is the domain owner's decision (it is hard
        # to undo and binds every subdomain); it is opt-in through SECURE_HSTS_PRELOAD.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "celery": {"level": "WARNING"},
        "kombu": {"level": "ERROR"},
    },
}
