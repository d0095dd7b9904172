"""Every write to a safety plan. Each action runs in one transaction together with its
access-log entry (vangnet.audit.recorder): no entry, no change. Edits name the version
they started from (optimistic locking); a distributed plan version never changes."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max, ProtectedError, RestrictedError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from vangnet.accounts.models import User
from vangnet.audit.context import Actor
from vangnet.audit.models import AccessAction
from vangnet.core.concurrency import StaleVersionError, save_if_unchanged
from vangnet.families import access_log
from vangnet.families.access import FamilyAccess, users_who_may_open
from vangnet.families.models import Family, Person
from vangnet.review.adapter import store_version_review
from vangnet.safety import rules
from vangnet.safety.diff import same_content
from vangnet.safety.models import (
    CATEGORY_COLUMN,
    DISAGREEING_KINDS,
    HOUSE_COLUMN,
    IMMEDIATE_DEFAULT_DAYS,
    IMMEDIATE_MAX_DAYS,
    Agreement,
    AgreementReview,
    BottomLine,
    BottomLineKind,
    BottomLineTemplate,
    ChildRule,
    ChildTalk,
    Contributor,
    DangerStatement,
    Disagreement,
    Distribution,
    Evaluation,
    HarmStatement,
    HouseItem,
    ImmediateEnd,
    ImmediatePlan,
    MappingItem,
    PlanStep,
    PlanVersion,
    SafetyGoal,
    SafetyPerson,
    SafetyPlan,
    ScalingScore,
    SignOff,
    Story,
    StoryApproval,
    StoryImage,
    StoryPage,
    VersionStatus,
    WarningSign,
)

PART = "safety_plan"
SAFETY_KINDS = ("network", "other", "caregiver")  # people who can be a safety person


def _log(actor: Actor, access: FamilyAccess, action: str, **kwargs) -> None:
    kwargs.setdefault("part", PART)
    access_log.record(actor, access, action, **kwargs)


def _touch(plan: SafetyPlan) -> None:
    """Any change to the draft bumps the plan's version and the family's retention."""
    from vangnet.families.actions import touch_family

    now = timezone.now()
    SafetyPlan.objects.filter(pk=plan.pk).update(version=F("version") + 1, updated_at=now)
    touch_family(plan.family_id)  # by the file's kind, children and granted requests


# The plan itself ------------------------------------------------------------------------------


def default_bottom_lines(team) -> list[dict]:
    """The team's default bottom lines, or the method's three when the team has none."""
    rows = list(BottomLineTemplate.objects.filter(team=team).order_by("order", "id"))
    if rows:
        return [{"kind": r.kind, "text": r.text, "number": r.number} for r in rows]
    return [
        {
            "kind": BottomLineKind.SAFETY_PERSONS,
            "text": _(
                "At least %(n)d safety persons from the family's own network have confirmed "
                "their commitment."
            )
            % {"n": rules.DEFAULT_SAFETY_PERSONS},
            "number": rules.DEFAULT_SAFETY_PERSONS,
        },
        {
            "kind": BottomLineKind.WORDS_AND_PICTURES,
            "text": _(
                "The child and the network have had an explanation in words and pictures of "
                "what happened and why these steps are taken."
            ),
            "number": None,
        },
        {
            "kind": BottomLineKind.SIMPLE_PLAN,
            "text": _(
                "Parents and network make a simple, concrete safety plan with understandable "
                "rules about how the child is safe, also when danger threatens."
            ),
            "number": None,
        },
    ]


def ensure_plan(access: FamilyAccess) -> SafetyPlan:
    """The family's plan; the first write creates it with the team's bottom lines."""
    plan = SafetyPlan.objects.filter(family=access.family).first()
    if plan is not None:
        return plan
    plan = SafetyPlan.objects.create(family=access.family)
    for order, line in enumerate(default_bottom_lines(access.family.team), start=1):
        BottomLine.objects.create(plan=plan, order=order, **line)
    return plan


# Items of the draft: mapping, danger statements, goals, safety persons, bottom lines,
# agreements, steps -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    name: str  # object_type in the access log
    model: type
    fields: tuple[str, ...]
    m2m: tuple[str, ...] = ()
    ordered: bool = False


KINDS = {
    "mapping": Kind(
        "mapping_item",
        MappingItem,
        ("category", "text", "contributor_kind", "contributor_name", "recorded_on"),
    ),
    "harm": Kind(
        "harm_statement",
        HarmStatement,
        ("whose", "what", "how_often", "impact", "source", "plain"),
        m2m=("children",),
        ordered=True,
    ),
    "danger": Kind(
        "danger_statement",
        DangerStatement,
        ("whose", "behaviour", "situations", "impact", "fear", "plain"),
        m2m=("children", "harms"),
        ordered=True,
    ),
    "goal": Kind(
        "safety_goal",
        SafetyGoal,
        (
            "danger",
            "text",
            "plain",
            "parents_agreed_on",
            "professionals_agreed_on",
            "gi_agreed_on",
        ),
        ordered=True,
    ),
    "safety_person": Kind(
        "safety_person", SafetyPerson, ("person", "role", "plain", "confirmed_on")
    ),
    "bottom_line": Kind(
        "bottom_line",
        BottomLine,
        ("kind", "text", "plain", "number", "done_on", "met_manually"),
        ordered=True,
    ),
    "agreement": Kind(
        "agreement",
        Agreement,
        (
            "what",
            "situation",
            "when",
            "how",
            "fallback",
            "plain",
            "monitor_person",
            "monitor_user",
            "frequency",
            "handover_to",
            "handover_on",
            "danger",
            "goal",
            "order",
        ),
        m2m=("people", "professionals"),
        ordered=True,
    ),
    "disagreement": Kind(
        "disagreement",
        Disagreement,
        ("person", "danger", "goal", "text", "recorded_on", "parents_see"),
        ordered=True,
    ),
    "warning_sign": Kind(
        "warning_sign",
        WarningSign,
        ("danger", "agreement", "sign", "response", "plain", "child_words"),
        m2m=("people", "professionals"),
        ordered=True,
    ),
    "step": Kind("plan_step", PlanStep, ("text", "plain", "target_on", "done_on")),
    # The child's part
    "child_talk": Kind(
        "child_talk", ChildTalk, ("child", "held_on", "interviewer", "others_present", "note")
    ),
    "house_item": Kind("house_item", HouseItem, ("talk", "house", "text", "order"), ordered=True),
    "child_rule": Kind("child_rule", ChildRule, ("child", "text", "order"), ordered=True),
    "story": Kind("story", Story, ("title", "made_with"), m2m=("children",), ordered=True),
    "story_page": Kind(
        "story_page", StoryPage, ("story", "text", "pictogram", "image", "order"), ordered=True
    ),
    # Added by do_add_story_image (an upload); the generic actions change or remove it.
    "story_image": Kind("story_image", StoryImage, ("description",)),
}

# The kinds that belong to the child's part (their pages live on the child page).
CHILD_KINDS = ("child_talk", "house_item", "child_rule", "story", "story_page", "story_image")


def professionals_for(family: Family):
    """Colleagues who can take part in a plan: those who may open its family file."""
    return users_who_may_open(family)


def _check_refs(kind: str, plan: SafetyPlan, values: dict) -> None:
    """Every person, colleague, danger statement or goal named must belong to this plan."""
    family = plan.family
    errors: dict[str, list[str]] = {}
    for name in ("person", "monitor_person", "handover_to"):
        person = values.get(name)
        if person is not None and person.family_id != family.pk:
            errors[name] = [_("Choose a person of this family or its network.")]
    for name in ("danger", "goal", "agreement", "talk", "story", "image"):
        target = values.get(name)
        if target is not None and target.plan_id != plan.pk:
            errors[name] = [_("Choose one of this plan.")]
    if any(h.plan_id != plan.pk for h in values.get("harms") or []):
        errors["harms"] = [_("Choose harm statements of this plan.")]
    people = values.get("people") or []
    if any(p.family_id != family.pk for p in people):
        errors["people"] = [_("Choose people of this family or its network.")]
    children = values.get("children")
    if children is not None:
        if not children:
            errors["children"] = [_("Choose the child or children this is about.")]
        elif any(p.family_id != family.pk or p.kind != "child" for p in children):
            errors["children"] = [_("Choose children of this family.")]
    allowed = set(professionals_for(family).values_list("pk", flat=True))
    if any(u.pk not in allowed for u in values.get("professionals") or []):
        errors["professionals"] = [_("Choose colleagues who may open this family file.")]
    for name in ("monitor_user", "interviewer"):
        user = values.get(name)
        if user is not None and user.pk not in allowed:
            errors[name] = [_("Choose a colleague who may open this family file.")]
    child = values.get("child")
    if child is not None and (child.family_id != family.pk or child.kind != "child"):
        errors["child"] = [_("Choose a child of this family.")]
    if kind == "story_page":
        _check_page(values, errors)
    if kind == "agreement":
        if "people" in values and not (values.get("people") or values.get("professionals")):
            errors["people"] = [
                _("Say who does this: at least one person of the family, network or team.")
            ]
        if "monitor_person" in values and not (
            values.get("monitor_person") or values.get("monitor_user")
        ):
            errors["monitor_person"] = [_("Say who checks that this agreement is kept.")]
        if values.get("monitor_person") and values.get("monitor_user"):
            errors["monitor_user"] = [_("Choose one person who checks, not two.")]
        if bool(values.get("handover_to")) != bool(values.get("handover_on")):
            errors["handover_on"] = [
                _("Give both the network person who takes over the monitoring and the date.")
            ]
    if kind == "disagreement":
        _check_disagreement(values, errors)
    if kind == "warning_sign":
        _check_warning_sign(values, errors)
    person = values.get("person")
    if kind == "safety_person" and person is not None and person.kind not in SAFETY_KINDS:
        errors["person"] = [_("A safety person comes from the family's own network.")]
    needs_number = kind == "bottom_line" and values.get("kind") == BottomLineKind.SAFETY_PERSONS
    if needs_number and not values.get("number"):
        errors["number"] = [_("Give the minimum number of safety persons.")]
    if kind in ("goal", "step", "mapping", "child_talk", "disagreement"):
        today = timezone.localdate()
        for name in (
            "parents_agreed_on",
            "professionals_agreed_on",
            "gi_agreed_on",
            "done_on",
            "recorded_on",
            "held_on",
        ):
            day = values.get(name)
            if day and day > today:
                errors[name] = [_("This date cannot be in the future.")]
    if errors:
        raise ValidationError(errors)


def _check_disagreement(values: dict, errors: dict) -> None:
    """Who of the family disagrees (a parent, caregiver or the child), with exactly one danger
    statement or safety goal, once per person."""
    person = values.get("person")
    if person is not None and person.kind not in DISAGREEING_KINDS:
        errors["person"] = [_("Choose a parent, caregiver or child of this family.")]
    elif person is not None and person.kind != "child" and values.get("parents_see") is False:
        errors["parents_see"] = [
            _("What a parent or caregiver says is always in the parents' version.")
        ]
    danger, goal = values.get("danger"), values.get("goal")
    if bool(danger) == bool(goal):
        errors["danger"] = [
            _("Choose the danger statement or the safety goal this is about: one of the two.")
        ]
    if person is None or "person" in errors or "danger" in errors:
        return
    same = Disagreement.objects.filter(person=person, danger=danger, goal=goal)
    if values.get("_pk") is not None:
        same = same.exclude(pk=values["_pk"])
    if same.exists():
        errors["person"] = [
            _("This person's disagreement is already written down here. Change that one.")
        ]


def _check_warning_sign(values: dict, errors: dict) -> None:
    """A warning sign belongs to one danger statement or one agreement, and names who acts."""
    if bool(values.get("danger")) == bool(values.get("agreement")):
        errors["danger"] = [
            _("Choose the danger statement or the agreement this belongs to: one of the two.")
        ]
    if "people" in values and not (values.get("people") or values.get("professionals")):
        errors["people"] = [_("Say who acts when the sign is there.")]


def _check_page(values: dict, errors: dict) -> None:
    from vangnet.safety.pictograms import pictogram_label

    pictogram = values.get("pictogram") or ""
    if pictogram and not pictogram_label(pictogram):
        errors["pictogram"] = [_("Choose one of the pictograms.")]
    if pictogram and values.get("image") is not None:
        errors["image"] = [_("Choose a pictogram or an uploaded picture, not both.")]


def _split(kind: Kind, values: dict) -> tuple[dict, dict]:
    scalars = {k: v for k, v in values.items() if k in kind.fields}
    m2m = {k: list(v) for k, v in values.items() if k in kind.m2m}
    return scalars, m2m


@transaction.atomic
def do_add_item(*, actor: Actor, access: FamilyAccess, item_type: str, **values):
    kind = item_type
    spec = KINDS[kind]
    plan = ensure_plan(access)
    _check_refs(kind, plan, values)
    scalars, m2m = _split(spec, values)
    item = spec.model(plan=plan, **scalars)
    if spec.ordered and not scalars.get("order"):  # added at the end
        item.order = (spec.model.objects.filter(plan=plan).aggregate(m=Max("order"))["m"] or 0) + 1
    exclude = ["plan", *spec.m2m]
    item.full_clean(exclude=exclude, validate_unique=False)
    if (
        kind == "safety_person"
        and SafetyPerson.objects.filter(plan=plan, person=item.person).exists()
    ):
        raise ValidationError({"person": _("This person is already a safety person in the plan.")})
    item.save()
    for name, rows in m2m.items():
        getattr(item, name).set(rows)
    _touch(plan)
    _log(actor, access, AccessAction.CREATE, object_type=spec.name, object_id=item.pk)
    return item


def m2m_ids(item, name: str) -> list[int]:
    return sorted(getattr(item, name).values_list("pk", flat=True))


@transaction.atomic
def do_update_item(
    *, actor: Actor, access: FamilyAccess, item_type: str, item, version: int, **values
):
    kind = item_type
    spec = KINDS[kind]
    plan = item.plan
    merged = {name: getattr(item, name) for name in spec.fields}
    merged.update({k: v for k, v in values.items() if k in spec.fields})
    for name in spec.m2m:
        merged[name] = values[name] if name in values else list(getattr(item, name).all())
    _check_refs(kind, plan, {**merged, "_pk": item.pk})
    scalars, m2m = _split(spec, values)
    probe = copy.copy(item)  # the other fields as saved (a picture keeps its content)
    for name in spec.fields:
        setattr(probe, name, merged[name])
    probe.full_clean(exclude=["plan", *spec.m2m], validate_unique=False)
    if kind == "safety_person" and (
        SafetyPerson.objects.filter(plan=plan, person=probe.person).exclude(pk=item.pk).exists()
    ):
        raise ValidationError({"person": _("This person is already a safety person in the plan.")})
    m2m_changed = [
        name for name, rows in m2m.items() if m2m_ids(item, name) != sorted(r.pk for r in rows)
    ]
    try:
        save_if_unchanged(item, version, scalars)
    except StaleVersionError as error:
        error.changed_fields += [
            name
            for name, rows in m2m.items()
            if m2m_ids(error.current, name) != sorted(r.pk for r in rows)
        ]
        raise
    for name, rows in m2m.items():
        getattr(item, name).set(rows)
    _touch(plan)
    changed = sorted({*scalars, *m2m_changed})
    _log(
        actor,
        access,
        AccessAction.UPDATE,
        object_type=spec.name,
        object_id=item.pk,
        details={"fields": changed},
    )
    return item


@transaction.atomic
def do_remove_item(
    *, actor: Actor, access: FamilyAccess, item_type: str, item, version: int
) -> None:
    """Remove an item of the draft, only if it is still the version the user saw."""
    kind = item_type
    spec = KINDS[kind]
    item_id, plan = item.pk, item.plan
    # Lock the row, then compare: a concurrent save_if_unchanged waits for this transaction
    # (and then finds nothing), and a removal never throws away an edit made meanwhile.
    current = spec.model.objects.select_for_update().filter(pk=item_id).first()
    if current is None:
        raise Http404
    if current.version != version:
        raise StaleVersionError(current)
    try:
        with transaction.atomic():
            current.delete()
    except (ProtectedError, RestrictedError):
        raise ValidationError(_in_use_message(kind)) from None
    _touch(plan)
    _log(actor, access, AccessAction.DELETE, object_type=spec.name, object_id=item_id)


def _in_use_message(kind: str) -> str:
    if kind == "story_image":
        return _("This picture is used on a page of a story. Choose another picture there first.")
    return _("This cannot be removed: other parts of the plan refer to it. Change those first.")


# The child's part: carrying what the child said into the mapping, pictures, approval -----------


@transaction.atomic
def do_carry_to_mapping(
    *, actor: Actor, access: FamilyAccess, item: HouseItem, version: int, category: str
) -> MappingItem:
    """Put what the child said in the mapping, with the child as its source."""
    if item.mapping_item_id is not None:
        raise ValidationError(_("This is already in the mapping."))
    column = HOUSE_COLUMN[item.house]
    if CATEGORY_COLUMN.get(category) != column:
        raise ValidationError({"category": [_("Choose a kind that fits this house.")]})
    talk = item.talk
    mapping = MappingItem.objects.create(
        plan=item.plan,
        category=category,
        text=item.text,
        contributor_kind=Contributor.CHILD,
        contributor_name=talk.child.first_name,
        recorded_on=talk.held_on,
    )
    save_if_unchanged(item, version, {"mapping_item": mapping})
    _touch(item.plan)
    _log(
        actor,
        access,
        AccessAction.CREATE,
        object_type="mapping_item",
        object_id=mapping.pk,
        person_id=talk.child_id,
        details={"from": "house_item", "house_item": item.pk},
    )
    return mapping


@transaction.atomic
def do_add_story_image(
    *, actor: Actor, access: FamilyAccess, data: bytes, description: str
) -> StoryImage:
    from vangnet.safety.images import clean_image

    errors = {}
    description = (description or "").strip()
    if not description:
        errors["description"] = [
            _("Say in a few words what the picture shows (read aloud to people who cannot see it).")
        ]
    try:
        clean = clean_image(data)
    except ValidationError as error:
        errors["image"] = error.messages
    if errors:
        raise ValidationError(errors)
    plan = ensure_plan(access)
    image = StoryImage(
        plan=plan,
        description=description,
        content=clean.content,
        content_type=clean.content_type,
        width=clean.width,
        height=clean.height,
        sha256=clean.sha256,
        uploaded_by=actor.user,
    )
    image.full_clean(exclude=["plan", "uploaded_by"])
    image.save()
    _touch(plan)
    _log(
        actor,
        access,
        AccessAction.CREATE,
        object_type="story_image",
        object_id=image.pk,
        details={"bytes": len(clean.content)},
    )
    return image


APPROVER_KINDS = ("parent", "caregiver")


@transaction.atomic
def do_approve_story(
    *,
    actor: Actor,
    access: FamilyAccess,
    story: Story,
    version: int,
    person: Person | None,
    approved_on: date | None,
    seen_hash: str,
) -> StoryApproval:
    """A parent approves the story as it is now; the approval lapses when it changes.
    seen_hash: the story's content hash as shown to the parent (child.story_hash); a page
    changed since then makes this stale, like a changed story version."""
    from vangnet.safety.child import story_hash

    errors = {}
    if person is None or person.family_id != access.family.pk:
        errors["person"] = [_("Choose a parent or caregiver of this family.")]
    elif person.kind not in APPROVER_KINDS:
        errors["person"] = [_("The parents or caregivers approve the story.")]
    if approved_on is None:
        errors["approved_on"] = [_("Give the date.")]
    elif approved_on > timezone.localdate():
        errors["approved_on"] = [_("This date cannot be in the future.")]
    # Lock the story; a page saved meanwhile bumps nothing on the story, so compare the
    # story's version and the content the parent saw (its hash).
    current = Story.objects.select_for_update().filter(pk=story.pk).first()
    if current is None:
        raise Http404
    if not current.pages.exists():
        raise ValidationError(
            {"person": [_("The story has no pages yet: there is nothing to approve.")]}
        )
    content_hash = story_hash(current)
    if current.version != version or seen_hash != content_hash:
        raise StaleVersionError(current)
    if not errors and current.approvals.filter(person=person, content_hash=content_hash).exists():
        errors["person"] = [_("This parent has already approved the story as it is now.")]
    if errors:
        raise ValidationError(errors)
    approval = StoryApproval.objects.create(
        story=current,
        person=person,
        name=person.full_name,
        approved_on=approved_on,
        content_hash=content_hash,
        recorded_by=actor.user,
    )
    _log(
        actor,
        access,
        AccessAction.CREATE,
        object_type="story_approval",
        object_id=approval.pk,
        person_id=person.pk,
        details={"story": current.pk},
    )
    return approval


# Scaling ------------------------------------------------------------------------------------


def _check_score(plan: SafetyPlan, values: dict) -> None:
    errors = {}
    person, user = values.get("person"), values.get("user")
    if bool(person) == bool(user):
        errors["participant"] = [_("Choose who gave this score.")]
    elif person is not None and person.family_id != plan.family_id:
        errors["participant"] = [_("Choose a person of this family or its network.")]
    elif user is not None and not professionals_for(plan.family).filter(pk=user.pk).exists():
        errors["participant"] = [_("Choose a colleague who may open this family file.")]
    score = values.get("score")
    if score is None or not 0 <= score <= 10:
        errors["score"] = [_("Give a score from 0 to 10.")]
    if not (values.get("reason") or "").strip():
        errors["reason"] = [_("Say why: the reason matters more than the number.")]
    day = values.get("scored_on")
    if day is None:
        errors["scored_on"] = [_("Give the date.")]
    elif day > timezone.localdate():
        errors["scored_on"] = [_("This date cannot be in the future.")]
    if errors:
        raise ValidationError(errors)


def _new_score(actor: Actor, plan: SafetyPlan, evaluation=None, **values) -> ScalingScore:
    _check_score(plan, values)
    return ScalingScore.objects.create(
        plan=plan,
        person=values.get("person"),
        user=values.get("user"),
        score=values["score"],
        reason=values["reason"].strip(),
        scored_on=values["scored_on"],
        evaluation=evaluation,
        recorded_by=actor.user,
    )


@transaction.atomic
def do_add_score(*, actor: Actor, access: FamilyAccess, **values) -> ScalingScore:
    plan = ensure_plan(access)
    score = _new_score(actor, plan, **values)
    _log(actor, access, AccessAction.CREATE, object_type="scaling_score", object_id=score.pk)
    return score


# Versions: draft -> agreed -> distributed -> active -> superseded -------------------------------


def _plan_of(access: FamilyAccess) -> SafetyPlan:
    plan = SafetyPlan.objects.filter(family=access.family).first()
    if plan is None:
        raise ValidationError(_("This family has no safety plan yet."))
    return plan


@transaction.atomic
def do_create_version(*, actor: Actor, access: FamilyAccess, plan_version: int) -> PlanVersion:
    """Freeze the draft as the next version, to be signed. plan_version is the plan's
    version the user saw: a draft changed meanwhile is not frozen unseen."""
    from vangnet.safety.snapshot import family_documents, plan_snapshot

    plan = _plan_of(access)
    if (
        SafetyPlan.objects.filter(pk=plan.pk, version=plan_version).update(version=F("version") + 1)
        == 0
    ):
        plan.refresh_from_db()
        raise StaleVersionError(plan, ["draft"])
    snapshot = plan_snapshot(plan)
    latest = plan.versions.order_by("-number").first()
    if (
        latest is not None
        and same_content(latest.snapshot, snapshot)
        and family_documents(latest.snapshot) == family_documents(snapshot)
    ):  # a new approved story, a helper's new phone number: the family's documents change
        raise ValidationError(
            _("Nothing changed since version %(n)d: there is nothing new to sign.")
            % {"n": latest.number}
        )
    today = timezone.localdate()
    # A version still waiting (draft or agreed, never distributed) is replaced by this one.
    plan.versions.filter(status__in=[VersionStatus.DRAFT, VersionStatus.AGREED]).update(
        status=VersionStatus.SUPERSEDED, superseded_on=today, version=F("version") + 1
    )
    number = (latest.number if latest else 0) + 1
    snapshot["number"] = number
    created = PlanVersion.objects.create(
        plan=plan, number=number, snapshot=snapshot, created_by=actor.user
    )
    _log(
        actor,
        access,
        AccessAction.CREATE,
        object_type="plan_version",
        object_id=created.pk,
        details={"number": number},
    )
    return created


def _lock(plan_version: PlanVersion, version: int, **changes) -> PlanVersion:
    return save_if_unchanged(plan_version, version, changes)


def _frozen_error(plan_version: PlanVersion) -> ValidationError:
    return ValidationError(
        _(
            "Version %(n)d has been distributed and can no longer change. Change the plan "
            "itself: that starts a new draft."
        )
        % {"n": plan_version.number}
    )


def required_signers(plan_version: PlanVersion) -> list[dict]:
    """Who must sign this version: parents and caregivers with authority or at home, each
    safety person, and each professional in the plan (the case worker at least)."""
    snap = plan_version.snapshot or {}
    return list(snap.get("signers") or [])


def missing_signers(plan_version: PlanVersion) -> list[dict]:
    signed = {
        (f"person-{s.person_id}" if s.person_id else f"user-{s.user_id}")
        for s in plan_version.signoffs.all()
    }
    return [s for s in required_signers(plan_version) if s["key"] not in signed]


@transaction.atomic
def do_sign_off(
    *,
    actor: Actor,
    access: FamilyAccess,
    plan_version: PlanVersion,
    version: int,
    person: Person | None = None,
    user: User | None = None,
    signed_on: date,
    method: str,
) -> SignOff:
    if plan_version.frozen:
        raise _frozen_error(plan_version)
    errors = {}
    if bool(person) == bool(user):
        errors["signer"] = [_("Choose who signs.")]
    elif person is not None and person.family_id != access.family.pk:
        errors["signer"] = [_("Choose a person of this family or its network.")]
    elif user is not None and not professionals_for(access.family).filter(pk=user.pk).exists():
        errors["signer"] = [_("Choose a colleague who may open this family file.")]
    if signed_on > timezone.localdate():
        errors["signed_on"] = [_("This date cannot be in the future.")]
    if signed_on < timezone.localtime(plan_version.created_at).date():
        errors["signed_on"] = [_("A sign-off cannot be older than the version itself.")]
    if not errors and plan_version.signoffs.filter(person=person, user=user).exists():
        errors["signer"] = [_("This person has already signed this version.")]
    if errors:
        raise ValidationError(errors)
    _lock(plan_version, version)
    signer_key = f"person-{person.pk}" if person else f"user-{user.pk}"
    role = next((s["role"] for s in required_signers(plan_version) if s["key"] == signer_key), "")
    name = person.full_name if person else (user.get_full_name() or user.username)
    signoff = SignOff.objects.create(
        plan_version=plan_version,
        person=person,
        user=user,
        name=name,
        role=role,
        signed_on=signed_on,
        method=method,
        recorded_by=actor.user,
    )
    _log(
        actor,
        access,
        AccessAction.CREATE,
        object_type="plan_signoff",
        object_id=signoff.pk,
        person_id=person.pk if person else None,
        details={"plan_version": plan_version.number},
    )
    return signoff


class SignOffRowsError(Exception):
    """Some rows of a multiple sign-off were refused: {row index: ValidationError}.
    Nothing of the multiple sign-off was saved."""

    def __init__(self, errors: dict[int, ValidationError]):
        self.errors = errors
        super().__init__(f"{len(errors)} sign-off(s) refused")


@transaction.atomic
def do_sign_off_many(
    *,
    actor: Actor,
    access: FamilyAccess,
    plan_version: PlanVersion,
    version: int,
    signoffs: list[dict],
    agree: bool = False,
) -> list[SignOff]:
    """Several sign-offs in one go, each through do_sign_off (one entry each): all or none.
    signoffs: do_sign_off's values (person or user, signed_on, method) per row. agree: mark
    the version as agreed too when nobody is missing any more."""
    if not signoffs:
        raise ValidationError(_("Tick who signed."))
    errors: dict[int, ValidationError] = {}
    created = []
    current = version
    for index, values in enumerate(signoffs):
        try:
            created.append(
                do_sign_off(
                    actor=actor,
                    access=access,
                    plan_version=plan_version,
                    version=current,
                    **values,
                )
            )
        except ValidationError as error:  # its savepoint is rolled back; check the rest
            errors[index] = error
        else:
            current = plan_version.version
    if errors:
        raise SignOffRowsError(errors)  # leaves this transaction: the saved rows go too
    if agree and not missing_signers(plan_version):
        do_mark_agreed(
            actor=actor, access=access, plan_version=plan_version, version=plan_version.version
        )
    return created


@transaction.atomic
def do_mark_agreed(
    *, actor: Actor, access: FamilyAccess, plan_version: PlanVersion, version: int
) -> PlanVersion:
    if plan_version.status != VersionStatus.DRAFT:
        raise ValidationError(_("Only a version waiting for sign-off can be marked as agreed."))
    missing = missing_signers(plan_version)
    if missing:
        raise ValidationError(
            _("Still to sign: %(names)s.") % {"names": ", ".join(m["name"] for m in missing)}
        )
    last = plan_version.signoffs.order_by("-signed_on").first()
    _lock(
        plan_version,
        version,
        status=VersionStatus.AGREED,
        agreed_on=last.signed_on if last else timezone.localdate(),
    )
    _log(
        actor,
        access,
        AccessAction.UPDATE,
        object_type="plan_version",
        object_id=plan_version.pk,
        details={"status": "agreed"},
    )
    return plan_version


@transaction.atomic
def do_distribute(
    *,
    actor: Actor,
    access: FamilyAccess,
    plan_version: PlanVersion,
    version: int,
    recipients: list,
    received_on: date,
    method: str,
) -> PlanVersion:
    """Record who received this version; the first distribution freezes it."""
    if plan_version.status not in (
        VersionStatus.AGREED,
        VersionStatus.DISTRIBUTED,
        VersionStatus.ACTIVE,
    ):
        raise ValidationError(_("Only an agreed version can be distributed."))
    errors = {}
    if not recipients:
        errors["recipients"] = [_("Choose who received the plan.")]
    allowed_users = set(professionals_for(access.family).values_list("pk", flat=True))
    for r in recipients:
        if isinstance(r, Person) and r.family_id != access.family.pk:
            errors["recipients"] = [_("Choose people of this family or its network.")]
        if isinstance(r, User) and r.pk not in allowed_users:
            errors["recipients"] = [_("Choose colleagues who may open this family file.")]
    if received_on > timezone.localdate():
        errors["received_on"] = [_("This date cannot be in the future.")]
    if plan_version.agreed_on and received_on < plan_version.agreed_on:
        errors["received_on"] = [_("The plan cannot be received before it was agreed.")]
    if errors:
        raise ValidationError(errors)
    changes = {}
    if plan_version.status == VersionStatus.AGREED:
        changes = {"status": VersionStatus.DISTRIBUTED, "distributed_on": received_on}
    _lock(plan_version, version, **changes)
    replaced: list[int] = []
    if changes:  # the first distribution keeps the review the version went out with
        store_version_review(plan_version)
        replaced = replace_immediate_plans(plan_version, actor)
    for r in recipients:
        is_person = isinstance(r, Person)
        Distribution.objects.create(
            plan_version=plan_version,
            person=r if is_person else None,
            user=None if is_person else r,
            name=r.full_name if is_person else (r.get_full_name() or r.username),
            received_on=received_on,
            method=method,
            recorded_by=actor.user,
        )
    _log(
        actor,
        access,
        AccessAction.UPDATE,
        object_type="plan_version",
        object_id=plan_version.pk,
        details={"distributed_to": len(recipients), **({"replaced": replaced} if replaced else {})},
    )
    return plan_version


def signers_to_distribute(plan_version: PlanVersion, family: Family) -> list:
    """Everyone who signed this version and is not yet recorded as a recipient: the people
    still in the family file and the colleagues who may still open it."""
    received_people = set()
    received_users = set()
    for d in plan_version.distributions.all():
        if d.person_id:
            received_people.add(d.person_id)
        if d.user_id:
            received_users.add(d.user_id)
    allowed_users = set(professionals_for(family).values_list("pk", flat=True))
    result = []
    for s in plan_version.signoffs.select_related("person", "user"):
        if s.person is not None and s.person.family_id == family.pk:
            if s.person_id not in received_people:
                received_people.add(s.person_id)
                result.append(s.person)
        elif s.user_id in allowed_users and s.user_id not in received_users:
            received_users.add(s.user_id)
            result.append(s.user)
    return result


@transaction.atomic
def do_distribute_to_signers(
    *,
    actor: Actor,
    access: FamilyAccess,
    plan_version: PlanVersion,
    version: int,
    received_on: date,
    method: str,
    activate: bool = False,
) -> list:
    """Record the distribution to every signer not yet recorded (do_distribute), and with
    activate make the version the active plan from received_on (do_activate)."""
    recipients = signers_to_distribute(plan_version, access.family)
    if not recipients and not activate:
        raise ValidationError(_("Everyone who signed has already received this version."))
    current = version
    if recipients:
        do_distribute(
            actor=actor,
            access=access,
            plan_version=plan_version,
            version=version,
            recipients=recipients,
            received_on=received_on,
            method=method,
        )
        current = plan_version.version
    if activate:
        do_activate(
            actor=actor,
            access=access,
            plan_version=plan_version,
            version=current,
            active_from=received_on,
        )
    return recipients


@transaction.atomic
def do_activate(
    *,
    actor: Actor,
    access: FamilyAccess,
    plan_version: PlanVersion,
    version: int,
    active_from: date,
) -> PlanVersion:
    if plan_version.status != VersionStatus.DISTRIBUTED:
        raise ValidationError(_("Only a distributed version can become the active plan."))
    if plan_version.distributed_on and active_from < plan_version.distributed_on:
        raise ValidationError(
            {"active_from": [_("The plan cannot be active before it was distributed.")]}
        )
    _lock(plan_version, version, status=VersionStatus.ACTIVE, active_from=active_from)
    PlanVersion.objects.filter(plan=plan_version.plan, status=VersionStatus.ACTIVE).exclude(
        pk=plan_version.pk
    ).update(status=VersionStatus.SUPERSEDED, superseded_on=active_from, version=F("version") + 1)
    replaced = replace_immediate_plans(plan_version, actor)
    _log(
        actor,
        access,
        AccessAction.UPDATE,
        object_type="plan_version",
        object_id=plan_version.pk,
        details={"status": "active", **({"replaced": replaced} if replaced else {})},
    )
    return plan_version


# Evaluations ------------------------------------------------------------------------------------


@transaction.atomic
def do_schedule_evaluation(*, actor: Actor, access: FamilyAccess, scheduled_on: date) -> Evaluation:
    plan = ensure_plan(access)
    if plan.evaluations.filter(scheduled_on=scheduled_on, held_on__isnull=True).exists():
        raise ValidationError({"scheduled_on": _("An evaluation is already planned on this date.")})
    evaluation = Evaluation.objects.create(plan=plan, scheduled_on=scheduled_on)
    _log(actor, access, AccessAction.CREATE, object_type="evaluation", object_id=evaluation.pk)
    return evaluation


@transaction.atomic
def do_record_evaluation(
    *,
    actor: Actor,
    access: FamilyAccess,
    evaluation: Evaluation,
    version: int,
    held_on: date,
    reviews: dict,
    scores: list[dict],
    decision: str,
    decision_note: str,
    next_on: date | None,
) -> Evaluation:
    """Each agreement kept / partly / not kept, new scaling, the decision, the next date."""
    plan = evaluation.plan
    errors: dict[str, list[str]] = {}
    if evaluation.held_on is not None:
        raise ValidationError(_("This evaluation has already been recorded."))
    today = timezone.localdate()
    if held_on > today:
        errors["held_on"] = [_("This date cannot be in the future.")]
    agreements = list(plan.agreements.all())
    for agreement in agreements:
        outcome = (reviews.get(agreement.pk) or {}).get("outcome")
        if outcome not in ("kept", "partly", "not_kept"):
            errors[f"outcome_{agreement.pk}"] = [_("Say whether this agreement was kept.")]
    if decision not in ("continue", "adjust", "escalate"):
        errors["decision"] = [_("Choose a decision.")]
    if decision in ("adjust", "escalate") and not decision_note.strip():
        errors["decision_note"] = [_("Explain what must change or why you escalate.")]
    if next_on is None and decision != "escalate":
        errors["next_on"] = [_("Give the date of the next evaluation.")]
    if next_on is not None and next_on <= held_on:
        errors["next_on"] = [_("The next evaluation comes after this one.")]
    for index, values in enumerate(scores):
        try:
            _check_score(plan, values)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors[f"score_{index}_{name}"] = messages
    if errors:
        raise ValidationError(errors)
    active = plan.versions.filter(status=VersionStatus.ACTIVE).first()
    save_if_unchanged(
        evaluation,
        version,
        {
            "held_on": held_on,
            "decision": decision,
            "decision_note": decision_note.strip(),
            "next_on": next_on,
            "plan_version": active,
            "recorded_by": actor.user,
        },
    )
    for agreement in agreements:
        review = reviews[agreement.pk]
        AgreementReview.objects.create(
            evaluation=evaluation,
            agreement=agreement,
            agreement_text=agreement.what,
            outcome=review["outcome"],
            note=(review.get("note") or "").strip(),
        )
    for values in scores:
        _new_score(actor, plan, evaluation=evaluation, **values)
    if (
        next_on is not None
        and not plan.evaluations.filter(scheduled_on=next_on, held_on__isnull=True).exists()
    ):
        Evaluation.objects.create(plan=plan, scheduled_on=next_on)
    _log(
        actor,
        access,
        AccessAction.UPDATE,
        object_type="evaluation",
        object_id=evaluation.pk,
        details={"decision": decision, "scores": len(scores)},
    )
    evaluation.refresh_from_db()
    return evaluation


# The PDF and print views ------------------------------------------------------------------------


def log_export(
    actor: Actor,
    access: FamilyAccess,
    plan_version: PlanVersion,
    *,
    edition: str = "professionals",
    action: str = AccessAction.EXPORT,
) -> None:
    """A PDF download is one export entry, a print view one print entry (the read of the
    version is part of it). edition: professionals or parents."""
    _log(
        actor,
        access,
        action,
        object_type="plan_version",
        object_id=plan_version.pk,
        details={
            "number": plan_version.number,
            "format": "pdf" if action == AccessAction.EXPORT else "print",
            "edition": edition,
        },
    )


def log_child_version(
    actor: Actor,
    access: FamilyAccess,
    child: Person,
    *,
    action: str = AccessAction.EXPORT,
    plan_version: PlanVersion | None = None,
) -> None:
    """The child's version (a PDF: export; the print view: print), about one child: of a
    plan version, or without one the draft's preview ("Concept")."""
    details = {"format": "pdf" if action == AccessAction.EXPORT else "print"}
    details["version"] = plan_version.number if plan_version is not None else "draft"
    _log(
        actor,
        access,
        action,
        object_type="child_version",
        object_id=child.pk,
        person_id=child.pk,
        details=details,
    )


def log_parents_preview(
    actor: Actor, access: FamilyAccess, plan: SafetyPlan, *, action: str = AccessAction.EXPORT
) -> None:
    """The draft's preview of the parents' version ("Concept"): print view or PDF."""
    _log(
        actor,
        access,
        action,
        object_type="safety_plan",
        object_id=plan.pk,
        details={
            "format": "pdf" if action == AccessAction.EXPORT else "print",
            "edition": "parents",
            "version": "draft",
        },
    )


# The immediate safety plan ------------------------------------------------------------------------

IMMEDIATE_FIELDS = ("where", "with_whom", "checks", "if_wrong", "call", "other")
IMMEDIATE_REQUIRED = ("where", "with_whom", "call")


def default_review_on(made_on: date | None = None) -> date:
    """A few days after the plan is made."""
    return (made_on or timezone.localdate()) + timedelta(days=IMMEDIATE_DEFAULT_DAYS)


def _check_immediate(values: dict, made_on: date, review_on: date | None) -> dict:
    errors: dict[str, list[str]] = {}
    for name in IMMEDIATE_REQUIRED:
        if not (values.get(name) or "").strip():
            errors[name] = [_("This field is required.")]
    if made_on > timezone.localdate():
        errors["made_on"] = [_("This date cannot be in the future.")]
    if review_on is not None:
        if review_on < made_on:
            errors["review_on"] = [_("The review date cannot be before the plan was made.")]
        elif review_on > made_on + timedelta(days=IMMEDIATE_MAX_DAYS):
            errors["review_on"] = [
                _("An immediate plan is reviewed within %(days)d days.")
                % {"days": IMMEDIATE_MAX_DAYS}
            ]
    return errors


def _writable_family(access: FamilyAccess) -> None:
    if not access.can_write:
        raise PermissionDenied


def _new_immediate(
    actor: Actor, access: FamilyAccess, values: dict, made_on, review_on, renews=None
) -> ImmediatePlan:
    made_on = made_on or timezone.localdate()
    review_on = review_on or default_review_on(made_on)
    errors = _check_immediate(values, made_on, review_on)
    if errors:
        raise ValidationError(errors)
    return ImmediatePlan.objects.create(
        family=access.family,
        made_on=made_on,
        review_on=review_on,
        renews=renews,
        created_by=actor.user,
        **{name: (values.get(name) or "").strip() for name in IMMEDIATE_FIELDS},
    )


@transaction.atomic
def do_make_immediate_plan(
    *,
    actor: Actor,
    access: FamilyAccess,
    made_on: date | None = None,
    review_on: date | None = None,
    **values,
) -> ImmediatePlan:
    """A plan for the coming days, with only the essentials: where the child is, who is
    with the child, whom to call. The review date defaults to a few days from now."""
    _writable_family(access)
    Family.objects.select_for_update().filter(pk=access.family.pk).first()  # one at a time
    if ImmediatePlan.objects.filter(family=access.family, ended_on__isnull=True).exists():
        raise ValidationError(
            _("This family already has an immediate plan. Renew or end that one first.")
        )
    plan = _new_immediate(actor, access, values, made_on, review_on)
    _log(actor, access, AccessAction.CREATE, object_type="immediate_plan", object_id=plan.pk)
    return plan


def _ended_error() -> ValidationError:
    return ValidationError(_("This immediate plan has ended: it can no longer change."))


@transaction.atomic
def do_update_immediate_plan(
    *, actor: Actor, access: FamilyAccess, plan: ImmediatePlan, version: int, **values
) -> ImmediatePlan:
    """Change an open immediate plan (add a phone number, move the review date)."""
    _writable_family(access)
    if not plan.is_open:
        raise _ended_error()
    changes = {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}
    changes = {
        k: v for k, v in changes.items() if k in (*IMMEDIATE_FIELDS, "review_on") and v is not None
    }
    merged = {name: changes.get(name, getattr(plan, name)) for name in IMMEDIATE_FIELDS}
    errors = _check_immediate(merged, plan.made_on, changes.get("review_on", plan.review_on))
    if errors:
        raise ValidationError(errors)
    changed = sorted(k for k, v in changes.items() if getattr(plan, k) != v)
    save_if_unchanged(plan, version, changes)
    _log(
        actor,
        access,
        AccessAction.UPDATE,
        object_type="immediate_plan",
        object_id=plan.pk,
        details={"fields": changed},
    )
    return plan


def _end(plan: ImmediatePlan, version: int | None, **changes) -> None:
    changes.setdefault("ended_on", timezone.localdate())
    if version is None:
        ImmediatePlan.objects.filter(pk=plan.pk).update(version=F("version") + 1, **changes)
    else:
        save_if_unchanged(plan, version, changes)


@transaction.atomic
def do_end_immediate_plan(
    *, actor: Actor, access: FamilyAccess, plan: ImmediatePlan, version: int, reason: str
) -> ImmediatePlan:
    """End an immediate plan by hand, with a reason. It stays in the file, read-only."""
    _writable_family(access)
    if not plan.is_open:
        raise _ended_error()
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Say why the immediate plan ends.")]})
    _end(plan, version, end_kind=ImmediateEnd.ENDED, end_reason=reason.strip(), ended_by=actor.user)
    _log(
        actor,
        access,
        AccessAction.UPDATE,
        object_type="immediate_plan",
        object_id=plan.pk,
        details={"ended": ImmediateEnd.ENDED},
    )
    return plan


@transaction.atomic
def do_renew_immediate_plan(
    *,
    actor: Actor,
    access: FamilyAccess,
    plan: ImmediatePlan,
    version: int,
    reason: str,
    review_on: date | None = None,
    **values,
) -> ImmediatePlan:
    """Renew: the open plan ends as renewed (with the reason) and a new one starts today,
    with what was agreed now and a new short review date."""
    _writable_family(access)
    if not plan.is_open:
        raise _ended_error()
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = [_("Say why the immediate plan is renewed.")]
    merged = {
        name: getattr(plan, name) if values.get(name) is None else values[name]
        for name in IMMEDIATE_FIELDS
    }
    errors.update(_check_immediate(merged, timezone.localdate(), review_on))
    if errors:
        raise ValidationError(errors)
    _end(
        plan, version, end_kind=ImmediateEnd.RENEWED, end_reason=reason.strip(), ended_by=actor.user
    )
    new = _new_immediate(actor, access, merged, None, review_on, renews=plan)
    _log(
        actor,
        access,
        AccessAction.CREATE,
        object_type="immediate_plan",
        object_id=new.pk,
        details={"renews": plan.pk},
    )
    return new


def replace_immediate_plans(plan_version: PlanVersion, actor: Actor) -> list[int]:
    """The long-term plan is out (distributed or active): the open immediate plan is ended as
    replaced by this version. Called inside the version's action (its log entry covers it)."""
    rows = list(
        ImmediatePlan.objects.select_for_update().filter(
            family_id=plan_version.plan.family_id, ended_on__isnull=True
        )
    )
    for row in rows:
        _end(
            row,
            None,
            end_kind=ImmediateEnd.REPLACED,
            replaced_by=plan_version,
            ended_by=actor.user,
            end_reason="",
        )
    return [row.pk for row in rows]
