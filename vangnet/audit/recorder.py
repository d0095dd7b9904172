"""The one place that writes access-log entries.

Entries are written inside the transaction of the read or write they record: if an entry
cannot be written, the whole request fails and nothing is shown or saved (fail closed).

Within a request (vangnet.audit.middleware) entries are collected and written together as
the last statement before the commit, so the chain head is locked for one insert, not for
the whole request: rendering a page or a PDF never makes another user's request wait.
Outside a request (management commands, tests calling actions directly) record() writes
at once, as before.

Three kinds of entry, so that a request logs exactly once without each view coding it:
- record(): an explicit entry (a write, an export, a list). Always written.
- record_read(): the read of a page about one family. Written only when the request
  wrote no explicit entry about that family (a POST that saves logs its action only).
- touch(): access to a family was checked (vangnet.families.access). If nothing else was
  logged about that family and the response shows content (2xx), a generic read is
  written, so a forgotten log call cannot leave a read unrecorded.
"""

from __future__ import annotations

import contextvars
import ipaddress
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction

from vangnet.audit import chain
from vangnet.audit.models import AccessAction, AccessBasis, AccessEvent, AccessLogHead

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


def _fields(
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
) -> dict:
    user = actor.user
    return {
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


# Priorities of the read a request writes when it logged nothing else about a family.
_TOUCHED = 0
_READ = 1


@dataclass
class _Pending:
    fields: dict
    # A no-op on_commit callback: Django drops it when its savepoint is rolled back.
    alive: object | None


@dataclass
class RequestLog:
    """Entries of one request, written by flush() just before the commit."""

    # Who acts in this request, for the entries that touch() makes: (user) -> Actor.
    actor_for: Callable[[Any], Actor]
    explicit: list[_Pending] = field(default_factory=list)
    reads: dict[int, tuple[int, _Pending]] = field(default_factory=dict)

    def add(self, fields: dict) -> None:
        self.explicit.append(_Pending(fields, _savepoint_marker()))

    def add_read(self, family_id: int, priority: int, fields: dict) -> None:
        known = self.reads.get(family_id)
        if known is None or priority > known[0]:
            self.reads[family_id] = (priority, _Pending(fields, _savepoint_marker()))

    def entries(self, *, shown: bool) -> list[dict]:
        """What to write: explicit entries, and a read for each family without one.

        shown: the response shows content (2xx). A redirect or an error response shows no
        family data, so a mere access check (touch) logs nothing then.

        An entry made inside a savepoint that was rolled back (an action that failed
        half-way and was caught) is dropped with the rest of that savepoint's work.
        """
        open_callbacks = {id(func) for _, func, _ in transaction.get_connection().run_on_commit}

        def alive(pending: _Pending) -> bool:
            return pending.alive is None or id(pending.alive) in open_callbacks

        explicit = [p.fields for p in self.explicit if alive(p)]
        covered = {f["family_id"] for f in explicit}
        reads = [
            pending.fields
            for family_id, (priority, pending) in self.reads.items()
            if family_id not in covered and alive(pending) and (shown or priority > _TOUCHED)
        ]
        return sorted(reads + explicit, key=lambda f: f["occurred_at"])


def _savepoint_marker():
    if not transaction.get_connection().in_atomic_block:
        return None

    def alive() -> None:
        """Marks an entry as belonging to the savepoints open when it was made."""

    transaction.on_commit(alive)
    return alive


_current: contextvars.ContextVar[RequestLog | None] = contextvars.ContextVar(
    "vangnet_request_log", default=None
)


@contextmanager
def collecting(actor_for: Callable[[Any], Actor]):
    """Collect the entries of one request; the caller flushes them before committing."""
    log = RequestLog(actor_for)
    token = _current.set(log)
    try:
        yield log
    finally:
        _current.reset(token)


def flush(log: RequestLog, *, shown: bool = True) -> int:
    """Append the request's entries to the chain: the last statements of its transaction."""
    entries = log.entries(shown=shown)
    log.explicit.clear()
    log.reads.clear()
    if entries:
        _append(entries)
    return len(entries)


def record(actor: Actor, action: str, **kwargs) -> AccessEvent:
    """Log one entry; kwargs: object_type, object_id, family, person_id, part, basis,
    purpose, emergency, details."""
    fields = _fields(actor, action, **kwargs)
    log = _current.get()
    if log is None:
        return _append([fields])[0]
    log.add(fields)
    return AccessEvent(**fields)


def record_read(actor: Actor, **kwargs) -> None:
    """The read of a page about kwargs['family']: written unless the request logs an
    explicit entry about that family."""
    fields = _fields(actor, AccessAction.READ, **kwargs)
    log = _current.get()
    if log is None:
        _append([fields])
    else:
        log.add_read(fields["family_id"], _READ, fields)


def touch(user, **kwargs) -> None:
    """The user's access to kwargs['family'] was checked in this request: if nothing else
    about that family is logged, a generic read is. Outside a request it does nothing
    (commands and actions log for themselves)."""
    log = _current.get()
    if log is not None:
        fields = _fields(log.actor_for(user), AccessAction.READ, **kwargs)
        log.add_read(fields["family_id"], _TOUCHED, fields)


def _append(entries: list[dict]) -> list[AccessEvent]:
    # No savepoint: if the entries cannot be written, the whole transaction must fail.
    with transaction.atomic(savepoint=False):
        head = _locked_head()
        last_id, last_hash = head.last_id, head.last_hash
        events = []
        for fields in entries:
            last_id += 1
            fields = {**fields, "id": last_id, "prev_hash": last_hash}
            fields["hash"] = last_hash = chain.entry_hash(
                chain_key(), fields["prev_hash"], sealed_view(fields)
            )
            events.append(AccessEvent(**fields))
        AccessEvent.objects.bulk_create(events)
        head.last_id, head.last_hash = last_id, last_hash
        head.save(update_fields=["last_id", "last_hash"])
    return events


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
