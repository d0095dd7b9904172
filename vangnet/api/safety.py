"""Safety-plan routes of the JSON API: /api/v1/families/{family_id}/safety/...

Same rules as the HTML pages: a read goes through safety.queries.open_plan (access check +
one access-log entry), a write through the safety actions (which log their own entry, the
access check uses get_family_for_user(write=True) so nothing is logged twice). Outsiders
get 404, read-only users and the safeguarding lead 403 on writes, a stale version 409.
"""

import base64
import binascii
from datetime import date
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import AfterValidator, StringConstraints, create_model

from vangnet.accounts.models import User
from vangnet.api import schemas as s
from vangnet.api.api import api
from vangnet.audit.context import Actor, Channel
from vangnet.core.limits import TEXT_MAX
from vangnet.families.access import FamilyAccess, get_family_for_user
from vangnet.families.models import Person
from vangnet.safety import actions, child, outputs, queries
from vangnet.safety.diff import diff_snapshots
from vangnet.safety.images import MAX_UPLOAD_BYTES
from vangnet.safety.models import (
    Agreement,
    BottomLineKind,
    ChildTalk,
    Contributor,
    DangerStatement,
    Decision,
    DistributionMethod,
    Evaluation,
    HarmStatement,
    House,
    MappingCategory,
    Outcome,
    SafetyGoal,
    SignOffMethod,
    Situation,
    Story,
    StoryImage,
)
from vangnet.safety.pdf import render_pdf
from vangnet.safety.pictograms import PICTOGRAM_CHOICES
from vangnet.safety.snapshot import draft_snapshot

router = Router(tags=["safety plan"])

READ_ERRORS = {401: s.Error, 404: s.Error, 422: s.InvalidInput}
WRITE_ERRORS = {**READ_ERRORS, 403: s.Error}
PATCH_ERRORS = {**WRITE_ERRORS, 409: s.Conflict}

Text = s.text(required=True)
OptText = s.text(TEXT_MAX)
Short = s.text(200, required=True)
OptShort = s.text(300)
Score = Annotated[int, Field(ge=0, le=10)]
Ids = Annotated[list[s.DbId], Field(max_length=100)]
Order = Annotated[int, Field(ge=0, le=10_000)]
PLAIN = (
    "In plain language, written with the family: the parents' version shows it instead of "
    'the professional text ("": not yet in plain language).'
)
Pictogram = Literal[tuple(["", *(key for key, _label in PICTOGRAM_CHOICES)])]


def _actor(request) -> Actor:
    return Actor.from_request(request, channel=Channel.API)


def _write_access(request, family_id: int) -> FamilyAccess:
    return get_family_for_user(request.user, family_id, write=True)


def _read(request, family_id, **kwargs) -> FamilyAccess:
    return queries.open_plan(_actor(request), family_id, **kwargs)


# Plan items: input -----------------------------------------------------------------------------


class MappingIn(s.InputSchema):
    category: MappingCategory
    text: Text
    contributor_kind: Contributor
    contributor_name: s.text(200) = ""
    recorded_on: date


class HarmIn(s.InputSchema):
    """A harm statement: what actually happened (part of the mapping's worries)."""

    whose: Short
    what: Text = Field(description="What happened, as concretely as possible.")
    children_ids: Ids = Field(description="Children of the family it happened to.")
    how_often: Text = Field(description="How often, since when, how long.")
    impact: Text = Field(description="What it did to the child(ren).")
    source: OptText = Field("", description="How we know: who saw, heard or told it.")
    plain: OptText = Field("", description=PLAIN)


class DangerIn(s.InputSchema):
    harm_ids: Ids = Field(
        default_factory=list, description="The harm statements this danger statement grows out of."
    )
    whose: Short
    behaviour: Text
    situations: Text
    children_ids: Ids = Field(description="Children of the family this is about.")
    impact: Text
    fear: Text = Field(description="What we fear happens in the future if nothing changes.")
    plain: OptText = Field("", description=PLAIN)


class DisagreementIn(s.InputSchema):
    """A parent, caregiver or the child does not agree with a danger statement or a goal."""

    person_id: s.DbId = Field(description="A parent, caregiver or child of the family.")
    danger_id: s.DbId | None = Field(None, description="The danger statement ...")
    goal_id: s.DbId | None = Field(None, description="... or the safety goal: exactly one.")
    text: Text = Field(description="What they say, in their own words.")
    recorded_on: date
    parents_see: bool = Field(
        True,
        description="In the parents' version. Only what the child said can be left out.",
    )


class WarningSignIn(s.InputSchema):
    """If ... then ...: what the network watches for, and what happens then."""

    danger_id: s.DbId | None = Field(None, description="The danger statement ...")
    agreement_id: s.DbId | None = Field(None, description="... or the agreement: exactly one.")
    sign: Text = Field(description="The warning sign or trigger the network watches for.")
    response: Text = Field(description="What happens then, step by step.")
    plain: OptText = Field("", description=PLAIN)
    people_ids: Ids = Field(default_factory=list, description="Who acts: family/network.")
    professional_ids: Ids = Field(default_factory=list, description="Who acts: professionals.")
    child_words: OptText = Field(
        "", description='For the child\'s version, as "if ... then ..."; "" keeps it out.'
    )


class GoalIn(s.InputSchema):
    danger_id: s.DbId | None = None
    text: Text
    plain: OptText = Field("", description=PLAIN)
    parents_agreed_on: date | None = None
    professionals_agreed_on: date | None = None
    gi_agreed_on: date | None = None


class SafetyPersonIn(s.InputSchema):
    person_id: s.DbId
    role: Text
    plain: OptText = Field("", description=PLAIN)
    confirmed_on: date | None = None


class BottomLineIn(s.InputSchema):
    kind: BottomLineKind
    text: Text
    plain: OptText = Field("", description=PLAIN)
    number: Annotated[int, Field(ge=1, le=50)] | None = None
    done_on: date | None = None
    met_manually: bool = False


class AgreementIn(s.InputSchema):
    people_ids: Ids = Field(default_factory=list, description="Who: people of the family/network.")
    professional_ids: Ids = Field(default_factory=list, description="Who: professionals.")
    what: Text
    situation: Situation
    when: OptShort = ""
    how: Text
    fallback: Text
    plain: OptText = Field("", description=PLAIN)
    monitor_person_id: s.DbId | None = None
    monitor_user_id: s.DbId | None = None
    frequency: Short
    handover_to_id: s.DbId | None = None
    handover_on: date | None = None
    danger_id: s.DbId | None = None
    goal_id: s.DbId | None = None
    order: Annotated[int, Field(ge=0, le=10_000)] = 0


class StepIn(s.InputSchema):
    text: Text
    plain: OptText = Field("", description=PLAIN)
    target_on: date
    done_on: date | None = None


class ChildTalkIn(s.InputSchema):
    child_id: s.DbId = Field(description="The child of the family the conversation was with.")
    held_on: date
    interviewer_id: s.DbId = Field(description="The professional who talked with the child.")
    others_present: OptShort = ""
    note: OptText = ""


class HouseItemIn(s.InputSchema):
    talk_id: s.DbId = Field(description="The conversation (child-talks) this was said in.")
    house: House
    text: Text = Field(description="In the child's own words.")
    order: Order = 0


class ChildRuleIn(s.InputSchema):
    child_id: s.DbId
    text: Text = Field(description="The rule, in the child's own words.")
    order: Order = 0


class StoryIn(s.InputSchema):
    title: Short
    children_ids: Ids = Field(description="The child or children the story is for.")
    made_with: OptShort = ""


class StoryPageIn(s.InputSchema):
    story_id: s.DbId
    text: Text
    pictogram: Pictogram = Field("", description='A pictogram key, or "" for none.')
    image_id: s.DbId | None = Field(None, description="An uploaded picture (story-images).")
    order: Order = 0


class StoryImageIn(s.InputSchema):
    """Only the description changes; a new picture is a new upload."""

    description: s.text(300, required=True)


# Plan items: output ------------------------------------------------------------------------------


class MappingOut(Schema):
    id: int
    category: str
    column: str
    text: str
    contributor_kind: str
    contributor_name: str
    recorded_on: date
    version: int


class HarmOut(Schema):
    id: int
    whose: str
    what: str
    children_ids: list[int]
    how_often: str
    impact: str
    source: str
    plain: str
    danger_ids: list[int] = Field(description="Danger statements that grow out of it.")
    order: int
    version: int

    @staticmethod
    def resolve_children_ids(obj) -> list[int]:
        return sorted(p.pk for p in obj.children.all())

    @staticmethod
    def resolve_danger_ids(obj) -> list[int]:
        return sorted(d.pk for d in obj.dangers.all())


class DangerOut(Schema):
    id: int
    harm_ids: list[int]
    whose: str
    behaviour: str
    situations: str
    children_ids: list[int]
    impact: str
    fear: str
    sentence: str
    plain: str
    version: int

    @staticmethod
    def resolve_harm_ids(obj) -> list[int]:
        return sorted(h.pk for h in obj.harms.all())

    @staticmethod
    def resolve_children_ids(obj) -> list[int]:
        return sorted(p.pk for p in obj.children.all())

    @staticmethod
    def resolve_sentence(obj) -> str:
        from vangnet.safety.sentences import danger_sentence

        return danger_sentence(
            obj.whose,
            obj.behaviour,
            obj.situations,
            [c.first_name for c in obj.children.all()],
            obj.impact,
            obj.fear,
        )


class GoalOut(Schema):
    id: int
    danger_id: int | None
    text: str
    parents_agreed_on: date | None
    plain: str
    professionals_agreed_on: date | None
    gi_agreed_on: date | None
    version: int


class DisagreementOut(Schema):
    id: int
    person_id: int
    name: str = Field(description="Who does not agree.")
    danger_id: int | None
    goal_id: int | None
    text: str = Field(description="In their own words.")
    recorded_on: date
    parents_see: bool
    order: int
    version: int

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.person.full_name


class WarningSignOut(Schema):
    id: int
    danger_id: int | None
    agreement_id: int | None
    sign: str
    response: str
    plain: str
    people_ids: list[int]
    professional_ids: list[int]
    child_words: str
    order: int
    version: int

    @staticmethod
    def resolve_people_ids(obj) -> list[int]:
        return sorted(p.pk for p in obj.people.all())

    @staticmethod
    def resolve_professional_ids(obj) -> list[int]:
        return sorted(u.pk for u in obj.professionals.all())


class SafetyPersonOut(Schema):
    id: int
    person_id: int
    name: str
    role: str
    confirmed_on: date | None
    plain: str
    version: int

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.person.full_name


class BottomLineOut(Schema):
    id: int
    kind: str
    text: str
    plain: str
    number: int | None
    done_on: date | None
    met_manually: bool
    version: int


class AgreementOut(Schema):
    id: int
    people_ids: list[int]
    professional_ids: list[int]
    what: str
    situation: str
    when: str
    how: str
    fallback: str
    plain: str
    monitor_person_id: int | None
    monitor_user_id: int | None
    frequency: str
    handover_to_id: int | None
    handover_on: date | None
    current_monitor: str = Field(description="Who checks today (after a handover: the network).")
    danger_id: int | None
    goal_id: int | None
    order: int
    version: int

    @staticmethod
    def resolve_people_ids(obj) -> list[int]:
        return sorted(p.pk for p in obj.people.all())

    @staticmethod
    def resolve_professional_ids(obj) -> list[int]:
        return sorted(u.pk for u in obj.professionals.all())

    @staticmethod
    def resolve_current_monitor(obj) -> str:
        from django.utils import timezone

        who = obj.monitor_on(timezone.localdate())
        if who is None:
            return ""
        return getattr(who, "full_name", None) or who.get_full_name() or who.username


class StepOut(Schema):
    id: int
    text: str
    plain: str
    target_on: date
    done_on: date | None
    version: int


class ChildTalkOut(Schema):
    id: int
    child_id: int
    held_on: date
    interviewer_id: int
    interviewer: str
    others_present: str
    note: str
    version: int

    @staticmethod
    def resolve_interviewer(obj) -> str:
        user = obj.interviewer
        return user.get_full_name() or user.username


class HouseItemOut(Schema):
    id: int
    talk_id: int
    house: str
    text: str
    order: int
    mapping_item_id: int | None = Field(description="Set once carried into the mapping.")
    version: int


class ChildRuleOut(Schema):
    id: int
    child_id: int
    text: str
    order: int
    version: int


def _story_state(story):
    """The approval state, computed once per story (a list may have set it already)."""
    state = getattr(story, "_api_state", None)
    if state is None:
        state = story._api_state = child.state_of(story)
    return state


class StoryOut(Schema):
    id: int
    title: str
    children_ids: list[int]
    made_with: str
    order: int
    state: str = Field(description="empty, not_approved, approved or changed (approval lapsed)")
    approved_by: list[str] = Field(description="Parents whose approval covers the story now.")
    page_ids: list[int]
    content_hash: str = Field(
        description="The story as it is now; send it with an approval (what the parent saw)."
    )
    version: int

    @staticmethod
    def resolve_children_ids(obj) -> list[int]:
        return sorted(p.pk for p in obj.children.all())

    @staticmethod
    def resolve_content_hash(obj) -> str:
        return child.story_hash(obj)

    @staticmethod
    def resolve_state(obj) -> str:
        return _story_state(obj).key

    @staticmethod
    def resolve_approved_by(obj) -> list[str]:
        return list(_story_state(obj).approved_by)

    @staticmethod
    def resolve_page_ids(obj) -> list[int]:
        return [page.pk for page in obj.pages.all()]


class StoryPageOut(Schema):
    id: int
    story_id: int
    text: str
    pictogram: str
    image_id: int | None
    order: int
    version: int


class StoryImageOut(Schema):
    id: int
    description: str
    width: int
    height: int
    content_type: str
    version: int


class StoryImageContentOut(StoryImageOut):
    content_base64: str

    @staticmethod
    def resolve_content_base64(obj) -> str:
        return base64.b64encode(bytes(obj.content)).decode("ascii")


class BottomLineStateOut(BottomLineOut):
    met: bool
    computed: bool


class PointOut(Schema):
    date: date
    score: int
    reason: str


class ScoreSeriesOut(Schema):
    key: str = Field(description="person-<id> or user-<id>")
    label: str
    points: list[PointOut]


class SignOffOut(Schema):
    id: int
    name: str
    role: str
    signed_on: date
    method: str


class DistributionOut(Schema):
    id: int
    name: str
    received_on: date
    method: str


class VersionSummary(Schema):
    id: int
    number: int
    status: str
    agreed_on: date | None
    distributed_on: date | None
    active_from: date | None
    superseded_on: date | None
    frozen: bool
    version: int


class VersionOut(VersionSummary):
    snapshot: dict[str, Any]
    signoffs: list[SignOffOut]
    distributions: list[DistributionOut]
    missing_signers: list[dict[str, str]]

    @staticmethod
    def resolve_signoffs(obj):
        return list(obj.signoffs.all())

    @staticmethod
    def resolve_distributions(obj):
        return list(obj.distributions.all())

    @staticmethod
    def resolve_missing_signers(obj):
        return actions.missing_signers(obj)


class AgreementReviewOut(Schema):
    agreement_id: int | None
    agreement_text: str
    outcome: str
    note: str


class EvaluationOut(Schema):
    id: int
    scheduled_on: date
    held_on: date | None
    decision: str
    decision_note: str
    next_on: date | None
    plan_version_id: int | None
    reviews: list[AgreementReviewOut]
    version: int

    @staticmethod
    def resolve_reviews(obj):
        return list(obj.reviews.all())


class PlanOut(Schema):
    exists: bool
    version: int | None = Field(description="The draft's version; send it to make a version.")
    mapping: list[MappingOut] = []
    harm_statements: list[HarmOut] = []
    danger_statements: list[DangerOut] = []
    goals: list[GoalOut] = []
    disagreements: list[DisagreementOut] = Field(
        [], description="Who of the family does not agree with a danger statement or goal."
    )
    safety_persons: list[SafetyPersonOut] = []
    bottom_lines: list[BottomLineStateOut] = []
    agreements: list[AgreementOut] = []
    warning_signs: list[WarningSignOut] = []
    steps: list[StepOut] = []
    versions: list[VersionSummary] = []
    evaluations: list[EvaluationOut] = []
    draft_differs_from_latest: bool = False


# Registry: API path segment, input schema, output schema, API field -> action field ------------


class _KindApi:
    def __init__(self, kind, segment, schema_in, schema_out, refs, *, add=True):
        self.kind, self.segment, self.schema_in, self.schema_out = (
            kind,
            segment,
            schema_in,
            schema_out,
        )
        self.refs = refs  # api name -> (action name, model, many)
        self.add = add  # False: added by a route of its own (an upload), changed generically


PERSON, USER = Person, User
KIND_API = [
    _KindApi("mapping", "mapping", MappingIn, MappingOut, {}),
    _KindApi(
        "harm",
        "harm-statements",
        HarmIn,
        HarmOut,
        {"children_ids": ("children", PERSON, True)},
    ),
    _KindApi(
        "danger",
        "danger-statements",
        DangerIn,
        DangerOut,
        {"children_ids": ("children", PERSON, True), "harm_ids": ("harms", "harm", True)},
    ),
    _KindApi(
        "disagreement",
        "disagreements",
        DisagreementIn,
        DisagreementOut,
        {
            "person_id": ("person", PERSON, False),
            "danger_id": ("danger", "danger", False),
            "goal_id": ("goal", "goal", False),
        },
    ),
    _KindApi(
        "warning_sign",
        "warning-signs",
        WarningSignIn,
        WarningSignOut,
        {
            "danger_id": ("danger", "danger", False),
            "agreement_id": ("agreement", "agreement", False),
            "people_ids": ("people", PERSON, True),
            "professional_ids": ("professionals", USER, True),
        },
    ),
    _KindApi("goal", "goals", GoalIn, GoalOut, {"danger_id": ("danger", "danger", False)}),
    _KindApi(
        "safety_person",
        "safety-persons",
        SafetyPersonIn,
        SafetyPersonOut,
        {"person_id": ("person", PERSON, False)},
    ),
    _KindApi("bottom_line", "bottom-lines", BottomLineIn, BottomLineOut, {}),
    _KindApi(
        "agreement",
        "agreements",
        AgreementIn,
        AgreementOut,
        {
            "people_ids": ("people", PERSON, True),
            "professional_ids": ("professionals", USER, True),
            "monitor_person_id": ("monitor_person", PERSON, False),
            "monitor_user_id": ("monitor_user", USER, False),
            "handover_to_id": ("handover_to", PERSON, False),
            "danger_id": ("danger", "danger", False),
            "goal_id": ("goal", "goal", False),
        },
    ),
    _KindApi("step", "steps", StepIn, StepOut, {}),
    # The child's part
    _KindApi(
        "child_talk",
        "child-talks",
        ChildTalkIn,
        ChildTalkOut,
        {
            "child_id": ("child", PERSON, False),
            "interviewer_id": ("interviewer", USER, False),
        },
    ),
    _KindApi(
        "house_item",
        "house-items",
        HouseItemIn,
        HouseItemOut,
        {"talk_id": ("talk", ChildTalk, False)},
    ),
    _KindApi(
        "child_rule",
        "child-rules",
        ChildRuleIn,
        ChildRuleOut,
        {"child_id": ("child", PERSON, False)},
    ),
    _KindApi(
        "story",
        "stories",
        StoryIn,
        StoryOut,
        {"children_ids": ("children", PERSON, True)},
    ),
    _KindApi(
        "story_page",
        "story-pages",
        StoryPageIn,
        StoryPageOut,
        {"story_id": ("story", Story, False), "image_id": ("image", StoryImage, False)},
    ),
    _KindApi("story_image", "story-images", StoryImageIn, StoryImageOut, {}, add=False),
]
_ACTION_TO_API = {
    spec.kind: {action: api_name for api_name, (action, _m, _many) in spec.refs.items()}
    for spec in KIND_API
}


def _patch_schema(spec: _KindApi):
    fields = {
        name: (info.annotation | None, None) for name, info in spec.schema_in.model_fields.items()
    }
    nullable = tuple(
        name
        for name, info in spec.schema_in.model_fields.items()
        if not info.is_required() and info.default is None
    )
    model = create_model(
        spec.schema_in.__name__.replace("In", "Patch"),
        __base__=s.PatchSchema,
        version=(s.Version, ...),
        **fields,
    )
    model.NULLABLE = nullable
    return model


_REF_MODELS = {
    "danger": DangerStatement,
    "goal": SafetyGoal,
    "harm": HarmStatement,
    "agreement": Agreement,
}


def _unknown_id() -> str:
    return _("Unknown id: choose one of this family file.")


def _scoped(model, access: FamilyAccess, plan):
    """The rows an id may name in this family file."""
    if model is Person:
        return Person.objects.filter(family=access.family)
    if model is User:
        return actions.professionals_for(access.family)
    if plan is None:
        return model.objects.none()
    rows = model.objects.filter(plan=plan)
    return rows.defer("content") if model is StoryImage else rows


def _resolve(spec: _KindApi, access: FamilyAccess, data: dict) -> dict:
    """API ids -> objects; an id that does not exist (or not in this file) is a field error."""
    plan = queries.plan_of(access)
    values, errors = {}, {}
    for name, value in data.items():
        if name not in spec.refs:
            values[name] = value
            continue
        action_name, model, many = spec.refs[name]
        model = _REF_MODELS.get(model, model)
        if value is None:
            values[action_name] = None
            continue
        ids = list(value) if many else [value]
        # Scoped in the lookup itself: an id of another family or organisation is "unknown",
        # exactly like an id that does not exist, so the answer reveals nothing about it.
        found = {o.pk: o for o in _scoped(model, access, plan).filter(pk__in=ids)}
        if len(found) != len(set(ids)):
            errors[name] = [_unknown_id()]
            continue
        values[action_name] = [found[i] for i in ids] if many else found[value]
    if errors:
        raise ValidationError(errors)
    return values


def _api_errors(kind: str, error: ValidationError) -> ValidationError:
    if not hasattr(error, "error_dict"):
        return error
    rename = _ACTION_TO_API.get(kind, {})
    return ValidationError(
        {rename.get(name, name): errs for name, errs in error.error_dict.items()}
    )


def _item(access, kind, item_id):
    item = actions.KINDS[kind].model.objects.filter(pk=item_id, plan__family=access.family).first()
    if item is None:
        raise Http404
    return item


def _register(spec: _KindApi) -> None:
    base = f"/{{family_id}}/safety/{spec.segment}"
    patch_schema = _patch_schema(spec)
    name = spec.kind

    def add(request, family_id: s.DbId, payload: spec.schema_in):  # type: ignore[name-defined]
        access = _write_access(request, family_id)
        values = _resolve(spec, access, payload.model_dump())
        try:
            item = actions.do_add_item(
                actor=_actor(request), access=access, item_type=spec.kind, **values
            )
        except ValidationError as error:
            raise _api_errors(spec.kind, error) from None
        return Status(201, item)

    def update(request, family_id: s.DbId, item_id: s.DbId, payload: patch_schema):  # type: ignore[valid-type]
        access = _write_access(request, family_id)
        item = _item(access, spec.kind, item_id)
        data = payload.model_dump(exclude_unset=True, exclude={"version"})
        if not data:
            raise ValidationError(_("Give at least one field to change."))
        values = _resolve(spec, access, data)
        try:
            return actions.do_update_item(
                actor=_actor(request),
                access=access,
                item_type=spec.kind,
                item=item,
                version=payload.version,
                **values,
            )
        except ValidationError as error:
            raise _api_errors(spec.kind, error) from None

    def remove(request, family_id: s.DbId, item_id: s.DbId, version: s.Version):
        """Remove only the version you read (?version=): a newer edit is never thrown away."""
        access = _write_access(request, family_id)
        item = _item(access, spec.kind, item_id)
        actions.do_remove_item(
            actor=_actor(request), access=access, item_type=spec.kind, item=item, version=version
        )
        return Status(204, None)

    for func, verb in ((add, "add"), (update, "update"), (remove, "remove")):
        func.__name__ = f"{verb}_{name}"
    if spec.add:
        router.post(
            base,
            response={201: spec.schema_out, **WRITE_ERRORS},
            summary=f"Add ({spec.segment})",
            operation_id=f"safety_add_{name}",
        )(add)
    router.patch(
        f"{base}/{{item_id}}",
        response={200: spec.schema_out, **PATCH_ERRORS},
        summary=f"Change ({spec.segment})",
        operation_id=f"safety_update_{name}",
    )(update)
    router.delete(
        f"{base}/{{item_id}}",
        response={204: None, **PATCH_ERRORS},
        summary=f"Remove ({spec.segment})",
        operation_id=f"safety_remove_{name}",
    )(remove)


# The whole plan ---------------------------------------------------------------------------------


@router.get(
    "/{family_id}/safety", response={200: PlanOut, **READ_ERRORS}, summary="The safety plan"
)
def get_plan(request, family_id: s.DbId):
    """The draft with everything in it, the versions and the evaluations."""
    access = _read(request, family_id)
    plan = queries.plan_of(access)
    if plan is None:
        return {"exists": False, "version": None}
    agreements = list(
        plan.agreements.select_related(
            "handover_to", "monitor_person", "monitor_user"
        ).prefetch_related("people", "professionals")
    )
    lines = []
    for line, state in queries.bottom_line_states(plan, agreements):
        line.met, line.computed = state.met, state.computed
        lines.append(line)
    versions = list(plan.versions.all())
    return {
        "exists": True,
        "version": plan.version,
        "mapping": list(plan.mapping.all()),
        "harm_statements": list(plan.harms.prefetch_related("children", "dangers")),
        "danger_statements": list(plan.dangers.prefetch_related("children", "harms")),
        "goals": list(plan.goals.all()),
        "disagreements": list(plan.disagreements.select_related("person")),
        "safety_persons": list(plan.safety_persons.select_related("person")),
        "bottom_lines": lines,
        "agreements": agreements,
        "warning_signs": list(plan.warning_signs.prefetch_related("people", "professionals")),
        "steps": list(plan.steps.all()),
        "versions": versions,
        "evaluations": list(plan.evaluations.prefetch_related("reviews")),
        "draft_differs_from_latest": bool(
            versions and diff_snapshots(versions[0].snapshot, draft_snapshot(plan))
        ),
    }


# Scaling ----------------------------------------------------------------------------------------


class ScoreIn(s.InputSchema):
    person_id: s.DbId | None = Field(None, description="A person of the family or network ...")
    user_id: s.DbId | None = Field(None, description="... or a professional: exactly one.")
    score: Score
    reason: Text
    scored_on: date


class ScoreOut(Schema):
    id: int
    person_id: int | None
    user_id: int | None
    score: int
    reason: str
    scored_on: date


def _participant(family, person_id, user_id) -> dict:
    """Only people of this family and colleagues allowed in its plan can be named; any other
    id gets the same answer as an id that does not exist."""
    person = user = None
    if person_id is not None:
        person = Person.objects.filter(pk=person_id, family=family).first()
        if person is None:
            raise ValidationError({"person_id": [_unknown_id()]})
    if user_id is not None:
        user = actions.professionals_for(family).filter(pk=user_id).first()
        if user is None:
            raise ValidationError({"user_id": [_unknown_id()]})
    return {"person": person, "user": user}


@router.get(
    "/{family_id}/safety/scaling",
    response={200: list[ScoreSeriesOut], **READ_ERRORS},
    summary="Safety scores over time, per participant",
)
def get_scaling(request, family_id: s.DbId):
    access = _read(request, family_id, object_type="scaling")
    plan = queries.plan_of(access)
    return queries.scaling_series(plan) if plan else []


@router.post(
    "/{family_id}/safety/scaling",
    response={201: ScoreOut, **WRITE_ERRORS},
    summary="Record a safety score",
)
def add_score(request, family_id: s.DbId, payload: ScoreIn):
    access = _write_access(request, family_id)
    values = _participant(access.family, payload.person_id, payload.user_id)
    try:
        score = actions.do_add_score(
            actor=_actor(request),
            access=access,
            score=payload.score,
            reason=payload.reason,
            scored_on=payload.scored_on,
            **values,
        )
    except ValidationError as error:
        if hasattr(error, "error_dict") and "participant" in error.error_dict:
            raise ValidationError(
                {("person_id" if k == "participant" else k): v for k, v in error.error_dict.items()}
            ) from None
        raise
    return Status(201, score)


# Versions ---------------------------------------------------------------------------------------


class CreateVersionIn(s.InputSchema):
    plan_version: s.Version = Field(description="The plan's `version` you read (GET .../safety).")


class LockIn(s.InputSchema):
    version: s.Version


class SignOffIn(s.InputSchema):
    version: s.Version
    person_id: s.DbId | None = None
    user_id: s.DbId | None = None
    signed_on: date
    method: SignOffMethod


class Recipient(s.InputSchema):
    person_id: s.DbId | None = None
    user_id: s.DbId | None = None


class DistributeIn(s.InputSchema):
    version: s.Version
    recipients: Annotated[list[Recipient], Field(min_length=1, max_length=100)]
    received_on: date
    method: DistributionMethod


class ActivateIn(s.InputSchema):
    version: s.Version
    active_from: date


def _version(access, version_id):
    return queries.version_of(access, version_id)


@router.post(
    "/{family_id}/safety/versions",
    response={201: VersionOut, **PATCH_ERRORS},
    summary="Make a version of the draft, to be signed",
)
def create_version(request, family_id: s.DbId, payload: CreateVersionIn):
    access = _write_access(request, family_id)
    created = actions.do_create_version(
        actor=_actor(request), access=access, plan_version=payload.plan_version
    )
    return Status(201, created)


@router.get(
    "/{family_id}/safety/versions/{version_id}",
    response={200: VersionOut, **READ_ERRORS},
    summary="One plan version with its snapshot, sign-offs and distribution list",
)
def get_version(request, family_id: s.DbId, version_id: s.DbId):
    with transaction.atomic():
        access = _read(request, family_id, object_type="plan_version", object_id=version_id)
        return _version(access, version_id)


@router.post(
    "/{family_id}/safety/versions/{version_id}/signoffs",
    response={201: VersionOut, **PATCH_ERRORS},
    summary="Record a sign-off",
)
def sign_version(request, family_id: s.DbId, version_id: s.DbId, payload: SignOffIn):
    access = _write_access(request, family_id)
    pv = _version(access, version_id)
    values = _participant(access.family, payload.person_id, payload.user_id)
    try:
        actions.do_sign_off(
            actor=_actor(request),
            access=access,
            plan_version=pv,
            version=payload.version,
            signed_on=payload.signed_on,
            method=payload.method,
            **values,
        )
    except ValidationError as error:
        if hasattr(error, "error_dict") and "signer" in error.error_dict:
            raise ValidationError(
                {("person_id" if k == "signer" else k): v for k, v in error.error_dict.items()}
            ) from None
        raise
    pv.refresh_from_db()
    return Status(201, pv)


@router.post(
    "/{family_id}/safety/versions/{version_id}/agree",
    response={200: VersionOut, **PATCH_ERRORS},
    summary="Mark a signed version as agreed",
)
def agree_version(request, family_id: s.DbId, version_id: s.DbId, payload: LockIn):
    access = _write_access(request, family_id)
    pv = _version(access, version_id)
    return actions.do_mark_agreed(
        actor=_actor(request), access=access, plan_version=pv, version=payload.version
    )


@router.post(
    "/{family_id}/safety/versions/{version_id}/distribution",
    response={200: VersionOut, **PATCH_ERRORS},
    summary="Record who received the version (the first time freezes it)",
)
def distribute_version(request, family_id: s.DbId, version_id: s.DbId, payload: DistributeIn):
    access = _write_access(request, family_id)
    pv = _version(access, version_id)
    recipients = []
    for index, r in enumerate(payload.recipients):
        found = _participant(access.family, r.person_id, r.user_id)
        if bool(found["person"]) == bool(found["user"]):
            raise ValidationError({f"recipients.{index}": [_("Give a person_id or a user_id.")]})
        recipients.append(found["person"] or found["user"])
    return actions.do_distribute(
        actor=_actor(request),
        access=access,
        plan_version=pv,
        version=payload.version,
        recipients=recipients,
        received_on=payload.received_on,
        method=payload.method,
    )


@router.post(
    "/{family_id}/safety/versions/{version_id}/activate",
    response={200: VersionOut, **PATCH_ERRORS},
    summary="Make a distributed version the active plan (the previous one is superseded)",
)
def activate_version(request, family_id: s.DbId, version_id: s.DbId, payload: ActivateIn):
    access = _write_access(request, family_id)
    pv = _version(access, version_id)
    return actions.do_activate(
        actor=_actor(request),
        access=access,
        plan_version=pv,
        version=payload.version,
        active_from=payload.active_from,
    )


@router.get(
    "/{family_id}/safety/versions/{version_id}/pdf",
    response={200: None, **READ_ERRORS},
    summary="The version as PDF (A4); logged as an export",
)
def version_pdf(request, family_id: s.DbId, version_id: s.DbId):
    actor = _actor(request)
    with transaction.atomic():
        access = queries.open_plan(actor, family_id, action=None)
        pv = _version(access, version_id)
        actions.log_export(actor, access, pv)
    response = HttpResponse(render_pdf(access.family, pv), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="veiligheidsplan-{access.family.reference}-v{pv.number}.pdf"'
    )
    return response


class DiffParams(s.InputSchema):
    a: Annotated[int, Field(ge=1, le=s.MAX_VERSION)] = Field(description="Version number")
    b: Annotated[int, Field(ge=1, le=s.MAX_VERSION)] | None = Field(
        None, description="Version number; left out: the current draft"
    )


class FieldChangeOut(Schema):
    field: str
    old: str
    new: str


class ItemRef(Schema):
    id: str
    title: str


class ItemChangeOut(Schema):
    id: str
    title: str
    fields: list[FieldChangeOut]


class SectionDiffOut(Schema):
    section: str
    added: list[ItemRef]
    removed: list[ItemRef]
    changed: list[ItemChangeOut]


@router.get(
    "/{family_id}/safety/diff",
    response={200: list[SectionDiffOut], **READ_ERRORS},
    summary="Differences between two versions (or a version and the draft)",
)
def version_diff(request, family_id: s.DbId, params: Query[DiffParams]):
    from vangnet.api.families import _reject_unknown_query

    _reject_unknown_query(request, DiffParams)
    with transaction.atomic():
        access = _read(request, family_id, object_type="plan_version_diff")
        plan = queries.plan_of(access)
        versions = {v.number: v for v in plan.versions.all()} if plan else {}
        if params.a not in versions or (params.b is not None and params.b not in versions):
            raise Http404
        new = versions[params.b].snapshot if params.b else draft_snapshot(plan)
        return diff_snapshots(versions[params.a].snapshot, new)


# Evaluations ------------------------------------------------------------------------------------


class ScheduleIn(s.InputSchema):
    scheduled_on: date


class ReviewIn(s.InputSchema):
    agreement_id: s.DbId
    outcome: Outcome
    note: OptText = ""


class EvalScoreIn(s.InputSchema):
    person_id: s.DbId | None = None
    user_id: s.DbId | None = None
    score: Score
    reason: Text


class RecordEvaluationIn(s.InputSchema):
    version: s.Version
    held_on: date
    reviews: Annotated[list[ReviewIn], Field(max_length=500)]
    scores: Annotated[list[EvalScoreIn], Field(max_length=50)] = []
    decision: Decision
    decision_note: OptText = ""
    next_on: date | None = None


def _evaluation(access, evaluation_id) -> Evaluation:
    evaluation = Evaluation.objects.filter(pk=evaluation_id, plan__family=access.family).first()
    if evaluation is None:
        raise Http404
    return evaluation


@router.post(
    "/{family_id}/safety/evaluations",
    response={201: EvaluationOut, **WRITE_ERRORS},
    summary="Plan an evaluation",
)
def schedule_evaluation(request, family_id: s.DbId, payload: ScheduleIn):
    access = _write_access(request, family_id)
    evaluation = actions.do_schedule_evaluation(
        actor=_actor(request), access=access, scheduled_on=payload.scheduled_on
    )
    return Status(201, evaluation)


@router.post(
    "/{family_id}/safety/evaluations/{evaluation_id}",
    response={200: EvaluationOut, **PATCH_ERRORS},
    summary="Record an evaluation: agreements kept, new scaling, decision, next date",
)
def record_evaluation(
    request, family_id: s.DbId, evaluation_id: s.DbId, payload: RecordEvaluationIn
):
    access = _write_access(request, family_id)
    evaluation = _evaluation(access, evaluation_id)
    scores = []
    for r in payload.scores:
        scores.append(
            {
                **_participant(access.family, r.person_id, r.user_id),
                "score": r.score,
                "reason": r.reason,
                "scored_on": payload.held_on,
            }
        )
    reviews = {r.agreement_id: {"outcome": r.outcome, "note": r.note} for r in payload.reviews}
    try:
        return actions.do_record_evaluation(
            actor=_actor(request),
            access=access,
            evaluation=evaluation,
            version=payload.version,
            held_on=payload.held_on,
            reviews=reviews,
            scores=scores,
            decision=payload.decision,
            decision_note=payload.decision_note,
            next_on=payload.next_on,
        )
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        renamed = {}
        for name, errs in error.error_dict.items():
            if name.startswith("outcome_"):
                name = f"reviews.{name.removeprefix('outcome_')}"
            elif name.startswith("score_"):
                _s, index, field = name.split("_", 2)
                name = f"scores.{index}.{'person_id' if field == 'participant' else field}"
            renamed[name] = errs
        raise ValidationError(renamed) from None


# The child's part: Three Houses, the child's safety rules, Words and Pictures --------------------


class TalkWithItemsOut(ChildTalkOut):
    items: list[HouseItemOut] = Field(description="What the child said, house by house.")

    @staticmethod
    def resolve_items(obj):
        return obj.items_by_house


class StoryRefOut(Schema):
    id: int
    title: str
    state: str


class ChildOut(Schema):
    id: int
    name: str
    old_enough: bool = Field(description="Old enough to be talked with (Three Houses).")
    view_recorded: bool = Field(description="A talk or a mapping item gives the child's view.")
    talks: list[TalkWithItemsOut]
    rules: list[ChildRuleOut]
    stories: list[StoryRefOut]


class StoryWithPagesOut(StoryOut):
    pages: list[StoryPageOut]

    @staticmethod
    def resolve_pages(obj):
        return list(obj.pages.all())


class ChildPartOut(Schema):
    exists: bool
    children: list[ChildOut] = []
    stories: list[StoryWithPagesOut] = []
    images: list[StoryImageOut] = Field(
        [], description="Metadata only; GET story-images/{id} for the picture itself."
    )


def _child_out(part) -> dict:
    talks = []
    for talk, houses in part.talks:
        talk.items_by_house = [item for house in House.values for item in houses[house]]
        talks.append(talk)
    return {
        "id": part.child.pk,
        "name": part.child.full_name,
        "old_enough": part.old_enough,
        "view_recorded": part.view_recorded,
        "talks": talks,
        "rules": part.rules,
        "stories": [
            {"id": story.pk, "title": story.title, "state": state.key}
            for story, state in part.stories
        ],
    }


@router.get(
    "/{family_id}/safety/child",
    response={200: ChildPartOut, **READ_ERRORS},
    summary="The child's part: per child its talks, rules and stories; the stories and pictures",
)
def get_child_part(request, family_id: s.DbId):
    access = _read(request, family_id, object_type="child_part")
    plan = queries.plan_of(access)
    stories = []
    for story, state in child.stories_with_state(plan):
        story._api_state = state
        stories.append(story)
    return {
        "exists": plan is not None,
        "children": [_child_out(part) for part in child.child_parts(plan, access.family)],
        "stories": stories,
        "images": child.images_of(plan),
    }


class CarryIn(s.InputSchema):
    version: s.Version = Field(description="The house item's version.")
    category: MappingCategory = Field(description="A kind of the mapping column of the house.")


@router.post(
    "/{family_id}/safety/house-items/{item_id}/carry",
    response={201: MappingOut, **PATCH_ERRORS},
    summary="Carry what the child said into the mapping, with the child as source",
)
def carry_house_item(request, family_id: s.DbId, item_id: s.DbId, payload: CarryIn):
    access = _write_access(request, family_id)
    item = _item(access, "house_item", item_id)
    mapping = actions.do_carry_to_mapping(
        actor=_actor(request),
        access=access,
        item=item,
        version=payload.version,
        category=payload.category,
    )
    return Status(201, mapping)


class ApprovalIn(s.InputSchema):
    version: s.Version = Field(description="The story's version you went through with the parent.")
    person_id: s.DbId = Field(description="A parent or caregiver of the family.")
    approved_on: date
    content_hash: Annotated[str, StringConstraints(min_length=64, max_length=64)] = Field(
        description="The story's content_hash as shown to the parent (GET .../safety/child): a "
        "page changed since makes the approval a conflict (409), like a changed story version.",
    )


class ApprovalOut(Schema):
    id: int
    name: str
    approved_on: date
    content_hash: str = Field(description="The story as it was approved; a change lapses it.")


@router.post(
    "/{family_id}/safety/stories/{item_id}/approvals",
    response={201: ApprovalOut, **PATCH_ERRORS},
    summary="Record that a parent approved the story as it is now",
)
def approve_story(request, family_id: s.DbId, item_id: s.DbId, payload: ApprovalIn):
    access = _write_access(request, family_id)
    story = _item(access, "story", item_id)
    person = Person.objects.filter(pk=payload.person_id, family=access.family).first()
    if person is None:
        raise ValidationError({"person_id": [_unknown_id()]})
    try:
        approval = actions.do_approve_story(
            actor=_actor(request),
            access=access,
            story=story,
            version=payload.version,
            person=person,
            approved_on=payload.approved_on,
            seen_hash=payload.content_hash,
        )
    except ValidationError as error:
        raise _renamed(error, {"person": "person_id"}) from None
    return Status(201, approval)


# Base64 of an upload one byte over the limit: the action refuses that with its own message.
MAX_BASE64 = 4 * -(-(MAX_UPLOAD_BYTES + 1) // 3)


def _decode_base64(value: str) -> bytes:
    try:
        return base64.b64decode("".join(value.split()), validate=True)
    except (binascii.Error, ValueError):
        raise ValueError(_("Send the picture as base64.")) from None


class StoryImageUploadIn(s.InputSchema):
    description: s.text(300, required=True) = Field(
        description="What the picture shows (read aloud to people who cannot see it)."
    )
    content_base64: Annotated[
        str,
        StringConstraints(min_length=1, max_length=MAX_BASE64),
        AfterValidator(_decode_base64),
    ] = Field(description="A PNG or JPEG of at most 5 MB, base64; re-encoded without metadata.")


def _renamed(error: ValidationError, names: dict) -> ValidationError:
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError({names.get(name, name): errs for name, errs in error.error_dict.items()})


@router.post(
    "/{family_id}/safety/story-images",
    response={201: StoryImageOut, **WRITE_ERRORS},
    summary="Upload a picture for Words and Pictures",
)
def add_story_image(request, family_id: s.DbId, payload: StoryImageUploadIn):
    access = _write_access(request, family_id)
    try:
        image = actions.do_add_story_image(
            actor=_actor(request),
            access=access,
            data=payload.content_base64,  # decoded by the schema
            description=payload.description,
        )
    except ValidationError as error:
        raise _renamed(error, {"image": "content_base64"}) from None
    return Status(201, image)


@router.get(
    "/{family_id}/safety/story-images/{item_id}",
    response={200: StoryImageContentOut, **READ_ERRORS},
    summary="One uploaded picture, with its content (base64)",
)
def get_story_image(request, family_id: s.DbId, item_id: s.DbId):
    with transaction.atomic():
        access = _read(request, family_id, object_type="story_image", object_id=item_id)
        return _item(access, "story_image", item_id)


# The versions for the family: the parents' version and the child version -----------------------


def _pdf_response(pdf: bytes, name: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@router.get(
    "/{family_id}/safety/versions/{version_id}/parents-pdf",
    response={200: None, **READ_ERRORS},
    summary="The parents' version of a plan version as PDF; logged as an export",
)
def parents_version_pdf(request, family_id: s.DbId, version_id: s.DbId):
    actor = _actor(request)
    with transaction.atomic():
        access = queries.open_plan(actor, family_id, action=None)
        pv = _version(access, version_id)
        actions.log_export(actor, access, pv, edition="parents")
    name = f"veiligheidsplan-ouders-{access.family.reference}-v{pv.number}.pdf"
    return _pdf_response(outputs.parents_pdf(access.family, pv), name)


@router.get(
    "/{family_id}/safety/children/{child_id}/child-version-pdf",
    response={200: None, **READ_ERRORS},
    summary="The draft's child version as PDF, a preview marked 'Concept'; an export",
)
def child_version_pdf(request, family_id: s.DbId, child_id: s.DbId):
    from vangnet.safety.snapshot import plan_snapshot

    actor = _actor(request)
    with transaction.atomic():
        access = queries.open_plan(actor, family_id, action=None)
        kid = Person.objects.filter(pk=child_id, family=access.family, kind="child").first()
        if kid is None:
            raise Http404
        actions.log_child_version(actor, access, kid)
    plan = queries.plan_of(access)
    snapshot = plan_snapshot(plan) if plan is not None else {}
    document = outputs.child_document(snapshot, kid, concept=True)
    name = f"kindversie-{access.family.reference}-{kid.pk}-concept.pdf"
    return _pdf_response(outputs.child_pdf(access.family, document), name)


@router.get(
    "/{family_id}/safety/versions/{version_id}/children/{child_id}/child-version-pdf",
    response={200: None, **READ_ERRORS},
    summary="The child's version of a plan version (as frozen with it) as PDF; an export",
)
def version_child_version_pdf(request, family_id: s.DbId, version_id: s.DbId, child_id: s.DbId):
    actor = _actor(request)
    with transaction.atomic():
        access = queries.open_plan(actor, family_id, action=None)
        pv = _version(access, version_id)
        kid = Person.objects.filter(pk=child_id, family=access.family, kind="child").first()
        if kid is None:
            raise Http404
        actions.log_child_version(actor, access, kid, plan_version=pv)
    document = outputs.child_document(pv.snapshot, kid)
    name = f"kindversie-{access.family.reference}-{kid.pk}-v{pv.number}.pdf"
    return _pdf_response(outputs.child_pdf(access.family, document, pv), name)


for _spec in KIND_API:
    _register(_spec)

api.add_router("/families", router)


# The immediate safety plan ------------------------------------------------------------------------


class ImmediatePlanOut(Schema):
    id: int
    made_on: date
    where: str
    with_whom: str
    checks: str
    if_wrong: str
    call: str
    other: str
    review_on: date
    is_open: bool
    ended_on: date | None
    end_kind: str = Field(description="replaced, ended or renewed; empty while open.")
    end_reason: str
    replaced_by_version: int | None = Field(description="Number of the plan version.")
    renews_id: int | None
    version: int

    @staticmethod
    def resolve_replaced_by_version(obj):
        return obj.replaced_by.number if obj.replaced_by_id else None


class ImmediatePlanIn(s.InputSchema):
    """Only the essentials are required: where the child is, who is with the child, whom to
    call. review_on: within 14 days of made_on; left out: in 3 days."""

    where: Text = Field(description="Where the child is tonight and the coming days.")
    with_whom: Text = Field(description="Who is with the child.")
    call: Text = Field(description="Whom to call (names and phone numbers).")
    checks: OptText = Field("", description="Who checks, and when.")
    if_wrong: OptText = Field("", description="What if it goes wrong.")
    other: OptText = ""
    made_on: date | None = None
    review_on: date | None = None


class ImmediatePlanPatch(s.InputSchema):
    version: s.Version
    where: Text | None = None
    with_whom: Text | None = None
    call: Text | None = None
    checks: OptText | None = None
    if_wrong: OptText | None = None
    other: OptText | None = None
    review_on: date | None = None


class ImmediateEndIn(s.InputSchema):
    version: s.Version
    reason: Text


class ImmediateRenewIn(s.InputSchema):
    """What is agreed now (fields left out are copied from the plan it renews)."""

    version: s.Version
    reason: Text
    where: Text | None = None
    with_whom: Text | None = None
    call: Text | None = None
    checks: OptText | None = None
    if_wrong: OptText | None = None
    other: OptText | None = None
    review_on: date | None = None


IMMEDIATE_BASE = "/{family_id}/safety/immediate-plans"


@router.get(
    IMMEDIATE_BASE,
    response={200: list[ImmediatePlanOut], **READ_ERRORS},
    summary="The family's immediate safety plans, newest first (ended ones included)",
)
def list_immediate_plans(request, family_id: s.DbId):
    access = _read(request, family_id, object_type="immediate_plan")
    return queries.immediate_plans(access.family)


@router.post(
    IMMEDIATE_BASE,
    response={201: ImmediatePlanOut, **WRITE_ERRORS},
    summary="Make an immediate safety plan for the coming days",
)
def make_immediate_plan(request, family_id: s.DbId, payload: ImmediatePlanIn):
    access = _write_access(request, family_id)
    made = actions.do_make_immediate_plan(
        actor=_actor(request), access=access, **payload.model_dump()
    )
    return Status(201, made)


@router.get(
    IMMEDIATE_BASE + "/{item_id}",
    response={200: ImmediatePlanOut, **READ_ERRORS},
    summary="One immediate safety plan",
)
def get_immediate_plan(request, family_id: s.DbId, item_id: s.DbId):
    access = _read(request, family_id, object_type="immediate_plan", object_id=item_id)
    return queries.immediate_plan_of(access, item_id)


@router.patch(
    IMMEDIATE_BASE + "/{item_id}",
    response={200: ImmediatePlanOut, **PATCH_ERRORS},
    summary="Change an open immediate safety plan",
)
def update_immediate_plan(request, family_id: s.DbId, item_id: s.DbId, payload: ImmediatePlanPatch):
    access = _write_access(request, family_id)
    plan = queries.immediate_plan_of(access, item_id)
    data = payload.model_dump(exclude_unset=True, exclude={"version"})
    if not data:
        raise ValidationError(_("Give at least one field to change."))
    return actions.do_update_immediate_plan(
        actor=_actor(request), access=access, plan=plan, version=payload.version, **data
    )


@router.post(
    IMMEDIATE_BASE + "/{item_id}/end",
    response={200: ImmediatePlanOut, **PATCH_ERRORS},
    summary="End an immediate safety plan by hand, with a reason",
)
def end_immediate_plan(request, family_id: s.DbId, item_id: s.DbId, payload: ImmediateEndIn):
    access = _write_access(request, family_id)
    plan = queries.immediate_plan_of(access, item_id)
    actions.do_end_immediate_plan(
        actor=_actor(request),
        access=access,
        plan=plan,
        version=payload.version,
        reason=payload.reason,
    )
    return queries.immediate_plan_of(access, item_id)


@router.post(
    IMMEDIATE_BASE + "/{item_id}/renew",
    response={201: ImmediatePlanOut, **PATCH_ERRORS},
    summary="Renew an immediate safety plan: it ends, a new one starts today",
)
def renew_immediate_plan(request, family_id: s.DbId, item_id: s.DbId, payload: ImmediateRenewIn):
    access = _write_access(request, family_id)
    plan = queries.immediate_plan_of(access, item_id)
    data = payload.model_dump(exclude_unset=True, exclude={"version", "reason"})
    new = actions.do_renew_immediate_plan(
        actor=_actor(request),
        access=access,
        plan=plan,
        version=payload.version,
        reason=payload.reason,
        **data,
    )
    return Status(201, new)
