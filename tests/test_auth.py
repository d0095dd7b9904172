"""Login with password and TOTP, lockout, session limits, deactivation."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.personas import PASSWORD
from vangnet.accounts.actions import do_create_api_token, do_deactivate_user
from vangnet.accounts.models import ApiToken, DemoMarker, UserSession

LOGIN = reverse("accounts:login")
VERIFY = reverse("accounts:verify")
SETUP = reverse("accounts:setup_2fa")
FAMILIES = reverse("families:list")


def current_code(device: TOTPDevice) -> str:
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{code:06d}"


def password_step(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def full_login(client, user):
    response = password_step(client, user.username)
    assert response.status_code == 302 and response.url == VERIFY
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return client.post(VERIFY, {"code": current_code(device)})


def test_password_alone_does_not_log_in(client, personas):
    response = password_step(client, personas.case_worker.username)
    assert response.status_code == 302 and response.url == VERIFY
    assert client.get(FAMILIES).status_code == 302
    assert "_auth_user_id" not in client.session


def test_totp_code_completes_login_with_a_new_session_id(client, personas):
    client.get(LOGIN)
    password_step(client, personas.case_worker.username)
    key_before = client.session.session_key
    device = TOTPDevice.objects.get(user=personas.case_worker)
    response = client.post(VERIFY, {"code": current_code(device)})
    assert response.status_code == 302 and response.url == "/"
    assert client.session.session_key != key_before
    assert client.get(FAMILIES).status_code == 200
    assert UserSession.objects.filter(user=personas.case_worker).count() == 1


def test_wrong_code_is_refused(client, personas):
    password_step(client, personas.case_worker.username)
    response = client.post(VERIFY, {"code": "000000"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "klopt niet" in response.content.decode() or "not right" in response.content.decode()


def test_malformed_code_gets_a_field_error(client, personas):
    password_step(client, personas.case_worker.username)
    response = client.post(VERIFY, {"code": "12ab"})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]


def test_wrong_password_gets_one_message_for_user_and_password(client, personas):
    response = password_step(client, personas.case_worker.username, "wrong-password-123")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    unknown = password_step(client, "nobody-here", "wrong-password-123")
    assert unknown.context["form"].non_field_errors() == response.context["form"].non_field_errors()


def test_empty_login_form_shows_field_errors(client, db):
    response = client.post(LOGIN, {"username": "", "password": ""})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"username", "password"}


def test_first_login_enrols_a_totp_device(client, personas):
    user = personas.team_member
    TOTPDevice.objects.filter(user=user).delete()
    response = password_step(client, user.username)
    assert response.url == SETUP
    page = client.get(SETUP)
    assert page.status_code == 200
    assert b"<svg" in page.content
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert client.post(SETUP, {"code": "000000"}).status_code == 200
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed
    # A wrong code throttles the device for a moment (django-otp's throttling).
    with time_machine.travel(timezone.now() + timedelta(seconds=5), tick=False):
        device.refresh_from_db()
        response = client.post(SETUP, {"code": current_code(device)})
    assert response.status_code == 302
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get(FAMILIES).status_code == 200


def test_verify_page_without_password_step_goes_back_to_login(client, db):
    assert client.get(VERIFY).url == LOGIN
    assert client.get(SETUP).url == LOGIN


@pytest.mark.parametrize("forged_header", ["HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP"])
def test_lockout_after_failures_cannot_be_reset_by_forged_headers(
    client, personas, settings, forged_header
):
    limit = settings.AXES_FAILURE_LIMIT
    for attempt in range(limit):
        password_step(
            client,
            personas.case_worker.username,
            "wrong-password-123",
            **{forged_header: f"10.0.0.{attempt}"},
        )
    # Right password, fresh forged address: still locked.
    response = password_step(
        client,
        personas.case_worker.username,
        **{forged_header: "192.0.2.77"},
        REMOTE_ADDR="198.51.100.9",
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert VERIFY not in response.get("Location", "")


def test_lockout_ends_after_the_cool_off(client, personas, settings):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _ in range(settings.AXES_FAILURE_LIMIT):
            password_step(client, personas.case_worker.username, "wrong-password-123")
        assert password_step(client, personas.case_worker.username).status_code == 429
        traveller.shift(settings.AXES_COOLOFF_TIME + timedelta(minutes=1))
        assert password_step(client, personas.case_worker.username).url == VERIFY


def test_wrong_totp_codes_count_towards_lockout(client, personas, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        password_step(client, personas.case_worker.username)
        client.post(VERIFY, {"code": "000000"})
    assert password_step(client, personas.case_worker.username).status_code == 429


def test_idle_timeout_ends_the_session(client, personas, settings):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        full_login(client, personas.case_worker)
        traveller.shift(timedelta(minutes=settings.SESSION_IDLE_MINUTES - 1))
        assert client.get(FAMILIES).status_code == 200
        traveller.shift(timedelta(minutes=settings.SESSION_IDLE_MINUTES + 1))
        response = client.get(FAMILIES)
        assert response.status_code == 302 and response.url.startswith(LOGIN)


def test_absolute_timeout_ends_an_active_session(client, personas, settings):
    step = timedelta(minutes=settings.SESSION_IDLE_MINUTES - 2)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        full_login(client, personas.case_worker)
        elapsed = timedelta()
        while elapsed + step < timedelta(hours=settings.SESSION_ABSOLUTE_HOURS):
            traveller.shift(step)
            elapsed += step
            assert client.get(FAMILIES).status_code == 200
        traveller.shift(step)
        response = client.get(FAMILIES)
        assert response.status_code == 302 and response.url.startswith(LOGIN)


def test_deactivation_ends_every_session_and_token(client, personas):
    from django.test import Client

    other = Client()
    full_login(client, personas.case_worker)
    # A TOTP code works once; the second login uses the next 30-second code.
    with time_machine.travel(timezone.now() + timedelta(seconds=31), tick=False):
        full_login(other, personas.case_worker)
    _token, raw = do_create_api_token(user=personas.case_worker, name="script")
    assert Session.objects.count() >= 2

    ended = do_deactivate_user(user=personas.case_worker)

    assert ended == 2
    assert client.get(FAMILIES).status_code == 302
    assert other.get(FAMILIES).status_code == 302
    assert not ApiToken.objects.active().exists()
    api = Client().get("/api/v1/families", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.status_code == 401


def test_logout_ends_the_session(client, personas):
    full_login(client, personas.case_worker)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(FAMILIES).status_code == 302
    assert not UserSession.objects.filter(user=personas.case_worker).exists()


def test_passwords_are_hashed_with_argon2(settings):
    from vangnet import settings as project_settings

    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    assert make_password("a-long-test-password").startswith("argon2")


def test_a_forced_login_without_second_factor_is_not_enough(client, personas):
    client.force_login(personas.case_worker)
    response = client.get(FAMILIES)
    assert response.status_code == 302 and response.url.startswith(LOGIN)


def test_demo_switch_without_the_demo_marker_keeps_2fa(client, personas, settings):
    settings.VANGNET_DEMO_WITHOUT_2FA = True
    assert password_step(client, personas.case_worker.username).url == VERIFY


def test_demo_database_may_switch_2fa_off_with_a_banner(client, personas, settings):
    settings.VANGNET_DEMO_WITHOUT_2FA = True
    DemoMarker.objects.create()
    response = password_step(client, personas.case_worker.username)
    assert response.url == "/"
    page = client.get(FAMILIES)
    assert page.status_code == 200
    assert b"banner-demo" in page.content


def test_totp_code_cannot_be_replayed(client, personas):
    from django.test import Client

    full_login(client, personas.case_worker)
    second = Client()
    password_step(second, personas.case_worker.username)
    device = TOTPDevice.objects.get(user=personas.case_worker)
    response = second.post(VERIFY, {"code": current_code(device)})
    assert response.status_code == 200
    assert "_auth_user_id" not in second.session


def test_login_redirect_only_to_own_site(client, personas):
    client.post(
        LOGIN + "?next=https://evil.example/",
        {
            "username": personas.case_worker.username,
            "password": PASSWORD,
            "next": "https://evil.example/",
        },
    )
    device = TOTPDevice.objects.get(user=personas.case_worker)
    response = client.post(VERIFY, {"code": current_code(device)})
    assert response.url == "/"


def test_profile_creates_and_revokes_tokens(client, personas, as_user):
    from vangnet.audit.models import AccessEvent

    client = as_user(personas.case_worker)
    device = TOTPDevice.objects.get(user=personas.case_worker)
    url = reverse("accounts:profile")
    refused = client.post(url, {"name": "rapportage", "days": 90, "code": "000000"})
    assert refused.context["form"].errors["code"]
    assert not ApiToken.objects.exists()
    with time_machine.travel(timezone.now() + timedelta(seconds=31), tick=False):
        response = client.post(
            url, {"name": "rapportage", "days": 30, "code": current_code(device)}
        )
    assert response.status_code == 200
    token = ApiToken.objects.get(user=personas.case_worker)
    raw = response.context["new_token"]
    assert raw.startswith(token.prefix) and token.token_hash != raw
    assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=31)
    assert client.post(url, {"name": "", "days": 90}).context["form"].errors["name"]
    assert ApiToken.objects.count() == 1
    client.post(reverse("accounts:revoke_token", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None
    logged = AccessEvent.objects.filter(object_type="api_token").values_list("action", flat=True)
    assert list(logged) == ["update", "create"]


def test_expired_token_is_refused(personas):
    from django.test import Client

    _token, raw = do_create_api_token(user=personas.case_worker, name="kort", days=1)
    api = Client()
    assert api.get("/api/v1/families", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=1, minutes=1), tick=False):
        assert api.get("/api/v1/families", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_a_user_cannot_revoke_someone_elses_token(personas, as_user):
    token, _raw = do_create_api_token(user=personas.team_member, name="x")
    client = as_user(personas.case_worker)
    client.post(reverse("accounts:revoke_token", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is None


def test_functional_admin_reaches_user_management_but_others_do_not(personas, as_user):
    assert as_user(personas.admin).get("/beheer/").status_code == 200
    assert as_user(personas.admin).get("/beheer/accounts/user/").status_code == 200
    for user in (personas.case_worker, personas.privacy):
        response = as_user(user).get("/beheer/")
        assert response.status_code == 302


def test_functional_admin_sees_no_case_content(personas, as_user):
    client = as_user(personas.admin)
    assert client.get(f"/gezinnen/{personas.family.pk}/").status_code == 404
    assert client.get("/beheer/families/family/").status_code == 404


def test_lockout_during_the_code_step_also_stops_the_right_code(client, personas, settings):
    password_step(client, personas.case_worker.username)
    device = TOTPDevice.objects.get(user=personas.case_worker)
    response = None
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(VERIFY, {"code": "000000"})
    assert response.status_code == 429
    with time_machine.travel(timezone.now() + timedelta(seconds=40), tick=False):
        device.refresh_from_db()
        response = client.post(VERIFY, {"code": current_code(device)})
    assert response.status_code == 302 and response.url == LOGIN
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("persona", ["privacy", "admin", "case_worker"])
def test_each_role_lands_on_its_own_start_page(client, personas, persona):
    user = getattr(personas, persona)
    response = full_login(client, user)
    assert response.url == "/"
    start = client.get("/", follow=True)
    assert start.status_code == 200
