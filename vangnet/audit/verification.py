"""Check the access-log chain in the database."""

from django.db.models import Subquery
from django.db.models.functions import Coalesce

from vangnet.audit import chain
from vangnet.audit.models import AccessEvent, AccessLogHead
from vangnet.audit.recorder import chain_key, sealed_view

_FIELDS = (*chain.SEALED_FIELDS, "prev_hash", "hash")


def _entries(chunk_size: int, up_to: int | None):
    events = AccessEvent.objects.all()
    if up_to is not None:
        events = events.filter(id__lte=up_to)
    rows = events.order_by("id").values_list(*_FIELDS).iterator(chunk_size=chunk_size)
    for row in rows:
        yield sealed_view(dict(zip(_FIELDS, row, strict=True)))


def verify_access_log(chunk_size: int = 5000) -> tuple[int, chain.ChainBreak | None]:
    # The head is read first and the entries are read up to it: entries that other
    # requests append while a long check runs are not mistaken for a broken chain.
    # (The head and its entry are written in one transaction, so every id up to the
    # head is committed when the head is.)
    head = AccessLogHead.objects.filter(pk=1).first()
    count, broken = chain.verify(
        chain_key(),
        _entries(chunk_size, head.last_id if head else None),
        head_id=head.last_id if head else 0,
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
