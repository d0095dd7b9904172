"""Production settings refuse unsafe configurations; security headers are set."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STRONG_KEY = "k3Y-" + "x9Qz7Lp2Vb8Nw4Rt6Ys1Uc5Md0Fh3Jg" * 2
PRODUCTION_ENV = {
    "VANGNET_ENV": "production",
    "DJANGO_SECRET_KEY": STRONG_KEY,
    "VANGNET_ACCESS_LOG_KEY": "chain-" + STRONG_KEY,
    "DJANGO_ALLOWED_HOSTS": "vangnet.example.org",
    "VANGNET_TRUSTED_PROXY_COUNT": "1",
    "DATABASE_URL": "sqlite:///" + str(ROOT / "var" / "prod-check.sqlite3"),
}


def manage(*args, env_overrides=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "VANGNET_"))}
    env.pop("DATABASE_URL", None)
    env.update(env_overrides or {})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_passes_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "overrides",
    [
        {"DJANGO_SECRET_KEY": ""},
        {"DJANGO_SECRET_KEY": "django-insecure-" + "a" * 50},
        {"DJANGO_SECRET_KEY": "short"},
        {"DJANGO_DEBUG": "1"},
        {"VANGNET_ACCESS_LOG_KEY": ""},
        {"VANGNET_ACCESS_LOG_KEY": "abc"},
        {"DJANGO_SECRET_KEY": "a" * 50},
        {"DJANGO_SECRET_KEY": "changeme" * 8},
        {"DJANGO_SECRET_KEY": "abcde" * 12},
        {"VANGNET_ACCESS_LOG_KEY": "b" * 40},
        {"VANGNET_ACCESS_LOG_KEY": "changemechangeme" * 3},
        {"VANGNET_DEMO_WITHOUT_2FA": "1"},
        {"VANGNET_TRUSTED_PROXY_COUNT": "0"},
    ],
    ids=[
        "no-key",
        "insecure-key",
        "short-key",
        "debug-on",
        "no-chain-key",
        "short-chain-key",
        "one-character-key",
        "changeme-key",
        "repeated-key",
        "one-character-chain-key",
        "changeme-chain-key",
        "demo-2fa-off",
        "proxy-without-count",
    ],
)
def test_production_refuses_to_start_unsafely(overrides):
    result = manage("check", env_overrides={**PRODUCTION_ENV, **overrides})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


@pytest.mark.parametrize(
    "key, strong",
    [
        ("a" * 50, False),
        ("changeme" * 8, False),
        ("password1" * 6, False),
        ("0123456789" * 5, False),
        (STRONG_KEY, True),
        ("73kapczr1o5%8@_94)(u0_81wjel*pq-w!2f#vb6+3xz9h$te", True),  # get_random_secret_key
        ("LmImPMy2ea9dz_RHIYg7y5UNDTpuy7Qx4KfZ", True),  # token_urlsafe(27)
    ],
)
def test_secret_strength_is_estimated_not_only_counted(key, strong):
    from vangnet.lib.env import weak_secret

    assert (weak_secret(key, min_length=32) is None) is strong


def test_debug_is_off_unless_asked_for(settings):
    from vangnet import settings as project_settings

    assert project_settings.DEBUG is False


def test_security_headers_on_pages(personas, as_user):
    client = as_user(personas.case_worker)
    response = client.get(f"/gezinnen/{personas.family.pk}/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    cookie = client.cookies["vangnet_session"]
    assert cookie["httponly"]


def test_login_page_is_not_cached_and_has_csp(client, db):
    response = client.get("/account/inloggen/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "Content-Security-Policy" in response


def test_no_personal_data_in_application_logs(personas, as_user, caplog):
    import logging

    from vangnet.lib.logfilters import StripRequestDetails

    client = as_user(personas.case_worker)
    request = client.get(f"/gezinnen/{personas.family.pk}/").wsgi_request
    record = logging.LogRecord(
        "django.request",
        logging.ERROR,
        __file__,
        1,
        "Internal Server Error: %s",
        ("/gezinnen/1/?naam=Testkind",),
        None,
    )
    record.request = request
    StripRequestDetails().filter(record)
    assert record.request is None
    assert "Testkind" not in record.getMessage()


def test_pages_are_dutch_even_for_an_english_browser(client, db):
    response = client.get("/account/inloggen/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Inloggen bij Vangnet" in response.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/account/inloggen/"})
    response = client.get("/account/inloggen/", HTTP_ACCEPT_LANGUAGE="nl")
    assert "Log in to Vangnet" in response.content.decode()


def test_server_access_lines_keep_the_path_but_lose_the_query_string():
    import logging

    from vangnet.lib.logfilters import StripRequestDetails

    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        ("GET /gezinnen/?naam=Testkind HTTP/1.1", "200", "123"),
        None,
    )
    StripRequestDetails().filter(record)
    message = record.getMessage()
    assert "GET /gezinnen/ HTTP/1.1" in message and "Testkind" not in message
