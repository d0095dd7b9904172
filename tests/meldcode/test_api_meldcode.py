"""The meldcode API: access matrix per endpoint and persona, one access-log entry per
request (channel api), bad input."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.matrix_common import api_family_route, only_refusals, refusal_entries
from tests.meldcode import matrix
from tests.personas import PERSONA_NAMES
from tests.test_api import READER, api, last_event_id, new_events, writer  # noqa: F401
from vangnet.api.api import api as ninja_api
from vangnet.audit.verification import verify_access_log
from vangnet.meldcode.models import Addendum, Report, Signal, Trajectory

BASE = "/api/v1"


def today():
    return timezone.localdate()


SAFEGUARDING_ONLY = {
    "case_worker": 404,
    "team_member": 404,
    "read_only": 404,
    "other_team": 404,
    "safeguarding": 200,
    "privacy": 404,
    "admin": 404,
    "anonymous": 401,
}

F = "/families/{family_id}/meldcode"
T = F + "/{trajectory_id}"


def _close_open_trajectory(p, mc):
    Trajectory.objects.filter(pk=mc.trajectory.pk).update(status="closed", closed_on=today())


@dataclass
class Endpoint:
    method: str
    path: str
    expect: dict
    log: tuple  # (action, object_type) of the one entry a success writes
    body: object = None
    setup: object = None
    family_scoped: bool = True

    def url(self, p, mc) -> str:
        return self.path.format(
            family_id=p.family.pk,
            trajectory_id=mc.trajectory.pk,
            report_id=mc.report.pk,
            referral_id=mc.referral.pk,
            kind="signal",
            record_id=mc.draft.pk
            if self.path.endswith(("{record_id}", "finalise"))
            else mc.final.pk,
        )

    @property
    def label(self):
        return f"{self.method} {self.path}"


ENDPOINTS = [
    Endpoint("GET", F, READER, ("read", "family")),
    Endpoint(
        "POST",
        F,
        writer(201),
        ("create", "meldcode_trajectory"),
        body=lambda p: {"child_ids": [p.child.pk], "started_on": today().isoformat()},
        setup=_close_open_trajectory,
    ),
    Endpoint("GET", T, READER, ("read", "meldcode_trajectory")),
    Endpoint(
        "POST",
        T + "/close",
        writer(200),
        ("update", "meldcode_trajectory"),
        body=lambda p: {"closed_on": today().isoformat(), "reason": "Geen zorgen meer."},
    ),
    Endpoint(
        "POST",
        T + "/signals",
        writer(201),
        ("create", "meldcode_signal"),
        body=lambda p: {
            "child_id": p.child.pk,
            "observed_on": today().isoformat(),
            "observed_by": "Juf Test",
            "description": "Kind vertelt over slaan.",
            "category": "physical_abuse",
            "source": "child",
        },
    ),
    Endpoint(
        "POST",
        T + "/consultations",
        writer(201),
        ("create", "meldcode_consultation"),
        body=lambda p: {
            "kind": "veilig_thuis",
            "consulted_on": today().isoformat(),
            "with_whom": "Adviseur Veilig Thuis",
            "advice": "Gesprek met ouders voeren.",
        },
    ),
    Endpoint(
        "POST",
        T + "/conversations",
        writer(201),
        ("create", "meldcode_conversation"),
        body=lambda p: {
            "held": False,
            "skip_reason": "danger_child",
            "skip_explanation": "Vader dreigde het kind te straffen als het iets vertelt.",
        },
    ),
    Endpoint(
        "POST",
        T + "/weighings",
        writer(201),
        ("create", "meldcode_weighing"),
        body=lambda p: {
            "weighed_on": today().isoformat(),
            "q1": True,
            "q1_rationale": "Signalen en gesprek.",
            "q2": "none",
            "q2_rationale": "Geen acuut gevaar, geen herhaling.",
            "q3": True,
            "q3_rationale": "Gezinsbehandeling past.",
            "q4": True,
            "q4_rationale": "Ouders willen meedoen.",
            "help_evaluate_on": (today() + timedelta(days=60)).isoformat(),
        },
    ),
    Endpoint(
        "POST",
        T + "/reports",
        writer(201),
        ("create", "meldcode_report"),
        body=lambda p: {
            "reported_on": today().isoformat(),
            "vt_contact": "Medewerker VT",
            "shared": "Signalen en afweging.",
            "family_informed": False,
            "not_informed_reason": "Vertellen brengt het kind in gevaar.",
        },
    ),
    Endpoint(
        "POST",
        T + "/reports/{report_id}/feedback",
        writer(200),
        ("update", "meldcode_report"),
        body=lambda p: {
            "feedback_on": today().isoformat(),
            "decision": "safety_assessment",
            "summary": "Veilig Thuis doet een veiligheidsbeoordeling.",
        },
    ),
    Endpoint(
        "PATCH",
        T + "/{kind}/{record_id}",
        writer(200),
        ("update", "meldcode_signal"),
        body=lambda p: {"description": "Aangevuld: ook een schram.", "version": 1},
    ),
    Endpoint(
        "POST", T + "/{kind}/{record_id}/finalise", writer(200), ("update", "meldcode_signal")
    ),
    Endpoint(
        "POST",
        T + "/{kind}/{record_id}/addenda",
        writer(201),
        ("create", "meldcode_addendum"),
        body=lambda p: {"reason": "Nieuwe informatie", "text": "Juf zag de plek ook op vrijdag."},
    ),
    Endpoint(
        "POST",
        T + "/ace",
        writer(201),
        ("create", "meldcode_ace"),
        body=lambda p: {
            "subject_id": p.child.pk,
            "answered_by": "Testouder",
            "answered_on": today().isoformat(),
            "answers": [True, True, False, False, False, True, True, False, False, False],
        },
    ),
    Endpoint(
        "POST",
        T + "/factors",
        writer(201),
        ("create", "meldcode_factors"),
        body=lambda p: {
            "assessed_on": today().isoformat(),
            "factors": ["parent_addiction", "env_network"],
            "notes_parents": "Vader drinkt meer sinds hij geen werk heeft.",
        },
    ),
    Endpoint(
        "POST",
        "/families/{family_id}/meldcode-referrals/{referral_id}/resolve",
        writer(200),
        ("update", "meldcode_referral"),
    ),
    Endpoint(
        "GET",
        "/meldcode/overview",
        SAFEGUARDING_ONLY,
        ("read", "meldcode_overview"),
        family_scoped=False,
    ),
]


def test_endpoints_cover_every_meldcode_route():
    schema = ninja_api.get_openapi_schema()
    routes = {
        (method.upper(), path.removeprefix(BASE))
        for path, operations in schema["paths"].items()
        if "meldcode" in path
        for method in operations
    }
    assert routes == {(e.method, e.path) for e in ENDPOINTS}
    assert {e.path for e in ENDPOINTS} == matrix.API_PATHS
    for endpoint in ENDPOINTS:
        assert set(endpoint.expect) == set(PERSONA_NAMES), endpoint.label


@pytest.mark.parametrize("who", PERSONA_NAMES)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.label)
def test_access_matrix(personas, mc, api, endpoint, who):  # noqa: F811
    if endpoint.setup:
        endpoint.setup(personas, mc)
    client = api(who)
    body = endpoint.body(personas) if endpoint.body else None
    before = last_event_id()

    response = client.request(endpoint.method, endpoint.url(personas, mc), body)

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
    assert (event.action, event.object_type, event.part) == (*endpoint.log, "meldcode")
    assert event.channel == "api"
    assert event.user_id == personas.user(who).pk
    if endpoint.family_scoped:
        assert event.family_id == personas.family.pk
        assert event.basis == ("organisation" if who == "safeguarding" else "team")
    else:
        assert event.family_id is None
        assert event.details["families"] == [personas.family.pk]
    assert verify_access_log()[1] is None


def test_trajectory_shows_steps_and_records(personas, mc, api):  # noqa: F811
    data = api("case_worker").get(f"/families/{personas.family.pk}/meldcode/{mc.trajectory.pk}")
    body = data.json()
    assert body["current_step"] == 2  # signals are there (one final); no consultation yet
    assert [s["final"] for s in body["signals"]] == [False, True]
    assert body["reports"][0]["feedback_due_on"] == mc.report.feedback_due_on.isoformat()
    assert body["steps"][1]["missing"]


def test_patch_of_a_final_record_is_refused(personas, mc, api):  # noqa: F811
    client = api("case_worker")
    before = last_event_id()
    url = f"/families/{personas.family.pk}/meldcode/{mc.trajectory.pk}/signal/{mc.final.pk}"
    response = client.patch(url, {"description": "Overschreven"})
    assert response.status_code == 403
    assert Signal.objects.get(pk=mc.final.pk).description != "Overschreven"
    assert only_refusals(new_events(before)) == ["denied"]


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/signals", {"observed_on": "gisteren"}, "observed_on"),
        (
            "/signals",
            {
                "child_id": 999999,
                "observed_on": "2026-01-10",
                "observed_by": "x",
                "description": "y",
                "category": "physical_abuse",
                "source": "own",
            },
            "child_id",
        ),
        (
            "/signals",
            {
                "child_id": 1,
                "observed_on": "2026-01-10",
                "observed_by": "x",
                "description": "y",
                "category": "slapen",
                "source": "own",
            },
            "category",
        ),
        ("/weighings", {"weighed_on": "2026-01-10", "q1": True, "q1_rationale": "x"}, "q2"),
        (
            "/weighings",
            {"weighed_on": "2026-01-10", "q1": False, "q1_rationale": "x", "q3": True},
            "q3",
        ),
        ("/weighings", {"weighed_on": "2026-01-10", "q1": True}, "q2"),
        (
            "/reports",
            {
                "reported_on": "2026-01-10",
                "vt_contact": "x",
                "shared": "y",
                "family_informed": False,
            },
            "not_informed_reason",
        ),
        (
            "/ace",
            {"subject_id": 1, "answered_by": "x", "answered_on": "2026-01-10", "answers": [True]},
            "answers",
        ),
        ("/factors", {"assessed_on": "2026-01-10", "factors": ["onbekend"]}, "factors"),
        ("/conversations", {"held": True}, "held_on"),
    ],
)
def test_bad_input_is_refused_field_by_field(personas, mc, api, path, body, field):  # noqa: F811
    client = api("case_worker")
    before = last_event_id()
    counts = (Signal.objects.count(), Report.objects.count(), Addendum.objects.count())
    url = f"/families/{personas.family.pk}/meldcode/{mc.trajectory.pk}{path}"
    response = client.post(url, body)
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"], response.json()
    assert new_events(before) == []
    assert counts == (Signal.objects.count(), Report.objects.count(), Addendum.objects.count())


def test_overview_period_filter(personas, mc, api):  # noqa: F811
    client = api("safeguarding")
    later = (today() + timedelta(days=1)).isoformat()
    assert client.get(f"/meldcode/overview?period_from={later}").json()["reports"] == []
    assert len(client.get("/meldcode/overview").json()["reports"]) == 1
    bad = client.get(f"/meldcode/overview?period_from={later}&period_to={today().isoformat()}")
    assert bad.status_code == 422
    assert client.get("/meldcode/overview?naam=Test").status_code == 422
