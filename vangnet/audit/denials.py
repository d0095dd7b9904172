"""Refused requests on family-data routes, and alerts about unusual access.

Every 403 or 404 answered to a signed-in user on a route that names a family is written to
the access log as a DENIED entry: who, when, which route, the id that was tried. The entry
is the same for an id that exists and one that does not (no file number is looked up), so
the log and the response time reveal nothing about other families.

Alerts for the privacy officer (NEN 7513 asks for active monitoring, not only a log):
- a user refused on more than VANGNET_ALERT_DENIED_FILES different files within an hour;
- a user reading more than VANGNET_ALERT_READ_FILES different files within an hour.
Refusals are checked at once; reads by `manage.py check_privacy_alerts`, which the
scheduler runs every few minutes (it checks refusals too). An alert is stored once per
user, kind and hour, shown on the privacy pages and mailed to the privacy officers
(Django's mail backend). Mails name the username and the count, never a family.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vangnet.audit import recorder
from vangnet.audit.context import Actor
from vangnet.audit.models import AccessAction, AccessBasis, AccessEvent, PrivacyAlert

logger = logging.getLogger(__name__)

# URL namespaces whose "pk" is always a family; API routes name it "family_id".
FAMILY_NAMESPACES = frozenset(
    {"families", "safety", "meldcode", "meetings", "portal_invitations", "protection"}
)
API_FAMILY_KWARG = "family_id"
WINDOW = timedelta(hours=1)


def tried_family(request) -> str | None:
    """The family id a request names, as given in the URL; None on other routes."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return None
    if request.path.startswith("/api/"):
        value = match.kwargs.get(API_FAMILY_KWARG)
    elif match.namespace in FAMILY_NAMESPACES:
        value = match.kwargs.get("pk")
    else:
        value = None
    return None if value is None else str(value)[:40]


def record_denied(request, actor: Actor, status: int) -> AccessEvent | None:
    """A DENIED entry for a refused request on a family-data route (own transaction: the
    request's own transaction has been rolled back)."""
    tried = tried_family(request)
    user = actor.user
    if tried is None or user is None or not user.is_authenticated:
        return None
    match = request.resolver_match
    other_ids = {k: str(v)[:40] for k, v in match.kwargs.items() if k not in ("pk", "family_id")}
    family = SimpleNamespace(pk=int(tried), reference="") if tried.isdigit() else None
    details = {"route": match.view_name, "method": request.method, "status": status}
    if other_ids:
        details["ids"] = other_ids
    with transaction.atomic():
        entry = recorder.record(
            actor,
            AccessAction.DENIED,
            object_type="family",
            object_id=tried,
            family=family,
            basis=AccessBasis.NONE,
            details=details,
        )
    _check(user, PrivacyAlert.Kind.DENIED_FILES)
    return entry


def scan(now=None) -> list[PrivacyAlert]:
    """Raise the alerts the last hour calls for (run every few minutes by the scheduler:
    manage.py check_privacy_alerts). Reads are counted here rather than per request, so
    that pages do not pay for it."""
    since = (now or timezone.now()) - WINDOW
    read_by = (
        AccessEvent.objects.filter(
            occurred_at__gte=since, action=AccessAction.READ, family_id__isnull=False
        )
        .exclude(user_id__isnull=True)
        .values("user_id")
        .annotate(files=Count("family_id", distinct=True))
        .filter(files__gt=settings.ALERT_READ_FILES)
    )
    denied_by = (
        AccessEvent.objects.filter(occurred_at__gte=since, action=AccessAction.DENIED)
        .exclude(user_id__isnull=True)
        .values("user_id")
        .annotate(files=Count("object_id", distinct=True))
        .filter(files__gt=settings.ALERT_DENIED_FILES)
    )
    raised = []
    for kind, rows in (
        (PrivacyAlert.Kind.READ_FILES, read_by),
        (PrivacyAlert.Kind.DENIED_FILES, denied_by),
    ):
        for row in rows:
            user = get_user_model().objects.get(pk=row["user_id"])
            alert = _raise(user, kind, row["files"], since)
            if alert is not None:
                raised.append(alert)
    return raised


def _threshold(kind: str) -> int:
    if kind == PrivacyAlert.Kind.DENIED_FILES:
        return settings.ALERT_DENIED_FILES
    return settings.ALERT_READ_FILES


def _check(user, kind: str) -> PrivacyAlert | None:
    """After a refusal: does this user now pass the threshold?"""
    since = timezone.now() - WINDOW
    count = (
        AccessEvent.objects.filter(
            user_id=user.pk, occurred_at__gte=since, action=AccessAction.DENIED
        )
        .values("object_id")
        .distinct()
        .count()
    )
    if count <= _threshold(kind):
        return None
    return _raise(user, kind, count, since)


def _raise(user, kind: str, count: int, since) -> PrivacyAlert | None:
    """One alert per user and kind within the window; mailed once it is committed."""
    with transaction.atomic():
        if PrivacyAlert.objects.filter(user=user, kind=kind, raised_at__gte=since).exists():
            return None
        alert = PrivacyAlert.objects.create(
            user=user, username=user.username, kind=kind, files=count, window=WINDOW
        )
        transaction.on_commit(lambda: _mail(alert))
    return alert


def _mail(alert: PrivacyAlert) -> None:
    from vangnet.accounts.models import User

    recipients = [
        u.email for u in User.objects.filter(is_active=True) if u.is_privacy_officer and u.email
    ]
    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Vangnet: unusual access by %(user)s") % {"user": alert.username}
        body = "\n\n".join(
            [
                str(alert.description),
                _("See the alerts on the privacy pages: %(url)s")
                % {"url": settings.SITE_URL.rstrip("/") + reverse("audit:alerts")},
            ]
        )
    try:
        send_mail(subject, body, None, recipients)
    except Exception:  # the alert is stored and shown; a mail server hiccup must not hide it
        logger.exception("privacy alert %s could not be mailed", alert.pk)
    else:
        PrivacyAlert.objects.filter(pk=alert.pk).update(mailed_at=timezone.now())
