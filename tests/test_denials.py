"""Refused requests on family-data routes leave a DENIED entry (the same for ids that exist
and ids that do not), and unusual access raises an alert for the privacy officer."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.personas import make_family
from tests.test_api import api  # noqa: F401
from vangnet.audit import denials
from vangnet.audit.models import AccessEvent, PrivacyAlert
from vangnet.audit.verification import verify_access_log

pytestmark = pytest.mark.django_db

MISSING = 987654


def last_id():
    return AccessEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def since(before):
    """Entries since before, leaving out the token the api fixture makes (logged too)."""
    entries = AccessEvent.objects.filter(id__gt=before).exclude(object_type="api_token")
    return list(entries.order_by("id"))


def _comparable(entry):
    return {
        "action": entry.action,
        "object_type": entry.object_type,
        "family_ref": entry.family_ref,
        "basis": entry.basis,
        "part": entry.part,
        "username": entry.username,
        "channel": entry.channel,
        "details": entry.details,
    }


def test_a_refused_file_is_logged_the_same_whether_it_exists_or_not(personas, as_user):
    p = personas
    client = as_user(p.other_team)
    before = last_id()
    with CaptureQueriesContext(connection) as existing_queries:
        assert client.get(f"/gezinnen/{p.family.pk}/").status_code == 404
    with CaptureQueriesContext(connection) as missing_queries:
        assert client.get(f"/gezinnen/{MISSING}/").status_code == 404
    existing, missing = since(before)
    assert existing.action == "denied" and existing.username == "buitenstaander"
    assert (existing.object_id, existing.family_id) == (str(p.family.pk), p.family.pk)
    assert (missing.object_id, missing.family_id) == (str(MISSING), MISSING)
    assert existing.family_ref == "" and existing.basis == "none"
    assert existing.details == {"route": "families:detail", "method": "GET", "status": 404}
    assert _comparable(existing) == _comparable(missing)
    # The same work for both: nothing in the answer or its timing tells them apart.
    assert len(existing_queries) == len(missing_queries)
    assert verify_access_log()[1] is None  # no break in the chain


def test_other_routes_and_other_ids_are_named(personas, as_user, api):  # noqa: F811
    p = personas
    before = last_id()
    assert as_user(p.other_team).get(f"/veiligheid/{p.family.pk}/").status_code == 404
    url = f"/meldcode/gezin/{p.family.pk}/traject/{MISSING}/"
    assert as_user(p.case_worker).get(url).status_code == 404  # own file, wrong trajectory
    assert api("other_team").get(f"/families/{p.family.pk}/contacts").status_code == 404
    plan, trajectory, via_api = since(before)
    assert plan.details["route"].startswith("safety:")
    assert trajectory.username == "coach" and trajectory.details["ids"] == {
        "trajectory_pk": str(MISSING)
    }
    assert via_api.channel == "api" and via_api.object_id == str(p.family.pk)


def test_a_refusal_for_lack_of_role_is_logged_too(personas, as_user):
    p = personas
    before = last_id()
    response = as_user(p.privacy).get(f"/gezinnen/{p.family.pk}/")
    assert response.status_code in (403, 404)
    (entry,) = since(before)
    assert entry.action == "denied" and entry.username == "privacy"
    assert entry.details["status"] == response.status_code


def test_no_entry_outside_family_routes_or_without_a_user(personas, as_user):
    p = personas
    before = last_id()
    assert as_user(p.other_team).get("/bestaat-niet/").status_code == 404
    assert as_user(p.other_team).get("/overleg/999999/").status_code == 404  # not a family id
    assert as_user(None).get(f"/gezinnen/{p.family.pk}/").status_code == 302  # to the login
    assert since(before) == []


def test_a_refused_write_saves_nothing_but_its_refusal(personas, as_user):
    p = personas
    before = last_id()
    url = f"/gezinnen/{p.family.pk}/contacten/nieuw/"
    response = as_user(p.other_team).post(url, {"occurred_on": "2026-11-01", "kind": "phone"})
    assert response.status_code == 404
    assert [e.action for e in since(before)] == ["denied"]
    assert p.family.contacts.count() == 1


def test_many_refused_files_raise_one_alert_and_a_mail(
    personas, as_user, settings, django_capture_on_commit_callbacks
):
    p = personas
    settings.ALERT_DENIED_FILES = 2
    p.privacy.email = "privacy@example.org"
    p.privacy.save()
    client = as_user(p.other_team)
    with django_capture_on_commit_callbacks(execute=True):
        for family_id in (p.family.pk, MISSING, MISSING + 1):
            client.get(f"/gezinnen/{family_id}/")
        client.get(f"/gezinnen/{MISSING}/")  # the same file again does not count twice
    (alert,) = PrivacyAlert.objects.all()
    assert (alert.kind, alert.username, alert.files) == ("denied_files", "buitenstaander", 3)
    assert alert.mailed_at is not None
    (message,) = mail.outbox
    assert message.to == ["privacy@example.org"] and "buitenstaander" in message.subject
    assert p.family.reference not in message.body and p.family.name not in message.body
    with django_capture_on_commit_callbacks(execute=True):
        client.get(f"/gezinnen/{MISSING + 2}/")  # within the hour: no second alert
    assert PrivacyAlert.objects.count() == 1 and len(mail.outbox) == 1


def test_reading_unusually_many_files_raises_an_alert(personas, as_user, settings):
    p = personas
    settings.ALERT_READ_FILES = 1
    second = make_family(p.team_a, p.case_worker, name="Gezin Tweede", reference="VN-TEST02")
    client = as_user(p.case_worker)
    assert client.get(f"/gezinnen/{p.family.pk}/").status_code == 200
    assert denials.scan() == []
    assert client.get(f"/gezinnen/{second.pk}/").status_code == 200
    assert not PrivacyAlert.objects.exists()  # pages do not pay for the check
    out = StringIO()
    call_command("check_privacy_alerts", stdout=out)
    (alert,) = PrivacyAlert.objects.all()
    assert (alert.kind, alert.username, alert.files) == ("read_files", "coach", 2)
    assert "1 new alert" in out.getvalue() and second.reference not in out.getvalue()
    assert denials.scan() == []  # once per hour
    # An hour later the window is empty again.
    assert denials.scan(now=alert.raised_at + timedelta(hours=2)) == []


def test_the_privacy_officer_sees_and_handles_alerts(personas, as_user, settings):
    p = personas
    settings.ALERT_DENIED_FILES = 1
    for family_id in (MISSING, MISSING + 1):
        as_user(p.other_team).get(f"/gezinnen/{family_id}/")
    alert = PrivacyAlert.objects.get()
    client = as_user(p.privacy)
    before = last_id()
    html = client.get("/privacy/signalen/").content.decode()
    assert "buitenstaander" in html and 'name="alert"' in html
    (read,) = since(before)
    assert (read.action, read.object_type) == ("read", "privacy_alerts")

    before = last_id()
    response = client.post("/privacy/signalen/", {"alert": alert.pk, f"alert-{alert.pk}-note": ""})
    assert response.status_code == 200 and since(before)[-1].action == "read"  # shown again
    response = client.post(
        "/privacy/signalen/",
        {"alert": alert.pk, f"alert-{alert.pk}-note": "Besproken met teamleider: typefout in id."},
    )
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.handled_by == p.privacy and alert.note.startswith("Besproken")
    assert since(before)[-1].object_type == "privacy_alert"
    assert as_user(p.case_worker).get("/privacy/signalen/").status_code in (403, 404)


def test_denials_show_in_the_file_overview(personas, as_user):
    p = personas
    as_user(p.other_team).get(f"/gezinnen/{p.family.pk}/")
    html = as_user(p.privacy).get(f"/privacy/gezin/{p.family.reference}/").content.decode()
    assert "buitenstaander" in html
