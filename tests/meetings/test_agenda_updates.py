"""Issue 11.2 and 11.3: a meeting without a chair, the family page's next review while the
family is on a planned agenda, and planned agendas that keep up with the reasons (never
dropping a family) and show the chair what changed since the agenda was made."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

from tests.personas import make_family
from tests.test_api import api, last_event_id  # noqa: F401
from tests.test_api import new_events as api_new_events
from vangnet.audit.models import AccessAction, AccessEvent
from vangnet.families.models import Contact
from vangnet.meetings import actions, engine
from vangnet.meetings.engine import Candidate, Placed, Reason
from vangnet.meetings.models import AgendaItem, Meeting, MeetingStatus
from vangnet.meldcode.models import MeetingReferral, Report, Trajectory


def last_id():
    return AccessEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def new_events(before):
    return list(AccessEvent.objects.filter(id__gt=before).order_by("id"))


def url(name, *args):
    return reverse(f"meetings:{name}", args=args)


def quiet_family(personas, name, reference):
    """A family of team A with recent contact: no reason to be on the agenda."""
    family = make_family(personas.team_a, personas.case_worker, name=name, reference=reference)
    Contact.objects.create(
        family=family,
        occurred_on=timezone.localdate(),
        kind="phone",
        recorded_by=personas.case_worker,
    )
    return family


@pytest.fixture
def upcoming(personas, runner):
    """A planned meeting in two days; the personas' family is on it (no recent contact).
    (Reasons count as of the start of the meeting day, so a referral made today counts
    for a later meeting.)"""
    meeting = runner.create(timezone.localdate() + timedelta(days=2))
    assert meeting.items.filter(family=personas.family).exists()
    return meeting


def refer(family, user, reason="acute"):
    return MeetingReferral.objects.create(
        family=family,
        reason=reason,
        source="signal:1",
        raised_by=user,
        raised_at=timezone.now() - timedelta(hours=1),
    )


# 2. A meeting without a chair ----------------------------------------------------------------


def test_meeting_without_chair_shows_its_pages(personas, as_user, runner):
    meeting = runner.create(timezone.localdate(), chair=None)
    assert meeting.chair is None
    client = as_user(personas.case_worker)
    response = client.get(url("meeting", meeting.pk))
    assert response.status_code == 200
    html = response.content.decode()
    chair = html[html.index("<dt>Voorzitter</dt>") :]
    assert chair.startswith("<dt>Voorzitter</dt><dd>-</dd>")
    assert client.get(url("index")).status_code == 200
    assert client.get(url("minutes", meeting.pk)).status_code == 200
    # The chair's name (full name, else the username) once there is one.
    runner.start(meeting)
    meeting.refresh_from_db()
    actions.do_set_attendees(
        actor=runner.actor,
        access=runner.access(meeting),
        version=meeting.version,
        chair=personas.team_member,
        attendees=[],
    )
    html = client.get(url("meeting", meeting.pk)).content.decode()
    assert f"<dt>Voorzitter</dt><dd>{personas.team_member.get_full_name()}</dd>" in html


def test_api_meeting_without_chair(personas, api, runner):  # noqa: F811
    meeting = runner.create(timezone.localdate(), chair=None)
    response = api("case_worker").get(f"/meetings/{meeting.pk}")
    assert response.status_code == 200 and response.json()["chair_id"] is None


# 3a. The family page's next review -----------------------------------------------------------


def family_section(client, family):
    html = client.get(reverse("families:detail", args=[family.pk])).content.decode()
    start = html.index('id="meetings-section"')
    return html[start : html.index("</section>", start)]


def test_next_review_is_the_planned_meeting_the_family_is_on(personas, as_user, runner):
    day = timezone.localdate() + timedelta(days=3)
    meeting = runner.create(day)  # never discussed before: no cadence yet
    assert meeting.items.filter(family=personas.family, removed=False).exists()
    client = as_user(personas.case_worker)
    section = family_section(client, personas.family)
    nxt = section[section.index("Volgende bespreking") :]
    assert nxt.index(url("meeting", meeting.pk)) < nxt.index("</dd>")
    assert "op de agenda" in nxt[: nxt.index("</dd>")]
    assert not nxt.startswith("Volgende bespreking</dt>\n    <dd>-</dd>")
    cadence = client.get(url("cadence", personas.family.pk)).content.decode()
    assert url("meeting", meeting.pk) in cadence

    # Taken off the agenda: no longer the next review.
    actions.do_remove_from_agenda(
        actor=runner.actor,
        access=runner.access(meeting),
        family_access=runner.family(personas.family),
        reason="Vorige week besproken",
    )
    section = family_section(client, personas.family)
    assert url("meeting", meeting.pk) not in section
    assert "Volgende bespreking</dt>\n    <dd>-</dd>" in section


def test_next_review_ignores_final_and_past_meetings(personas, as_user, runner, started_meeting):
    runner.discuss_all(started_meeting)
    runner.finalise(started_meeting)
    section = family_section(as_user(personas.case_worker), personas.family)
    nxt = section[section.index("Volgende bespreking") : section.index("Laatst besproken")]
    assert url("meeting", started_meeting.pk) not in nxt
    # Due by the cadence: two weeks after today's discussion (which counts already).
    with translation.override("nl"):
        due = formats.date_format(timezone.localdate() + timedelta(days=14))
    assert f"<dd>{due}</dd>" in nxt


# 3b. Keeping a planned agenda up to date: the pure rule ----------------------------------------


def cand(family_id, *codes):
    reasons = tuple(Reason(code) for code in codes)
    return Candidate(family_id, reasons, sum(r.weight for r in reasons), timezone.localdate())


def placed(family_id, *codes, removed=False):
    return Placed(family_id, removed, tuple({"code": c, "params": {}} for c in codes))


def test_update_adds_newcomers_while_there_is_room():
    update = engine.update_agenda(
        [placed(1, "due"), placed(2, "due")], [cand(3, "acute"), cand(1, "due"), cand(4, "due")], 3
    )
    assert [c.family_id for c in update.added] == [3]
    assert [c.family_id for c in update.not_fitting] == [4]
    assert update.changed == {2: []}  # no reason any more, but it stays


def test_update_never_takes_off_and_keeps_removed_off():
    update = engine.update_agenda(
        [placed(1, "due"), placed(2, "due", removed=True)],
        [cand(2, "acute", "due"), cand(1, "due")],
        5,
    )
    assert update.added == () and update.not_fitting == ()
    assert update.changed == {2: [{"code": "acute", "params": {}}, {"code": "due", "params": {}}]}


def test_update_with_nothing_new_is_empty():
    update = engine.update_agenda([placed(1, "due")], [cand(1, "due")], 5)
    assert update.empty and update.not_fitting == ()


def test_update_removed_families_do_not_take_a_seat():
    update = engine.update_agenda(
        [placed(1, "due", removed=True)], [cand(2, "due"), cand(1, "due")], 1
    )
    assert [c.family_id for c in update.added] == [2]


# 3b. ... on the pages ------------------------------------------------------------------------


def test_opening_the_upcoming_adds_a_newly_referred_family(personas, as_user, upcoming):
    newcomer = quiet_family(personas, "Gezin Nieuw", "VN-UPD01")
    client = as_user(personas.case_worker)
    page = client.get(url("meeting", upcoming.pk)).content.decode()
    assert url("family", upcoming.pk, newcomer.pk) not in page

    refer(newcomer, personas.case_worker)
    before = last_id()
    page = client.get(url("meeting", upcoming.pk)).content.decode()
    item = upcoming.items.get(family=newcomer)
    assert item.source == "generated" and item.added_by_update and not item.removed
    assert [r["code"] for r in item.reasons] == ["acute"]
    # Shown to the chair as a change since the agenda was made.
    changes = page[page.index("Veranderd sinds de agenda is gemaakt") :]
    changes = changes[: changes.index("</ul>")]
    assert "Gezin Nieuw" in changes and "op de agenda gezet" in changes
    assert "Nieuw op de agenda" in page
    # One entry for the request: the update, naming every family the page shows.
    [event] = new_events(before)
    assert event.action == AccessAction.UPDATE and event.details["step"] == "update"
    assert event.details["added"] == [newcomer.pk]
    assert newcomer.pk in event.details["families"]
    assert personas.family.pk in event.details["families"]

    # Nothing changed since: a plain read, nothing written.
    before = last_id()
    client.get(url("meeting", upcoming.pk))
    [event] = new_events(before)
    assert event.action == AccessAction.READ
    assert upcoming.items.filter(family=newcomer).count() == 1


def test_vt_feedback_becoming_overdue_changes_the_reasons(personas, as_user, upcoming):
    today = timezone.localdate()
    trajectory = Trajectory.objects.create(
        family=personas.family,
        started_on=today - timedelta(days=30),
        started_by=personas.case_worker,
    )
    Report.objects.create(
        trajectory=trajectory,
        recorded_by=personas.case_worker,
        reported_on=today - timedelta(days=20),
        reported_by=personas.case_worker,
        vt_contact="Medewerker VT",
        shared="Zorgen",
        family_informed=True,
        feedback_due_on=today - timedelta(days=1),
    )
    page = as_user(personas.case_worker).get(url("meeting", upcoming.pk)).content.decode()
    item = upcoming.items.get(family=personas.family)
    assert [r["code"] for r in item.reasons] == ["vt_feedback_overdue", "no_contact"]
    assert [r["code"] for r in item.made_reasons] == ["no_contact"]
    changes = page[page.index("Veranderd sinds de agenda is gemaakt") :]
    assert "redenen veranderd" in changes
    assert "Nieuw: Terugkoppeling van Veilig Thuis" in changes.replace("</strong>", "")


def test_update_never_drops_what_is_there(personas, as_user, runner, upcoming):
    chair_pick = quiet_family(personas, "Gezin Handmatig", "VN-UPD02")
    taken_off = quiet_family(personas, "Gezin Eraf", "VN-UPD03")
    access = runner.access(upcoming)
    actions.do_add_to_agenda(
        actor=runner.actor,
        access=access,
        family_access=runner.family(chair_pick),
        reason="School belde",
    )
    actions.do_add_to_agenda(
        actor=runner.actor,
        access=runner.access(upcoming),
        family_access=runner.family(taken_off),
        reason="Misschien",
    )
    actions.do_remove_from_agenda(
        actor=runner.actor,
        access=runner.access(upcoming),
        family_access=runner.family(taken_off),
        reason="Toch niet nodig",
    )
    # The generated family's reason goes away (contact restored) ...
    Contact.objects.create(
        family=personas.family,
        occurred_on=timezone.localdate(),
        kind="home_visit",
        recorded_by=personas.case_worker,
    )
    # ... and the family taken off gets an acute referral.
    refer(taken_off, personas.case_worker)
    page = as_user(personas.case_worker).get(url("meeting", upcoming.pk)).content.decode()
    items = {i.family_id: i for i in upcoming.items.all()}
    assert not items[personas.family.pk].removed  # still on, though no reason is left
    assert items[personas.family.pk].reasons == []
    assert items[chair_pick.pk].source == "chair" and not items[chair_pick.pk].removed
    assert items[taken_off.pk].removed  # the chair's decision stands
    assert [r["code"] for r in items[taken_off.pk].reasons] == ["acute"]
    changes = page[page.index("Veranderd sinds de agenda is gemaakt") :]
    changes = changes[: changes.index("</ul>")]
    assert "geen reden meer" in changes
    assert "van de agenda gehaald, maar er is een nieuwe reden" in changes
    assert "Gezin Handmatig" not in changes  # nothing changed for it


def test_a_full_agenda_lists_the_newcomer_as_not_fitting(personas, as_user, runner):
    series = actions.series_for(personas.team_a)
    series.capacity = 1
    series.save()
    meeting = runner.create(timezone.localdate() + timedelta(days=2))
    assert meeting.items.filter(removed=False).count() == 1
    newcomer = quiet_family(personas, "Gezin Vol", "VN-UPD04")
    refer(newcomer, personas.case_worker, reason="disclosure")
    page = as_user(personas.case_worker).get(url("meeting", meeting.pk)).content.decode()
    meeting.refresh_from_db()
    assert not meeting.items.filter(family=newcomer).exists()
    assert [o["family_id"] for o in meeting.overflow] == [newcomer.pk]
    changes = page[page.index("Veranderd sinds de agenda is gemaakt") :]
    assert "Gezin Vol" in changes and "de agenda is vol" in changes


def test_readers_see_the_agenda_without_changing_it(personas, as_user, upcoming):
    newcomer = quiet_family(personas, "Gezin Lezer", "VN-UPD05")
    refer(newcomer, personas.case_worker)
    before = last_id()
    for who in (personas.read_only, personas.safeguarding):
        assert as_user(who).get(url("meeting", upcoming.pk)).status_code == 200
    assert not upcoming.items.filter(family=newcomer).exists()
    assert [e.action for e in new_events(before)] == [AccessAction.READ, AccessAction.READ]


def test_starting_brings_the_agenda_up_to_date(personas, runner, upcoming):
    newcomer = quiet_family(personas, "Gezin Start", "VN-UPD06")
    refer(newcomer, personas.case_worker)
    before = last_id()
    runner.start(upcoming)
    assert upcoming.items.filter(family=newcomer, removed=False).exists()
    [event] = new_events(before)
    assert event.details["step"] == "start" and event.details["added"] == [newcomer.pk]
    assert newcomer.pk in event.details["families"]


def test_a_started_meeting_is_not_changed(personas, as_user, runner, upcoming):
    runner.start(upcoming)
    newcomer = quiet_family(personas, "Gezin Laat", "VN-UPD07")
    refer(newcomer, personas.case_worker)
    page = as_user(personas.case_worker).get(url("meeting", upcoming.pk)).content.decode()
    assert not upcoming.items.filter(family=newcomer).exists()
    assert "Veranderd sinds de agenda is gemaakt" not in page


def test_making_the_agenda_again_resets_what_counts_as_changed(personas, as_user, upcoming):
    newcomer = quiet_family(personas, "Gezin Opnieuw", "VN-UPD08")
    refer(newcomer, personas.case_worker)
    client = as_user(personas.case_worker)
    assert "Veranderd sinds" in client.get(url("meeting", upcoming.pk)).content.decode()
    client.post(url("agenda_refresh", upcoming.pk))
    page = client.get(url("meeting", upcoming.pk)).content.decode()
    assert "Veranderd sinds" not in page
    item = upcoming.items.get(family=newcomer)
    assert not item.added_by_update and item.made_reasons == item.reasons


def test_chair_added_family_gets_its_own_reasons(personas, runner, upcoming):
    referred = quiet_family(personas, "Gezin Gemeld", "VN-UPD09")
    actions.do_remove_from_agenda(
        actor=runner.actor,
        access=runner.access(upcoming),
        family_access=runner.family(personas.family),
        reason="Eerst contact",
    )
    refer(referred, personas.case_worker, reason="disclosure")
    item = actions.do_add_to_agenda(
        actor=runner.actor,
        access=runner.access(upcoming),
        family_access=runner.family(referred),
        reason="Onthulling op school",
    )
    assert [r["code"] for r in item.reasons] == ["disclosure"]
    assert item.made_reasons == item.reasons  # not shown as a change later
    changes = actions.do_update_agenda(actor=runner.actor, access=runner.access(upcoming))
    assert not changes and not changes.dirty


def test_update_action_refuses_readers_and_started_meetings(personas, runner, started_meeting):
    from django.core.exceptions import PermissionDenied, ValidationError

    from vangnet.meetings.access import get_meeting_for_user

    reader = get_meeting_for_user(personas.read_only, started_meeting.pk)
    with pytest.raises(PermissionDenied):
        actions.do_update_agenda(actor=runner.actor, access=reader)
    with pytest.raises(ValidationError):
        actions.do_update_agenda(actor=runner.actor, access=runner.access(started_meeting))


def test_api_meeting_read_updates_the_agenda_with_one_entry(
    personas,
    api,  # noqa: F811
    upcoming,
):
    newcomer = quiet_family(personas, "Gezin Api", "VN-UPD10")
    refer(newcomer, personas.case_worker)
    client = api("case_worker")
    before = last_event_id()
    body = client.get(f"/meetings/{upcoming.pk}").json()
    assert newcomer.pk in [row["family_id"] for row in body["agenda"]]
    [event] = api_new_events(before)
    assert event.action == AccessAction.UPDATE and newcomer.pk in event.details["families"]


def test_overflow_since_is_kept_between_updates(personas, runner):
    series = actions.series_for(personas.team_a)
    series.capacity = 1
    series.save()
    meeting = runner.create(timezone.localdate() + timedelta(days=2))
    newcomer = quiet_family(personas, "Gezin Wacht", "VN-UPD11")
    refer(newcomer, personas.case_worker)
    actions.do_update_agenda(actor=runner.actor, access=runner.access(meeting))
    since = Meeting.objects.get(pk=meeting.pk).overflow[0]["since"]
    refer(newcomer, personas.case_worker, reason="disclosure")  # reasons change
    changes = actions.do_update_agenda(actor=runner.actor, access=runner.access(meeting))
    assert changes.dirty and changes.not_fitting == []  # not new in the list
    row = Meeting.objects.get(pk=meeting.pk).overflow[0]
    assert row["since"] == since and len(row["reasons"]) == 2


def test_a_referral_for_a_meeting_today_counts_from_the_next_day(
    personas, as_user, planned_meeting
):
    """Reasons are taken as of the start of the meeting day (unchanged engine rule)."""
    assert planned_meeting.status == MeetingStatus.PLANNED
    refer(quiet_family(personas, "Gezin Vandaag", "VN-UPD12"), personas.case_worker)
    as_user(personas.case_worker).get(url("meeting", planned_meeting.pk))
    assert AgendaItem.objects.filter(meeting=planned_meeting, added_by_update=True).count() == 0


def test_planned_meeting_page_queries_do_not_grow_with_the_families(
    personas, as_user, runner, upcoming
):
    """Opening a planned meeting (with its agenda check) costs the same number of queries
    for a few families as for many (overflow included)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = as_user(personas.case_worker)

    def count():
        client.get(url("meeting", upcoming.pk))  # brings the agenda up to date
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("meeting", upcoming.pk)).status_code == 200
        return len(captured.captured_queries)

    quiet_family(personas, "Gezin Rustig", "VN-Q999")  # one to add by hand in both cases
    for n in range(2):
        refer(quiet_family(personas, f"Gezin Q{n}", f"VN-Q{n:03d}"), personas.case_worker)
    few = count()
    for n in range(2, 12):
        refer(quiet_family(personas, f"Gezin Q{n}", f"VN-Q{n:03d}"), personas.case_worker)
    many = count()
    upcoming.refresh_from_db()
    assert len(upcoming.overflow) > 0  # more families than fit
    assert many == few
