"""A plan version as PDF (A4), made in-process by WeasyPrint from a template."""

from __future__ import annotations

from django.template.loader import render_to_string

from vangnet.safety.labels import FIELD_LABELS, SECTION_LABELS


def render_pdf(family, plan_version) -> bytes:
    """The plan version as PDF; a frozen version's is made once (vangnet.safety.documents)."""
    from vangnet.safety.documents import pdf_of_version
    from vangnet.safety.models import DocumentKind

    signoffs = list(plan_version.signoffs.all())
    distributions = list(plan_version.distributions.all())

    def html(printed_at) -> str:
        return render_to_string(
            "safety/pdf.html",
            {
                "family": family,
                "pv": plan_version,
                "snapshot": plan_version.snapshot,
                "section_labels": SECTION_LABELS,
                "field_labels": FIELD_LABELS,
                "signoffs": signoffs,
                "distributions": distributions,
                "printed_at": printed_at,
            },
        )

    return pdf_of_version(plan_version, DocumentKind.PLAN, html, html_to_pdf)


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango is only needed for a PDF

    return HTML(string=html).write_pdf()
