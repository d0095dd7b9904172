"""Meeting pages: the flow from agenda to final minutes, access log, bad input."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.matrix_common import only_refusals
from tests.personas import make_family
from vangnet.audit.models import AccessEvent
from vangnet.audit.verification import verify_access_log
from vangnet.families.models import Contact
from vangnet.meetings.models import (
    AgendaItem,
    Decision,
    DisciplineInput,
    Discussion,
    Meeting,
    MeetingAction,
    MeetingStatus,
    ReviewCadence,
)


def last_id():
    return AccessEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def new_events(before):
    return list(AccessEvent.objects.filter(id__gt=before).order_by("id"))


def url(name, *args):
    return reverse(f"meetings:{name}", args=args)


def text(response):
    return response.content.decode()


def test_create_meeting_generates_agenda_with_reasons(personas, as_user):
    client = as_user(personas.case_worker)
    day = timezone.localdate() + timedelta(days=2)
    before = last_id()
    response = client.post(
        url("create", personas.team_a.pk),
        {
            "day": day.isoformat(),
            "start_time": "13:30",
            "location": "Vergaderzaal 2",
            "chair": personas.case_worker.pk,
            "attendees": [personas.case_worker.pk, personas.team_member.pk],
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("meeting", meeting.pk)
    assert meeting.attendees.count() == 2
    item = AgendaItem.objects.get(meeting=meeting)
    assert item.family == personas.family
    assert [r["code"] for r in item.reasons] == ["no_contact"]
    events = new_events(before)
    assert len(events) == 1
    assert events[0].object_type == "meeting"
    assert events[0].details["families"] == [personas.family.pk]

    before = last_id()
    page = client.get(url("meeting", meeting.pk))
    assert page.status_code == 200
    assert "Gezin Testfamilie" in text(page)
    assert "drop-out" in text(page) or "contact" in text(page).lower()
    events = new_events(before)
    assert len(events) == 1 and events[0].details["families"] == [personas.family.pk]


def test_chair_adds_and_removes_with_reason_and_agenda_freezes(personas, as_user, planned_meeting):
    quiet = make_family(
        personas.team_a, personas.case_worker, name="Gezin Rustig", reference="VN-TEST02"
    )
    Contact.objects.create(
        family=quiet,
        occurred_on=timezone.localdate(),
        kind="phone",
        recorded_by=personas.case_worker,
    )
    client = as_user(personas.case_worker)

    # No reason: refused, nothing written.
    before = last_id()
    response = client.post(
        url("agenda_add", planned_meeting.pk), {"family": quiet.pk, "reason": ""}
    )
    assert response.status_code == 302
    assert not planned_meeting.items.filter(family=quiet).exists()
    assert new_events(before) == []

    before = last_id()
    client.post(
        url("agenda_add", planned_meeting.pk),
        {"family": quiet.pk, "reason": "Zorgen van school gemeld"},
    )
    item = planned_meeting.items.get(family=quiet)
    assert item.source == "chair" and item.chair_reason == "Zorgen van school gemeld"
    events = new_events(before)
    assert len(events) == 1 and events[0].family_id == quiet.pk

    client.post(
        url("agenda_remove", planned_meeting.pk),
        {"family": personas.family.pk, "reason": "Vorige week al uitgebreid besproken"},
    )
    removed = planned_meeting.items.get(family=personas.family)
    assert removed.removed and removed.removed_reason == "Vorige week al uitgebreid besproken"
    page = text(client.get(url("meeting", planned_meeting.pk)))
    assert "Vorige week al uitgebreid besproken" in page
    assert "Zorgen van school gemeld" in page

    # Regenerating keeps the chair's changes.
    client.post(url("agenda_refresh", planned_meeting.pk))
    assert planned_meeting.items.get(family=personas.family).removed
    assert planned_meeting.items.get(family=quiet).source == "chair"

    client.post(url("start", planned_meeting.pk), {"version": 1})
    planned_meeting.refresh_from_db()
    assert planned_meeting.status == MeetingStatus.STARTED
    before = last_id()
    response = client.post(
        url("agenda_remove", planned_meeting.pk), {"family": quiet.pk, "reason": "Toch niet"}
    )
    assert response.status_code == 302
    assert not planned_meeting.items.get(family=quiet).removed
    assert new_events(before) == []


def test_minutes_then_final_then_only_addenda(personas, as_user, started_meeting):
    client = as_user(personas.team_member)
    page = url("family", started_meeting.pk, personas.family.pk)
    before = last_id()
    response = client.get(page)
    assert response.status_code == 200
    events = new_events(before)
    assert len(events) == 1 and events[0].family_id == personas.family.pk

    client.post(page, {"form": "input", "input-discipline": "psychiatrist", "input-text": "Let op"})
    client.post(
        page,
        {
            "form": "decision",
            "decision-kind": "change_cadence",
            "decision-text": "Veiligheid verbeterd",
            "decision-cadence_days": "28",
        },
    )
    due = (timezone.localdate() + timedelta(days=7)).isoformat()
    before = last_id()
    client.post(
        page,
        {
            "form": "action",
            "action-description": "Huisbezoek met oma",
            "action-owner": personas.case_worker.pk,
            "action-due_on": due,
        },
    )
    assert len(new_events(before)) == 1
    discussion = Discussion.objects.get(meeting=started_meeting, family=personas.family)
    assert DisciplineInput.objects.get(discussion=discussion).text == "Let op"
    assert Decision.objects.get(discussion=discussion).cadence_days == 28
    assert list(
        ReviewCadence.objects.filter(family=personas.family).values_list("interval_days", flat=True)
    ) == [14, 28]
    assert MeetingAction.objects.get().owner == personas.case_worker

    client.post(url("finalise", started_meeting.pk), {"version": started_meeting.version})
    started_meeting.refresh_from_db()
    assert started_meeting.final

    before = last_id()
    response = client.post(
        page, {"form": "decision", "decision-kind": "other", "decision-text": "Nog iets"}
    )
    assert response.status_code == 400
    assert "addendum" in text(response).lower()
    assert Decision.objects.count() == 1
    assert len(new_events(before)) == 1  # the page shown again is a logged read

    client.post(page, {"form": "addendum", "addendum-text": "Oma belde na afloop."})
    assert started_meeting.addenda.get().family == personas.family
    minutes = client.get(url("minutes", started_meeting.pk))
    assert "Oma belde na afloop." in text(minutes)
    assert "Veiligheid verbeterd" in text(minutes)
    pdf = client.get(url("minutes_pdf", started_meeting.pk))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert AccessEvent.objects.order_by("-id").first().action == "export"
    assert verify_access_log()[1] is None


def test_finalise_needs_every_family_discussed(personas, as_user, started_meeting):
    client = as_user(personas.case_worker)
    client.post(url("finalise", started_meeting.pk), {"version": started_meeting.version})
    started_meeting.refresh_from_db()
    assert started_meeting.status == MeetingStatus.STARTED


def test_minutes_not_before_start(personas, as_user, planned_meeting):
    client = as_user(personas.case_worker)
    response = client.post(
        url("family", planned_meeting.pk, personas.family.pk),
        {"form": "input", "input-discipline": "case_worker", "input-text": "Te vroeg"},
    )
    assert response.status_code == 400
    assert not DisciplineInput.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"form": "decision", "decision-kind": "nonsense", "decision-text": "x"}, "decision-kind"),
        ({"form": "decision", "decision-kind": "continue", "decision-text": ""}, "decision-text"),
        (
            {"form": "decision", "decision-kind": "change_cadence", "decision-text": "x"},
            "decision-cadence_days",
        ),
        (
            {
                "form": "decision",
                "decision-kind": "continue",
                "decision-text": "x",
                "decision-cadence_days": "28",
            },
            "decision-cadence_days",
        ),
        (
            {"form": "action", "action-description": "x", "action-due_on": "2020-01-01"},
            "action-owner",
        ),
        (
            {"form": "action", "action-description": "x", "action-due_on": "gisteren"},
            "action-due_on",
        ),
        (
            {"form": "next_review", "next_review-next_review_on": "2000-01-01"},
            "next_review-next_review_on",
        ),
        (
            {"form": "input", "input-discipline": "astrologer", "input-text": "x"},
            "input-discipline",
        ),
    ],
)
def test_bad_minutes_input(personas, as_user, started_meeting, data, field):
    client = as_user(personas.case_worker)
    response = client.post(url("family", started_meeting.pk, personas.family.pk), data)
    assert response.status_code == 400
    assert f'id="id_{field}_error"' in text(response)
    assert not Decision.objects.exists() and not MeetingAction.objects.exists()


def test_action_owner_in_past_and_other_team_refused(personas, as_user, started_meeting):
    client = as_user(personas.case_worker)
    response = client.post(
        url("family", started_meeting.pk, personas.family.pk),
        {
            "form": "action",
            "action-description": "x",
            "action-owner": personas.other_team.pk,
            "action-due_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 400
    assert not MeetingAction.objects.exists()


def test_unknown_minutes_form_is_404(personas, as_user, started_meeting):
    client = as_user(personas.case_worker)
    response = client.post(url("family", started_meeting.pk, personas.family.pk), {"form": "x"})
    assert response.status_code == 404


def test_family_not_on_agenda_is_404(personas, as_user, planned_meeting):
    other = make_family(personas.team_a, personas.case_worker, reference="VN-TEST03")
    client = as_user(personas.case_worker)
    assert client.get(url("family", planned_meeting.pk, other.pk)).status_code == 404


def test_family_of_other_team_in_meeting_is_404(personas, as_user, planned_meeting):
    other = make_family(personas.team_b, personas.other_team, reference="VN-TEST04")
    client = as_user(personas.case_worker)
    before = last_id()
    assert client.get(url("family", planned_meeting.pk, other.pk)).status_code == 404
    assert only_refusals(new_events(before)) == ["denied"]


def test_my_actions_and_done(personas, as_user):
    yesterday = timezone.localdate() - timedelta(days=1)
    action = MeetingAction.objects.create(
        family=personas.family,
        description="Contact zoeken met oma",
        owner=personas.case_worker,
        due_on=yesterday,
        created_by=personas.case_worker,
    )
    client = as_user(personas.case_worker)
    before = last_id()
    page = client.get(url("my_actions"))
    assert "Contact zoeken met oma" in text(page)
    assert 'class="overdue"' in text(page)
    events = new_events(before)
    assert len(events) == 1 and events[0].details["families"] == [personas.family.pk]

    # Someone else's actions are not on my page.
    assert "Contact zoeken met oma" not in text(
        as_user(personas.team_member).get(url("my_actions"))
    )

    client = as_user(personas.case_worker)
    before = last_id()
    client.post(url("action_done", action.pk), {"version": 1, "done_note": "Gebeld"})
    action.refresh_from_db()
    assert action.done_on == timezone.localdate() and action.done_note == "Gebeld"
    assert len(new_events(before)) == 1
    # A second time with the old version: refused.
    client.post(url("action_done", action.pk), {"version": 1})
    action.refresh_from_db()
    assert action.version == 2

    team = client.get(url("team_actions", personas.team_a.pk))
    assert "Contact zoeken met oma" not in text(team)


def test_cadence_change_keeps_history(personas, as_user):
    client = as_user(personas.case_worker)
    page = url("cadence", personas.family.pk)
    response = client.post(page, {"interval_days": "28", "reason": ""})
    assert response.status_code == 400
    assert not ReviewCadence.objects.exists()
    client.post(page, {"interval_days": "14", "reason": "Acute zorgen"})
    client.post(page, {"interval_days": "28", "reason": "Veiligheid verbeterd"})
    client.post(page, {"interval_days": "", "reason": "Veilig genoeg"})
    assert list(ReviewCadence.objects.values_list("interval_days", flat=True)) == [14, 28, None]
    html = text(client.get(page))
    assert "Acute zorgen" in html and "Veiligheid verbeterd" in html
    response = client.post(page, {"interval_days": "3", "reason": "x"})
    assert response.status_code == 400


def test_timeline_shows_meetings_decisions_contacts(personas, as_user, runner, started_meeting):
    runner.decide(started_meeting, personas.family, "report_vt", "Melden bij Veilig Thuis")
    client = as_user(personas.team_member)
    before = last_id()
    response = client.get(url("timeline", personas.family.pk))
    html = text(response)
    assert "Melden bij Veilig Thuis" in html
    assert url("family", started_meeting.pk, personas.family.pk) in html
    events = new_events(before)
    assert len(events) == 1 and events[0].part == "timeline"


def test_family_page_shows_meeting_section(personas, as_user, runner, started_meeting):
    runner.decide(started_meeting, personas.family)
    client = as_user(personas.case_worker)
    before = last_id()
    html = text(client.get(reverse("families:detail", args=[personas.family.pk])))
    assert url("timeline", personas.family.pk) in html
    assert len(new_events(before)) == 1  # the section adds no entry of its own


def test_series_settings_bad_input(personas, as_user):
    client = as_user(personas.case_worker)
    response = client.post(
        url("series", personas.team_a.pk),
        {
            "interval_days": "14",
            "weekday": "1",
            "start_time": "13:30",
            "duration_minutes": "90",
            "capacity": "0",
            "default_cadence_days": "14",
            "no_contact_days": "21",
            "scaling_window": "3",
            "scaling_drop": "2",
            "version": "1",
        },
    )
    assert response.status_code == 200
    assert 'id="id_capacity_error"' in text(response)
    response = client.post(
        url("series", personas.team_a.pk),
        {
            "interval_days": "14",
            "weekday": "1",
            "start_time": "13:30",
            "duration_minutes": "90",
            "capacity": "3",
            "default_cadence_days": "14",
            "cadence_phase_meetings": "6",
            "later_cadence_days": "28",
            "no_contact_days": "30",
            "scaling_window": "3",
            "scaling_drop": "2",
            "version": "1",
        },
    )
    assert response.status_code == 302
    series = personas.team_a.meeting_series
    assert series.capacity == 3 and series.no_contact_days == 30


def test_other_team_sees_nothing(personas, as_user, planned_meeting):
    client = as_user(personas.other_team)
    index = text(client.get(url("index")))
    assert url("meeting", planned_meeting.pk) not in index
    assert client.get(url("meeting", planned_meeting.pk)).status_code == 404


def test_only_the_chair_changes_the_agenda(personas, as_user, planned_meeting):
    client = as_user(personas.team_member)  # a writing member, but not the chair
    before = last_id()
    client.post(
        url("agenda_remove", planned_meeting.pk),
        {"family": personas.family.pk, "reason": "Niet nodig"},
    )
    assert not planned_meeting.items.get(family=personas.family).removed
    assert new_events(before) == []


def test_open_actions_come_back_at_every_meeting(personas, as_user, runner):
    other = make_family(
        personas.team_a, personas.case_worker, name="Gezin Buiten Agenda", reference="VN-TEST05"
    )
    Contact.objects.create(
        family=other,
        occurred_on=timezone.localdate(),
        kind="phone",
        recorded_by=personas.case_worker,
    )
    MeetingAction.objects.create(
        family=other,
        description="Schoolarts bellen",
        owner=personas.team_member,
        due_on=timezone.localdate() + timedelta(days=5),
        created_by=personas.case_worker,
    )
    meeting = runner.create(timezone.localdate())
    assert not meeting.items.filter(family=other).exists()  # not due, not overdue
    before = last_id()
    html = text(as_user(personas.case_worker).get(url("meeting", meeting.pk)))
    assert "Schoolarts bellen" in html
    assert other.pk in new_events(before)[0].details["families"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"day": "", "start_time": "13:30"}, "day"),
        ({"day": "2026-02-30", "start_time": "13:30"}, "day"),
        ({"day": "2026-03-03", "start_time": "25:00"}, "start_time"),
        ({"day": "2026-03-03", "start_time": "13:30", "chair": "999999"}, "chair"),
        ({"day": "2026-03-03", "start_time": "13:30", "attendees": ["999999"]}, "attendees"),
    ],
)
def test_bad_meeting_input(personas, as_user, data, field):
    client = as_user(personas.case_worker)
    before = last_id()
    response = client.post(url("create", personas.team_a.pk), data)
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in text(response)
    assert not Meeting.objects.exists()
    assert new_events(before) == []


def test_outsider_cannot_be_chair(personas, as_user):
    client = as_user(personas.case_worker)
    response = client.post(
        url("create", personas.team_a.pk),
        {"day": "2026-03-03", "start_time": "13:30", "chair": personas.other_team.pk},
    )
    assert 'id="id_chair_error"' in text(response)
    assert not Meeting.objects.exists()


def test_start_twice_with_the_same_version(personas, as_user, planned_meeting):
    client = as_user(personas.case_worker)
    client.post(url("start", planned_meeting.pk), {"version": 1})
    before = last_id()
    response = client.post(url("start", planned_meeting.pk), {"version": 1})
    assert response.status_code == 302
    planned_meeting.refresh_from_db()
    assert planned_meeting.version == 2
    assert new_events(before) == []
    page = text(client.get(response["Location"]))
    assert "begonnen: de agenda kan niet meer veranderen" in page
