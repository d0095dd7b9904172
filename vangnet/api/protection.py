"""Phases of help, protective measures and forensic examinations in the JSON API:
/api/v1/families/{family_id}/protection/...

Same rules as the pages: a read goes through protection.queries.open_protection (access check
+ one access-log entry), a write through the protection actions (which log their own entry;
the access check uses get_family_for_user(write=True), so nothing is logged twice).
Outsiders get 404, read-only users and the safeguarding lead 403 on writes, a stale
version 409.
"""

from datetime import date
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from vangnet.api import schemas as s
from vangnet.api.api import api
from vangnet.audit.context import Actor, Channel
from vangnet.core.limits import TEXT_MAX
from vangnet.families.access import FamilyAccess, get_family_for_user
from vangnet.protection import actions, queries
from vangnet.protection.models import Examiner, MeasureKind, Phase, PhaseState

router = Router(tags=["phases and protective measures"])

READ_ERRORS = {401: s.Error, 404: s.Error, 422: s.InvalidInput}
WRITE_ERRORS = {**READ_ERRORS, 403: s.Error}
PATCH_ERRORS = {**WRITE_ERRORS, 409: s.Conflict}

OptText = s.text(TEXT_MAX)
Short = s.text(200)
PhaseCode = Literal[tuple(Phase.values)]
StateCode = Literal[tuple(PhaseState.values)]
KindCode = Literal[tuple(MeasureKind.values)]
ExaminerCode = Literal[tuple(["", *Examiner.values])]
BASE = "/{family_id}/protection"


def _actor(request) -> Actor:
    return Actor.from_request(request, channel=Channel.API)


def _write_access(request, family_id: int) -> FamilyAccess:
    return get_family_for_user(request.user, family_id, write=True)


def _read(request, family_id, **kwargs) -> FamilyAccess:
    return queries.open_protection(_actor(request), family_id, **kwargs)


# Output ----------------------------------------------------------------------------------------


class PhaseOut(Schema):
    phase: str = Field(description="short_term, long_term or recovery.")
    state: str = Field(description="not_started, working or reached.")
    decided_on: date | None
    decided_by_id: int | None
    note: str
    version: int = Field(description="1 for a phase that was never set.")


class PhaseWithSuggestion(PhaseOut):
    suggested: str | None = Field(
        description="What Vangnet suggests from the file (null: no suggestion); never set "
        "by itself."
    )
    reasons: list[str] = Field(description="Why, in the user's language.")


class MeasureOut(Schema):
    id: int
    kind: str
    person_id: int = Field(description="Huisverbod: on whom it is imposed; otherwise the child.")
    imposed_by: str
    institution: str
    guardian: str
    starts_on: date
    ends_on: date | None
    extended_to: date | None
    end: date | None = Field(description="The end as it stands (the extension, if any).")
    note: str
    version: int


class ForensicOut(Schema):
    id: int
    signal_id: int | None
    child_id: int
    requested: bool
    reason_not_requested: str
    requested_by: str
    requested_on: date | None
    examiner: str
    examined_on: date | None
    outcome: str
    version: int


class InjuryOut(Schema):
    signal_id: int
    child_id: int
    observed_on: date


class ProtectionOut(Schema):
    phases: list[PhaseWithSuggestion]
    measures: list[MeasureOut]
    forensic_examinations: list[ForensicOut]
    injuries_without_decision: list[InjuryOut] = Field(
        description="Meldcode signals with an injury and no record of a forensic examination."
    )


def _phase_out(row, suggestion=None) -> dict:
    data = {
        "phase": row.phase,
        "state": row.state,
        "decided_on": row.decided_on,
        "decided_by_id": row.decided_by_id,
        "note": row.note,
        "version": row.version,
    }
    if suggestion is not None:
        data.update(suggested=suggestion["suggested"], reasons=suggestion["reasons"])
    return data


# Input -----------------------------------------------------------------------------------------


class PhaseIn(s.InputSchema):
    version: s.Version
    state: StateCode
    decided_on: s.Day | None = Field(None, description="Left out: today.")
    note: OptText = Field("", description="Required when the phase is set back.")


class MeasureIn(s.InputSchema):
    """Huisverbod: person = on whom, imposed_by = the mayor; 10 days, an extension up to four
    weeks in all. (Provisional) supervision order and guardianship: person = the child,
    institution = the GI, guardian = the family guardian or guardian. ends_on left out: the
    usual term (10 days, 3 months, 1 year; none for guardianship)."""

    kind: KindCode
    person_id: s.DbId
    imposed_by: Short = ""
    institution: Short = ""
    guardian: Short = ""
    starts_on: s.Day
    ends_on: s.Day | None = None
    extended_to: s.Day | None = None
    note: OptText = ""


class MeasurePatch(s.InputSchema):
    version: s.Version
    person_id: s.DbId | None = None
    imposed_by: Short | None = None
    institution: Short | None = None
    guardian: Short | None = None
    starts_on: s.Day | None = None
    ends_on: s.Day | None = None
    extended_to: s.Day | None = None
    note: OptText | None = None


class ForensicIn(s.InputSchema):
    signal_id: s.DbId = Field(description="The meldcode signal with an injury.")
    requested: bool = Field(description="Was a forensic medical examination asked for?")
    reason_not_requested: OptText = Field("", description="Required when not asked for.")
    requested_by: Short = Field("", description="Who asked for it (required when asked for).")
    requested_on: s.Day | None = None
    examiner: ExaminerCode = ""
    examined_on: s.Day | None = None
    outcome: OptText = ""


class ForensicPatch(s.InputSchema):
    version: s.Version
    requested: bool | None = None
    reason_not_requested: OptText | None = None
    requested_by: Short | None = None
    requested_on: s.Day | None = None
    examiner: ExaminerCode | None = None
    examined_on: s.Day | None = None
    outcome: OptText | None = None


def _changes(payload) -> dict:
    data = payload.model_dump(exclude_unset=True, exclude={"version"})
    if not data:
        raise ValidationError(_("Give at least one field to change."))
    return data


# Routes ----------------------------------------------------------------------------------------


@router.get(
    BASE,
    response={200: ProtectionOut, **READ_ERRORS},
    summary="The three phases (with Vangnet's suggestion), measures and forensic examinations",
)
def get_protection(request, family_id: s.DbId):
    access = _read(request, family_id)
    data = queries.overview(access.family)
    return {
        "phases": [_phase_out(p["status"], p) for p in data["phases"]],
        "measures": data["measures"],
        "forensic_examinations": data["examinations"],
        "injuries_without_decision": [
            {"signal_id": x.pk, "child_id": x.child_id, "observed_on": x.observed_on}
            for x in data["pending_injuries"]
        ],
    }


@router.put(
    BASE + "/phases/{phase}",
    response={200: PhaseOut, **PATCH_ERRORS},
    summary="Set the state of one phase (not started, working on it, reached)",
)
def set_phase(request, family_id: s.DbId, phase: PhaseCode, payload: PhaseIn):
    access = _write_access(request, family_id)
    row = actions.do_set_phase(
        actor=_actor(request), access=access, phase=phase, **payload.model_dump()
    )
    return _phase_out(row)


@router.get(
    BASE + "/measures",
    response={200: list[MeasureOut], **READ_ERRORS},
    summary="The family's protective measures, newest first",
)
def list_measures(request, family_id: s.DbId):
    access = _read(request, family_id, object_type="protective_measure")
    return queries.measures(access.family)


@router.post(
    BASE + "/measures",
    response={201: MeasureOut, **WRITE_ERRORS},
    summary="Record a protective measure (huisverbod, (provisional) supervision order, "
    "guardianship)",
)
def add_measure(request, family_id: s.DbId, payload: MeasureIn):
    access = _write_access(request, family_id)
    data = payload.model_dump(exclude_unset=True)
    made = actions.do_add_measure(actor=_actor(request), access=access, **data)
    return Status(201, made)


@router.get(
    BASE + "/measures/{item_id}",
    response={200: MeasureOut, **READ_ERRORS},
    summary="One protective measure",
)
def get_measure(request, family_id: s.DbId, item_id: s.DbId):
    access = _read(request, family_id, object_type="protective_measure", object_id=item_id)
    return queries.measure_of(access, item_id)


@router.patch(
    BASE + "/measures/{item_id}",
    response={200: MeasureOut, **PATCH_ERRORS},
    summary="Change a protective measure (end date, extension, guardian)",
)
def update_measure(request, family_id: s.DbId, item_id: s.DbId, payload: MeasurePatch):
    access = _write_access(request, family_id)
    measure = queries.measure_of(access, item_id)
    return actions.do_update_measure(
        actor=_actor(request),
        access=access,
        measure=measure,
        version=payload.version,
        **_changes(payload),
    )


@router.get(
    BASE + "/forensic-examinations",
    response={200: list[ForensicOut], **READ_ERRORS},
    summary="Forensic medical examinations after an injury",
)
def list_forensic(request, family_id: s.DbId):
    access = _read(request, family_id, object_type="forensic_examination")
    return queries.forensic_examinations(access.family)


@router.post(
    BASE + "/forensic-examinations",
    response={201: ForensicOut, **WRITE_ERRORS},
    summary="For a signal with an injury: record whether a forensic examination was asked for",
)
def add_forensic(request, family_id: s.DbId, payload: ForensicIn):
    access = _write_access(request, family_id)
    data = payload.model_dump()
    made = actions.do_record_forensic(actor=_actor(request), access=access, **data)
    return Status(201, made)


@router.get(
    BASE + "/forensic-examinations/{item_id}",
    response={200: ForensicOut, **READ_ERRORS},
    summary="One forensic medical examination",
)
def get_forensic(request, family_id: s.DbId, item_id: s.DbId):
    access = _read(request, family_id, object_type="forensic_examination", object_id=item_id)
    return queries.forensic_of(access, item_id)


@router.patch(
    BASE + "/forensic-examinations/{item_id}",
    response={200: ForensicOut, **PATCH_ERRORS},
    summary="Change a forensic examination record (when it was done, its outcome)",
)
def update_forensic(request, family_id: s.DbId, item_id: s.DbId, payload: ForensicPatch):
    access = _write_access(request, family_id)
    exam = queries.forensic_of(access, item_id)
    return actions.do_update_forensic(
        actor=_actor(request),
        access=access,
        exam=exam,
        version=payload.version,
        **_changes(payload),
    )


api.add_router("/families", router)
