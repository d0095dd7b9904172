"""Check the access-log chain in the database."""

import json
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC

from django.db import connections
from django.db.models import Subquery
from django.db.models.functions import Coalesce

from vangnet.audit import chain
from vangnet.audit.models import AccessEvent, AccessLogHead
from vangnet.audit.recorder import chain_key, sealed_view

_FIELDS = (*chain.SEALED_FIELDS, "prev_hash", "hash")
# Below this many entries a second process costs more than it saves.
PARALLEL_FROM = 200_000


def _entries(chunk_size: int, first_id: int, last_id: int):
    """The entries first_id..last_id as the chain sealed them, read in id batches.

    Plain SQL instead of the ORM: Django's per-value converters cost more than the hashing
    itself on millions of rows. The few values the drivers return differently are
    normalised here exactly as recorder.sealed_view sees them (a test holds the two equal
    on both databases).
    """
    table = AccessEvent._meta.db_table
    columns = ", ".join(AccessEvent._meta.get_field(name).column for name in _FIELDS)
    sql = (
        f"SELECT {columns} FROM {table} WHERE id >= %s AND id <= %s "  # noqa: S608 - names from the model
        "ORDER BY id LIMIT %s"
    )
    connection = connections[AccessEvent.objects.db]
    after = first_id
    while after <= last_id:
        with connection.cursor() as cursor:
            cursor.execute(sql, [after, last_id, chunk_size])
            rows = cursor.fetchall()
        if not rows:
            return
        for row in rows:
            entry = dict(zip(_FIELDS, row, strict=True))
            entry["occurred_at"] = _sealed_time(entry["occurred_at"])
            ip = entry["ip_address"]
            entry["ip_address"] = str(ip) if ip else None
            entry["emergency"] = bool(entry["emergency"])
            if isinstance(entry["details"], str):
                entry["details"] = json.loads(entry["details"])
            yield entry
        after = rows[-1][0] + 1


def _sealed_time(value) -> str:
    """occurred_at as sealed: ISO 8601 in UTC with microseconds. SQLite's driver gives
    Django's stored UTC as a naive datetime, PostgreSQL's an aware one."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def _entries_via_orm(first_id: int, last_id: int):
    """The reference reading through the ORM (tests compare _entries with it)."""
    rows = AccessEvent.objects.filter(id__gte=first_id, id__lte=last_id).order_by("id")
    for row in rows.values_list(*_FIELDS):
        yield sealed_view(dict(zip(_FIELDS, row, strict=True)))


def _verify_range(bounds: tuple[int, int, int]) -> chain.Segment:
    first_id, last_id, chunk_size = bounds
    return chain.verify_segment(
        chain_key(), _entries(chunk_size, first_id, last_id), first_id=first_id
    )


def _ranges(first_id: int, last_id: int, parts: int) -> list[tuple[int, int]]:
    total = last_id - first_id + 1
    if total <= 0:
        return [(first_id, last_id)]
    size = -(-total // parts)
    return [(a, min(a + size - 1, last_id)) for a in range(first_id, last_id + 1, size)]


def verify_access_log(
    chunk_size: int = 5000,
    *,
    since: tuple[int, str] | None = None,
    workers: int | None = None,
    retained_from: tuple[int, str] | None = None,
) -> tuple[int, chain.ChainBreak | None]:
    """Check the chain from the start, or from a checkpoint verified before (since).

    The id range is cut into parts checked side by side in separate processes (each with
    its own database connection) and joined end to end: every entry must link to the one
    before, across the cuts too. workers: processes (default: one per CPU, one for small
    logs).
    """
    # The head is read first and the entries are read up to it: entries that other
    # requests append while a long check runs are not mistaken for a broken chain.
    # (The head and its entries are written in one transaction, so every id up to the
    # head is committed when the head is.)
    head = AccessLogHead.objects.filter(pk=1).first()
    head_id = head.last_id if head else 0
    # retained_from: the newest entry of months removed after their retention (partitions):
    # it is gone, so the first entry kept must link to the hash recorded when removing.
    start_id, start_hash = since or retained_from or (0, chain.GENESIS_HASH)
    if since is not None:
        broken = check_checkpoints([since])
        if broken is not None:
            return 0, broken
    if workers is None:
        workers = os.cpu_count() or 1 if head_id - start_id >= PARALLEL_FROM else 1
    ranges = [(a, b, chunk_size) for a, b in _ranges(start_id + 1, head_id, max(1, workers))]
    if len(ranges) > 1:
        connections.close_all()  # each process opens its own
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(len(ranges), mp_context=context) as pool:
            segments = list(pool.map(_verify_range, ranges))
    else:
        segments = [_verify_range(ranges[0])]
    count, broken = chain.check_head(
        segments,
        start_hash=start_hash,
        head_id=head_id,
        head_hash=head.last_hash if head else None,
    )
    if broken is None:
        broken = _entry_beyond_head()
    return count, broken


def _entry_beyond_head() -> chain.ChainBreak | None:
    """An entry past the head that was not appended through the recorder (one statement,
    so head and entries are seen at the same moment)."""
    head_id = Coalesce(Subquery(AccessLogHead.objects.filter(pk=1).values("last_id")), 0)
    stray = (
        AccessEvent.objects.filter(id__gt=head_id)
        .order_by("id")
        .values_list("id", flat=True)
        .first()
    )
    if stray is None:
        return None
    return chain.ChainBreak(stray, f"entry {stray} lies beyond the chain head")


def current_checkpoint() -> tuple[int, str]:
    """The chain head as a checkpoint (id, hash) to keep outside the database."""
    head = AccessLogHead.objects.filter(pk=1).first()
    return (head.last_id, head.last_hash) if head else (0, chain.GENESIS_HASH)


def check_checkpoints(checkpoints: list[tuple[int, str]]) -> chain.ChainBreak | None:
    """Checkpoints kept elsewhere must still be in the chain.

    Someone with write access to the database could cut entries off the end and rewrite
    the head so that the chain verifies; a checkpoint stored outside the database (syslog,
    write-once storage) exposes that: its entry is gone or has another hash.
    """
    for entry_id, expected in checkpoints:
        if entry_id == 0:
            continue
        found = AccessEvent.objects.filter(id=entry_id).values_list("hash", flat=True).first()
        if found is None:
            return chain.ChainBreak(entry_id, f"checkpoint entry {entry_id} is missing")
        if found != expected:
            return chain.ChainBreak(entry_id, f"checkpoint entry {entry_id} has another hash")
    return None
