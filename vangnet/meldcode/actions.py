"""Every write of the meldcode app. Each action runs in one transaction together with its
access-log entry (part "meldcode"): no entry, no change. Actions raise ValidationError
(with a field dict), PermissionDenied (no write access, or a finalised record)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from vangnet.audit.context import Actor
from vangnet.audit.models import AccessAction
from vangnet.core.concurrency import StaleVersionError, save_if_unchanged
from vangnet.families import access_log
from vangnet.families.access import FamilyAccess
from vangnet.families.actions import touch_family
from vangnet.families.models import Person, PersonKind
from vangnet.meldcode import afwegingskader as ak
from vangnet.meldcode.factors import ACE_ITEMS, FACTOR_CODES
from vangnet.meldcode.holidays import add_working_days  # the law's days + EXTRA_HOLIDAYS
from vangnet.meldcode.models import (
    AceQuestionnaire,
    Addendum,
    Consultation,
    Conversation,
    FactorList,
    MeetingReferral,
    RecordKind,
    ReferralReason,
    Report,
    Signal,
    Trajectory,
    TrajectoryStatus,
    Unsafety,
    Weighing,
)

PART = "meldcode"
FEEDBACK_WORKING_DAYS = 5

RECORD_MODELS = {
    RecordKind.SIGNAL: Signal,
    RecordKind.CONSULTATION: Consultation,
    RecordKind.CONVERSATION: Conversation,
    RecordKind.WEIGHING: Weighing,
    RecordKind.REPORT: Report,
}
RECORD_FIELDS = {
    RecordKind.SIGNAL: (
        "child",
        "observed_on",
        "observed_by",
        "description",
        "category",
        "source",
        "child_words",
        "injury",
        "disclosure",
        "acute",
    ),
    RecordKind.CONSULTATION: ("kind", "consulted_on", "with_whom", "advice"),
    RecordKind.CONVERSATION: (
        "held",
        "held_on",
        "with_whom",
        "reaction",
        "skip_reason",
        "skip_explanation",
    ),
    RecordKind.WEIGHING: (
        "stage",
        "weighed_on",
        "vt_contact",
        "q1",
        "q1_rationale",
        "q2",
        "q2_rationale",
        "q3",
        "q3_rationale",
        "q4",
        "q4_rationale",
        "q5",
        "q5_rationale",
        "disclosure_reason",
        "early_reason",
        "help_evaluate_on",
    ),
    RecordKind.REPORT: (
        "reported_on",
        "reported_by",
        "vt_contact",
        "vt_reference",
        "shared",
        "family_informed",
        "not_informed_reason",
        "previous",
    ),
}


def kind_of(record) -> str:
    for kind, model in RECORD_MODELS.items():
        if isinstance(record, model):
            return str(kind)
    raise TypeError(record)


def _log(actor: Actor, access: FamilyAccess, action: str, **kwargs) -> None:
    """Every meldcode write ends here: its entry, and the file's retention term restarts."""
    access_log.record(actor, access, action, part=PART, **kwargs)
    touch_family(access.family.pk)


def _require_write(access: FamilyAccess) -> None:
    if not access.can_write:
        raise PermissionDenied


def _require_open(trajectory: Trajectory) -> None:
    if not trajectory.is_open:
        raise ValidationError(_("This trajectory is closed. Start a new one to record more."))


def _own(access: FamilyAccess, trajectory: Trajectory) -> None:
    if trajectory.family_id != access.family.pk:
        raise PermissionDenied


def _not_future(values: dict, *names: str) -> None:
    today = timezone.localdate()
    for name in names:
        value = values.get(name)
        if isinstance(value, date) and value > today:
            raise ValidationError({name: _("This date cannot be in the future.")})


def _required_text(values: dict, name: str, message: str) -> None:
    if not str(values.get(name) or "").strip():
        raise ValidationError({name: message})


# Trajectory -----------------------------------------------------------------------------------


@transaction.atomic
def do_start_trajectory(
    *, actor: Actor, access: FamilyAccess, children, started_on: date, reason: str = ""
) -> Trajectory:
    _require_write(access)
    family = access.family
    if Trajectory.objects.filter(family=family, status=TrajectoryStatus.OPEN).exists():
        raise ValidationError(
            _("This family already has an open meldcode trajectory. Close it first.")
        )
    children = list(children)
    if not children:
        raise ValidationError({"children": _("Choose the child or children concerned.")})
    if any(c.family_id != family.pk or c.kind != PersonKind.CHILD for c in children):
        raise ValidationError({"children": _("Choose children of this family.")})
    _not_future({"started_on": started_on}, "started_on")
    previous = Trajectory.objects.filter(family=family).order_by("-started_on", "-id").first()
    trajectory = Trajectory.objects.create(
        family=family,
        started_on=started_on,
        started_by=actor.user,
        reason=reason.strip(),
        previous=previous,
    )
    trajectory.children.set(children)
    _log(
        actor,
        access,
        AccessAction.CREATE,
        object_type="meldcode_trajectory",
        object_id=trajectory.pk,
    )
    return trajectory


@transaction.atomic
def do_close_trajectory(
    *, actor: Actor, access: FamilyAccess, trajectory: Trajectory, closed_on: date, reason: str
) -> Trajectory:
    from vangnet.meldcode.queries import trajectory_steps

    _require_write(access)
    _own(access, trajectory)
    trajectory = Trajectory.objects.select_for_update().get(pk=trajectory.pk)
    _require_open(trajectory)
    _required_text({"reason": reason}, "reason", _("Say why the trajectory is closed."))
    _not_future({"closed_on": closed_on}, "closed_on")
    if closed_on < trajectory.started_on:
        raise ValidationError({"closed_on": _("The trajectory cannot close before it started.")})
    trajectory.status = TrajectoryStatus.CLOSED
    trajectory.closed_on = closed_on
    trajectory.close_reason = reason.strip()
    trajectory.closed_by = actor.user
    trajectory.closed_at_step = trajectory_steps(trajectory)["current_step"]
    trajectory.save()
    _log(
        actor,
        access,
        AccessAction.UPDATE,
        object_type="meldcode_trajectory",
        object_id=trajectory.pk,
        details={"status": "closed", "step": trajectory.closed_at_step},
    )
    return trajectory


# Checks per record kind -----------------------------------------------------------------------


def _check_signal(values: dict, trajectory: Trajectory) -> None:
    child = values.get("child")
    if not isinstance(child, Person) or child.family_id != trajectory.family_id:
        raise ValidationError({"child": _("Choose a child of this family.")})
    _not_future(values, "observed_on")
    _required_text(values, "description", _("Describe what was seen or heard."))
    _required_text(values, "observed_by", _("Say who saw or heard it."))


def _check_consultation(values: dict, trajectory: Trajectory) -> None:
    _not_future(values, "consulted_on")
    _required_text(values, "with_whom", _("Say whom you consulted."))
    _required_text(values, "advice", _("Write down the advice."))


def _check_conversation(values: dict, trajectory: Trajectory) -> None:
    if values.get("held"):
        if not values.get("held_on"):
            raise ValidationError({"held_on": _("Give the date of the conversation.")})
        _not_future(values, "held_on")
        _required_text(values, "with_whom", _("Say with whom you spoke."))
        _required_text(values, "reaction", _("Describe how they reacted."))
        values.update(skip_reason="", skip_explanation="")
    else:
        if not values.get("skip_reason"):
            raise ValidationError(
                {"skip_reason": _("Choose why the conversation did not take place.")}
            )
        _required_text(
            values, "skip_explanation", _("Explain why the conversation did not take place.")
        )
        values.update(held_on=None, with_whom="", reaction="")


def weighing_answers(values: dict) -> dict[int, bool | None]:
    q2 = values.get("q2") or None
    return {
        1: values.get("q1"),
        2: None if q2 is None else q2 != Unsafety.NONE,
        3: values.get("q3"),
        4: values.get("q4"),
        5: values.get("q5"),
    }


@dataclass(frozen=True)
class WeighingContext:
    """What the earlier records of a trajectory allow a new weighing to be."""

    last: Weighing | None  # the last finalised weighing
    stages: tuple[str, ...]  # kinds of weighing allowed now, the one the method expects first
    report: Report | None  # the report a weighing with Veilig Thuis follows
    disclosure: bool  # a finalised signal is a disclosure: the method treats it as acute


def weighing_context(trajectory: Trajectory) -> WeighingContext:
    """The one place that decides which kind of weighing may come next (drafts do not
    count: only a finalised weighing is a decision)."""
    final = list(
        Weighing.objects.filter(trajectory=trajectory, finalised_at__isnull=False).order_by(
            "-weighed_on", "-id"
        )[:2]
    )
    last = final[0] if final else None
    # The report that questions 3 and 4 are weighed on: not yet weighed with Veilig Thuis,
    # and made for the last weighing's decision - on or after it, or (with acute unsafety
    # the call to Veilig Thuis often comes before the record) since the weighing before it,
    # unless that one decided to report too: such a report answered that earlier decision.
    reports = Report.objects.filter(trajectory=trajectory).exclude(
        weighings__finalised_at__isnull=False
    )
    if len(final) == 2:
        previous = final[1]
        since = (
            last.weighed_on if previous.outcome in ak.REPORTING_OUTCOMES else previous.weighed_on
        )
        reports = reports.filter(reported_on__gte=since)
    report = reports.order_by("-reported_on", "-id").first()
    stages = ak.stages_after(last.outcome if last else None, reported=report is not None)
    disclosure = Signal.objects.filter(
        trajectory=trajectory, disclosure=True, finalised_at__isnull=False
    ).exists()
    return WeighingContext(last=last, stages=stages, report=report, disclosure=disclosure)


STAGE_REFUSED = {
    ak.WITH_VEILIG_THUIS: _lazy(
        "Questions 3 and 4 are weighed with Veilig Thuis after a weighing that decided to "
        "report and the report itself: record and finalise those first."
    ),
    ak.EVALUATION: _lazy(
        "Question 5 is answered at the evaluation of help that an earlier, finalised "
        "weighing decided on."
    ),
}


def _check_weighing(values: dict, trajectory: Trajectory) -> None:
    _not_future(values, "weighed_on")
    stage = values.get("stage") or ak.FIRST
    if stage not in ak.STAGES:
        raise ValidationError({"stage": _("Choose the kind of weighing.")})
    values["stage"] = stage
    context = weighing_context(trajectory)
    if stage not in context.stages:
        raise ValidationError({"stage": str(STAGE_REFUSED[stage])})
    last, weighed_on = context.last, values.get("weighed_on")
    if last is not None and weighed_on and weighed_on < last.weighed_on:
        raise ValidationError(
            {
                "weighed_on": _("A weighing cannot be dated before the previous one (%(date)s).")
                % {"date": last.weighed_on.strftime("%d-%m-%Y")}
            }
        )
    own = ak.STAGE_QUESTIONS[stage]
    answers = weighing_answers(values)
    try:
        result = ak.evaluate(answers, stage)
    except ak.InconsistentAnswers as error:
        raise ValidationError(
            {
                f"q{q}": _("This question is not part of this weighing.")
                if q not in own
                else _("This question does not apply after the earlier answers.")
                for q in error.questions
            }
        ) from None
    if result.outcome is None:
        raise ValidationError(
            {f"q{result.next_question}": _("Answer this question to reach a decision.")}
        )
    for question in result.asked:
        _required_text(values, f"q{question}_rationale", _("Explain the reasons for this answer."))
    for question in set(ak.QUESTIONS) - set(result.asked):
        values[f"q{question}_rationale"] = ""
    # Everything still missing is said at once, not one field per attempt.
    errors: dict = {}
    try:
        _check_stage_details(values, stage, context)
    except ValidationError as error:
        errors.update(error.message_dict)
    if result.help:
        evaluate_on = values.get("help_evaluate_on")
        if not evaluate_on:
            errors["help_evaluate_on"] = [_("Say when the help is evaluated (question 5).")]
        elif weighed_on and evaluate_on < weighed_on:
            errors["help_evaluate_on"] = [_("The evaluation cannot be before the weighing.")]
    else:
        values["help_evaluate_on"] = None
    if errors:
        raise ValidationError(errors)
    values["outcome"] = result.outcome


def _check_stage_details(values: dict, stage: str, context: WeighingContext) -> None:
    """What each kind of weighing needs besides its answers; the rest is cleared."""
    weighed_on = values.get("weighed_on")
    if stage == ak.FIRST and context.disclosure and values.get("q2") == Unsafety.NONE:
        _required_text(
            values,
            "disclosure_reason",
            _(
                "A disclosure counts as acute unsafety. Explain why you judge that there is "
                "no acute or structural unsafety."
            ),
        )
    else:
        values["disclosure_reason"] = ""
    if stage == ak.WITH_VEILIG_THUIS:
        _required_text(values, "vt_contact", _("Say with whom at Veilig Thuis you weighed."))
        if weighed_on and weighed_on < context.report.reported_on:
            raise ValidationError(
                {
                    "weighed_on": _(
                        "The weighing with Veilig Thuis follows the report of %(date)s."
                    )
                    % {"date": context.report.reported_on.strftime("%d-%m-%Y")}
                }
            )
        values["report"] = context.report
    else:
        values["vt_contact"] = ""
        values["report"] = None
    evaluate_on = context.last.help_evaluate_on if context.last else None
    if stage == ak.EVALUATION and evaluate_on and weighed_on and weighed_on < evaluate_on:
        _required_text(
            values,
            "early_reason",
            _("The help was to be evaluated on %(date)s: explain why you evaluate earlier.")
            % {"date": evaluate_on.strftime("%d-%m-%Y")},
        )
    else:
        values["early_reason"] = ""


def _check_report(values: dict, trajectory: Trajectory) -> None:
    _not_future(values, "reported_on")
    _required_text(values, "vt_contact", _("Give the contact person at Veilig Thuis."))
    _required_text(values, "shared", _("Write down what was shared with Veilig Thuis."))
    if values.get("family_informed") is None:
        raise ValidationError({"family_informed": _("Say whether the family was told.")})
    if not values.get("family_informed"):
        _required_text(values, "not_informed_reason", _("Explain why the family was not told."))
    else:
        values["not_informed_reason"] = ""
    previous = values.get("previous")
    if previous is not None and previous.trajectory.family_id != trajectory.family_id:
        raise ValidationError({"previous": _("Choose an earlier report about this family.")})
    if values.get("reported_by") is None:
        raise ValidationError({"reported_by": _("Say who made the report.")})
    if values.get("reported_on"):
        values["feedback_due_on"] = add_working_days(values["reported_on"], FEEDBACK_WORKING_DAYS)


CHECKS = {
    RecordKind.SIGNAL: _check_signal,
    RecordKind.CONSULTATION: _check_consultation,
    RecordKind.CONVERSATION: _check_conversation,
    RecordKind.WEIGHING: _check_weighing,
    RecordKind.REPORT: _check_report,
}


def _refer(actor, access, trajectory, reason: str, source: str) -> MeetingReferral:
    """Put the family on the agenda of the next veiligheidsoverleg (once per reason)."""
    existing = MeetingReferral.objects.filter(
        family=access.family, reason=reason, resolved_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    return MeetingReferral.objects.create(
        family=access.family,
        trajectory=trajectory,
        reason=reason,
        source=source,
        raised_by=actor.user,
    )


def _referrals_for(actor, access, trajectory, record) -> list[str]:
    raised = []
    kind = kind_of(record)
    if isinstance(record, Signal):
        if record.disclosure:
            _refer(actor, access, trajectory, ReferralReason.DISCLOSURE, f"{kind}:{record.pk}")
            raised.append(ReferralReason.DISCLOSURE)
        if record.acute:
            _refer(actor, access, trajectory, ReferralReason.ACUTE, f"{kind}:{record.pk}")
            raised.append(ReferralReason.ACUTE)
    if isinstance(record, Weighing) and record.acute:
        _refer(actor, access, trajectory, ReferralReason.ACUTE, f"{kind}:{record.pk}")
        raised.append(ReferralReason.ACUTE)
    return [str(r) for r in raised]


# Records ------------------------------------------------------------------------------------


@transaction.atomic
def do_add_record(
    *,
    actor: Actor,
    access: FamilyAccess,
    trajectory: Trajectory,
    record_kind: str,
    finalise: bool = False,
    **values,
):
    """Add a signal, consultation, conversation, weighing or report (draft or final)."""
    _require_write(access)
    _own(access, trajectory)
    _require_open(trajectory)
    kind = RecordKind(record_kind)
    fields = RECORD_FIELDS[kind]
    unknown = set(values) - set(fields)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    CHECKS[kind](values, trajectory)
    model = RECORD_MODELS[kind]
    now = timezone.now()
    record = model(
        trajectory=trajectory,
        recorded_by=actor.user,
        finalised_at=now if finalise else None,
        finalised_by=actor.user if finalise else None,
        **values,
    )
    record.full_clean(
        exclude=["trajectory", "recorded_by", "finalised_by", "previous", "child", "report"]
    )
    record.save()
    referrals = _referrals_for(actor, access, trajectory, record)
    details = {"final": bool(finalise)}
    if referrals:
        details["meeting_referral"] = referrals
    if kind == RecordKind.WEIGHING:
        details.update(stage=record.stage, outcome=record.outcome)
    _log(
        actor,
        access,
        AccessAction.CREATE,
        object_type=f"meldcode_{kind}",
        object_id=record.pk,
        details=details,
    )
    return record


@transaction.atomic
def do_update_record(
    *, actor: Actor, access: FamilyAccess, record, version: int, finalise: bool = False, **values
):
    """Change a draft. A finalised record is refused: it can only get an addendum.

    version is the version the user started from: when someone else saved the record in
    between, StaleVersionError is raised and nothing changes. Fields not given keep the value
    of the (locked) row as it is saved now.
    """
    _require_write(access)
    _own(access, record.trajectory)
    record = type(record).objects.select_for_update().get(pk=record.pk)
    if record.is_final:
        raise PermissionDenied(_("A finalised record cannot be changed; add an addendum."))
    _require_open(record.trajectory)
    kind = RecordKind(kind_of(record))
    fields = RECORD_FIELDS[kind]
    unknown = set(values) - set(fields)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    if record.version != version:
        raise StaleVersionError(
            record, [name for name, value in values.items() if getattr(record, name) != value]
        )
    merged = {name: getattr(record, name) for name in fields}
    merged.update(values)
    CHECKS[kind](merged, record.trajectory)
    changed = [name for name, value in merged.items() if getattr(record, name, None) != value]
    for name, value in merged.items():
        setattr(record, name, value)
    extra = {}
    if finalise:
        record.finalised_at = timezone.now()
        record.finalised_by = actor.user
        extra = {"finalised_at": record.finalised_at, "finalised_by": actor.user}
    record.full_clean(
        exclude=[
            "trajectory",
            "recorded_by",
            "finalised_by",
            "previous",
            "child",
            "report",
            "version",
        ]
    )
    # The check and the write are one UPDATE ... WHERE version = %s (also on SQLite).
    record = save_if_unchanged(record, version, merged, extra=extra)
    referrals = _referrals_for(actor, access, record.trajectory, record)
    details = {"fields": sorted(changed), "final": bool(finalise)}
    if referrals:
        details["meeting_referral"] = referrals
    _log(
        actor,
        access,
        AccessAction.UPDATE,
        object_type=f"meldcode_{kind}",
        object_id=record.pk,
        details=details,
    )
    return record


@transaction.atomic
def do_finalise_record(*, actor: Actor, access: FamilyAccess, record):
    _require_write(access)
    _own(access, record.trajectory)
    record = type(record).objects.select_for_update().get(pk=record.pk)
    if record.is_final:
        raise ValidationError(_("This record has already been finalised."))
    if isinstance(record, Weighing):
        # What the trajectory allows may have changed since the draft was saved.
        values = {name: getattr(record, name) for name in RECORD_FIELDS[RecordKind.WEIGHING]}
        _check_weighing(values, record.trajectory)
    record.finalised_at = timezone.now()
    record.finalised_by = actor.user
    record.version += 1  # an editor who started from the draft must not save over it
    record.save(update_fields=["finalised_at", "finalised_by", "version"])
    _log(
        actor,
        access,
        AccessAction.UPDATE,
        object_type=f"meldcode_{kind_of(record)}",
        object_id=record.pk,
        details={"final": True},
    )
    return record


@transaction.atomic
def do_add_addendum(
    *, actor: Actor, access: FamilyAccess, record, reason: str, text: str
) -> Addendum:
    """Supplement a finalised record: who, when, why and what."""
    _require_write(access)
    _own(access, record.trajectory)
    if not record.is_final:
        raise ValidationError(_("A draft can still be changed; an addendum is for final records."))
    errors = {}
    if not reason.strip():
        errors["reason"] = _("Say why you add this.")
    if not text.strip():
        errors["text"] = _("Write the addendum.")
    if errors:
        raise ValidationError(errors)
    kind = kind_of(record)
    addendum = Addendum.objects.create(
        trajectory=record.trajectory,
        record_kind=kind,
        record_id=record.pk,
        written_by=actor.user,
        reason=reason.strip()[:300],
        text=text.strip(),
    )
    _log(
        actor,
        access,
        AccessAction.CREATE,
        object_type="meldcode_addendum",
        object_id=addendum.pk,
        details={"record": f"{kind}:{record.pk}"},
    )
    return addendum


@transaction.atomic
def do_record_feedback(
    *,
    actor: Actor,
    access: FamilyAccess,
    report: Report,
    feedback_on: date,
    decision: str,
    summary: str,
) -> Report:
    """Veilig Thuis's feedback on a report: recorded once; corrections by addendum."""
    from vangnet.meldcode.models import VtDecision

    _require_write(access)
    _own(access, report.trajectory)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.feedback_on is not None:
        raise ValidationError(
            _("The feedback has already been recorded. Add an addendum to the report.")
        )
    _not_future({"feedback_on": feedback_on}, "feedback_on")
    if feedback_on < report.reported_on:
        raise ValidationError(
            {"feedback_on": _("The feedback cannot be before the date of the report.")}
        )
    if decision not in VtDecision.values:
        raise ValidationError({"decision": _("Choose the decision of Veilig Thuis.")})
    if not summary.strip():
        raise ValidationError({"summary": _("Write down what Veilig Thuis said.")})
    report.feedback_on = feedback_on
    report.feedback_decision = decision
    report.feedback_summary = summary.strip()
    report.feedback_recorded_by = actor.user
    report.save()
    details = {"decision": decision}
    if decision in (VtDecision.CLOSED_AFTER_CALL, VtDecision.ADVICE):
        _refer(actor, access, report.trajectory, ReferralReason.VT_CLOSED, f"report:{report.pk}")
        details["meeting_referral"] = [ReferralReason.VT_CLOSED.value]
    _log(
        actor,
        access,
        AccessAction.UPDATE,
        object_type="meldcode_report",
        object_id=report.pk,
        details=details,
    )
    return report


# ACE and factors --------------------------------------------------------------------------


@transaction.atomic
def do_record_ace(
    *,
    actor: Actor,
    access: FamilyAccess,
    trajectory: Trajectory,
    subject: Person,
    answered_by: str,
    answered_on: date,
    answers: list[bool],
) -> AceQuestionnaire:
    _require_write(access)
    _own(access, trajectory)
    _require_open(trajectory)
    if not isinstance(subject, Person) or subject.family_id != trajectory.family_id:
        raise ValidationError({"subject": _("Choose someone of this family.")})
    _required_text({"answered_by": answered_by}, "answered_by", _("Say who answered."))
    _not_future({"answered_on": answered_on}, "answered_on")
    if len(answers) != len(ACE_ITEMS) or any(a not in (True, False) for a in answers):
        raise ValidationError({"answers": _("Answer all ten questions with yes or no.")})
    ace = AceQuestionnaire.objects.create(
        trajectory=trajectory,
        subject=subject,
        answered_by=answered_by.strip(),
        answered_on=answered_on,
        answers=list(answers),
        score=sum(1 for a in answers if a),
        recorded_by=actor.user,
    )
    _log(
        actor,
        access,
        AccessAction.CREATE,
        object_type="meldcode_ace",
        object_id=ace.pk,
        person_id=subject.pk,
    )
    return ace


@transaction.atomic
def do_record_factors(
    *,
    actor: Actor,
    access: FamilyAccess,
    trajectory: Trajectory,
    assessed_on: date,
    factors: list[str],
    **notes,
) -> FactorList:
    _require_write(access)
    _own(access, trajectory)
    _require_open(trajectory)
    _not_future({"assessed_on": assessed_on}, "assessed_on")
    if set(factors) - FACTOR_CODES:
        raise ValidationError({"factors": _("Choose factors from the list.")})
    allowed = {"notes_child", "notes_parents", "notes_family", "notes_environment"}
    if set(notes) - allowed:
        raise ValueError(f"unknown fields: {sorted(set(notes) - allowed)}")
    if not factors and not any(str(v).strip() for v in notes.values()):
        raise ValidationError({"factors": _("Tick at least one factor or write a note.")})
    factor_list = FactorList.objects.create(
        trajectory=trajectory,
        assessed_on=assessed_on,
        factors=sorted(set(factors)),
        recorded_by=actor.user,
        **{k: str(v).strip() for k, v in notes.items()},
    )
    _log(
        actor,
        access,
        AccessAction.CREATE,
        object_type="meldcode_factors",
        object_id=factor_list.pk,
    )
    return factor_list


@transaction.atomic
def do_resolve_referral(*, actor: Actor, access: FamilyAccess, referral: MeetingReferral):
    """The mark for the safety meeting is dealt with (the family was discussed)."""
    _require_write(access)
    if referral.family_id != access.family.pk:
        raise PermissionDenied
    updated = MeetingReferral.objects.filter(pk=referral.pk, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=actor.user
    )
    if not updated:
        raise ValidationError(_("This mark has already been removed."))
    _log(
        actor,
        access,
        AccessAction.UPDATE,
        object_type="meldcode_referral",
        object_id=referral.pk,
        details={"reason": referral.reason, "resolved": True},
    )
    referral.refresh_from_db()
    return referral
