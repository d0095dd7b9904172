"""Every write of the portal, each in one transaction with its access-log entry.

The coach's actions (invite, new link, revoke) take the FamilyAccess of a writing member of
the file. The visitor's actions (code, login, logout, check-in) take a portal Actor: channel
"portal", the invitation as the one who acted (username "portaal:<id>", the person's id),
never a name. Links and codes are sent only once the transaction has committed.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from vangnet.audit import recorder
from vangnet.audit.context import Actor, Channel, client_ip
from vangnet.audit.models import AccessAction, AccessBasis
from vangnet.families import access_log
from vangnet.families.access import FamilyAccess
from vangnet.families.models import Person
from vangnet.portal import sms
from vangnet.portal.models import (
    INVITABLE_KINDS,
    CheckIn,
    Invitation,
    LoginLink,
    Mood,
    PortalFailure,
    PortalSession,
    SendChannel,
)

logger = logging.getLogger(__name__)

PART = "portal"
PURPOSE = "portaal"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _code_hash(link_id: int, code: str) -> str:
    message = f"portal-code:{link_id}:{code}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class PortalIdentity:
    """Who acted in the portal, as the access log names them: the invitation, not a name."""

    username: str
    pk: None = None
    is_authenticated: bool = False


def portal_actor(request, invitation: Invitation | None) -> Actor:
    who = PortalIdentity(invitation.username if invitation is not None else "portaal")
    return Actor(
        user=who,
        channel=Channel.PORTAL,
        ip_address=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
    )


def _portal_entry(actor: Actor, invitation: Invitation, action: str, object_type: str, **kw):
    """One entry about the invitation's family, by the portal visitor (or about them)."""
    recorder.record(
        actor,
        action,
        object_type=object_type,
        object_id=kw.pop("object_id", invitation.pk),
        family=invitation.family,
        person_id=invitation.person_id,
        part=PART,
        basis=kw.pop("basis", AccessBasis.GRANT),
        purpose=PURPOSE,
        details={"invitation": invitation.pk, **kw.pop("details", {})},
    )


# The coach's side --------------------------------------------------------------------------


def _check_write(access: FamilyAccess) -> None:
    if not access.can_write:
        raise PermissionDenied
    if not access.family.is_open:
        raise ValidationError(_("The file is closed: nobody can be invited."))


def _new_link(invitation: Invitation, now) -> tuple[LoginLink, str]:
    token = secrets.token_urlsafe(32)
    link = LoginLink.objects.create(
        invitation=invitation,
        token_hash=token_hash(token),
        created_at=now,
        expires_at=now + timedelta(days=settings.PORTAL_INVITATION_DAYS),
    )
    return link, token


def _send(invitation: Invitation, subject: str, text: str) -> None:
    """Send to the invited address once the transaction commits (never logged)."""
    channel, address = invitation.channel, invitation.address

    def deliver():
        try:
            if channel == SendChannel.SMS:
                sms.send_sms(address, text)
            else:
                send_mail(subject, text, None, [address])
        except Exception:  # the step is stored; the coach can send a new link
            logger.exception("portal message for invitation %s could not be sent", invitation.pk)

    transaction.on_commit(deliver)


def _send_link(invitation: Invitation, link: LoginLink, token: str) -> None:
    url = settings.SITE_URL.rstrip("/") + reverse("portal:link", args=[token])
    with translation.override(settings.LANGUAGE_CODE):
        until = formats.date_format(timezone.localtime(link.expires_at), "j F")
        text = _(
            "Your coach invites you to see the safety plan in Vangnet.\n"
            "Open this link: %(url)s\n"
            "The link works once, until %(until)s. You then get a code to log in."
        ) % {"url": url, "until": until}
        _send(invitation, _("Your invitation for Vangnet"), text)


def do_invite_person(
    *, actor: Actor, access: FamilyAccess, person: Person, channel: str, address: str
) -> Invitation:
    """Invite a parent, caregiver or network member: a one-time link to their address.

    An earlier invitation of the same person that is still open is revoked: one at a time.
    """
    _check_write(access)
    if person.family_id != access.family.pk:
        raise Http404
    if person.kind not in INVITABLE_KINDS:
        raise ValidationError(_("Children are not invited to the portal."))
    if channel not in SendChannel.values or not address.strip():
        raise ValidationError(_("Choose how to send the invitation."))
    now = timezone.now()
    with transaction.atomic():
        for old in Invitation.objects.filter(person=person, revoked_at__isnull=True):
            _revoke(actor, access, old, now)
        invitation = Invitation.objects.create(
            family=access.family,
            person=person,
            channel=channel,
            address=address.strip(),
            created_by=actor.user,
            created_at=now,
        )
        link, token = _new_link(invitation, now)
        access_log.record(
            actor,
            access,
            AccessAction.CREATE,
            object_type="portal_invitation",
            object_id=invitation.pk,
            person_id=person.pk,
            part=PART,
            details={"channel": channel, "link": link.pk},
        )
        _send_link(invitation, link, token)
    return invitation


def _invitation_of(access: FamilyAccess, invitation_pk) -> Invitation:
    try:
        return Invitation.objects.select_related("person", "family").get(
            pk=int(invitation_pk), family=access.family
        )
    except (Invitation.DoesNotExist, TypeError, ValueError, OverflowError):
        raise Http404 from None


def do_send_new_link(*, actor: Actor, access: FamilyAccess, invitation_pk) -> LoginLink:
    """A new one-time link for an invitation (the next visit); older unused links end."""
    _check_write(access)
    invitation = _invitation_of(access, invitation_pk)
    if invitation.is_revoked:
        raise ValidationError(_("This invitation was revoked. Invite the person again."))
    now = timezone.now()
    with transaction.atomic():
        invitation.links.filter(used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
        link, token = _new_link(invitation, now)
        access_log.record(
            actor,
            access,
            AccessAction.CREATE,
            object_type="portal_link",
            object_id=link.pk,
            person_id=invitation.person_id,
            part=PART,
            details={"invitation": invitation.pk, "channel": invitation.channel},
        )
        _send_link(invitation, link, token)
    return link


def _revoke(actor: Actor, access: FamilyAccess, invitation: Invitation, now) -> None:
    invitation.revoked_at = now
    invitation.revoked_by = actor.user
    invitation.save(update_fields=["revoked_at", "revoked_by"])
    invitation.sessions.filter(ended_at__isnull=True).update(ended_at=now)
    access_log.record(
        actor,
        access,
        AccessAction.UPDATE,
        object_type="portal_invitation",
        object_id=invitation.pk,
        person_id=invitation.person_id,
        part=PART,
        details={"revoked": True},
    )


def do_revoke_invitation(*, actor: Actor, access: FamilyAccess, invitation_pk) -> Invitation:
    """End an invitation: its links stop working and its sessions end at once."""
    if not access.can_write:
        raise PermissionDenied
    invitation = _invitation_of(access, invitation_pk)
    if invitation.is_revoked:
        return invitation
    with transaction.atomic():
        _revoke(actor, access, invitation, timezone.now())
    return invitation


# The visitor's side -------------------------------------------------------------------------


def find_link(token: str) -> LoginLink | None:
    """The link with this token, if it may still be used (else None: the page is a 404)."""
    if not token or len(token) > 100:
        return None
    link = (
        LoginLink.objects.select_related("invitation__family", "invitation__person")
        .filter(token_hash=token_hash(token))
        .first()
    )
    return link


def link_open(link: LoginLink | None) -> bool:
    if link is None or not link.usable():
        return False
    invitation = link.invitation
    return invitation.family.is_open and invitation.person.family_id == invitation.family_id


def address_locked(request) -> bool:
    limit = settings.PORTAL_ADDRESS_FAILURE_LIMIT
    if limit <= 0:
        return False
    since = timezone.now() - timedelta(minutes=settings.PORTAL_ADDRESS_FAILURE_MINUTES)
    return (
        PortalFailure.objects.filter(ip_address=client_ip(request), at__gte=since).count() >= limit
    )


def note_failure(request) -> None:
    PortalFailure.objects.create(ip_address=client_ip(request))


def log_refused_link(actor: Actor, link: LoginLink, reason: str) -> None:
    """A known link that may no longer be used (revoked, expired, used, blocked)."""
    _portal_entry(
        actor,
        link.invitation,
        AccessAction.DENIED,
        "portal_link",
        object_id=link.pk,
        basis=AccessBasis.NONE,
        details={"reason": reason},
    )


def refusal_reason(link: LoginLink) -> str:
    if link.invitation.revoked_at is not None:
        return "revoked"
    if link.blocked_at is not None:
        return "locked"
    if link.used_at is not None:
        return "used"
    if timezone.now() >= link.expires_at:
        return "expired"
    return "closed"


class TooManyCodes(Exception):
    pass


def do_send_code(*, actor: Actor, link: LoginLink) -> None:
    """A new 6-digit code to the invited address (a few per link, then a new link)."""
    if link.codes_sent >= settings.PORTAL_CODES_PER_LINK:
        raise TooManyCodes
    code = f"{secrets.randbelow(10**6):06d}"
    now = timezone.now()
    with transaction.atomic():
        link.code_hash = _code_hash(link.pk, code)
        link.code_expires_at = now + timedelta(minutes=settings.PORTAL_CODE_MINUTES)
        link.codes_sent += 1
        link.save(update_fields=["code_hash", "code_expires_at", "codes_sent"])
        _portal_entry(
            actor,
            link.invitation,
            AccessAction.CREATE,
            "portal_code",
            object_id=link.pk,
            details={"channel": link.invitation.channel, "number": link.codes_sent},
        )
        with translation.override(settings.LANGUAGE_CODE):
            text = _(
                "Your code for Vangnet is %(code)s. It works for %(minutes)s minutes. "
                "Do not share it with anyone."
            ) % {"code": code, "minutes": settings.PORTAL_CODE_MINUTES}
            _send(link.invitation, _("Your code for Vangnet"), text)


def new_session_key() -> str:
    return secrets.token_urlsafe(32)


def do_check_code(*, actor: Actor, request, link: LoginLink, code: str) -> str | None:
    """The code typed in: right - the link is used up and a portal session starts (its key
    is returned, for the cookie); wrong - counted, and after PORTAL_CODE_ATTEMPTS wrong codes
    the link is blocked (the coach sends a new one)."""
    now = timezone.now()
    code = (code or "").strip()
    right = (
        bool(link.code_hash)
        and link.code_expires_at is not None
        and now < link.code_expires_at
        and hmac.compare_digest(link.code_hash, _code_hash(link.pk, code))
    )
    invitation = link.invitation
    with transaction.atomic():
        if not right:
            link.failed_codes += 1
            fields = ["failed_codes"]
            locked = link.failed_codes >= settings.PORTAL_CODE_ATTEMPTS
            if locked:
                link.blocked_at = now
                fields.append("blocked_at")
            link.save(update_fields=fields)
            note_failure(request)
            _portal_entry(
                actor,
                invitation,
                AccessAction.DENIED,
                "portal_code",
                object_id=link.pk,
                basis=AccessBasis.NONE,
                details={"attempt": link.failed_codes, "locked": locked},
            )
            return None
        link.used_at = now
        link.code_hash = ""
        link.save(update_fields=["used_at", "code_hash"])
        invitation.accepted_at = invitation.accepted_at or now
        invitation.save(update_fields=["accepted_at"])
        key = new_session_key()
        session = PortalSession.objects.create(
            invitation=invitation, key_hash=token_hash(key), started_at=now, last_seen_at=now
        )
        _portal_entry(
            actor, invitation, AccessAction.CREATE, "portal_session", object_id=session.pk
        )
    return key


def do_end_session(*, actor: Actor, session: PortalSession) -> None:
    with transaction.atomic():
        session.ended_at = timezone.now()
        session.save(update_fields=["ended_at"])
        _portal_entry(
            actor,
            session.invitation,
            AccessAction.UPDATE,
            "portal_session",
            object_id=session.pk,
            details={"ended": True},
        )


def log_portal_read(
    actor: Actor, invitation: Invitation, *, object_type: str, object_id=""
) -> None:
    """The visitor looked at their part of the plan: one read, and "last looked" moves on."""
    now = timezone.now()
    Invitation.objects.filter(pk=invitation.pk).update(last_seen_at=now)
    recorder.record_read(
        actor,
        object_type=object_type,
        object_id=object_id or invitation.pk,
        family=invitation.family,
        person_id=invitation.person_id,
        part=PART,
        basis=AccessBasis.GRANT,
        purpose=PURPOSE,
        details={"invitation": invitation.pk},
    )


def do_check_in(
    *, actor: Actor, invitation: Invitation, mood: str, words: str = "", warning_sign: bool
) -> CheckIn:
    """ "How did this week go?" Orange, red or a warning sign reach the coach at once: a mail
    when the transaction commits, the family page, and the next safety meeting's agenda."""
    if mood not in Mood.values:
        raise ValidationError({"mood": _("Choose how this week went.")})
    if invitation.is_revoked or not invitation.family.is_open:
        raise Http404
    with transaction.atomic():
        checkin = CheckIn.objects.create(
            invitation=invitation,
            family=invitation.family,
            mood=mood,
            words=(words or "").strip()[:500],
            warning_sign=bool(warning_sign),
        )
        Invitation.objects.filter(pk=invitation.pk).update(last_seen_at=checkin.created_at)
        _portal_entry(
            actor,
            invitation,
            AccessAction.CREATE,
            "portal_checkin",
            object_id=checkin.pk,
            details={"mood": mood, "warning_sign": checkin.warning_sign},
        )
        if checkin.is_concern:
            family = invitation.family
            transaction.on_commit(lambda: _mail_coach(family, checkin))
    return checkin


def _mail_coach(family, checkin: CheckIn) -> None:
    """To the case worker: the file number and a link, never a name or the words."""
    coach = family.case_worker
    if not coach.email:
        return
    url = settings.SITE_URL.rstrip("/") + reverse("families:detail", args=[family.pk])
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Vangnet: concerns reported by the network (%(ref)s)") % {
            "ref": family.reference
        }
        body = _(
            "Someone of the network of file %(ref)s reported concerns in the portal "
            "(%(mood)s%(sign)s). Read it in the family file: %(url)s"
        ) % {
            "ref": family.reference,
            "mood": checkin.get_mood_display(),
            "sign": ", " + _("saw a warning sign") if checkin.warning_sign else "",
            "url": url,
        }
    try:
        send_mail(subject, body, None, [coach.email])
    except Exception:  # shown on the family page and the agenda all the same
        logger.exception("portal concern %s could not be mailed", checkin.pk)


def touch_session(session: PortalSession) -> None:
    """Idle timeout: the session lives on from this request."""
    PortalSession.objects.filter(pk=session.pk).update(last_seen_at=timezone.now())
