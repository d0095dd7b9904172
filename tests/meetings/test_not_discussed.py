"""Issue 11.4: a family on the agenda that was not discussed is marked "niet besproken" at
finishing the meeting (or on its own page) instead of needing an invented decision; it
comes back on the next agenda and does not count as a discussion."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.personas import make_family
from tests.test_api import api, last_event_id  # noqa: F401
from tests.test_api import new_events as api_new_events
from vangnet.audit.models import AccessAction, AccessEvent
from vangnet.families.models import Contact
from vangnet.meetings import actions, signals
from vangnet.meetings.models import Decision, Discussion, MeetingStatus, ReviewCadence
from vangnet.meldcode.models import MeetingReferral


def last_id():
    return AccessEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def new_events(before):
    return list(AccessEvent.objects.filter(id__gt=before).order_by("id"))


def url(name, *args):
    return reverse(f"meetings:{name}", args=args)


@pytest.fixture
def two_families(personas, runner, planned_meeting):
    """The personas' family and a second one (added by the chair), in a started meeting."""
    second = make_family(
        personas.team_a, personas.case_worker, name="Gezin Tweede", reference="VN-NB001"
    )
    Contact.objects.create(
        family=second,
        occurred_on=timezone.localdate(),
        kind="phone",
        recorded_by=personas.case_worker,
    )
    actions.do_add_to_agenda(
        actor=runner.actor,
        access=runner.access(planned_meeting),
        family_access=runner.family(second),
        reason="School belde",
    )
    runner.start(planned_meeting)
    planned_meeting.refresh_from_db()
    return planned_meeting, second


def finalise(client, meeting, **data):
    meeting.refresh_from_db()
    return client.post(url("finalise", meeting.pk), {"version": meeting.version, **data})


def test_finalise_marks_the_ticked_family_not_discussed(personas, as_user, runner, two_families):
    meeting, second = two_families
    runner.decide(meeting, personas.family)
    client = as_user(personas.case_worker)
    page = client.get(url("meeting", meeting.pk)).content.decode()
    finalise_form = page[page.index('id="finalise"') :]
    assert f'name="not_discussed" value="{second.pk}"' in finalise_form
    assert f'name="not_discussed" value="{personas.family.pk}"' not in finalise_form

    # Not ticked: refused, as before.
    finalise(client, meeting)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.STARTED
    assert not Discussion.objects.filter(family=second).exists()

    before = last_id()
    response = finalise(client, meeting, not_discussed=[second.pk], reason="Geen tijd meer")
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.final
    discussion = Discussion.objects.get(meeting=meeting, family=second)
    assert discussion.not_discussed and discussion.not_discussed_reason == "Geen tijd meer"
    assert not Decision.objects.filter(discussion=discussion).exists()
    # No cadence for a family that was never really discussed.
    assert not ReviewCadence.objects.filter(family=second).exists()
    minutes_entry, event = new_events(before)
    assert minutes_entry.family_id == second.pk and minutes_entry.object_type == "minutes"
    assert event.details["step"] == "finalise" and event.details["not_discussed"] == [second.pk]

    minutes = client.get(url("minutes", meeting.pk)).content.decode()
    assert "Niet besproken</strong>: Geen tijd meer" in minutes
    timeline = client.get(url("timeline", second.pk)).content.decode()
    assert "Op de agenda, niet besproken" in timeline


def test_a_family_with_a_decision_cannot_be_ticked(personas, as_user, runner, two_families):
    meeting, second = two_families
    runner.decide(meeting, personas.family)
    runner.decide(meeting, second)
    response = finalise(as_user(personas.case_worker), meeting, not_discussed=[second.pk])
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.STARTED  # refused, nothing kept
    assert not Discussion.objects.filter(family=second, not_discussed=True).exists()


def test_a_family_not_on_the_agenda_cannot_be_ticked(personas, as_user, runner, two_families):
    meeting, second = two_families
    other = make_family(personas.team_a, personas.case_worker, reference="VN-NB002")
    runner.decide(meeting, personas.family)
    runner.decide(meeting, second)
    finalise(as_user(personas.case_worker), meeting, not_discussed=[other.pk])
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.STARTED
    assert not Discussion.objects.filter(family=other).exists()
    with pytest.raises(ValidationError):
        actions.do_finalise(
            actor=runner.actor,
            access=runner.access(meeting),
            version=meeting.version,
            not_discussed=[runner.family(other)],
        )


def test_it_comes_back_on_the_next_agenda(personas, runner, two_families):
    meeting, second = two_families
    referral = MeetingReferral.objects.create(
        family=personas.family,
        reason="disclosure",
        source="signal:1",
        raised_by=personas.case_worker,
        raised_at=meeting.starts_at - timedelta(days=1),
    )
    runner.decide(meeting, second)
    meeting.refresh_from_db()
    actions.do_finalise(
        actor=runner.actor,
        access=runner.access(meeting),
        version=meeting.version,
        not_discussed=[runner.family(personas.family)],
    )
    day = timezone.localdate() + timedelta(days=14)
    # Not discussed: the referral is still open, and the family carries its own reason.
    assert signals.open_referrals([personas.family.pk], day)[personas.family.pk]
    assert signals.not_discussed([personas.family.pk], day) == {personas.family.pk: meeting.day}
    assert signals.last_discussions([personas.family.pk], day) == {}
    nxt = runner.create(day)
    codes = [r["code"] for r in nxt.items.get(family=personas.family).reasons]
    assert codes[:2] == ["disclosure", "not_discussed"]
    assert referral.pk  # the referral itself is untouched
    page_reason = [
        r for r in nxt.items.get(family=personas.family).reasons if r["code"] == "not_discussed"
    ]
    assert page_reason == [
        {"code": "not_discussed", "params": {"meeting": meeting.day.isoformat()}}
    ]

    # Discussed in the next meeting: the reason is gone for the one after.
    runner.start(nxt)
    runner.decide(nxt, personas.family)
    later = day + timedelta(days=14)
    assert signals.not_discussed([personas.family.pk], later) == {}


def test_mark_and_undo_on_the_family_page(personas, as_user, runner, started_meeting):
    client = as_user(personas.case_worker)
    page_url = url("family", started_meeting.pk, personas.family.pk)
    html = client.get(page_url).content.decode()
    assert 'value="not_discussed"' in html and "Markeren als niet besproken" in html

    before = last_id()
    response = client.post(
        page_url, {"form": "not_discussed", "not_discussed-reason": "Gezinsbehandelaar ziek"}
    )
    assert response.status_code == 302
    discussion = Discussion.objects.get(meeting=started_meeting, family=personas.family)
    assert discussion.not_discussed and discussion.not_discussed_reason == "Gezinsbehandelaar ziek"
    [event] = new_events(before)
    assert event.family_id == personas.family.pk and event.action == AccessAction.UPDATE

    html = client.get(page_url).content.decode()
    assert "Niet besproken in dit overleg" in html and "Ongedaan maken: niet besproken" in html
    # A decision is refused while the family is marked.
    response = client.post(
        page_url, {"form": "decision", "decision-kind": "continue", "decision-text": "Doorgaan"}
    )
    assert response.status_code == 400 and not Decision.objects.exists()
    # The meeting can be finalised without a decision for it.
    runner.finalise(started_meeting)
    started_meeting.refresh_from_db()
    assert started_meeting.final


def test_undo_then_a_decision(personas, as_user, runner, started_meeting):
    client = as_user(personas.case_worker)
    page_url = url("family", started_meeting.pk, personas.family.pk)
    client.post(page_url, {"form": "not_discussed", "not_discussed-reason": ""})
    client.post(page_url, {"form": "not_discussed", "not_discussed-undo": "1"})
    discussion = Discussion.objects.get(meeting=started_meeting, family=personas.family)
    assert not discussion.not_discussed
    runner.decide(started_meeting, personas.family)
    assert Decision.objects.count() == 1
    # Now discussed: it can no longer be marked, and the form is gone.
    with pytest.raises(ValidationError):
        actions.do_set_not_discussed(
            actor=runner.actor,
            access=runner.access(started_meeting),
            family_access=runner.family(personas.family),
        )
    assert "Markeren als niet besproken" not in client.get(page_url).content.decode()


def test_not_before_the_meeting_starts(personas, runner, planned_meeting):
    with pytest.raises(ValidationError):
        actions.do_set_not_discussed(
            actor=runner.actor,
            access=runner.access(planned_meeting),
            family_access=runner.family(personas.family),
        )
    assert not Discussion.objects.exists()


def test_readers_cannot_mark(personas, as_user, started_meeting):
    response = as_user(personas.read_only).post(
        url("family", started_meeting.pk, personas.family.pk),
        {"form": "not_discussed", "not_discussed-reason": "x"},
    )
    assert response.status_code == 403
    assert not Discussion.objects.exists()


def test_not_discussed_is_not_the_last_discussion(personas, as_user, runner, started_meeting):
    actions.do_set_not_discussed(
        actor=runner.actor,
        access=runner.access(started_meeting),
        family_access=runner.family(personas.family),
        reason="Geen tijd",
    )
    runner.finalise(started_meeting)
    html = (
        as_user(personas.case_worker)
        .get(reverse("families:detail", args=[personas.family.pk]))
        .content.decode()
    )
    section = html[html.index('id="meetings-section"') :]
    assert "Laatst besproken</dt><dd>-</dd>" in section


def test_api_finalise_with_not_discussed(personas, api, runner, started_meeting):  # noqa: F811
    client = api("case_worker")
    path = f"/meetings/{started_meeting.pk}/finalise"
    started_meeting.refresh_from_db()
    before = last_event_id()
    response = client.post(
        path,
        {
            "version": started_meeting.version,
            "not_discussed_family_ids": [personas.family.pk],
            "reason": "Geen tijd",
        },
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "finalised"
    # One entry for the family's minutes, one for the meeting.
    minutes_entry, event = api_new_events(before)
    assert minutes_entry.family_id == personas.family.pk
    assert (minutes_entry.action, minutes_entry.object_type) == ("update", "minutes")
    assert event.details["not_discussed"] == [personas.family.pk]
    minutes = client.get(f"/meetings/{started_meeting.pk}/families/{personas.family.pk}").json()
    assert minutes["not_discussed"] is True and minutes["decisions"] == []


def test_api_finalise_refuses_a_family_of_another_team(personas, api, runner, started_meeting):  # noqa: F811
    other = make_family(personas.team_b, personas.other_team, reference="VN-NB003")
    started_meeting.refresh_from_db()
    response = api("case_worker").post(
        f"/meetings/{started_meeting.pk}/finalise",
        {"version": started_meeting.version, "not_discussed_family_ids": [other.pk]},
    )
    assert response.status_code == 404
    started_meeting.refresh_from_db()
    assert started_meeting.status == MeetingStatus.STARTED
