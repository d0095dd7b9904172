"""Invitation, one-time link, one-time code, lockout and sessions of the portal."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from tests.portal.conftest import invite, link_for, log_in
from vangnet.audit.models import AccessEvent
from vangnet.portal import actions, sms
from vangnet.portal.models import Invitation, LoginLink, PortalSession

pytestmark = pytest.mark.django_db


def _token(text):
    return re.search(r"/portaal/l/([A-Za-z0-9_-]+)/", text).group(1)


def _code(text):
    return re.search(r"\b(\d{6})\b", text).group(1)


def _wrong(code):
    return f"{(int(code) + 1) % 10**6:06d}"


def test_coach_invites_and_the_visitor_logs_in_with_link_and_code(
    world, as_user, client, django_capture_on_commit_callbacks
):
    p = world.p
    coach = as_user(p.case_worker)
    with django_capture_on_commit_callbacks(execute=True):
        response = coach.post(
            f"/gezinnen/{p.family.pk}/portaal/uitnodigen/{world.oma.pk}/",
            {"channel": "sms", "address": "06 1111 1111"},
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get(person=world.oma)
    assert len(sms.outbox) == 1 and sms.outbox[0][0] == "06 1111 1111"
    token = _token(sms.outbox[0][1])
    link = LoginLink.objects.get(invitation=invitation)
    assert link.token_hash == actions.token_hash(token) and token not in link.token_hash
    entry = AccessEvent.objects.filter(object_type="portal_invitation").get()
    assert entry.user_id == p.case_worker.pk and entry.family_id == p.family.pk
    assert entry.person_id == world.oma.pk and "0611" not in str(entry.details)

    client.logout()
    # Opening the link sends nothing (mail programs check links); the button does.
    assert client.get(f"/portaal/l/{token}/").status_code == 200
    assert len(sms.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/portaal/l/{token}/")
    assert response.status_code == 302 and response["Location"].endswith("/code/")
    code = _code(sms.outbox[1][1])
    assert code not in LoginLink.objects.get(pk=link.pk).code_hash

    response = client.post(f"/portaal/l/{token}/code/", {"code": _wrong(code)})
    assert response.status_code == 400
    response = client.post(f"/portaal/l/{token}/code/", {"code": code})
    assert response.status_code == 302 and response["Location"] == "/portaal/"
    cookie = response.cookies[settings.PORTAL_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and not cookie["max-age"]
    assert "ROL-OMA" in client.get("/portaal/").content.decode()

    # Single use: the link does not work a second time, and that refusal is logged.
    assert client.get(f"/portaal/l/{token}/").status_code == 404
    refused = AccessEvent.objects.filter(object_type="portal_link", action="denied").get()
    assert refused.details["reason"] == "used"

    portal_entries = AccessEvent.objects.filter(channel="portal")
    assert {e.object_type for e in portal_entries} >= {
        "portal_code",
        "portal_session",
        "portal_plan",
        "portal_link",
    }
    for e in portal_entries:
        assert e.user_id is None and e.username == f"portaal:{invitation.pk}"
        assert e.person_id == world.oma.pk and e.family_id == p.family.pk
        assert "Wilhelmina" not in str(e.details) and e.hash


def test_wrong_codes_lock_the_link(world, client, settings):
    settings.PORTAL_CODE_ATTEMPTS = 3
    invitation = invite(world.oma, world.p.case_worker)
    token = link_for(invitation)
    client.post(f"/portaal/l/{token}/")
    code = _code(sms.outbox[-1][1]) if sms.outbox else None
    assert code is None  # sent on commit only: nothing leaves a rolled-back request
    link = LoginLink.objects.get(invitation=invitation)
    statuses = [
        client.post(f"/portaal/l/{token}/code/", {"code": "999999"}).status_code for _ in range(3)
    ]
    link.refresh_from_db()
    assert statuses[-1] == 403 and link.blocked_at is not None
    assert client.get(f"/portaal/l/{token}/").status_code == 404
    assert not PortalSession.objects.exists()
    locked = AccessEvent.objects.filter(object_type="portal_code", action="denied")
    assert locked.count() == 3 and locked.order_by("id").last().details["locked"] is True


def test_guessing_links_locks_the_address(world, client, settings):
    settings.PORTAL_ADDRESS_FAILURE_LIMIT = 3
    token = link_for(invite(world.oma, world.p.case_worker))
    for n in range(3):
        assert client.get(f"/portaal/l/geraden-{n}{'x' * 30}/").status_code == 404
    assert client.get(f"/portaal/l/{token}/").status_code == 429
    # Another address is not locked.
    assert client.get(f"/portaal/l/{token}/", REMOTE_ADDR="198.51.100.7").status_code == 200


def test_only_a_few_codes_per_link(world, client, settings):
    settings.PORTAL_CODES_PER_LINK = 2
    token = link_for(invite(world.oma, world.p.case_worker))
    assert [client.post(f"/portaal/l/{token}/").status_code for _ in range(3)] == [302, 302, 429]


def test_expired_and_revoked_links_are_404(world, client, as_user):
    expired = link_for(invite(world.neighbour, world.p.case_worker), days=-1)
    assert client.get(f"/portaal/l/{expired}/").status_code == 404
    assert AccessEvent.objects.get(action="denied").details["reason"] == "expired"

    invitation = invite(world.oma, world.p.case_worker)
    token = link_for(invitation)
    log_in(client, invitation)
    assert client.get("/portaal/").status_code == 200
    coach = as_user(world.p.case_worker)
    url = f"/gezinnen/{world.p.family.pk}/portaal/{invitation.pk}/intrekken/"
    assert coach.post(url).status_code == 302
    coach.logout()
    log_in(client, invitation)
    assert client.get("/portaal/").status_code == 404
    assert client.get(f"/portaal/l/{token}/").status_code == 404
    assert not PortalSession.objects.filter(ended_at__isnull=True).exists()
    revoked = AccessEvent.objects.filter(object_type="portal_invitation", action="update").get()
    assert revoked.details == {"revoked": True}


def test_a_closed_file_closes_the_portal(world, client):
    invitation = invite(world.oma, world.p.case_worker)
    log_in(client, invitation)
    world.p.family.status = "closed"
    world.p.family.closed_on = timezone.localdate()
    world.p.family.save()
    assert client.get("/portaal/").status_code == 404


def test_sessions_end_after_30_minutes_idle(world, client):
    invitation = invite(world.oma, world.p.case_worker)
    session = log_in(client, invitation)
    assert client.get("/portaal/").status_code == 200
    PortalSession.objects.filter(pk=session.pk).update(
        last_seen_at=timezone.now() - timedelta(minutes=31)
    )
    assert client.get("/portaal/").status_code == 404
    session.refresh_from_db()
    assert session.ended_at is not None


def test_logging_out_ends_the_session(world, client):
    invitation = invite(world.oma, world.p.case_worker)
    session = log_in(client, invitation)
    assert client.post("/portaal/uitloggen/").status_code == 200
    session.refresh_from_db()
    assert session.ended_at is not None
    assert client.get("/portaal/").status_code == 404


def test_a_child_is_not_invited(world, as_user):
    coach = as_user(world.p.case_worker)
    url = f"/gezinnen/{world.p.family.pk}/portaal/uitnodigen/{world.p.child.pk}/"
    assert coach.get(url).status_code == 404
    assert coach.post(url, {"channel": "sms", "address": "0612345678"}).status_code == 404
    assert not Invitation.objects.exists()


def test_a_new_invitation_replaces_the_old_one(world, as_user):
    coach = as_user(world.p.case_worker)
    url = f"/gezinnen/{world.p.family.pk}/portaal/uitnodigen/{world.oma.pk}/"
    coach.post(url, {"channel": "sms", "address": "0611111111"})
    coach.post(url, {"channel": "email", "address": "oma@example.org"})
    assert Invitation.objects.filter(person=world.oma, revoked_at__isnull=True).count() == 1
    assert coach.post(url, {"channel": "email", "address": "geen-adres"}).status_code == 400


def test_the_coach_sees_when_each_person_last_looked(world, client, as_user):
    invitation = invite(world.oma, world.p.case_worker)
    log_in(client, invitation)
    client.get("/portaal/")
    invitation.refresh_from_db()
    assert invitation.last_seen_at is not None
    client.cookies.clear()
    html = as_user(world.p.case_worker).get(f"/gezinnen/{world.p.family.pk}/portaal/")
    assert "Wilhelmina" in html.content.decode()
    assert html.context["invitations"][0].last_seen_at == invitation.last_seen_at
