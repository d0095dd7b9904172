"""PDFs of frozen plan versions are made once and stored; later downloads serve the bytes.

WeasyPrint takes about a second for a normal plan (more for a long one); a distributed
version does not change, so its PDF need not be made again for every download. The HTML is
still rendered on each request (a few milliseconds): its hash names exactly what the PDF
shows, so a new distribution, a status change or another language makes a new document
instead of serving a stale one. Drafts and versions that are not frozen are made live.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.db import IntegrityError, transaction

from vangnet.safety.models import StoredDocument


def pdf_of_version(
    plan_version,
    kind: str,
    html: Callable[[object], str],
    to_pdf: Callable[[str], bytes],
    key: str | None = None,
) -> bytes:
    """html(printed_at) renders the document's HTML; printed_at None for the key.

    key, when given, names the document instead of its HTML: the family's documents are
    named by what they were made from (the frozen snapshot, the language, the child), so
    the copy the family took home is served again as it was, also after the templates
    changed (safety.outputs.family_pdf)."""
    if not plan_version.frozen:
        return to_pdf(html(_now()))
    if key is None:
        key = hashlib.sha256(html(None).encode()).hexdigest()
    stored = (
        StoredDocument.objects.filter(plan_version=plan_version, kind=kind, content_key=key)
        .values_list("pdf", "sha256")
        .first()
    )
    if stored is not None:
        pdf = bytes(stored[0])
        if hashlib.sha256(pdf).hexdigest() == stored[1]:
            return pdf
    pdf = to_pdf(html(_now()))
    _store(plan_version, kind, key, pdf)
    return pdf


def _store(plan_version, kind: str, key: str, pdf: bytes) -> None:
    try:
        with transaction.atomic():  # another request may have stored it meanwhile
            StoredDocument.objects.filter(
                plan_version=plan_version, kind=kind, content_key=key
            ).delete()  # a stored copy that failed its check is replaced
            StoredDocument.objects.create(
                plan_version=plan_version,
                kind=kind,
                content_key=key,
                pdf=pdf,
                sha256=hashlib.sha256(pdf).hexdigest(),
                size=len(pdf),
            )
    except IntegrityError:
        pass


def _now():
    from django.utils import timezone

    return timezone.localtime()
