"""What each visitor sees: only their part of the current distributed version."""

import pytest

from tests.portal.conftest import invite, log_in
from vangnet.audit.models import AccessEvent
from vangnet.families.models import Contact, Person

pytestmark = pytest.mark.django_db

PROFESSIONAL_ONLY = ("VN-TEST01", "Basisschool De Test", "2016")


def _page(client, person, user):
    client.cookies.clear()
    log_in(client, invite(person, user))
    response = client.get("/portaal/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_parent_reads_the_parents_version(world, client):
    html = _page(client, world.p.parent, world.p.case_worker)
    for text in ("AFSPRAAK-OCHTEND", "AFSPRAAK-AVOND", "Wij zijn bang.", "0611111111", "112"):
        assert text in html
    assert "ZORG-ZIN" not in html  # the professional sentence: the plain text is shown
    for text in PROFESSIONAL_ONLY:
        assert text not in html


def test_a_safety_person_reads_only_their_part(world, client):
    Contact.objects.filter(pk=world.p.contact.pk).update(summary="CONTACTNOTITIE")
    html = _page(client, world.oma, world.p.case_worker)
    for text in ("ROL-OMA", "AFSPRAAK-OCHTEND", "SIGNAAL-SCHREEUWEN", "0622222222"):
        assert text in html
    for text in (
        "ROL-HENK",
        "AFSPRAAK-AVOND",
        "SIGNAAL-HENK",
        "Wij zijn bang.",
        "GEHEIME-SCHADE",
        "CONTACTNOTITIE",
        *PROFESSIONAL_ONLY,
    ):
        assert text not in html, text
    assert "samen opnieuw naar het plan" in html  # the next evaluation date


def test_a_safety_person_of_another_family_sees_nothing_of_this_one(world, client):
    html = _page(client, world.other_safety, world.p.other_team)
    assert "Gezin Ander" in html
    for text in ("ROL-OMA", "AFSPRAAK", "Testfamilie", "0611111111"):
        assert text not in html


def test_a_person_in_two_families_sees_each_apart(world, client):
    twin = Person.objects.create(
        family=world.p.family, kind="network", first_name="Greet", phone="0633333333"
    )
    here = _page(client, twin, world.p.case_worker)
    there = _page(client, world.other_safety, world.p.other_team)
    assert "Testfamilie" in here and "Gezin Ander" not in here
    assert "Gezin Ander" in there and "Testfamilie" not in there


def test_each_read_is_one_portal_entry(world, client):
    invitation = invite(world.oma, world.p.case_worker)
    log_in(client, invitation)
    before = AccessEvent.objects.count()
    client.get("/portaal/", REMOTE_ADDR="192.0.2.9", HTTP_USER_AGENT="Telefoon/1.0")
    entry = AccessEvent.objects.get(id__gt=before)
    assert (entry.action, entry.object_type, entry.channel, entry.part) == (
        "read",
        "portal_plan",
        "portal",
        "portal",
    )
    assert entry.object_id == str(world.version.pk) and entry.basis == "grant"
    assert entry.family_id == world.p.family.pk and entry.family_ref == "VN-TEST01"
    assert entry.person_id == world.oma.pk and entry.username == f"portaal:{invitation.pk}"
    assert entry.ip_address == "192.0.2.9" and entry.user_agent == "Telefoon/1.0"


def test_without_a_distributed_version_there_is_nothing_to_read(world, client):
    world.version.status = "draft"
    world.version.save()
    html = _page(client, world.p.parent, world.p.case_worker)
    assert "AFSPRAAK" not in html and "nog geen plan" in html
