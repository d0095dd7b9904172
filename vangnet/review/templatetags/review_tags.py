"""{% draft_review plan %} and {% version_review plan_version %}: the plan review as a card.

On the plan page: {% plan_review plan draft_snapshot as review %} once, the summary card
{% review_summary review %}, and next to each element {% element_findings review "agreement"
a.pk %} with its words marked in place by {% marked a.what review "agreement" a.pk "what" %}.

Used on pages whose view already opened the plan (one access-log entry); these tags only
read, they do not check access or log.
"""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from vangnet.review.adapter import element_titles, review_draft, version_review
from vangnet.review.data import CRITICAL, GOOD, MAJOR
from vangnet.review.texts import present

register = template.Library()

BADGES = {CRITICAL: "badge-danger", MAJOR: "badge-warn", GOOD: "badge-ok"}
STATUS_BADGES = {"insufficient": "badge-danger", "needs_work": "badge-warn", "good": "badge-ok"}


def _context(review, snapshot, stored=None) -> dict:
    data = present(review, element_titles(snapshot))
    for f in data["findings"]:
        f["badge"] = BADGES.get(f["severity"], "")
    return {**data, "status_badge": STATUS_BADGES[data["status"]], "stored": stored}


@register.inclusion_tag("review/_review.html")
def draft_review(plan, snapshot=None):
    """snapshot: the draft's, when the page has made it already (one snapshot per page)."""
    from vangnet.safety.snapshot import draft_snapshot

    snapshot = snapshot if snapshot is not None else draft_snapshot(plan)
    return _context(review_draft(plan, snapshot), snapshot)


@register.inclusion_tag("review/_review.html")
def version_review_card(plan_version):
    result, stored = version_review(plan_version)
    return _context(result, plan_version.snapshot, stored)


def _with_anchors(data: dict) -> dict:
    """Each finding gets an anchor of its number on the page (no personal data in it) and
    the findings of an element are grouped under the element's id."""
    by_element: dict[str, list] = {}
    for number, f in enumerate(data["findings"], start=1):
        f["anchor"] = f"finding-{number}"
        if f["element"] != "plan":
            by_element.setdefault(f["element"], []).append(f)
    return {**data, "by_element": by_element, "on_page": True}


@register.simple_tag
def plan_review(plan, snapshot=None):
    """The draft's review for the plan page, each finding with an anchor, grouped by element."""
    from vangnet.safety.snapshot import draft_snapshot

    snapshot = snapshot if snapshot is not None else draft_snapshot(plan)
    return _with_anchors(_context(review_draft(plan, snapshot), snapshot))


@register.inclusion_tag("review/_review.html")
def review_summary(review):
    return review


def _findings(review, kind, pk) -> list:
    if not review:
        return []
    return review.get("by_element", {}).get(f"{kind}-{pk}", [])


@register.inclusion_tag("review/_element_findings.html")
def element_findings(review, kind, pk):
    """The findings about one element, shown next to it."""
    return {"findings": _findings(review, kind, pk)}


def _locate(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """Where the words of each span stand in the text shown: at the span's offsets when they
    hold those words, else the first place after the previous one (the page may show a
    field inside a longer sentence, as the danger statement does)."""
    found, lower = [], text.lower()
    for start, end, words in sorted(spans):
        if text[start:end] == words:
            found.append((start, end))
            continue
        at = lower.find(words.lower())
        while at >= 0:
            before = text[at - 1 : at] if at else ""
            after = text[at + len(words) : at + len(words) + 1]
            if not before.isalnum() and not after.isalnum():  # whole words only
                found.append((at, at + len(words)))
                break
            at = lower.find(words.lower(), at + 1)
    merged: list[list[int]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def _html(text: str) -> str:
    return escape(text.replace("\r\n", "\n").replace("\r", "\n")).replace("\n", "<br>")


@register.simple_tag
def marked(text, review, kind, pk, *parts):
    """The text with the words of the element's findings on these fields marked, as a
    screen reader says it too ("marked: ... end of marked words"); line breaks kept."""
    text = str(text or "")
    spans = [
        (s["start"], s["end"], s["words"])
        for f in _findings(review, kind, pk)
        if f["field"] in parts
        for s in f["spans"]
    ]
    pieces, last = [], 0
    for start, end in _locate(text, spans):
        pieces.append(_html(text[last:start]))
        pieces.append(
            f'<mark><span class="visually-hidden">{escape(_("marked:"))} </span>'
            f"{_html(text[start:end])}"
            f'<span class="visually-hidden"> {escape(_("(end of marked words)"))}</span></mark>'
        )
        last = end
    pieces.append(_html(text[last:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece is escaped above
