"""Retention per kind of file, and requests for destruction (Jeugdwet art. 7.3.8 and 7.3.9):
the family page explains the date, every write is an action with exactly one access-log
entry, refused input changes nothing, and a granted request ends in destruction."""

from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.families.matrix import make_request
from tests.personas import make_family
from tests.test_family_i18n import dutch_catalogue
from vangnet.audit.context import Actor
from vangnet.audit.models import AccessBasis, AccessEvent
from vangnet.audit.verification import verify_access_log
from vangnet.core.concurrency import StaleVersionError
from vangnet.families import actions
from vangnet.families.access import FamilyAccess, get_family_for_user
from vangnet.families.models import (
    AccessGrant,
    DestructionRequest,
    Family,
    GrantKind,
    Person,
)

__all__ = ["dutch_catalogue"]

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
TODAY = date(2026, 12, 2)


@pytest.fixture(autouse=True)
def _english_on_a_fixed_day(settings):
    settings.LANGUAGE_CODE = "en"
    with time_machine.travel(datetime(2026, 12, 2, 12, tzinfo=AMSTERDAM), tick=False):
        yield


def url(name, *args):
    return reverse(f"families:{name}", args=args)


def last_id():
    return AccessEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def new_events(before):
    """Entries since before; a refusal's own "denied" entry (if the audit app logs
    refusals) is left out: these tests check what the request itself wrote."""
    return list(AccessEvent.objects.filter(id__gt=before).exclude(action="denied").order_by("id"))


def writes(before):
    return [e for e in new_events(before) if e.action != "read"]


def page(client, p):
    return client.get(url("detail", p.family.pk)).content.decode()


def access(p, user=None):
    return get_family_for_user(user or p.case_worker, p.family.pk, write=True)


def actor(p, user=None):
    return Actor(user=user or p.case_worker, ip_address="192.0.2.7")


def set_kind(p, kind):
    return actions.do_update_family(actor=actor(p), access=access(p), version=1, kind=kind)


# What the family page says -------------------------------------------------------------------


def test_youth_help_is_kept_twenty_years_after_the_last_change(personas, as_user):
    actions.do_record_contact(
        actor=actor(personas), access=access(personas), occurred_on=TODAY, kind="phone"
    )
    family = Family.objects.get(pk=personas.family.pk)
    assert family.kind == "youth_help"
    assert family.retention_until == date(2046, 12, 2)
    body = page(as_user(personas.read_only), personas)
    assert "Retention and destruction" in body
    assert "Youth help (jeugdhulp)" in body
    assert "Kept 20 years after the last change to the file (Dec. 2, 2026)." in body
    assert "Jeugdwet art. 7.3.8" in body
    assert "By the current rules" not in body
    assert "No requests for destruction." in body
    # a reader sees no buttons to record or decide
    assert url("destruction_request_add", personas.family.pk) not in body


def test_a_date_set_under_earlier_rules_is_pointed_out(personas, as_user):
    # The personas' file was stored with a date counted from its opening day.
    body = page(as_user(personas.case_worker), personas)
    assert "By the current rules this file would be kept until Dec. 2, 2046." in body
    assert url("destruction_request_add", personas.family.pk) in body


def test_changing_the_kind_recomputes_the_date(personas, as_user):
    client = as_user(personas.case_worker)
    before = last_id()
    response = client.post(
        url("edit", personas.family.pk),
        {
            "name": personas.family.name,
            "case_worker": personas.case_worker.pk,
            "kind": "child_protection",
            "opened_on": "2026-01-05",
            "version": 1,
        },
    )
    assert response.status_code == 302
    family = Family.objects.get(pk=personas.family.pk)
    assert family.kind == "child_protection"
    # Testkind was born on 1 March 2016: kept until the youngest child turns 48.
    assert family.retention_until == date(2064, 3, 1)
    [entry] = new_events(before)
    assert (entry.action, entry.part, entry.details) == ("update", "dossier", {"fields": ["kind"]})
    body = page(client, personas)
    assert "Child-protection measure by a GI (supervision order or guardianship)" in body
    assert "Kept until the youngest child (born March 1, 2016) turns 48" in body
    assert "later than 20 years after the last change to the file (Dec. 2, 2026)" in body


def test_an_edit_without_the_kind_keeps_it(personas, as_user):
    set_kind(personas, "veilig_thuis")
    response = as_user(personas.case_worker).post(
        url("edit", personas.family.pk),
        {
            "name": "Gezin Anders",
            "case_worker": personas.case_worker.pk,
            "opened_on": "2026-01-05",
            "version": 2,
        },
    )
    assert response.status_code == 302
    family = Family.objects.get(pk=personas.family.pk)
    assert (family.name, family.kind) == ("Gezin Anders", "veilig_thuis")


def test_create_a_file_of_a_kind(personas, as_user):
    response = as_user(personas.case_worker).post(
        url("create"),
        {
            "name": "Gezin Melding",
            "team": personas.team_a.pk,
            "case_worker": personas.case_worker.pk,
            "kind": "veilig_thuis",
            "opened_on": "2026-11-30",
        },
    )
    assert response.status_code == 302
    family = Family.objects.get(name="Gezin Melding")
    assert family.kind == "veilig_thuis"
    assert family.retention_until == date(2046, 12, 2)


def test_an_unknown_kind_is_refused(personas):
    with pytest.raises(ValidationError) as caught:
        set_kind(personas, "archive_forever")
    assert "kind" in caught.value.message_dict
    assert Family.objects.get(pk=personas.family.pk).kind == "youth_help"


def test_a_younger_child_moves_the_date(personas):
    set_kind(personas, "child_protection")
    actions.do_add_person(
        actor=actor(personas),
        access=access(personas),
        kind="child",
        first_name="Baby",
        birth_date=date(2026, 6, 1),
    )
    assert Family.objects.get(pk=personas.family.pk).retention_until == date(2074, 6, 1)


def test_a_change_in_the_safety_plan_counts_by_the_kind(personas):
    from vangnet.safety import actions as safety_actions

    set_kind(personas, "child_protection")
    Family.objects.filter(pk=personas.family.pk).update(retention_until=date(2030, 1, 1))
    safety_actions.do_add_item(
        actor=actor(personas),
        access=access(personas),
        item_type="step",
        text="Netwerkberaad plannen.",
        target_on=TODAY + timedelta(days=7),
    )
    assert Family.objects.get(pk=personas.family.pk).retention_until == date(2064, 3, 1)


def test_the_settings_decide_the_terms(personas, settings):
    settings.FAMILY_RETENTION = {
        **settings.FAMILY_RETENTION,
        "veilig_thuis": {"years": 25, "until_age": 0, "basis": "Wmo 2015"},
    }
    set_kind(personas, "veilig_thuis")
    assert Family.objects.get(pk=personas.family.pk).retention_until == date(2051, 12, 2)


# Recording a request --------------------------------------------------------------------------


def test_record_a_request(personas, as_user):
    client = as_user(personas.team_member)
    before = last_id()
    response = client.post(
        url("destruction_request_add", personas.family.pk),
        {
            "requester": personas.parent.pk,
            "received_on": "2026-11-30",
            "scope": "whole_file",
            "what": "  Alles over ons gezin: de zorgen bleken onterecht.  ",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#retention")
    request = DestructionRequest.objects.get()
    assert request.requester == personas.parent
    assert request.capacity == "parent"
    assert request.received_on == date(2026, 11, 30)
    assert request.what == "Alles over ons gezin: de zorgen bleken onterecht."
    assert request.recorded_by == personas.team_member
    assert request.outcome == "" and request.decision_due == date(2027, 2, 28)
    [entry] = new_events(before)
    assert (entry.action, entry.object_type, entry.part) == (
        "create",
        "destruction_request",
        "retention",
    )
    assert entry.person_id == personas.parent.pk
    assert entry.object_id == str(request.pk)
    assert entry.details == {"scope": "whole_file", "received_on": "2026-11-30"}
    # recording it is a change to the file: the term starts again
    assert Family.objects.get(pk=personas.family.pk).retention_until == date(2046, 12, 2)
    body = page(client, personas)
    assert "Testouder Fictief" in body and "Not decided yet" in body
    assert "Feb. 28, 2027" in body
    assert url("destruction_request_decide", personas.family.pk, request.pk) in body


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"received_on": "2026-12-03"}, "received_on"),
        ({"what": "   "}, "what"),
        ({"scope": "everything"}, "scope"),
        ({"requester": ""}, "requester"),
    ],
)
def test_bad_requests_are_refused(personas, as_user, change, field):
    data = {
        "requester": personas.child.pk,
        "received_on": "2026-12-01",
        "scope": "part",
        "what": "De notities over school.",
        **change,
    }
    before = last_id()
    response = as_user(personas.case_worker).post(
        url("destruction_request_add", personas.family.pk), data
    )
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not DestructionRequest.objects.exists()
    assert writes(before) == []


def test_only_parents_and_the_child_can_ask(personas, as_user):
    neighbour = Person.objects.create(family=personas.family, kind="network", first_name="Buur")
    response = as_user(personas.case_worker).post(
        url("destruction_request_add", personas.family.pk),
        {
            "requester": neighbour.pk,
            "received_on": "2026-12-01",
            "scope": "part",
            "what": "Mijn telefoonnummer.",
        },
    )
    assert 'id="id_requester_error"' in response.content.decode()
    with pytest.raises(ValidationError) as caught:
        actions.do_record_destruction_request(
            actor=actor(personas),
            access=access(personas),
            requester=neighbour,
            received_on=TODAY,
            scope="part",
            what="Mijn telefoonnummer.",
        )
    assert "requester" in caught.value.message_dict
    assert not DestructionRequest.objects.exists()


def test_a_person_of_another_file_is_not_found(personas):
    other = make_family(personas.team_a, personas.case_worker, name="B", reference="VN-OTHER2")
    stranger = Person.objects.create(family=other, kind="parent", first_name="Vreemd")
    with pytest.raises(Http404):
        actions.do_record_destruction_request(
            actor=actor(personas),
            access=access(personas),
            requester=stranger,
            received_on=TODAY,
            scope="whole_file",
            what="Alles.",
        )


@pytest.mark.parametrize("who", ["read_only", "safeguarding"])
def test_readers_cannot_record_or_decide(personas, as_user, who):
    pending = make_request(personas)
    client = as_user(getattr(personas, who))
    before = last_id()
    response = client.post(
        url("destruction_request_add", personas.family.pk),
        {
            "requester": personas.parent.pk,
            "received_on": "2026-12-01",
            "scope": "whole_file",
            "what": "Alles.",
        },
    )
    assert response.status_code == 403
    response = client.post(
        url("destruction_request_decide", personas.family.pk, pending.pk),
        {"outcome": "granted", "decided_on": "2026-12-02", "version": 1},
    )
    assert response.status_code == 403
    assert DestructionRequest.objects.get().outcome == ""
    assert new_events(before) == []


def test_outsiders_get_404(personas, as_user):
    pending = make_request(personas)
    client = as_user(personas.other_team)
    assert client.get(url("destruction_request_add", personas.family.pk)).status_code == 404
    response = client.post(
        url("destruction_request_decide", personas.family.pk, pending.pk),
        {"outcome": "granted", "decided_on": "2026-12-02", "version": 1},
    )
    assert response.status_code == 404


# Deciding ------------------------------------------------------------------------------------


def decide(client, p, pending, **data):
    return client.post(
        url("destruction_request_decide", p.family.pk, pending.pk),
        {"decided_on": "2026-12-02", "version": pending.version, **data},
    )


def test_a_granted_request_for_the_whole_file_ends_in_destruction(personas, as_user):
    pending = make_request(personas, received_on=date(2026, 11, 20))
    client = as_user(personas.case_worker)
    body = client.get(url("destruction_request_decide", personas.family.pk, pending.pk))
    assert "Feb. 20, 2027" in body.content.decode()  # decide and destroy by
    before = last_id()
    response = decide(client, personas, pending, outcome="granted", reason="Onterechte melding.")
    assert response.status_code == 302
    pending.refresh_from_db()
    assert (pending.outcome, pending.decided_on, pending.decided_by) == (
        "granted",
        TODAY,
        personas.case_worker,
    )
    assert pending.decision_reason == "Onterechte melding."
    [entry] = new_events(before)
    assert (entry.action, entry.object_type, entry.part, entry.person_id) == (
        "update",
        "destruction_request",
        "retention",
        personas.parent.pk,
    )
    assert entry.details == {"outcome": "granted", "scope": "whole_file"}
    family = Family.objects.get(pk=personas.family.pk)
    assert family.retention_until == TODAY  # destroyed from tomorrow
    # a later change to the file does not undo the decision
    actions.do_record_contact(
        actor=actor(personas), access=access(personas), occurred_on=TODAY, kind="phone"
    )
    assert Family.objects.get(pk=personas.family.pk).retention_until == TODAY
    body = page(client, personas)
    assert "A request to destroy the whole file was granted on Dec. 2, 2026." in body
    assert "Jeugdwet art. 7.3.9" in body
    assert "Granted" in body and "Onterechte melding." in body

    with time_machine.travel(datetime(2026, 12, 3, 9, tzinfo=AMSTERDAM), tick=False):
        before = last_id()
        out = StringIO()
        call_command("purge_expired_families", "--as", "beheer", "--destroy", "--yes", stdout=out)
    assert "(destruction on request, Jeugdwet art. 7.3.9)" in out.getvalue()
    assert "VN-TEST01 destroyed." in out.getvalue()
    assert not Family.objects.filter(pk=personas.family.pk).exists()
    assert not DestructionRequest.objects.exists()
    assert not Person.objects.filter(pk=personas.parent.pk).exists()
    [entry] = new_events(before)
    assert entry.action == "delete" and entry.basis == AccessBasis.SYSTEM
    assert entry.purpose == "vernietiging op verzoek (Jeugdwet art. 7.3.9)"
    assert entry.details == {"retention_until": "2026-12-02", "destruction_request": pending.pk}
    assert verify_access_log()[1] is None


def test_a_granted_request_for_part_leaves_the_date(personas, as_user):
    pending = make_request(personas, scope="part", what="De notities over school.")
    response = decide(as_user(personas.case_worker), personas, pending, outcome="granted")
    assert response.status_code == 302
    assert Family.objects.get(pk=personas.family.pk).retention_until == date(2046, 12, 2)


def test_a_refusal_needs_a_ground_and_reasons(personas, as_user):
    pending = make_request(personas)
    client = as_user(personas.case_worker)
    before = last_id()
    response = decide(client, personas, pending, outcome="refused")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="id_refusal_ground_error"' in body and 'id="id_reason_error"' in body
    assert DestructionRequest.objects.get().outcome == ""
    assert writes(before) == []
    response = decide(
        client,
        personas,
        pending,
        outcome="refused",
        refusal_ground="others_interest",
        reason="De broer heeft belang bij het dossier voor zijn eigen hulp.",
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert (pending.outcome, pending.refusal_ground) == ("refused", "others_interest")
    assert Family.objects.get(pk=personas.family.pk).retention_until == date(2046, 12, 2)
    body = page(client, personas)
    assert "Keeping it is of substantial interest to someone other than the requester" in body
    assert "De broer heeft belang" in body


def test_a_ground_belongs_only_to_a_refusal(personas, as_user):
    pending = make_request(personas)
    client = as_user(personas.case_worker)
    response = decide(client, personas, pending, outcome="granted", refusal_ground="legal_duty")
    assert 'id="id_refusal_ground_error"' in response.content.decode()
    assert DestructionRequest.objects.get().outcome == ""


def test_a_child_under_12_cannot_be_granted(personas, as_user):
    # Testkind is 10.
    pending = make_request(personas, requester=personas.child, capacity="child")
    client = as_user(personas.case_worker)
    response = decide(client, personas, pending, outcome="granted")
    assert 'id="id_outcome_error"' in response.content.decode()
    assert "younger than 12 cannot be granted" in response.content.decode()
    response = decide(
        client,
        personas,
        pending,
        outcome="refused",
        refusal_ground="under_12",
        reason="Een ouder met gezag kan het namens het kind vragen.",
    )
    assert response.status_code == 302
    assert DestructionRequest.objects.get().refusal_ground == "under_12"


def test_a_decision_cannot_predate_the_request_or_lie_ahead(personas, as_user):
    pending = make_request(personas, received_on=date(2026, 11, 20))
    client = as_user(personas.case_worker)
    for day in ("2026-11-19", "2026-12-03"):
        response = decide(client, personas, pending, outcome="granted", decided_on=day)
        assert 'id="id_decided_on_error"' in response.content.decode()
    assert DestructionRequest.objects.get().outcome == ""


def test_only_the_own_team_decides(personas, as_user):
    pending = make_request(personas)
    AccessGrant.objects.create(
        family=personas.family,
        user=personas.other_team,
        kind=GrantKind.EXPLICIT,
        reason="Waarneming",
        can_write=True,
        granted_by=personas.case_worker,
        ends_at=datetime(2026, 12, 20, tzinfo=AMSTERDAM),
    )
    client = as_user(personas.other_team)
    # a colleague with write access may record a request, not decide on it
    assert client.get(url("destruction_request_add", personas.family.pk)).status_code == 200
    assert (
        client.get(url("destruction_request_decide", personas.family.pk, pending.pk)).status_code
        == 403
    )
    granted_access = FamilyAccess(personas.family, AccessBasis.GRANT, can_write=True)
    with pytest.raises(PermissionDenied):
        actions.do_decide_destruction_request(
            actor=actor(personas, personas.other_team),
            access=granted_access,
            request=pending,
            version=1,
            outcome="granted",
            decided_on=TODAY,
        )
    assert DestructionRequest.objects.get().outcome == ""


def test_a_decision_is_taken_once(personas, as_user):
    pending = make_request(personas)
    client = as_user(personas.case_worker)
    assert decide(client, personas, pending, outcome="granted").status_code == 302
    response = client.get(url("destruction_request_decide", personas.family.pk, pending.pk))
    assert response.status_code == 302 and response["Location"].endswith("#retention")
    before = last_id()
    response = decide(client, personas, pending, outcome="refused", refusal_ground="legal_duty")
    assert response.status_code == 302
    assert DestructionRequest.objects.get().outcome == "granted"
    assert writes(before) == []
    pending.refresh_from_db()
    with pytest.raises(ValidationError, match="already been decided"):
        actions.do_decide_destruction_request(
            actor=actor(personas),
            access=access(personas),
            request=pending,
            version=pending.version,
            outcome="refused",
            decided_on=TODAY,
            refusal_ground="legal_duty",
            reason="x",
        )


def test_a_stale_version_is_refused(personas):
    pending = make_request(personas)
    with pytest.raises(StaleVersionError):
        actions.do_decide_destruction_request(
            actor=actor(personas),
            access=access(personas),
            request=pending,
            version=2,
            outcome="granted",
            decided_on=TODAY,
        )
    assert DestructionRequest.objects.get().outcome == ""


def test_a_request_of_another_file_is_not_found(personas, as_user):
    other = make_family(personas.team_a, personas.case_worker, name="B", reference="VN-OTHER2")
    parent = Person.objects.create(family=other, kind="parent", first_name="Ander")
    theirs = make_request(personas, family=other, requester=parent)
    response = as_user(personas.case_worker).get(
        url("destruction_request_decide", personas.family.pk, theirs.pk)
    )
    assert response.status_code == 404
    with pytest.raises(Http404):
        actions.do_decide_destruction_request(
            actor=actor(personas),
            access=access(personas),
            request=theirs,
            version=1,
            outcome="granted",
            decided_on=TODAY,
        )


def test_the_requester_cannot_be_removed_while_the_request_is_on_file(personas):
    make_request(personas)
    with pytest.raises(ValidationError, match="cannot be removed"):
        actions.do_remove_person(
            actor=actor(personas), access=access(personas), person=personas.parent
        )
    assert Person.objects.filter(pk=personas.parent.pk).exists()


def test_the_family_page_stays_at_a_fixed_number_of_queries(
    personas, as_user, django_assert_max_num_queries
):
    client = as_user(personas.case_worker)
    detail = url("detail", personas.family.pk)
    client.get(detail)
    make_request(personas)
    with CaptureQueriesContext(connection) as few:
        assert client.get(detail).status_code == 200
    for i in range(10):
        make_request(
            personas,
            what=f"Verzoek {i}",
            outcome="refused",
            refusal_ground="legal_duty",
            decided_on=TODAY,
            decided_by=personas.team_member,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(detail).content.decode()
    assert "Verzoek 9" in body


def test_the_retention_section_is_dutch_by_default(personas, as_user, dutch_catalogue):
    make_request(personas)
    body = page(as_user(personas.case_worker), personas)
    assert "Bewaren en vernietigen" in body and "Soort dossier" in body
    assert "Jeugdhulp" in body and "Nog niet besloten" in body
    assert "Verzoek om vernietiging vastleggen" in body
