"""Reads of the access log for the privacy officer.

Every public function here writes exactly one access-log entry (a read of the log is
itself logged, NEN 7513) and returns what the page or export shows. The privacy officer
sees no case content: these reads expose file numbers and staff usernames, never names
of families or people.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
)
from django.db.models.functions import Cast, Coalesce, Least
from django.http import Http404
from django.utils import timezone

from vangnet.accounts.models import User
from vangnet.audit import recorder
from vangnet.audit.context import Actor
from vangnet.audit.models import AccessAction, AccessBasis, AccessEvent, PrivacyAlert
from vangnet.families.models import AccessGrant, Family, GrantKind

PURPOSE = "toezicht privacy"
LOG_PAGE_SIZE = 50
OVERVIEW_PAGE_SIZE = 100
REVIEWED_SHOWN = 50
REVIEW_ENTRIES_SHOWN = 500
EXPORT_CHUNK = 2000


def _require_privacy_officer(actor: Actor) -> None:
    user = actor.user
    if not (user and user.is_authenticated and user.is_active and user.is_privacy_officer):
        raise PermissionDenied


def _record_read(actor: Actor, action: str = AccessAction.READ, **kwargs) -> AccessEvent:
    kwargs.setdefault("object_type", "access_log")
    return recorder.record(actor, action, basis=AccessBasis.ORGANISATION, purpose=PURPOSE, **kwargs)


# Client references ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ClientRef:
    """A family file as the log knows it: it may have been destroyed since."""

    reference: str
    pk: int | None = None
    team_name: str = ""
    exists: bool = False


def resolve_client(reference: str) -> ClientRef:
    family = Family.objects.filter(reference=reference).select_related("team").first()
    if family is not None:
        return ClientRef(reference, family.pk, family.team.name, exists=True)
    # Destroyed (or never existed): the log still knows the id it had.
    pk = (
        AccessEvent.objects.filter(family_ref=reference, family_id__isnull=False)
        .order_by("id")
        .values_list("family_id", flat=True)
        .first()
    )
    return ClientRef(reference, pk)


def _client_entries(client: ClientRef) -> QuerySet[AccessEvent]:
    """Entries about the file itself, and lists and searches that showed it."""
    if client.pk is not None:  # the family_id index, guarded by the reference
        # Refused attempts carry the id that was tried, never a file number.
        own = Q(family_id=client.pk, family_ref=client.reference) | Q(
            family_id=client.pk, action=AccessAction.DENIED
        )
        family_id = client.pk
    else:
        own = Q(family_ref=client.reference)
        family_id = (
            AccessEvent.objects.filter(own, family_id__isnull=False)
            .values_list("family_id", flat=True)
            .first()
        )
    if family_id is None:
        return AccessEvent.objects.filter(own)
    # A list or search entry names the families it showed in details["families"]
    # (stored as "[1, 2, 3]" by both SQLite and PostgreSQL).
    shown_in_list = Q(object_type="family_list") & Q(
        details_text__regex=rf'"families": \[(\d+, )*{int(family_id)}(, \d+)*\]'
    )
    return AccessEvent.objects.annotate(details_text=Cast("details", TextField())).filter(
        own | shown_in_list
    )


# Log search ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LogFilters:
    username: str = ""
    reference: str = ""
    date_from: date | None = None
    date_to: date | None = None
    action: str = ""
    emergency_only: bool = False

    def as_details(self) -> dict:
        values = {
            "user": self.username,
            "client": self.reference,
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
            "action": self.action,
            "emergency_only": self.emergency_only,
        }
        return {k: v for k, v in values.items() if v}


def _start_of(day: date) -> datetime:
    """Midnight at the start of a day in Vangnet's time zone (Europe/Amsterdam)."""
    return timezone.make_aware(datetime.combine(day, time.min))


def filtered_entries(filters: LogFilters) -> tuple[QuerySet[AccessEvent], ClientRef | None]:
    """The entries matching the filters, newest first (no logging: callers log)."""
    client = resolve_client(filters.reference) if filters.reference else None
    entries = _client_entries(client) if client else AccessEvent.objects.all()
    if filters.username:
        user_id = (
            User.objects.filter(username=filters.username).values_list("pk", flat=True).first()
        )
        if user_id is not None:
            entries = entries.filter(user_id=user_id)
        else:
            entries = entries.filter(username=filters.username)
    if filters.date_from:
        entries = entries.filter(occurred_at__gte=_start_of(filters.date_from))
    if filters.date_to:
        entries = entries.filter(occurred_at__lt=_start_of(filters.date_to + timedelta(days=1)))
    if filters.action:
        entries = entries.filter(action=filters.action)
    if filters.emergency_only:
        entries = entries.filter(emergency=True)
    return entries.order_by("-id"), client


def search_log(actor: Actor, filters: LogFilters, *, page_number=1) -> Page:
    """One page of the log search; logs one read entry with the filters used."""
    _require_privacy_officer(actor)
    entries, client = filtered_entries(filters)
    page = Paginator(entries, LOG_PAGE_SIZE).get_page(page_number)
    page.object_list = list(page.object_list)
    _record_read(
        actor,
        family=client,
        part="search",
        details={
            "filters": filters.as_details(),
            "page": page.number,
            "total": page.paginator.count,
            "entries": [e.id for e in page.object_list],
        },
    )
    return page


@dataclass
class Export:
    """What an export streams: rows up to the last entry that existed when it started."""

    rows: Iterator[AccessEvent]
    count: int
    up_to: int


def _export(actor: Actor, entries: QuerySet[AccessEvent], *, family, part: str, details: dict):
    up_to = AccessEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    entries = entries.filter(id__lte=up_to)
    count = entries.count()
    recorder.record(
        actor,
        AccessAction.EXPORT,
        object_type="access_log",
        family=family,
        part=part,
        basis=AccessBasis.ORGANISATION,
        purpose=PURPOSE,
        details={**details, "up_to_entry": up_to, "rows": count, "format": "csv"},
    )
    return Export(entries.iterator(chunk_size=EXPORT_CHUNK), count, up_to)


def export_log(actor: Actor, filters: LogFilters) -> Export:
    """The whole log search as rows for a CSV file; logs one export entry."""
    _require_privacy_officer(actor)
    entries, client = filtered_entries(filters)
    return _export(
        actor, entries, family=client, part="search", details={"filters": filters.as_details()}
    )


# Per-family overview ---------------------------------------------------------------------------


@dataclass
class UserSummary:
    user_id: int | None
    username: str
    discipline: str
    count: int
    first: datetime
    last: datetime


@dataclass
class FamilyOverview:
    client: ClientRef
    page: Page
    users: list[UserSummary] = field(default_factory=list)


def _disciplines(user_ids) -> dict[int, str]:
    users = User.objects.filter(pk__in=[pk for pk in user_ids if pk is not None])
    return {u.pk: u.get_discipline_display() for u in users}


def _with_discipline(entries: list[AccessEvent]) -> list[AccessEvent]:
    disciplines = _disciplines({e.user_id for e in entries})
    for entry in entries:
        entry.discipline = disciplines.get(entry.user_id, "")
    return entries


def family_overview(actor: Actor, reference: str, *, page_number=1) -> FamilyOverview:
    """Who opened or changed one family file, when and why; logs one read entry."""
    _require_privacy_officer(actor)
    client = resolve_client(reference)
    entries = _client_entries(client)
    page = Paginator(entries.order_by("-id"), OVERVIEW_PAGE_SIZE).get_page(page_number)
    page.object_list = _with_discipline(list(page.object_list))
    summary = list(
        entries.order_by()
        .values("user_id", "username")
        .annotate(count=Count("id"), first=Min("occurred_at"), last=Max("occurred_at"))
        .order_by("-last", "username")
    )
    disciplines = _disciplines({row["user_id"] for row in summary})
    users = [
        UserSummary(
            row["user_id"],
            row["username"],
            disciplines.get(row["user_id"], ""),
            row["count"],
            row["first"],
            row["last"],
        )
        for row in summary
    ]
    _record_read(
        actor,
        family=client,
        part="family_overview",
        details={"page": page.number, "total": page.paginator.count},
    )
    return FamilyOverview(client, page, users)


def export_family_overview(actor: Actor, reference: str) -> tuple[ClientRef, Export]:
    """Every entry about one family file as CSV rows; logs one export entry."""
    _require_privacy_officer(actor)
    client = resolve_client(reference)
    entries = _client_entries(client).select_related("user").order_by("id")
    return client, _export(actor, entries, family=client, part="family_overview", details={})


# Emergency access reviews ---------------------------------------------------------------------


def _window_end():
    return Least("ends_at", Coalesce("revoked_at", "ends_at"))


def _entries_under(grant: AccessGrant) -> QuerySet[AccessEvent]:
    """What the user did under an emergency grant: their emergency entries in its window."""
    end = min(grant.ends_at, grant.revoked_at) if grant.revoked_at else grant.ends_at
    return AccessEvent.objects.filter(
        user_id=grant.user_id,
        family_id=grant.family_id,
        emergency=True,
        occurred_at__gte=grant.starts_at,
        occurred_at__lte=end,
    )


def _emergency_grants() -> QuerySet[AccessGrant]:
    used = (
        AccessEvent.objects.filter(
            user_id=OuterRef("user_id"),
            family_id=OuterRef("family_id"),
            emergency=True,
            occurred_at__gte=OuterRef("starts_at"),
            occurred_at__lte=OuterRef("window_end"),
        )
        .order_by()
        .values("user_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    return (
        AccessGrant.objects.filter(kind=GrantKind.EMERGENCY)
        .select_related("user", "family", "reviewed_by")
        .annotate(window_end=_window_end())
        .annotate(entry_count=Coalesce(Subquery(used, output_field=IntegerField()), 0))
    )


@dataclass
class ReviewQueue:
    pending: list[AccessGrant]
    reviewed: list[AccessGrant]


def emergency_review_queue(actor: Actor) -> ReviewQueue:
    """Emergency grants awaiting review, and the latest reviewed; logs one read entry."""
    _require_privacy_officer(actor)
    grants = _emergency_grants()
    pending = list(grants.filter(reviewed_at__isnull=True).order_by("starts_at", "id"))
    reviewed = list(
        grants.filter(reviewed_at__isnull=False).order_by("-reviewed_at", "-id")[:REVIEWED_SHOWN]
    )
    _record_read(
        actor,
        part="emergency_reviews",
        details={"pending": [g.pk for g in pending], "reviewed": [g.pk for g in reviewed]},
    )
    return ReviewQueue(pending, reviewed)


def emergency_grant(pk) -> AccessGrant:
    """The emergency grant to review, or 404 (no logging: for the POST that reviews it)."""
    grant = _emergency_grants().filter(pk=pk).first()
    if grant is None:
        raise Http404
    return grant


@dataclass
class EmergencyReview:
    grant: AccessGrant
    entries: list[AccessEvent]
    total: int


def emergency_review(actor: Actor, pk) -> EmergencyReview:
    """One emergency grant with what was done under it; logs one read entry."""
    _require_privacy_officer(actor)
    grant = emergency_grant(pk)
    entries = _entries_under(grant).order_by("id")
    shown = list(entries[:REVIEW_ENTRIES_SHOWN])
    _record_read(
        actor,
        family=grant.family,
        object_id=grant.pk,
        part="emergency_review",
        details={"grant": grant.pk, "entries": [e.id for e in shown]},
    )
    return EmergencyReview(grant, shown, grant.entry_count)


# Alerts and refusals -----------------------------------------------------------------------

DENIALS_DAYS = 30


@dataclass
class DenialSummary:
    user_id: int | None
    username: str
    refusals: int
    files: int
    last: datetime


@dataclass
class AlertsOverview:
    open: list[PrivacyAlert]
    handled: list[PrivacyAlert]
    denials: list[DenialSummary]
    days: int = DENIALS_DAYS


def alerts_overview(actor: Actor) -> AlertsOverview:
    """Open and recent alerts, and refused attempts per user over the last 30 days; logs
    one read entry."""
    _require_privacy_officer(actor)
    since = timezone.now() - timedelta(days=DENIALS_DAYS)
    alerts = PrivacyAlert.objects.select_related("handled_by")
    open_alerts = list(alerts.filter(handled_at__isnull=True)[:200])
    handled = list(alerts.filter(handled_at__isnull=False)[:REVIEWED_SHOWN])
    rows = (
        AccessEvent.objects.filter(action=AccessAction.DENIED, occurred_at__gte=since)
        .values("user_id", "username")
        .annotate(refusals=Count("id"), files=Count("object_id", distinct=True))
        .annotate(last=Max("occurred_at"))
        .order_by("-files", "-refusals", "username")
    )
    denials = [DenialSummary(**row) for row in rows[:200]]
    _record_read(
        actor,
        object_type="privacy_alerts",
        part="alerts",
        details={"open": [a.pk for a in open_alerts], "days": DENIALS_DAYS},
    )
    return AlertsOverview(open_alerts, handled, denials)


def privacy_alert(pk) -> PrivacyAlert:
    try:
        return PrivacyAlert.objects.get(pk=int(pk))
    except (PrivacyAlert.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


# Four eyes on access rights --------------------------------------------------------------------

ACCESS_CHANGES_SHOWN = 300


def access_changes(actor: Actor, *, status: str = ""):
    """The four-eyes requests for access rights (who asked, who decided, what), newest
    first; logs one read entry."""
    from vangnet.accounts.models import AccessChangeRequest

    _require_privacy_officer(actor)
    changes = AccessChangeRequest.objects.select_related(
        "user", "team", "requested_by", "decided_by"
    )
    if actor.user.organisation_id is not None:
        changes = changes.filter(user__organisation_id=actor.user.organisation_id)
    if status:
        changes = changes.filter(status=status)
    shown = list(changes[:ACCESS_CHANGES_SHOWN])
    _record_read(
        actor,
        object_type="access_change_requests",
        part="four_eyes",
        details={"status": status, "shown": len(shown)},
    )
    return shown


# Monthly log review ----------------------------------------------------------------------------


def log_review_list(actor: Actor) -> list:
    """Every log review, newest month first, with its progress; logs one read entry."""
    from vangnet.audit.models import LogReview

    _require_privacy_officer(actor)
    reviews = list(
        LogReview.objects.select_related("signed_by").annotate(
            total=Count("items"),
            judged=Count("items", filter=~Q(items__judgement="")),
            not_justified=Count("items", filter=Q(items__judgement="not_justified")),
        )[:120]
    )
    _record_read(actor, object_type="log_review", part="log_review", details={"list": True})
    return reviews


def log_review(pk):
    """The review, or 404 (no logging: for the POSTs that change it)."""
    from vangnet.audit.models import LogReview

    review = LogReview.objects.select_related("created_by", "signed_by").filter(pk=pk).first()
    if review is None:
        raise Http404
    return review


@dataclass
class LogReviewPage:
    review: object
    items: list
    reproduced: bool | None = None
    counts: dict = field(default_factory=dict)


def _review_items(review) -> list:
    """The items with their access-log entries (looked up within the month, so that only
    that month's partition is read on PostgreSQL)."""
    from vangnet.audit import log_review as sampling

    items = list(review.items.select_related("judged_by"))
    start, end = sampling.month_bounds(review.month)
    entries = AccessEvent.objects.filter(
        id__in=[item.entry_id for item in items], occurred_at__gte=start, occurred_at__lt=end
    ).in_bulk()
    for item in items:
        item.entry = entries.get(item.entry_id)
    return items


def _counts(items) -> dict:
    return {
        "total": len(items),
        "judged": sum(1 for i in items if i.judgement),
        "not_justified": sum(1 for i in items if i.judgement == "not_justified"),
    }


def log_review_page(actor: Actor, pk, *, check_sample: bool = False) -> LogReviewPage:
    """One review with its sample; logs one read entry. With check_sample the sample is
    drawn again from the seed and compared with the stored one."""
    from vangnet.audit import log_review as sampling

    _require_privacy_officer(actor)
    review = log_review(pk)
    items = _review_items(review)
    reproduced = None
    if check_sample:
        again = sampling.draw_sample(review.month, review.seed, review.last_entry_id)
        reproduced = again == [(i.entry_id, i.reason) for i in items]
    _record_read(
        actor,
        object_type="log_review",
        object_id=review.pk,
        part="log_review",
        details={"month": f"{review.month:%Y-%m}", "entries": [i.entry_id for i in items]},
    )
    return LogReviewPage(review, items, reproduced, _counts(items))


def log_review_report(actor: Actor, pk, *, file_format: str) -> LogReviewPage:
    """The review for its report (PDF or CSV); the export itself is logged."""
    _require_privacy_officer(actor)
    review = log_review(pk)
    items = _review_items(review)
    _record_read(
        actor,
        AccessAction.EXPORT,
        object_type="log_review",
        object_id=review.pk,
        part="log_review",
        details={
            "month": f"{review.month:%Y-%m}",
            "format": file_format,
            "signed": review.is_signed,
            "entries": [i.entry_id for i in items],
        },
    )
    return LogReviewPage(review, items, None, _counts(items))
