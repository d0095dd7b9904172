"""Check the access-log chain in the database."""

from vangnet.audit import chain
from vangnet.audit.models import AccessEvent, AccessLogHead
from vangnet.audit.recorder import chain_key, sealed_view

_FIELDS = (*chain.SEALED_FIELDS, "prev_hash", "hash")


def _entries(chunk_size: int):
    rows = (
        AccessEvent.objects.order_by("id")
        .values_list(*_FIELDS)
        .iterator(chunk_size=chunk_size)
    )
    for row in rows:
        yield sealed_view(dict(zip(_FIELDS, row, strict=True)))


def verify_access_log(chunk_size: int = 5000) -> tuple[int, chain.ChainBreak | None]:
    head = AccessLogHead.objects.filter(pk=1).first()
    return chain.verify(
        chain_key(),
        _entries(chunk_size),
        head_id=head.last_id if head else 0,
        head_hash=head.last_hash if head else None,
    )
