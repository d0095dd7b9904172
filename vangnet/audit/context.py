"""Who acts, through which channel and from where: carried into every action and log entry."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
    from django.http import HttpRequest

    from vangnet.accounts.models import User


class Channel:
    WEB = "web"
    API = "api"
    CLI = "cli"
    PORTAL = "portal"  # parents and network in the portal (vangnet.portal)


def client_ip(request: HttpRequest) -> str | None:
    """The client address: REMOTE_ADDR unless we sit behind a known number of proxies.

    X-Forwarded-For is only read when VANGNET_TRUSTED_PROXY_COUNT says how many proxies
    we trust, and then only the address our own outermost proxy added.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    hops = settings.TRUSTED_PROXY_COUNT
    if hops <= 0:
        return remote
    forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [p for p in forwarded if p]
    if len(forwarded) >= hops:
        return forwarded[-hops]
    return remote


@dataclass(frozen=True)
class Actor:
    user: User
    channel: str = Channel.WEB
    ip_address: str | None = None
    user_agent: str = ""
    acting_for: User | None = None
    extra: dict = field(default_factory=dict)

    @classmethod
    def from_request(cls, request: HttpRequest, channel: str = Channel.WEB) -> Actor:
        return cls(
            user=request.user,
            channel=channel,
            ip_address=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
        )

    @classmethod
    def cli(cls, user: User) -> Actor:
        return cls(user=user, channel=Channel.CLI, user_agent="manage.py")
