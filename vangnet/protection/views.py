"""Pages of the phases of help, protective measures and forensic examinations. Thin: access
and the read's log entry come from queries.open_protection, every write is an action (which
logs its own entry, so a POST that saves logs its action only)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods

from vangnet.accounts.decorators import case_content_required
from vangnet.audit.context import Actor
from vangnet.core.concurrency import StaleVersionError
from vangnet.core.forms import apply_validation_error, conflict_message
from vangnet.protection import actions, queries
from vangnet.protection.forms import (
    ForensicEditForm,
    ForensicForm,
    MeasureEditForm,
    MeasureForm,
    PhaseForm,
)
from vangnet.protection.models import MeasureKind, Phase
from vangnet.safety.forms import conflict_rows

GET_POST = require_http_methods(["GET", "POST"])


def _overview_url(pk, anchor: str = "") -> str:
    url = reverse("protection:overview", args=[pk])
    return f"{url}#{anchor}" if anchor else url


def _form_page(request, access, form, *, title, submit, intro="", rows=None, anchor=""):
    return render(
        request,
        "safety/item_form.html",  # the same form page as the plan's parts
        {
            "form": form,
            "family": access.family,
            "title": title,
            "submit": submit,
            "intro": intro,
            "conflict_rows": rows or [],
            "back_url": _overview_url(access.family.pk, anchor),
        },
    )


def _restarted(form, request, current, **kwargs):
    """The form again with the user's input, based on the version saved now."""
    data = request.POST.copy()
    data["version"] = str(current.version)
    fresh = type(form)(data, **kwargs)
    fresh.is_valid()
    fresh.add_error(None, conflict_message())
    return fresh


@case_content_required
@require_http_methods(["GET"])
def overview(request, pk):
    access = queries.open_protection(Actor.from_request(request), pk)
    context = queries.overview(access.family)
    context.update(family=access.family, access=access, today=timezone.localdate())
    return render(request, "protection/overview.html", context)


# Phases -------------------------------------------------------------------------------------


@case_content_required
@GET_POST
def phase_set(request, pk, phase):
    actor = Actor.from_request(request)
    access = queries.open_protection(actor, pk, write=True, object_type="phase")
    row = queries.phase_row(access.family, phase)
    rows = []
    if request.method == "POST":
        form = PhaseForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.do_set_phase(
                    actor=actor,
                    access=access,
                    phase=phase,
                    state=data["state"],
                    version=data["version"],
                    decided_on=data["decided_on"],
                    note=data["note"],
                )
            except StaleVersionError as error:
                rows = conflict_rows(form, error.current)
                form = _restarted(form, request, error.current)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The phase has been saved."))
                return redirect(_overview_url(pk, "phases"))
    else:
        form = PhaseForm(
            initial={
                "state": row.state,
                "decided_on": timezone.localdate(),
                "note": row.note,
                "version": row.version,
            }
        )
    label = dict(Phase.choices)[phase]
    suggestion = next(p for p in queries.phases(access.family) if p["phase"] == phase)
    intro = _(
        "You decide the state of the phase; Vangnet only suggests one from what the file "
        "knows. The date and your name are saved with it."
    )
    if suggestion["suggested"]:
        reasons = " ".join(suggestion["reasons"])
        intro += " " + _("Suggested from the file: %(state)s. %(reasons)s") % {
            "state": suggestion["suggested_label"],
            "reasons": reasons,
        }
    return _form_page(
        request,
        access,
        form,
        title=_("Phase: %(phase)s") % {"phase": label},
        submit=_("Save the phase"),
        intro=intro.strip(),
        rows=rows,
        anchor="phases",
    )


# Protective measures ------------------------------------------------------------------------


@case_content_required
@GET_POST
def measure_add(request, pk):
    actor = Actor.from_request(request)
    access = queries.open_protection(actor, pk, write=True, object_type="protective_measure")
    if request.method == "POST":
        form = MeasureForm(request.POST, family=access.family)
        if form.is_valid():
            try:
                actions.do_add_measure(actor=actor, access=access, **form.values())
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The protective measure has been saved."))
                return redirect(_overview_url(pk, "measures"))
    else:
        kind = request.GET.get("kind")
        initial = {"starts_on": timezone.localdate()}
        if kind in MeasureKind.values:
            initial["kind"] = kind
        if kind == MeasureKind.RESTRAINING_ORDER:
            initial["imposed_by"] = _("Mayor of ")
        form = MeasureForm(initial=initial, family=access.family)
    return _form_page(
        request,
        access,
        form,
        title=_("Record a protective measure"),
        submit=_("Save the measure"),
        anchor="measures",
    )


@case_content_required
@GET_POST
def measure_edit(request, pk, measure_pk):
    actor = Actor.from_request(request)
    access = queries.open_protection(
        actor, pk, write=True, object_type="protective_measure", object_id=measure_pk
    )
    measure = queries.measure_of(access, measure_pk)
    rows = []
    initial = {name: getattr(measure, name) for name in actions.MEASURE_FIELDS}
    initial["version"] = measure.version
    if request.method == "POST":
        form = MeasureEditForm(request.POST, initial=initial, family=access.family)
        if form.is_valid():
            try:
                actions.do_update_measure(
                    actor=actor,
                    access=access,
                    measure=measure,
                    version=form.cleaned_data["version"],
                    **form.values(),
                )
            except StaleVersionError as error:
                rows = conflict_rows(form, error.current)
                form = _restarted(
                    form, request, error.current, initial=initial, family=access.family
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The changes have been saved."))
                return redirect(_overview_url(pk, "measures"))
    else:
        form = MeasureEditForm(initial=initial, family=access.family)
    return _form_page(
        request,
        access,
        form,
        title=_("Change the measure: %(kind)s") % {"kind": measure.get_kind_display()},
        submit=_("Save changes"),
        rows=rows,
        anchor="measures",
    )


# Forensic medical examination ---------------------------------------------------------------

FORENSIC_INTRO = _lazy(
    "With an injury, a forensic medical examination (for example by the FPKJ, through "
    "Veilig Thuis) can give facts that count for safety later. Record whether it was asked "
    "for, by whom and when, and later its outcome."
)


@case_content_required
@GET_POST
def forensic_add(request, pk, signal_pk):
    actor = Actor.from_request(request)
    access = queries.open_protection(actor, pk, write=True, object_type="forensic_examination")
    if request.method == "POST":
        form = ForensicForm(request.POST)
        if form.is_valid():
            try:
                actions.do_record_forensic(
                    actor=actor, access=access, signal_id=signal_pk, **form.values()
                )
            except ValidationError as error:
                apply_validation_error(form, error, rename={"signal": "__all__"})
            else:
                messages.success(request, _("The forensic examination has been saved."))
                return redirect(_overview_url(pk, "forensic"))
    else:
        form = ForensicForm()
    return _form_page(
        request,
        access,
        form,
        title=_("Forensic medical examination"),
        submit=_("Save"),
        intro=FORENSIC_INTRO,
        anchor="forensic",
    )


@case_content_required
@GET_POST
def forensic_edit(request, pk, exam_pk):
    actor = Actor.from_request(request)
    access = queries.open_protection(
        actor, pk, write=True, object_type="forensic_examination", object_id=exam_pk
    )
    exam = queries.forensic_of(access, exam_pk)
    rows = []
    if request.method == "POST":
        form = ForensicEditForm(request.POST)
        if form.is_valid():
            try:
                actions.do_update_forensic(
                    actor=actor,
                    access=access,
                    exam=exam,
                    version=form.cleaned_data["version"],
                    **form.values(),
                )
            except StaleVersionError as error:
                rows = conflict_rows(form, error.current)
                form = _restarted(form, request, error.current)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The changes have been saved."))
                return redirect(_overview_url(pk, "forensic"))
    else:
        initial = {name: getattr(exam, name) for name in actions.FORENSIC_FIELDS}
        initial["requested"] = "yes" if exam.requested else "no"
        initial["version"] = exam.version
        form = ForensicEditForm(initial=initial)
    return _form_page(
        request,
        access,
        form,
        title=_("Forensic medical examination"),
        submit=_("Save changes"),
        intro=FORENSIC_INTRO,
        rows=rows,
        anchor="forensic",
    )
