"""The protection API: every route per persona, one access-log entry per request."""

from dataclasses import dataclass

import pytest

from tests.matrix_common import api_family_route, refusal_entries
from tests.personas import PERSONA_NAMES
from tests.protection import matrix
from tests.protection.helpers import build, day
from tests.test_api import READER, USER_AGENT, last_event_id, new_events, writer
from vangnet.api.api import api as ninja_api
from vangnet.audit.verification import verify_access_log

BASE = "/api/v1"
F = "/families/{family_id}/protection"


@dataclass
class Endpoint:
    method: str
    path: str
    expect: dict
    log: tuple  # (action, object_type)
    body: object = None  # callable(personas, data) -> dict
    item: str = ""  # which ProtectionData attribute {item_id} names

    def url(self, p, d) -> str:
        item_id = getattr(d, self.item).pk if self.item else 0
        return self.path.format(family_id=p.family.pk, item_id=item_id, phase="short_term")

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"


ENDPOINTS = [
    Endpoint("GET", F, READER, ("read", "protection")),
    Endpoint(
        "PUT",
        F + "/phases/{phase}",
        writer(200),
        ("update", "phase"),
        body=lambda p, d: {"version": 1, "state": "working"},
    ),
    Endpoint("GET", F + "/measures", READER, ("read", "protective_measure")),
    Endpoint(
        "POST",
        F + "/measures",
        writer(201),
        ("create", "protective_measure"),
        body=lambda p, d: {
            "kind": "restraining_order",
            "person_id": p.parent.pk,
            "imposed_by": "Burgemeester van Teststad",
            "starts_on": day(-2).isoformat(),
        },
    ),
    Endpoint(
        "GET", F + "/measures/{item_id}", READER, ("read", "protective_measure"), item="measure"
    ),
    Endpoint(
        "PATCH",
        F + "/measures/{item_id}",
        writer(200),
        ("update", "protective_measure"),
        body=lambda p, d: {"version": 1, "guardian": "Gezinsvoogd Nieuw"},
        item="measure",
    ),
    Endpoint("GET", F + "/forensic-examinations", READER, ("read", "forensic_examination")),
    Endpoint(
        "POST",
        F + "/forensic-examinations",
        writer(201),
        ("create", "forensic_examination"),
        body=lambda p, d: {
            "signal_id": d.open_signal.pk,
            "requested": False,
            "reason_not_requested": "Oud letsel, al door de huisarts gezien.",
        },
    ),
    Endpoint(
        "GET",
        F + "/forensic-examinations/{item_id}",
        READER,
        ("read", "forensic_examination"),
        item="exam",
    ),
    Endpoint(
        "PATCH",
        F + "/forensic-examinations/{item_id}",
        writer(200),
        ("update", "forensic_examination"),
        body=lambda p, d: {
            "version": 1,
            "examiner": "fpkj",
            "examined_on": day(-1).isoformat(),
            "outcome": "Letsel past bij de uitleg van het kind.",
        },
        item="exam",
    ),
]


def test_matrix_covers_every_protection_route():
    schema = ninja_api.get_openapi_schema()
    routes = {
        (method.upper(), path.removeprefix(BASE))
        for path, operations in schema["paths"].items()
        if "/protection" in path
        for method in operations
    }
    assert routes == {(e.method, e.path) for e in ENDPOINTS}
    assert {path for _m, path in routes} == matrix.API_PATHS


@pytest.mark.parametrize("who", PERSONA_NAMES)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.label)
def test_access_matrix(personas, api, endpoint, who):
    data = build(personas)
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
    assert event.part == "protection"
    assert event.channel == "api"
    assert event.user_id == personas.user(who).pk
    assert event.user_agent == USER_AGENT
    assert event.family_id == personas.family.pk
    assert event.basis == ("organisation" if who == "safeguarding" else "team")
    assert verify_access_log()[1] is None


def test_a_stale_phase_is_409_and_the_overview_shows_the_suggestion(personas, api):
    p = personas
    client = api("case_worker")
    url = F.format(family_id=p.family.pk)
    first = client.request("PUT", url + "/phases/long_term", {"version": 1, "state": "working"})
    assert first.status_code == 200 and first.json()["version"] == 2
    stale = client.request("PUT", url + "/phases/long_term", {"version": 1, "state": "reached"})
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2
    back = client.request("PUT", url + "/phases/long_term", {"version": 2, "state": "not_started"})
    assert back.status_code == 422 and "note" in back.json()["errors"]
    assert (
        client.request(
            "PUT", url + "/phases/forever", {"version": 1, "state": "working"}
        ).status_code
        == 422
    )
    overview = client.get(url).json()
    assert [ph["phase"] for ph in overview["phases"]] == ["short_term", "long_term", "recovery"]
    assert overview["phases"][1]["state"] == "working"


def test_measure_rules_in_the_api(personas, api):
    p = personas
    client = api("case_worker")
    url = F.format(family_id=p.family.pk) + "/measures"
    bad = client.post(
        url,
        {
            "kind": "restraining_order",
            "person_id": p.parent.pk,
            "imposed_by": "Burgemeester",
            "starts_on": day(-20).isoformat(),
            "extended_to": day(20).isoformat(),
        },
    )
    assert bad.status_code == 422 and "extended_to" in bad.json()["errors"]
    made = client.post(
        url,
        {
            "kind": "guardianship",
            "person_id": p.child.pk,
            "institution": "GI Test",
            "guardian": "Voogd Test",
            "starts_on": day(-20).isoformat(),
        },
    )
    assert made.status_code == 201, made.content
    assert made.json()["ends_on"] is None and made.json()["end"] is None
