"""Vangnet settings: everything that differs per deployment comes from the environment.

VANGNET_ENV is one of development (default), test or production. Production refuses to
start without a real secret key and with DEBUG on.
"""

import secrets
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from vangnet.lib.env import env_bool, env_dates, env_int, env_list, env_str, weak_secret

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VANGNET_VAR_DIR", str(BASE_DIR / "var")))

TESTING = "pytest" in sys.modules or env_str("VANGNET_ENV") == "test"
VANGNET_ENV = env_str("VANGNET_ENV", "test" if TESTING else "development")
if VANGNET_ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured("VANGNET_ENV must be development, test or production")
PRODUCTION = VANGNET_ENV == "production"

DEBUG = env_bool("DJANGO_DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production")


def _secret_key() -> str:
    key = env_str("DJANGO_SECRET_KEY")
    if PRODUCTION:
        weak = weak_secret(key, min_length=50)
        if key.startswith("django-insecure"):
            weak = "not Django's insecure development key"
        if weak:
            raise ImproperlyConfigured(f"Production needs a real DJANGO_SECRET_KEY ({weak})")
        return key
    if key:
        return key
    # Zero-config development: a random key kept under var/ so sessions survive restarts.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
# The access-log hash chain is keyed separately so that rotating SECRET_KEY never breaks it.
ACCESS_LOG_KEY = env_str("VANGNET_ACCESS_LOG_KEY") or SECRET_KEY
if PRODUCTION and (weak := weak_secret(env_str("VANGNET_ACCESS_LOG_KEY"), min_length=32)):
    raise ImproperlyConfigured(
        f"Production needs VANGNET_ACCESS_LOG_KEY ({weak}) for the access-log chain"
    )

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "vangnet.accounts",
    "vangnet.audit",
    "vangnet.families",
    "vangnet.safety",
    "vangnet.review",
    "vangnet.meldcode",
    "vangnet.meetings",
    "vangnet.protection",
    "vangnet.portal",
    "vangnet.api",
    "vangnet.demo",
    "vangnet.bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "vangnet.core.middleware.DutchByDefaultMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Portal visitors (parents, network) get 404 outside /portaal/; see vangnet.portal.
    "vangnet.portal.middleware.PortalMiddleware",
    "vangnet.accounts.middleware.SessionTimeoutMiddleware",
    "vangnet.accounts.middleware.NoStoreMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last, so that it wraps the view only (as ATOMIC_REQUESTS did).
    "vangnet.audit.middleware.RequestTransactionMiddleware",
]

ROOT_URLCONF = "vangnet.urls"
WSGI_APPLICATION = "vangnet.wsgi.application"

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
                "django.template.context_processors.i18n",
                "vangnet.accounts.context_processors.vangnet",
            ],
        },
    },
]

_default_db = f"sqlite:///{VAR_DIR / 'vangnet.sqlite3'}"
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL", default=_default_db, conn_max_age=env_int("DB_CONN_MAX_AGE", 60)
    )
}
# Each request is one transaction: vangnet.audit.middleware (instead of ATOMIC_REQUESTS,
# so that the access-log entries are written as its last statement).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE: a request that will write its access-log entry takes the write lock
        # up front instead of failing on a lock upgrade under concurrency.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    if not TESTING:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
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
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"  # sends each role to its own start page

# Two-factor authentication is required for every account. Only a database that
# seed_demo marked as demo data may switch it off, and then a banner says so.
VANGNET_DEMO_WITHOUT_2FA = env_bool("VANGNET_DEMO_WITHOUT_2FA", False)
if PRODUCTION and VANGNET_DEMO_WITHOUT_2FA:
    raise ImproperlyConfigured(
        "VANGNET_DEMO_WITHOUT_2FA is for the demo database, never production"
    )
OTP_TOTP_ISSUER = "Vangnet"
OTP_TOTP_THROTTLE_FACTOR = 1

# Lockout per username, so a forged X-Forwarded-For cannot reset or dodge it; and per
# client address with a far higher threshold against password spraying
# (vangnet.accounts.lockout), counted over the failure log axes keeps.
AXES_FAILURE_LIMIT = env_int("VANGNET_LOGIN_FAILURE_LIMIT", 5)
VANGNET_ADDRESS_FAILURE_LIMIT = env_int("VANGNET_ADDRESS_FAILURE_LIMIT", 50)  # 0: off
VANGNET_ADDRESS_FAILURE_MINUTES = env_int("VANGNET_ADDRESS_FAILURE_MINUTES", 60)
AXES_HANDLER = "vangnet.accounts.lockout.LockoutHandler"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_COOLOFF_TIME = timedelta(minutes=env_int("VANGNET_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "vangnet.accounts.views.lockout_response"
AXES_CLIENT_IP_CALLABLE = "vangnet.audit.context.client_ip"
AXES_VERBOSE = False
# axes.W006 assumes IP-based limits; axes counts ours per username, which rotating IPs,
# user agents or cookies cannot dodge (the per-address limit is our own handler's).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_ENABLE_ADMIN = False

# Sessions: idle timeout (renewed on every request) and an absolute limit.
SESSION_IDLE_MINUTES = env_int("VANGNET_SESSION_IDLE_MINUTES", 15)
SESSION_ABSOLUTE_HOURS = env_int("VANGNET_SESSION_ABSOLUTE_HOURS", 10)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "vangnet_session"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_NAME = "vangnet_csrf"

# Behind a TLS-terminating proxy, say how many proxies to trust for the client address.
TRUSTED_PROXY_COUNT = env_int("VANGNET_TRUSTED_PROXY_COUNT", 0)
if env_bool("VANGNET_BEHIND_TLS_PROXY", PRODUCTION):
    if TRUSTED_PROXY_COUNT < 1:
        # Without it every access-log entry would carry the proxy's address, and
        # X-Forwarded-Proto would be believed from anyone.
        raise ImproperlyConfigured(
            "Behind a TLS proxy, set VANGNET_TRUSTED_PROXY_COUNT to the number of proxies "
            "(or VANGNET_BEHIND_TLS_PROXY=0 when the app terminates TLS itself)"
        )
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A Words and Pictures picture (at most 5 MB) sent to the API as base64 JSON.
DATA_UPLOAD_MAX_MEMORY_SIZE = 8 * 1024 * 1024
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("VANGNET_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("VANGNET_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

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

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns on every start without it
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Retention of a family file, per kind of file (rules: vangnet/families/retention.py,
# sources: README "Terms and retention in law"). years: kept this long after the last
# change of the file; until_age: and at least until the youngest child of the file
# reaches this age (0: no such rule); basis: the legal basis shown on the family page.
FAMILY_RETENTION = {
    "youth_help": {
        "years": env_int("VANGNET_RETENTION_YEARS", 20),
        "until_age": 0,
        "basis": env_str("VANGNET_RETENTION_BASIS_YOUTH_HELP", "Jeugdwet art. 7.3.8"),
    },
    "child_protection": {
        "years": env_int("VANGNET_RETENTION_YEARS_CHILD_PROTECTION", 20),
        "until_age": env_int("VANGNET_RETENTION_CHILD_PROTECTION_UNTIL_AGE", 48),
        "basis": env_str("VANGNET_RETENTION_BASIS_CHILD_PROTECTION", "Jeugdwet art. 7.3.8"),
    },
    "veilig_thuis": {
        "years": env_int("VANGNET_RETENTION_YEARS_VEILIG_THUIS", 20),
        "until_age": env_int("VANGNET_RETENTION_VEILIG_THUIS_UNTIL_AGE", 18),
        "basis": env_str("VANGNET_RETENTION_BASIS_VEILIG_THUIS", "Wmo 2015 (Veilig Thuis)"),
    },
}
for _kind, _rule in FAMILY_RETENTION.items():
    if _rule["years"] < 1 or not 0 <= _rule["until_age"] <= 120:
        raise ImproperlyConfigured(
            f"Retention of {_kind} files: years must be at least 1, the age 0 to 120"
        )
# The years of the default kind (youth help), as before there were kinds.
FAMILY_RETENTION_YEARS = FAMILY_RETENTION["youth_help"]["years"]
# Days the Crown equates with the recognised holidays by decree (Algemene termijnenwet
# art. 3 lid 3), for counting working days: VANGNET_EXTRA_HOLIDAYS=2026-05-15,2027-05-07
EXTRA_HOLIDAYS = env_dates("VANGNET_EXTRA_HOLIDAYS")
# Access-log entries are kept at least this many years (NEN 7513 asks for 5).
ACCESS_LOG_RETENTION_YEARS = max(5, env_int("VANGNET_ACCESS_LOG_RETENTION_YEARS", 5))
# Emergency access ("break the glass") lasts this long.
EMERGENCY_ACCESS_HOURS = env_int("VANGNET_EMERGENCY_ACCESS_HOURS", 8)
# No contact logged for this many days makes drop-out visible.
CONTACT_WARNING_DAYS = env_int("VANGNET_CONTACT_WARNING_DAYS", 21)
# A protective measure (huisverbod, supervision order) that ends within this many days puts
# the family on the safety meeting's agenda, so what comes after is discussed in time.
MEASURE_ENDING_DAYS = env_int("VANGNET_MEASURE_ENDING_DAYS", 28)

# Application logs never carry personal data: no request bodies, no query strings.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"no_personal_data": {"()": "vangnet.lib.logfilters.StripRequestDetails"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["no_personal_data"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("VANGNET_LOG_LEVEL", "WARNING")},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# Mail (privacy alerts). The demo and development print mails on the console.
EMAIL_BACKEND = env_str(
    "VANGNET_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("VANGNET_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("VANGNET_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("VANGNET_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("VANGNET_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("VANGNET_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("VANGNET_FROM_EMAIL", "vangnet@localhost")
# Where links in mails point to.
SITE_URL = env_str("VANGNET_SITE_URL", "http://127.0.0.1:8000")

# Alerts for the privacy officer (vangnet.audit.denials): a user refused on more than this
# many different files within an hour, or reading more than this many within an hour.
ALERT_DENIED_FILES = env_int("VANGNET_ALERT_DENIED_FILES", 5)
ALERT_READ_FILES = env_int("VANGNET_ALERT_READ_FILES", 40)

# Four eyes on access rights (vangnet.accounts.four_eyes): who may approve a change that an
# admin asked for - team_lead (of the team concerned), director, functional_admin (another).
FOUR_EYES_APPROVERS = env_list(
    "VANGNET_FOUR_EYES_APPROVERS", ["team_lead", "director", "functional_admin"]
)
if not FOUR_EYES_APPROVERS or set(FOUR_EYES_APPROVERS) - {
    "team_lead",
    "director",
    "functional_admin",
}:
    raise ImproperlyConfigured(
        "VANGNET_FOUR_EYES_APPROVERS: one or more of team_lead, director, functional_admin"
    )
# Hours a one-time link to set up a new password and second factor stays valid.
SETUP_LINK_HOURS = env_int("VANGNET_SETUP_LINK_HOURS", 72)

# The portal for parents and the network (vangnet.portal): one-time links, one-time codes,
# short sessions. The SMS backend is a dotted path (console, file or your provider's).
PORTAL_INVITATION_DAYS = env_int("VANGNET_PORTAL_INVITATION_DAYS", 5)
PORTAL_CODE_MINUTES = env_int("VANGNET_PORTAL_CODE_MINUTES", 10)
PORTAL_CODE_ATTEMPTS = env_int("VANGNET_PORTAL_CODE_ATTEMPTS", 5)
PORTAL_CODES_PER_LINK = env_int("VANGNET_PORTAL_CODES_PER_LINK", 3)
PORTAL_SESSION_IDLE_MINUTES = env_int("VANGNET_PORTAL_SESSION_IDLE_MINUTES", 30)
PORTAL_SESSION_ABSOLUTE_HOURS = env_int("VANGNET_PORTAL_SESSION_ABSOLUTE_HOURS", 4)
PORTAL_ADDRESS_FAILURE_LIMIT = env_int("VANGNET_PORTAL_ADDRESS_FAILURE_LIMIT", 20)
PORTAL_ADDRESS_FAILURE_MINUTES = env_int("VANGNET_PORTAL_ADDRESS_FAILURE_MINUTES", 60)
PORTAL_COOKIE_NAME = "vangnet_portaal"
# Production has no default: the console would put login codes in the server's output.
SMS_BACKEND = env_str(
    "VANGNET_SMS_BACKEND",
    "vangnet.portal.sms.NotConfiguredBackend"
    if PRODUCTION
    else "vangnet.portal.sms.ConsoleBackend",
)
SMS_FILE_PATH = env_str("VANGNET_SMS_FILE_PATH", str(VAR_DIR / "sms"))
