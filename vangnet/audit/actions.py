"""Writes of the privacy officer's own records (alerts, monthly log reviews). Each action
logs its entry in the same transaction."""

from __future__ import annotations

import logging
import secrets
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vangnet.audit import log_review, recorder
from vangnet.audit.context import Actor
from vangnet.audit.models import (
    AccessAction,
    AccessBasis,
    AccessEvent,
    Judgement,
    LogReview,
    LogReviewItem,
    PrivacyAlert,
)

logger = logging.getLogger(__name__)


@transaction.atomic
def do_handle_alert(*, actor: Actor, alert: PrivacyAlert, note: str) -> PrivacyAlert:
    """Close an alert with what was found and done."""
    user = actor.user
    if not (user and user.is_authenticated and user.is_active and user.is_privacy_officer):
        raise PermissionDenied
    alert = PrivacyAlert.objects.select_for_update().get(pk=alert.pk)
    if alert.handled_at is not None:
        raise ValidationError(_("This alert has already been handled."))
    if not note.strip():
        raise ValidationError({"note": _("Write down what you found and did.")})
    alert.handled_at = timezone.now()
    alert.handled_by = user
    alert.note = note.strip()
    alert.save(update_fields=["handled_at", "handled_by", "note"])
    recorder.record(
        actor,
        AccessAction.UPDATE,
        object_type="privacy_alert",
        object_id=alert.pk,
        basis=AccessBasis.ORGANISATION,
        purpose="toezicht privacy",
        details={"handled": True, "user": alert.username, "kind": alert.kind},
    )
    return alert


# Monthly log review ------------------------------------------------------------------------------

PURPOSE = "toezicht privacy"


def _require_privacy_officer(actor: Actor):
    user = actor.user
    if not (user and user.is_authenticated and user.is_active and user.is_privacy_officer):
        raise PermissionDenied
    return user


def _record_review(actor: Actor, action: str, object_type: str, object_id, **details) -> None:
    recorder.record(
        actor,
        action,
        object_type=object_type,
        object_id=object_id,
        basis=AccessBasis.ORGANISATION,
        purpose=PURPOSE,
        details=details,
    )


@transaction.atomic
def do_start_log_review(*, actor: Actor, month: date) -> LogReview:
    """Draw and store the sample of a month (a past month, or the current one so far)."""
    user = _require_privacy_officer(actor)
    month = month.replace(day=1)
    if month > timezone.localdate().replace(day=1):
        raise ValidationError({"month": _("Choose this month or an earlier one.")})
    if LogReview.objects.filter(month=month).exists():
        raise ValidationError({"month": _("This month already has a log review.")})
    last_entry_id = AccessEvent.objects.aggregate(last=Max("id"))["last"] or 0
    review = LogReview.objects.create(
        month=month,
        seed=secrets.token_hex(16),
        last_entry_id=last_entry_id,
        created_by=user,
    )
    sample = log_review.draw_sample(month, review.seed, last_entry_id)
    LogReviewItem.objects.bulk_create(
        LogReviewItem(review=review, entry_id=entry_id, reason=reason, position=position)
        for position, (entry_id, reason) in enumerate(sample, start=1)
    )
    _record_review(
        actor,
        AccessAction.CREATE,
        "log_review",
        review.pk,
        month=f"{month:%Y-%m}",
        seed=review.seed,
        last_entry=last_entry_id,
        sample=[entry_id for entry_id, _reason in sample],
    )
    return review


@transaction.atomic
def do_judge_log_item(
    *, actor: Actor, item: LogReviewItem, judgement: str, note: str
) -> LogReviewItem:
    """Judge one sampled entry. "Not justified" on an emergency access ends that access at
    once and tells the user's team lead(s) by mail."""
    user = _require_privacy_officer(actor)
    item = LogReviewItem.objects.select_for_update().select_related("review").get(pk=item.pk)
    if item.review.is_signed:
        raise ValidationError(_("This log review has been signed off."))
    if judgement not in Judgement.values:
        raise ValidationError({"judgement": _("Choose justified or not justified.")})
    if judgement == Judgement.NOT_JUSTIFIED and not note.strip():
        raise ValidationError({"note": _("Say why this access was not justified.")})
    item.judgement = judgement
    item.note = note.strip()
    item.judged_by = user
    item.judged_at = timezone.now()
    ended = []
    if judgement == Judgement.NOT_JUSTIFIED:
        start, end = log_review.month_bounds(item.review.month)
        entry = AccessEvent.objects.filter(
            id=item.entry_id, occurred_at__gte=start, occurred_at__lt=end
        ).first()
        if entry is not None and log_review.is_emergency(entry):
            ended = _end_emergency_access(actor, entry)
            item.access_ended = True
    item.save()
    _record_review(
        actor,
        AccessAction.UPDATE,
        "log_review_item",
        item.pk,
        review=item.review_id,
        entry=item.entry_id,
        judgement=judgement,
        ended_grants=ended,
    )
    return item


def _end_emergency_access(actor: Actor, entry: AccessEvent) -> list[int]:
    """Revoke the user's running emergency access to the entry's file; mail team leads."""
    from vangnet.families.models import AccessGrant, GrantKind

    now = timezone.now()
    grants = list(
        AccessGrant.objects.select_for_update()
        .select_related("family", "user")
        .filter(
            user_id=entry.user_id,
            family_id=entry.family_id,
            kind=GrantKind.EMERGENCY,
            revoked_at__isnull=True,
            ends_at__gt=now,
        )
    )
    for grant in grants:
        grant.revoked_at = now
        grant.save(update_fields=["revoked_at"])
        recorder.record(
            actor,
            AccessAction.UPDATE,
            object_type="access_grant",
            object_id=grant.pk,
            family=grant.family,
            part="access",
            basis=AccessBasis.ORGANISATION,
            purpose=PURPOSE,
            details={"revoked_for": grant.user.username, "by": "log_review"},
        )
    if entry.user_id is not None:
        user_id, username, when = entry.user_id, entry.username, entry.occurred_at
        transaction.on_commit(lambda: _mail_team_leads(user_id, username, when, bool(grants)))
    return [grant.pk for grant in grants]


def _mail_team_leads(user_id: int, username: str, when, ended: bool) -> None:
    """Tell the user's team lead(s); the mail names the user, never a family."""
    from vangnet.accounts.models import Membership, Role

    teams = Membership.objects.filter(user_id=user_id).values("team_id")
    recipients = sorted(
        {
            m.user.email
            for m in Membership.objects.filter(team_id__in=teams, role=Role.TEAM_LEAD)
            .exclude(user_id=user_id)
            .select_related("user")
            if m.user.is_active and m.user.email
        }
    )
    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Vangnet: emergency access by %(user)s judged not justified") % {
            "user": username
        }
        lines = [
            _(
                "In the log review, the privacy officer judged an emergency access by "
                "%(user)s on %(when)s not justified."
            )
            % {"user": username, "when": timezone.localtime(when).strftime("%d-%m-%Y %H:%M")},
        ]
        if ended:
            lines.append(_("The emergency access has been ended."))
        lines.append(
            _("Please discuss this with %(user)s and the privacy officer.") % {"user": username}
        )
        body = "\n\n".join(lines)
    try:
        send_mail(subject, body, None, recipients)
    except Exception:  # the judgement stands; a mail server hiccup must not undo it
        logger.exception("log review mail about user %s could not be sent", user_id)


@transaction.atomic
def do_sign_off_log_review(*, actor: Actor, review: LogReview, conclusion: str) -> LogReview:
    user = _require_privacy_officer(actor)
    review = LogReview.objects.select_for_update().get(pk=review.pk)
    if review.is_signed:
        raise ValidationError(_("This log review has already been signed off."))
    if review.items.filter(judgement="").exists():
        raise ValidationError(_("Judge every entry of the sample before signing off."))
    if not conclusion.strip():
        raise ValidationError({"conclusion": _("Write down your conclusion.")})
    review.signed_by = user
    review.signed_at = timezone.now()
    review.conclusion = conclusion.strip()
    review.save(update_fields=["signed_by", "signed_at", "conclusion"])
    _record_review(
        actor,
        AccessAction.UPDATE,
        "log_review",
        review.pk,
        signed=True,
        month=f"{review.month:%Y-%m}",
        not_justified=review.items.filter(judgement=Judgement.NOT_JUSTIFIED).count(),
    )
    return review
