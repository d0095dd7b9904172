"""A plan version as PDF (A4), made in-process by WeasyPrint from a template."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from vangnet.safety.labels import FIELD_LABELS, SECTION_LABELS


def render_pdf(family, plan_version) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango is only needed for a PDF

    html = render_to_string(
        "safety/pdf.html",
        {
            "family": family,
            "pv": plan_version,
            "snapshot": plan_version.snapshot,
            "section_labels": SECTION_LABELS,
            "field_labels": FIELD_LABELS,
            "signoffs": list(plan_version.signoffs.all()),
            "distributions": list(plan_version.distributions.all()),
            "printed_at": timezone.localtime(),
        },
    )
    return HTML(string=html).write_pdf()
