"""The coach's side: invite people of the file, send a new link, revoke; see who looked when.

Access through vangnet.families (outsiders 404, read-only members 403 on writes); every page
and action is an entry in the access log.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from vangnet.accounts.decorators import case_content_required
from vangnet.audit.context import Actor
from vangnet.families.models import Person
from vangnet.families.queries import open_family
from vangnet.portal import actions
from vangnet.portal.forms import InviteForm
from vangnet.portal.models import INVITABLE_KINDS, CheckIn, SendChannel

GET_POST = require_http_methods(["GET", "POST"])


def _to_list(pk):
    return redirect("portal_invitations:list", pk=pk)


@case_content_required
@require_http_methods(["GET"])
def invitations(request, pk):
    access = open_family(
        Actor.from_request(request), pk, part="portal", object_type="portal_invitations"
    )
    family = access.family
    rows = list(family.portal_invitations.select_related("person", "created_by"))
    checkins = list(CheckIn.objects.filter(family=family).select_related("invitation__person")[:20])
    return render(
        request,
        "portal/invitations.html",
        {"family": family, "access": access, "invitations": rows, "checkins": checkins},
    )


@case_content_required
@GET_POST
def invite(request, pk, invitee_pk):
    actor = Actor.from_request(request)
    access = open_family(
        actor, pk, part="portal", write=True, object_type="portal_invitation", person_id=invitee_pk
    )
    person = get_object_or_404(
        Person, pk=invitee_pk, family=access.family, kind__in=INVITABLE_KINDS
    )
    if request.method == "POST":
        form = InviteForm(request.POST)
        if form.is_valid():
            try:
                actions.do_invite_person(
                    actor=actor, access=access, person=person, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The invitation has been sent."))
                return _to_list(pk)
    else:
        channel = SendChannel.SMS if person.phone and not person.email else SendChannel.EMAIL
        form = InviteForm(
            initial={
                "channel": channel,
                "address": person.phone if channel == SendChannel.SMS else person.email,
            }
        )
    return render(
        request,
        "portal/invite.html",
        {
            "family": access.family,
            "person": person,
            "form": form,
            "settings_days": settings.PORTAL_INVITATION_DAYS,
        },
        status=400 if form.errors else 200,
    )


@case_content_required
@require_POST
def new_link(request, pk, invitation_pk):
    actor = Actor.from_request(request)
    access = open_family(actor, pk, part="portal", write=True, action=None)
    try:
        actions.do_send_new_link(actor=actor, access=access, invitation_pk=invitation_pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("A new link has been sent."))
    return _to_list(pk)


@case_content_required
@require_POST
def revoke(request, pk, invitation_pk):
    actor = Actor.from_request(request)
    access = open_family(actor, pk, part="portal", write=True, action=None)
    actions.do_revoke_invitation(actor=actor, access=access, invitation_pk=invitation_pk)
    messages.success(request, _("The invitation has been revoked."))
    return _to_list(pk)
