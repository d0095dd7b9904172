"""Safety-meeting routes of the JSON API: /api/v1/meetings/...

Same rules as the pages: reads go through vangnet.meetings.queries (access check + one
access-log entry), writes through vangnet.meetings.actions (which log their own entry);
the access check of a write logs nothing. Outsiders get 404, readers 403 on writes.
"""

from __future__ import annotations

from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from pydantic import field_validator

from vangnet.accounts.models import Discipline
from vangnet.api import schemas as s
from vangnet.api.api import api
from vangnet.audit.context import Actor, Channel
from vangnet.families import queries as family_queries
from vangnet.families.access import get_family_for_user
from vangnet.meetings import actions, queries
from vangnet.meetings.access import get_meeting_for_user, get_team_for_user
from vangnet.meetings.models import DecisionKind, MeetingAction
from vangnet.meetings.texts import cadence_row_text, has_control_characters, reason_text

router = Router(tags=["meetings"])

READ_ERRORS = {401: s.Error, 404: s.Error, 422: s.InvalidInput}
WRITE_ERRORS = {**READ_ERRORS, 403: s.Error}
VERSION_ERRORS = {**WRITE_ERRORS, 409: s.Conflict}


def _actor(request) -> Actor:
    return Actor.from_request(request, channel=Channel.API)


def _case_content(request) -> None:
    if not request.user.may_see_case_content:
        raise Http404


def _user(user_id: int | None, field: str):
    if user_id is None:
        return None
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise ValidationError({field: _("Choose a member of the team.")})
    return user


# Schemas -------------------------------------------------------------------------------------


def _one_line(value: str | None) -> str | None:
    """Text that goes into calendar feeds: no line breaks or other control characters."""
    if value and has_control_characters(value):
        raise ValueError(_("Use one line without special characters."))
    return value


class MeetingOut(Schema):
    id: int
    team_id: int
    starts_at: datetime
    location: str
    chair_id: int | None
    status: str
    capacity: int
    version: int


class MeetingIn(s.InputSchema):
    starts_at: s.MeetingStart
    location: s.text(300) | None = None
    chair_id: int | None = None
    attendee_ids: list[int] = []

    _location_one_line = field_validator("location")(_one_line)


class AttendeesIn(s.InputSchema):
    version: int = Field(..., ge=1)
    chair_id: int | None = None
    attendee_ids: list[int] = []


class AgendaRowOut(Schema):
    family_id: int
    reference: str
    name: str
    reasons: list[str]
    reason_codes: list[str]
    score: int
    chair_reason: str = ""
    removed_reason: str = ""


class MeetingDetailOut(MeetingOut):
    agenda: list[AgendaRowOut]
    not_fitting: list[AgendaRowOut]
    removed: list[AgendaRowOut]


class AgendaChangeIn(s.InputSchema):
    family_id: int
    reason: s.text(2000)


class VersionIn(s.InputSchema):
    version: int = Field(..., ge=1)


class FinaliseIn(VersionIn):
    not_discussed_family_ids: list[int] = []  # on the agenda, not discussed: they come back
    reason: s.text(2000) = ""


class InputIn(s.InputSchema):
    discipline: s.text(30)
    text: s.text(10000)


class DecisionIn(s.InputSchema):
    kind: DecisionKind
    text: s.text(10000)
    cadence_days: int | None = None


class ActionIn(s.InputSchema):
    description: s.text(2000)
    owner_id: int
    due_on: date


class NextReviewIn(s.InputSchema):
    next_review_on: date | None


class MinutesAddendumIn(s.InputSchema):
    text: s.text(10000)


class CreatedOut(Schema):
    id: int


class ActionOut(Schema):
    id: int
    family_id: int
    description: str
    owner_id: int
    due_on: date
    done_on: date | None
    version: int


class ActionDoneIn(s.InputSchema):
    version: int = Field(..., ge=1)
    done_note: s.text(2000) = ""


class DecisionOut(Schema):
    kind: str
    text: str
    cadence_days: int | None


class InputOut(Schema):
    discipline: str
    text: str
    author_id: int


class MinutesOut(Schema):
    meeting_id: int
    family_id: int
    inputs: list[InputOut]
    decisions: list[DecisionOut]
    actions: list[ActionOut]
    next_review_on: date | None
    not_discussed: bool = False
    open_actions: list[ActionOut]
    last_contact_on: date | None
    review_due_on: date | None


class EventOut(Schema):
    day: date
    kind: str
    code: str
    text: str


class CadenceOut(Schema):
    interval_days: int | None
    later_after: int | None = None  # phased: after this many discussions ...
    later_interval_days: int | None = None  # ... the cadence moves on to this by itself
    automatic: bool = False
    description: str = ""  # the cadence in words, in the user's language
    reason: str
    valid_from: date
    set_by_id: int

    @staticmethod
    def resolve_description(obj) -> str:
        return cadence_row_text(obj)


class CadenceIn(s.InputSchema):
    interval_days: int | None
    reason: s.text(2000)


class SeriesOut(Schema):
    team_id: int
    interval_days: int
    weekday: int
    start_time: s.LocalTime
    duration_minutes: int
    location: str
    capacity: int
    default_cadence_days: int
    cadence_phase_meetings: int
    later_cadence_days: int
    no_contact_days: int
    scaling_window: int
    scaling_drop: int
    version: int


class SeriesPatch(s.InputSchema):
    version: int = Field(..., ge=1)
    interval_days: int | None = None
    weekday: int | None = Field(None, ge=0, le=4)
    start_time: s.LocalTime | None = None
    duration_minutes: int | None = Field(None, ge=15, le=480)
    location: s.text(300) | None = None
    capacity: int | None = None
    default_cadence_days: int | None = None
    cadence_phase_meetings: int | None = None
    later_cadence_days: int | None = None
    no_contact_days: int | None = None
    scaling_window: int | None = None
    scaling_drop: int | None = None

    _location_one_line = field_validator("location")(_one_line)


# Team settings and meetings ------------------------------------------------------------------


@router.get(
    "/teams/{team_id}/series",
    response={200: SeriesOut, **READ_ERRORS},
    summary="How a team runs its meeting, with the agenda thresholds",
)
def get_series(request, team_id: int):
    """No family data: nothing logged."""
    _case_content(request)
    access = get_team_for_user(request.user, team_id)
    return actions.series_for(access.team)


@router.patch(
    "/teams/{team_id}/series",
    response={200: SeriesOut, **VERSION_ERRORS},
    summary="Change the meeting settings and thresholds",
)
def patch_series(request, team_id: int, payload: SeriesPatch):
    _case_content(request)
    access = get_team_for_user(request.user, team_id, write=True)
    changes = {
        name: value
        for name, value in payload.model_dump(exclude_unset=True, exclude={"version"}).items()
        if value is not None  # null leaves a setting as it is
    }
    return actions.do_update_series(
        actor=_actor(request), access=access, version=payload.version, **changes
    )


@router.get(
    "/teams/{team_id}/meetings",
    response={200: list[MeetingOut], **READ_ERRORS},
    summary="Meetings of a team",
)
def list_meetings(request, team_id: int):
    """Dates, places and status only: no family data, nothing logged."""
    _case_content(request)
    access = get_team_for_user(request.user, team_id)
    return queries.meetings_of([access.team.pk])


@router.post(
    "/teams/{team_id}/meetings",
    response={201: MeetingOut, **WRITE_ERRORS},
    summary="Plan a meeting (its agenda is generated)",
)
def create_meeting(request, team_id: int, payload: MeetingIn):
    _case_content(request)
    access = get_team_for_user(request.user, team_id, write=True)
    meeting = actions.do_create_meeting(
        actor=_actor(request),
        access=access,
        starts_at=payload.starts_at,
        chair=_user(payload.chair_id, "chair_id"),
        location=payload.location,
        attendees=[_user(pk, "attendee_ids") for pk in payload.attendee_ids],
    )
    return Status(201, meeting)


def _row(family, reasons, score, **extra) -> dict:
    return {
        "family_id": family.pk,
        "reference": family.reference,
        "name": family.name,
        "reasons": [reason_text(r) for r in reasons],
        "reason_codes": [r.get("code", "") for r in reasons],
        "score": score,
        **extra,
    }


@router.get(
    "/{meeting_id}",
    response={200: MeetingDetailOut, **READ_ERRORS},
    summary="A meeting with its agenda",
)
def get_meeting(request, meeting_id: int):
    _case_content(request)
    access = queries.open_meeting(_actor(request), meeting_id, update_agenda=True)
    page = queries.meeting_page(access)
    meeting = access.meeting
    agenda = [
        _row(r.family, r.item.reasons, r.score, chair_reason=r.item.chair_reason)
        for r in page["agenda"]
    ]
    removed = [
        _row(r.family, r.item.reasons, r.score, removed_reason=r.item.removed_reason)
        for r in page["removed"]
    ]
    overflow = {o["family_id"]: o for o in meeting.overflow}
    not_fitting = [
        _row(r.family, overflow[r.family.pk]["reasons"], r.score) for r in page["overflow"]
    ]
    return {
        **MeetingOut.model_validate(meeting).model_dump(),
        "agenda": agenda,
        "not_fitting": not_fitting,
        "removed": removed,
    }


def _agenda_change(request, meeting_id, payload, change):
    _case_content(request)
    access = get_meeting_for_user(request.user, meeting_id, write=True)
    family_access = get_family_for_user(request.user, payload.family_id, write=True)
    change(actor=_actor(request), access=access, family_access=family_access, reason=payload.reason)
    return get_meeting_for_user(request.user, meeting_id).meeting


@router.post(
    "/{meeting_id}/agenda",
    response={200: MeetingOut, **WRITE_ERRORS},
    summary="Chair: add a family to the agenda, with a reason",
)
def agenda_add(request, meeting_id: int, payload: AgendaChangeIn):
    return _agenda_change(request, meeting_id, payload, actions.do_add_to_agenda)


@router.post(
    "/{meeting_id}/agenda/remove",
    response={200: MeetingOut, **WRITE_ERRORS},
    summary="Chair: take a family off the agenda, with a reason",
)
def agenda_remove(request, meeting_id: int, payload: AgendaChangeIn):
    return _agenda_change(request, meeting_id, payload, actions.do_remove_from_agenda)


@router.post(
    "/{meeting_id}/start",
    response={200: MeetingOut, **VERSION_ERRORS},
    summary="Start the meeting: the agenda is frozen",
)
def start_meeting(request, meeting_id: int, payload: VersionIn):
    _case_content(request)
    access = get_meeting_for_user(request.user, meeting_id, write=True)
    return actions.do_start_meeting(actor=_actor(request), access=access, version=payload.version)


@router.post(
    "/{meeting_id}/attendees",
    response={200: MeetingOut, **VERSION_ERRORS},
    summary="Set the chair and attendees (until the minutes are final)",
)
def set_attendees(request, meeting_id: int, payload: AttendeesIn):
    _case_content(request)
    access = get_meeting_for_user(request.user, meeting_id, write=True)
    return actions.do_set_attendees(
        actor=_actor(request),
        access=access,
        version=payload.version,
        chair=_user(payload.chair_id, "chair_id"),
        attendees=[_user(pk, "attendee_ids") for pk in payload.attendee_ids],
    )


@router.post(
    "/{meeting_id}/finalise",
    response={200: MeetingOut, **VERSION_ERRORS},
    summary="Finalise the minutes; after this only addenda",
)
def finalise_meeting(request, meeting_id: int, payload: FinaliseIn):
    _case_content(request)
    access = get_meeting_for_user(request.user, meeting_id, write=True)
    not_discussed = []
    for family_id in payload.not_discussed_family_ids:
        family_access = get_family_for_user(request.user, family_id, write=True)
        if family_access.family.team_id != access.meeting.team_id:
            raise Http404
        not_discussed.append(family_access)
    return actions.do_finalise(
        actor=_actor(request),
        access=access,
        version=payload.version,
        not_discussed=not_discussed,
        reason=payload.reason,
    )


@router.post(
    "/{meeting_id}/addenda",
    response={201: CreatedOut, **WRITE_ERRORS},
    summary="Add an addendum to final minutes",
)
def add_addendum(request, meeting_id: int, payload: MinutesAddendumIn):
    _case_content(request)
    access = get_meeting_for_user(request.user, meeting_id, write=True)
    addendum = actions.do_add_addendum(actor=_actor(request), access=access, text=payload.text)
    return Status(201, {"id": addendum.pk})


# One family in a meeting ---------------------------------------------------------------------


def _action_out(action: MeetingAction) -> dict:
    return {
        "id": action.pk,
        "family_id": action.family_id,
        "description": action.description,
        "owner_id": action.owner_id,
        "due_on": action.due_on,
        "done_on": action.done_on,
        "version": action.version,
    }


@router.get(
    "/{meeting_id}/families/{family_id}",
    response={200: MinutesOut, **READ_ERRORS},
    summary="Brief and minutes of one family in a meeting",
)
def get_minutes(request, meeting_id: int, family_id: int):
    _case_content(request)
    access, family_access = queries.open_meeting_family(_actor(request), meeting_id, family_id)
    brief = queries.family_brief(family_access.family, access.meeting)
    discussion = queries.discussion_of(access.meeting, family_access.family)
    return {
        "meeting_id": access.meeting.pk,
        "family_id": family_access.family.pk,
        "inputs": list(discussion.inputs.all()) if discussion else [],
        "decisions": list(discussion.decisions.all()) if discussion else [],
        "actions": [_action_out(a) for a in discussion.actions.all()] if discussion else [],
        "next_review_on": discussion.next_review_on if discussion else None,
        "not_discussed": discussion.not_discussed if discussion else False,
        "open_actions": [_action_out(a) for a in brief["open_actions"]],
        "last_contact_on": brief["last_contact"].last_contact_on,
        "review_due_on": brief["review_due_on"],
    }


def _minutes_write(request, meeting_id, family_id):
    _case_content(request)
    access = get_meeting_for_user(request.user, meeting_id, write=True)
    family_access = get_family_for_user(request.user, family_id, write=True)
    if family_access.family.team_id != access.meeting.team_id:
        raise Http404
    return {"actor": _actor(request), "access": access, "family_access": family_access}


@router.post(
    "/{meeting_id}/families/{family_id}/inputs",
    response={201: CreatedOut, **WRITE_ERRORS},
    summary="Add input of a discipline",
)
def add_input(request, meeting_id: int, family_id: int, payload: InputIn):
    common = _minutes_write(request, meeting_id, family_id)
    if payload.discipline not in Discipline.values:
        raise ValidationError({"discipline": _("Choose a discipline.")})
    row = actions.do_add_input(**common, discipline=payload.discipline, text=payload.text)
    return Status(201, {"id": row.pk})


@router.post(
    "/{meeting_id}/families/{family_id}/decisions",
    response={201: CreatedOut, **WRITE_ERRORS},
    summary="Add a decision",
)
def add_decision(request, meeting_id: int, family_id: int, payload: DecisionIn):
    common = _minutes_write(request, meeting_id, family_id)
    row = actions.do_add_decision(
        **common, kind=payload.kind, text=payload.text, cadence_days=payload.cadence_days
    )
    return Status(201, {"id": row.pk})


@router.post(
    "/{meeting_id}/families/{family_id}/actions",
    response={201: ActionOut, **WRITE_ERRORS},
    summary="Add an action with owner and due date",
)
def add_action(request, meeting_id: int, family_id: int, payload: ActionIn):
    common = _minutes_write(request, meeting_id, family_id)
    owner = get_user_model().objects.filter(pk=payload.owner_id, is_active=True).first()
    row = actions.do_add_action(
        **common, description=payload.description, owner=owner, due_on=payload.due_on
    )
    return Status(201, _action_out(row))


@router.post(
    "/{meeting_id}/families/{family_id}/next-review",
    response={200: CreatedOut, **WRITE_ERRORS},
    summary="Set the date of the next review",
)
def set_next_review(request, meeting_id: int, family_id: int, payload: NextReviewIn):
    common = _minutes_write(request, meeting_id, family_id)
    discussion = actions.do_set_next_review(**common, next_review_on=payload.next_review_on)
    return {"id": discussion.pk}


# Actions, cadence, timeline ------------------------------------------------------------------


@router.get("/actions/mine", response={200: list[ActionOut], **READ_ERRORS}, summary="My actions")
def my_actions(request):
    _case_content(request)
    return [_action_out(a) for a in queries.my_actions(_actor(request))]


@router.get(
    "/teams/{team_id}/actions",
    response={200: list[ActionOut], **READ_ERRORS},
    summary="Open actions of a team",
)
def team_actions(request, team_id: int):
    _case_content(request)
    _access, rows = queries.team_actions(_actor(request), team_id)
    return [_action_out(a) for a in rows]


@router.post(
    "/actions/{action_id}/done",
    response={200: ActionOut, **VERSION_ERRORS},
    summary="Mark an action as done",
)
def action_done(request, action_id: int, payload: ActionDoneIn):
    _case_content(request)
    action = MeetingAction.objects.filter(pk=action_id).first()
    if action is None:
        raise Http404
    family_access = get_family_for_user(request.user, action.family_id, write=True)
    row = actions.do_complete_action(
        actor=_actor(request),
        family_access=family_access,
        action=action,
        version=payload.version,
        done_note=payload.done_note,
    )
    return _action_out(row)


@router.get(
    "/families/{family_id}/timeline",
    response={200: list[EventOut], **READ_ERRORS},
    summary="The timeline of a family",
)
def timeline(request, family_id: int):
    _case_content(request)
    access = family_queries.open_family(_actor(request), family_id, part="timeline")
    return [
        {"day": e.day, "kind": e.kind, "code": str(e.code), "text": e.text}
        for e in queries.timeline(access.family)
    ]


@router.get(
    "/families/{family_id}/cadence",
    response={200: list[CadenceOut], **READ_ERRORS},
    summary="Review cadence history of a family (newest first)",
)
def cadence(request, family_id: int):
    _case_content(request)
    access = family_queries.open_family(_actor(request), family_id, part="cadence")
    return queries.cadence_history(access.family)


@router.post(
    "/families/{family_id}/cadence",
    response={201: CadenceOut, **WRITE_ERRORS},
    summary="Change the review cadence (null: stop), with a reason",
)
def set_cadence(request, family_id: int, payload: CadenceIn):
    _case_content(request)
    access = get_family_for_user(request.user, family_id, write=True)
    row = actions.do_set_cadence(
        actor=_actor(request),
        family_access=access,
        interval_days=payload.interval_days,
        reason=payload.reason,
    )
    return Status(201, row)


api.add_router("/meetings", router)
