"""Portal sessions, strictly apart from professional ones.

A portal visitor carries its own cookie (settings.PORTAL_COOKIE_NAME: a random key, stored
only as a hash), never a Django login. This middleware
- outside /portaal/: answers 404 to any request that carries a valid portal session, on
  every professional route, page and API alike (the visitor has nothing to find there);
- on /portaal/: sets request.portal_session (or None) and hides any professional login
  (request.user is anonymous there), so a professional session gives nothing in the portal.
Idle and absolute limits are checked here, server-side.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import timezone
from django.views.defaults import page_not_found

from vangnet.portal.actions import token_hash
from vangnet.portal.models import PortalSession

PORTAL_PREFIX = "/portaal/"


def current_session(request) -> PortalSession | None:
    key = request.COOKIES.get(settings.PORTAL_COOKIE_NAME, "")
    if not key or len(key) > 100:
        return None
    session = (
        PortalSession.objects.select_related("invitation__family", "invitation__person")
        .filter(key_hash=token_hash(key), ended_at__isnull=True)
        .first()
    )
    if session is None:
        return None
    now = timezone.now()
    invitation = session.invitation
    if (
        now - session.last_seen_at > timedelta(minutes=settings.PORTAL_SESSION_IDLE_MINUTES)
        or now - session.started_at > timedelta(hours=settings.PORTAL_SESSION_ABSOLUTE_HOURS)
        or invitation.revoked_at is not None
        or not invitation.family.is_open
        or invitation.person.family_id != invitation.family_id
    ):
        PortalSession.objects.filter(pk=session.pk).update(ended_at=now)
        return None
    return session


class PortalMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        in_portal = request.path.startswith(PORTAL_PREFIX)
        carries = settings.PORTAL_COOKIE_NAME in request.COOKIES
        if in_portal:
            request.user = AnonymousUser()
            request.portal_session = current_session(request) if carries else None
            response = self.get_response(request)
            if (
                carries
                and request.portal_session is None
                and not getattr(request, "portal_cookie_set", False)
            ):
                response.delete_cookie(settings.PORTAL_COOKIE_NAME, samesite="Lax")
            return response
        outside_static = not request.path.startswith(settings.STATIC_URL)
        if carries and outside_static and current_session(request) is not None:
            request.user = AnonymousUser()
            return page_not_found(request, Http404())
        return self.get_response(request)
