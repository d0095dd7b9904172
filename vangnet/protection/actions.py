"""Every write about phases, protective measures and forensic examinations. Each action runs
in one transaction with its access-log entry (no entry, no change), refuses an access that
may not write, and names the version it started from (optimistic locking: a stale edit
raises StaleVersionError, the pages show the conflict and the API answers 409)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vangnet.audit.context import Actor
from vangnet.audit.models import AccessAction
from vangnet.core.concurrency import save_if_unchanged
from vangnet.families import access_log
from vangnet.families.access import FamilyAccess
from vangnet.families.models import Person, PersonKind
from vangnet.protection import rules
from vangnet.protection.models import (
    ForensicExamination,
    MeasureKind,
    Phase,
    PhaseChange,
    PhaseState,
    PhaseStatus,
    ProtectiveMeasure,
)

PART = "protection"

MEASURE_FIELDS = (
    "kind",
    "person",
    "imposed_by",
    "institution",
    "guardian",
    "starts_on",
    "ends_on",
    "extended_to",
    "note",
)
FORENSIC_FIELDS = (
    "requested",
    "reason_not_requested",
    "requested_by",
    "requested_on",
    "examiner",
    "examined_on",
    "outcome",
)


def _log(actor: Actor, access: FamilyAccess, action: str, **kwargs) -> None:
    kwargs.setdefault("part", PART)
    access_log.record(actor, access, action, **kwargs)


def _writable(access: FamilyAccess) -> None:
    if not access.can_write:
        raise PermissionDenied


def _touch(access: FamilyAccess) -> None:
    from vangnet.families.actions import touch_family

    touch_family(access.family.pk)


def _not_future(day: date | None, field: str, errors: dict) -> None:
    if day is not None and day > timezone.localdate():
        errors.setdefault(field, []).append(_("This date cannot be in the future."))


def _clean_text(value) -> str:
    return (value or "").strip()


# Phases -------------------------------------------------------------------------------------


def status_rows(family) -> dict[str, PhaseStatus]:
    """The stored state of each phase; a phase never set is a fresh row (not saved)."""
    found = PhaseStatus.objects.filter(family=family).select_related("decided_by")
    rows = {row.phase: row for row in found}
    for phase in Phase.values:
        if phase not in rows:
            rows[phase] = PhaseStatus(family=family, phase=phase)
    return rows


@transaction.atomic
def do_set_phase(
    *,
    actor: Actor,
    access: FamilyAccess,
    phase: str,
    state: str,
    version: int,
    decided_on: date | None = None,
    note: str = "",
) -> PhaseStatus:
    """Set one phase's state (not started / working on it / reached), with the date and who
    decided. A phase set back needs a reason. A phase never set has version 1."""
    _writable(access)
    errors: dict[str, list[str]] = {}
    if phase not in Phase.values:
        raise ValidationError({"phase": [_("Choose one of the three phases.")]})
    if state not in PhaseState.values:
        errors["state"] = [_("Choose a state.")]
    decided_on = decided_on or timezone.localdate()
    _not_future(decided_on, "decided_on", errors)
    note = _clean_text(note)
    row, _created = PhaseStatus.objects.get_or_create(family=access.family, phase=phase)
    row = PhaseStatus.objects.select_for_update().get(pk=row.pk)
    old = row.state
    if not errors and rules.is_step_back(old, state) and not note:
        errors["note"] = [_("Say why this phase is set back.")]
    if errors:
        raise ValidationError(errors)
    save_if_unchanged(
        row,
        version,
        {"state": state, "decided_on": decided_on, "note": note},
        extra={"decided_by": actor.user},
    )
    if old != state:
        PhaseChange.objects.create(
            family=access.family,
            phase=phase,
            from_state=old,
            to_state=state,
            decided_on=decided_on,
            decided_by=actor.user,
            note=note,
        )
    _touch(access)
    _log(
        actor,
        access,
        AccessAction.UPDATE,
        object_type="phase",
        object_id=row.pk,
        details={"phase": phase, "from": old, "to": state},
    )
    return row


# Protective measures ------------------------------------------------------------------------


def _message(code: str) -> str:
    # Looked up at call time, so the message is in the user's language.
    text = {
        "child_needed": _("This measure concerns a child of the family: choose the child."),
        "institution_needed": _("Name the certified institution (gecertificeerde instelling)."),
        "end_needed": _("Give the end date of the measure."),
        "end_before_start": _("The end date must be after the start date."),
        "restraining_order_too_long": _(
            "A temporary restraining order is imposed for %(days)d days; record a longer "
            "period as an extension."
        )
        % {"days": rules.RESTRAINING_ORDER_DAYS},
        "provisional_too_long": _("A provisional supervision order lasts at most three months."),
        "supervision_too_long": _("A supervision order is imposed for at most one year at a time."),
        "no_extension": _("This measure is not extended this way: record a new measure."),
        "extension_before_end": _("The extension must end after the end date."),
        "restraining_order_max": _(
            "With its extension a temporary restraining order lasts at most four weeks in all."
        ),
        "supervision_extension_too_long": _(
            "A supervision order is extended by at most one year at a time."
        ),
    }
    return text.get(code, code)


def _check_measure(access: FamilyAccess, values: dict) -> dict:
    errors: dict[str, list[str]] = {}
    kind = values.get("kind")
    if kind not in MeasureKind.values:
        errors["kind"] = [_("Choose a kind of measure.")]
        return errors
    person = values.get("person")
    if person is None or person.family_id != access.family.pk:
        errors["person"] = [_("Choose a person of this family.")]
    if values.get("starts_on") is None:
        errors["starts_on"] = [_("This field is required.")]
        return errors
    if kind == MeasureKind.RESTRAINING_ORDER and not values.get("imposed_by"):
        errors["imposed_by"] = [_("Say who imposed it (the mayor of which municipality).")]
    problems = rules.check_measure(
        rules.MeasureFacts(
            kind=kind,
            starts_on=values["starts_on"],
            ends_on=values.get("ends_on"),
            extended_to=values.get("extended_to"),
            person_is_child=person is not None and person.kind == PersonKind.CHILD,
            has_institution=bool(values.get("institution")),
        )
    )
    for field, code in problems.items():
        if field == "person" and "person" in errors:
            continue
        errors.setdefault(field, []).append(_message(code))
    return errors


def _measure_values(values: dict) -> dict:
    out = {}
    for name in MEASURE_FIELDS:
        if name not in values:
            continue
        value = values[name]
        out[name] = value.strip() if isinstance(value, str) else value
    if "person_id" in values:
        out["person"] = Person.objects.filter(pk=values["person_id"]).first()
    return out


@transaction.atomic
def do_add_measure(*, actor: Actor, access: FamilyAccess, **values) -> ProtectiveMeasure:
    """Record a protective measure: a huisverbod (on whom, by which mayor, start, end and
    an extension up to four weeks in all), a (provisional) supervision order (child, GI,
    family guardian, start, end) or guardianship (child, institution, guardian)."""
    _writable(access)
    data = _measure_values(values)
    for name in ("imposed_by", "institution", "guardian", "note"):
        data.setdefault(name, "")
    if data.get("kind") in MeasureKind.values and data.get("starts_on") and "ends_on" not in data:
        data["ends_on"] = rules.default_end(data["kind"], data["starts_on"])
    errors = _check_measure(access, data)
    if errors:
        raise ValidationError(errors)
    measure = ProtectiveMeasure.objects.create(family=access.family, created_by=actor.user, **data)
    _touch(access)
    _log(
        actor,
        access,
        AccessAction.CREATE,
        object_type="protective_measure",
        object_id=measure.pk,
        person_id=measure.person_id,
        details={"kind": measure.kind},
    )
    return measure


@transaction.atomic
def do_update_measure(
    *, actor: Actor, access: FamilyAccess, measure: ProtectiveMeasure, version: int, **values
) -> ProtectiveMeasure:
    """Change a measure: a new end date, an extension, the family guardian."""
    _writable(access)
    if measure.family_id != access.family.pk:
        raise PermissionDenied
    changes = _measure_values(values)
    changes.pop("kind", None)  # a different kind is a different measure
    merged = {name: getattr(measure, name) for name in MEASURE_FIELDS}
    merged.update(changes)
    errors = _check_measure(access, merged)
    if errors:
        raise ValidationError(errors)
    changed = sorted(k for k, v in changes.items() if getattr(measure, k) != v)
    if "person" in changes:
        changes["person_id"] = changes.pop("person").pk
    save_if_unchanged(measure, version, changes)
    _touch(access)
    _log(
        actor,
        access,
        AccessAction.UPDATE,
        object_type="protective_measure",
        object_id=measure.pk,
        person_id=measure.person_id,
        details={"fields": changed},
    )
    return measure


# Forensic medical examination ---------------------------------------------------------------


def injury_signals(family):
    """The family's meldcode signals that describe an injury, oldest first."""
    from vangnet.meldcode.models import Signal

    return (
        Signal.objects.filter(trajectory__family=family, injury=True)
        .select_related("child")
        .order_by("observed_on", "id")
    )


def _check_forensic(values: dict) -> dict:
    errors: dict[str, list[str]] = {}
    requested = values.get("requested")
    if requested is None:
        errors["requested"] = [_("Say whether an examination was asked for.")]
        return errors
    if requested:
        if not values.get("requested_by"):
            errors["requested_by"] = [_("Say who asked for the examination.")]
        if values.get("requested_on") is None:
            errors["requested_on"] = [_("Say when the examination was asked for.")]
    else:
        if not values.get("reason_not_requested"):
            errors["reason_not_requested"] = [_("Say why no examination was asked for.")]
        for name in ("examined_on", "examiner"):
            if values.get(name):
                errors[name] = [_("No examination was asked for.")]
    for name in ("requested_on", "examined_on"):
        _not_future(values.get(name), name, errors)
    asked, examined = values.get("requested_on"), values.get("examined_on")
    if asked and examined and examined < asked:
        errors.setdefault("examined_on", []).append(
            _("The examination cannot be before it was asked for.")
        )
    return errors


def _forensic_values(values: dict) -> dict:
    out = {}
    for name in FORENSIC_FIELDS:
        if name in values:
            value = values[name]
            out[name] = value.strip() if isinstance(value, str) else value
    return out


@transaction.atomic
def do_record_forensic(
    *, actor: Actor, access: FamilyAccess, signal_id: int, **values
) -> ForensicExamination:
    """For a signal with an injury: whether a forensic medical examination was asked for
    (by whom, when; or why not), and later by whom it was done, when, and its outcome."""
    _writable(access)
    signal = injury_signals(access.family).filter(pk=signal_id).first()
    if signal is None:
        raise ValidationError({"signal": [_("Choose a signal of this family with an injury.")]})
    if ForensicExamination.objects.filter(signal=signal).exists():
        raise ValidationError({"signal": [_("This injury already has a record: change that one.")]})
    data = _forensic_values(values)
    for name in ("reason_not_requested", "requested_by", "examiner", "outcome"):
        data.setdefault(name, "")
    errors = _check_forensic(data)
    if errors:
        raise ValidationError(errors)
    exam = ForensicExamination.objects.create(
        family=access.family, signal=signal, child=signal.child, recorded_by=actor.user, **data
    )
    _touch(access)
    _log(
        actor,
        access,
        AccessAction.CREATE,
        object_type="forensic_examination",
        object_id=exam.pk,
        person_id=exam.child_id,
        details={"requested": exam.requested},
    )
    return exam


@transaction.atomic
def do_update_forensic(
    *, actor: Actor, access: FamilyAccess, exam: ForensicExamination, version: int, **values
) -> ForensicExamination:
    _writable(access)
    if exam.family_id != access.family.pk:
        raise PermissionDenied
    changes = _forensic_values(values)
    merged = {name: getattr(exam, name) for name in FORENSIC_FIELDS}
    merged.update(changes)
    errors = _check_forensic(merged)
    if errors:
        raise ValidationError(errors)
    changed = sorted(k for k, v in changes.items() if getattr(exam, k) != v)
    save_if_unchanged(exam, version, changes)
    _touch(access)
    _log(
        actor,
        access,
        AccessAction.UPDATE,
        object_type="forensic_examination",
        object_id=exam.pk,
        person_id=exam.child_id,
        details={"fields": changed},
    )
    return exam
