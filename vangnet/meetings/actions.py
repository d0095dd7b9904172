"""EVERY write of the meetings app. Each writes its own access-log entry in its transaction.

The caller passes the access it got from vangnet.meetings.access (meeting/team) and, for a
family, from vangnet.families.access.get_family_for_user(write=True). Actions raise
ValidationError (with a field dict), PermissionDenied or StaleVersionError.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

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
from vangnet.meetings.texts import has_control_characters

SERIES_FIELDS = (
    "interval_days",
    "weekday",
    "start_time",
    "duration_minutes",
    "location",
    "capacity",
    "default_cadence_days",
    "no_contact_days",
    "scaling_window",
    "scaling_drop",
)
MAX_CADENCE_DAYS = 183


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
    if not 2 <= series.scaling_window <= 10:
        raise ValidationError({"scaling_window": _("Compare between 2 and 10 scores.")})
    if not 1 <= series.scaling_drop <= 10:
        raise ValidationError({"scaling_drop": _("Choose between 1 and 10 points.")})
    if not 1 <= series.no_contact_days <= 180:
        raise ValidationError({"no_contact_days": _("Choose between 1 and 180 days.")})
    return save_if_unchanged(series, version, changes)


# Meetings and agendas ------------------------------------------------------------------------


def _generate(meeting: Meeting) -> list[int]:
    """(Re)build the generated part of a planned meeting's agenda; chair changes stay."""
    series = meeting.series
    kept = {item.family_id: item for item in meeting.items.all()}
    chair_added = [i for i in kept.values() if i.source == ItemSource.CHAIR and not i.removed]
    removed = {i.family_id for i in kept.values() if i.removed}
    slots = max(0, meeting.capacity - len(chair_added))
    candidates = [
        s
        for s in signals.team_signals(meeting.team_id, meeting.day, thresholds_of(series))
        if s.family_id not in removed and s.family_id not in {i.family_id for i in chair_added}
    ]
    agenda = engine.build_agenda(candidates, meeting.day, thresholds_of(series, capacity=slots))
    meeting.items.filter(source=ItemSource.GENERATED, removed=False).delete()
    position = 0
    for item in chair_added:
        position += 1
        item.position = position
        item.save(update_fields=["position"])
    for chosen in agenda.selected:
        position += 1
        AgendaItem.objects.create(
            meeting=meeting,
            family_id=chosen.family_id,
            position=position,
            score=chosen.score,
            reasons=[r.as_dict() for r in chosen.reasons],
            source=ItemSource.GENERATED,
        )
    meeting.overflow = [
        {
            "family_id": c.family_id,
            "score": c.score,
            "reasons": [r.as_dict() for r in c.reasons],
        }
        for c in agenda.not_fitting
    ]
    meeting.save(update_fields=["overflow"])
    return [i.family_id for i in chair_added] + [c.family_id for c in agenda.selected]


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
    meeting = save_if_unchanged(
        meeting,
        version,
        {"status": MeetingStatus.STARTED},
        extra={"started_at": timezone.now()},
    )
    families = list(meeting.items.filter(removed=False).values_list("family_id", flat=True))
    _log_meeting(actor, access, AccessAction.UPDATE, families, step="start")
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
def do_finalise(*, actor: Actor, access: MeetingAccess, version: int) -> Meeting:
    if not access.can_write:
        raise PermissionDenied
    meeting = _locked(access)
    if meeting.status != MeetingStatus.STARTED:
        raise ValidationError({"__all__": _("Only a meeting that has started can be finalised.")})
    undiscussed = meeting.items.filter(removed=False).exclude(
        family_id__in=Decision.objects.filter(discussion__meeting=meeting).values(
            "discussion__family_id"
        )
    )
    if undiscussed.exists():
        raise ValidationError(
            {
                "__all__": _(
                    "Record at least one decision for every family on the agenda, or take the "
                    "family off with a reason before the meeting starts."
                )
            }
        )
    meeting = save_if_unchanged(
        meeting,
        version,
        {"status": MeetingStatus.FINALISED},
        extra={"finalised_at": timezone.now(), "finalised_by": actor.user},
    )
    families = list(meeting.discussions.values_list("family_id", flat=True))
    _log_meeting(actor, access, AccessAction.UPDATE, families, step="finalise")
    return meeting


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


def _discussion(actor: Actor, access: MeetingAccess, family_access: FamilyAccess) -> Discussion:
    """The family's minutes in a meeting that is running (created on the first write).

    The meeting row is locked and its status checked on the locked copy, so minutes can
    never be written after (or while) the meeting is finalised.
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
    discussion, created = Discussion.objects.get_or_create(
        meeting=meeting, family=family_access.family
    )
    if created and not ReviewCadence.objects.filter(family=family_access.family).exists():
        ReviewCadence.objects.create(
            family=family_access.family,
            interval_days=meeting.series.default_cadence_days,
            reason=_("Discussed in the safety meeting for the first time."),
            valid_from=meeting.day,
            set_by=actor.user,
        )
    return discussion


@transaction.atomic
def do_add_input(
    *, actor: Actor, access: MeetingAccess, family_access: FamilyAccess, discipline: str, text: str
) -> DisciplineInput:
    discussion = _discussion(actor, access, family_access)
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
