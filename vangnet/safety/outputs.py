"""The versions for the family: the parents' version of a plan version (plain language,
large type) and the child's version (Words and Pictures, the child's own safety rules and
the names of their helpers). Each as a print view and as PDF (WeasyPrint).

Both are made from a plan version's snapshot (safety.snapshot), never from the rows of the
draft: what the family took home stays what it was. The draft's print preview is made the
same way from the draft's snapshot, marked "Concept". Each element shows its text in plain
language where the family wrote one, and is marked "not yet in plain language" where not;
people are called as the family calls them. Older snapshots (before format 3) lack those
keys: their professional texts are shown, marked, and names without the role in brackets.

Reads only; the views check access and log the print or export.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from vangnet.review.data import Review
from vangnet.review.engine import readability_findings
from vangnet.review.texts import present
from vangnet.safety.models import Situation
from vangnet.safety.pictograms import situation_pictogram
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
    not_plain: bool = False  # no text in plain language yet: the professional one is shown
    situation: str = ""  # agreements: the moment of the day they are grouped by
    situation_label: str = ""
    pictogram: str = ""  # inline SVG for the first agreement of each moment

    @property
    def has_labels(self) -> bool:
        return any(label for label, _text, _part in self.lines)


# Lines the B1 check leaves alone: names, phone numbers, dates, and what the family said in
# their own words.
NOT_CHECKED = ("phone", "target_on", "children", "disagreement", "who", "monitor", "name")

_BRACKETS = re.compile(r"\s*\([^()]*\)")


def without_roles(text: str) -> str:
    """ "Wilhelmina Appelboom (oma (moederszijde), voogd)" -> "Wilhelmina Appelboom": what an
    older snapshot wrote, without the role in brackets."""
    while True:
        shorter = _BRACKETS.sub("", text)
        if shorter == text:
            return text.strip()
        text = shorter


class Names:
    """How a document calls the people of the snapshot: the child's or the parents' name."""

    def __init__(self, snapshot: dict, audience: str):
        self.rows = snapshot.get("names") or {}
        self.audience = audience

    def __call__(self, key: str, fallback: str = "") -> str:
        row = self.rows.get(key or "")
        if row:
            return row.get(self.audience) or row.get("first_name") or row.get("name", "")
        return without_roles(fallback)

    def many(self, keys, fallback: str = "") -> str:
        if keys is None:  # an older snapshot: only the text
            return ", ".join(without_roles(x) for x in _split_names(fallback))
        return ", ".join(self(k) for k in keys if self(k))

    def phone(self, key: str) -> str:
        return (self.rows.get(key or "") or {}).get("phone", "")


def _split_names(text: str) -> list[str]:
    """ "A (x, y), B" -> ["A (x, y)", "B"]: commas inside brackets do not split."""
    parts, depth, current = [], 0, ""
    for ch in text or "":
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return [p.strip() for p in parts if p.strip()]


def _disagreement_lines(item: dict, names: Names | None = None) -> list:
    """Who does not agree, in their own words: said honestly in the family's own version."""
    names = names or Names({}, "parents")
    return [
        (
            _("Does not agree"),
            f"{names(r.get('person'), r['name'])}: {quoted(r['text'])}",
            "disagreement",
        )
        for r in item.get("disagreements") or []
        if r.get("parents_see", True) and quoted(r.get("text", ""))
    ]


def _plain_or(fields: dict, lines: list) -> tuple[list, bool]:
    """The element's text in plain language where the family wrote one (one paragraph, in
    place of the professional lines), else the professional lines, marked as not plain."""
    plain = (fields.get("plain") or "").strip()
    if plain:
        return [("", plain, "plain")], False
    return lines, True


# The moments of the day as a parent would name them (the plan's own labels, such as
# "Stress or trigger", are the professional's words).
PARENT_SITUATION_LABELS = {
    "morning": _("In the morning"),
    "school": _("School"),
    "after_school": _("After school"),
    "evening": _("In the evening"),
    "night": _("At night"),
    "weekend": _("At the weekend"),
    "contact": _("Visits and contact"),
    "stress": _("When things get tense"),
    "other": _("Other agreements"),
}


def _situation(item: dict) -> str:
    value = item.get("situation", "other")
    return value if value in SITUATION_ORDER else "other"


def parents_version(snapshot: dict) -> dict:
    """The plan version in the order and words of a conversation with the parents.

    Parts a version made before they existed (harm statements, warning signs) are left out
    for that version instead of being shown as empty."""
    sections = snapshot.get("sections", {})
    names = Names(snapshot, "parents")
    harms = []
    for h in sections.get("harm_statements", []):
        lines, not_plain = _plain_or(
            h["fields"],
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
        harms.append(ParentItem(h["id"], "", lines, not_plain))
    worries = []
    for d in sections.get("danger_statements", []):
        lines, not_plain = _plain_or(
            d["fields"], [("", d["fields"].get("sentence", ""), "sentence")]
        )
        worries.append(ParentItem(d["id"], "", [*lines, *_disagreement_lines(d, names)], not_plain))
    goals = []
    for g in sections.get("goals", []):
        lines, not_plain = _plain_or(g["fields"], [("", g["fields"].get("text", ""), "text")])
        goals.append(ParentItem(g["id"], "", [*lines, *_disagreement_lines(g, names)], not_plain))
    signs = []
    for w in sections.get("warning_signs", []):
        f = w["fields"]
        lines, not_plain = _plain_or(
            f,
            [
                (label, f.get(name, ""), name)
                for name, label in (("sign", _("If")), ("response", _("Then")))
                if f.get(name)
            ],
        )
        who = names.many(w.get("who"), f.get("who", ""))
        signs.append(
            ParentItem(w["id"], "", lines + ([(_("Who"), who, "who")] if who else []), not_plain)
        )
    agreements = sorted(
        sections.get("agreements", []), key=lambda a: SITUATION_ORDER.index(_situation(a))
    )
    agreement_items = []
    for a in agreements:
        f = a["fields"]
        plain = (f.get("plain") or "").strip()
        who = names.many(a.get("who"), f.get("who", ""))
        monitor = names(a.get("monitor"), f.get("monitor", ""))
        if a.get("handover"):
            monitor = _("%(person)s from %(date)s") % {
                "person": names(a["handover"]),
                "date": a.get("handover_on", ""),
            }
        values = {"who": who, "monitor": monitor}
        if "when" in a:  # format 3: the moment is the group's heading, the words stay
            values["situation"] = a["when"]
        else:
            values["situation"] = f.get("situation", "")
        names_kept = ("who", "situation", "monitor", "frequency")
        shown = (
            names_kept if plain else ("who", "situation", "how", "fallback", "monitor", "frequency")
        )
        lines = [
            (PARENT_LABELS[name], values.get(name, f.get(name, "")), name)
            for name in shown
            if values.get(name, f.get(name, ""))
        ]
        situation = _situation(a)
        if plain:  # the family's words as a paragraph, the names and moments beside it
            lines = [("", plain, "plain"), *lines]
        agreement_items.append(
            ParentItem(
                a["id"],
                "" if plain else f.get("what", ""),
                lines,
                not plain,
                situation,
                str(PARENT_SITUATION_LABELS[situation]),
                situation_pictogram(situation),
            )
        )
    helpers = []
    for p in sections.get("safety_persons", []):
        f = p["fields"]
        lines, not_plain = _plain_or(f, [("", f.get("role", ""), "role")])
        phone = names.phone(p.get("person")) or f.get("phone", "")
        helpers.append(
            ParentItem(
                p["id"],
                names(p.get("person"), f.get("person", "")),
                lines + ([(_("Phone"), phone, "phone")] if phone else []),
                not_plain,
            )
        )
    musts = []
    for b in sections.get("bottom_lines", []):
        lines, not_plain = _plain_or(b["fields"], [("", b["fields"].get("text", ""), "text")])
        musts.append(ParentItem(b["id"], "", lines, not_plain))
    steps = []
    for s in sections.get("steps", []):
        f = s["fields"]
        plain = (f.get("plain") or "").strip()
        steps.append(
            ParentItem(
                s["id"],
                plain or f.get("text", ""),
                [(_("When"), f.get("target_on", ""), "target_on")],
                not plain,
            )
        )
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
        "phones": _phones(sections, names),
    }


def _phones(sections: dict, names: Names) -> list[tuple[str, str]]:
    """The phone numbers the family needs, on the first page: the safety persons first,
    then everyone else the agreements and warning signs name (once each)."""
    result: dict[str, tuple[str, str]] = {}
    for p in sections.get("safety_persons", []):
        phone = names.phone(p.get("person")) or p["fields"].get("phone", "")
        if phone:
            name = names(p.get("person"), p["fields"].get("person", ""))
            result.setdefault(p.get("person") or name, (name, phone))
    keys = []
    for a in sections.get("agreements", []):
        keys += [*(a.get("who") or []), a.get("monitor", ""), a.get("handover", "")]
    for w in sections.get("warning_signs", []):
        keys += w.get("who") or []
    for key in keys:
        if key and names.phone(key) and names.rows[key].get("kind") != "child":
            result.setdefault(key, (names(key), names.phone(key)))
    return list(result.values())


def parents_readability(content: dict) -> dict:
    """B1 check of every text the parents read in their version (for the professional)."""
    findings, titles = [], {}
    for heading, items in content["parts"]:
        for item in items:
            titles[item.id] = item.title or str(heading)  # where() names the kind before it
            if item.title and not item.id.startswith("safety-person-"):  # a name
                findings += readability_findings(item.id, "title", item.title)
            for _label, text, part in item.lines:
                if part not in NOT_CHECKED:
                    findings += readability_findings(item.id, part, text)
    return present(Review(tuple(findings)), titles)


# The child's version ---------------------------------------------------------------------------


@dataclass
class ChildDocument:
    """The child's version as a snapshot holds it (see safety.snapshot, "children")."""

    child_pk: int
    name: str  # the child's first name
    stories: list  # [(title, approved, [PageView])]
    rules: list
    signs: list
    helpers: list  # [(name as the child calls them, phone)]
    kept: bool = True  # False: a version made before the child's part was kept with it
    concept: bool = False
    pending: list = field(default_factory=list)  # titles of stories not approved then

    @property
    def approved(self) -> bool:
        return bool(self.stories) and all(ok for _t, ok, _p in self.stories)

    @property
    def child(self):  # what the templates used to get
        return self


def child_document(snapshot: dict, child, *, concept: bool = False) -> ChildDocument:
    """The child's version of a snapshot. A frozen version shows the stories a parent had
    approved then; the draft's preview (concept) shows every story, marked."""
    from vangnet.safety.child import frozen_page_views

    key = f"person-{child.pk}"
    names = Names(snapshot, "child")
    part = next((c for c in snapshot.get("children") or [] if c.get("key") == key), None)
    if part is None:  # before format 3: only what the plan's sections say
        helpers = [
            (names(p.get("person"), p["fields"].get("person", "")), p["fields"].get("phone", ""))
            for p in snapshot.get("sections", {}).get("safety_persons", [])
            if p.get("confirmed", True)
        ]
        return ChildDocument(child.pk, child.first_name, [], [], [], helpers, False, concept)
    stories, pending = [], []
    for story in part["stories"]:
        if story["approved"] or concept:
            stories.append((story["title"], story["approved"], frozen_page_views(story["pages"])))
        else:
            pending.append(story["title"])
    return ChildDocument(
        child.pk,
        (names.rows.get(key) or {}).get("first_name") or child.first_name,
        stories,
        list(part["rules"]),
        list(part["signs"]),
        [(names(k), names.phone(k)) for k in part["helpers"]],
        True,
        concept,
        pending,
    )


# PDFs ------------------------------------------------------------------------------------------


def family_pdf(template: str, plan_version, kind: str, context: dict, child_pk=None) -> bytes:
    """A family document as PDF; a frozen version's is made once and then served as stored
    (safety.documents), without a version (the draft's preview) it is made each time.

    The stored copy is named by what it is made from - the version's frozen snapshot, the
    language, the child - not by its HTML: what the family took home never changes, not
    even when the templates do. A draft added to later makes no difference to it."""
    from vangnet.safety.documents import pdf_of_version
    from vangnet.safety.pdf import html_to_pdf

    def html(printed_at) -> str:
        return render_to_string(template, {**context, "printed_at": printed_at})

    if plan_version is None:
        return html_to_pdf(html(timezone.localtime()))
    made_from = [kind, translation.get_language(), child_pk, plan_version.snapshot]
    payload = json.dumps(made_from, sort_keys=True, ensure_ascii=False, default=str)
    key = hashlib.sha256(payload.encode()).hexdigest()
    return pdf_of_version(plan_version, kind, html, html_to_pdf, key=key)


def is_concept(plan_version) -> bool:
    """A version still waiting for its sign-off is a concept too."""
    return plan_version is None or plan_version.status == "draft"


def parents_pdf(family, plan_version, snapshot: dict | None = None) -> bytes:
    """The parents' version as PDF: of a plan version, or (snapshot, no version) the draft."""
    from vangnet.safety.models import DocumentKind

    context = {
        "family": family,
        "pv": plan_version,
        "concept": is_concept(plan_version),
        **parents_version(snapshot if plan_version is None else plan_version.snapshot),
    }
    return family_pdf("safety/parents_pdf.html", plan_version, DocumentKind.PARENTS, context)


def child_pdf(family, document: ChildDocument, plan_version=None) -> bytes:
    from vangnet.safety.models import DocumentKind

    context = {"family": family, "cv": document, "pv": plan_version}
    return family_pdf(
        "safety/child_pdf.html", plan_version, DocumentKind.CHILD, context, document.child_pk
    )
