"""The portal pages for parents and the network, under /portaal/.

URLs carry only the opaque one-time token (never a name). Every refusal is a 404 - an
unknown, expired, used, blocked or revoked link, no session, another family - and every
read and write is an entry in the access log (channel "portal").
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from vangnet.portal import actions, queries
from vangnet.portal.forms import CheckInForm, CodeForm

GET_POST = require_http_methods(["GET", "POST"])


def not_found(request):
    """A 404 that keeps the request's entries (a refused link is logged): not raised."""
    return render(request, "portal/not_found.html", status=404)


def too_many(request):
    return render(request, "portal/too_many.html", status=429)


def portal_login_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if getattr(request, "portal_session", None) is None:
            return not_found(request)
        return view(request, *args, **kwargs)

    return wrapper


def _open_link(request, token):
    """(link, None) when the link may be used, else (None, the response to give)."""
    if actions.address_locked(request):
        return None, too_many(request)
    link = actions.find_link(token)
    if link is None:
        actions.note_failure(request)  # guessing links counts towards the address limit
        return None, not_found(request)
    if not actions.link_open(link):
        actor = actions.portal_actor(request, link.invitation)
        actions.log_refused_link(actor, link, actions.refusal_reason(link))
        return None, not_found(request)
    return link, None


@GET_POST
def link(request, token):
    """The link from the invitation: a button sends the code (a GET sends nothing, so a mail
    program that opens links to check them does not use up a code)."""
    found, refused = _open_link(request, token)
    if refused is not None:
        return refused
    actor = actions.portal_actor(request, found.invitation)
    if request.method == "POST":
        try:
            actions.do_send_code(actor=actor, link=found)
        except actions.TooManyCodes:
            return render(request, "portal/link.html", {"too_many_codes": True}, status=429)
        return redirect("portal:code", token=token)
    return render(
        request, "portal/link.html", {"channel": found.invitation.channel, "token": token}
    )


@GET_POST
def code(request, token):
    found, refused = _open_link(request, token)
    if refused is not None:
        return refused
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        actor = actions.portal_actor(request, found.invitation)
        key = actions.do_check_code(
            actor=actor, request=request, link=found, code=form.cleaned_data["code"]
        )
        if key is not None:
            response = redirect("portal:home")
            response.set_cookie(
                settings.PORTAL_COOKIE_NAME,
                key,
                httponly=True,
                secure=settings.SESSION_COOKIE_SECURE,
                samesite="Lax",
            )
            request.portal_cookie_set = True
            return response
        if found.blocked_at is not None:
            return render(request, "portal/locked.html", status=403)
        form.add_error("code", _("This code is not right, or it is too old. Try again."))
    elif request.method == "POST":
        actions.note_failure(request)
    return render(
        request,
        "portal/code.html",
        {"form": form, "token": token, "channel": found.invitation.channel},
        status=400 if form.errors else 200,
    )


@portal_login_required
@require_http_methods(["GET"])
def home(request):
    invitation = request.portal_session.invitation
    actions.touch_session(request.portal_session)
    context = queries.portal_page(invitation)
    actor = actions.portal_actor(request, invitation)
    version = context["version"]
    actions.log_portal_read(
        actor,
        invitation,
        object_type="portal_plan",
        object_id=version.pk if version is not None else "",
    )
    return render(request, "portal/home.html", context)


@portal_login_required
@GET_POST
def checkin(request):
    invitation = request.portal_session.invitation
    actions.touch_session(request.portal_session)
    actor = actions.portal_actor(request, invitation)
    form = CheckInForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_check_in(actor=actor, invitation=invitation, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you. Your coach can read it now."))
            return redirect("portal:home")
    return render(
        request,
        "portal/checkin.html",
        {"form": form, "family_name": invitation.family.name},
        status=400 if form.errors else 200,
    )


@require_POST
def logout(request):
    session = getattr(request, "portal_session", None)
    if session is not None:
        actions.do_end_session(
            actor=actions.portal_actor(request, session.invitation), session=session
        )
    response = render(request, "portal/logged_out.html")
    response.delete_cookie(settings.PORTAL_COOKIE_NAME, samesite="Lax")
    return response


def login_path(token: str) -> str:
    return reverse("portal:link", args=[token])
