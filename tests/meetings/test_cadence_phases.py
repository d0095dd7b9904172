"""Issue 11.1: the phased review cadence ("every two weeks until six meetings have been held,
then every four weeks") as one team setting that moves on by itself, a manual change that
always wins, and cadences in words everywhere ("elke twee weken", not "elke 14 dagen")."""

from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from tests.meetings.conftest import Runner
from tests.test_api import api, last_event_id, new_events  # noqa: F401
from vangnet.families.models import Contact
from vangnet.meetings import actions, engine, signals, texts
from vangnet.meetings.models import ReviewCadence

FIRST = date(2026, 2, 3)  # a Tuesday; the team meets every two weeks
MEETINGS = [FIRST + timedelta(days=14 * n) for n in range(10)]


def travel(day, hour=9):
    moment = timezone.make_aware(datetime.combine(day, time(hour, 0)))
    return time_machine.travel(moment, tick=False)


def keep_in_contact(family, user, weeks=30):
    for week in range(weeks):
        Contact.objects.create(
            family=family,
            occurred_on=FIRST - timedelta(days=7) + timedelta(days=7 * week),
            kind="home_visit",
            recorded_by=user,
        )


def hold(runner, family, day, *, decide=None, not_discussed=False, hour=9):
    """A meeting on `day` with the family on its agenda (added by hand if not chosen),
    a decision for every family (or the family marked "not discussed"), finalised."""
    with travel(day, hour):
        meeting = runner.create(day)
        if not meeting.items.filter(family=family, removed=False).exists():
            actions.do_add_to_agenda(
                actor=runner.actor,
                access=runner.access(meeting),
                family_access=runner.family(family),
                reason="Voor de test besproken",
            )
        runner.start(meeting)
        marked = []
        for item in meeting.items.filter(removed=False).select_related("family"):
            if item.family_id == family.pk and not_discussed:
                marked.append(runner.family(family))
            elif item.family_id == family.pk and decide:
                decide(meeting)
            else:
                runner.decide(meeting, item.family)
        meeting.refresh_from_db()
        actions.do_finalise(
            actor=runner.actor,
            access=runner.access(meeting),
            version=meeting.version,
            not_discussed=marked,
        )
    return meeting


def history(family):
    return list(
        ReviewCadence.objects.filter(family=family).values_list(
            "interval_days", "later_after", "later_interval_days", "automatic"
        )
    )


# The pure rule -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("held", "after", "later", "ends"),
    [
        (5, 6, 28, False),
        (6, 6, 28, True),
        (7, 6, 28, True),
        (6, None, 28, False),  # not phased
        (6, 6, None, False),
        (6, 0, 28, False),
        (1, 1, 28, True),
    ],
)
def test_phase_ends(held, after, later, ends):
    assert engine.phase_ends(held, after, later) is ends


# Wording: one function -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "dutch", "english"),
    [
        (7, "elke week", "every week"),
        (14, "elke twee weken", "every two weeks"),
        (21, "elke drie weken", "every three weeks"),
        (28, "elke vier weken", "every four weeks"),
        (84, "elke twaalf weken", "every twelve weeks"),
        (91, "elke 13 weken", "every 13 weeks"),
        (10, "elke 10 dagen", "every 10 days"),
        (1, "elke dag", "every day"),
        (None, "niet meer vast op de agenda", "no longer discussed by cadence"),
    ],
)
def test_cadence_in_words(days, dutch, english):
    with translation.override("nl"):
        assert texts.cadence_text(days) == dutch
    with translation.override("en"):
        assert texts.cadence_text(days) == english


def test_phased_cadence_in_words():
    with translation.override("nl"):
        assert (
            texts.cadence_plan_text(14, 6, 28)
            == "elke twee weken; na zes besprekingen elke vier weken"
        )
        assert texts.cadence_plan_text(7, 1, 14) == "elke week; na één bespreking elke twee weken"
        assert (
            texts.cadence_plan_text(14, 20, 30)
            == "elke twee weken; na 20 besprekingen elke 30 dagen"
        )
        assert texts.cadence_plan_text(14) == "elke twee weken"
        assert texts.cadence_plan_text(None, 6, 28).startswith("niet meer")


# Moving on by itself -------------------------------------------------------------------------


@pytest.fixture
def family(personas):
    keep_in_contact(personas.family, personas.case_worker)
    return personas.family


def test_the_cadence_moves_on_by_itself_after_the_sixth_discussion(personas, runner, family):
    for day in MEETINGS[:5]:
        hold(runner, family, day)
    # The first discussion gave the team's phased cadence; five discussions: not yet.
    assert history(family) == [(14, 6, 28, True)]
    sixth = hold(runner, family, MEETINGS[5])
    assert history(family) == [(14, 6, 28, True), (28, None, None, True)]
    row = ReviewCadence.objects.order_by("-id").first()
    assert row.valid_from == MEETINGS[5] and row.decision is None
    assert row.set_by == personas.case_worker
    assert "6 keer besproken" in row.reason and "elke vier weken" in row.reason
    # The finalise entry names the family whose cadence moved on.
    from vangnet.audit.models import AccessEvent

    entries = AccessEvent.objects.filter(object_type="meeting", object_id=str(sixth.pk))
    entry = entries.order_by("id").last()
    assert entry.details["step"] == "finalise"
    assert entry.details["cadence_moved_on"] == [family.pk]
    # From now on every four weeks: due four weeks after the sixth meeting.
    later = MEETINGS[5] + timedelta(days=21)
    assert signals.cadence_due([family.pk], later)[family.pk] == MEETINGS[5] + timedelta(days=28)
    with travel(MEETINGS[6]):
        assert not runner.create(MEETINGS[6]).items.filter(family=family).exists()
    with travel(MEETINGS[7]):
        item = runner.create(MEETINGS[7]).items.get(family=family)
    assert [r["code"] for r in item.reasons] == ["due"]


def test_the_move_is_in_the_history_timeline_and_family_page(personas, as_user, runner, family):
    for day in MEETINGS[:6]:
        hold(runner, family, day)
    client = as_user(personas.case_worker)
    cadence_page = client.get(reverse("meetings:cadence", args=[family.pk])).content.decode()
    assert "elke twee weken; na zes besprekingen elke vier weken" in cadence_page
    assert "elke vier weken" in cadence_page and "automatisch" in cadence_page
    timeline = client.get(reverse("meetings:timeline", args=[family.pk])).content.decode()
    assert "6 keer besproken" in timeline and "automatisch" in timeline
    detail = client.get(reverse("families:detail", args=[family.pk])).content.decode()
    section = detail[detail.index('id="meetings-section"') :]
    assert "elke vier weken" in section
    for page in (cadence_page, timeline, section):
        assert "14 dagen" not in page and "28 dagen" not in page


def test_not_discussed_does_not_count(personas, runner, family):
    hold(runner, family, MEETINGS[0])
    hold(runner, family, MEETINGS[1], not_discussed=True)
    for day in MEETINGS[2:6]:
        hold(runner, family, day)
    assert len(history(family)) == 1  # five real discussions
    hold(runner, family, MEETINGS[6])
    assert history(family)[-1] == (28, None, None, True)


def test_a_manual_change_always_wins_and_stops_the_phase(personas, runner, family):
    for day in MEETINGS[:3]:
        hold(runner, family, day)

    def weekly(meeting):
        runner.decide(meeting, family, "change_cadence", "Acute zorgen: elke week.", cadence_days=7)

    hold(runner, family, MEETINGS[3], decide=weekly)
    for day in MEETINGS[4:8]:
        hold(runner, family, day)
    # The team's own decision stays: nothing moves on by itself after it.
    assert history(family) == [(14, 6, 28, True), (7, None, None, False)]


def test_manual_change_on_the_cadence_page_is_not_phased(personas, as_user, runner, family):
    hold(runner, family, MEETINGS[0])
    client = as_user(personas.case_worker)
    client.post(
        reverse("meetings:cadence", args=[family.pk]),
        {"interval_days": "21", "reason": "Gaat goed"},
    )
    assert history(family)[-1] == (21, None, None, False)
    page = client.get(reverse("meetings:cadence", args=[family.pk])).content.decode()
    assert "elke drie weken" in page
    assert '<option value="28">Elke vier weken</option>' in page


def test_team_setting_decides_the_phases(personas, runner, family):
    series = actions.series_for(personas.team_a)
    team = runner.access(runner.create(FIRST - timedelta(days=14))).team_access
    actions.do_update_series(
        actor=runner.actor,
        access=team,
        version=series.version,
        default_cadence_days=7,
        cadence_phase_meetings=3,
        later_cadence_days=21,
    )
    for day in MEETINGS[:2]:
        hold(runner, family, day)
    assert history(family) == [(7, 3, 21, True)]
    hold(runner, family, MEETINGS[2])
    assert history(family)[-1] == (21, None, None, True)


def test_no_phase_when_the_team_sets_zero(personas, runner, family):
    series = actions.series_for(personas.team_a)
    series.cadence_phase_meetings = 0
    series.save()
    for day in MEETINGS[:7]:
        hold(runner, family, day)
    assert history(family) == [(14, None, None, True)]


@pytest.mark.parametrize(
    ("field", "value"),
    [("cadence_phase_meetings", 53), ("later_cadence_days", 6), ("later_cadence_days", 184)],
)
def test_series_phase_settings_are_checked(personas, runner, field, value):
    series = actions.series_for(personas.team_a)
    team = Runner(personas.case_worker, personas.team_a)
    from vangnet.meetings.access import get_team_for_user

    access = get_team_for_user(team.user, personas.team_a.pk, write=True)
    with pytest.raises(ValidationError) as error:
        actions.do_update_series(
            actor=team.actor, access=access, version=series.version, **{field: value}
        )
    assert field in error.value.message_dict


def test_series_page_saves_the_phased_cadence(personas, as_user):
    client = as_user(personas.case_worker)
    series = actions.series_for(personas.team_a)
    data = {name: getattr(series, name) for name in actions.SERIES_FIELDS}
    data.update(
        version=series.version,
        start_time="13:30",
        cadence_phase_meetings=4,
        later_cadence_days=42,
    )
    page = client.get(reverse("meetings:series", args=[personas.team_a.pk])).content.decode()
    assert "elke twee weken; na zes besprekingen elke vier weken" in page
    response = client.post(reverse("meetings:series", args=[personas.team_a.pk]), data)
    assert response.status_code == 302
    series.refresh_from_db()
    assert (series.cadence_phase_meetings, series.later_cadence_days) == (4, 42)
    page = client.get(reverse("meetings:series", args=[personas.team_a.pk])).content.decode()
    assert "elke twee weken; na vier besprekingen elke zes weken" in page


def test_next_review_set_in_the_first_meeting_is_kept(personas, runner, family):
    """The first cadence row is written during the meeting (after it started): the next
    review date the team set in that meeting still decides when the family is due."""

    def in_a_week(meeting):
        runner.decide(meeting, family)
        runner.next_review(meeting, family, MEETINGS[0] + timedelta(days=7))

    meeting = hold(runner, family, MEETINGS[0], decide=in_a_week, hour=14)
    row = ReviewCadence.objects.get(family=family)
    assert row.set_at > meeting.starts_at
    due = signals.cadence_due([family.pk], MEETINGS[1])[family.pk]
    assert due == MEETINGS[0] + timedelta(days=7)


def test_decision_cadence_in_words_in_the_minutes(personas, as_user, runner, started_meeting):
    runner.decide(started_meeting, personas.family, "change_cadence", "Verbeterd.", cadence_days=28)
    client = as_user(personas.case_worker)
    family_page = client.get(
        reverse("meetings:family", args=[started_meeting.pk, personas.family.pk])
    ).content.decode()
    minutes = client.get(reverse("meetings:minutes", args=[started_meeting.pk])).content.decode()
    for page in (family_page, minutes):
        assert "(elke vier weken)" in page and "28 dagen" not in page


# API -----------------------------------------------------------------------------------------


def test_api_series_and_cadence_history(personas, api, runner, family):  # noqa: F811
    client = api("case_worker")
    path = f"/meetings/teams/{personas.team_a.pk}/series"
    body = client.get(path).json()
    assert (body["cadence_phase_meetings"], body["later_cadence_days"]) == (6, 28)
    response = client.patch(path, {"version": body["version"], "cadence_phase_meetings": 53})
    assert response.status_code == 422
    response = client.patch(
        path, {"version": body["version"], "cadence_phase_meetings": 2, "later_cadence_days": 21}
    )
    assert response.status_code == 200, response.content
    for day in MEETINGS[:2]:
        hold(runner, family, day)
    rows = client.get(f"/meetings/families/{family.pk}/cadence").json()
    assert [(r["interval_days"], r["automatic"]) for r in rows] == [(21, True), (14, True)]
    assert rows[1]["later_after"] == 2 and rows[1]["later_interval_days"] == 21
    assert rows[1]["description"] == "elke twee weken; na twee besprekingen elke drie weken"
