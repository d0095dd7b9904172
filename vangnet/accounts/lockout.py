"""Login lockout: per username (django-axes), and per client address against spraying.

Axes locks a username after VANGNET_LOGIN_FAILURE_LIMIT failures, from whatever address.
Password spraying tries a few passwords on many usernames and stays under that limit, so
this handler also locks a client address after VANGNET_ADDRESS_FAILURE_LIMIT failures
within VANGNET_ADDRESS_FAILURE_MINUTES, over all usernames. The threshold is far higher,
so a team office behind one address is not locked out by its own typing errors. The
address is the one the rest of Vangnet uses (vangnet.audit.context.client_ip): a forged
X-Forwarded-For neither dodges nor triggers it.

Failures are counted in axes' AccessFailureLog (one row per failure, with its address).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessFailureLog
from axes.signals import user_locked_out
from django.conf import settings
from django.utils import timezone

from vangnet.audit.context import client_ip

log = logging.getLogger(__name__)


def address_failures(address: str | None) -> int:
    """Failed logins from this address within the window."""
    if not address:
        return 0
    since = timezone.now() - timedelta(minutes=settings.VANGNET_ADDRESS_FAILURE_MINUTES)
    return AccessFailureLog.objects.filter(ip_address=address, attempt_time__gte=since).count()


def address_locked(request) -> bool:
    limit = settings.VANGNET_ADDRESS_FAILURE_LIMIT
    if request is None or limit <= 0:
        return False
    locked = address_failures(client_ip(request)) >= limit
    if locked:
        request.vangnet_address_locked = True  # lockout_response names the cause
    return locked


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler plus the per-address limit."""

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        return super().is_locked(request, credentials) or address_locked(request)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is None or getattr(request, "axes_locked_out", False):
            return
        address = client_ip(request)
        failures = address_failures(address)
        limit = settings.VANGNET_ADDRESS_FAILURE_LIMIT
        if limit > 0 and failures >= limit:
            if failures == limit:
                # Logged as axes logs the per-username lockout; no username is named.
                log.warning(
                    "AXES: Locking out address %s after %d failed logins within %d minutes.",
                    address,
                    failures,
                    settings.VANGNET_ADDRESS_FAILURE_MINUTES,
                )
            request.axes_locked_out = True
            request.vangnet_address_locked = True
            request.axes_credentials = credentials
            user_locked_out.send("axes", request=request, username=None, ip_address=address)
