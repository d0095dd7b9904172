"""The published OpenAPI schema tells the truth.

1. Every schema has its own name: two different input or output shapes under one name make
   django-ninja publish only one of them (the close of a family was documented without its
   required `version`).
2. A bounded schemathesis run, in process against the WSGI application (no network), as the
   case worker with a real API token: every operation gets generated valid and invalid
   requests, with its path ids pointing at real records of the test family; any 500, any
   status code or content type the schema does not document and any body that does not
   match the documented schema fails the test, all failures reported at once.
"""

from __future__ import annotations

import time
import traceback
from datetime import date, datetime, timedelta

import pytest
from django.core.signals import got_request_exception, request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone

from tests.meldcode.helpers import full_trajectory
from tests.protection.helpers import build as build_protection
from tests.safety.helpers import build_plan
from vangnet.accounts.actions import do_create_api_token
from vangnet.api.api import api as ninja_api
from vangnet.families.models import DestructionRequest
from vangnet.meetings.models import Meeting, MeetingAction, MeetingSeries
from vangnet.meldcode.models import MeetingReferral

OPENAPI = "/api/v1/openapi.json"


# 1. Unique names --------------------------------------------------------------------------


def _definitions_by_name() -> dict[str, list[dict]]:
    """Every schema definition django-ninja adds while building the document, per name."""
    from ninja.openapi import schema as ninja_schema

    seen: dict[str, list[dict]] = {}
    original = ninja_schema.OpenAPISchema.add_schema_definitions

    def recording(self, definitions):
        for name, definition in definitions.items():
            shapes = seen.setdefault(name, [])
            if definition not in shapes:
                shapes.append(definition)
        return original(self, definitions)

    ninja_schema.OpenAPISchema.add_schema_definitions = recording
    try:
        ninja_api.get_openapi_schema()
    finally:
        ninja_schema.OpenAPISchema.add_schema_definitions = original
    return seen


def test_every_schema_name_has_one_shape():
    duplicates = {
        name: [sorted(shape.get("properties", {})) for shape in shapes]
        for name, shapes in _definitions_by_name().items()
        if len(shapes) > 1
    }
    assert not duplicates, f"schema names used for different shapes: {duplicates}"


def test_the_published_close_of_a_family_requires_its_version():
    document = ninja_api.get_openapi_schema()
    body = document["paths"]["/api/v1/families/{family_id}/close"]["post"]["requestBody"]
    ref = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert "version" in document["components"]["schemas"][ref]["required"]


# 2. Schemathesis ---------------------------------------------------------------------------

POSITIVE_EXAMPLES = 5
NEGATIVE_EXAMPLES = 2
NEGATIVE_FREE_EXAMPLES = 1
TIME_LIMIT = 150  # seconds, a safety net; the run takes well under half of this


def _ids(p) -> dict:
    """Real records of the test family for the path parameters."""
    plan = build_plan(p)
    trajectory, records = full_trajectory(p, final=True)
    protection = build_protection(p)
    series, _ = MeetingSeries.objects.get_or_create(team=p.team_a)
    meeting = Meeting.objects.create(
        series=series,
        team=p.team_a,
        starts_at=timezone.now() + timedelta(days=1),
        chair=p.case_worker,
    )
    meeting.items.create(family=p.family, position=1, source="generated", reasons=[])
    action = MeetingAction.objects.create(
        family=p.family,
        description="Huisbezoek plannen",
        owner=p.case_worker,
        due_on=timezone.localdate() + timedelta(days=7),
        created_by=p.case_worker,
    )
    request = DestructionRequest.objects.create(
        family=p.family,
        requester=p.parent,
        capacity="parent",
        received_on=timezone.localdate(),
        scope="part",
        what="Het verslag van het eerste gesprek.",
        recorded_by=p.case_worker,
    )
    referral = MeetingReferral.objects.create(
        family=p.family,
        trajectory=trajectory,
        reason="acute",
        source="test",
        raised_by=p.case_worker,
    )
    common = {
        "family_id": p.family.pk,
        "team_id": p.team_a.pk,
        "person_id": p.parent.pk,
        "partner_id": p.partner.pk,
        "request_id": request.pk,
        "meeting_id": meeting.pk,
        "action_id": action.pk,
        "trajectory_id": trajectory.pk,
        "report_id": records["report"].pk,
        "referral_id": referral.pk,
        "version_id": plan.version.pk,
        "evaluation_id": plan.evaluation.pk,
        "child_id": p.child.pk,
    }
    items = {
        "mapping": plan.mapping,
        "harm-statements": plan.harm,
        "danger-statements": plan.danger,
        "disagreements": plan.disagreement,
        "warning-signs": plan.warning_sign,
        "goals": plan.goal,
        "safety-persons": plan.safety_person,
        "bottom-lines": plan.bottom_line,
        "agreements": plan.agreement,
        "steps": plan.step,
        "child-talks": plan.child_talk,
        "house-items": plan.house_item,
        "child-rules": plan.child_rule,
        "stories": plan.story,
        "story-pages": plan.story_page,
        "story-images": plan.story_image,
        "immediate-plans": plan.immediate,
        "measures": protection.measure,
        "forensic-examinations": protection.exam,
    }
    body = {
        **dict.fromkeys(("person_id", "monitor_person_id", "handover_to_id"), p.parent.pk),
        "requester_id": p.parent.pk,
        "people_ids": [p.parent.pk],
        **dict.fromkeys(("child_id", "subject_id"), p.child.pk),
        **{key: [p.child.pk] for key in ("children_ids", "child_ids")},
        **dict.fromkeys(
            ("user_id", "monitor_user_id", "interviewer_id", "case_worker_id", "chair_id"),
            p.case_worker.pk,
        ),
        **dict.fromkeys(("owner_id", "author_id"), p.case_worker.pk),
        **{key: [p.case_worker.pk] for key in ("professional_ids", "attendee_ids")},
        "danger_id": plan.danger.pk,
        "goal_id": plan.goal.pk,
        "agreement_id": plan.agreement.pk,
        "harm_ids": [plan.harm.pk],
        "talk_id": plan.child_talk.pk,
        "story_id": plan.story.pk,
        "image_id": plan.story_image.pk,
        "team_id": p.team_a.pk,
        "family_id": p.family.pk,
        "not_discussed_family_ids": [p.family.pk],
        "previous_id": records["report"].pk,
        "signal_id": protection.open_signal.pk,
    }
    return {
        "common": common,
        "items": {k: v.pk for k, v in items.items()},
        "records": records,
        "body": body,
    }


def _with_real_ids(body, ids):
    """A generated valid body naming records of the test family instead of random ids."""
    if not isinstance(body, dict):
        return body
    return {k: ids["body"][k] if v is not None and k in ids["body"] else v for k, v in body.items()}


def _path_parameters(operation, ids) -> dict:
    names = {p.name for p in operation.path_parameters}
    values = {name: ids["common"][name] for name in names if name in ids["common"]}
    if "item_id" in names:
        segment = operation.path.split("/{item_id}")[0].rsplit("/", 1)[-1]
        values["item_id"] = ids["items"][segment]
    if "record_id" in names:  # /meldcode/{trajectory_id}/{kind}/{record_id}: a final signal
        values["kind"] = "signal"
        values["record_id"] = ids["records"]["signal"].pk
    return values


def _order(operation) -> tuple:
    """Reads first, then additions and changes; deletions and closing the file last."""
    method = operation.method.upper()
    last = method == "DELETE" or operation.path.endswith(("/close", "/finalise"))
    return (last, {"GET": 0, "POST": 1, "PATCH": 2}.get(method, 3), operation.path)


@pytest.fixture
def plausible_dates():
    """Dates (and times) within the plausible range every date of the API must be in
    (vangnet.core.inputs), so valid requests get past that check to the code behind it."""
    from hypothesis import strategies as st
    from schemathesis.specs.openapi import formats

    today = timezone.localdate()
    days = st.dates(min_value=today - timedelta(days=400), max_value=today + timedelta(days=60))
    moments = st.datetimes(
        min_value=datetime.combine(today - timedelta(days=30), datetime.min.time()),
        max_value=datetime.combine(today + timedelta(days=60), datetime.min.time()),
    )
    previous = {name: formats.STRING_FORMATS.get(name) for name in ("date", "date-time")}
    formats.register_string_format("date", days.map(date.isoformat))
    formats.register_string_format("date-time", moments.map(lambda m: m.isoformat() + "Z"))
    yield
    for name, strategy in previous.items():
        if strategy is None:
            formats.unregister_string_format(name)
        else:
            formats.register_string_format(name, strategy)


@pytest.fixture
def wsgi_app(settings):
    from vangnet.wsgi import application

    settings.ALLOWED_HOSTS = ["localhost"]  # the host schemathesis' WSGI client sends
    # As Django's test client does: the request must not close the test's transaction
    # (on PostgreSQL, close_old_connections at the start or end of a request closes a
    # connection inside a transaction).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield application
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_schemathesis_finds_no_server_errors_and_no_schema_mismatches(
    personas, wsgi_app, plausible_dates
):
    schemathesis = pytest.importorskip("schemathesis")
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis.errors import Unsatisfiable
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    checks = [
        schemathesis.checks.not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_schema_conformance,
    ]
    ids = _ids(personas)
    _token, raw = do_create_api_token(user=personas.case_worker, name="schemathesis")
    headers = {"Authorization": f"Bearer {raw}", "User-Agent": "vangnet-schemathesis"}
    schema = schemathesis.openapi.from_wsgi(OPENAPI, wsgi_app)

    tracebacks: list[str] = []

    def on_exception(sender, request=None, **kwargs):
        tracebacks.append(traceback.format_exc())

    got_request_exception.connect(on_exception)
    operations = sorted((r.ok() for r in schema.get_all_operations()), key=_order)
    positive, negative = schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE
    failures: list[str] = []
    counts = {"operations": 0, "requests": 0, "unvaried": 0}
    statuses: dict[int, int] = {}

    def build(strategy, examples, *, real_ids):
        @settings(
            max_examples=examples,
            phases=[Phase.explicit, Phase.generate],
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def run(case):
            if real_ids:
                case.body = _with_real_ids(case.body, ids)
            counts["requests"] += 1
            tracebacks.clear()
            try:
                response = case.call_and_validate(headers=headers, checks=checks)
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            except (Exception, BaseExceptionGroup) as error:
                if tracebacks:  # a 500: show where it came from
                    raise AssertionError(f"{error}\n\n{tracebacks[-1]}") from error
                raise

        return run

    started = time.monotonic()
    try:
        for operation in operations:
            counts["operations"] += 1
            fixed = _path_parameters(operation, ids)
            if operation.path.endswith("pdf"):  # a PDF takes a second: one of each
                runs = [("valid", positive, 1, fixed)]
            else:
                runs = [
                    ("valid", positive, POSITIVE_EXAMPLES, fixed),
                    ("invalid input, real ids", negative, NEGATIVE_EXAMPLES, fixed),
                    ("invalid input and ids", negative, NEGATIVE_FREE_EXAMPLES, None),
                ]
            for label, mode, examples, path_parameters in runs:
                assert time.monotonic() - started < TIME_LIMIT, f"over {TIME_LIMIT} s: {counts}"
                run = build(
                    operation.as_strategy(mode, path_parameters=path_parameters, headers=headers),
                    examples,
                    real_ids=mode == positive,
                )
                try:
                    run()
                except Unsatisfiable:  # nothing to make invalid (only fixed ids and headers)
                    counts["unvaried"] += 1
                except (Exception, BaseExceptionGroup) as error:  # all operations, not the first
                    failures.append(f"{operation.label} ({label}):\n{error}")
    finally:
        got_request_exception.disconnect(on_exception)
    elapsed = time.monotonic() - started
    print(
        f"schemathesis: {counts['operations']} operations, {counts['requests']} requests, "
        f"{elapsed:.1f} s, {len(failures)} failing; status codes {dict(sorted(statuses.items()))}"
    )
    assert not failures, "\n\n".join(failures)
    assert counts["operations"] == len(operations) > 100
    assert 401 not in statuses, "the token was not sent"
    assert statuses.get(200, 0) + statuses.get(201, 0) > counts["requests"] // 10, statuses
