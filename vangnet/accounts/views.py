"""Login with a password and a TOTP code, enrolment, logout, profile and API tokens; the
four-eyes approvals of access rights and the one-time setup link."""

import time

import segno
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, get_user_model, login, logout
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from vangnet.accounts import actions, four_eyes
from vangnet.accounts.decorators import verified_login_required as login_required
from vangnet.accounts.forms import (
    AccountSetupForm,
    ApiTokenForm,
    DecisionForm,
    LoginForm,
    TokenForm,
)
from vangnet.accounts.models import AccessChangeRequest
from vangnet.accounts.twofactor import two_factor_required
from vangnet.audit.context import Actor, client_ip
from vangnet.core.forms import apply_validation_error

PENDING_KEY = "vangnet_pending_2fa"
PENDING_SECONDS = 300


def lockout_response(request, original_response=None, credentials=None):
    if getattr(request, "vangnet_address_locked", False):
        message = _(
            "Too many failed logins from your network address. Try again in %(minutes)d "
            "minutes, or ask your functional admin."
        ) % {"minutes": settings.VANGNET_ADDRESS_FAILURE_MINUTES}
    else:
        message = _(
            "Too many failed attempts. This account is locked for %(minutes)d minutes. "
            "Ask your functional admin if you need access sooner."
        ) % {"minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)}
    return render(
        request, "accounts/login.html", {"form": LoginForm(), "lockout": message}, status=429
    )


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return settings.LOGIN_REDIRECT_URL


def _pending_user(request):
    """The user who passed the password step in this session, unless expired or locked out."""
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        return None, None
    user = get_user_model().objects.filter(pk=pending["uid"], is_active=True).first()
    if user is not None and AxesProxyHandler.is_locked(request, {"username": user.get_username()}):
        # A lockout reached during the code step also ends this half-finished login.
        request.session.pop(PENDING_KEY, None)
        return None, None
    return user, pending


def _complete_login(request, user, backend, next_url, device=None):
    request.session.pop(PENDING_KEY, None)
    login(request, user, backend=backend)  # rotates the session id
    if device is not None:
        otp_login(request, device)
    return redirect(next_url)


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login_view(request):
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
        )
        if user is None:
            form.add_error(None, _("Wrong username or password."))
        elif not two_factor_required():
            return _complete_login(request, user, user.backend, _safe_next(request))
        else:
            # Password is right; the user is not logged in until the second factor passes.
            request.session.cycle_key()
            request.session[PENDING_KEY] = {
                "uid": user.pk,
                "at": time.time(),
                "backend": user.backend,
                "next": _safe_next(request),
            }
            if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
                return redirect("accounts:verify")
            return redirect("accounts:setup_2fa")
    return render(
        request, "accounts/login.html", {"form": form, "next": request.GET.get("next", "")}
    )


def _register_failed_code(request, user):
    # Count a wrong code as a failed login, so lockout covers the second factor too.
    user_login_failed.send(
        sender=__name__, credentials={"username": user.get_username()}, request=request
    )


@csrf_protect
@never_cache
def verify_view(request):
    user, pending = _pending_user(request)
    if user is None:
        messages.info(request, _("Log in again, please."))
        return redirect("accounts:login")
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return redirect("accounts:setup_2fa")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _info = device.verify_is_allowed()
        if not allowed:
            _register_failed_code(request, user)
            form.add_error("code", _("Too many wrong codes. Wait a little and try again."))
        elif device.verify_token(form.cleaned_data["code"]):
            return _complete_login(request, user, pending["backend"], pending["next"], device)
        else:
            _register_failed_code(request, user)
            form.add_error("code", _("This code is not right. Check the time on your phone."))
        if _pending_user(request)[0] is None:
            return lockout_response(request)
    return render(request, "accounts/verify.html", {"form": form})


@csrf_protect
@never_cache
def setup_2fa_view(request):
    user, pending = _pending_user(request)
    if user is None:
        messages.info(request, _("Log in again, please."))
        return redirect("accounts:login")
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect("accounts:verify")
    device = actions.pending_totp_device(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            actions.do_confirm_totp_device(device=device)
            messages.success(request, _("Two-factor authentication is set up."))
            return _complete_login(request, user, pending["backend"], pending["next"], device)
        _register_failed_code(request, user)
        form.add_error("code", _("This code is not right. Scan the code again and retry."))
        if _pending_user(request)[0] is None:
            return lockout_response(request)
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#000", light="#fff")
    secret = device.config_url.split("secret=")[1].split("&")[0]
    return render(
        request,
        "accounts/setup_2fa.html",
        {"form": form, "qr_svg": mark_safe(qr_svg), "secret": secret},  # noqa: S308 - segno output
    )


@require_POST
def logout_view(request):
    logout(request)
    messages.info(request, _("You are logged out."))
    return redirect("accounts:login")


@login_required
@never_cache
def profile_view(request):
    ask_code = two_factor_required()
    form = ApiTokenForm(request.POST or None, ask_code=ask_code)
    new_token = None
    if request.method == "POST" and form.is_valid():
        device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
        if ask_code and (device is None or not device.verify_token(form.cleaned_data["code"])):
            form.add_error("code", _("This code is not right. Check the time on your phone."))
        else:
            _token, new_token = actions.do_create_api_token(
                user=request.user,
                name=form.cleaned_data["name"],
                days=form.cleaned_data["days"],
                actor=Actor.from_request(request),
            )
            form = ApiTokenForm(ask_code=ask_code)
    tokens = request.user.api_tokens.all()
    memberships = request.user.memberships.select_related("team")
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "tokens": tokens,
            "new_token": new_token,
            "memberships": memberships,
            "now": timezone.now(),
            "may_approve": four_eyes.may_approve_anything(request.user),
        },
    )


@login_required
@require_POST
def revoke_token_view(request, pk):
    if actions.do_revoke_api_token(
        user=request.user, token_id=pk, actor=Actor.from_request(request)
    ):
        messages.success(request, _("The token is revoked."))
    return redirect("accounts:profile")


# Four eyes on access rights ---------------------------------------------------------------------


@login_required
@never_cache
def approvals_view(request):
    """Changes of access rights waiting for the user's approval, and those they asked for."""
    user = request.user
    if not (four_eyes.may_approve_anything(user) or four_eyes.may_request(user)):
        raise Http404
    changes = list(four_eyes.visible_changes(user)[:200])
    waiting = [c for c in changes if c.is_pending and four_eyes.may_decide(user, c)]
    own = [c for c in changes if c.requested_by_id == user.pk]
    return render(
        request,
        "accounts/approvals.html",
        {"waiting": waiting, "own": own, "nav": "approvals"},
    )


def _visible_change(request, pk) -> AccessChangeRequest:
    change = (
        AccessChangeRequest.objects.select_related("user", "team", "requested_by", "decided_by")
        .filter(pk=pk)
        .first()
    )
    if change is None or not (
        change.requested_by_id == request.user.pk or four_eyes.may_decide(request.user, change)
    ):
        raise Http404
    return change


@login_required
@never_cache
def approval_view(request, pk):
    change = _visible_change(request, pk)
    may_decide = change.is_pending and four_eyes.may_decide(request.user, change)
    form = DecisionForm()
    if request.method == "POST":
        actor = Actor.from_request(request)
        try:
            if "withdraw" in request.POST and change.requested_by_id == request.user.pk:
                actions.do_withdraw_access_change(actor=actor, change=change)
                messages.success(request, _("The request has been withdrawn."))
                return redirect("accounts:approvals")
            if not may_decide:
                raise Http404
            form = DecisionForm(request.POST)
            if form.is_valid():
                change, raw = actions.do_decide_access_change(
                    actor=actor,
                    change=change,
                    approve=form.cleaned_data["decision"] == "approve",
                    note=form.cleaned_data["note"],
                )
                if raw:
                    # Shown once, to the approver only: never to the admin who asked.
                    link = request.build_absolute_uri(
                        reverse("accounts:setup_account", kwargs={"token": raw})
                    )
                    return render(
                        request,
                        "accounts/approval_link.html",
                        {"change": change, "link": link, "hours": settings.SETUP_LINK_HOURS},
                    )
                messages.success(request, _("Your decision has been saved."))
                return redirect("accounts:approvals")
        except ValidationError as error:
            apply_validation_error(form, error)
    return render(
        request,
        "accounts/approval.html",
        {"change": change, "form": form, "may_decide": may_decide, "nav": "approvals"},
    )


@sensitive_post_parameters("password1", "password2")
@csrf_protect
@never_cache
def setup_account_view(request, token):
    """The one-time link: the user sets a password of their own and enrols their phone."""
    setup = actions.setup_token(token)
    if setup is None:
        return render(request, "accounts/setup_link_invalid.html", status=404)
    user = setup.user
    device = actions.pending_totp_device(user)
    form = AccountSetupForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            try:
                actions.do_set_up_account(
                    actor=Actor(
                        user=user,
                        ip_address=client_ip(request),
                        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
                    ),
                    token=setup,
                    password=form.cleaned_data["password1"],
                    device=device,
                )
            except ValidationError:
                return render(request, "accounts/setup_link_invalid.html", status=404)
            if request.user.is_authenticated:
                logout(request)
            messages.success(request, _("Your account is set up. Log in with your new password."))
            return redirect("accounts:login")
        _register_failed_code(request, user)
        form.add_error("code", _("This code is not right. Scan the code again and retry."))
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#000", light="#fff")
    secret = device.config_url.split("secret=")[1].split("&")[0]
    return render(
        request,
        "accounts/setup_account.html",
        {
            "form": form,
            "qr_svg": mark_safe(qr_svg),  # noqa: S308 - segno output
            "secret": secret,
            "account": user,
        },
    )
