"""The iCalendar feed, the benchmark helpers and guard, and the demo data of the meetings."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from vangnet.audit.models import AccessEvent
from vangnet.audit.verification import verify_access_log
from vangnet.meetings import calendar
from vangnet.meetings.bench import bench_team, generate_history, measure_agenda
from vangnet.meetings.models import CalendarFeed, Meeting, MeetingAction, MeetingStatus

# The feed ----------------------------------------------------------------------------------


def test_escape_and_fold():
    assert calendar.escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    line = "LOCATION:" + "Vergaderzaal é " * 10
    folded = calendar.fold(line)
    parts = folded.split("\r\n ")
    assert all(len(p.encode()) <= 75 for p in parts)
    assert "".join(parts) == line


def feed_url(client):
    response = client.post(reverse("meetings:calendar"))
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('value="http') + len('value="')
    return html[start : html.index('"', start)]


def test_feed_has_meetings_and_no_family_data(personas, as_user, planned_meeting):
    client = as_user(personas.case_worker)
    url = feed_url(client)
    assert "/overleg/agenda/" in url and url.endswith(".ics")
    assert CalendarFeed.objects.get(user=personas.case_worker).token_hash not in url
    client.logout()
    before = AccessEvent.objects.count()
    response = client.get(url.split("testserver", 1)[1])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert body.endswith("END:VCALENDAR\r\n")
    assert body.count("BEGIN:VEVENT") == 1
    assert f"UID:meeting-{planned_meeting.pk}@" in body
    start = planned_meeting.starts_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    assert f"DTSTART:{start}" in body
    assert "Team A" in body
    for secret in (personas.family.name, personas.family.reference, "Testkind"):
        assert secret not in body
    assert AccessEvent.objects.count() == before  # no family data: nothing logged


def test_feed_token_renewal_and_stop(personas, as_user, planned_meeting):
    client = as_user(personas.case_worker)
    old = feed_url(client).split("testserver", 1)[1]
    new = feed_url(client).split("testserver", 1)[1]
    assert old != new
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    client.post(reverse("meetings:calendar"), {"stop": "1"})
    assert client.get(new).status_code == 404
    assert client.get("/overleg/agenda/nonsense.ics").status_code == 404


def test_feed_of_other_team_member_has_no_team_a_meeting(personas, as_user, planned_meeting):
    client = as_user(personas.other_team)
    url = feed_url(client).split("testserver", 1)[1]
    assert "BEGIN:VEVENT" not in client.get(url).content.decode()


def test_feed_stops_for_deactivated_user(personas, as_user, planned_meeting):
    client = as_user(personas.case_worker)
    url = feed_url(client).split("testserver", 1)[1]
    personas.case_worker.is_active = False
    personas.case_worker.save()
    assert client.get(url).status_code == 404


def test_render_ics_end_time_from_series(personas, planned_meeting):
    planned_meeting.series.duration_minutes = 60
    body = calendar.render_ics([planned_meeting], now=datetime(2026, 1, 1, tzinfo=UTC))
    end = (planned_meeting.starts_at + timedelta(minutes=60)).astimezone(UTC)
    assert f"DTEND:{end:%Y%m%dT%H%M%SZ}" in body
    assert "DTSTAMP:20260101T000000Z" in body


# Benchmark ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_bench_history_and_bounded_agenda():
    sizes = generate_history(families=12, years=1, seed=3)
    assert sizes["families_open"] == 12 and sizes["meetings"] >= 26
    team = bench_team()
    assert (
        Meeting.objects.filter(team=team, status=MeetingStatus.FINALISED).count()
        == (sizes["meetings"])
    )
    assert MeetingAction.objects.filter(family__team=team).count() == sizes["actions"]
    result = measure_agenda(team, runs=2, warmup=0)
    assert result["families"] == 12
    # A fixed number of queries, one per source of signals (the portal's concerns included).
    assert result["bounded"] and result["queries"] <= 13
    assert len(result["selected"]) <= 5


def test_bench_refuses_a_file_outside_var_bench(tmp_path):
    with pytest.raises(CommandError, match="Refusing"):
        call_command("bench_meetings", db=str(tmp_path / "x.sqlite3"))


# Demo data ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_seed_demo_makes_meetings_idempotently():
    call_command("seed_demo", verbosity=0)
    meetings = list(Meeting.objects.order_by("starts_at"))
    # Donovan's ten meetings of seed 000, then the next one, planned.
    assert [m.status for m in meetings] == [MeetingStatus.FINALISED] * 10 + [MeetingStatus.PLANNED]
    assert all(m.discussions.filter(family__name="Gezin Appelboom").exists() for m in meetings[:10])
    assert meetings[-1].starts_at > timezone.now()
    call_command("seed_demo", verbosity=0)
    assert Meeting.objects.count() == 11
    assert verify_access_log()[1] is None
