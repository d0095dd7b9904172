"""The one place that writes access-log entries.

Call it inside the transaction of the read or write it records: if the entry cannot be
written, the whole request fails and nothing is shown or saved (fail closed).
"""

from __future__ import annotations

import ipaddress
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction

from vangnet.audit import chain
from vangnet.audit.models import AccessBasis, AccessEvent, AccessLogHead

if TYPE_CHECKING:
    from vangnet.audit.context import Actor


def _normalise_ip(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def chain_key() -> bytes:
    return settings.ACCESS_LOG_KEY.encode()


def record(
    actor: Actor,
    action: str,
    *,
    object_type: str,
    object_id: Any = "",
    family: Any = None,
    person_id: int | None = None,
    part: str = "",
    basis: str = AccessBasis.TEAM,
    purpose: str = "",
    emergency: bool = False,
    details: dict | None = None,
) -> AccessEvent:
    """Append one entry to the access log, chained to the previous one."""
    user = actor.user
    fields = {
        "occurred_at": datetime.now(UTC),
        "user_id": user.pk if user is not None and user.pk else None,
        "username": getattr(user, "username", "") or "",
        "acting_for": getattr(actor.acting_for, "username", "") or "",
        "family_id": getattr(family, "pk", None),
        "family_ref": getattr(family, "reference", "") or "",
        "person_id": person_id,
        "action": str(action),
        "object_type": object_type,
        "object_id": str(object_id or ""),
        "part": part,
        "basis": str(basis),
        "purpose": purpose[:300],
        "channel": actor.channel,
        "ip_address": _normalise_ip(actor.ip_address),
        "user_agent": (actor.user_agent or "")[:300],
        "emergency": bool(emergency),
        "details": details or {},
    }
    with transaction.atomic():
        head = _locked_head()
        fields["id"] = head.last_id + 1
        fields["prev_hash"] = head.last_hash
        fields["hash"] = chain.entry_hash(chain_key(), head.last_hash, sealed_view(fields))
        event = AccessEvent.objects.create(**fields)
        head.last_id = event.id
        head.last_hash = event.hash
        head.save(update_fields=["last_id", "last_hash"])
    return event


def _locked_head() -> AccessLogHead:
    head = AccessLogHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        AccessLogHead.objects.get_or_create(pk=1)
        head = AccessLogHead.objects.select_for_update().get(pk=1)
    return head


def sealed_view(values: dict) -> dict:
    """The values as the chain sees them, identical whether fresh or read back."""
    view = dict(values)
    when = view["occurred_at"]
    view["occurred_at"] = when.astimezone(UTC).isoformat(timespec="microseconds")
    view["ip_address"] = str(view["ip_address"]) if view.get("ip_address") else None
    return view
