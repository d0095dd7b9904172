"""EVERY write of the meetings app. Each writes its own access-log entry in its transaction.

The caller passes the access it got from vangnet.meetings.access (meeting/team) and, for a
family, from vangnet.families.access.get_family_for_user(write=True). Actions raise
ValidationError (with a field dict), PermissionDenied or StaleVersionError.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vangnet.accounts.models import Membership, Role
from vangnet.audit import recorder
from vangnet.audit.context import Actor
from vangnet.audit.models import AccessAction
from vangnet.core.concurrency import save_if_unchanged
from vangnet.families import access_log
from vangnet.families.access import FamilyAccess
from vangnet.meetings import engine, signals
from vangnet.meetings.access import MeetingAccess, TeamAccess
from vangnet.meetings.models import (
    Addendum,
    AgendaItem,
    Attendee,
    CalendarFeed,
    Decision,
    DecisionKind,
    DisciplineInput,
    Discussion,
    ItemSource,
    Meeting,
    MeetingAction,
    MeetingSeries,
    MeetingStatus,
    ReviewCadence,
)
from vangnet.meetings.texts import cadence_text, has_control_characters

SERIES_FIELDS = (
    "interval_days",
    "weekday",
    "start_time",
    "duration_minutes",
    "location",
    "capacity",
    "default_cadence_days",
    "cadence_phase_meetings",
    "later_cadence_days",
    "no_contact_days",
    "scaling_window",
    "scaling_drop",
)
MAX_CADENCE_DAYS = 183
MAX_PHASE_MEETINGS = 52


def _log_family(actor: Actor, access: FamilyAccess, action: str, **kwargs) -> None:
    access_log.record(
        actor,
        access,
        action,
        purpose=access_log.purpose(access, default="veiligheidsoverleg"),
        part="meetings",
        **kwargs,
    )


def _log_meeting(actor: Actor, access: MeetingAccess, action: str, families, **details) -> None:
    recorder.record(
        actor,
        action,
        object_type="meeting",
        object_id=access.meeting.pk,
        part="agenda",
        basis=access.basis,
        purpose="veiligheidsoverleg",
        details={"families": sorted(families), **details},
    )


def _check_location(location: str | None, field: str = "location") -> None:
    """The location goes into calendar feeds: no line breaks or other control characters."""
    if location and has_control_characters(location):
        raise ValidationError({field: _("Use one line without special characters.")})


def _locked(access: MeetingAccess) -> Meeting:
    """The meeting row, locked until the end of the transaction: check its status on this
    copy, not on the one read at the start of the request (someone may have finalised it)."""
    return Meeting.objects.select_for_update().get(pk=access.meeting.pk)


def series_for(team) -> MeetingSeries:
    series, _created = MeetingSeries.objects.get_or_create(team=team)
    return series


def thresholds_of(series: MeetingSeries, capacity: int | None = None) -> engine.Thresholds:
    return engine.Thresholds(
        capacity=series.capacity if capacity is None else capacity,
        no_contact_days=series.no_contact_days,
        scaling_window=series.scaling_window,
        scaling_drop=series.scaling_drop,
        measure_ending_days=settings.MEASURE_ENDING_DAYS,
    )


def _writable_members(team):
    return Membership.objects.filter(
        team=team, role__in=[Role.PROFESSIONAL, Role.TEAM_LEAD], user__is_active=True
    )


def _check_member(team, user, field: str) -> None:
    if user is not None and not _writable_members(team).filter(user=user).exists():
        raise ValidationError({field: _("Choose a member of the team.")})


# Series --------------------------------------------------------------------------------------


@transaction.atomic
def do_update_series(*, actor: Actor, access: TeamAccess, version: int, **values) -> MeetingSeries:
    if not access.can_write:
        raise PermissionDenied
    series = series_for(access.team)
    changes = {k: v for k, v in values.items() if k in SERIES_FIELDS}
    _check_location(changes.get("location"))
    for name, value in changes.items():
        setattr(series, name, value)
    if not 1 <= series.capacity <= 20:
        raise ValidationError({"capacity": _("Choose between 1 and 20 families per meeting.")})
    if not 7 <= series.interval_days <= 56:
        raise ValidationError({"interval_days": _("Choose between 7 and 56 days.")})
    if not 7 <= series.default_cadence_days <= MAX_CADENCE_DAYS:
        raise ValidationError({"default_cadence_days": _("Choose between 7 and 183 days.")})
    if not 0 <= series.cadence_phase_meetings <= MAX_PHASE_MEETINGS:
        raise ValidationError({"cadence_phase_meetings": _("Choose between 0 and 52 discussions.")})
    if not 7 <= series.later_cadence_days <= MAX_CADENCE_DAYS:
        raise ValidationError({"later_cadence_days": _("Choose between 7 and 183 days.")})
    if not 2 <= series.scaling_window <= 10:
        raise ValidationError({"scaling_window": _("Compare between 2 and 10 scores.")})
    if not 1 <= series.scaling_drop <= 10:
        raise ValidationError({"scaling_drop": _("Choose between 1 and 10 points.")})
    if not 1 <= series.no_contact_days <= 180:
        raise ValidationError({"no_contact_days": _("Choose between 1 and 180 days.")})
    return save_if_unchanged(series, version, changes)


# Meetings and agendas ------------------------------------------------------------------------


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _ranked(meeting: Meeting) -> list[engine.Candidate]:
    """Every open family of the team with a reason for this meeting, most urgent first."""
    thresholds = thresholds_of(meeting.series)
    found = signals.team_signals(meeting.team_id, meeting.day, thresholds)
    return engine.rank(found, meeting.day, thresholds)


def _reasons(found: engine.Candidate | None) -> list[dict]:
    return [r.as_dict() for r in found.reasons] if found else []


def _overflow(not_fitting, previous=(), now: datetime | None = None) -> list[dict]:
    """The families that qualify but did not fit; "since" says when each first did not fit."""
    since = {o["family_id"]: o.get("since") for o in previous}
    stamp = (now or timezone.now()).isoformat()
    return [
        {
            "family_id": c.family_id,
            "score": c.score,
            "reasons": _reasons(c),
            "since": since.get(c.family_id) or stamp,
        }
        for c in not_fitting
    ]


def _generate(meeting: Meeting) -> list[int]:
    """(Re)build the generated part of a planned meeting's agenda; chair changes stay.

    What is on the agenda now counts as the agenda as made: later changes to the reasons
    are shown against it."""
    now = timezone.now()
    ranked = _ranked(meeting)
    by_family = {c.family_id: c for c in ranked}
    kept = {item.family_id: item for item in meeting.items.all()}
    chair_added = [i for i in kept.values() if i.source == ItemSource.CHAIR and not i.removed]
    removed = [i for i in kept.values() if i.removed]
    pinned = {i.family_id for i in chair_added} | {i.family_id for i in removed}
    slots = max(0, meeting.capacity - len(chair_added))
    selectable = [c for c in ranked if c.family_id not in pinned]
    meeting.items.filter(source=ItemSource.GENERATED, removed=False).delete()
    position = 0
    for item in chair_added + removed:
        if not item.removed:
            position += 1
            item.position = position
        found = by_family.get(item.family_id)
        item.reasons = item.made_reasons = _reasons(found)
        item.score = found.score if found else 0
        item.save(update_fields=["position", "reasons", "made_reasons", "score"])
    for chosen in selectable[:slots]:
        position += 1
        reasons = _reasons(chosen)
        AgendaItem.objects.create(
            meeting=meeting,
            family_id=chosen.family_id,
            position=position,
            score=chosen.score,
            reasons=reasons,
            made_reasons=reasons,
            source=ItemSource.GENERATED,
            added_at=now,
        )
    meeting.overflow = _overflow(selectable[slots:], now=now)
    meeting.agenda_made_at = meeting.agenda_updated_at = now
    meeting.save(update_fields=["overflow", "agenda_made_at", "agenda_updated_at"])
    return [i.family_id for i in chair_added] + [c.family_id for c in selectable[:slots]]


@dataclass
class AgendaChanges:
    """What an update of a planned agenda changed (family ids). dirty: there is something
    to write (also when only the reasons of families that did not fit changed)."""

    added: list[int] = field(default_factory=list)
    changed: list[int] = field(default_factory=list)
    not_fitting: list[int] = field(default_factory=list)
    dirty: bool = False

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.not_fitting)

    def details(self) -> dict:
        return {"added": self.added, "changed": self.changed, "not_fitting": self.not_fitting}


def _agenda_update(meeting: Meeting, *, apply: bool) -> AgendaChanges:
    """Bring a planned agenda up to date with the reasons as they are now.

    Nothing is taken off (see engine.update_agenda): newly qualifying families are added
    while there is room, the reasons of the families already there are renewed, the list
    of families that did not fit is made again. With apply=False nothing is written."""
    now = timezone.now()
    ranked = _ranked(meeting)
    items = list(meeting.items.all())
    placed = [engine.Placed(i.family_id, i.removed, tuple(i.reasons)) for i in items]
    update = engine.update_agenda(placed, ranked, meeting.capacity)
    overflow = _overflow(update.not_fitting, meeting.overflow, now)

    def strip(rows):
        return [(o["family_id"], o["reasons"]) for o in rows]

    before = {o["family_id"] for o in meeting.overflow}
    changes = AgendaChanges(
        added=[c.family_id for c in update.added],
        changed=sorted(update.changed),
        not_fitting=sorted({o["family_id"] for o in overflow} - before),
        dirty=not update.empty or strip(overflow) != strip(meeting.overflow),
    )
    if not apply or not changes.dirty:
        return changes
    scores = {c.family_id: c.score for c in ranked}
    for item in items:
        if item.family_id in update.changed:
            item.reasons = update.changed[item.family_id]
            item.score = scores.get(item.family_id, 0)
            item.save(update_fields=["reasons", "score"])
    position = max((i.position for i in items), default=0)
    for found in update.added:
        position += 1
        AgendaItem.objects.create(
            meeting=meeting,
            family_id=found.family_id,
            position=position,
            score=found.score,
            reasons=_reasons(found),
            made_reasons=[],
            source=ItemSource.GENERATED,
            added_at=now,
            added_by_update=True,
        )
    meeting.overflow = overflow
    meeting.agenda_updated_at = now
    meeting.save(update_fields=["overflow", "agenda_updated_at"])
    return changes


@transaction.atomic
def do_create_meeting(
    *,
    actor: Actor,
    access: TeamAccess,
    starts_at: datetime,
    chair=None,
    location: str | None = None,
    attendees=(),
) -> Meeting:
    if not access.can_write:
        raise PermissionDenied
    series = series_for(access.team)
    _check_location(location)
    _check_member(access.team, chair, "chair")
    for user in attendees:
        if not Membership.objects.filter(team=access.team, user=user).exists():
            raise ValidationError({"attendees": _("Choose members of the team.")})
    meeting = Meeting.objects.create(
        series=series,
        team=access.team,
        starts_at=starts_at,
        chair=chair,
        location=series.location if location is None else location,
        capacity=series.capacity,
    )
    for user in attendees:
        Attendee.objects.create(meeting=meeting, user=user, discipline=user.discipline)
    families = _generate(meeting)
    _log_meeting(
        actor, MeetingAccess(meeting, access), AccessAction.CREATE, families, step="create"
    )
    return meeting


def _planned(access: MeetingAccess) -> Meeting:
    if not access.can_write:
        raise PermissionDenied
    meeting = _locked(access)
    if meeting.frozen:
        raise ValidationError(
            {"__all__": _("The meeting has started: its agenda can no longer be changed.")}
        )
    return meeting


@transaction.atomic
def do_refresh_agenda(*, actor: Actor, access: MeetingAccess) -> Meeting:
    meeting = _planned(access)
    families = _generate(meeting)
    _log_meeting(actor, access, AccessAction.UPDATE, families, step="refresh")
    return meeting


@transaction.atomic
def do_update_agenda(*, actor: Actor, access: MeetingAccess) -> AgendaChanges:
    """Bring a planned agenda up to date with the families' reasons as they are now.

    Reasons change without anyone touching the meeting (Veilig Thuis feedback becomes
    overdue, a referral, contact lost), so this runs when a writer opens the planned
    meeting, and when it starts. It never takes a family off. Only when there is something
    to change is the meeting locked and an entry written (listing every family the meeting
    page shows, so that entry also covers the page read of the same request)."""
    if not access.can_write:
        raise PermissionDenied
    if access.meeting.frozen:
        raise ValidationError(
            {"__all__": _("The meeting has started: its agenda can no longer be changed.")}
        )
    if not _agenda_update(access.meeting, apply=False).dirty:
        return AgendaChanges()
    meeting = _planned(access)
    changes = _agenda_update(meeting, apply=True)
    if changes.dirty:
        recorder.record(
            actor,
            AccessAction.UPDATE,
            object_type="meeting",
            object_id=meeting.pk,
            part="agenda",
            basis=access.basis,
            purpose="veiligheidsoverleg",
            details={
                "families": signals.meeting_page_families(meeting),
                "step": "update",
                **changes.details(),
            },
        )
    return changes


def _check_chair(actor: Actor, meeting: Meeting) -> None:
    """The chair changes the agenda by hand; without a chair, any writing member may."""
    if meeting.chair_id is None or meeting.chair_id == actor.user.pk:
        return
    if Membership.objects.filter(
        team_id=meeting.team_id, user=actor.user, role=Role.TEAM_LEAD
    ).exists():
        return
    raise ValidationError({"__all__": _("Only the chair can add or take off families.")})


def _reason_required(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for this change to the agenda.")})
    return reason


@transaction.atomic
def do_add_to_agenda(
    *, actor: Actor, access: MeetingAccess, family_access: FamilyAccess, reason: str
) -> AgendaItem:
    meeting = _planned(access)
    _check_chair(actor, meeting)
    reason = _reason_required(reason)
    family = family_access.family
    if family.team_id != meeting.team_id or not family.is_open:
        raise ValidationError({"family": _("Choose an open family of this team.")})
    item = meeting.items.filter(family=family).first()
    if item is not None and not item.removed:
        raise ValidationError({"family": _("This family is already on the agenda.")})
    position = (meeting.items.filter(removed=False).count() or 0) + 1
    if item is None:
        item = AgendaItem(meeting=meeting, family=family)
    # The family's own reasons, if it has any: shown next to the chair's reason.
    thresholds = thresholds_of(meeting.series)
    [found] = signals.gather([(family.pk, family.opened_on)], meeting.day, thresholds)
    found = engine.candidate(found, meeting.day, thresholds)
    item.reasons = item.made_reasons = _reasons(found)
    item.score = found.score if found else 0
    item.added_by_update = False
    item.source = ItemSource.CHAIR
    item.removed = False
    item.removed_reason = ""
    item.chair_reason = reason
    item.position = position
    item.changed_by = actor.user
    item.save()
    meeting.overflow = [o for o in meeting.overflow if o["family_id"] != family.pk]
    meeting.save(update_fields=["overflow"])
    _log_family(
        actor, family_access, AccessAction.UPDATE, object_type="agenda_item", object_id=item.pk
    )
    return item


@transaction.atomic
def do_remove_from_agenda(
    *, actor: Actor, access: MeetingAccess, family_access: FamilyAccess, reason: str
) -> AgendaItem:
    meeting = _planned(access)
    _check_chair(actor, meeting)
    reason = _reason_required(reason)
    item = meeting.items.filter(family=family_access.family, removed=False).first()
    if item is None:
        raise ValidationError({"family": _("This family is not on the agenda.")})
    item.removed = True
    item.removed_reason = reason
    item.changed_by = actor.user
    item.save()
    _log_family(
        actor, family_access, AccessAction.UPDATE, object_type="agenda_item", object_id=item.pk
    )
    return item


@transaction.atomic
def do_start_meeting(*, actor: Actor, access: MeetingAccess, version: int) -> Meeting:
    meeting = _planned(access)
    # The agenda that is fixed now is the one of today's reasons.
    changes = _agenda_update(meeting, apply=True)
    meeting = save_if_unchanged(
        meeting,
        version,
        {"status": MeetingStatus.STARTED},
        extra={"started_at": timezone.now()},
    )
    families = list(meeting.items.filter(removed=False).values_list("family_id", flat=True))
    _log_meeting(actor, access, AccessAction.UPDATE, families, step="start", **changes.details())
    return meeting


@transaction.atomic
def do_set_attendees(
    *, actor: Actor, access: MeetingAccess, version: int, chair, attendees
) -> Meeting:
    if not access.can_write:
        raise PermissionDenied
    meeting = _locked(access)
    if meeting.final:
        raise ValidationError({"__all__": _("The minutes are final: add an addendum instead.")})
    _check_member(meeting.team, chair, "chair")
    for user in attendees:
        if not Membership.objects.filter(team=meeting.team, user=user).exists():
            raise ValidationError({"attendees": _("Choose members of the team.")})
    meeting = save_if_unchanged(meeting, version, {"chair": chair})
    keep = {u.pk for u in attendees}
    meeting.attendees.exclude(user_id__in=keep).delete()
    present = set(meeting.attendees.values_list("user_id", flat=True))
    for user in attendees:
        if user.pk not in present:
            Attendee.objects.create(meeting=meeting, user=user, discipline=user.discipline)
    families = list(meeting.items.filter(removed=False).values_list("family_id", flat=True))
    _log_meeting(
        actor, access, AccessAction.UPDATE, families, step="attendees", attendees=sorted(keep)
    )
    return meeting


@transaction.atomic
def do_finalise(
    *,
    actor: Actor,
    access: MeetingAccess,
    version: int,
    not_discussed=(),
    reason: str = "",
) -> Meeting:
    """Make the minutes final. not_discussed: the FamilyAccess of families on the agenda
    that were not discussed (marked so now, with the reason; they come back on the next
    agenda). Every other family needs a decision. Phased cadences move on here."""
    if not access.can_write:
        raise PermissionDenied
    meeting = _locked(access)
    if meeting.status != MeetingStatus.STARTED:
        raise ValidationError({"__all__": _("Only a meeting that has started can be finalised.")})
    marked, marked_rows = [], []
    for family_access in not_discussed:
        family = family_access.family
        if not family_access.can_write:
            raise PermissionDenied
        if not meeting.items.filter(family=family, removed=False).exists():
            raise ValidationError(
                {"__all__": _("This family is not on the agenda of this meeting.")}
            )
        discussion, _created = Discussion.objects.get_or_create(meeting=meeting, family=family)
        if not discussion.not_discussed:  # marked already: keep the reason given then
            _mark_not_discussed(discussion, reason)
            marked_rows.append((family_access, discussion))
        marked.append(family.pk)
    undiscussed = (
        meeting.items.filter(removed=False)
        .exclude(
            family_id__in=Decision.objects.filter(discussion__meeting=meeting).values(
                "discussion__family_id"
            )
        )
        .exclude(family_id__in=meeting.discussions.filter(not_discussed=True).values("family_id"))
    )
    if undiscussed.exists():
        raise ValidationError(
            {
                "__all__": _(
                    "Record at least one decision for every family on the agenda, or mark the "
                    "family as not discussed."
                )
            }
        )
    meeting = save_if_unchanged(
        meeting,
        version,
        {"status": MeetingStatus.FINALISED},
        extra={"finalised_at": timezone.now(), "finalised_by": actor.user},
    )
    for family_access, discussion in marked_rows:
        _log_family(
            actor,
            family_access,
            AccessAction.UPDATE,
            object_type="minutes",
            object_id=discussion.pk,
        )
    moved = _move_cadences_on(meeting, actor)
    families = list(meeting.discussions.values_list("family_id", flat=True))
    _log_meeting(
        actor,
        access,
        AccessAction.UPDATE,
        families,
        step="finalise",
        not_discussed=sorted(marked),
        cadence_moved_on=moved,
    )
    return meeting


def _move_cadences_on(meeting: Meeting, actor: Actor) -> list[int]:
    """Phased cadences whose family has now been discussed often enough move on to their
    later interval: a new cadence row that says so (history and timeline)."""
    ids = sorted(
        set(meeting.discussions.filter(not_discussed=False).values_list("family_id", flat=True))
    )
    moved = []
    for family_id, row in signals.current_cadences(ids).items():
        if row.interval_days is None or not row.later_after:
            continue
        held = Discussion.objects.filter(
            family_id=family_id,
            not_discussed=False,
            meeting__status=MeetingStatus.FINALISED,
            meeting__starts_at__gte=_start_of(row.valid_from),
        ).count()
        if not engine.phase_ends(held, row.later_after, row.later_interval_days):
            continue
        ReviewCadence.objects.create(
            family_id=family_id,
            interval_days=row.later_interval_days,
            reason=ngettext(
                "Discussed %(count)d time since %(day)s: from now on %(cadence)s, as the "
                "team's phased review cadence says.",
                "Discussed %(count)d times since %(day)s: from now on %(cadence)s, as the "
                "team's phased review cadence says.",
                held,
            )
            % {
                "count": held,
                "day": formats.date_format(row.valid_from),
                "cadence": cadence_text(row.later_interval_days),
            },
            valid_from=meeting.day,
            set_by=actor.user,
            automatic=True,
        )
        moved.append(family_id)
    return sorted(moved)


@transaction.atomic
def do_add_addendum(
    *, actor: Actor, access: MeetingAccess, text: str, family_access: FamilyAccess | None = None
) -> Addendum:
    if not access.can_write:
        raise PermissionDenied
    meeting = _locked(access)
    if not meeting.final:
        raise ValidationError({"text": _("Addenda are for final minutes; edit the minutes.")})
    if family_access is not None:
        if not family_access.can_write:
            raise PermissionDenied
        if not was_in_meeting(meeting, family_access.family):
            raise ValidationError(
                {"__all__": _("This family was not on the agenda of this meeting.")}
            )
    if not (text or "").strip():
        raise ValidationError({"text": _("Write the addendum.")})
    addendum = Addendum.objects.create(
        meeting=meeting,
        family=family_access.family if family_access else None,
        text=text.strip(),
        written_by=actor.user,
    )
    if family_access is not None:
        _log_family(
            actor, family_access, AccessAction.CREATE, object_type="addendum", object_id=addendum.pk
        )
    else:
        _log_meeting(actor, access, AccessAction.CREATE, [], step="addendum")
    return addendum


# Minutes per family --------------------------------------------------------------------------


def was_in_meeting(meeting: Meeting, family) -> bool:
    """The family is on the meeting's agenda or was discussed in it."""
    return (
        meeting.items.filter(family=family, removed=False).exists()
        or meeting.discussions.filter(family=family).exists()
    )


def _discussion(
    actor: Actor, access: MeetingAccess, family_access: FamilyAccess, *, discussing: bool = True
) -> Discussion:
    """The family's minutes in a meeting that is running (created on the first write).

    The meeting row is locked and its status checked on the locked copy, so minutes can
    never be written after (or while) the meeting is finalised. discussing: the write shows
    the family is being discussed (a decision, an action, the next review): refused while it
    is marked "not discussed", and a family discussed for the first time gets the team's
    phased cadence.
    """
    if not access.can_write or not family_access.can_write:
        raise PermissionDenied
    meeting = _locked(access)
    if meeting.status == MeetingStatus.PLANNED:
        raise ValidationError({"__all__": _("Start the meeting before writing minutes.")})
    if meeting.final:
        raise ValidationError({"__all__": _("The minutes are final: add an addendum instead.")})
    if not meeting.items.filter(family=family_access.family, removed=False).exists():
        raise ValidationError({"__all__": _("This family is not on the agenda of this meeting.")})
    discussion, _created = Discussion.objects.get_or_create(
        meeting=meeting, family=family_access.family
    )
    if discussing:
        if discussion.not_discussed:
            raise ValidationError(
                {
                    "__all__": _(
                        "This family is marked as not discussed in this meeting. Undo that first."
                    )
                }
            )
        if not ReviewCadence.objects.filter(family=family_access.family).exists():
            _first_cadence(meeting, family_access.family, actor)
    return discussion


def _first_cadence(meeting: Meeting, family, actor: Actor) -> ReviewCadence:
    """The team's phased cadence for a family discussed for the first time."""
    series = meeting.series
    phased = series.cadence_phase_meetings > 0
    return ReviewCadence.objects.create(
        family=family,
        interval_days=series.default_cadence_days,
        later_after=series.cadence_phase_meetings if phased else None,
        later_interval_days=series.later_cadence_days if phased else None,
        reason=_("Discussed in the safety meeting for the first time."),
        valid_from=meeting.day,
        set_by=actor.user,
        automatic=True,
    )


def _mark_not_discussed(discussion: Discussion, reason: str) -> None:
    if discussion.decisions.exists() or discussion.actions.exists() or discussion.next_review_on:
        raise ValidationError(
            {
                "__all__": _(
                    "Decisions, actions or a next review have been recorded for this family: "
                    "it has been discussed."
                )
            }
        )
    discussion.not_discussed = True
    discussion.not_discussed_reason = (reason or "").strip()
    discussion.save(update_fields=["not_discussed", "not_discussed_reason"])


@transaction.atomic
def do_set_not_discussed(
    *,
    actor: Actor,
    access: MeetingAccess,
    family_access: FamilyAccess,
    not_discussed: bool = True,
    reason: str = "",
) -> Discussion:
    """Mark a family on the agenda as not discussed (it comes back on the next agenda and
    does not count as a discussion), or undo that."""
    discussion = _discussion(actor, access, family_access, discussing=False)
    if not_discussed:
        _mark_not_discussed(discussion, reason)
    else:
        discussion.not_discussed = False
        discussion.not_discussed_reason = ""
        discussion.save(update_fields=["not_discussed", "not_discussed_reason"])
    _log_family(
        actor, family_access, AccessAction.UPDATE, object_type="minutes", object_id=discussion.pk
    )
    return discussion


@transaction.atomic
def do_add_input(
    *, actor: Actor, access: MeetingAccess, family_access: FamilyAccess, discipline: str, text: str
) -> DisciplineInput:
    discussion = _discussion(actor, access, family_access, discussing=False)
    if not (text or "").strip():
        raise ValidationError({"text": _("Write the input.")})
    row = DisciplineInput.objects.create(
        discussion=discussion, discipline=discipline, author=actor.user, text=text.strip()
    )
    _log_family(actor, family_access, AccessAction.CREATE, object_type="minutes", object_id=row.pk)
    return row


def _check_cadence_days(days, field: str) -> None:
    if days is None or not 7 <= days <= MAX_CADENCE_DAYS:
        raise ValidationError({field: _("Choose between 7 and 183 days.")})


@transaction.atomic
def do_add_decision(
    *,
    actor: Actor,
    access: MeetingAccess,
    family_access: FamilyAccess,
    kind: str,
    text: str,
    cadence_days: int | None = None,
) -> Decision:
    discussion = _discussion(actor, access, family_access)
    if kind not in DecisionKind.values:
        raise ValidationError({"kind": _("Choose a kind of decision.")})
    if not (text or "").strip():
        raise ValidationError({"text": _("Write down what was decided.")})
    if kind == DecisionKind.CHANGE_CADENCE:
        _check_cadence_days(cadence_days, "cadence_days")
    elif cadence_days:
        raise ValidationError(
            {"cadence_days": _("A new cadence belongs to the decision to change the cadence.")}
        )
    decision = Decision.objects.create(
        discussion=discussion,
        kind=kind,
        text=text.strip(),
        cadence_days=cadence_days if kind == DecisionKind.CHANGE_CADENCE else None,
        decided_by=actor.user,
    )
    if kind in (DecisionKind.CHANGE_CADENCE, DecisionKind.CLOSE):
        ReviewCadence.objects.create(
            family=family_access.family,
            interval_days=cadence_days if kind == DecisionKind.CHANGE_CADENCE else None,
            reason=text.strip(),
            valid_from=access.meeting.day,
            set_by=actor.user,
            decision=decision,
        )
    _log_family(
        actor, family_access, AccessAction.CREATE, object_type="decision", object_id=decision.pk
    )
    return decision


@transaction.atomic
def do_set_next_review(
    *,
    actor: Actor,
    access: MeetingAccess,
    family_access: FamilyAccess,
    next_review_on: date | None,
) -> Discussion:
    discussion = _discussion(actor, access, family_access)
    if next_review_on is not None and next_review_on <= access.meeting.day:
        raise ValidationError(
            {"next_review_on": _("The next review must be after the date of this meeting.")}
        )
    discussion.next_review_on = next_review_on
    discussion.save(update_fields=["next_review_on"])
    _log_family(
        actor, family_access, AccessAction.UPDATE, object_type="minutes", object_id=discussion.pk
    )
    return discussion


@transaction.atomic
def do_add_action(
    *,
    actor: Actor,
    access: MeetingAccess,
    family_access: FamilyAccess,
    description: str,
    owner,
    due_on: date,
) -> MeetingAction:
    discussion = _discussion(actor, access, family_access)
    if not (description or "").strip():
        raise ValidationError({"description": _("Describe the action.")})
    if owner is None or not _writable_members(access.meeting.team).filter(user=owner).exists():
        raise ValidationError({"owner": _("Choose a member of the team as owner.")})
    if due_on is None:
        raise ValidationError({"due_on": _("Give a due date.")})
    if due_on < access.meeting.day:
        raise ValidationError({"due_on": _("The due date cannot be before the meeting.")})
    action = MeetingAction.objects.create(
        family=family_access.family,
        discussion=discussion,
        description=description.strip(),
        owner=owner,
        due_on=due_on,
        created_by=actor.user,
    )
    _log_family(
        actor, family_access, AccessAction.CREATE, object_type="action", object_id=action.pk
    )
    return action


@transaction.atomic
def do_complete_action(
    *,
    actor: Actor,
    family_access: FamilyAccess,
    action: MeetingAction,
    version: int,
    done_note: str = "",
    done_on: date | None = None,
) -> MeetingAction:
    if not family_access.can_write or action.family_id != family_access.family.pk:
        raise PermissionDenied
    if action.done_on is not None:
        raise ValidationError({"__all__": _("This action has already been done.")})
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("The date cannot be in the future.")})
    action = save_if_unchanged(
        action,
        version,
        {"done_on": done_on, "done_note": (done_note or "").strip()},
        extra={"done_by": actor.user},
    )
    _log_family(
        actor, family_access, AccessAction.UPDATE, object_type="action", object_id=action.pk
    )
    return action


# Cadence -------------------------------------------------------------------------------------


@transaction.atomic
def do_set_cadence(
    *, actor: Actor, family_access: FamilyAccess, interval_days: int | None, reason: str
) -> ReviewCadence:
    """Change how often a family is discussed (None: stop); the old rows stay as history."""
    if not family_access.can_write:
        raise PermissionDenied
    if interval_days is not None:
        _check_cadence_days(interval_days, "interval_days")
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for this change.")})
    cadence = ReviewCadence.objects.create(
        family=family_access.family,
        interval_days=interval_days,
        reason=reason.strip(),
        valid_from=timezone.localdate(),
        set_by=actor.user,
    )
    _log_family(
        actor, family_access, AccessAction.UPDATE, object_type="cadence", object_id=cadence.pk
    )
    return cadence


# Calendar feed -------------------------------------------------------------------------------


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def do_renew_calendar_feed(*, user) -> str:
    """A new secret feed URL token for the user (the old one stops working)."""
    raw = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(user=user, defaults={"token_hash": token_hash(raw)})
    return raw


@transaction.atomic
def do_stop_calendar_feed(*, user) -> None:
    CalendarFeed.objects.filter(user=user).delete()
