"""A plan version as PDF (A4), made in-process by WeasyPrint from a template.

The layout is right by construction: each field is one table row (label and value in the
same row, so they cannot drift apart), a heading is the item's text written out in full
(never cut, it wraps), no row is split across pages and a heading stays with what follows.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from vangnet.safety.labels import FIELD_LABELS, SECTION_LABELS
from vangnet.safety.sentences import quoted

TITLE_CUT = 80  # snapshots store a title as the first 80 characters of the item's text


def _full_heading(title: str, fields: dict) -> tuple[str, str]:
    """The heading in full and the field it was cut from ("" if none): a title that is the
    field itself, or the field cut at TITLE_CUT, is printed as the whole field, once."""
    for name, value in fields.items():
        if not isinstance(value, str) or not title:
            continue
        if value == title or (len(title) >= TITLE_CUT and value.startswith(title)):
            return value, name
    return title, ""


def _disagreement_value(rows: list[dict]) -> str:
    """Who does not agree, each in their own words with exactly one pair of quotes (as
    snapshot.disagreement_text says it, built again so that a frozen version prints it
    right too)."""
    hidden = " (" + _("not in the parents' version") + ")"
    lines = []
    for r in rows:
        words = quoted(r.get("text", ""))
        if not words:  # nothing said: no name with an empty quote after it
            continue
        who = f"{r.get('name', '')} ({r['said_on']})" if r.get("said_on") else r.get("name", "")
        lines.append(f"{who}: {words}" + ("" if r.get("parents_see", True) else hidden))
    return "\n".join(lines)


def _belongs_to(value: str, target: str, agreements: dict[str, str]) -> str:
    """ "Safety agreement 2: <what cut at 80>" with the agreement's text in full."""
    what = agreements.get(target)
    head, sep, cut = value.partition(": ")
    if what and sep and what.startswith(cut):
        return f"{head}: {what}"
    return value


def pdf_sections(snapshot: dict) -> list[dict]:
    """The snapshot's sections as the PDF prints them: per item the heading in full and
    the rows (label, value) besides it, empty fields left out."""
    sections = snapshot.get("sections", {})
    agreements = {a["id"]: a["fields"].get("what", "") for a in sections.get("agreements", [])}
    result = []
    for section, items in sections.items():
        printed = []
        for number, item in enumerate(items, start=1):
            fields = item.get("fields", {})
            heading, used = _full_heading(item.get("title", ""), fields)
            if section == "warning_signs":  # the sign stays in its "If" row, beside "Then"
                heading, used = f"{_('Warning sign')} {number}", ""
            if section == "agreements":  # numbered, the agreement's text in full
                if fields.get("what"):
                    heading, used = fields["what"], "what"
                heading = f"{number}. {heading}"
            rows = []
            for name, value in fields.items():
                if name == used:
                    continue
                if name == "disagreement" and item.get("disagreements"):
                    value = _disagreement_value(item["disagreements"])
                if name == "belongs_to":
                    value = _belongs_to(value, item.get("belongs_to", ""), agreements)
                if value:
                    rows.append((FIELD_LABELS.get(name, name), value))
            printed.append({"heading": heading, "rows": rows})
        result.append(
            {"name": section, "label": SECTION_LABELS.get(section, section), "items": printed}
        )
    return result


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
                "sections": pdf_sections(plan_version.snapshot),
                "signoffs": signoffs,
                "distributions": distributions,
                "printed_at": printed_at,
            },
        )

    return pdf_of_version(plan_version, DocumentKind.PLAN, html, html_to_pdf)


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango is only needed for a PDF

    return HTML(string=html).write_pdf()
