"""The access-log hash chain: pure functions, no Django.

Every entry's hash is an HMAC over its own fields and the previous entry's hash, so
changing, removing or reordering any entry breaks every hash after it.
"""

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

GENESIS_HASH = "0" * 64

# The fields that are sealed, in a fixed order. Adding a field means a new chain version.
SEALED_FIELDS = (
    "id",
    "occurred_at",
    "user_id",
    "username",
    "acting_for",
    "family_id",
    "family_ref",
    "person_id",
    "action",
    "object_type",
    "object_id",
    "part",
    "basis",
    "purpose",
    "channel",
    "ip_address",
    "user_agent",
    "emergency",
    "details",
)


def canonical(entry: Mapping) -> bytes:
    payload = {name: entry.get(name) for name in SEALED_FIELDS}
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str).encode()


def entry_hash(key: bytes, prev_hash: str, entry: Mapping) -> str:
    return hmac.new(key, prev_hash.encode() + b"|" + canonical(entry), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    entry_id: int | None
    reason: str


def verify(
    key: bytes,
    entries: Iterable[Mapping],
    *,
    head_id: int | None,
    head_hash: str | None,
) -> tuple[int, ChainBreak | None]:
    """Check entries (ordered by id) against the chain; return (count, first break)."""
    expected_id = 1
    prev = GENESIS_HASH
    count = 0
    for entry in entries:
        count += 1
        entry_id = entry["id"]
        if entry_id != expected_id:
            if entry_id > expected_id:
                return count, ChainBreak(expected_id, f"entry {expected_id} is missing")
            return count, ChainBreak(entry_id, f"entry {entry_id} is out of order")
        if entry["prev_hash"] != prev:
            return count, ChainBreak(entry_id, f"entry {entry_id} does not link to its predecessor")
        if not hmac.compare_digest(entry_hash(key, prev, entry), entry["hash"]):
            return count, ChainBreak(entry_id, f"entry {entry_id} was altered")
        prev = entry["hash"]
        expected_id += 1
    last_id = expected_id - 1
    if (head_id or 0) != last_id:
        if (head_id or 0) > last_id:
            return count, ChainBreak(last_id + 1, f"entries after {last_id} are missing")
        return count, ChainBreak(head_id, "the chain head does not match the last entry")
    if head_hash is not None and last_id and head_hash != prev:
        return count, ChainBreak(last_id, f"entry {last_id} does not match the chain head")
    return count, None
