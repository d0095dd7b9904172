"""Meldcode routes of the JSON API: /families/{family_id}/meldcode/... and, for the
aandachtsfunctionaris, /meldcode/overview.

Same rules as the HTML pages: reads go through vangnet.meldcode.queries (access check + one
access-log entry with part "meldcode"), writes through vangnet.meldcode.actions (which log
their own entry); the access check of a write does not log. Outsiders get 404, readers 403.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Body, Field, Query, Router, Schema, Status
from ninja.errors import ValidationError as RequestValidationError
from pydantic import ValidationError as PydanticError

from vangnet.api import schemas as s
from vangnet.audit.context import Actor, Channel
from vangnet.families.access import FamilyAccess, get_family_for_user
from vangnet.families.models import Person
from vangnet.meldcode import actions, queries
from vangnet.meldcode.models import (
    Category,
    ConsultationKind,
    Report,
    SignalSource,
    SkipReason,
    Trajectory,
    Unsafety,
    VtDecision,
    WeighingStage,
)

router = Router(tags=["meldcode"])

READ_ERRORS = {401: s.Error, 404: s.Error, 422: s.InvalidInput}
WRITE_ERRORS = {**READ_ERRORS, 403: s.Error}

_API_FIELD_NAMES = {
    "child": "child_id",
    "children": "child_ids",
    "subject": "subject_id",
    "previous": "previous_id",
}
_MODEL_FIELD_NAMES = {api: model for model, api in _API_FIELD_NAMES.items()}
KindPath = Literal["signal", "consultation", "conversation", "weighing", "report"]


def _actor(request) -> Actor:
    return Actor.from_request(request, channel=Channel.API)


def _write(request, family_id: int, trajectory_id: int) -> tuple[FamilyAccess, Trajectory]:
    access = get_family_for_user(request.user, family_id, write=True)
    return access, queries.get_trajectory(access, trajectory_id)


@contextmanager
def _api_field_names():
    try:
        yield
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        raise ValidationError(
            {_API_FIELD_NAMES.get(name, name): errors for name, errors in exc.error_dict.items()}
        ) from None


def _person(access: FamilyAccess, person_id: int | None, field: str) -> Person:
    person = Person.objects.filter(pk=person_id, family=access.family).first()
    if person is None:
        raise ValidationError({field: _("Choose someone of this family.")})
    return person


# Schemas ---------------------------------------------------------------------------------------

Text = s.text(10_000)
Required = s.text(10_000, required=True)


class StartIn(s.InputSchema):
    child_ids: list[s.DbId] = Field(min_length=1, max_length=20)
    started_on: date
    reason: Text = ""


class TrajectoryCloseIn(s.InputSchema):
    closed_on: date
    reason: Required


class SignalIn(s.InputSchema):
    child_id: s.DbId
    observed_on: date
    observed_by: s.text(200, required=True)
    description: Required
    category: Category
    source: SignalSource
    child_words: Text = ""
    injury: bool = False
    disclosure: bool = Field(False, description="Told on their own initiative: counts as acute.")
    acute: bool = False
    finalise: bool = False


class ConsultationIn(s.InputSchema):
    kind: ConsultationKind
    consulted_on: date
    with_whom: s.text(200, required=True)
    advice: Required
    finalise: bool = False


class ConversationIn(s.InputSchema):
    held: bool
    held_on: date | None = None
    with_whom: s.text(300) = ""
    reaction: Text = ""
    skip_reason: SkipReason | Literal[""] = ""
    skip_explanation: Text = ""
    finalise: bool = False


class WeighingIn(s.InputSchema):
    stage: WeighingStage = Field(
        WeighingStage.FIRST,
        description=(
            "first: questions 1-4 by the professional; with_veilig_thuis: after a report, "
            "questions 3 and 4 answered together with Veilig Thuis; evaluation: question 5 "
            "at the evaluation of help an earlier weighing decided on."
        ),
    )
    weighed_on: date
    vt_contact: s.text(200) = Field("", description="with_veilig_thuis: who at Veilig Thuis.")
    q1: bool | None = None
    q1_rationale: Text = ""
    q2: Unsafety | Literal[""] = ""
    q2_rationale: Text = ""
    q3: bool | None = None
    q3_rationale: Text = ""
    q4: bool | None = None
    q4_rationale: Text = ""
    q5: bool | None = None
    q5_rationale: Text = ""
    disclosure_reason: Text = Field(
        "", description="Required when question 2 is 'none' although a signal is a disclosure."
    )
    early_reason: Text = Field(
        "", description="Required when question 5 is answered before the evaluation date."
    )
    help_evaluate_on: date | None = None
    finalise: bool = False


class ReportIn(s.InputSchema):
    reported_on: date
    vt_contact: s.text(200, required=True)
    vt_reference: s.text(60) = ""
    shared: Required
    family_informed: bool
    not_informed_reason: Text = ""
    previous_id: s.DbId | None = Field(None, description="For a re-report: the earlier report.")
    finalise: bool = False


INPUTS = {
    "signal": SignalIn,
    "consultation": ConsultationIn,
    "conversation": ConversationIn,
    "weighing": WeighingIn,
    "report": ReportIn,
}


class FeedbackIn(s.InputSchema):
    feedback_on: date
    decision: VtDecision
    summary: Required


class RecordAddendumIn(s.InputSchema):
    reason: s.text(300, required=True)
    text: Required


class AceIn(s.InputSchema):
    subject_id: s.DbId
    answered_by: s.text(200, required=True)
    answered_on: date
    answers: list[bool] = Field(min_length=10, max_length=10)


class FactorsIn(s.InputSchema):
    assessed_on: date
    factors: list[s.text(40)] = Field(default_factory=list, max_length=50)
    notes_child: Text = ""
    notes_parents: Text = ""
    notes_family: Text = ""
    notes_environment: Text = ""


class OverviewParams(s.InputSchema):
    period_from: date | None = None
    period_to: date | None = None


class RecordMeta(Schema):
    id: int
    recorded_by: s.UserOut
    recorded_at: datetime
    finalised_at: datetime | None
    final: bool
    version: int = Field(description="Give this version when you change the draft (PATCH).")

    @staticmethod
    def resolve_final(obj) -> bool:
        return obj.is_final


class SignalOut(RecordMeta):
    child_id: int
    observed_on: date
    observed_by: str
    description: str
    category: str
    source: str
    child_words: str
    injury: bool
    disclosure: bool
    acute: bool


class ConsultationOut(RecordMeta):
    kind: str
    consulted_on: date
    with_whom: str
    advice: str


class ConversationOut(RecordMeta):
    held: bool
    held_on: date | None
    with_whom: str
    reaction: str
    skip_reason: str
    skip_explanation: str


class WeighingOut(RecordMeta):
    stage: str
    weighed_on: date
    vt_contact: str
    report_id: int | None
    q1: bool | None
    q1_rationale: str
    q2: str
    q2_rationale: str
    q3: bool | None
    q3_rationale: str
    q4: bool | None
    q4_rationale: str
    q5: bool | None
    q5_rationale: str
    disclosure_reason: str
    early_reason: str
    outcome: str = Field(
        description="close, report_together, report, help, vt_takes_over, report_and_help, "
        "rereport or close_monitoring"
    )
    help_evaluate_on: date | None
    next_question: int | None
    follow_up: str | None = Field(
        description="The kind of weighing the method asks for next, if any."
    )

    @staticmethod
    def resolve_next_question(obj) -> int | None:
        return obj.result.next_question

    @staticmethod
    def resolve_follow_up(obj) -> str | None:
        return obj.result.follow_up


class ReportOut(RecordMeta):
    reported_on: date
    reported_by: s.UserOut
    vt_contact: str
    vt_reference: str
    shared: str
    family_informed: bool
    not_informed_reason: str
    previous_id: int | None
    feedback_due_on: date
    feedback_on: date | None
    feedback_decision: str
    feedback_summary: str
    feedback_overdue: bool

    @staticmethod
    def resolve_feedback_overdue(obj) -> bool:
        from django.utils import timezone

        return obj.feedback_overdue(timezone.localdate())


class AddendumOut(Schema):
    id: int
    record_kind: str
    record_id: int
    written_by: s.UserOut
    written_at: datetime
    reason: str
    text: str


class AceOut(Schema):
    id: int
    subject_id: int
    answered_by: str
    answered_on: date
    answers: list[bool]
    score: int


class FactorsOut(Schema):
    id: int
    assessed_on: date
    factors: list[str]
    notes_child: str
    notes_parents: str
    notes_family: str
    notes_environment: str


class ReferralOut(Schema):
    id: int
    reason: str
    source: str
    raised_at: datetime
    resolved_at: datetime | None


class TrajectorySummary(Schema):
    id: int
    status: str
    started_on: date
    closed_on: date | None
    close_reason: str
    closed_at_step: int | None
    child_ids: list[int]
    previous_id: int | None

    @staticmethod
    def resolve_child_ids(obj) -> list[int]:
        return [c.pk for c in obj.children.all()]


class MeldcodeStepOut(Schema):
    number: int
    title: str
    done: bool
    missing: list[str]


class TrajectoryOut(TrajectorySummary):
    current_step: int
    steps: list[MeldcodeStepOut]
    signals: list[SignalOut]
    consultations: list[ConsultationOut]
    conversations: list[ConversationOut]
    weighings: list[WeighingOut]
    reports: list[ReportOut]
    addenda: list[AddendumOut]
    ace: list[AceOut]
    factor_lists: list[FactorsOut]
    referrals: list[ReferralOut]


class OverviewTrajectory(Schema):
    id: int
    family_id: int
    family_reference: str
    team: str
    current_step: int
    started_on: date
    days_open: int


class OverviewReport(Schema):
    id: int
    family_id: int
    trajectory_id: int
    reported_on: date
    feedback_due_on: date
    feedback_on: date | None
    feedback_decision: str
    overdue: bool


class OverviewOut(Schema):
    open_count: int
    open_trajectories: list[OverviewTrajectory]
    overdue_feedback: list[OverviewReport]
    reports: list[OverviewReport]


class _Obj:
    def __init__(self, base, **extra):
        self._base = base
        self.__dict__.update(extra)

    def __getattr__(self, name):
        return getattr(self._base, name)


def _trajectory_out(trajectory: Trajectory):
    data = queries.trajectory_file(trajectory)
    return _Obj(
        trajectory,
        current_step=data["current_step"],
        steps=[{**step, "title": str(step["title"])} for step in data["steps"]],
        signals=data["signals"],
        consultations=data["consultations"],
        conversations=data["conversations"],
        weighings=data["weighings"],
        reports=data["reports"],
        addenda=list(trajectory.addenda.select_related("written_by")),
        ace=data["ace"],
        factor_lists=data["factor_lists"],
        referrals=data["referrals"],
    )


# Routes ------------------------------------------------------------------------------------------

F = "/families/{family_id}/meldcode"
T = F + "/{trajectory_id}"


@router.get(F, response={200: list[TrajectorySummary], **READ_ERRORS}, summary="Trajectories")
def list_trajectories(request, family_id: s.DbId):
    access, _t, _r = queries.open_meldcode(_actor(request), family_id)
    return queries.family_trajectories(access.family)


@router.post(F, response={201: TrajectoryOut, **WRITE_ERRORS}, summary="Start a trajectory")
def start_trajectory(request, family_id: s.DbId, payload: StartIn):
    access = get_family_for_user(request.user, family_id, write=True)
    children = list(Person.objects.filter(pk__in=payload.child_ids, family=access.family))
    if len(children) != len(set(payload.child_ids)):
        raise ValidationError({"child_ids": _("Choose children of this family.")})
    with _api_field_names():
        trajectory = actions.do_start_trajectory(
            actor=_actor(request),
            access=access,
            children=children,
            started_on=payload.started_on,
            reason=payload.reason,
        )
    return Status(201, _trajectory_out(trajectory))


@router.get(T, response={200: TrajectoryOut, **READ_ERRORS}, summary="One trajectory")
def get_trajectory(request, family_id: s.DbId, trajectory_id: s.DbId):
    _a, trajectory, _r = queries.open_meldcode(
        _actor(request), family_id, trajectory_id=trajectory_id
    )
    return _trajectory_out(trajectory)


@router.post(T + "/close", response={200: TrajectoryOut, **WRITE_ERRORS}, summary="Close")
def close_trajectory(request, family_id: s.DbId, trajectory_id: s.DbId, payload: TrajectoryCloseIn):
    access, trajectory = _write(request, family_id, trajectory_id)
    with _api_field_names():
        trajectory = actions.do_close_trajectory(
            actor=_actor(request),
            access=access,
            trajectory=trajectory,
            closed_on=payload.closed_on,
            reason=payload.reason,
        )
    return _trajectory_out(trajectory)


def _values(access, kind: str, payload) -> tuple[dict, bool]:
    values = payload.model_dump()
    finalise = values.pop("finalise", False)
    if kind == "signal":
        values["child"] = _person(access, values.pop("child_id"), "child_id")
    if kind == "report":
        previous_id = values.pop("previous_id")
        values["previous"] = None
        if previous_id is not None:
            values["previous"] = Report.objects.filter(
                pk=previous_id, trajectory__family=access.family
            ).first()
            if values["previous"] is None:
                raise ValidationError(
                    {"previous_id": _("Choose an earlier report about this family.")}
                )
    if kind == "conversation" and values.get("skip_reason") is None:
        values["skip_reason"] = ""
    return values, finalise


def _add(request, family_id, trajectory_id, kind, payload):
    access, trajectory = _write(request, family_id, trajectory_id)
    with _api_field_names():
        values, finalise = _values(access, kind, payload)
        if kind == "report":
            values["reported_by"] = request.user
        record = actions.do_add_record(
            actor=_actor(request),
            access=access,
            trajectory=trajectory,
            record_kind=kind,
            finalise=finalise,
            **values,
        )
    return Status(201, record)


@router.post(T + "/signals", response={201: SignalOut, **WRITE_ERRORS}, summary="Add a signal")
def add_signal(request, family_id: s.DbId, trajectory_id: s.DbId, payload: SignalIn):
    return _add(request, family_id, trajectory_id, "signal", payload)


@router.post(
    T + "/consultations", response={201: ConsultationOut, **WRITE_ERRORS}, summary="Consult"
)
def add_consultation(request, family_id: s.DbId, trajectory_id: s.DbId, payload: ConsultationIn):
    return _add(request, family_id, trajectory_id, "consultation", payload)


@router.post(
    T + "/conversations",
    response={201: ConversationOut, **WRITE_ERRORS},
    summary="The conversation with the client",
)
def add_conversation(request, family_id: s.DbId, trajectory_id: s.DbId, payload: ConversationIn):
    return _add(request, family_id, trajectory_id, "conversation", payload)


@router.post(
    T + "/weighings",
    response={201: WeighingOut, **WRITE_ERRORS},
    summary="Answer the afwegingskader",
)
def add_weighing(request, family_id: s.DbId, trajectory_id: s.DbId, payload: WeighingIn):
    """Answer only the questions on the path; the outcome follows from the answers."""
    return _add(request, family_id, trajectory_id, "weighing", payload)


@router.post(
    T + "/reports", response={201: ReportOut, **WRITE_ERRORS}, summary="Report to Veilig Thuis"
)
def add_report(request, family_id: s.DbId, trajectory_id: s.DbId, payload: ReportIn):
    return _add(request, family_id, trajectory_id, "report", payload)


@router.post(
    T + "/reports/{report_id}/feedback",
    response={200: ReportOut, **WRITE_ERRORS},
    summary="Feedback from Veilig Thuis",
)
def add_feedback(
    request, family_id: s.DbId, trajectory_id: s.DbId, report_id: s.DbId, payload: FeedbackIn
):
    access, trajectory = _write(request, family_id, trajectory_id)
    report = queries.get_report(trajectory, report_id)
    return actions.do_record_feedback(
        actor=_actor(request),
        access=access,
        report=report,
        feedback_on=payload.feedback_on,
        decision=payload.decision,
        summary=payload.summary,
    )


def _as_input(kind: str, record) -> dict:
    fields = set(INPUTS[kind].model_fields) - {"finalise"}
    return {name: getattr(record, name) for name in fields}


RECORD_OUT = SignalOut | ConsultationOut | ConversationOut | WeighingOut | ReportOut


@router.patch(
    T + "/{kind}/{record_id}",
    response={200: RECORD_OUT, **WRITE_ERRORS},
    summary="Change a draft record",
)
def update_record(
    request,
    family_id: s.DbId,
    trajectory_id: s.DbId,
    kind: KindPath,
    record_id: s.DbId,
    payload: Body[dict],
):
    """Give only the fields to change, and the version you read (required). A finalised
    record is refused (403): add an addendum. A stale version is refused (409)."""
    access, trajectory = _write(request, family_id, trajectory_id)
    record = queries.get_record(trajectory, kind, record_id)
    if record.is_final:
        raise PermissionDenied
    payload = dict(payload)
    version = payload.pop("version", None)
    if type(version) is not int or version < 1:
        if version is None:
            error = {"type": "missing"}
        elif type(version) is int:
            error = {"type": "greater_than_equal", "ctx": {"ge": 1}}
        else:
            error = {"type": "int_type"}
        raise RequestValidationError([{**error, "loc": ("body", "payload", "version"), "msg": ""}])
    try:
        # Check the types with the saved values filled in; only the given fields are passed on
        # (the action takes the others from the locked row, never from this copy).
        parsed = INPUTS[kind].model_validate({**_as_input(kind, record), **payload})
    except PydanticError as error:
        raise RequestValidationError(
            [{**e, "loc": ("body", "payload", *e["loc"])} for e in error.errors()]
        ) from None
    given = {_MODEL_FIELD_NAMES.get(name, name) for name in payload}
    with _api_field_names():
        values, finalise = _values(access, kind, parsed)
        values = {name: value for name, value in values.items() if name in given}
        return actions.do_update_record(
            actor=_actor(request),
            access=access,
            record=record,
            version=version,
            finalise=finalise,
            **values,
        )


@router.post(
    T + "/{kind}/{record_id}/finalise",
    response={200: RECORD_OUT, **WRITE_ERRORS},
    summary="Finalise a record",
)
def finalise_record(
    request, family_id: s.DbId, trajectory_id: s.DbId, kind: KindPath, record_id: s.DbId
):
    access, trajectory = _write(request, family_id, trajectory_id)
    record = queries.get_record(trajectory, kind, record_id)
    return actions.do_finalise_record(actor=_actor(request), access=access, record=record)


@router.post(
    T + "/{kind}/{record_id}/addenda",
    response={201: AddendumOut, **WRITE_ERRORS},
    summary="Add an addendum to a finalised record",
)
def add_addendum(
    request,
    family_id: s.DbId,
    trajectory_id: s.DbId,
    kind: KindPath,
    record_id: s.DbId,
    payload: RecordAddendumIn,
):
    access, trajectory = _write(request, family_id, trajectory_id)
    record = queries.get_record(trajectory, kind, record_id)
    addendum = actions.do_add_addendum(
        actor=_actor(request),
        access=access,
        record=record,
        reason=payload.reason,
        text=payload.text,
    )
    return Status(201, addendum)


@router.post(T + "/ace", response={201: AceOut, **WRITE_ERRORS}, summary="ACE questionnaire")
def add_ace(request, family_id: s.DbId, trajectory_id: s.DbId, payload: AceIn):
    access, trajectory = _write(request, family_id, trajectory_id)
    with _api_field_names():
        ace = actions.do_record_ace(
            actor=_actor(request),
            access=access,
            trajectory=trajectory,
            subject=_person(access, payload.subject_id, "subject_id"),
            answered_by=payload.answered_by,
            answered_on=payload.answered_on,
            answers=payload.answers,
        )
    return Status(201, ace)


@router.post(
    T + "/factors",
    response={201: FactorsOut, **WRITE_ERRORS},
    summary="Risk and protective factors",
)
def add_factors(request, family_id: s.DbId, trajectory_id: s.DbId, payload: FactorsIn):
    access, trajectory = _write(request, family_id, trajectory_id)
    factor_list = actions.do_record_factors(
        actor=_actor(request), access=access, trajectory=trajectory, **payload.model_dump()
    )
    return Status(201, factor_list)


@router.post(
    "/families/{family_id}/meldcode-referrals/{referral_id}/resolve",
    response={200: ReferralOut, **WRITE_ERRORS},
    summary="Remove a mark for the safety meeting",
)
def resolve_referral(request, family_id: s.DbId, referral_id: s.DbId):
    """The family was discussed: the mark (acute, disclosure, Veilig Thuis) is dealt with."""
    access = get_family_for_user(request.user, family_id, write=True)
    referral = queries.get_referral(access, referral_id)
    return actions.do_resolve_referral(actor=_actor(request), access=access, referral=referral)


@router.get(
    "/meldcode/overview",
    response={200: OverviewOut, **READ_ERRORS},
    summary="Meldcode overview (aandachtsfunctionaris)",
)
def overview(request, filters: Query[OverviewParams]):
    unknown = sorted(set(request.GET) - set(OverviewParams.model_fields))
    if unknown:
        raise RequestValidationError(
            [{"type": "extra_forbidden", "loc": ("query", name), "msg": ""} for name in unknown]
        )
    if filters.period_from and filters.period_to and filters.period_to < filters.period_from:
        raise ValidationError({"period_to": _("The end of the period cannot be before its start.")})
    data = queries.overview(
        _actor(request), period_from=filters.period_from, period_to=filters.period_to
    )

    def report_row(r):
        return {
            "id": r.pk,
            "family_id": r.trajectory.family_id,
            "trajectory_id": r.trajectory_id,
            "reported_on": r.reported_on,
            "feedback_due_on": r.feedback_due_on,
            "feedback_on": r.feedback_on,
            "feedback_decision": r.feedback_decision,
            "overdue": r.overdue,
        }

    return {
        "open_count": data["open_count"],
        "open_trajectories": [
            {
                "id": t.pk,
                "family_id": t.family_id,
                "family_reference": t.family.reference,
                "team": t.family.team.name,
                "current_step": t.current_step,
                "started_on": t.started_on,
                "days_open": t.days_open,
            }
            for _n, _title, rows in data["by_step"]
            for t in rows
        ],
        "overdue_feedback": [report_row(r) for r in data["overdue"]],
        "reports": [report_row(r) for r in data["reports"]],
    }


from vangnet.api.api import api  # noqa: E402  (api.py imports this module at its end)

api.add_router("", router)
