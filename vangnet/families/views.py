"""Family file pages. Thin: access and logging live in queries/actions, rules in forms.

Every request about one family writes exactly one access-log entry: a GET logs its read
through queries.open_family; a POST that writes logs only the action's own entry (it gets
its FamilyAccess from get_family_for_user, which does not log); a POST with bad input
writes nothing at all.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms.models import model_to_dict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from vangnet.accounts.decorators import case_content_required
from vangnet.accounts.models import Team
from vangnet.audit.context import Actor
from vangnet.core.concurrency import StaleVersionError
from vangnet.core.forms import apply_validation_error
from vangnet.families import actions, queries
from vangnet.families.access import FamilyAccess, get_family_for_user, writable_teams
from vangnet.families.actions import PARTNER_FIELDS, PERSON_FIELDS
from vangnet.families.forms import (
    CloseFamilyForm,
    ContactForm,
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
from vangnet.families.models import AccessGrant, ChainPartner, Person, PersonKind

PAGE_SIZE = 50
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


def _conflict_message() -> str:
    return _(
        "Someone else changed this information while you were working on it. Your changes "
        "have not been saved yet. Compare them with what is saved now (below), adjust if "
        "needed and save again."
    )


def _restart_from(request, form_class, current, **form_kwargs):
    """The user's own input again, now based on the version that is saved."""
    data = request.POST.copy()
    data["version"] = str(current.version)
    form = form_class(data, **form_kwargs)
    form.is_valid()
    form.add_error(None, _conflict_message())
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
        page_number = max(1, int(request.GET.get("page", "1")))
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
        family.contact = queries.contact_status(family.last_contact_on)
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
            family.contact = queries.contact_status(family.last_contact_on)
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
        access = _writable(request, pk)
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
                # What is saved now is shown: that is a read of the file, logged as one.
                queries.open_family(actor, pk, part="dossier", write=True)
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
        access = _writable(request, pk)
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


def _person_page(request, template, **context):
    context.setdefault("cancel_anchor", "members")
    return render(request, template, context)


@case_content_required
@GET_POST
def person_add(request, pk):
    if request.method == "POST":
        access = _writable(request, pk)
        form = PersonForm(request.POST)
        if form.is_valid():
            try:
                actions.do_add_person(
                    actor=Actor.from_request(request), access=access, **form.values()
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The person has been added."))
                return _detail(pk, "members")
    else:
        access = queries.open_family(Actor.from_request(request), pk, part="members", write=True)
        kind = request.GET.get("kind")
        form = PersonForm(initial={"kind": kind} if kind in PersonKind.values else None)
    return _person_page(
        request,
        "families/object_form.html",
        form=form,
        family=access.family,
        title=_("Add a person"),
        submit=_("Add person"),
    )


def _open_person(request, pk, person_pk):
    """A GET about one person: one logged read, and the person must belong to the family."""
    access = queries.open_family(
        Actor.from_request(request),
        pk,
        part="members",
        write=True,
        object_type="person",
        object_id=person_pk,
        person_id=person_pk,
    )
    return access, get_object_or_404(Person, pk=person_pk, family=access.family)


@case_content_required
@GET_POST
def person_edit(request, pk, person_pk):
    rows = []
    if request.method == "POST":
        access = _writable(request, pk)
        person = get_object_or_404(Person, pk=person_pk, family=access.family)
        form = PersonEditForm(request.POST)
        if form.is_valid():
            actor = Actor.from_request(request)
            try:
                actions.do_update_person(
                    actor=actor,
                    access=access,
                    person=person,
                    version=form.cleaned_data["version"],
                    **form.values(),
                )
            except StaleVersionError as error:
                queries.open_family(
                    actor,
                    pk,
                    part="members",
                    write=True,
                    object_type="person",
                    object_id=person.pk,
                    person_id=person.pk,
                )
                rows = conflict_rows(form, error.current)
                form = _restart_from(request, PersonEditForm, error.current)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The changes have been saved."))
                return _detail(pk, "members")
    else:
        access, person = _open_person(request, pk, person_pk)
        form = PersonEditForm(
            initial={**model_to_dict(person, fields=PERSON_FIELDS), "version": person.version}
        )
    return _person_page(
        request,
        "families/object_form.html",
        form=form,
        family=access.family,
        title=_("Change the details of %(name)s") % {"name": person.full_name},
        submit=_("Save changes"),
        conflict_rows=rows,
    )


@case_content_required
@GET_POST
def person_remove(request, pk, person_pk):
    if request.method == "POST":
        access = _writable(request, pk)
        person = get_object_or_404(Person, pk=person_pk, family=access.family)
        actions.do_remove_person(actor=Actor.from_request(request), access=access, person=person)
        messages.success(request, _("The person has been removed from the file."))
        return _detail(pk, "members")
    access, person = _open_person(request, pk, person_pk)
    return _person_page(
        request,
        "families/confirm_remove.html",
        family=access.family,
        title=_("Remove %(name)s from the file?") % {"name": person.full_name},
        explanation=_(
            "All details of this person are deleted from the file. The access log keeps "
            "that this happened."
        ),
    )


# Chain partners ----------------------------------------------------------------------------------


def _open_partner(request, pk, partner_pk):
    access = queries.open_family(
        Actor.from_request(request),
        pk,
        part="chain_partners",
        write=True,
        object_type="chain_partner",
        object_id=partner_pk,
    )
    return access, get_object_or_404(ChainPartner, pk=partner_pk, family=access.family)


@case_content_required
@GET_POST
def partner_add(request, pk):
    if request.method == "POST":
        access = _writable(request, pk)
        form = PartnerForm(request.POST)
        if form.is_valid():
            try:
                actions.do_add_partner(
                    actor=Actor.from_request(request), access=access, **form.values()
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The chain partner has been added."))
                return _detail(pk, "partners")
    else:
        access = queries.open_family(
            Actor.from_request(request), pk, part="chain_partners", write=True
        )
        form = PartnerForm()
    return render(
        request,
        "families/object_form.html",
        {
            "form": form,
            "family": access.family,
            "title": _("Add a chain partner"),
            "submit": _("Add chain partner"),
            "cancel_anchor": "partners",
        },
    )


@case_content_required
@GET_POST
def partner_edit(request, pk, partner_pk):
    rows = []
    if request.method == "POST":
        access = _writable(request, pk)
        partner = get_object_or_404(ChainPartner, pk=partner_pk, family=access.family)
        form = PartnerEditForm(request.POST)
        if form.is_valid():
            actor = Actor.from_request(request)
            try:
                actions.do_update_partner(
                    actor=actor,
                    access=access,
                    partner=partner,
                    version=form.cleaned_data["version"],
                    **form.values(),
                )
            except StaleVersionError as error:
                queries.open_family(
                    actor,
                    pk,
                    part="chain_partners",
                    write=True,
                    object_type="chain_partner",
                    object_id=partner.pk,
                )
                rows = conflict_rows(form, error.current)
                form = _restart_from(request, PartnerEditForm, error.current)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The changes have been saved."))
                return _detail(pk, "partners")
    else:
        access, partner = _open_partner(request, pk, partner_pk)
        form = PartnerEditForm(
            initial={**model_to_dict(partner, fields=PARTNER_FIELDS), "version": partner.version}
        )
    return render(
        request,
        "families/object_form.html",
        {
            "form": form,
            "family": access.family,
            "conflict_rows": rows,
            "title": _("Change chain partner %(name)s") % {"name": partner.organisation},
            "submit": _("Save changes"),
            "cancel_anchor": "partners",
        },
    )


@case_content_required
@GET_POST
def partner_remove(request, pk, partner_pk):
    if request.method == "POST":
        access = _writable(request, pk)
        partner = get_object_or_404(ChainPartner, pk=partner_pk, family=access.family)
        actions.do_remove_partner(actor=Actor.from_request(request), access=access, partner=partner)
        messages.success(request, _("The chain partner has been removed from the file."))
        return _detail(pk, "partners")
    access, partner = _open_partner(request, pk, partner_pk)
    return render(
        request,
        "families/confirm_remove.html",
        {
            "family": access.family,
            "cancel_anchor": "partners",
            "title": _("Remove chain partner %(name)s from the file?")
            % {"name": partner.organisation},
            "explanation": _("The access log keeps that this happened."),
        },
    )


# Contacts ----------------------------------------------------------------------------------------


@case_content_required
@GET_POST
def contact_add(request, pk):
    if request.method == "POST":
        access = _writable(request, pk)
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
    form = GrantForm(_posted(request), family=access.family)
    if request.method == "POST":
        if form.is_valid():
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
    else:
        queries.open_family(Actor.from_request(request), pk, part="access", write=True)
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
