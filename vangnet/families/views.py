"""Family file pages. Thin: access and logging live in queries/actions, rules in forms.

Every request about one family writes exactly one access-log entry, through the request
pipeline (vangnet.audit.middleware): a page opens the file with queries.open_family, which
names the read of that part; when the POST's action logs its own entry, that entry is the
one written; a POST with bad input shows the page again and the read is written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms.models import model_to_dict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from vangnet.accounts.decorators import case_content_required
from vangnet.accounts.models import Team
from vangnet.audit.context import Actor
from vangnet.core.concurrency import StaleVersionError
from vangnet.core.forms import apply_validation_error, conflict_message
from vangnet.families import actions, queries
from vangnet.families.access import FamilyAccess, get_family_for_user, writable_teams
from vangnet.families.actions import PARTNER_FIELDS, PERSON_FIELDS
from vangnet.families.forms import (
    CloseFamilyForm,
    ContactForm,
    DestructionDecisionForm,
    DestructionRequestForm,
    EmergencyForm,
    FamilyCreateForm,
    FamilyEditForm,
    FamilyFilterForm,
    GrantForm,
    PartnerEditForm,
    PartnerForm,
    PersonEditForm,
    PersonForm,
    SearchForm,
    VersionMixin,
    conflict_rows,
)
from vangnet.families.models import (
    AccessGrant,
    ChainPartner,
    DestructionRequest,
    Person,
    PersonKind,
)

PAGE_SIZE = 50
MAX_PAGE = 10_000  # beyond any real list; keeps the offset a sane number
SEARCH_LIMIT = 50
GET_POST = require_http_methods(["GET", "POST"])


def _posted(request):
    return request.POST if request.method == "POST" else None


def _detail(family_pk, anchor: str = ""):
    url = reverse("families:detail", args=[family_pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


def _writable(request, pk) -> FamilyAccess:
    """Access for a POST that writes: 404 for outsiders, 403 for readers, nothing logged."""
    return get_family_for_user(request.user, pk, write=True)


def _restart_from(request, form_class, current, **form_kwargs):
    """The user's own input again, now based on the version that is saved."""
    data = request.POST.copy()
    data["version"] = str(current.version)
    form = form_class(data, **form_kwargs)
    form.is_valid()
    form.add_error(None, conflict_message())
    return form


# Lists -----------------------------------------------------------------------------------------


@case_content_required
@require_http_methods(["GET"])
def family_list(request):
    actor = Actor.from_request(request)
    teams = list(Team.objects.filter(memberships__user=request.user).order_by("name"))
    form = FamilyFilterForm(request.GET or None, teams=teams)
    filters = form.filters()
    try:
        page_number = min(max(1, int(request.GET.get("page", "1"))), MAX_PAGE)
    except ValueError:
        page_number = 1
    status = filters["status"]
    rows, total = queries.family_list(
        actor,
        status=None if status == "all" else status,
        mine=filters["mine"],
        team_id=filters["team_id"],
        limit=PAGE_SIZE,
        offset=(page_number - 1) * PAGE_SIZE,
    )
    for family in rows:
        family.contact = queries.contact_status(family.last_contact_on, opened_on=family.opened_on)
    page = Paginator(range(total), PAGE_SIZE).get_page(page_number)
    return render(
        request,
        "families/list.html",
        {
            "form": form,
            "families": rows,
            "total": total,
            "page": page,
            "mine": filters["mine"],
            "can_create": writable_teams(request.user).exists(),
            "warning_days": settings.CONTACT_WARNING_DAYS,
            "nav": "mine" if filters["mine"] else "team",
        },
    )


@case_content_required
@GET_POST
def family_search(request):
    """The search term travels in the POST body only: never in a URL or a server log."""
    form = SearchForm(_posted(request))
    context = {"form": form, "nav": "search", "searched": False}
    if request.method == "POST" and form.is_valid():
        rows, total = queries.family_list(
            Actor.from_request(request),
            status=None,
            query=form.cleaned_data["term"],
            limit=SEARCH_LIMIT,
        )
        for family in rows:
            family.contact = queries.contact_status(
                family.last_contact_on, opened_on=family.opened_on
            )
        context.update(
            searched=True,
            families=rows,
            total=total,
            limit=SEARCH_LIMIT,
            warning_days=settings.CONTACT_WARNING_DAYS,
        )
    return render(request, "families/search.html", context)


# The family itself -----------------------------------------------------------------------------


@case_content_required
@GET_POST
def family_create(request):
    if not writable_teams(request.user).exists():
        raise PermissionDenied
    form = FamilyCreateForm(_posted(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            family = actions.do_create_family(
                actor=Actor.from_request(request),
                name=data["name"],
                team=data["team"],
                case_worker=data["case_worker"],
                opened_on=data["opened_on"],
                address=data["address"],
                notes=data["notes"],
                kind=data["kind"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("The file has been created with number %(ref)s.") % {"ref": family.reference},
            )
            return _detail(family.pk)
    return render(request, "families/family_form.html", {"form": form, "creating": True})


def _months_old(birth, today) -> int:
    """Age in whole months: for a baby "0 years" says too little."""
    return (today.year - birth.year) * 12 + today.month - birth.month - (today.day < birth.day)


@case_content_required
@require_http_methods(["GET"])
def family_detail(request, pk):
    access = queries.open_family(Actor.from_request(request), pk)
    context = queries.family_file(access)
    today = timezone.localdate()
    for person in context["children"]:
        person.age = person.age_on(today)
        person.age_months = _months_old(person.birth_date, today) if person.age == 0 else None
    context.update(
        today=today,
        warning_days=settings.CONTACT_WARNING_DAYS,
    )
    return render(request, "families/detail.html", context)


@case_content_required
@GET_POST
def family_edit(request, pk):
    actor = Actor.from_request(request)
    rows = []
    if request.method == "POST":
        access = queries.open_family(Actor.from_request(request), pk, write=True, part="dossier")
        family = access.family
        form = FamilyEditForm(request.POST, family=family)
        if form.is_valid():
            try:
                actions.do_update_family(
                    actor=actor,
                    access=access,
                    version=form.cleaned_data["version"],
                    **form.changes(family),
                )
            except StaleVersionError as error:
                rows = conflict_rows(form, error.current)
                form = _restart_from(request, FamilyEditForm, error.current, family=family)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The changes have been saved."))
                return _detail(pk)
    else:
        access = queries.open_family(actor, pk, part="dossier", write=True)
        family = access.family
        form = FamilyEditForm(family=family)
    return render(
        request,
        "families/family_form.html",
        {"form": form, "family": family, "conflict_rows": rows, "creating": False},
    )


@case_content_required
@GET_POST
def family_close(request, pk):
    actor = Actor.from_request(request)
    if request.method == "POST":
        access = queries.open_family(Actor.from_request(request), pk, write=True, part="status")
        form = CloseFamilyForm(request.POST, family=access.family)
        if access.family.is_open and form.is_valid():
            try:
                actions.do_close_family(
                    actor=actor,
                    access=access,
                    version=form.cleaned_data["version"],
                    closed_on=form.cleaned_data["closed_on"],
                    reason=form.cleaned_data["close_reason"],
                )
            except StaleVersionError as error:
                form = _restart_from(request, CloseFamilyForm, error.current, family=access.family)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The file has been closed."))
                return _detail(pk)
    else:
        access = queries.open_family(actor, pk, part="status", write=True)
        form = CloseFamilyForm(family=access.family)
    return render(request, "families/close.html", {"form": form, "family": access.family})


class _VersionForm(VersionMixin):
    pass


@case_content_required
@require_POST
def family_reopen(request, pk):
    access = _writable(request, pk)
    form = _VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The file could not be reopened. Please try again."))
        return _detail(pk)
    try:
        actions.do_reopen_family(
            actor=Actor.from_request(request), access=access, version=form.cleaned_data["version"]
        )
    except StaleVersionError:
        messages.error(
            request,
            _("Someone else changed this file meanwhile. Check the file and reopen it again."),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The file has been reopened."))
    return _detail(pk)


# People ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _MemberKind:
    """What differs between the people and the chain partners of a file; the flow is one."""

    model: type
    add_form: type
    edit_form: type
    fields: tuple
    add: Callable
    update: Callable
    remove: Callable
    action_arg: str  # the keyword the update/remove action takes the object as
    part: str
    object_type: str
    anchor: str
    texts: dict

    def log_kwargs(self, obj_pk) -> dict:
        extra = {"person_id": obj_pk} if self.model is Person else {}
        return {"part": self.part, "object_type": self.object_type, "object_id": obj_pk, **extra}


PEOPLE = _MemberKind(
    model=Person,
    add_form=PersonForm,
    edit_form=PersonEditForm,
    fields=PERSON_FIELDS,
    add=actions.do_add_person,
    update=actions.do_update_person,
    remove=actions.do_remove_person,
    action_arg="person",
    part="members",
    object_type="person",
    anchor="members",
    texts={
        "add_title": _lazy("Add a person"),
        "add_submit": _lazy("Add person"),
        "added": _lazy("The person has been added."),
        "edit_title": _lazy("Change the details of %(name)s"),
        "remove_title": _lazy("Remove %(name)s from the file?"),
        "remove_explanation": _lazy(
            "All details of this person are deleted from the file. The access log keeps "
            "that this happened."
        ),
        "removed": _lazy("The person has been removed from the file."),
    },
)
PARTNERS = _MemberKind(
    model=ChainPartner,
    add_form=PartnerForm,
    edit_form=PartnerEditForm,
    fields=PARTNER_FIELDS,
    add=actions.do_add_partner,
    update=actions.do_update_partner,
    remove=actions.do_remove_partner,
    action_arg="partner",
    part="chain_partners",
    object_type="chain_partner",
    anchor="partners",
    texts={
        "add_title": _lazy("Add a chain partner"),
        "add_submit": _lazy("Add chain partner"),
        "added": _lazy("The chain partner has been added."),
        "edit_title": _lazy("Change chain partner %(name)s"),
        "remove_title": _lazy("Remove chain partner %(name)s from the file?"),
        "remove_explanation": _lazy("The access log keeps that this happened."),
        "removed": _lazy("The chain partner has been removed from the file."),
    },
)


def _label(obj) -> str:
    return obj.full_name if isinstance(obj, Person) else obj.organisation


def _open_member(request, kind: _MemberKind, pk, obj_pk):
    """A GET about one person or partner: one logged read; it must belong to the family."""
    access = queries.open_family(
        Actor.from_request(request), pk, write=True, **kind.log_kwargs(obj_pk)
    )
    return access, get_object_or_404(kind.model, pk=obj_pk, family=access.family)


def _member_add(request, pk, kind: _MemberKind, initial=None):
    if request.method == "POST":
        access = queries.open_family(Actor.from_request(request), pk, write=True, part=kind.part)
        form = kind.add_form(request.POST)
        if form.is_valid():
            try:
                kind.add(actor=Actor.from_request(request), access=access, **form.values())
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, kind.texts["added"])
                return _detail(pk, kind.anchor)
    else:
        access = queries.open_family(Actor.from_request(request), pk, part=kind.part, write=True)
        form = kind.add_form(initial=initial)
    return render(
        request,
        "families/object_form.html",
        {
            "form": form,
            "family": access.family,
            "title": kind.texts["add_title"],
            "submit": kind.texts["add_submit"],
            "cancel_anchor": kind.anchor,
        },
    )


def _member_edit(request, pk, obj_pk, kind: _MemberKind):
    rows = []
    if request.method == "POST":
        access = queries.open_family(
            Actor.from_request(request), pk, write=True, **kind.log_kwargs(obj_pk)
        )
        obj = get_object_or_404(kind.model, pk=obj_pk, family=access.family)
        form = kind.edit_form(request.POST)
        if form.is_valid():
            actor = Actor.from_request(request)
            try:
                kind.update(
                    actor=actor,
                    access=access,
                    version=form.cleaned_data["version"],
                    **{kind.action_arg: obj},
                    **form.values(),
                )
            except StaleVersionError as error:
                rows = conflict_rows(form, error.current)
                form = _restart_from(request, kind.edit_form, error.current)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The changes have been saved."))
                return _detail(pk, kind.anchor)
    else:
        access, obj = _open_member(request, kind, pk, obj_pk)
        form = kind.edit_form(
            initial={**model_to_dict(obj, fields=kind.fields), "version": obj.version}
        )
    return render(
        request,
        "families/object_form.html",
        {
            "form": form,
            "family": access.family,
            "conflict_rows": rows,
            "title": kind.texts["edit_title"] % {"name": _label(obj)},
            "submit": _("Save changes"),
            "cancel_anchor": kind.anchor,
        },
    )


def _member_remove(request, pk, obj_pk, kind: _MemberKind):
    if request.method == "POST":
        access = _writable(request, pk)
        obj = get_object_or_404(kind.model, pk=obj_pk, family=access.family)
        try:
            kind.remove(actor=Actor.from_request(request), access=access, **{kind.action_arg: obj})
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, kind.texts["removed"])
        return _detail(pk, kind.anchor)
    access, obj = _open_member(request, kind, pk, obj_pk)
    return render(
        request,
        "families/confirm_remove.html",
        {
            "family": access.family,
            "cancel_anchor": kind.anchor,
            "title": kind.texts["remove_title"] % {"name": _label(obj)},
            "explanation": kind.texts["remove_explanation"],
        },
    )


@case_content_required
@GET_POST
def person_add(request, pk):
    kind = request.GET.get("kind")
    return _member_add(
        request, pk, PEOPLE, initial={"kind": kind} if kind in PersonKind.values else None
    )


@case_content_required
@GET_POST
def person_edit(request, pk, person_pk):
    return _member_edit(request, pk, person_pk, PEOPLE)


@case_content_required
@GET_POST
def person_remove(request, pk, person_pk):
    return _member_remove(request, pk, person_pk, PEOPLE)


@case_content_required
@GET_POST
def partner_add(request, pk):
    return _member_add(request, pk, PARTNERS)


@case_content_required
@GET_POST
def partner_edit(request, pk, partner_pk):
    return _member_edit(request, pk, partner_pk, PARTNERS)


@case_content_required
@GET_POST
def partner_remove(request, pk, partner_pk):
    return _member_remove(request, pk, partner_pk, PARTNERS)


# Contacts ----------------------------------------------------------------------------------------


@case_content_required
@GET_POST
def contact_add(request, pk):
    if request.method == "POST":
        access = queries.open_family(Actor.from_request(request), pk, write=True, part="contacts")
        form = ContactForm(request.POST)
        if form.is_valid():
            try:
                actions.do_record_contact(
                    actor=Actor.from_request(request), access=access, **form.values()
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The contact has been recorded."))
                return _detail(pk, "contacts")
    else:
        access = queries.open_family(Actor.from_request(request), pk, part="contacts", write=True)
        form = ContactForm()
    return render(
        request,
        "families/object_form.html",
        {
            "form": form,
            "family": access.family,
            "title": _("Record a contact"),
            "intro": _("Also record attempts that failed: they show when contact is being lost."),
            "submit": _("Record contact"),
            "cancel_anchor": "contacts",
        },
    )


@case_content_required
@require_http_methods(["GET"])
def contact_list(request, pk):
    access = queries.open_family(Actor.from_request(request), pk, part="contacts")
    contacts = access.family.contacts.select_related("recorded_by")
    page = Paginator(contacts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "families/contacts.html",
        {"family": access.family, "access": access, "page": page, "contacts": page.object_list},
    )


# Access grants and emergency access ---------------------------------------------------------------


def _managing(request, pk) -> FamilyAccess:
    access = _writable(request, pk)
    if not access.can_manage_access:
        raise PermissionDenied
    return access


@case_content_required
@GET_POST
def grant_add(request, pk):
    access = _managing(request, pk)
    queries.open_family(Actor.from_request(request), pk, part="access", write=True)
    form = GrantForm(_posted(request), family=access.family)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_grant_access(
                actor=Actor.from_request(request),
                access=access,
                user=form.cleaned_data["user"],
                reason=form.cleaned_data["reason"],
                ends_at=form.ends_at(),
                can_write=form.cleaned_data["can_write"],
            )
        except ValidationError as error:
            apply_validation_error(form, error, rename={"ends_at": "ends_on"})
        else:
            messages.success(request, _("Access has been given."))
            return _detail(pk, "access")
    return render(
        request,
        "families/object_form.html",
        {
            "form": form,
            "family": access.family,
            "title": _("Give a colleague access"),
            "intro": _(
                "Only for colleagues outside the team who need this file for their work. "
                "The access ends by itself on the end date; you can end it sooner."
            ),
            "submit": _("Give access"),
            "cancel_anchor": "access",
        },
    )


@case_content_required
@require_POST
def grant_revoke(request, pk, grant_pk):
    access = _managing(request, pk)
    grant = get_object_or_404(AccessGrant, pk=grant_pk, family=access.family)
    if not grant.is_current():
        messages.info(request, _("This access had already ended."))
        return _detail(pk, "access")
    actions.do_revoke_grant(actor=Actor.from_request(request), access=access, grant=grant)
    messages.success(request, _("The access has been ended."))
    return _detail(pk, "access")


@case_content_required
@GET_POST
def emergency_access(request):
    form = EmergencyForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            grant = actions.do_break_the_glass(
                actor=Actor.from_request(request),
                reference=form.cleaned_data["reference"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return _detail(grant.family_id)
    return render(
        request,
        "families/emergency.html",
        {"form": form, "hours": settings.EMERGENCY_ACCESS_HOURS},
    )


# Retention: requests for destruction (Jeugdwet art. 7.3.9) -------------------------------------

RETENTION_PART = "retention"


@case_content_required
@GET_POST
def destruction_request_add(request, pk):
    actor = Actor.from_request(request)
    access = queries.open_family(actor, pk, write=True, part=RETENTION_PART)
    form = DestructionRequestForm(_posted(request), family=access.family)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_record_destruction_request(
                actor=actor,
                access=access,
                requester=data["requester"],
                received_on=data["received_on"],
                scope=data["scope"],
                what=data["what"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("The request has been recorded. Decide on it within three months."),
            )
            return _detail(pk, RETENTION_PART)
    return render(
        request,
        "families/object_form.html",
        {
            "form": form,
            "family": access.family,
            "title": _("Record a request for destruction"),
            "intro": _(
                "Parents, and children from the age of 12, may ask for the file or part of it "
                "to be destroyed before its retention date (Jeugdwet art. 7.3.9). Record every "
                "request, also one you expect to refuse."
            ),
            "submit": _("Record request"),
            "cancel_anchor": RETENTION_PART,
        },
    )


@case_content_required
@GET_POST
def destruction_request_decide(request, pk, request_pk):
    access = _managing(request, pk)
    actor = Actor.from_request(request)
    queries.open_family(
        actor,
        pk,
        write=True,
        part=RETENTION_PART,
        object_type="destruction_request",
        object_id=request_pk,
    )
    pending = get_object_or_404(
        DestructionRequest.objects.select_related("requester", "recorded_by"),
        pk=request_pk,
        family=access.family,
    )
    if pending.is_decided:
        messages.info(request, _("This request has already been decided."))
        return _detail(pk, RETENTION_PART)
    form = DestructionDecisionForm(_posted(request), pending=pending)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_decide_destruction_request(
                actor=actor,
                access=access,
                request=pending,
                version=data["version"],
                outcome=data["outcome"],
                decided_on=data["decided_on"],
                refusal_ground=data["refusal_ground"],
                reason=data["reason"],
            )
        except StaleVersionError as error:
            form = _restart_from(request, DestructionDecisionForm, error.current, pending=pending)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The decision has been recorded."))
            return _detail(pk, RETENTION_PART)
    return render(
        request,
        "families/destruction_decide.html",
        {"form": form, "family": access.family, "pending": pending},
    )
