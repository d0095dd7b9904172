"""Writes to accounts: deactivation, API tokens, two-factor devices."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from vangnet.accounts.models import (
    API_TOKEN_DEFAULT_DAYS,
    API_TOKEN_MAX_DAYS,
    ApiToken,
    User,
    UserSession,
    hash_token,
)
from vangnet.audit import recorder
from vangnet.audit.context import Actor
from vangnet.audit.models import AccessBasis


@transaction.atomic
def do_deactivate_user(*, user: User, actor_user: User | None = None) -> int:
    """Deactivate a user and end every session and token they have. Returns sessions ended."""
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
    return end_all_sessions(user)


@transaction.atomic
def end_all_sessions(user: User) -> int:
    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    UserSession.objects.filter(user=user).delete()
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    return len(keys)


@transaction.atomic
def do_create_api_token(
    *, user: User, name: str, days: int = API_TOKEN_DEFAULT_DAYS, actor=None
) -> tuple[ApiToken, str]:
    """Create a bearer token; the raw token is returned once and never stored."""
    if not 1 <= days <= API_TOKEN_MAX_DAYS:
        raise ValidationError({"days": _("A token is valid for 1 to 365 days.")})
    raw = ApiToken.generate()
    token = ApiToken.objects.create(
        user=user,
        name=name.strip() or "API",
        prefix=raw[:10],
        token_hash=hash_token(raw),
        expires_at=timezone.now() + timedelta(days=days),
    )
    _record_token(actor or Actor.cli(user), token, "create")
    return token, raw


@transaction.atomic
def do_revoke_api_token(*, user: User, token_id: int, actor=None) -> bool:
    token = ApiToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).first()
    if token is None:
        return False
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    _record_token(actor or Actor.cli(user), token, "update")
    return True


def _record_token(actor, token: ApiToken, action: str) -> None:
    # A token reaches family data without a second factor: who made or ended one is logged.
    recorder.record(
        actor,
        action,
        object_type="api_token",
        object_id=token.pk,
        basis=AccessBasis.ORGANISATION,
        purpose="API-token",
        details={
            "owner": token.user.username,
            "prefix": token.prefix,
            "expires": token.expires_at.isoformat(),
            "revoked": bool(token.revoked_at),
        },
    )


def authenticate_token(raw: str) -> User | None:
    if not raw or not raw.startswith("vn_"):
        return None
    token = (
        ApiToken.objects.active().select_related("user").filter(token_hash=hash_token(raw)).first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def do_reset_two_factor(*, user: User) -> None:
    """Remove a user's TOTP devices (after a lost phone); the next login enrols again.

    The password becomes unusable too, so a reset alone never lets anyone enrol a new
    phone on someone else's account: the admin sets a new password (also logged).
    """
    TOTPDevice.objects.filter(user=user).delete()
    user.set_unusable_password()
    user.save(update_fields=["password"])
    end_all_sessions(user)


def record_account_change(actor, user: User, action: str, *, fields, extra=None) -> None:
    """Account administration goes into the access log, where the privacy officer sees it."""
    recorder.record(
        actor,
        action,
        object_type="user_account",
        object_id=user.pk,
        basis=AccessBasis.ORGANISATION,
        purpose="gebruikersbeheer",
        details={"username": user.username, "fields": sorted(fields), **(extra or {})},
    )


def record_team_change(actor, team, action: str, *, fields) -> None:
    recorder.record(
        actor,
        action,
        object_type="team",
        object_id=team.pk,
        basis=AccessBasis.ORGANISATION,
        purpose="gebruikersbeheer",
        details={"team": team.name, "fields": sorted(fields)},
    )


def pending_totp_device(user: User) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=False)
    return device


@transaction.atomic
def do_confirm_totp_device(*, device: TOTPDevice) -> TOTPDevice:
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return device
