"""The meetings API: every route per persona, one access-log entry per request, bad input."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.matrix_common import api_family_route, refusal_entries
from tests.meetings import matrix
from tests.meetings.conftest import Runner
from tests.personas import PERSONA_NAMES
from tests.test_api import READER, api, last_event_id, new_events, writer  # noqa: F401
from vangnet.meetings.models import Decision, MeetingAction

LISTER = {**READER, "other_team": 200}


def _day(n=0):
    return (timezone.localdate() + timedelta(days=n)).isoformat()


@dataclass
class Endpoint:
    method: str
    path: str
    expect: dict
    logs: bool  # a success writes exactly one entry (else none)
    body: object = None  # callable(personas) -> dict
    started: bool = False  # needs a started meeting
    final: bool = False

    @property
    def label(self):
        return f"{self.method} {self.path}"


ENDPOINTS = [
    Endpoint("GET", "/meetings/teams/{team_id}/series", READER, logs=False),
    Endpoint(
        "PATCH",
        "/meetings/teams/{team_id}/series",
        writer(200),
        logs=False,
        body=lambda p: {"version": 1, "capacity": 4, "no_contact_days": 28},
    ),
    Endpoint("GET", "/meetings/teams/{team_id}/meetings", READER, logs=False),
    Endpoint(
        "POST",
        "/meetings/teams/{team_id}/meetings",
        writer(201),
        logs=True,
        body=lambda p: {"starts_at": f"{_day(3)}T13:30:00+01:00", "chair_id": p.case_worker.pk},
    ),
    Endpoint("GET", "/meetings/{meeting_id}", READER, logs=True),
    Endpoint(
        "POST",
        "/meetings/{meeting_id}/agenda/remove",
        {**writer(200), "team_member": 422},  # only the chair (the case worker here)
        logs=True,
        body=lambda p: {"family_id": p.family.pk, "reason": "Vorige keer besproken"},
    ),
    Endpoint(
        "POST",
        "/meetings/{meeting_id}/agenda",
        writer(422),  # already on the agenda: refused, nothing written
        logs=False,
        body=lambda p: {"family_id": p.family.pk, "reason": "Zorgen"},
    ),
    Endpoint(
        "POST",
        "/meetings/{meeting_id}/start",
        writer(200),
        logs=True,
        body=lambda p: {"version": 1},
    ),
    Endpoint(
        "POST",
        "/meetings/{meeting_id}/attendees",
        writer(200),
        logs=True,
        body=lambda p: {
            "version": 1,
            "chair_id": p.case_worker.pk,
            "attendee_ids": [p.case_worker.pk, p.team_member.pk],
        },
    ),
    Endpoint("GET", "/meetings/{meeting_id}/families/{family_id}", READER, logs=True),
    Endpoint(
        "POST",
        "/meetings/{meeting_id}/families/{family_id}/inputs",
        writer(201),
        logs=True,
        body=lambda p: {"discipline": "psychiatrist", "text": "Let op agressie"},
        started=True,
    ),
    Endpoint(
        "POST",
        "/meetings/{meeting_id}/families/{family_id}/decisions",
        writer(201),
        logs=True,
        body=lambda p: {"kind": "report_vt", "text": "Melden bij Veilig Thuis"},
        started=True,
    ),
    Endpoint(
        "POST",
        "/meetings/{meeting_id}/families/{family_id}/actions",
        writer(201),
        logs=True,
        body=lambda p: {
            "description": "Melding doen",
            "owner_id": p.case_worker.pk,
            "due_on": _day(3),
        },
        started=True,
    ),
    Endpoint(
        "POST",
        "/meetings/{meeting_id}/families/{family_id}/next-review",
        writer(200),
        logs=True,
        body=lambda p: {"next_review_on": _day(14)},
        started=True,
    ),
    Endpoint(
        "POST",
        "/meetings/{meeting_id}/finalise",
        writer(200),
        logs=True,
        body=lambda p: {"version": 2},
        started=True,
    ),
    Endpoint(
        "POST",
        "/meetings/{meeting_id}/addenda",
        writer(201),
        logs=True,
        body=lambda p: {"text": "Nagekomen: VT belde terug."},
        final=True,
    ),
    Endpoint("GET", "/meetings/actions/mine", LISTER, logs=True),
    Endpoint("GET", "/meetings/teams/{team_id}/actions", READER, logs=True),
    Endpoint(
        "POST",
        "/meetings/actions/{action_id}/done",
        writer(200),
        logs=True,
        body=lambda p: {"version": 1, "done_note": "Gedaan"},
    ),
    Endpoint("GET", "/meetings/families/{family_id}/timeline", READER, logs=True),
    Endpoint("GET", "/meetings/families/{family_id}/cadence", READER, logs=True),
    Endpoint(
        "POST",
        "/meetings/families/{family_id}/cadence",
        writer(201),
        logs=True,
        body=lambda p: {"interval_days": 28, "reason": "Veiligheid verbeterd"},
    ),
]


def test_api_paths_are_declared():
    assert {e.path for e in ENDPOINTS} == matrix.API_PATHS


CASES = [(e, who) for e in ENDPOINTS for who in PERSONA_NAMES]


@pytest.mark.parametrize(("endpoint", "who"), CASES, ids=[f"{e.label} {w}" for e, w in CASES])
def test_api_matrix(personas, api, endpoint, who):  # noqa: F811
    runner = Runner(personas.case_worker, personas.team_a)
    meeting = runner.create(timezone.localdate())
    if endpoint.started or endpoint.final:
        runner.start(meeting)
    if endpoint.path.endswith("/finalise") or endpoint.final:
        runner.decide(meeting, personas.family)
    if endpoint.final:
        runner.finalise(meeting)
    action = MeetingAction.objects.create(
        family=personas.family,
        description="Actie",
        owner=personas.case_worker,
        due_on=timezone.localdate(),
        created_by=personas.case_worker,
    )
    meeting.refresh_from_db()
    path = endpoint.path.format(
        team_id=personas.team_a.pk,
        meeting_id=meeting.pk,
        family_id=personas.family.pk,
        action_id=action.pk,
    )
    client = api(who)
    before = last_event_id()
    body = endpoint.body(personas) if endpoint.body else None
    if endpoint.method == "GET":
        response = client.get(path)
    else:
        response = client.request(endpoint.method, path, body)
    expected = endpoint.expect[who]
    assert response.status_code == expected, (response.status_code, response.content[:300])
    events = new_events(before)
    if expected >= 300:
        refusal_entries(
            events,
            personas.user(who),
            family_route=api_family_route(endpoint.path),
            status=expected,
        )
        return
    if not endpoint.logs:
        assert events == []
        return
    assert len(events) == 1, [(e.action, e.object_type) for e in events]
    assert events[0].channel == "api"
    assert events[0].user_id == personas.user(who).pk


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/decisions", {"kind": "nonsense", "text": "x"}, "kind"),
        ("/decisions", {"kind": "continue", "text": " "}, "text"),
        ("/decisions", {"kind": "change_cadence", "text": "x", "cadence_days": 3}, "cadence_days"),
        ("/actions", {"description": "x", "owner_id": 999999, "due_on": "2026-13-01"}, "due_on"),
        ("/actions", {"description": "x", "owner_id": 999999, "due_on": "2099-01-01"}, "owner"),
        ("/inputs", {"discipline": "astrologer", "text": "x"}, "discipline"),
        ("/next-review", {"next_review_on": "2000-01-01"}, "next_review_on"),
    ],
)
def test_api_bad_minutes_input(personas, api, path, body, field):  # noqa: F811
    runner = Runner(personas.case_worker, personas.team_a)
    meeting = runner.create(timezone.localdate())
    runner.start(meeting)
    client = api("case_worker")
    before = last_event_id()
    response = client.post(f"/meetings/{meeting.pk}/families/{personas.family.pk}{path}", body)
    assert response.status_code == 422
    assert any(field in key for key in response.json()["errors"]), response.json()
    assert new_events(before) == []
    assert not Decision.objects.exists()


def test_api_series_thresholds_and_bad_input(personas, api):  # noqa: F811
    client = api("case_worker")
    path = f"/meetings/teams/{personas.team_a.pk}/series"
    assert client.patch(path, {"version": 1, "capacity": 0}).status_code == 422
    response = client.patch(path, {"version": 1, "capacity": 3, "scaling_drop": 3})
    assert response.status_code == 200 and response.json()["capacity"] == 3
    stale = client.patch(path, {"version": 1, "capacity": 4})
    assert stale.status_code == 409
    assert personas.team_a.meeting_series.capacity == 3


def test_api_meeting_shows_reasons(personas, api):  # noqa: F811
    runner = Runner(personas.case_worker, personas.team_a)
    meeting = runner.create(timezone.localdate())
    data = api("team_member").get(f"/meetings/{meeting.pk}").json()
    assert data["agenda"][0]["family_id"] == personas.family.pk
    assert data["agenda"][0]["reason_codes"] == ["no_contact"]
    assert data["not_fitting"] == []
