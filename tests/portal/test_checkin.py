"""The weekly check-in: orange or red reaches the coach and the safety meeting's agenda."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from tests.portal.conftest import invite, log_in
from vangnet.audit.models import AccessEvent
from vangnet.meetings import engine, signals, texts
from vangnet.portal.models import CheckIn

pytestmark = pytest.mark.django_db


def test_an_orange_check_in_reaches_the_coach_and_the_agenda(
    world, client, as_user, mailoutbox, django_capture_on_commit_callbacks
):
    p = world.p
    p.case_worker.email = "coach@example.org"
    p.case_worker.save()
    invitation = invite(world.oma, p.case_worker)
    log_in(client, invitation)
    assert client.get("/portaal/weekcheck/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/portaal/weekcheck/",
            {"mood": "orange", "words": "Papa was boos", "warning_sign": "on"},
        )
    assert response.status_code == 302
    checkin = CheckIn.objects.get()
    assert checkin.family == p.family and checkin.warning_sign and checkin.is_concern
    # The coach gets a mail at once: the file number, never a name or the words.
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["coach@example.org"]
    body = mailoutbox[0].subject + mailoutbox[0].body
    assert "VN-TEST01" in body and "Papa" not in body and "Wilhelmina" not in body
    entry = AccessEvent.objects.get(object_type="portal_checkin")
    assert entry.action == "create" and entry.channel == "portal"
    assert entry.person_id == world.oma.pk and "Papa" not in str(entry.details)

    client.cookies.clear()
    page = as_user(p.case_worker).get(f"/gezinnen/{p.family.pk}/").content.decode()
    assert "Papa was boos" in page and "waarschuwingssignaal" in page

    tomorrow = timezone.localdate() + timedelta(days=1)
    found = signals.network_concerns([p.family.pk], tomorrow)
    assert found == {p.family.pk: timezone.localdate()}
    (family_signals,) = signals.gather(
        [(p.family.pk, p.family.opened_on)], tomorrow, engine.Thresholds()
    )
    reasons = engine.reasons_for(family_signals, tomorrow, engine.Thresholds())
    concern = next(r for r in reasons if r.code == engine.NETWORK_CONCERN)
    with translation.override("nl"):
        assert "zorgen gemeld door het netwerk" in texts.reason_text(concern.as_dict()).lower()


def test_a_green_check_in_is_stored_but_raises_nothing(
    world, client, mailoutbox, django_capture_on_commit_callbacks
):
    log_in(client, invite(world.p.parent, world.p.case_worker))
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/portaal/weekcheck/", {"mood": "green"}).status_code == 302
    assert CheckIn.objects.get().mood == "green" and mailoutbox == []
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert signals.network_concerns([world.p.family.pk], tomorrow) == {}


def test_a_check_in_needs_a_mood(world, client):
    log_in(client, invite(world.p.parent, world.p.case_worker))
    assert client.post("/portaal/weekcheck/", {"words": "x"}).status_code == 400
    assert not CheckIn.objects.exists()


def test_the_engine_adds_the_reason_only_when_reported():
    day = timezone.localdate()
    quiet = engine.FamilySignals(family_id=1)
    worried = engine.FamilySignals(family_id=2, network_concern_since=day - timedelta(days=1))
    assert engine.reasons_for(quiet, day, engine.Thresholds()) == []
    (reason,) = engine.reasons_for(worried, day, engine.Thresholds())
    assert reason.code == engine.NETWORK_CONCERN and reason.weight == 54
