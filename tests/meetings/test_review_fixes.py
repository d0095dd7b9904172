"""Review findings: finalise race, addenda for families not in the meeting, iCalendar
injection through the location, attendees logged and version-checked, re-rendered POSTs
logged once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.matrix_common import only_refusals
from tests.meetings.conftest import Runner, at
from tests.personas import make_family
from tests.test_api import api, last_event_id  # noqa: F401
from tests.test_api import new_events as api_new_events
from vangnet.audit.models import AccessAction, AccessEvent
from vangnet.core.concurrency import StaleVersionError
from vangnet.meetings import actions, calendar
from vangnet.meetings.forms import MeetingForm
from vangnet.meetings.models import (
    Addendum,
    Attendee,
    DisciplineInput,
    Meeting,
    MeetingSeries,
    MeetingStatus,
)


def last_id():
    return AccessEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def new_events(before):
    return list(AccessEvent.objects.filter(id__gt=before).order_by("id"))


def url(name, *args):
    return reverse(f"meetings:{name}", args=args)


@pytest.fixture
def final_meeting(runner, started_meeting):
    runner.discuss_all(started_meeting)
    runner.finalise(started_meeting)
    started_meeting.refresh_from_db()
    assert started_meeting.final
    return started_meeting


# 1. Finalise race --------------------------------------------------------------------------


def test_minutes_refused_when_meeting_was_finalised_after_the_request_read_it(
    personas, runner, started_meeting
):
    runner.discuss_all(started_meeting)
    stale = runner.access(started_meeting)  # the view's read: still "started"
    family_access = runner.family(personas.family)
    runner.finalise(started_meeting)  # someone else finalises meanwhile
    assert stale.meeting.status == MeetingStatus.STARTED
    inputs = DisciplineInput.objects.count()
    before = last_id()
    with pytest.raises(ValidationError) as error:
        actions.do_add_input(
            actor=runner.actor,
            access=stale,
            family_access=family_access,
            discipline="psychiatrist",
            text="Te laat",
        )
    assert "definitief" in " ".join(error.value.messages)
    with pytest.raises(ValidationError):
        actions.do_add_decision(
            actor=runner.actor,
            access=stale,
            family_access=family_access,
            kind="other",
            text="Te laat",
        )
    assert DisciplineInput.objects.count() == inputs
    assert new_events(before) == []


def test_finalise_on_a_stale_copy_is_refused(personas, runner, started_meeting):
    runner.discuss_all(started_meeting)
    stale = runner.access(started_meeting)
    runner.finalise(started_meeting)
    row = Meeting.objects.get(pk=started_meeting.pk)
    with pytest.raises(ValidationError):
        # Even with the current version, a final meeting cannot be finalised again.
        actions.do_finalise(actor=runner.actor, access=stale, version=row.version)
    again = Meeting.objects.get(pk=started_meeting.pk)
    assert again.version == row.version and again.finalised_at == row.finalised_at


def test_attendees_refused_on_a_stale_copy_of_a_final_meeting(personas, runner, started_meeting):
    runner.discuss_all(started_meeting)
    stale = runner.access(started_meeting)
    runner.finalise(started_meeting)
    row = Meeting.objects.get(pk=started_meeting.pk)
    with pytest.raises(ValidationError):
        actions.do_set_attendees(
            actor=runner.actor,
            access=stale,
            version=row.version,
            chair=personas.team_member,
            attendees=[personas.team_member],
        )
    assert Meeting.objects.get(pk=row.pk).chair == personas.case_worker


# 2. Addendum for a family that was not in the meeting --------------------------------------


def test_addendum_action_refuses_family_not_in_the_meeting(personas, runner, final_meeting):
    other = make_family(personas.team_a, personas.case_worker, reference="VN-TEST07")
    before = last_id()
    with pytest.raises(ValidationError):
        actions.do_add_addendum(
            actor=runner.actor,
            access=runner.access(final_meeting),
            family_access=runner.family(other),
            text="Hoort hier niet.",
        )
    assert not Addendum.objects.exists()
    assert new_events(before) == []
    # The family that was discussed still gets its addendum.
    actions.do_add_addendum(
        actor=runner.actor,
        access=runner.access(final_meeting),
        family_access=runner.family(personas.family),
        text="Oma belde na afloop.",
    )
    assert Addendum.objects.get().family == personas.family


def test_addendum_page_checks_the_family_before_writing(
    personas, as_user, final_meeting, monkeypatch
):
    other = make_family(personas.team_a, personas.case_worker, reference="VN-TEST08")
    calls = []
    monkeypatch.setattr(actions, "do_add_addendum", lambda **kw: calls.append(kw))
    client = as_user(personas.case_worker)
    before = last_id()
    response = client.post(
        url("family", final_meeting.pk, other.pk),
        {"form": "addendum", "addendum-text": "Hoort hier niet."},
    )
    assert response.status_code == 404
    assert calls == []
    assert only_refusals(new_events(before)) == ["denied"]


# 3. iCalendar injection ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("Zaal 1\r\nX-EVIL:1", "Zaal 1\\nX-EVIL:1"),
        ("Zaal 1\rX-EVIL:1", "Zaal 1\\nX-EVIL:1"),
        ("Zaal 1\nX-EVIL:1", "Zaal 1\\nX-EVIL:1"),
        ("Zaal\x00 1\x0b\x1b\x7f\x85", "Zaal 1"),
        ("Zaal 1\u2028X", "Zaal 1\\nX"),
        ("a;b,c\\d", "a\\;b\\,c\\\\d"),
    ],
)
def test_escape_handles_every_line_break_and_control_character(raw, escaped):
    assert calendar.escape(raw) == escaped


def test_feed_cannot_be_injected_through_the_location(personas, planned_meeting):
    Meeting.objects.filter(pk=planned_meeting.pk).update(
        location="Zaal 1\rEND:VEVENT\rBEGIN:VEVENT\x0bX-EVIL:1"
    )
    meetings = Meeting.objects.filter(pk=planned_meeting.pk).select_related("team", "series")
    body = calendar.render_ics(meetings)
    lines = body.split("\r\n")
    assert "\r" not in body.replace("\r\n", "")
    assert "\n" not in body.replace("\r\n", "")
    assert lines.count("BEGIN:VEVENT") == 1
    assert not any(line.startswith("X-EVIL") for line in lines)
    assert "LOCATION:Zaal 1\\nEND:VEVENT\\nBEGIN:VEVENT" in body.replace("\r\n ", "")


@pytest.mark.parametrize("location", ["Zaal 1\rX-EVIL:1", "Zaal\n1", "Zaal\x0b1", "Zaal\t1"])
def test_location_with_control_characters_refused_by_form_and_action(personas, runner, location):
    form = MeetingForm(
        {"day": timezone.localdate().isoformat(), "start_time": "13:30", "location": location},
        team=personas.team_a,
    )
    assert not form.is_valid() and "location" in form.errors
    with pytest.raises(ValidationError) as error:
        runner.create(timezone.localdate(), location=location)
    assert "location" in error.value.message_dict
    assert not Meeting.objects.exists()


def test_series_location_with_line_break_refused_on_the_page(personas, as_user):
    client = as_user(personas.case_worker)
    series = actions.series_for(personas.team_a)
    data = {name: getattr(series, name) for name in actions.SERIES_FIELDS}
    data.update(version=series.version, start_time="13:30", location="Zaal 1\rX-EVIL:1", weekday=1)
    response = client.post(url("series", personas.team_a.pk), data)
    assert response.status_code == 200
    assert "location" in response.context["form"].errors
    assert MeetingSeries.objects.get(pk=series.pk).location == series.location


def test_api_refuses_location_with_control_characters(personas, api):  # noqa: F811
    client = api("case_worker")
    before = last_event_id()
    response = client.post(
        f"/meetings/teams/{personas.team_a.pk}/meetings",
        {
            "starts_at": at(timezone.localdate() + timedelta(days=2)).isoformat(),
            "location": "Zaal 1\rX-EVIL:1",
        },
    )
    assert response.status_code == 422
    assert not Meeting.objects.exists()
    series = actions.series_for(personas.team_a)
    response = client.patch(
        f"/meetings/teams/{personas.team_a.pk}/series",
        {"version": series.version, "location": "Zaal\n1"},
    )
    assert response.status_code == 422
    assert MeetingSeries.objects.get(pk=series.pk).location == series.location
    assert api_new_events(before) == []


# 4. Attendees: logged once, version-checked ---------------------------------------------------


def test_attendees_change_logs_one_entry(personas, as_user, planned_meeting):
    client = as_user(personas.case_worker)
    before = last_id()
    response = client.post(
        url("attendees", planned_meeting.pk),
        {
            "version": planned_meeting.version,
            "chair": personas.team_member.pk,
            "attendees": [personas.team_member.pk],
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(pk=planned_meeting.pk)
    assert meeting.chair == personas.team_member
    assert meeting.version == planned_meeting.version + 1
    assert list(Attendee.objects.filter(meeting=meeting).values_list("user_id", flat=True)) == [
        personas.team_member.pk
    ]
    events = new_events(before)
    assert len(events) == 1
    assert events[0].action == AccessAction.UPDATE
    assert events[0].object_type == "meeting"
    assert events[0].details["step"] == "attendees"


def test_attendees_with_stale_version_not_saved(personas, as_user, planned_meeting):
    client = as_user(personas.case_worker)
    runner_version = planned_meeting.version
    Meeting.objects.filter(pk=planned_meeting.pk).update(version=runner_version + 1)
    before = last_id()
    response = client.post(
        url("attendees", planned_meeting.pk),
        {
            "version": runner_version,
            "chair": personas.team_member.pk,
            "attendees": [personas.team_member.pk],
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "Iemand anders heeft dit overleg intussen gewijzigd" in response.content.decode()
    meeting = Meeting.objects.get(pk=planned_meeting.pk)
    assert meeting.chair == personas.case_worker
    assert Attendee.objects.filter(meeting=meeting).count() == 2
    # Only the read of the meeting page shown after the redirect is logged.
    assert [e.action for e in new_events(before)] == [AccessAction.READ]


def test_attendees_without_version_not_saved(personas, as_user, planned_meeting):
    client = as_user(personas.case_worker)
    before = last_id()
    response = client.post(
        url("attendees", planned_meeting.pk),
        {"chair": personas.team_member.pk, "attendees": [personas.team_member.pk]},
    )
    assert response.status_code == 302
    assert Meeting.objects.get(pk=planned_meeting.pk).chair == personas.case_worker
    assert new_events(before) == []


def test_set_attendees_action_checks_version(personas, runner, planned_meeting):
    with pytest.raises(StaleVersionError):
        actions.do_set_attendees(
            actor=runner.actor,
            access=runner.access(planned_meeting),
            version=planned_meeting.version + 5,
            chair=personas.team_member,
            attendees=[],
        )
    assert Meeting.objects.get(pk=planned_meeting.pk).chair == personas.case_worker


# Re-rendered POSTs log one read ----------------------------------------------------------------


def test_bad_minutes_post_logs_one_read(personas, as_user, started_meeting):
    client = as_user(personas.case_worker)
    before = last_id()
    response = client.post(
        url("family", started_meeting.pk, personas.family.pk),
        {"form": "input", "input-discipline": "psychiatrist", "input-text": ""},
    )
    assert response.status_code == 400
    events = new_events(before)
    assert len(events) == 1
    assert events[0].action == AccessAction.READ and events[0].family_id == personas.family.pk


def test_bad_cadence_post_logs_one_read(personas, as_user):
    client = as_user(personas.case_worker)
    before = last_id()
    response = client.post(url("cadence", personas.family.pk), {"interval_days": "14"})
    assert response.status_code == 400
    events = new_events(before)
    assert len(events) == 1
    assert events[0].action == AccessAction.READ and events[0].family_id == personas.family.pk


def test_api_attendees_logged_once_and_stale_version_is_409(personas, api):  # noqa: F811
    runner = Runner(personas.case_worker, personas.team_a)
    meeting = runner.create(timezone.localdate())
    client = api("case_worker")
    path = f"/meetings/{meeting.pk}/attendees"
    body = {
        "version": meeting.version,
        "chair_id": personas.team_member.pk,
        "attendee_ids": [personas.team_member.pk],
    }
    before = last_event_id()
    response = client.post(path, body)
    assert response.status_code == 200, response.content
    assert response.json()["chair_id"] == personas.team_member.pk
    events = api_new_events(before)
    assert len(events) == 1 and events[0].details["step"] == "attendees"
    before = last_event_id()
    stale = client.post(path, {**body, "chair_id": personas.case_worker.pk})
    assert stale.status_code == 409
    assert stale.json()["current_version"] == meeting.version + 1
    assert Meeting.objects.get(pk=meeting.pk).chair == personas.team_member
    assert api_new_events(before) == []
