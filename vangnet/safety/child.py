"""Reads of the child's part of the plan: Three Houses, the child's own safety rules, Words
and Pictures, and what the child version and the review need of them.

No access check and no access-log entry here: callers have opened the plan (queries.open_plan)
and logged that read.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from vangnet.families.models import Person
from vangnet.safety import rules
from vangnet.safety.images import data_uri
from vangnet.safety.models import (
    House,
    HouseItem,
    SafetyPlan,
    Story,
    StoryImage,
    StoryPage,
)
from vangnet.safety.pictograms import pictogram_label, pictogram_svg


def _pages_of(story: Story) -> list[StoryPage]:
    """The story's pages in order, from the prefetch when the caller made one."""
    if "pages" in getattr(story, "_prefetched_objects_cache", {}):
        return list(story.pages.all())
    return list(story.pages.select_related("image").defer("image__content"))


def story_hash(story: Story) -> str:
    """What a parent approves: the title and every page (text, picture) in order."""
    pages = [
        [p.order, p.text, p.pictogram, p.image.sha256 if p.image_id else ""]
        for p in _pages_of(story)
    ]
    payload = json.dumps([story.title, pages], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def state_of(story: Story) -> rules.StoryState:
    approvals = [(a.name, a.content_hash) for a in story.approvals.all()]
    pages = _pages_of(story)
    return rules.story_state(bool(pages), approvals, story_hash(story) if pages else "")


def children_of(family) -> list[Person]:
    return list(Person.objects.filter(family=family, kind="child").order_by("birth_date", "id"))


@dataclass
class ChildPart:
    child: Person
    old_enough: bool
    talks: list = field(default_factory=list)  # [(talk, {house: [items]})]
    rules: list = field(default_factory=list)
    stories: list = field(default_factory=list)  # [(story, state)]
    has_mapping_voice: bool = False

    @property
    def view_recorded(self) -> bool:
        return bool(self.talks) or self.has_mapping_voice

    @property
    def approved_story(self) -> bool:
        return any(state.key == "approved" for _story, state in self.stories)


def _pages_prefetch():
    # Without the image content: a list needs only whether there is a picture.
    return Prefetch(
        "pages",
        queryset=StoryPage.objects.select_related("image").defer("image__content"),
    )


def child_parts(plan: SafetyPlan | None, family) -> list[ChildPart]:
    """Per child of the family: the talks (items grouped by house), rules and stories."""
    today = timezone.localdate()
    parts = {
        c.pk: ChildPart(c, rules.child_old_enough(c.age_on(today))) for c in children_of(family)
    }
    if plan is None:
        return list(parts.values())
    talks = plan.child_talks.select_related("interviewer").prefetch_related(
        Prefetch("items", queryset=HouseItem.objects.select_related("mapping_item"))
    )
    for talk in talks:
        if talk.child_id not in parts:
            continue
        houses = {house: [] for house in House.values}
        for item in talk.items.all():
            houses[item.house].append(item)
        parts[talk.child_id].talks.append((talk, houses))
    for rule in plan.child_rules.all():
        if rule.child_id in parts:
            parts[rule.child_id].rules.append(rule)
    stories = plan.stories.prefetch_related("children", "approvals", _pages_prefetch())
    for story in stories:
        state = state_of(story)
        for child in story.children.all():
            if child.pk in parts:
                parts[child.pk].stories.append((story, state))
    names = {p.child.first_name.lower(): p for p in parts.values()}
    names.update({p.child.full_name.lower(): p for p in parts.values()})
    for m in plan.mapping.filter(contributor_kind="child"):
        part = names.get(m.contributor_name.strip().lower())
        if part is not None:
            part.has_mapping_voice = True
        elif len(parts) == 1:  # one child: "the child" can only be this one
            next(iter(parts.values())).has_mapping_voice = True
    return list(parts.values())


def stories_with_state(plan: SafetyPlan | None) -> list[tuple[Story, rules.StoryState]]:
    if plan is None:
        return []
    stories = plan.stories.prefetch_related("children", "approvals", _pages_prefetch())
    return [(story, state_of(story)) for story in stories]


def images_of(plan: SafetyPlan | None) -> list[StoryImage]:
    if plan is None:
        return []
    return list(plan.story_images.defer("content"))


@dataclass(frozen=True)
class PageView:
    number: int
    text: str
    picture_svg: str  # inline SVG of a pictogram, or ""
    picture_src: str  # data: URI of an uploaded picture, or ""
    picture_alt: str


def page_views(story: Story) -> list[PageView]:
    """The pages of a story ready to show or print: pictures embedded (one logged read)."""
    views = []
    pages = story.pages.select_related("image").order_by("order", "id")
    for number, page in enumerate(pages, start=1):
        src = alt = ""
        svg = ""
        if page.image_id:
            src = data_uri(page.image.content_type, page.image.content)
            alt = page.image.description
        elif page.pictogram:
            svg = pictogram_svg(page.pictogram)
            alt = pictogram_label(page.pictogram)
        views.append(PageView(number, page.text, svg, src, alt))
    return views


# The child's part as a version freezes it (snapshot "children") ---------------------------------


def frozen_children(plan: SafetyPlan, safety_persons, ref) -> list[dict]:
    """Per child of the family what the child's version of this version shows: the stories
    (each with whether a parent had approved it as it is), the own safety rules, the
    "if ... then ..." signs and the helpers (confirmed safety persons), as they are now.

    ref(person) names a person in the snapshot ("person-<pk>"). A picture is kept by id and
    hash: an uploaded picture never changes, and one that was purged is left out."""
    helpers = [ref(sp.person) for sp in safety_persons if sp.confirmed_on is not None]
    stories = [
        (story, state_of(story))
        for story in plan.stories.prefetch_related("children", "approvals", _pages_prefetch())
    ]
    signs = list(
        plan.warning_signs.exclude(child_words="").prefetch_related(
            "danger__children", "agreement__danger__children"
        )
    )
    rules_ = list(plan.child_rules.all())
    result = []
    for kid in children_of(plan.family):
        key = ref(kid)
        kid_stories = [
            {
                "title": story.title,
                "approved": state.key == "approved",
                "pages": [
                    {
                        "text": page.text,
                        "pictogram": page.pictogram,
                        "image": page.image_id,
                        "image_sha256": page.image.sha256 if page.image_id else "",
                        "image_alt": page.image.description if page.image_id else "",
                    }
                    for page in _pages_of(story)
                ],
            }
            for story, state in stories
            if any(c.pk == kid.pk for c in story.children.all())
        ]
        kid_signs = []
        for w in signs:
            danger = w.danger if w.danger_id else w.agreement.danger
            if danger is None or any(c.pk == kid.pk for c in danger.children.all()):
                kid_signs.append(w.child_words)
        result.append(
            {
                "key": key,
                "stories": kid_stories,
                "rules": [r.text for r in rules_ if r.child_id == kid.pk],
                "signs": kid_signs,
                "helpers": helpers,
            }
        )
    return result


def frozen_page_views(pages: list[dict]) -> list[PageView]:
    """The pages of a frozen story ready to print: a picture only if it is still the same."""
    ids = [p["image"] for p in pages if p.get("image")]
    images = {i.pk: i for i in StoryImage.objects.filter(pk__in=ids)} if ids else {}
    views = []
    for number, page in enumerate(pages, start=1):
        src = svg = alt = ""
        image = images.get(page.get("image"))
        if image is not None and image.sha256 == page.get("image_sha256"):
            src = data_uri(image.content_type, image.content)
            alt = page.get("image_alt", "")
        elif page.get("pictogram"):
            svg = pictogram_svg(page["pictogram"])
            alt = pictogram_label(page["pictogram"])
        views.append(PageView(number, page.get("text", ""), svg, src, alt))
    return views
