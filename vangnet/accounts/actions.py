"""Writes to accounts: deactivation, API tokens, two-factor devices, and the four-eyes
requests for access rights with the one-time setup links they may issue."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from vangnet.accounts.models import (
    API_TOKEN_DEFAULT_DAYS,
    API_TOKEN_MAX_DAYS,
    AccessChangeRequest,
    AccountSetupToken,
    ApiToken,
    ChangeKind,
    ChangeStatus,
    Membership,
    OrganisationRole,
    Role,
    User,
    UserSession,
    hash_token,
)
from vangnet.audit import recorder
from vangnet.audit.context import Actor
from vangnet.audit.models import AccessAction, AccessBasis

logger = logging.getLogger(__name__)


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
    """Remove a user's TOTP devices (after a lost phone) and make the password unusable.

    Only do_decide_access_change calls this, after a second person approved the reset; the
    user then sets a new password and phone through a one-time link (do_set_up_account),
    never with a password somebody else chose.
    """
    TOTPDevice.objects.filter(user=user).delete()
    user.set_unusable_password()
    user.save(update_fields=["password"])
    end_all_sessions(user)


@transaction.atomic
def do_create_user(*, actor, user: User, organisation_role: str = "", reason: str = "") -> User:
    """A new account from user management: no password (the user sets one through the
    one-time link) and no organisation role until a second person approves it."""
    from vangnet.accounts import four_eyes

    if not four_eyes.may_request(actor.user):
        raise PermissionDenied
    user.organisation_role = OrganisationRole.NONE
    user.set_unusable_password()
    user.save()
    record_account_change(actor, user, "create", fields=["username"])
    if organisation_role:
        do_request_access_change(
            actor=actor,
            user=user,
            kind=ChangeKind.ORGANISATION_ROLE,
            organisation_role=organisation_role,
            reason=reason,
        )
    return user


# What user management may change at once: nothing that gives access or approval power.
DIRECT_USER_FIELDS = {
    "username",
    "first_name",
    "last_name",
    "email",
    "discipline",
    "is_active",
    "is_staff",
}


@transaction.atomic
def do_update_user(*, actor, user: User, fields, active: bool | None = None) -> int | None:
    """Save what the admin changed (never roles or the organisation: see the four-eyes
    requests). Deactivation also ends every session and token; returns how many sessions
    were ended then, else None."""
    from vangnet.accounts import four_eyes

    if not four_eyes.may_request(actor.user) or user.pk == actor.user.pk:
        raise PermissionDenied
    fields = sorted(set(fields))
    if set(fields) - DIRECT_USER_FIELDS:
        raise PermissionDenied
    if active is not None:
        user.is_active = active
        fields = sorted(set(fields) | {"is_active"})
    if fields:
        user.save(update_fields=fields)
    record_account_change(actor, user, "update", fields=fields)
    if "is_active" in fields and not user.is_active:
        return do_deactivate_user(user=user, actor_user=actor.user)
    return None


@transaction.atomic
def do_end_membership(*, actor, membership: Membership) -> None:
    """End a team membership (takes access away, so no second person is needed)."""
    from vangnet.accounts import four_eyes

    if not four_eyes.may_request(actor.user) or membership.user_id == actor.user.pk:
        raise PermissionDenied
    user, team = membership.user, membership.team
    membership.delete()
    record_account_change(
        actor, user, "update", fields=["memberships"], extra={"ended": f"{team.pk}:{team.name}"}
    )


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


@transaction.atomic
def do_save_team(*, actor, team, fields) -> None:
    """Create or change a team (a team gives nobody access by itself: memberships do)."""
    from vangnet.accounts import four_eyes

    if not four_eyes.may_request(actor.user):
        raise PermissionDenied
    created = team.pk is None
    team.save()
    record_team_change(actor, team, "create" if created else "update", fields=fields)


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


# Four eyes on access rights ---------------------------------------------------------------------

GRANT_MAX_DAYS = 366


def _record_change(actor, change: AccessChangeRequest, action: str, *, family=None, **extra):
    """Both steps of a four-eyes change go into the access log (the privacy officer also
    has the list of requests on the privacy pages)."""
    recorder.record(
        actor,
        action,
        object_type="access_change_request",
        object_id=change.pk,
        family=family,
        basis=AccessBasis.ORGANISATION,
        purpose="gebruikersbeheer",
        details={
            "kind": change.kind,
            "username": change.user.username,
            "status": change.status,
            "requested_by": change.requested_by.username,
            "summary": change.summary,
            **extra,
        },
    )


def _grant_family(change: AccessChangeRequest):
    from vangnet.families.models import Family

    family = (
        Family.objects.filter(reference=change.family_reference.strip().upper())
        .select_related("team")
        .first()
    )
    if family is None or family.team.organisation_id != change.user.organisation_id:
        raise ValidationError({"family_reference": _("No file with this number was found.")})
    return family


def _check_change(change: AccessChangeRequest) -> None:
    user = change.user
    if not user.is_active:
        raise ValidationError({"user": _("This user is not active.")})
    if change.kind == ChangeKind.ORGANISATION_ROLE:
        if change.organisation_role not in OrganisationRole.values:
            raise ValidationError({"organisation_role": _("Choose an organisation role.")})
        if change.organisation_role == user.organisation_role:
            raise ValidationError({"organisation_role": _("The user already has this role.")})
    elif change.kind == ChangeKind.MEMBERSHIP:
        if change.team is None or change.role not in Role.values:
            raise ValidationError({"team": _("Choose a team and a role.")})
        if change.team.organisation_id != user.organisation_id or not change.team.is_active:
            raise ValidationError({"team": _("Choose an active team of the user's organisation.")})
        if Membership.objects.filter(user=user, team=change.team, role=change.role).exists():
            raise ValidationError({"role": _("The user already has this role in this team.")})
    elif change.kind == ChangeKind.ACCESS_GRANT:
        _grant_family(change)
        now = timezone.now()
        if change.grant_ends_at is None or change.grant_ends_at <= now:
            raise ValidationError({"grant_ends_at": _("The end date must be in the future.")})
        if change.grant_ends_at > now + timedelta(days=GRANT_MAX_DAYS):
            raise ValidationError(
                {"grant_ends_at": _("Access can be granted for at most one year.")}
            )
        if not user.may_see_case_content:
            raise ValidationError({"user": _("This user cannot be given access to case content.")})
    elif change.kind != ChangeKind.RESET_TWO_FACTOR:
        raise ValidationError({"kind": _("Choose what should change.")})


def build_access_change(
    *,
    actor_user,
    user: User,
    kind: str,
    reason: str,
    organisation_role: str = "",
    team=None,
    role: str = "",
    family_reference: str = "",
    grant_ends_at=None,
    grant_can_write: bool = False,
) -> AccessChangeRequest:
    """The request as it would be saved, checked (ValidationError); not saved."""
    from vangnet.accounts import four_eyes

    if not four_eyes.may_request(actor_user):
        raise PermissionDenied
    if actor_user.pk == user.pk:
        raise ValidationError({"user": _("You cannot ask for changes to your own account.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for this change.")})
    change = AccessChangeRequest(
        kind=kind,
        user=user,
        reason=reason.strip(),
        organisation_role=organisation_role if kind == ChangeKind.ORGANISATION_ROLE else "",
        team=team if kind == ChangeKind.MEMBERSHIP else None,
        role=role if kind == ChangeKind.MEMBERSHIP else "",
        family_reference=(
            family_reference.strip().upper() if kind == ChangeKind.ACCESS_GRANT else ""
        ),
        grant_ends_at=grant_ends_at if kind == ChangeKind.ACCESS_GRANT else None,
        grant_can_write=bool(grant_can_write) if kind == ChangeKind.ACCESS_GRANT else False,
        requested_by=actor_user,
    )
    _check_change(change)
    same = AccessChangeRequest.objects.filter(
        user=user,
        kind=kind,
        status=ChangeStatus.PENDING,
        team=change.team,
        family_reference=change.family_reference,
    )
    if same.exists():
        raise ValidationError(_("A request like this is already waiting for approval."))
    return change


@transaction.atomic
def do_request_access_change(*, actor, **values) -> AccessChangeRequest:
    """Ask for a change of access rights; nothing changes until someone else approves."""
    from vangnet.accounts import four_eyes

    change = build_access_change(actor_user=actor.user, **values)
    change.save()
    _record_change(actor, change, AccessAction.CREATE, reason=change.reason)
    approvers = [u.email for u in four_eyes.approvers_for(change) if u.email]
    if approvers:
        transaction.on_commit(lambda: _mail_approvers(change.pk, approvers))
    return change


def _mail_approvers(change_id: int, recipients: list[str]) -> None:
    from django.conf import settings
    from django.core.mail import send_mail
    from django.urls import reverse
    from django.utils import translation

    change = AccessChangeRequest.objects.select_related("user", "requested_by").get(pk=change_id)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Vangnet: a change of access rights waits for your approval")
        body = _(
            "%(requester)s asks: %(kind)s for %(user)s. Approve or reject it here: %(url)s"
        ) % {
            "requester": change.requested_by.username,
            "kind": change.get_kind_display(),
            "user": change.user.username,
            "url": settings.SITE_URL.rstrip("/")
            + reverse("accounts:approval", kwargs={"pk": change.pk}),
        }
    try:
        send_mail(subject, body, None, recipients)
    except Exception:  # the request waits on the approvals page all the same
        logger.exception("approval request %s could not be mailed", change_id)


@transaction.atomic
def do_withdraw_access_change(*, actor, change: AccessChangeRequest) -> AccessChangeRequest:
    change = AccessChangeRequest.objects.select_for_update().get(pk=change.pk)
    if change.requested_by_id != actor.user.pk:
        raise PermissionDenied
    if not change.is_pending:
        raise ValidationError(_("This request has already been decided."))
    change.status = ChangeStatus.WITHDRAWN
    change.decided_at = timezone.now()
    change.save(update_fields=["status", "decided_at"])
    _record_change(actor, change, AccessAction.UPDATE)
    return change


@transaction.atomic
def do_decide_access_change(
    *, actor, change: AccessChangeRequest, approve: bool, note: str = ""
) -> tuple[AccessChangeRequest, str | None]:
    """Approve (and carry out) or reject a change. Returns the change and, when the user
    must set up a password and second factor, the one-time link's token (shown once, to
    the approver; only its hash is kept)."""
    from vangnet.accounts import four_eyes

    change = (
        AccessChangeRequest.objects.select_for_update(of=("self",))
        .select_related("user", "team", "requested_by")
        .get(pk=change.pk)
    )
    if not four_eyes.may_decide(actor.user, change):
        raise PermissionDenied
    if not change.is_pending:
        raise ValidationError(_("This request has already been decided."))
    if not approve and not note.strip():
        raise ValidationError({"note": _("Say why you reject this request.")})
    change.decided_by = actor.user
    change.decided_at = timezone.now()
    change.decision_note = note.strip()
    raw = None
    family = None
    if approve:
        _check_change(change)  # still valid now? (the user may have changed meanwhile)
        family = _carry_out(change)
        if change.kind == ChangeKind.RESET_TWO_FACTOR or _never_set_up(change.user):
            raw = _issue_setup_token(change)
        change.status = ChangeStatus.APPROVED
    else:
        change.status = ChangeStatus.REJECTED
    change.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    _record_change(actor, change, AccessAction.UPDATE, family=family, setup_link=bool(raw))
    return change, raw


def _carry_out(change: AccessChangeRequest):
    user = User.objects.select_for_update().get(pk=change.user_id)
    if change.kind == ChangeKind.ORGANISATION_ROLE:
        user.organisation_role = change.organisation_role
        # A functional admin works in the admin site, which needs is_staff as well.
        user.is_staff = user.is_staff or user.is_functional_admin
        user.save(update_fields=["organisation_role", "is_staff"])
    elif change.kind == ChangeKind.MEMBERSHIP:
        Membership.objects.update_or_create(
            user=user, team=change.team, defaults={"role": change.role}
        )
    elif change.kind == ChangeKind.ACCESS_GRANT:
        from vangnet.families.models import AccessGrant, GrantKind

        family = _grant_family(change)
        AccessGrant.objects.create(
            family=family,
            user=user,
            kind=GrantKind.EXPLICIT,
            reason=change.reason,
            can_write=change.grant_can_write,
            granted_by=change.requested_by,
            ends_at=change.grant_ends_at,
        )
        return family
    elif change.kind == ChangeKind.RESET_TWO_FACTOR:
        do_reset_two_factor(user=user)
    return None


def _never_set_up(user: User) -> bool:
    """A new account: no password of its own and no phone yet."""
    return (
        not user.has_usable_password()
        and not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    )


def _issue_setup_token(change: AccessChangeRequest) -> str:
    from django.conf import settings

    now = timezone.now()
    # Only the newest link works.
    AccountSetupToken.objects.filter(user=change.user, used_at__isnull=True).update(used_at=now)
    raw = AccountSetupToken.generate()
    AccountSetupToken.objects.create(
        user=change.user,
        token_hash=hash_token(raw),
        request=change,
        expires_at=now + timedelta(hours=settings.SETUP_LINK_HOURS),
    )
    return raw


def setup_token(raw: str) -> AccountSetupToken | None:
    """The usable setup link for this raw token, or None (unknown, used, expired)."""
    if not raw or len(raw) > 100:
        return None
    token = (
        AccountSetupToken.objects.select_related("user").filter(token_hash=hash_token(raw)).first()
    )
    return token if token is not None and token.is_usable() else None


@transaction.atomic
def do_set_up_account(
    *, actor, token: AccountSetupToken, password: str, device: TOTPDevice
) -> User:
    """The user sets their own password and confirms their new phone; the link is spent."""
    spent = AccountSetupToken.objects.filter(
        pk=token.pk, used_at__isnull=True, expires_at__gt=timezone.now()
    ).update(used_at=timezone.now())
    if not spent:
        raise ValidationError(_("This link has already been used or has expired."))
    user = token.user
    user.set_password(password)
    user.save(update_fields=["password"])
    do_confirm_totp_device(device=device)
    end_all_sessions(user)
    record_account_change(actor, user, "update", fields=["password", "two_factor"])
    return user
