"""Reads of the meetings app. Each public open_* / *_list function logs exactly one entry.

A page about one meeting (agenda, minutes) logs one entry with object_type "meeting" and
the family ids in its details; a page about one family in a meeting logs one entry for
that family (through vangnet.families.queries.open_family).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from vangnet.audit import recorder
from vangnet.audit.context import Actor
from vangnet.audit.models import AccessAction, AccessBasis
from vangnet.families import queries as family_queries
from vangnet.families.access import FamilyAccess, get_family_for_user, visible_families
from vangnet.families.models import Contact, Family
from vangnet.meetings import actions, signals
from vangnet.meetings.access import (
    MeetingAccess,
    TeamAccess,
    get_meeting_for_user,
    get_team_for_user,
)
from vangnet.meetings.models import (
    AgendaItem,
    Decision,
    DisciplineInput,
    Discussion,
    ItemSource,
    Meeting,
    MeetingAction,
    MeetingStatus,
    ReviewCadence,
)
from vangnet.meetings.texts import cadence_row_text, cadence_text, reason_text

OPEN_ACTIONS_LIMIT = signals.OPEN_ACTIONS_LIMIT
_meeting_families = signals.meeting_page_families


def open_meeting(
    actor: Actor,
    pk,
    *,
    write: bool = False,
    part: str = "agenda",
    action=AccessAction.READ,
    update_agenda: bool = False,
) -> MeetingAccess:
    """The meeting, for a page about it: one entry listing every family the page shows.

    update_agenda: a writer opening a planned meeting first brings its agenda up to date
    (actions.do_update_agenda). When that changed something, its entry (which lists the
    same families) is this request's entry, and no read entry is added."""
    access = get_meeting_for_user(actor.user, pk, write=write)
    updating = update_agenda and access.can_write and not access.meeting.frozen
    if updating and actions.do_update_agenda(actor=actor, access=access).dirty:
        return get_meeting_for_user(actor.user, pk, write=write)
    recorder.record(
        actor,
        action,
        object_type="meeting",
        object_id=access.meeting.pk,
        part=part,
        basis=access.basis,
        purpose="veiligheidsoverleg",
        details={"families": _meeting_families(access.meeting)},
    )
    return access


def open_meeting_family(
    actor: Actor, meeting_pk, family_pk, *, write: bool = False
) -> tuple[MeetingAccess, FamilyAccess]:
    """A family within a meeting: both access checks, one entry (for the family)."""
    meeting_access = get_meeting_for_user(actor.user, meeting_pk, write=write)
    family_access = get_family_for_user(actor.user, family_pk, write=write)
    if family_access.family.team_id != meeting_access.meeting.team_id:
        raise Http404
    family_queries.open_family(
        actor,
        family_pk,
        write=write,
        part="meetings",
        object_type="meeting_discussion",
        object_id=meeting_access.meeting.pk,
    )
    return meeting_access, family_access


@dataclass
class Row:
    family: Family
    reasons: list[str]
    item: AgendaItem | None = None
    score: int = 0
    change: Change | None = None


@dataclass
class Change:
    """How a family's place on a planned agenda changed since the agenda was made.

    kind: "added" (newly qualifying, added by the update), "changed" (reasons changed),
    "no_reason" (generated, but no reason any more: the chair may take it off),
    "removed_changed" (taken off by the chair, and a new reason came up), "not_fitting"
    (newly qualifying, but the agenda is full)."""

    family: Family
    kind: str
    new: list[str]
    gone: list[str]
    when: datetime | None = None


def _item_change(item: AgendaItem, family: Family) -> Change | None:
    if item.added_by_update and item.source == ItemSource.GENERATED:
        if item.removed:
            return None
        texts = [reason_text(r) for r in item.reasons]
        return Change(family, "added", texts, [], item.added_at)
    new = [reason_text(r) for r in item.reasons if r not in item.made_reasons]
    gone = [reason_text(r) for r in item.made_reasons if r not in item.reasons]
    if not new and not gone:
        return None
    if item.removed:
        return Change(family, "removed_changed", new, gone) if new else None
    if not item.reasons and item.source == ItemSource.GENERATED:
        return Change(family, "no_reason", [], gone)
    return Change(family, "changed", new, gone)


def _since(value) -> datetime | None:
    try:
        return datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def agenda_changes(meeting: Meeting, rows: list[Row], overflow: list[Row]) -> list[Change]:
    """What changed on a planned agenda since it was made (shown to the chair)."""
    changes = [row.change for row in rows if row.change is not None]
    made = meeting.agenda_made_at
    for row in overflow:
        since = _since(row.since)
        if made is not None and since is not None and since > made:
            changes.append(Change(row.family, "not_fitting", row.reasons, [], since))
    return changes


def _families(ids) -> dict[int, Family]:
    return {f.pk: f for f in Family.objects.filter(pk__in=ids).select_related("case_worker")}


def meeting_page(access: MeetingAccess) -> dict:
    """Agenda, chair changes, families that did not fit, open actions, minutes."""
    meeting = access.meeting
    items = list(meeting.items.all())
    discussions = {
        d.family_id: d
        for d in meeting.discussions.prefetch_related(
            Prefetch("inputs", queryset=DisciplineInput.objects.select_related("author")),
            "decisions",
            Prefetch("actions", queryset=MeetingAction.objects.select_related("owner")),
        )
    }
    ids = {i.family_id for i in items} | {o["family_id"] for o in meeting.overflow}
    families = _families(ids | set(discussions))
    agenda, removed = [], []
    for item in items:
        family = families[item.family_id]
        row = Row(family, [reason_text(r) for r in item.reasons], item, item.score)
        if not meeting.frozen:
            row.change = _item_change(item, family)
        row.discussion = discussions.get(item.family_id)
        (removed if item.removed else agenda).append(row)
    overflow = []
    for o in meeting.overflow:
        if o["family_id"] in families:
            row = Row(
                families[o["family_id"]], [reason_text(r) for r in o["reasons"]], score=o["score"]
            )
            row.since = o.get("since")
            overflow.append(row)
    # At finalising: the families on the agenda without a decision, not yet marked.
    undecided = [
        row
        for row in agenda
        if not (row.discussion and (row.discussion.not_discussed or row.discussion.decisions.all()))
    ]
    today = timezone.localdate()
    # Every open action of the team's families comes back at every meeting until done.
    open_actions = list(
        MeetingAction.objects.filter(
            family__team_id=meeting.team_id, family__status="open", done_on__isnull=True
        )
        .select_related("owner", "family")
        .order_by("due_on", "id")[:OPEN_ACTIONS_LIMIT]
    )
    for action in open_actions:
        action.overdue = action.is_overdue(today)
    addable = (
        Family.objects.filter(team_id=meeting.team_id, status="open")
        .exclude(pk__in=[r.family.pk for r in agenda])
        .order_by("name")
        if not meeting.frozen
        else Family.objects.none()
    )
    return {
        "meeting": meeting,
        "access": access,
        "agenda": agenda,
        "removed": removed,
        "overflow": overflow,
        "open_actions": open_actions,
        "attendees": list(meeting.attendees.select_related("user")),
        "addenda": list(meeting.addenda.select_related("written_by", "family")),
        "addable": addable,
        "today": today,
        "changes": [] if meeting.frozen else agenda_changes(meeting, agenda + removed, overflow),
        "undecided": undecided if meeting.status == MeetingStatus.STARTED else [],
    }


def family_brief(family: Family, meeting: Meeting | None = None) -> dict:
    """Everything the team needs on one screen to discuss this family."""
    today = timezone.localdate()
    last_contact = (
        Contact.objects.filter(family=family, reached=True).order_by("-occurred_on").first()
    )
    previous = (
        Discussion.objects.filter(
            family=family, meeting__status=MeetingStatus.FINALISED, not_discussed=False
        )
        .exclude(meeting=meeting)
        .select_related("meeting")
        .order_by("-meeting__starts_at")
        .first()
    )
    open_actions = list(
        MeetingAction.objects.filter(family=family, done_on__isnull=True).select_related("owner")
    )
    for action in open_actions:
        action.overdue = action.is_overdue(today)
    cadence = ReviewCadence.objects.filter(family=family).order_by("-set_at", "-id").first()
    due = signals.cadence_due([family.pk], today).get(family.pk)
    return {
        "cadence_text": cadence_row_text(cadence) if cadence else "",
        "family": family,
        "safety": signals.brief_safety(family.pk),
        "meldcode": signals.brief_meldcode(family.pk),
        "last_contact": family_queries.contact_status(
            last_contact.occurred_on if last_contact else None, today, opened_on=family.opened_on
        ),
        "previous": previous,
        "previous_decisions": list(previous.decisions.all()) if previous else [],
        "open_actions": open_actions,
        "cadence": cadence,
        "review_due_on": due,
    }


def discussion_of(meeting: Meeting, family: Family) -> Discussion | None:
    return (
        Discussion.objects.filter(meeting=meeting, family=family)
        .prefetch_related(
            Prefetch("inputs", queryset=DisciplineInput.objects.select_related("author")),
            Prefetch("decisions", queryset=Decision.objects.select_related("decided_by")),
            Prefetch("actions", queryset=MeetingAction.objects.select_related("owner")),
        )
        .first()
    )


def meetings_of(team_ids) -> list[Meeting]:
    """Meetings (no family data): date, team, status."""
    return list(
        Meeting.objects.filter(team_id__in=team_ids)
        .select_related("team", "chair")
        .order_by("-starts_at")[:200]
    )


def _log_list(actor: Actor, object_type: str, family_ids, basis=AccessBasis.TEAM, **details):
    recorder.record(
        actor,
        AccessAction.READ,
        object_type=object_type,
        part="actions",
        basis=basis,
        purpose="veiligheidsoverleg",
        details={"families": sorted(set(family_ids)), **details},
    )


def my_actions(actor: Actor) -> list[MeetingAction]:
    """Open and recently done actions the user owns, in families the user may open."""
    rows = list(
        MeetingAction.objects.filter(owner=actor.user, family__in=visible_families(actor.user))
        .filter(done_on__isnull=True)
        .select_related("family")
        .order_by("due_on", "id")[:500]
    )
    today = timezone.localdate()
    for row in rows:
        row.overdue = row.is_overdue(today)
    _log_list(actor, "action_list", [r.family_id for r in rows])
    return rows


def team_actions(actor: Actor, team_pk) -> tuple[TeamAccess, list[MeetingAction]]:
    access = get_team_for_user(actor.user, team_pk)
    rows = list(
        MeetingAction.objects.filter(family__team=access.team, done_on__isnull=True)
        .select_related("family", "owner")
        .order_by("due_on", "id")[:1000]
    )
    today = timezone.localdate()
    for row in rows:
        row.overdue = row.is_overdue(today)
    _log_list(
        actor, "team_actions", [r.family_id for r in rows], basis=access.basis, team=access.team.pk
    )
    return access, rows


@dataclass
class Event:
    day: date
    kind: str  # meeting, decision, action, contact, cadence, plan, scaling, meldcode
    code: str
    text: str
    link: str = ""
    detail: str = ""  # cadence: the cadence in words; decision: its new cadence in words
    automatic: bool = False  # a cadence row set by Vangnet (first discussion, phase moved on)


def timeline(family: Family) -> list[Event]:
    """The story of a family, newest first: meetings, decisions, actions, contacts, cadence,
    and (where those apps are there) plan versions, scaling and meldcode steps."""
    events: list[Event] = []
    for d in Discussion.objects.filter(family=family).select_related("meeting"):
        if d.not_discussed:
            events.append(
                Event(
                    d.meeting.day,
                    "meeting",
                    "not_discussed",
                    d.not_discussed_reason,
                    str(d.meeting.pk),
                )
            )
        else:
            events.append(Event(d.meeting.day, "meeting", "discussed", "", str(d.meeting.pk)))
    for decision in Decision.objects.filter(discussion__family=family).select_related(
        "discussion__meeting"
    ):
        events.append(
            Event(
                decision.discussion.meeting.day,
                "decision",
                decision.get_kind_display(),
                decision.text,
                detail=cadence_text(decision.cadence_days) if decision.cadence_days else "",
            )
        )
    for action in MeetingAction.objects.filter(family=family):
        created = timezone.localtime(action.created_at).date()
        events.append(Event(created, "action", "action", action.description))
        if action.done_on:
            events.append(Event(action.done_on, "action", "action_done", action.description))
    for contact in Contact.objects.filter(family=family):
        events.append(
            Event(contact.occurred_on, "contact", contact.get_kind_display(), contact.summary)
        )
    for cadence in ReviewCadence.objects.filter(family=family):
        events.append(
            Event(
                timezone.localtime(cadence.set_at).date(),
                "cadence",
                str(cadence.interval_days or ""),
                cadence.reason,
                detail=cadence_row_text(cadence),
                automatic=cadence.automatic,
            )
        )
    for day, kind, code, text in signals.timeline_other_apps(family.pk):
        events.append(Event(day, kind, code, text))
    order = {"meeting": 0, "decision": 1, "cadence": 2, "action": 3}
    events.sort(key=lambda e: (e.day, -order.get(e.kind, 9)), reverse=True)
    return events


def cadence_history(family: Family) -> list[ReviewCadence]:
    return list(
        ReviewCadence.objects.filter(family=family)
        .select_related("set_by")
        .order_by("-set_at", "-id")
    )
