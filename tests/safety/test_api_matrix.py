"""The safety-plan API: every route per persona, one access-log entry per request."""

import base64
from dataclasses import dataclass

import pytest

from tests.matrix_common import api_family_route, refusal_entries
from tests.personas import PERSONA_NAMES
from tests.safety import matrix
from tests.safety.helpers import TINY_PNG, build_plan, day
from tests.test_api import READER, USER_AGENT, last_event_id, new_events, writer
from vangnet.api.api import api as ninja_api
from vangnet.audit.verification import verify_access_log
from vangnet.safety.child import story_hash
from vangnet.safety.models import PlanVersion, SignOff

BASE = "/api/v1"
F = "/families/{family_id}/safety"


def _signed(p, d):
    for key in d.version.snapshot["signers"]:
        kind, pk = key["key"].split("-")
        SignOff.objects.create(
            plan_version=d.version,
            person_id=int(pk) if kind == "person" else None,
            user_id=int(pk) if kind == "user" else None,
            name=key["name"],
            signed_on=day(),
            method="in_person",
            recorded_by=p.case_worker,
        )


def _agreed(p, d):
    _signed(p, d)
    PlanVersion.objects.filter(pk=d.version.pk).update(status="agreed", agreed_on=day())


def _distributed(p, d):
    _agreed(p, d)
    PlanVersion.objects.filter(pk=d.version.pk).update(status="distributed", distributed_on=day())


@dataclass
class Endpoint:
    method: str
    path: str
    expect: dict
    log: tuple  # (action, object_type)
    body: object = None  # callable(personas, plan data) -> dict
    setup: object = None
    item: str = ""  # which PlanData attribute {item_id} names

    def url(self, p, d) -> str:
        item_id = getattr(d, self.item).pk if self.item else 0
        return self.path.format(
            family_id=p.family.pk,
            item_id=item_id,
            version_id=d.version.pk,
            evaluation_id=d.evaluation.pk,
            child_id=p.child.pk,
        )

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"


ITEM_BODIES = {
    "mapping": (
        "mapping",
        lambda p, d: {
            "category": "strength",
            "text": "Oma is er altijd.",
            "contributor_kind": "network",
            "recorded_on": day().isoformat(),
        },
        {"text": "Oma is er bijna altijd."},
    ),
    "danger-statements": (
        "danger",
        lambda p, d: {
            "whose": "moeder",
            "behaviour": "schreeuwt",
            "situations": "ze moe is",
            "children_ids": [p.child.pk],
            "impact": "Testkind schrikt",
            "fear": "het erger wordt",
        },
        {"fear": "Testkind wegloopt"},
    ),
    "harm-statements": (
        "harm",
        lambda p, d: {
            "whose": "moeder",
            "what": "liet Testkind een nacht alleen thuis",
            "children_ids": [p.child.pk],
            "how_often": "een keer, in februari",
            "impact": "Testkind was bang in het donker",
        },
        {"how_often": "twee keer, in februari en maart"},
    ),
    "disagreements": (
        "disagreement",
        lambda p, d: {
            "person_id": p.parent.pk,
            "goal_id": d.goal.pk,
            "text": "Dat is niet nodig, het gaat goed.",
            "recorded_on": day().isoformat(),
        },
        {"text": "Dat vind ik niet nodig."},
    ),
    "warning-signs": (
        "warning_sign",
        lambda p, d: {
            "danger_id": d.danger.pk,
            "sign": "Vader komt laat thuis en praat hard.",
            "response": "Moeder belt de buurvrouw; de buurvrouw komt.",
            "people_ids": [p.parent.pk, d.network.pk],
        },
        {"response": "Moeder belt de buurvrouw."},
    ),
    "goals": (
        "goal",
        lambda p, d: {"text": "Rust in huis.", "danger_id": d.danger.pk},
        {"text": "Veel rust in huis."},
    ),
    "safety-persons": (
        "safety_person",
        lambda p, d: {"person_id": _other_network(p).pk, "role": "Belt elke avond."},
        {"role": "Belt elke ochtend."},
    ),
    "bottom-lines": (
        "bottom_line",
        lambda p, d: {"kind": "other", "text": "School weet van het plan.", "met_manually": True},
        {"text": "School kent het plan."},
    ),
    "agreements": (
        "agreement",
        lambda p, d: {
            "people_ids": [p.parent.pk],
            "what": "Moeder brengt Testkind naar school.",
            "situation": "school",
            "how": "Om 8 uur lopen ze samen.",
            "fallback": "De buurvrouw brengt hem.",
            "monitor_person_id": d.network.pk,
            "frequency": "dagelijks",
        },
        {"frequency": "twee keer per week"},
    ),
    "steps": (
        "step",
        lambda p, d: {"text": "Woord en beeld klaar.", "target_on": day(30).isoformat()},
        {"text": "Woord en beeld af."},
    ),
    # The child's part
    "child-talks": (
        "child_talk",
        lambda p, d: {
            "child_id": p.child.pk,
            "held_on": day().isoformat(),
            "interviewer_id": p.case_worker.pk,
            "others_present": "juf",
            "note": "Op school, na de gym.",
        },
        {"note": "Thuis, aan de keukentafel."},
    ),
    "house-items": (
        "house_item",
        lambda p, d: {
            "talk_id": d.child_talk.pk,
            "house": "good_things",
            "text": "Oma leest voor.",
        },
        {"text": "Oma leest elke avond voor."},
    ),
    "child-rules": (
        "child_rule",
        lambda p, d: {"child_id": p.child.pk, "text": "Ik bel oma als het thuis eng is."},
        {"text": "Ik bel oma als ik bang ben."},
    ),
    "stories": (
        "story",
        lambda p, d: {
            "title": "Waarom oma vaker komt",
            "children_ids": [p.child.pk],
            "made_with": "moeder",
        },
        {"title": "Waarom oma nu vaker komt"},
    ),
    "story-pages": (
        "story_page",
        lambda p, d: {"story_id": d.story.pk, "text": "Oma komt elke dag.", "pictogram": "house"},
        {"text": "Oma komt elke middag."},
    ),
}


def _other_network(p):
    from vangnet.families.models import Person

    return Person.objects.create(family=p.family, kind="network", first_name="Testoom")


ENDPOINTS = [
    Endpoint("GET", F, READER, ("read", "safety_plan")),
    Endpoint("GET", F + "/scaling", READER, ("read", "scaling")),
    Endpoint(
        "POST",
        F + "/scaling",
        writer(201),
        ("create", "scaling_score"),
        body=lambda p, d: {
            "user_id": p.team_member.pk,
            "score": 6,
            "reason": "Afspraken worden nagekomen.",
            "scored_on": day().isoformat(),
        },
    ),
    Endpoint(
        "POST",
        F + "/versions",
        writer(201),
        ("create", "plan_version"),
        body=lambda p, d: {"plan_version": d.plan.version},
        setup=lambda p, d: d.step.__class__.objects.filter(pk=d.step.pk).update(
            text="Netwerkberaad gepland."
        ),
    ),
    Endpoint("GET", F + "/versions/{version_id}", READER, ("read", "plan_version")),
    Endpoint(
        "POST",
        F + "/versions/{version_id}/signoffs",
        writer(201),
        ("create", "plan_signoff"),
        body=lambda p, d: {
            "version": 1,
            "person_id": p.parent.pk,
            "signed_on": day().isoformat(),
            "method": "phone",
        },
    ),
    Endpoint(
        "POST",
        F + "/versions/{version_id}/agree",
        writer(200),
        ("update", "plan_version"),
        body=lambda p, d: {"version": 1},
        setup=_signed,
    ),
    Endpoint(
        "POST",
        F + "/versions/{version_id}/distribution",
        writer(200),
        ("update", "plan_version"),
        body=lambda p, d: {
            "version": 1,
            "recipients": [{"person_id": p.parent.pk}, {"user_id": p.case_worker.pk}],
            "received_on": day().isoformat(),
            "method": "in_person",
        },
        setup=_agreed,
    ),
    Endpoint(
        "POST",
        F + "/versions/{version_id}/activate",
        writer(200),
        ("update", "plan_version"),
        body=lambda p, d: {"version": 1, "active_from": day().isoformat()},
        setup=_distributed,
    ),
    Endpoint("GET", F + "/versions/{version_id}/pdf", READER, ("export", "plan_version")),
    Endpoint("GET", F + "/diff?a=1", READER, ("read", "plan_version_diff")),
    Endpoint("GET", F + "/draft/review", READER, ("read", "safety_plan")),
    Endpoint("GET", F + "/versions/{version_id}/review", READER, ("read", "plan_version")),
    Endpoint(
        "POST",
        F + "/evaluations",
        writer(201),
        ("create", "evaluation"),
        body=lambda p, d: {"scheduled_on": day(60).isoformat()},
    ),
    Endpoint(
        "POST",
        F + "/evaluations/{evaluation_id}",
        writer(200),
        ("update", "evaluation"),
        body=lambda p, d: {
            "version": 1,
            "held_on": day().isoformat(),
            "reviews": [{"agreement_id": d.agreement.pk, "outcome": "kept"}],
            "scores": [{"person_id": p.parent.pk, "score": 7, "reason": "Rustiger."}],
            "decision": "continue",
            "next_on": day(28).isoformat(),
        },
    ),
]

# The child's part: its own routes (the generic ones come from ITEM_BODIES below).
ENDPOINTS += [
    Endpoint("GET", F + "/child", READER, ("read", "child_part")),
    Endpoint(
        "POST",
        F + "/house-items/{item_id}/carry",
        writer(201),
        ("create", "mapping_item"),
        body=lambda p, d: {"version": 1, "category": "next_step"},
        item="house_item",
    ),
    Endpoint(
        "POST",
        F + "/stories/{item_id}/approvals",
        writer(201),
        ("create", "story_approval"),
        body=lambda p, d: {
            "version": 1,
            "person_id": p.parent.pk,
            "approved_on": day().isoformat(),
            "content_hash": story_hash(d.story),
        },
        item="story",
    ),
    Endpoint(
        "POST",
        F + "/story-images",
        writer(201),
        ("create", "story_image"),
        body=lambda p, d: {
            "description": "Tekening van oma",
            "content_base64": base64.b64encode(TINY_PNG).decode(),
        },
    ),
    Endpoint(
        "GET", F + "/story-images/{item_id}", READER, ("read", "story_image"), item="story_image"
    ),
    Endpoint(
        "PATCH",
        F + "/story-images/{item_id}",
        writer(200),
        ("update", "story_image"),
        body=lambda p, d: {"version": 1, "description": "Tekening van ons huis"},
        item="story_image",
    ),
    Endpoint(
        "DELETE",
        F + "/story-images/{item_id}?version=1",
        writer(204),
        ("delete", "story_image"),
        item="story_image",
    ),
    Endpoint("GET", F + "/versions/{version_id}/parents-pdf", READER, ("export", "plan_version")),
    Endpoint(
        "GET", F + "/children/{child_id}/child-version-pdf", READER, ("export", "child_version")
    ),
    Endpoint(
        "GET",
        F + "/versions/{version_id}/children/{child_id}/child-version-pdf",
        READER,
        ("export", "child_version"),
    ),
]


def _no_open_immediate(p, d):
    from vangnet.safety.models import ImmediatePlan

    ImmediatePlan.objects.filter(pk=d.immediate.pk).update(ended_on=day(), end_kind="ended")


_IMMEDIATE = F + "/immediate-plans"
ENDPOINTS += [
    Endpoint("GET", _IMMEDIATE, READER, ("read", "immediate_plan")),
    Endpoint(
        "POST",
        _IMMEDIATE,
        writer(201),
        ("create", "immediate_plan"),
        body=lambda p, d: {
            "where": "Testkind slaapt bij oma.",
            "with_whom": "Oma.",
            "call": "Oma 06-11111111.",
        },
        setup=_no_open_immediate,
    ),
    Endpoint(
        "GET", _IMMEDIATE + "/{item_id}", READER, ("read", "immediate_plan"), item="immediate"
    ),
    Endpoint(
        "PATCH",
        _IMMEDIATE + "/{item_id}",
        writer(200),
        ("update", "immediate_plan"),
        body=lambda p, d: {"version": 1, "checks": "De buurvrouw belt om 20 uur."},
        item="immediate",
    ),
    Endpoint(
        "POST",
        _IMMEDIATE + "/{item_id}/end",
        writer(200),
        ("update", "immediate_plan"),
        body=lambda p, d: {"version": 1, "reason": "Testkind is weer thuis; het is rustig."},
        item="immediate",
    ),
    Endpoint(
        "POST",
        _IMMEDIATE + "/{item_id}/renew",
        writer(201),
        ("create", "immediate_plan"),
        body=lambda p, d: {"version": 1, "reason": "Het netwerkberaad is volgende week."},
        item="immediate",
    ),
]
for _segment, (_attr, _add, _patch) in ITEM_BODIES.items():
    _type = {
        "mapping": "mapping_item",
        "harm": "harm_statement",
        "danger": "danger_statement",
        "goal": "safety_goal",
        "step": "plan_step",
    }.get(_attr, _attr)
    ENDPOINTS += [
        Endpoint("POST", f"{F}/{_segment}", writer(201), ("create", _type), body=_add),
        Endpoint(
            "PATCH",
            f"{F}/{_segment}/{{item_id}}",
            writer(200),
            ("update", _type),
            body=lambda p, d, _patch=_patch: {"version": 1, **_patch},
            item=_attr,
        ),
        Endpoint(
            "DELETE",
            f"{F}/{_segment}/{{item_id}}?version=1",
            writer(204),
            ("delete", _type),
            item=_attr,
        ),
    ]


def test_matrix_covers_every_safety_route():
    schema = ninja_api.get_openapi_schema()
    routes = {
        (method.upper(), path.removeprefix(BASE))
        for path, operations in schema["paths"].items()
        if "/safety" in path
        for method in operations
    }
    assert routes == {(e.method, e.path.split("?")[0]) for e in ENDPOINTS}
    assert {path for _m, path in routes} == matrix.API_PATHS


@pytest.mark.parametrize("who", PERSONA_NAMES)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.label)
def test_access_matrix(personas, api, endpoint, who):
    data = build_plan(personas)
    if endpoint.setup:
        endpoint.setup(personas, data)
    client = api(who)
    body = endpoint.body(personas, data) if endpoint.body else None
    before = last_event_id()

    response = client.request(endpoint.method, endpoint.url(personas, data), body)

    expected = endpoint.expect[who]
    assert response.status_code == expected, response.content
    events = new_events(before)
    if expected >= 400:
        refusal_entries(
            events,
            personas.user(who),
            family_route=api_family_route(endpoint.path),
            status=expected,
        )
        assert "detail" in response.json()
        return
    assert len(events) == 1
    event = events[0]
    assert (event.action, event.object_type) == endpoint.log
    assert event.part == "safety_plan"
    assert event.channel == "api"
    assert event.user_id == personas.user(who).pk
    assert event.user_agent == USER_AGENT
    assert event.family_id == personas.family.pk
    assert event.basis == ("organisation" if who == "safeguarding" else "team")
    if endpoint.path.endswith("pdf"):
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
    if endpoint.log == ("export", "plan_version") and "parents" in endpoint.path:
        assert event.details["edition"] == "parents"
    assert verify_access_log()[1] is None
