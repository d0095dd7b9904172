"""Meldcode pages. Thin: access and logging live in queries/actions, rules in forms/actions.

A GET writes one access-log entry (a read of part "meldcode"); a POST that writes logs only
the action's entry (its access comes from get_family_for_user, which does not log); a POST
with bad input changes nothing, but the page it shows again holds family data: one logged read
(with the access already checked).
"""

from __future__ import annotations

from contextlib import suppress

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from vangnet.accounts.decorators import case_content_required
from vangnet.audit.context import Actor
from vangnet.core.concurrency import StaleVersionError
from vangnet.core.forms import apply_validation_error, conflict_message
from vangnet.families import queries as family_queries
from vangnet.families.access import get_family_for_user
from vangnet.meldcode import actions, queries
from vangnet.meldcode.factors import ACE_ITEMS, FACTORS
from vangnet.meldcode.forms import (
    AceForm,
    AddendumForm,
    CloseForm,
    ConsultationForm,
    ConversationForm,
    FactorsForm,
    FeedbackForm,
    OverviewFilterForm,
    ReportForm,
    SignalForm,
    StartForm,
    WeighingForm,
    add_version_field,
    conflict_rows,
)
from vangnet.meldcode.models import Outcome, RecordKind, Trajectory, TrajectoryStatus

GET_POST = require_http_methods(["GET", "POST"])

RECORD_FORMS = {
    RecordKind.SIGNAL: SignalForm,
    RecordKind.CONSULTATION: ConsultationForm,
    RecordKind.CONVERSATION: ConversationForm,
    RecordKind.WEIGHING: WeighingForm,
    RecordKind.REPORT: ReportForm,
}
RECORD_TITLES = {
    RecordKind.SIGNAL: (_lazy("Step 1: record a signal"), _lazy("Change the signal")),
    RecordKind.CONSULTATION: (
        _lazy("Step 2: record a consultation"),
        _lazy("Change the consultation"),
    ),
    RecordKind.CONVERSATION: (
        _lazy("Step 3: the conversation with the client"),
        _lazy("Change the conversation"),
    ),
    RecordKind.WEIGHING: (
        _lazy("Steps 4 and 5: weigh and decide"),
        _lazy("Change the weighing"),
    ),
    RecordKind.REPORT: (_lazy("Report to Veilig Thuis"), _lazy("Change the report")),
}
RECORD_INTROS = {
    RecordKind.SIGNAL: _lazy(
        "Record what you or others saw or heard, as concretely as possible: who, what, "
        "when, about which child."
    ),
    RecordKind.CONSULTATION: _lazy(
        "Consult a colleague or the aandachtsfunctionaris. You may ask Veilig Thuis for "
        "advice without naming the family. With an injury, consult a letselduiding expert."
    ),
    RecordKind.CONVERSATION: _lazy(
        "Discuss your concerns with the client(s). Skip this only when the conversation "
        "would endanger someone, or when there is no contact; record why."
    ),
    RecordKind.REPORT: _lazy(
        "Veilig Thuis gives feedback within five working days. The date is calculated "
        "when you save."
    ),
}
ACUTE_MESSAGE = _lazy(
    "Acute unsafety or disclosure: contact Veilig Thuis now (0800-2000); call the police "
    "(112) when there is direct danger. The family is on the agenda of the next safety "
    "meeting."
)


def _actor(request) -> Actor:
    return Actor.from_request(request)


def _trajectory_url(pk, trajectory_pk, anchor: str = "") -> str:
    url = reverse("meldcode:trajectory", args=[pk, trajectory_pk])
    return f"{url}#{anchor}" if anchor else url


def _writable(request, pk, trajectory_pk):
    """Access for a POST that writes: 404 for outsiders, 403 for readers, nothing logged."""
    access = get_family_for_user(request.user, pk, write=True)
    return access, queries.get_trajectory(access, trajectory_pk)


def _log_shown_again(request, access, object_type: str, object_id) -> None:
    family_queries.log_shown_again(
        request, access, part=actions.PART, object_type=object_type, object_id=object_id
    )


def _page(request, template, access, trajectory, **context):
    context.update(family=access.family, access=access, trajectory=trajectory)
    return render(request, template, context)


# Reading --------------------------------------------------------------------------------------


@case_content_required
@require_http_methods(["GET"])
def family_meldcode(request, pk):
    access, _t, _r = queries.open_meldcode(_actor(request), pk)
    trajectories = queries.family_trajectories(access.family)
    current = next((t for t in trajectories if t.is_open), None) or (
        trajectories[0] if trajectories else None
    )
    return _trajectory_page(request, access, current, trajectories)


@case_content_required
@require_http_methods(["GET"])
def trajectory_detail(request, pk, trajectory_pk):
    access, trajectory, _r = queries.open_meldcode(_actor(request), pk, trajectory_id=trajectory_pk)
    return _trajectory_page(request, access, trajectory, queries.family_trajectories(access.family))


def _trajectory_page(request, access, trajectory, trajectories):
    context = {
        "family": access.family,
        "access": access,
        "trajectories": trajectories,
        "has_open": any(t.is_open for t in trajectories),
        "ace_items": ACE_ITEMS,
        "factor_labels": {code: (kind, text) for code, _d, kind, text in FACTORS},
    }
    if trajectory is not None:
        context.update(queries.trajectory_file(trajectory))
    return render(request, "meldcode/trajectory.html", context)


@case_content_required
@require_http_methods(["GET"])
def overview(request):
    form = OverviewFilterForm(request.GET or None)
    period = {}
    if form.is_bound and form.is_valid():
        period = {
            "period_from": form.cleaned_data["period_from"],
            "period_to": form.cleaned_data["period_to"],
        }
    data = queries.overview(_actor(request), **period)
    return render(request, "meldcode/overview.html", {**data, "form": form, "nav": "meldcode"})


# Trajectory ---------------------------------------------------------------------------------


@case_content_required
@GET_POST
def start(request, pk):
    if request.method == "POST":
        access = get_family_for_user(request.user, pk, write=True)
        form = StartForm(request.POST, family=access.family)
        if form.is_valid():
            try:
                trajectory = actions.do_start_trajectory(
                    actor=_actor(request), access=access, **form.cleaned_data
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The meldcode trajectory has been started."))
                if request.GET.get("then") == "signal":  # "New signal" on the family page
                    return redirect(reverse("meldcode:add_signal", args=[pk, trajectory.pk]))
                return redirect(_trajectory_url(pk, trajectory.pk))
    else:
        access, _t, _r = queries.open_meldcode(_actor(request), pk, write=True)
        form = StartForm(family=access.family)
    _log_shown_again(request, access, "family", access.family.pk)
    has_open = Trajectory.objects.filter(
        family=access.family, status=TrajectoryStatus.OPEN
    ).exists()
    return _page(
        request,
        "meldcode/form.html",
        access,
        None,
        form=form,
        title=_("Start a meldcode trajectory"),
        intro=_("This family already has an open meldcode trajectory. Close it first.")
        if has_open
        else _("The meldcode has five steps. Each step is recorded here: who did what and when."),
        submit=_("Start trajectory"),
        cancel=reverse("meldcode:family", args=[pk]),
    )


@case_content_required
@GET_POST
def close(request, pk, trajectory_pk):
    if request.method == "POST":
        access, trajectory = _writable(request, pk, trajectory_pk)
        form = CloseForm(request.POST)
        if form.is_valid():
            try:
                actions.do_close_trajectory(
                    actor=_actor(request),
                    access=access,
                    trajectory=trajectory,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The meldcode trajectory has been closed."))
                return redirect(_trajectory_url(pk, trajectory.pk))
    else:
        access, trajectory, _r = queries.open_meldcode(
            _actor(request), pk, write=True, trajectory_id=trajectory_pk
        )
        form = CloseForm()
    _log_shown_again(request, access, "meldcode_trajectory", trajectory.pk)
    return _page(
        request,
        "meldcode/form.html",
        access,
        trajectory,
        form=form,
        title=_("Close the meldcode trajectory"),
        intro=_(
            "A trajectory can be closed at any step. Say why. A new trajectory can be "
            "started at any time."
        ),
        submit=_("Close trajectory"),
        cancel=_trajectory_url(pk, trajectory.pk),
        closed=not trajectory.is_open,
    )


# Records of the five steps --------------------------------------------------------------------


def _record_form(kind, family, data=None, initial=None, *, editing=False, trajectory=None):
    extra = {}
    if kind == RecordKind.WEIGHING:
        extra["context"] = actions.weighing_context(trajectory)
    form = RECORD_FORMS[kind](data, family=family, initial=initial, **extra)
    if editing:
        add_version_field(form)
    return form


def _form_values(kind, form) -> dict:
    if kind == RecordKind.WEIGHING:
        return form.values()
    fields = actions.RECORD_FIELDS[kind]
    return {k: v for k, v in form.cleaned_data.items() if k in fields}


def _after_save(request, pk, trajectory, record, kind):
    if getattr(record, "acute", False) or getattr(record, "disclosure", False):
        messages.warning(request, ACUTE_MESSAGE)
        return redirect(_trajectory_url(pk, trajectory.pk, "acuut"))
    messages.success(request, _("Saved."))
    return redirect(_trajectory_url(pk, trajectory.pk, f"stap-{STEP_OF[str(kind)]}"))


STEP_OF = {"signal": 1, "consultation": 2, "conversation": 3, "weighing": 4, "report": 5}


def _record_page(
    request, access, trajectory, kind, form, *, editing=False, record=None, conflict=()
):
    template = "meldcode/weighing.html" if kind == RecordKind.WEIGHING else "meldcode/form.html"
    if record is None:
        _log_shown_again(request, access, "meldcode_trajectory", trajectory.pk)
    else:
        _log_shown_again(request, access, f"meldcode_{kind}", record.pk)
    return _page(
        request,
        template,
        access,
        trajectory,
        form=form,
        kind=kind,
        title=RECORD_TITLES[kind][1 if editing else 0],
        intro=RECORD_INTROS.get(kind, ""),
        submit=_("Save"),
        cancel=_trajectory_url(access.family.pk, trajectory.pk),
        closed=not trajectory.is_open,
        can_finalise="finalise" in form.fields,
        outcome_labels=dict(Outcome.choices),
        conflict_rows=list(conflict),
    )


def _weighing_continues(request) -> bool:
    return request.POST.get("step") == "next"


def _add_record(request, pk, trajectory_pk, kind):
    kind = RecordKind(kind)
    actor = _actor(request)
    if request.method == "POST":
        access, trajectory = _writable(request, pk, trajectory_pk)
        if kind == RecordKind.WEIGHING and _weighing_continues(request):
            form = _record_form(
                kind, access.family, initial=request.POST.dict(), trajectory=trajectory
            )
            return _record_page(request, access, trajectory, kind, form)
        form = _record_form(kind, access.family, request.POST, trajectory=trajectory)
        if form.is_valid():
            values = _form_values(kind, form)
            if kind == RecordKind.REPORT:
                values["reported_by"] = request.user
            try:
                record = actions.do_add_record(
                    actor=actor,
                    access=access,
                    trajectory=trajectory,
                    record_kind=kind,
                    finalise=form.cleaned_data.get("finalise", False),
                    **values,
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                return _after_save(request, pk, trajectory, record, kind)
    else:
        access, trajectory, _r = queries.open_meldcode(
            actor, pk, write=True, trajectory_id=trajectory_pk
        )
        initial = {}
        if kind == RecordKind.REPORT:
            # Not a number (e.g. "²", which str.isdigit() accepts): no earlier report chosen.
            with suppress(ValueError):
                initial["previous"] = int(request.GET.get("opnieuw", ""))
        if kind == RecordKind.WEIGHING:
            # Weighing again the same way: start from the answers of the latest weighing.
            latest = trajectory.weighings.order_by("-weighed_on", "-id").first()
            expected = actions.weighing_context(trajectory).stages[0]
            if latest is not None and latest.stage == expected:
                initial.update(_weighing_initial(latest))
                initial.pop("weighed_on", None)
        form = _record_form(kind, access.family, initial=initial or None, trajectory=trajectory)
    return _record_page(request, access, trajectory, kind, form)


def _yes_no(value):
    return None if value is None else ("yes" if value else "no")


def _weighing_initial(weighing) -> dict:
    initial = {
        "stage": weighing.stage,
        "weighed_on": weighing.weighed_on,
        "q2": weighing.q2,
        "vt_contact": weighing.vt_contact,
        "disclosure_reason": weighing.disclosure_reason,
        "early_reason": weighing.early_reason,
    }
    for q in (1, 3, 4, 5):
        if getattr(weighing, f"q{q}") is not None:
            initial[f"q{q}"] = _yes_no(getattr(weighing, f"q{q}"))
    for q in range(1, 6):
        initial[f"q{q}_rationale"] = getattr(weighing, f"q{q}_rationale")
    if weighing.help_evaluate_on:
        initial["help_evaluate_on"] = weighing.help_evaluate_on
    return {k: v for k, v in initial.items() if v not in (None, "")}


def _initial_of(kind, record) -> dict:
    if kind == RecordKind.WEIGHING:
        return _weighing_initial(record)
    initial = {}
    for name in actions.RECORD_FIELDS[kind]:
        value = getattr(record, name)
        if name in ("held", "family_informed"):
            value = _yes_no(value)
        elif hasattr(value, "pk"):
            value = value.pk
        initial[name] = value
    return initial


@case_content_required
@GET_POST
def add_signal(request, pk, trajectory_pk):
    return _add_record(request, pk, trajectory_pk, RecordKind.SIGNAL)


@case_content_required
@GET_POST
def add_consultation(request, pk, trajectory_pk):
    return _add_record(request, pk, trajectory_pk, RecordKind.CONSULTATION)


@case_content_required
@GET_POST
def add_conversation(request, pk, trajectory_pk):
    return _add_record(request, pk, trajectory_pk, RecordKind.CONVERSATION)


@case_content_required
@GET_POST
def add_weighing(request, pk, trajectory_pk):
    return _add_record(request, pk, trajectory_pk, RecordKind.WEIGHING)


@case_content_required
@GET_POST
def add_report(request, pk, trajectory_pk):
    return _add_record(request, pk, trajectory_pk, RecordKind.REPORT)


@case_content_required
@GET_POST
def edit_record(request, pk, trajectory_pk, kind, draft_pk):
    actor = _actor(request)
    if request.method == "POST":
        access, trajectory = _writable(request, pk, trajectory_pk)
        record = queries.get_record(trajectory, kind, draft_pk)
    else:
        access, trajectory, record = queries.open_meldcode(
            actor,
            pk,
            write=True,
            trajectory_id=trajectory_pk,
            record=(kind, draft_pk),
            object_type=f"meldcode_{kind}",
        )
    kind = RecordKind(kind)
    if record.is_final:
        # A finalised record is never edited: the page says so and offers the addendum.
        _log_shown_again(request, access, f"meldcode_{kind}", record.pk)
        return _page(
            request,
            "meldcode/final.html",
            access,
            trajectory,
            record=record,
            kind=kind,
            title=RECORD_TITLES[kind][1],
        )
    conflict = []
    if request.method == "POST":
        if kind == RecordKind.WEIGHING and _weighing_continues(request):
            form = _record_form(
                kind,
                access.family,
                initial=request.POST.dict(),
                editing=True,
                trajectory=trajectory,
            )
            return _record_page(
                request, access, trajectory, kind, form, editing=True, record=record
            )
        form = _record_form(kind, access.family, request.POST, editing=True, trajectory=trajectory)
        if form.is_valid():
            values = _form_values(kind, form)
            if kind == RecordKind.WEIGHING:
                for q in range(1, 6):
                    values.setdefault(f"q{q}", "" if q == 2 else None)
                for name in ("vt_contact", "disclosure_reason", "early_reason"):
                    values.setdefault(name, "")
                values.setdefault("help_evaluate_on", None)
            try:
                record = actions.do_update_record(
                    actor=actor,
                    access=access,
                    record=record,
                    version=form.cleaned_data["version"],
                    finalise=form.cleaned_data.get("finalise", False),
                    **values,
                )
            except StaleVersionError as error:
                # Keep the user's input, show what is saved now, continue from that version.
                record = error.current
                conflict = conflict_rows(form, record)
                data = request.POST.copy()
                data["version"] = str(record.version)
                form = _record_form(kind, access.family, data, editing=True, trajectory=trajectory)
                form.is_valid()
                form.add_error(None, conflict_message())
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                return _after_save(request, pk, trajectory, record, kind)
    else:
        form = _record_form(
            kind,
            access.family,
            initial={**_initial_of(kind, record), "version": record.version},
            editing=True,
            trajectory=trajectory,
        )
    return _record_page(
        request, access, trajectory, kind, form, editing=True, record=record, conflict=conflict
    )


@case_content_required
@GET_POST
def finalise_record(request, pk, trajectory_pk, kind, draft_pk):
    """GET asks "are you sure?" (one logged read); POST finalises (the action's entry)."""
    if request.method == "GET":
        access, trajectory, record = queries.open_meldcode(
            _actor(request),
            pk,
            write=True,
            trajectory_id=trajectory_pk,
            record=(kind, draft_pk),
            object_type=f"meldcode_{kind}",
        )
        return _page(
            request,
            "meldcode/finalise.html",
            access,
            trajectory,
            record=record,
            kind=RecordKind(kind),
            title=_("Finalise the record"),
            cancel=_trajectory_url(pk, trajectory.pk, f"stap-{STEP_OF[str(kind)]}"),
        )
    access, trajectory = _writable(request, pk, trajectory_pk)
    record = queries.get_record(trajectory, kind, draft_pk)
    try:
        actions.do_finalise_record(actor=_actor(request), access=access, record=record)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The record has been finalised."))
    return redirect(_trajectory_url(pk, trajectory.pk, f"stap-{STEP_OF[str(kind)]}"))


@case_content_required
@GET_POST
def add_addendum(request, pk, trajectory_pk, kind, record_pk):
    actor = _actor(request)
    if request.method == "POST":
        access, trajectory = _writable(request, pk, trajectory_pk)
        record = queries.get_record(trajectory, kind, record_pk)
        form = AddendumForm(request.POST)
        if form.is_valid():
            try:
                actions.do_add_addendum(
                    actor=actor, access=access, record=record, **form.cleaned_data
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The addendum has been added."))
                return redirect(_trajectory_url(pk, trajectory.pk, f"stap-{STEP_OF[kind]}"))
    else:
        access, trajectory, record = queries.open_meldcode(
            actor,
            pk,
            write=True,
            trajectory_id=trajectory_pk,
            record=(kind, record_pk),
            object_type=f"meldcode_{kind}",
        )
        form = AddendumForm()
    kind = RecordKind(kind)
    _log_shown_again(request, access, f"meldcode_{kind}", record.pk)
    return _page(
        request,
        "meldcode/form.html",
        access,
        trajectory,
        form=form,
        record=record,
        kind=kind,
        title=_("Add an addendum"),
        intro=_(
            "A finalised record is not changed. Add what is new or what needs correcting, "
            "and say why. Your name and the date are recorded."
        ),
        submit=_("Add addendum"),
        cancel=_trajectory_url(pk, trajectory.pk, f"stap-{STEP_OF[str(kind)]}"),
        draft=not record.is_final,
    )


@case_content_required
@GET_POST
def feedback(request, pk, trajectory_pk, report_pk):
    actor = _actor(request)
    if request.method == "POST":
        access, trajectory = _writable(request, pk, trajectory_pk)
        report = queries.get_report(trajectory, report_pk)
        form = FeedbackForm(request.POST)
        if form.is_valid():
            try:
                actions.do_record_feedback(
                    actor=actor, access=access, report=report, **form.cleaned_data
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The feedback from Veilig Thuis has been saved."))
                return redirect(_trajectory_url(pk, trajectory.pk, "stap-5"))
    else:
        access, trajectory, report = queries.open_meldcode(
            actor,
            pk,
            write=True,
            trajectory_id=trajectory_pk,
            record=("report", report_pk),
            object_type="meldcode_report",
        )
        form = FeedbackForm()
    _log_shown_again(request, access, "meldcode_report", report.pk)
    return _page(
        request,
        "meldcode/form.html",
        access,
        trajectory,
        form=form,
        title=_("Feedback from Veilig Thuis"),
        intro=_("Report of %(date)s; feedback expected by %(due)s.")
        % {
            "date": report.reported_on.strftime("%d-%m-%Y"),
            "due": report.feedback_due_on.strftime("%d-%m-%Y"),
        },
        submit=_("Save"),
        cancel=_trajectory_url(pk, trajectory.pk, "stap-5"),
        done=report.feedback_on is not None,
    )


@case_content_required
@require_POST
def resolve_referral(request, pk, referral_pk):
    access = get_family_for_user(request.user, pk, write=True)
    referral = queries.get_referral(access, referral_pk)
    try:
        actions.do_resolve_referral(actor=_actor(request), access=access, referral=referral)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The mark for the safety meeting has been removed."))
    return redirect(reverse("meldcode:family", args=[pk]))


# ACE and factors ----------------------------------------------------------------------------


@case_content_required
@GET_POST
def add_ace(request, pk, trajectory_pk):
    actor = _actor(request)
    if request.method == "POST":
        access, trajectory = _writable(request, pk, trajectory_pk)
        form = AceForm(request.POST, family=access.family)
        if form.is_valid():
            data = form.cleaned_data
            try:
                ace = actions.do_record_ace(
                    actor=actor,
                    access=access,
                    trajectory=trajectory,
                    subject=data["subject"],
                    answered_by=data["answered_by"],
                    answered_on=data["answered_on"],
                    answers=form.answers(),
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(
                    request,
                    _("The ACE questionnaire has been saved. Score: %(score)s of 10.")
                    % {"score": ace.score},
                )
                return redirect(_trajectory_url(pk, trajectory.pk, "stap-1"))
    else:
        access, trajectory, _r = queries.open_meldcode(
            actor, pk, write=True, trajectory_id=trajectory_pk
        )
        form = AceForm(family=access.family)
    _log_shown_again(request, access, "meldcode_trajectory", trajectory.pk)
    return _page(
        request,
        "meldcode/form.html",
        access,
        trajectory,
        form=form,
        title=_("ACE questionnaire"),
        intro=_(
            "Ten adverse childhood experiences, before the 18th birthday. Answer each with "
            "yes or no; the score is the number of yes answers (0 to 10)."
        ),
        submit=_("Save"),
        cancel=_trajectory_url(pk, trajectory.pk, "stap-1"),
        closed=not trajectory.is_open,
    )


@case_content_required
@GET_POST
def add_factors(request, pk, trajectory_pk):
    actor = _actor(request)
    if request.method == "POST":
        access, trajectory = _writable(request, pk, trajectory_pk)
        form = FactorsForm(request.POST)
        if form.is_valid():
            try:
                actions.do_record_factors(
                    actor=actor, access=access, trajectory=trajectory, **form.values()
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The risk and protective factors have been saved."))
                return redirect(_trajectory_url(pk, trajectory.pk, "stap-1"))
    else:
        access, trajectory, _r = queries.open_meldcode(
            actor, pk, write=True, trajectory_id=trajectory_pk
        )
        form = FactorsForm()
    _log_shown_again(request, access, "meldcode_trajectory", trajectory.pk)
    return _page(
        request,
        "meldcode/form.html",
        access,
        trajectory,
        form=form,
        title=_("Risk and protective factors"),
        intro=_("Tick what applies, per domain, and add notes where it helps."),
        submit=_("Save"),
        cancel=_trajectory_url(pk, trajectory.pk, "stap-1"),
        closed=not trajectory.is_open,
    )
