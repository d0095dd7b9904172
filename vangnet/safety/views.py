"""Safety-plan pages. Thin: access and logging live in queries/actions, rules in forms.

Every request about one family writes exactly one access-log entry, through the request
pipeline (vangnet.audit.middleware): a page opens the plan with queries.open_plan, which
names the read of that page; when the POST's action logs its own entry, that entry is the
one written; a POST with bad input shows the page again and the read is written.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from vangnet.accounts.decorators import case_content_required
from vangnet.audit.context import Actor
from vangnet.audit.models import AccessAction
from vangnet.core.concurrency import StaleVersionError
from vangnet.core.forms import apply_validation_error, conflict_message
from vangnet.families.access import FamilyAccess, get_family_for_user
from vangnet.families.models import Person
from vangnet.safety import actions, child, outputs, queries
from vangnet.safety.diff import diff_snapshots
from vangnet.safety.forms import (
    ITEM_EDIT_FORMS,
    ITEM_FORMS,
    ActivateForm,
    ApproveStoryForm,
    CarryForm,
    CompareForm,
    DistributeForm,
    DistributeToSignersForm,
    EvaluationForm,
    ImmediatePlanEditForm,
    ImmediatePlanEndForm,
    ImmediatePlanForm,
    ImmediatePlanRenewForm,
    MultiSignOffForm,
    PlanVersionForm,
    ScheduleEvaluationForm,
    ScoreForm,
    SignOffForm,
    StoryImageUploadForm,
    conflict_rows,
    initial_of,
)
from vangnet.safety.labels import FIELD_LABELS, REMOVE_NOTES, SECTION_LABELS, TITLES
from vangnet.safety.models import Evaluation, VersionStatus
from vangnet.safety.pdf import render_pdf
from vangnet.safety.pictograms import PICTOGRAM_CHOICES as PICTOGRAMS
from vangnet.safety.pictograms import pictogram_svg
from vangnet.safety.snapshot import draft_snapshot

GET_POST = require_http_methods(["GET", "POST"])


# Kinds shown inside another part of the plan page.
ANCHORS = {"disagreement": "danger"}


def _plan_url(pk, anchor: str = "") -> str:
    """The plan page, or the child page for the kinds of the child's part."""
    page = "safety:child" if anchor in actions.CHILD_KINDS else "safety:plan"
    anchor = ANCHORS.get(anchor, anchor)
    url = reverse(page, args=[pk])
    return f"{url}#{anchor}" if anchor else url


def _writable(request, pk) -> FamilyAccess:
    return get_family_for_user(request.user, pk, write=True)


# The plan --------------------------------------------------------------------------------------


@case_content_required
@require_http_methods(["GET"])
def plan(request, pk):
    access = queries.open_plan(Actor.from_request(request), pk)
    context = queries.plan_page(access)
    context.update(section_labels=SECTION_LABELS, field_labels=FIELD_LABELS)
    return render(request, "safety/plan.html", context)


@case_content_required
@require_http_methods(["GET"])
def by_situation(request, pk):
    access = queries.open_plan(Actor.from_request(request), pk, object_type="agreement_list")
    plan = queries.plan_of(access)
    groups = queries.grouped_agreements(plan) if plan else []
    return render(
        request,
        "safety/by_situation.html",
        {"family": access.family, "access": access, "plan": plan, "groups": groups},
    )


# Items of the draft -----------------------------------------------------------------------------


def _item(access, kind, item_pk):
    model = actions.KINDS[kind].model
    item = model.objects.filter(pk=item_pk, plan__family=access.family).first()
    if item is None:
        raise Http404
    return item


def _item_page(request, access, kind, form, *, title, submit, rows=None, intro=""):
    return render(
        request,
        "safety/item_form.html",
        {
            "form": form,
            "family": access.family,
            "title": title,
            "submit": submit,
            "conflict_rows": rows or [],
            "intro": intro,
            "anchor": kind,
            "back_url": _plan_url(access.family.pk, kind),
        },
    )


def _prefill(request, form_class) -> dict:
    """?child=12, ?talk=3&house=dreams, ?story=4: links from the child page choose ahead.
    Only ids and keys, never personal data in a URL; the form still checks them."""
    names = set(form_class.base_fields) - {"version"}
    return {k: v for k, v in request.GET.items() if k in names and v.isalnum() and len(v) < 40}


@case_content_required
@GET_POST
def item_add(request, pk, kind):
    form_class = ITEM_FORMS[kind]
    access = queries.open_plan(Actor.from_request(request), pk, write=True)
    if request.method == "POST":
        plan = queries.plan_of(access)
        form = form_class(request.POST, family=access.family, plan=plan)
        if form.is_valid():
            try:
                actions.do_add_item(
                    actor=Actor.from_request(request),
                    access=access,
                    item_type=kind,
                    **form.values(),
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("Saved in the draft of the plan."))
                return redirect(_plan_url(pk, kind))
    else:
        form = form_class(
            initial=_prefill(request, form_class),
            family=access.family,
            plan=queries.plan_of(access),
        )
    return _item_page(
        request,
        access,
        kind,
        form,
        title=TITLES[kind]["add"],
        submit=_("Save"),
        intro=TITLES[kind].get("intro", ""),
    )


@case_content_required
@GET_POST
def item_edit(request, pk, kind, **kwargs):
    item_pk = kwargs[f"{kind}_pk"]
    form_class = ITEM_EDIT_FORMS[kind]
    object_type = actions.KINDS[kind].name
    rows = []
    actor = Actor.from_request(request)
    if request.method == "POST":
        access = queries.open_plan(
            Actor.from_request(request), pk, write=True, object_type=object_type, object_id=item_pk
        )
        item = _item(access, kind, item_pk)
        form = form_class(request.POST, family=access.family, plan=item.plan)
        if form.is_valid():
            try:
                actions.do_update_item(
                    actor=actor,
                    access=access,
                    item_type=kind,
                    item=item,
                    version=form.cleaned_data["version"],
                    **form.values(),
                )
            except StaleVersionError as error:
                # What is saved now is shown: a read, logged once below.
                rows = conflict_rows(form, error.current)
                data = request.POST.copy()
                data["version"] = str(error.current.version)
                form = form_class(data, family=access.family, plan=item.plan)
                form.is_valid()
                form.add_error(None, conflict_message())
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The changes have been saved."))
                return redirect(_plan_url(pk, kind))
    else:
        access = queries.open_plan(
            actor, pk, write=True, object_type=object_type, object_id=item_pk
        )
        item = _item(access, kind, item_pk)
        form = form_class(initial=initial_of(kind, item), family=access.family, plan=item.plan)
    return _item_page(
        request,
        access,
        kind,
        form,
        title=TITLES[kind]["edit"],
        submit=_("Save changes"),
        rows=rows,
    )


@case_content_required
@GET_POST
def item_remove(request, pk, kind, **kwargs):
    item_pk = kwargs[f"{kind}_pk"]
    access = queries.open_plan(
        Actor.from_request(request),
        pk,
        write=True,
        object_type=actions.KINDS[kind].name,
        object_id=item_pk,
    )
    item = _item(access, kind, item_pk)
    if request.method == "POST":
        # The version the user saw on the confirmation page: never remove someone's newer edit.
        form = PlanVersionForm(request.POST)
        if form.is_valid():
            try:
                actions.do_remove_item(
                    actor=Actor.from_request(request),
                    access=access,
                    item_type=kind,
                    item=item,
                    version=form.cleaned_data["version"],
                )
            except StaleVersionError:
                pass
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return redirect(_plan_url(pk, kind))
            else:
                messages.success(request, _("Removed from the draft of the plan."))
                return redirect(_plan_url(pk, kind))
        messages.error(
            request,
            _(
                "Someone else changed this meanwhile, so it has not been removed. Check what "
                "is saved now (below) and remove it again if it should still go."
            ),
        )
        item.refresh_from_db()
    return render(
        request,
        "safety/confirm_remove.html",
        {
            "family": access.family,
            "title": TITLES[kind]["remove"],
            "note": REMOVE_NOTES.get(kind, ""),
            "item": item,
            "anchor": kind,
            "back_url": _plan_url(pk, kind),
        },
    )


# Scaling ------------------------------------------------------------------------------------------


@case_content_required
@GET_POST
def score_add(request, pk):
    access = queries.open_plan(Actor.from_request(request), pk, write=True)
    if request.method == "POST":
        form = ScoreForm(request.POST, family=access.family)
        if form.is_valid():
            try:
                actions.do_add_score(
                    actor=Actor.from_request(request), access=access, **form.values()
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The score has been recorded."))
                return redirect(_plan_url(pk, "scaling"))
    else:
        form = ScoreForm(family=access.family)
    return _item_page(
        request,
        access,
        "scaling",
        form,
        title=_("Record a safety score"),
        submit=_("Save"),
        intro=_(
            "Ask each participant: on a scale from 0 to 10, how safe is the child now? "
            "Write down the reason in their words."
        ),
    )


# Versions ---------------------------------------------------------------------------------------


@case_content_required
@require_POST
def version_create(request, pk):
    access = _writable(request, pk)
    form = PlanVersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The page was out of date. Look at the plan and try again."))
        return redirect(_plan_url(pk, "versions"))
    try:
        created = actions.do_create_version(
            actor=Actor.from_request(request),
            access=access,
            plan_version=form.cleaned_data["version"],
        )
    except StaleVersionError:
        messages.error(
            request,
            _(
                "The draft was changed by someone else after you opened the page. Check the "
                "plan and make the version again."
            ),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Version %(n)d has been made. It can now be signed.") % {"n": created.number},
        )
        return redirect("safety:version", pk, created.pk)
    return redirect(_plan_url(pk, "versions"))


def _version_context(access, plan_version, **extra):
    context = {
        "family": access.family,
        "access": access,
        "pv": plan_version,
        "snapshot": plan_version.snapshot,
        "section_labels": SECTION_LABELS,
        "field_labels": FIELD_LABELS,
        "signoffs": list(plan_version.signoffs.all()),
        "distributions": list(plan_version.distributions.all()),
        "missing": actions.missing_signers(plan_version),
        "children": child.children_of(access.family),  # each has a version of their own
        "others": list(
            plan_version.plan.versions.exclude(pk=plan_version.pk).values_list("number", flat=True)
        ),
    }
    context.update(extra)
    return context


DISTRIBUTABLE = (VersionStatus.AGREED, VersionStatus.DISTRIBUTED, VersionStatus.ACTIVE)


def _version_page(request, access, plan_version, *, sign_form=None, distribute_form=None):
    """The version page, with the one-step forms (sign-offs, distribution) for a writer."""
    extra = {}
    if access.can_write:
        missing = actions.missing_signers(plan_version)
        if plan_version.status == VersionStatus.DRAFT and missing:
            extra["sign_form"] = sign_form or MultiSignOffForm(
                initial={"version": plan_version.version},
                family=access.family,
                signers=missing,
            )
        if plan_version.status in DISTRIBUTABLE:
            pending = actions.signers_to_distribute(plan_version, access.family)
            if pending or distribute_form is not None:
                extra["to_distribute"] = [_name_of(r) for r in pending]
                extra["distribute_form"] = distribute_form or DistributeToSignersForm(
                    initial={"version": plan_version.version}
                )
    return render(request, "safety/version.html", _version_context(access, plan_version, **extra))


@case_content_required
@require_http_methods(["GET"])
def version_detail(request, pk, version_pk):
    access = queries.open_plan(
        Actor.from_request(request), pk, object_type="plan_version", object_id=version_pk
    )
    plan_version = queries.version_of(access, version_pk)
    return _version_page(request, access, plan_version)


def _open_version_for_write(request, pk, version_pk):
    access = queries.open_plan(
        Actor.from_request(request),
        pk,
        write=True,
        object_type="plan_version",
        object_id=version_pk,
    )
    return access, queries.version_of(access, version_pk)


@case_content_required
@require_POST
def version_sign_many(request, pk, version_pk):
    """The sign-offs of several signers in one form (one entry per sign-off): all or none."""
    access, plan_version = _open_version_for_write(request, pk, version_pk)
    form = MultiSignOffForm(
        request.POST, family=access.family, signers=actions.missing_signers(plan_version)
    )
    if "version" in form.errors or not form.rows:
        messages.error(request, _("The page was out of date. Look at the version and try again."))
        return redirect("safety:version", pk, version_pk)
    if form.is_valid():
        try:
            created = actions.do_sign_off_many(
                actor=Actor.from_request(request),
                access=access,
                plan_version=plan_version,
                version=form.cleaned_data["version"],
                signoffs=form.values(),
                agree=form.cleaned_data["agree"],
            )
        except StaleVersionError:
            messages.error(
                request, _("Someone else changed this version meanwhile. Check it again.")
            )
            return redirect("safety:version", pk, version_pk)
        except actions.SignOffRowsError as error:
            plan_version.refresh_from_db()
            for index, row_error in error.errors.items():
                apply_validation_error(form.saved_rows[index], row_error)
            form.add_error(None, _("Nothing has been saved. Correct the rows marked below."))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            plan_version.refresh_from_db()
            done = ngettext(
                "%(count)d sign-off has been recorded.",
                "%(count)d sign-offs have been recorded.",
                len(created),
            ) % {"count": len(created)}
            if plan_version.status == VersionStatus.AGREED:
                done = f"{done} {_('Everyone has signed: the version is agreed.')}"
            messages.success(request, done)
            return redirect("safety:version", pk, version_pk)
    elif any(row.errors for row in form.saved_rows):
        form.add_error(None, _("Nothing has been saved. Correct the rows marked below."))
    return _version_page(request, access, plan_version, sign_form=form)


@case_content_required
@require_POST
def version_distribute_signers(request, pk, version_pk):
    """Everyone who signed received this version, in one step; optionally make it active."""
    access, plan_version = _open_version_for_write(request, pk, version_pk)
    form = DistributeToSignersForm(request.POST)
    if "version" in form.errors:
        messages.error(request, _("The page was out of date. Look at the version and try again."))
        return redirect("safety:version", pk, version_pk)
    if form.is_valid():
        try:
            recipients = actions.do_distribute_to_signers(
                actor=Actor.from_request(request),
                access=access,
                plan_version=plan_version,
                version=form.cleaned_data["version"],
                received_on=form.cleaned_data["received_on"],
                method=form.cleaned_data["method"],
                activate=form.cleaned_data["activate"],
            )
        except StaleVersionError:
            messages.error(
                request, _("Someone else changed this version meanwhile. Check it again.")
            )
            return redirect("safety:version", pk, version_pk)
        except ValidationError as error:
            apply_validation_error(form, error, rename={"active_from": "received_on"})
        else:
            done = []
            if recipients:
                done.append(
                    _("The distribution to %(names)s has been recorded.")
                    % {"names": ", ".join(_name_of(r) for r in recipients)}
                )
            if form.cleaned_data["activate"]:
                done.append(_("This version is now the active plan."))
            messages.success(request, " ".join(done))
            return redirect("safety:version", pk, version_pk)
    return _version_page(request, access, plan_version, distribute_form=form)


def _name_of(recipient) -> str:
    if isinstance(recipient, Person):
        return recipient.full_name
    return recipient.get_full_name() or recipient.username


def _version_form_view(
    request, pk, version_pk, form_class, run, *, template, title, done, form_kwargs=None
):
    """GET shows the form (one logged read); POST runs the action (its own entry)."""
    form_kwargs = form_kwargs or {}
    actor = Actor.from_request(request)
    if request.method == "POST":
        access = queries.open_plan(
            Actor.from_request(request),
            pk,
            write=True,
            object_type="plan_version",
            object_id=version_pk,
        )
        plan_version = queries.version_of(access, version_pk)
        form = form_class(request.POST, **_kwargs(form_kwargs, access))
        if form.is_valid():
            try:
                run(actor, access, plan_version, form)
            except StaleVersionError:
                form.add_error(
                    None,
                    _(
                        "Someone else changed this version meanwhile. Your input is kept "
                        "below: check the version and save again."
                    ),
                )
                plan_version.refresh_from_db()
                data = request.POST.copy()
                data["version"] = str(plan_version.version)
                old_errors = form.non_field_errors()
                form = form_class(data, **_kwargs(form_kwargs, access))
                form.is_valid()
                form.add_error(None, list(old_errors))
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, done)
                return redirect("safety:version", pk, version_pk)
    else:
        access = queries.open_plan(
            actor, pk, write=True, object_type="plan_version", object_id=version_pk
        )
        plan_version = queries.version_of(access, version_pk)
        form = form_class(initial={"version": plan_version.version}, **_kwargs(form_kwargs, access))
    return render(
        request,
        template,
        _version_context(access, plan_version, form=form, title=title % {"n": plan_version.number}),
    )


def _kwargs(form_kwargs, access):
    return {k: (access.family if v == "family" else v) for k, v in form_kwargs.items()}


@case_content_required
@GET_POST
def version_sign(request, pk, version_pk):
    def run(actor, access, plan_version, form):
        actions.do_sign_off(
            actor=actor,
            access=access,
            plan_version=plan_version,
            version=form.cleaned_data["version"],
            **form.values(),
        )

    return _version_form_view(
        request,
        pk,
        version_pk,
        SignOffForm,
        run,
        template="safety/version_form.html",
        title=_("Record a sign-off for version %(n)d"),
        done=_("The sign-off has been recorded."),
        form_kwargs={"family": "family"},
    )


@case_content_required
@GET_POST
def version_distribute(request, pk, version_pk):
    def run(actor, access, plan_version, form):
        actions.do_distribute(
            actor=actor,
            access=access,
            plan_version=plan_version,
            version=form.cleaned_data["version"],
            recipients=form.recipient_objects(),
            received_on=form.cleaned_data["received_on"],
            method=form.cleaned_data["method"],
        )

    return _version_form_view(
        request,
        pk,
        version_pk,
        DistributeForm,
        run,
        template="safety/version_form.html",
        title=_("Record who received version %(n)d"),
        done=_("The distribution has been recorded. This version can no longer change."),
        form_kwargs={"family": "family"},
    )


@case_content_required
@GET_POST
def version_activate(request, pk, version_pk):
    def run(actor, access, plan_version, form):
        actions.do_activate(
            actor=actor,
            access=access,
            plan_version=plan_version,
            version=form.cleaned_data["version"],
            active_from=form.cleaned_data["active_from"],
        )

    return _version_form_view(
        request,
        pk,
        version_pk,
        ActivateForm,
        run,
        template="safety/version_form.html",
        title=_("Make version %(n)d the active plan"),
        done=_("This version is now the active plan."),
    )


@case_content_required
@require_POST
def version_agree(request, pk, version_pk):
    access = _writable(request, pk)
    plan_version = queries.version_of(access, version_pk)
    form = PlanVersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The page was out of date. Look at the version and try again."))
        return redirect("safety:version", pk, version_pk)
    try:
        actions.do_mark_agreed(
            actor=Actor.from_request(request),
            access=access,
            plan_version=plan_version,
            version=form.cleaned_data["version"],
        )
    except StaleVersionError:
        messages.error(request, _("Someone else changed this version meanwhile. Check it again."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Everyone has signed: the version is agreed."))
    return redirect("safety:version", pk, version_pk)


@case_content_required
@require_http_methods(["GET"])
def version_pdf(request, pk, version_pk):
    actor = Actor.from_request(request)
    # The download is one export entry, written by log_export after the access check.
    access = queries.open_plan(actor, pk, action=None)
    plan_version = queries.version_of(access, version_pk)
    actions.log_export(actor, access, plan_version)
    pdf = render_pdf(access.family, plan_version)
    return _pdf_response(
        pdf, f"veiligheidsplan-{access.family.reference}-v{plan_version.number}.pdf"
    )


@case_content_required
@require_http_methods(["GET"])
def version_compare(request, pk):
    """Two versions side by side; without b, the newest version against the draft."""
    access = queries.open_plan(Actor.from_request(request), pk, object_type="plan_version_diff")
    plan = queries.plan_of(access)
    if plan is None:
        raise Http404
    versions = {v.number: v for v in plan.versions.all()}
    form = CompareForm(request.GET)
    a = b = None
    if form.is_valid():
        a = versions.get(form.cleaned_data["a"])
        b = versions.get(form.cleaned_data["b"]) if form.cleaned_data["b"] else None
        if a is None or (form.cleaned_data["b"] and b is None):
            raise Http404
    elif versions:
        a = versions[max(versions)]
    if a is None:
        raise Http404
    new = b.snapshot if b is not None else draft_snapshot(plan)
    return render(
        request,
        "safety/compare.html",
        {
            "family": access.family,
            "access": access,
            "a": a,
            "b": b,
            "numbers": sorted(versions),
            "diff": diff_snapshots(a.snapshot, new),
            "section_labels": SECTION_LABELS,
            "field_labels": FIELD_LABELS,
        },
    )


# Evaluations -------------------------------------------------------------------------------------


@case_content_required
@GET_POST
def evaluation_add(request, pk):
    access = queries.open_plan(Actor.from_request(request), pk, write=True)
    if request.method == "POST":
        form = ScheduleEvaluationForm(request.POST)
        if form.is_valid():
            try:
                actions.do_schedule_evaluation(
                    actor=Actor.from_request(request),
                    access=access,
                    scheduled_on=form.cleaned_data["scheduled_on"],
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The evaluation has been planned."))
                return redirect(_plan_url(pk, "evaluations"))
    else:
        form = ScheduleEvaluationForm()
    return _item_page(
        request, access, "evaluations", form, title=_("Plan an evaluation"), submit=_("Save")
    )


def _evaluation(access, evaluation_pk) -> Evaluation:
    evaluation = (
        Evaluation.objects.filter(pk=evaluation_pk, plan__family=access.family)
        .select_related("plan", "plan_version", "recorded_by")
        .first()
    )
    if evaluation is None:
        raise Http404
    return evaluation


@case_content_required
@GET_POST
def evaluation_detail(request, pk, evaluation_pk):
    """A held evaluation is shown; a planned one shows the form to record it."""
    actor = Actor.from_request(request)
    if request.method == "POST":
        access = queries.open_plan(
            Actor.from_request(request),
            pk,
            write=True,
            object_type="evaluation",
            object_id=evaluation_pk,
        )
        evaluation = _evaluation(access, evaluation_pk)
        agreements = list(evaluation.plan.agreements.all())
        form = EvaluationForm(request.POST, family=access.family, agreements=agreements)
        if evaluation.held_on is not None:
            form = None
            messages.error(
                request,
                _(
                    "This evaluation has already been recorded, so nothing was saved. What "
                    "was recorded is shown below."
                ),
            )
        elif form.is_valid():
            try:
                actions.do_record_evaluation(
                    actor=actor,
                    access=access,
                    evaluation=evaluation,
                    version=form.cleaned_data["version"],
                    **form.values(),
                )
            except StaleVersionError:
                evaluation.refresh_from_db()
                form.add_error(
                    None,
                    _(
                        "Someone else recorded this evaluation meanwhile. Your input is kept "
                        "below; compare it with what is saved now."
                    ),
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The evaluation has been recorded."))
                return redirect(_plan_url(pk, "evaluations"))
    else:
        access = queries.open_plan(actor, pk, object_type="evaluation", object_id=evaluation_pk)
        evaluation = _evaluation(access, evaluation_pk)
        agreements = list(evaluation.plan.agreements.all())
        form = None
        if evaluation.held_on is None and access.can_write:
            form = EvaluationForm(
                initial={"version": evaluation.version},
                family=access.family,
                agreements=agreements,
            )
    return render(
        request,
        "safety/evaluation.html",
        {
            "family": access.family,
            "access": access,
            "evaluation": evaluation,
            "form": form,
            "reviews": list(evaluation.reviews.all()),
            "scores": list(evaluation.scores.select_related("person", "user")),
            "statuses": VersionStatus,
        },
    )


# The child's part: Three Houses, the child's safety rules, Words and Pictures ---------------------


@case_content_required
@require_http_methods(["GET"])
def child_part(request, pk):
    access = queries.open_plan(Actor.from_request(request), pk, object_type="child_part")
    plan = queries.plan_of(access)
    return render(
        request,
        "safety/child.html",
        {
            "family": access.family,
            "access": access,
            "plan": plan,
            "parts": child.child_parts(plan, access.family),
            "stories": child.stories_with_state(plan),
            "images": child.images_of(plan),
            "pictograms": [(key, label, pictogram_svg(key, size=64)) for key, label in PICTOGRAMS],
        },
    )


@case_content_required
@GET_POST
def house_item_carry(request, pk, house_item_pk):
    """Carry what the child said into the mapping, with the child as source."""
    actor = Actor.from_request(request)
    if request.method == "POST":
        access = queries.open_plan(
            Actor.from_request(request),
            pk,
            write=True,
            object_type="house_item",
            object_id=house_item_pk,
        )
        item = _item(access, "house_item", house_item_pk)
        form = CarryForm(request.POST, house=item.house)
        if form.is_valid():
            try:
                actions.do_carry_to_mapping(
                    actor=actor,
                    access=access,
                    item=item,
                    version=form.cleaned_data["version"],
                    category=form.cleaned_data["category"],
                )
            except StaleVersionError:
                item.refresh_from_db()
                form = CarryForm(house=item.house, initial={"version": item.version})
                form.add_error(None, conflict_message())
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("It is in the mapping now, with the child as source."))
                return redirect(_plan_url(pk, "child_talk"))
    else:
        access = queries.open_plan(
            actor, pk, write=True, object_type="house_item", object_id=house_item_pk
        )
        item = _item(access, "house_item", house_item_pk)
        form = CarryForm(house=item.house, initial={"version": item.version})
    return render(
        request,
        "safety/carry.html",
        {
            "family": access.family,
            "item": item,
            "form": form,
            "back_url": _plan_url(pk, "child_talk"),
        },
    )


@case_content_required
@GET_POST
def story_image_add(request, pk):
    access = queries.open_plan(Actor.from_request(request), pk, write=True)
    if request.method == "POST":
        form = StoryImageUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                actions.do_add_story_image(
                    actor=Actor.from_request(request),
                    access=access,
                    data=form.data_bytes(),
                    description=form.cleaned_data["description"],
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The picture has been added. Use it on a page now."))
                return redirect(_plan_url(pk, "story_image"))
    else:
        form = StoryImageUploadForm()
    return render(
        request,
        "safety/upload.html",
        {"family": access.family, "form": form, "back_url": _plan_url(pk, "story_image")},
    )


@case_content_required
@require_http_methods(["GET"])
def story_detail(request, pk, story_pk):
    """The story as the child will see it, with its approvals: to go through with the parents."""
    access = queries.open_plan(
        Actor.from_request(request), pk, object_type="story", object_id=story_pk
    )
    story = _item(access, "story", story_pk)
    return render(
        request,
        "safety/story.html",
        {
            "family": access.family,
            "access": access,
            "story": story,
            "state": child.state_of(story),
            "pages": child.page_views(story),
            "approvals": list(story.approvals.all()),
            "current_hash": child.story_hash(story),
            "children": list(story.children.all()),
        },
    )


@case_content_required
@GET_POST
def story_approve(request, pk, story_pk):
    actor = Actor.from_request(request)
    if request.method == "POST":
        access = queries.open_plan(
            Actor.from_request(request), pk, write=True, object_type="story", object_id=story_pk
        )
        story = _item(access, "story", story_pk)
        form = ApproveStoryForm(request.POST, family=access.family)
        if form.is_valid():
            try:
                actions.do_approve_story(
                    actor=actor,
                    access=access,
                    story=story,
                    version=form.cleaned_data["version"],
                    person=form.cleaned_data["person"],
                    approved_on=form.cleaned_data["approved_on"],
                    seen_hash=form.cleaned_data["content"],
                )
            except StaleVersionError:
                story.refresh_from_db()
                data = request.POST.copy()
                data["version"] = str(story.version)
                data["content"] = child.story_hash(story)
                form = ApproveStoryForm(data, family=access.family)
                form.is_valid()
                form.add_error(
                    None,
                    _(
                        "The story was changed meanwhile. Go through the story below with the "
                        "parent again before you record the approval."
                    ),
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The approval has been recorded."))
                return redirect("safety:story", pk, story.pk)
    else:
        access = queries.open_plan(actor, pk, write=True, object_type="story", object_id=story_pk)
        story = _item(access, "story", story_pk)
        form = ApproveStoryForm(
            initial={"version": story.version, "content": child.story_hash(story)},
            family=access.family,
        )
    return render(
        request,
        "safety/story_approve.html",
        {
            "family": access.family,
            "story": story,
            "pages": child.page_views(story),
            "form": form,
            "back_url": reverse("safety:story", args=[pk, story.pk]),
        },
    )


# The versions for the family: parents' version and child version ----------------------------------


def _child_of(access, child_pk):
    found = Person.objects.filter(pk=child_pk, family=access.family, kind="child").first()
    if found is None:
        raise Http404
    return found


def _draft_snapshot(access) -> dict:
    """The draft as the family's documents would show it now (the preview, "Concept")."""
    from vangnet.safety.snapshot import plan_snapshot

    plan = queries.plan_of(access)
    return plan_snapshot(plan) if plan is not None else {}


@case_content_required
@require_http_methods(["GET"])
def child_version(request, pk, child_pk):
    """The draft's child version as a print preview ("Concept"): one print entry in the
    access log. What the child takes home is the version's (version_child_version)."""
    actor = Actor.from_request(request)
    access = queries.open_plan(actor, pk, action=None)
    kid = _child_of(access, child_pk)
    actions.log_child_version(actor, access, kid, action=AccessAction.PRINT)
    document = outputs.child_document(_draft_snapshot(access), kid, concept=True)
    return render(
        request,
        "safety/child_version.html",
        {"family": access.family, "cv": document, "pv": None, "concept": True},
    )


@case_content_required
@require_http_methods(["GET"])
def child_version_pdf(request, pk, child_pk):
    actor = Actor.from_request(request)
    access = queries.open_plan(actor, pk, action=None)
    kid = _child_of(access, child_pk)
    actions.log_child_version(actor, access, kid)
    document = outputs.child_document(_draft_snapshot(access), kid, concept=True)
    pdf = outputs.child_pdf(access.family, document)
    return _pdf_response(pdf, f"kindversie-{access.family.reference}-{kid.pk}-concept.pdf")


@case_content_required
@require_http_methods(["GET"])
def version_child_version(request, pk, version_pk, child_pk):
    """The child version of a plan version, from its frozen snapshot: one print entry."""
    actor = Actor.from_request(request)
    access = queries.open_plan(actor, pk, action=None)
    plan_version = queries.version_of(access, version_pk)
    kid = _child_of(access, child_pk)
    actions.log_child_version(
        actor, access, kid, action=AccessAction.PRINT, plan_version=plan_version
    )
    document = outputs.child_document(plan_version.snapshot, kid)
    return render(
        request,
        "safety/child_version.html",
        {
            "family": access.family,
            "cv": document,
            "pv": plan_version,
            "concept": outputs.is_concept(plan_version),
        },
    )


@case_content_required
@require_http_methods(["GET"])
def version_child_version_pdf(request, pk, version_pk, child_pk):
    actor = Actor.from_request(request)
    access = queries.open_plan(actor, pk, action=None)
    plan_version = queries.version_of(access, version_pk)
    kid = _child_of(access, child_pk)
    actions.log_child_version(actor, access, kid, plan_version=plan_version)
    document = outputs.child_document(plan_version.snapshot, kid)
    pdf = outputs.child_pdf(access.family, document, plan_version)
    name = f"kindversie-{access.family.reference}-{kid.pk}-v{plan_version.number}.pdf"
    return _pdf_response(pdf, name)


def _parents_page(request, access, plan_version, snapshot):
    content = outputs.parents_version(snapshot)
    return render(
        request,
        "safety/parents_version.html",
        {
            "family": access.family,
            "pv": plan_version,
            "concept": outputs.is_concept(plan_version),
            **content,
            "b1": outputs.parents_readability(content),
        },
    )


@case_content_required
@require_http_methods(["GET"])
def parents_version(request, pk, version_pk):
    """The parents' version of a plan version as a print view, with the B1 check on screen."""
    actor = Actor.from_request(request)
    access = queries.open_plan(actor, pk, action=None)
    plan_version = queries.version_of(access, version_pk)
    actions.log_export(actor, access, plan_version, edition="parents", action=AccessAction.PRINT)
    return _parents_page(request, access, plan_version, plan_version.snapshot)


@case_content_required
@require_http_methods(["GET"])
def parents_version_pdf(request, pk, version_pk):
    actor = Actor.from_request(request)
    access = queries.open_plan(actor, pk, action=None)
    plan_version = queries.version_of(access, version_pk)
    actions.log_export(actor, access, plan_version, edition="parents")
    pdf = outputs.parents_pdf(access.family, plan_version)
    name = f"veiligheidsplan-ouders-{access.family.reference}-v{plan_version.number}.pdf"
    return _pdf_response(pdf, name)


def _plan_or_404(access):
    plan = queries.plan_of(access)
    if plan is None:
        raise Http404
    return plan


@case_content_required
@require_http_methods(["GET"])
def parents_preview(request, pk):
    """The draft's parents' version as a print preview ("Concept"), with the B1 check."""
    actor = Actor.from_request(request)
    access = queries.open_plan(actor, pk, action=None)
    plan = _plan_or_404(access)
    actions.log_parents_preview(actor, access, plan, action=AccessAction.PRINT)
    return _parents_page(request, access, None, _draft_snapshot(access))


@case_content_required
@require_http_methods(["GET"])
def parents_preview_pdf(request, pk):
    actor = Actor.from_request(request)
    access = queries.open_plan(actor, pk, action=None)
    plan = _plan_or_404(access)
    actions.log_parents_preview(actor, access, plan)
    pdf = outputs.parents_pdf(access.family, None, _draft_snapshot(access))
    return _pdf_response(pdf, f"veiligheidsplan-ouders-{access.family.reference}-concept.pdf")


def _pdf_response(pdf: bytes, name: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# The immediate safety plan ------------------------------------------------------------------------

IMMEDIATE = "immediate_plan"


def _immediate_values(form) -> dict:
    data = form.cleaned_data
    values = {name: data.get(name, "") for name in actions.IMMEDIATE_FIELDS}
    values["review_on"] = data.get("review_on")
    return values


def _immediate_url(pk, immediate_pk) -> str:
    return reverse("safety:immediate", args=[pk, immediate_pk])


def _immediate_form_page(request, access, form, *, title, submit, intro="", back_url="", rows=None):
    return render(
        request,
        "safety/item_form.html",
        {
            "form": form,
            "family": access.family,
            "title": title,
            "submit": submit,
            "conflict_rows": rows or [],
            "intro": intro,
            "back_url": back_url or reverse("families:detail", args=[access.family.pk]),
        },
    )


@case_content_required
@GET_POST
def immediate_add(request, pk):
    actor = Actor.from_request(request)
    access = queries.open_plan(actor, pk, write=True, object_type=IMMEDIATE)
    if request.method == "POST":
        form = ImmediatePlanForm(request.POST)
        if form.is_valid():
            try:
                made = actions.do_make_immediate_plan(
                    actor=actor, access=access, **_immediate_values(form)
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The immediate safety plan has been saved."))
                return redirect(_immediate_url(pk, made.pk))
    else:
        form = ImmediatePlanForm(initial={"review_on": actions.default_review_on()})
    return _immediate_form_page(
        request,
        access,
        form,
        title=_("Immediate safety plan"),
        submit=_("Save the immediate plan"),
        intro=_(
            "A plan for the coming days, until the full safety plan is there. Only the three "
            "questions marked * are required."
        ),
    )


@case_content_required
@require_http_methods(["GET"])
def immediate_detail(request, pk, immediate_pk):
    access = queries.open_plan(
        Actor.from_request(request), pk, object_type=IMMEDIATE, object_id=immediate_pk
    )
    plan = queries.immediate_plan_of(access, immediate_pk)
    return render(
        request,
        "safety/immediate.html",
        {
            "family": access.family,
            "access": access,
            "immediate": plan,
            "overdue": plan.overdue_on(timezone.localdate()),
            "others": [p for p in queries.immediate_plans(access.family) if p.pk != plan.pk],
        },
    )


def _immediate_write(request, pk, immediate_pk):
    access = queries.open_plan(
        Actor.from_request(request), pk, write=True, object_type=IMMEDIATE, object_id=immediate_pk
    )
    plan = queries.immediate_plan_of(access, immediate_pk)
    if not plan.is_open:
        messages.error(request, _("This immediate plan has ended: it can no longer change."))
    return access, plan


def _immediate_initial(plan) -> dict:
    data = {name: getattr(plan, name) for name in actions.IMMEDIATE_FIELDS}
    return {**data, "review_on": plan.review_on, "version": plan.version}


def _restarted(form_class, request, current):
    data = request.POST.copy()
    data["version"] = str(current.version)
    form = form_class(data)
    form.is_valid()
    form.add_error(None, conflict_message())
    return form


@case_content_required
@GET_POST
def immediate_edit(request, pk, immediate_pk):
    access, plan = _immediate_write(request, pk, immediate_pk)
    if not plan.is_open:
        return redirect(_immediate_url(pk, plan.pk))
    rows = []
    if request.method == "POST":
        form = ImmediatePlanEditForm(request.POST)
        if form.is_valid():
            try:
                actions.do_update_immediate_plan(
                    actor=Actor.from_request(request),
                    access=access,
                    plan=plan,
                    version=form.cleaned_data["version"],
                    **_immediate_values(form),
                )
            except StaleVersionError as error:
                rows = conflict_rows(form, error.current)
                form = _restarted(ImmediatePlanEditForm, request, error.current)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The changes have been saved."))
                return redirect(_immediate_url(pk, plan.pk))
    else:
        form = ImmediatePlanEditForm(initial=_immediate_initial(plan))
    return _immediate_form_page(
        request,
        access,
        form,
        title=_("Change the immediate safety plan"),
        submit=_("Save changes"),
        back_url=_immediate_url(pk, plan.pk),
        rows=rows,
    )


@case_content_required
@GET_POST
def immediate_renew(request, pk, immediate_pk):
    access, plan = _immediate_write(request, pk, immediate_pk)
    if not plan.is_open:
        return redirect(_immediate_url(pk, plan.pk))
    rows = []
    if request.method == "POST":
        form = ImmediatePlanRenewForm(request.POST)
        if form.is_valid():
            try:
                new = actions.do_renew_immediate_plan(
                    actor=Actor.from_request(request),
                    access=access,
                    plan=plan,
                    version=form.cleaned_data["version"],
                    reason=form.cleaned_data["reason"],
                    **_immediate_values(form),
                )
            except StaleVersionError as error:
                form = _restarted(ImmediatePlanRenewForm, request, error.current)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The immediate safety plan has been renewed."))
                return redirect(_immediate_url(pk, new.pk))
    else:
        initial = _immediate_initial(plan)
        initial["review_on"] = actions.default_review_on()
        form = ImmediatePlanRenewForm(initial=initial)
    return _immediate_form_page(
        request,
        access,
        form,
        title=_("Renew the immediate safety plan"),
        submit=_("Renew"),
        intro=_(
            "The current immediate plan ends and stays in the file; the renewed plan starts "
            "today with a new review date."
        ),
        back_url=_immediate_url(pk, plan.pk),
        rows=rows,
    )


@case_content_required
@GET_POST
def immediate_end(request, pk, immediate_pk):
    access, plan = _immediate_write(request, pk, immediate_pk)
    if not plan.is_open:
        return redirect(_immediate_url(pk, plan.pk))
    if request.method == "POST":
        form = ImmediatePlanEndForm(request.POST)
        if form.is_valid():
            try:
                actions.do_end_immediate_plan(
                    actor=Actor.from_request(request),
                    access=access,
                    plan=plan,
                    version=form.cleaned_data["version"],
                    reason=form.cleaned_data["reason"],
                )
            except StaleVersionError as error:
                form = _restarted(ImmediatePlanEndForm, request, error.current)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The immediate safety plan has been ended."))
                return redirect(_immediate_url(pk, plan.pk))
    else:
        form = ImmediatePlanEndForm(initial={"version": plan.version})
    return _immediate_form_page(
        request,
        access,
        form,
        title=_("End the immediate safety plan"),
        submit=_("End the immediate plan"),
        intro=_("The plan stays in the file, read-only."),
        back_url=_immediate_url(pk, plan.pk),
    )
