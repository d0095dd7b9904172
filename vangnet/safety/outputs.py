"""The versions for the family: the parents' version of a plan version (plain language,
large type) and the child's version (Words and Pictures, the child's own safety rules and
the names of their helpers). Each as a print view and as PDF (WeasyPrint).

Reads only; the views check access and log the print or export.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vangnet.review.data import Review
from vangnet.review.engine import readability_findings
from vangnet.review.texts import present
from vangnet.safety.models import Situation
from vangnet.safety.sentences import quoted

# Plain-language headings and labels: what a parent reads (B1), not the method's terms.
PARENT_LABELS = {
    "who": _("Who"),
    "what": _("What"),
    "situation": _("When"),
    "how": _("How"),
    "fallback": _("If it still goes wrong"),
    "monitor": _("Who checks"),
    "frequency": _("How often"),
}
SITUATION_ORDER = [s.value for s in Situation]


@dataclass
class ParentItem:
    id: str
    title: str
    lines: list  # [(label, text, part)]; a line without label is a paragraph

    @property
    def has_labels(self) -> bool:
        return any(label for label, _text, _part in self.lines)


# Lines the B1 check leaves alone: names, dates, and what the family said in their own words.
NOT_CHECKED = ("phone", "target_on", "children", "disagreement")


def _disagreement_lines(item: dict) -> list:
    """Who does not agree, in their own words: said honestly in the family's own version."""
    return [
        (_("Does not agree"), f"{r['name']}: {quoted(r['text'])}", "disagreement")
        for r in item.get("disagreements") or []
        if r.get("parents_see", True) and quoted(r.get("text", ""))
    ]


def parents_version(snapshot: dict) -> dict:
    """The plan version in the order and words of a conversation with the parents.

    Parts a version made before they existed (harm statements, warning signs) are left out
    for that version instead of being shown as empty."""
    sections = snapshot.get("sections", {})
    harms = [
        ParentItem(
            h["id"],
            "",
            [
                (label, h["fields"].get(name, ""), name)
                for name, label in (
                    ("whose", _("Who")),
                    ("happened", _("What happened")),
                    ("children", _("With which child")),
                    ("how_often", _("How often")),
                    ("impact", _("What it did to the child")),
                )
                if h["fields"].get(name)
            ],
        )
        for h in sections.get("harm_statements", [])
    ]
    worries = [
        ParentItem(
            d["id"],
            "",
            [("", d["fields"].get("sentence", ""), "sentence"), *_disagreement_lines(d)],
        )
        for d in sections.get("danger_statements", [])
    ]
    goals = [
        ParentItem(
            g["id"], "", [("", g["fields"].get("text", ""), "text"), *_disagreement_lines(g)]
        )
        for g in sections.get("goals", [])
    ]
    signs = [
        ParentItem(
            w["id"],
            "",
            [
                (label, w["fields"].get(name, ""), name)
                for name, label in (("sign", _("If")), ("response", _("Then")), ("who", _("Who")))
                if w["fields"].get(name)
            ],
        )
        for w in sections.get("warning_signs", [])
    ]
    agreements = sorted(
        sections.get("agreements", []),
        key=lambda a: (
            SITUATION_ORDER.index(a.get("situation", "other"))
            if a.get("situation", "other") in SITUATION_ORDER
            else len(SITUATION_ORDER)
        ),
    )
    agreement_items = []
    for a in agreements:
        f = a["fields"]
        lines = [
            (PARENT_LABELS[name], f.get(name, ""), name)
            for name in ("who", "situation", "how", "fallback", "monitor", "frequency")
            if f.get(name)
        ]
        agreement_items.append(ParentItem(a["id"], f.get("what", ""), lines))
    helpers = [
        ParentItem(
            p["id"],
            p["fields"].get("person", ""),
            [(_("Role"), p["fields"].get("role", ""), "role")]
            + ([(_("Phone"), p["fields"]["phone"], "phone")] if p["fields"].get("phone") else []),
        )
        for p in sections.get("safety_persons", [])
    ]
    musts = [
        ParentItem(b["id"], "", [("", b["fields"].get("text", ""), "text")])
        for b in sections.get("bottom_lines", [])
    ]
    steps = [
        ParentItem(
            s["id"],
            s["fields"].get("text", ""),
            [(_("When"), s["fields"].get("target_on", ""), "target_on")],
        )
        for s in sections.get("steps", [])
    ]
    parts = [
        (_("What happened?"), harms, "harm_statements"),
        (_("What are we worried about?"), worries, ""),
        (_("What do we want to reach?"), goals, ""),
        (_("What have we agreed?"), agreement_items, ""),
        (_("What do we watch for?"), signs, "warning_signs"),
        (_("Who helps?"), helpers, ""),
        (_("What must happen in any case?"), musts, ""),
        (_("How do we go on?"), steps, ""),
    ]
    return {
        "parts": [
            (heading, items)
            for heading, items, since in parts
            if not since or since in sections  # a part newer than the version: left out
        ],
    }


def parents_readability(content: dict) -> dict:
    """B1 check of every text the parents read in their version (for the professional)."""
    findings, titles = [], {}
    for heading, items in content["parts"]:
        for item in items:
            titles[item.id] = item.title or str(heading)  # where() names the kind before it
            if item.title:
                findings += readability_findings(item.id, "title", item.title)
            for _label, text, part in item.lines:
                if part not in NOT_CHECKED:
                    findings += readability_findings(item.id, part, text)
    return present(Review(tuple(findings)), titles)


def _pdf(template: str, context: dict) -> bytes:
    from vangnet.safety.pdf import html_to_pdf

    return html_to_pdf(render_to_string(template, {**context, "printed_at": timezone.localtime()}))


def parents_pdf(family, plan_version) -> bytes:
    """The parents' version as PDF; a frozen version's is made once (safety.documents)."""
    from vangnet.safety.documents import pdf_of_version
    from vangnet.safety.models import DocumentKind
    from vangnet.safety.pdf import html_to_pdf

    context = {"family": family, "pv": plan_version, **parents_version(plan_version.snapshot)}

    def html(printed_at) -> str:
        return render_to_string("safety/parents_pdf.html", {**context, "printed_at": printed_at})

    return pdf_of_version(plan_version, DocumentKind.PARENTS, html, html_to_pdf)


def child_pdf(family, version) -> bytes:
    return _pdf("safety/child_pdf.html", {"family": family, "cv": version})
