"""{% draft_review plan %} and {% version_review plan_version %}: the plan review as a card.

Used on pages whose view already opened the plan (one access-log entry); these tags only
read, they do not check access or log.
"""

from django import template

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
