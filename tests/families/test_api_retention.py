"""The API of retention: the kind of file, the retention explained, requests for destruction
and their decisions (every route per persona, one access-log entry per request, 422/409)."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.families import matrix
from tests.families.matrix import make_request
from tests.personas import PERSONA_NAMES
from tests.test_api import READER, api, last_event_id, new_events, writer
from vangnet.audit.verification import verify_access_log
from vangnet.families.models import AccessGrant, DestructionRequest, Family, GrantKind

__all__ = ["api"]


def today():
    return timezone.localdate()


@dataclass
class Endpoint:
    method: str
    path: str
    expect: dict
    log: tuple  # (action, object_type, part) of the one entry a success writes
    body: object = None

    @property
    def label(self):
        return f"{self.method} {self.path}"

    def url(self, p, pending) -> str:
        return self.path.format(family_id=p.family.pk, request_id=pending.pk)


ENDPOINTS = [
    Endpoint(
        "GET",
        "/families/{family_id}/destruction-requests",
        READER,
        ("read", "family", "retention"),
    ),
    Endpoint(
        "POST",
        "/families/{family_id}/destruction-requests",
        writer(201),
        ("create", "destruction_request", "retention"),
        body=lambda p: {
            "requester_id": p.parent.pk,
            "received_on": today().isoformat(),
            "scope": "part",
            "what": "De verslagen van de huisbezoeken.",
        },
    ),
    Endpoint(
        "POST",
        "/families/{family_id}/destruction-requests/{request_id}/decision",
        writer(200),
        ("update", "destruction_request", "retention"),
        body=lambda p: {
            "version": 1,
            "outcome": "refused",
            "decided_on": today().isoformat(),
            "refusal_ground": "legal_duty",
            "reason": "De meldcode vraagt de stappen vast te leggen.",
        },
    ),
]


def test_api_paths_are_declared():
    assert {e.path for e in ENDPOINTS} == matrix.API_PATHS


CASES = [(e, who) for e in ENDPOINTS for who in PERSONA_NAMES]


@pytest.mark.parametrize(("endpoint", "who"), CASES, ids=[f"{e.label} {w}" for e, w in CASES])
def test_api_matrix(personas, api, endpoint, who):
    pending = make_request(personas)
    client = api(who)
    before = last_event_id()
    body = endpoint.body(personas) if endpoint.body else None
    response = client.request(endpoint.method, endpoint.url(personas, pending), body)
    expected = endpoint.expect[who]
    assert response.status_code == expected, response.content
    # A refusal writes no entry of the request's own (the audit app may log the refusal
    # itself, as action "denied").
    events = [e for e in new_events(before) if e.action != "denied"]
    if expected >= 400:
        assert events == []
        return
    [event] = events
    assert (event.action, event.object_type, event.part) == endpoint.log
    assert event.channel == "api" and event.family_id == personas.family.pk
    assert verify_access_log()[1] is None


def test_list_shows_requests_and_decisions(personas, api):
    pending = make_request(personas, received_on=date(2026, 11, 30))
    body = api("read_only").get(f"/families/{personas.family.pk}/destruction-requests").json()
    assert body == [
        {
            "id": pending.pk,
            "requester_id": personas.parent.pk,
            "requester_name": "Testouder Fictief",
            "capacity": "parent",
            "received_on": "2026-11-30",
            "scope": "whole_file",
            "what": "Het hele dossier: de melding bleek onterecht.",
            "decision_due": "2027-02-28",
            "recorded_by": {"id": personas.case_worker.pk, "name": "Coach Test"},
            "outcome": "",
            "decided_on": None,
            "decided_by": None,
            "refusal_ground": "",
            "decision_reason": "",
            "version": 1,
        }
    ]


def test_grant_the_whole_file(personas, api):
    pending = make_request(personas)
    response = api("case_worker").post(
        f"/families/{personas.family.pk}/destruction-requests/{pending.pk}/decision",
        {"version": 1, "outcome": "granted", "decided_on": today().isoformat()},
    )
    assert response.status_code == 200, response.content
    assert response.json()["outcome"] == "granted"
    assert response.json()["decided_by"]["id"] == personas.case_worker.pk
    family = api("case_worker").get(f"/families/{personas.family.pk}").json()
    assert family["retention_until"] == today().isoformat()
    assert family["retention"]["ground"] == "on_request"
    assert family["retention"]["basis"] == "Jeugdwet art. 7.3.9"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"scope": "everything"}, "scope"),
        ({"what": "  "}, "what"),
        ({"received_on": "2999-01-01"}, "received_on"),
        ({"requester_id": 999999}, "requester_id"),
        ({"extra": 1}, "extra"),
    ],
)
def test_bad_requests_are_422(personas, api, body, field):
    data = {
        "requester_id": personas.child.pk,
        "received_on": today().isoformat(),
        "scope": "whole_file",
        "what": "Alles.",
        **body,
    }
    before = last_event_id()
    response = api("case_worker").post(f"/families/{personas.family.pk}/destruction-requests", data)
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"]
    assert not DestructionRequest.objects.exists()
    assert new_events(before) == []


def test_a_requester_outside_the_file_or_the_network_is_422(personas, api):
    neighbour = personas.family.people.create(kind="network", first_name="Buur")
    response = api("case_worker").post(
        f"/families/{personas.family.pk}/destruction-requests",
        {
            "requester_id": neighbour.pk,
            "received_on": today().isoformat(),
            "scope": "part",
            "what": "Mijn nummer.",
        },
    )
    assert response.status_code == 422
    assert "requester_id" in response.json()["errors"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"outcome": "granted", "refusal_ground": "legal_duty"}, "refusal_ground"),
        ({"outcome": "refused", "refusal_ground": "", "reason": "x"}, "refusal_ground"),
        ({"outcome": "refused", "refusal_ground": "others_interest"}, "reason"),
        ({"outcome": "maybe"}, "outcome"),
        ({"outcome": "granted", "decided_on": "2999-01-01"}, "decided_on"),
    ],
)
def test_bad_decisions_are_422(personas, api, body, field):
    pending = make_request(personas)
    data = {"version": 1, "decided_on": today().isoformat(), **body}
    before = last_event_id()
    response = api("case_worker").post(
        f"/families/{personas.family.pk}/destruction-requests/{pending.pk}/decision", data
    )
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"]
    assert DestructionRequest.objects.get().outcome == ""
    assert new_events(before) == []


def test_a_stale_decision_is_409(personas, api):
    pending = make_request(personas)
    response = api("case_worker").post(
        f"/families/{personas.family.pk}/destruction-requests/{pending.pk}/decision",
        {"version": 2, "outcome": "granted", "decided_on": today().isoformat()},
    )
    assert response.status_code == 409
    assert DestructionRequest.objects.get().outcome == ""


def test_a_colleague_with_a_grant_may_not_decide(personas, api):
    pending = make_request(personas)
    AccessGrant.objects.create(
        family=personas.family,
        user=personas.other_team,
        kind=GrantKind.EXPLICIT,
        reason="Waarneming",
        can_write=True,
        granted_by=personas.case_worker,
        ends_at=timezone.now() + timedelta(days=3),
    )
    response = api("other_team").post(
        f"/families/{personas.family.pk}/destruction-requests/{pending.pk}/decision",
        {"version": 1, "outcome": "granted", "decided_on": today().isoformat()},
    )
    assert response.status_code == 403
    assert DestructionRequest.objects.get().outcome == ""


def test_an_unknown_request_is_404(personas, api):
    response = api("case_worker").post(
        f"/families/{personas.family.pk}/destruction-requests/999999/decision",
        {"version": 1, "outcome": "granted", "decided_on": today().isoformat()},
    )
    assert response.status_code == 404


# The kind of file ------------------------------------------------------------------------------


def test_create_and_change_the_kind(personas, api):
    coach = api("case_worker")
    response = coach.post(
        "/families",
        {
            "name": "Gezin Maatregel",
            "team_id": personas.team_a.pk,
            "case_worker_id": personas.case_worker.pk,
            "kind": "child_protection",
            "opened_on": today().isoformat(),
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind"] == "child_protection"
    assert body["retention"]["until_youngest_child_age"] == 48
    assert body["retention"]["years"] == 20
    family = Family.objects.get(pk=body["id"])
    response = coach.patch(f"/families/{family.pk}", {"version": 1, "kind": "youth_help"})
    assert response.status_code == 200, response.content
    assert response.json()["kind"] == "youth_help"
    assert response.json()["retention"]["until_youngest_child_age"] is None
    response = coach.patch(f"/families/{family.pk}", {"version": 2, "kind": "forever"})
    assert response.status_code == 422
    assert "kind" in response.json()["errors"]


def test_the_file_explains_its_retention(personas, api):
    body = api("case_worker").get(f"/families/{personas.family.pk}").json()
    assert body["kind"] == "youth_help"
    retention = body["retention"]
    assert retention["ground"] == "last_change"
    assert retention["basis"] == "Jeugdwet art. 7.3.8"
    assert retention["counted_from"] == timezone.localdate(personas.family.updated_at).isoformat()
    assert retention["youngest_child_birth"] == "2016-03-01"
