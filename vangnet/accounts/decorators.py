"""View guards: logged in with both factors (or in the demo database without 2FA)."""

from functools import wraps

from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.contrib.auth.views import redirect_to_login
from django.http import Http404

from vangnet.accounts.twofactor import session_is_verified


def verified_login_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(
                request.get_full_path(), redirect_field_name=REDIRECT_FIELD_NAME
            )
        if not session_is_verified(request):
            logout(request)
            return redirect_to_login(
                request.get_full_path(), redirect_field_name=REDIRECT_FIELD_NAME
            )
        return view(request, *args, **kwargs)

    return wrapper


def privacy_officer_required(view):
    """The access-log pages: privacy officers only; everyone else is told nothing is here."""

    @verified_login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_privacy_officer:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def case_content_required(view):
    @verified_login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.may_see_case_content:
            raise Http404  # no case content for this role: nothing to see here
        return view(request, *args, **kwargs)

    return wrapper
