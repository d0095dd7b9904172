"""From a safety-plan snapshot (a version's JSON, or the draft's made by the same builder,
vangnet.safety.snapshot.draft_snapshot) to the plain PlanData the review rules read.

The snapshot stores texts as the document reads, in Dutch; the Dutch labels are turned back
into keys here. No access check and no access-log entry here: callers have opened the plan.
"""

from __future__ import annotations

import re

from django.core.cache import cache
from django.db.models import Count, Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vangnet.review.data import (
    AgreementData,
    ChildData,
    DangerData,
    Finding,
    GoalData,
    HarmData,
    MappingData,
    PlanData,
    Review,
    WarningSignData,
)
from vangnet.review.engine import review
from vangnet.safety.models import Contributor, MappingCategory
from vangnet.safety.rules import DEFAULT_SAFETY_PERSONS

_YEAR = re.compile(r"\b\d{4}\b")


def _danger_pattern() -> re.Pattern:
    """The Dutch danger sentence (vangnet.safety.sentences) as a pattern with named parts."""
    with translation.override("nl"):
        parts = [
            _("We are worried about what %(whose)s does: %(behaviour)s, when %(situations)s."),
            _("For %(children)s this means: %(impact)s."),
            _("If nothing changes, we fear that %(fear)s."),
        ]
    pattern = re.escape(" ".join(parts))
    for name in ("whose", "behaviour", "situations", "children", "impact", "fear"):
        pattern = pattern.replace(re.escape(f"%({name})s"), f"(?P<{name}>.*?)")
    return re.compile(pattern + r"$", re.DOTALL)


def _split_names(text: str) -> tuple[str, ...]:
    with translation.override("nl"):
        text = text.replace(_("%(first)s and %(last)s") % {"first": "", "last": ""}, ", ")
    return tuple(n.strip() for n in text.split(",") if n.strip())


def _danger(item: dict, pattern: re.Pattern) -> DangerData:
    sentence = item["fields"].get("sentence", "")
    harms = tuple(item.get("harm_ids") or ())  # format 1 snapshots have none
    plain = item["fields"].get("plain", "")
    match = pattern.match(sentence)
    if not match:
        return DangerData(item["id"], sentence, harms=harms, plain=plain)
    with translation.override("nl"):
        default_children = _("the children")
    children = match["children"]
    return DangerData(
        item["id"],
        sentence,
        whose=match["whose"],
        behaviour=match["behaviour"],
        children=() if children == default_children else _split_names(children),
        impact=match["impact"],
        fear=match["fear"],
        harms=harms,
        plain=plain,
    )


def _harm(item: dict) -> HarmData:
    f = item["fields"]
    return HarmData(
        item["id"],
        whose=f.get("whose", ""),
        what=f.get("happened", ""),
        children=tuple(n.strip() for n in f.get("children", "").split(",") if n.strip()),
        how_often=f.get("how_often", ""),
        impact=f.get("impact", ""),
        plain=f.get("plain", ""),
    )


def _goal(item: dict) -> GoalData:
    f = item["fields"]
    return GoalData(
        item["id"],
        f.get("text", ""),
        bool(f.get("parents_agreed_on")),
        bool(f.get("professionals_agreed_on")),
        disputed_by=tuple(
            (r.get("name", ""), r.get("kind", "")) for r in item.get("disagreements") or ()
        ),
        plain=f.get("plain", ""),
    )


def _warning_signs(sections: dict) -> tuple[WarningSignData, ...] | None:
    if "warning_signs" not in sections:  # a version made before warning signs existed
        return None
    return tuple(
        WarningSignData(
            w["id"],
            w.get("belongs_to", ""),
            w["fields"].get("sign", ""),
            w["fields"].get("response", ""),
            plain=w["fields"].get("plain", ""),
        )
        for w in sections["warning_signs"]
    )


def _labels(choices) -> dict[str, str]:
    with translation.override("nl"):
        return {str(label): key for key, label in choices.choices}


def _agreement(item: dict, professionals: set[str]) -> AgreementData:
    f = item["fields"]
    situation_text = f.get("situation", "")
    when = situation_text.split(": ", 1)[1] if ": " in situation_text else ""
    who = [w.strip() for w in f.get("who", "").split(", ") if w.strip()]
    return AgreementData(
        id=item["id"],
        what=f.get("what", ""),
        situation=item.get("situation", "other"),
        when=when,
        how=f.get("how", ""),
        fallback=f.get("fallback", ""),
        monitor=f.get("monitor", ""),
        frequency=f.get("frequency", ""),
        network_people=tuple(w for w in who if w not in professionals),
        professionals=tuple(w for w in who if w in professionals),
        danger=item.get("danger", ""),
        plain=f.get("plain", ""),
    )


def _required_safety_persons(snapshot: dict) -> int:
    for item in snapshot["sections"].get("bottom_lines", []):
        text = item["fields"].get("text", "").lower()
        number = re.search(r"\b(\d+)\b", text)
        if "veiligheidsperso" in text and number:
            return int(number.group(1))
    return DEFAULT_SAFETY_PERSONS


def plan_data(
    snapshot: dict,
    *,
    next_evaluation: bool | None = None,
    signed: tuple[str, ...] | None = None,
    required_safety_persons: int | None = None,
    children: tuple[ChildData, ...] | None = None,
) -> PlanData:
    sections = snapshot["sections"]
    signers = snapshot.get("signers", [])
    professional_names = {s["name"] for s in signers if s["key"].startswith("user-")}
    pattern = _danger_pattern()
    categories = _labels(MappingCategory)
    contributors = _labels(Contributor)
    mapping = []
    for item in sections.get("mapping", []):
        f = item["fields"]
        contributor = f.get("contributor", "").split(" - ", 1)[0]
        mapping.append(
            MappingData(
                item["id"],
                categories.get(f.get("column", ""), ""),
                contributors.get(contributor, ""),
                f.get("text", ""),
            )
        )
    return PlanData(
        dangers=tuple(_danger(d, pattern) for d in sections.get("danger_statements", [])),
        goals=tuple(_goal(g) for g in sections.get("goals", [])),
        agreements=tuple(_agreement(a, professional_names) for a in sections.get("agreements", [])),
        mapping=tuple(mapping),
        confirmed_safety_persons=sum(
            1
            for p in sections.get("safety_persons", [])
            if _YEAR.search(p["fields"].get("confirmed_on", ""))
        ),
        required_safety_persons=required_safety_persons or _required_safety_persons(snapshot),
        steps=len(sections.get("steps", [])),
        next_evaluation=next_evaluation,
        professionals=tuple(s["key"] for s in signers if s["key"].startswith("user-")),
        signed=signed,
        child_version=None,
        children=children,
        harms=tuple(_harm(h) for h in sections.get("harm_statements", [])),
        warning_signs=_warning_signs(sections),
    )


def children_data(plan) -> tuple[ChildData, ...]:
    """Each child's voice and Words and Pictures, from the plan's rows as they are now."""
    from vangnet.safety.child import child_parts

    result = []
    for part in child_parts(plan, plan.family):
        states = {state.key for _story, state in part.stories}
        story = "none"
        for key in ("approved", "changed", "not_approved", "empty"):
            if key in states:
                story = key
                break
        result.append(
            ChildData(
                id=f"child-{part.child.pk}",
                name=part.child.first_name,
                old_enough=part.old_enough,
                view_recorded=part.view_recorded,
                story=story,
            )
        )
    return tuple(result)


DRAFT_REVIEW_SECONDS = 24 * 3600


def _next_evaluation_planned(plan) -> bool:
    today = timezone.localdate()
    return (
        plan.evaluations.filter(held_on__isnull=True, scheduled_on__gte=today).exists()
        or plan.evaluations.filter(next_on__gte=today).exists()
    )


def review_draft(plan, snapshot: dict | None = None):
    """Review of the working draft of a SafetyPlan (rows -> snapshot -> PlanData); pass the
    draft's snapshot when the caller has made it already.

    Kept between requests under what it is computed from: the draft snapshot's key (plan
    version, file changes, date; the child's part bumps the plan version too), the story
    approvals and whether an evaluation is planned."""
    from vangnet.safety.models import StoryApproval
    from vangnet.safety.snapshot import draft_snapshot, draft_snapshot_key

    next_evaluation = _next_evaluation_planned(plan)
    approvals = StoryApproval.objects.filter(story__plan=plan).aggregate(
        last=Max("id"), count=Count("id")
    )
    key = (
        f"draft-review:{draft_snapshot_key(plan)}:{next_evaluation}:"
        f"{approvals['last']}:{approvals['count']}"
    )
    result = cache.get(key)
    if result is None:
        result = review(
            plan_data(
                snapshot if snapshot is not None else draft_snapshot(plan),
                next_evaluation=next_evaluation,
                children=children_data(plan),
            )
        )
        cache.set(key, result, DRAFT_REVIEW_SECONDS)
    return result


def review_version(version):
    """Review of a PlanVersion's frozen snapshot, with its sign-offs, computed now. The
    child's part is not in the snapshot: it is read as it is now."""
    signed = tuple(f"user-{s.user_id}" for s in version.signoffs.all() if s.user_id)
    return review(
        plan_data(
            version.snapshot,
            next_evaluation=_next_evaluation_planned(version.plan),
            signed=signed,
            children=children_data(version.plan),
        )
    )


def store_version_review(version) -> None:
    """Keep the review a version is distributed with (called by the distribute action, in its
    transaction; the action's access-log entry covers it). Only the first distribution
    stores it: later distributions of the same version keep the first review."""
    from vangnet.review.models import VersionReview

    result = review_version(version)
    VersionReview.objects.get_or_create(
        plan_version=version,
        defaults={
            "status": result.status,
            "findings": [f.as_dict() for f in result.findings],
        },
    )


def version_review(version) -> tuple[Review, object | None]:
    """The stored review of a distributed version (and its row), else the review now."""
    from vangnet.review.models import VersionReview

    stored = VersionReview.objects.filter(plan_version=version).first()
    if stored is not None:
        return Review(tuple(Finding.from_dict(f) for f in stored.findings)), stored
    return review_version(version), None


def element_titles(snapshot: dict) -> dict[str, str]:
    """Element id -> its title in the document, to say where a finding is. A title the
    snapshot cut off from a longer text ends at a whole word, with an ellipsis."""
    return {
        item["id"]: whole_words(item.get("title", ""), item.get("fields", {}).values())
        for items in snapshot.get("sections", {}).values()
        for item in items
    }


def whole_words(title: str, texts) -> str:
    """The title, or when it is the start of a longer text cut in the middle of a word,
    the title up to the last whole word and an ellipsis."""
    for text in texts:
        if isinstance(text, str) and len(text) > len(title) and text.startswith(title):
            if text[len(title)].isspace():
                cut = title
            elif " " in title.strip():
                cut = title.rsplit(None, 1)[0]
            else:  # one very long word: whole rather than cut
                cut = text.split()[0]
            return cut.rstrip(" ,;:-") + "\u2026"
    return title
