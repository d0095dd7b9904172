"""The access-log hash chain: pure functions, no Django.

Every entry's hash is an HMAC over its own fields and the previous entry's hash, so
changing, removing or reordering any entry breaks every hash after it.
"""

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


# One encoder for all entries: json.dumps() with options builds a new one on every call.
_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), default=str)


def canonical(entry: Mapping) -> bytes:
    return _ENCODER.encode({name: entry.get(name) for name in SEALED_FIELDS}).encode()


def entry_hash(key: bytes, prev_hash: str, entry: Mapping) -> str:
    return hmac.digest(key, prev_hash.encode() + b"|" + canonical(entry), "sha256").hex()


@dataclass(frozen=True)
class ChainBreak:
    entry_id: int | None
    reason: str


@dataclass(frozen=True)
class Segment:
    """What verify_segment saw of a run of entries: enough to join runs end to end."""

    first_id: int
    last_id: int  # first_id - 1 when the run was empty
    first_prev_hash: str | None  # the prev_hash the first entry claims
    last_hash: str | None
    count: int
    broken: ChainBreak | None


def verify_segment(key: bytes, entries: Iterable[Mapping], *, first_id: int) -> Segment:
    """Check a run of entries that should start at first_id: ids without gaps, each
    entry linked to the one before and sealed with the key. The link of the first entry to
    what came before is left to the caller (join_segments), so runs can be checked apart."""
    expected_id = first_id
    prev = None
    first_prev = None
    count = 0
    for entry in entries:
        count += 1
        entry_id = entry["id"]
        if entry_id != expected_id:
            if entry_id > expected_id:
                broken = ChainBreak(expected_id, f"entry {expected_id} is missing")
            else:
                broken = ChainBreak(entry_id, f"entry {entry_id} is out of order")
            return Segment(first_id, expected_id - 1, first_prev, prev, count, broken)
        if prev is None:
            first_prev = prev = entry["prev_hash"]
        if entry["prev_hash"] != prev:
            broken = ChainBreak(entry_id, f"entry {entry_id} does not link to its predecessor")
            return Segment(first_id, entry_id - 1, first_prev, prev, count, broken)
        if not hmac.compare_digest(entry_hash(key, prev, entry), entry["hash"]):
            broken = ChainBreak(entry_id, f"entry {entry_id} was altered")
            return Segment(first_id, entry_id - 1, first_prev, prev, count, broken)
        prev = entry["hash"]
        expected_id += 1
    return Segment(first_id, expected_id - 1, first_prev, prev, count, None)


def join_segments(
    segments: Iterable[Segment], *, start_hash: str
) -> tuple[int, int, str, ChainBreak | None]:
    """Join runs checked apart (in id order): each must begin where the previous ended.
    Returns (count, last id, last hash, first break)."""
    prev = start_hash
    last_id = None
    count = 0
    for segment in segments:
        count += segment.count
        if last_id is None:
            last_id = segment.first_id - 1
        if segment.first_prev_hash is not None and segment.first_prev_hash != prev:
            entry_id = segment.first_id
            return (
                count,
                last_id,
                prev,
                ChainBreak(entry_id, f"entry {entry_id} does not link to its predecessor"),
            )
        if segment.broken is not None:
            return count, last_id, prev, segment.broken
        if segment.last_hash is not None:
            prev = segment.last_hash
            last_id = segment.last_id
        elif segment.last_id >= segment.first_id:
            raise ValueError("a segment with entries has a last hash")
        else:
            # An empty run where entries were expected ends the chain there.
            break
    return count, last_id or 0, prev, None


def verify(
    key: bytes,
    entries: Iterable[Mapping],
    *,
    head_id: int | None,
    head_hash: str | None,
    start_id: int = 0,
    start_hash: str = GENESIS_HASH,
) -> tuple[int, ChainBreak | None]:
    """Check entries (ordered by id, from start_id + 1) against the chain and its head;
    return (count, first break). start_id/start_hash: a checkpoint verified before."""
    segment = verify_segment(key, entries, first_id=start_id + 1)
    return check_head([segment], start_hash=start_hash, head_id=head_id, head_hash=head_hash)


def check_head(
    segments: Iterable[Segment], *, start_hash: str, head_id: int | None, head_hash: str | None
) -> tuple[int, ChainBreak | None]:
    """Join the segments and compare where they end with the chain head."""
    count, last_id, prev, broken = join_segments(segments, start_hash=start_hash)
    if broken is not None:
        return count, broken
    if (head_id or 0) != last_id:
        if (head_id or 0) > last_id:
            return count, ChainBreak(last_id + 1, f"entries after {last_id} are missing")
        return count, ChainBreak(head_id, "the chain head does not match the last entry")
    if head_hash is not None and last_id and head_hash != prev:
        return count, ChainBreak(last_id, f"entry {last_id} does not match the chain head")
    return count, None
