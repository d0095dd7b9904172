"""The rules of the family file live in the actions (one place for HTML, API and commands);
the pages show an action's refusal next to the right field and save nothing."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from vangnet.audit.context import Actor
from vangnet.audit.models import AccessEvent
from vangnet.families import actions
from vangnet.families.access import get_family_for_user
from vangnet.families.models import ChainPartner, Contact, Person

TOMORROW = timezone.localdate() + timedelta(days=1)


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def writer(personas):
    actor = Actor(user=personas.case_worker, ip_address="127.0.0.1")
    return actor, get_family_for_user(personas.case_worker, personas.family.pk, write=True)


def refused(call, **kwargs) -> set[str]:
    before = AccessEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    assert AccessEvent.objects.count() == before
    return set(caught.value.message_dict)


@pytest.mark.parametrize(
    ("values", "fields"),
    [
        ({"kind": "child", "first_name": "Kind"}, {"birth_date"}),
        ({"kind": "child", "first_name": "Kind", "birth_date": TOMORROW}, {"birth_date"}),
        ({"kind": "network", "first_name": "Buur", "custody": "no"}, {"custody"}),
        ({"kind": "other", "first_name": "Iemand", "guardianship": True}, {"guardianship"}),
        (
            {"kind": "network", "first_name": "Buur", "custody": "yes", "guardianship": True},
            {"custody", "guardianship"},
        ),
    ],
)
def test_person_rules(writer, values, fields):
    actor, access = writer
    before = Person.objects.count()
    assert refused(actions.do_add_person, actor=actor, access=access, **values) == fields
    assert Person.objects.count() == before


def test_person_update_checks_the_merged_values(personas, writer):
    actor, access = writer
    fields = refused(
        actions.do_update_person,
        actor=actor,
        access=access,
        person=personas.child,
        version=personas.child.version,
        birth_date=None,
    )
    assert fields == {"birth_date"}
    fields = refused(
        actions.do_update_person,
        actor=actor,
        access=access,
        person=personas.parent,
        version=personas.parent.version,
        kind="network",
    )
    assert fields == {"custody"}  # the parent has gezag; a network person cannot


def test_family_dates(personas, writer):
    actor, access = writer
    assert refused(
        actions.do_create_family,
        actor=actor,
        name="Gezin Later",
        team=personas.team_a,
        case_worker=personas.case_worker,
        opened_on=TOMORROW,
    ) == {"opened_on"}
    assert refused(
        actions.do_close_family,
        actor=actor,
        access=access,
        version=1,
        closed_on=date(2026, 1, 1),
        reason="Klaar",
    ) == {"closed_on"}
    assert refused(
        actions.do_close_family,
        actor=actor,
        access=access,
        version=1,
        closed_on=TOMORROW,
        reason="Klaar",
    ) == {"closed_on"}


def test_partner_and_contact_dates(writer):
    actor, access = writer
    assert refused(
        actions.do_add_partner,
        actor=actor,
        access=access,
        kind="gi",
        organisation="GI",
        involved_since=date(2026, 3, 1),
        involved_until=date(2026, 2, 1),
    ) == {"involved_until"}
    assert not ChainPartner.objects.filter(organisation="GI").exists()
    before = Contact.objects.count()
    assert refused(
        actions.do_record_contact,
        actor=actor,
        access=access,
        occurred_on=TOMORROW,
        kind="phone",
    ) == {"occurred_on"}
    assert Contact.objects.count() == before


def test_grant_period(personas, writer):
    actor, access = writer
    too_long = timezone.now() + timedelta(days=400)
    assert refused(
        actions.do_grant_access,
        actor=actor,
        access=access,
        user=personas.other_team,
        reason="Waarneming",
        ends_at=too_long,
    ) == {"ends_at"}


def test_page_shows_the_rule_next_to_the_field(personas, as_user):
    client = as_user(personas.case_worker)
    url = reverse("families:person_add", args=[personas.family.pk])
    persons = Person.objects.count()
    last = AccessEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = client.post(url, {"kind": "network", "first_name": "Buur", "custody": "yes"})
    assert response.status_code == 200
    assert response.context["form"].errors["custody"] == [
        "Parental authority applies only to parents and caregivers."
    ]
    assert Person.objects.count() == persons
    # The form shown again holds family data: exactly one READ entry, no write entry.
    shown = list(AccessEvent.objects.filter(id__gt=last))
    assert [(e.action, e.family_id, e.part) for e in shown] == [
        ("read", personas.family.pk, "members")
    ]


def test_grant_page_shows_the_period_rule_on_the_date_field(personas, as_user):
    client = as_user(personas.case_worker)
    url = reverse("families:grant_add", args=[personas.family.pk])
    ends_on = timezone.localdate() + timedelta(days=366)
    response = client.post(
        url, {"user": personas.other_team.pk, "reason": "Waarneming", "ends_on": ends_on}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["ends_on"] == [
        "Access can be granted for at most one year."
    ]


def test_grant_in_the_past_is_refused(personas, writer):
    actor, access = writer
    assert refused(
        actions.do_grant_access,
        actor=actor,
        access=access,
        user=personas.other_team,
        reason="Waarneming",
        ends_at=timezone.now() - timedelta(minutes=1),
    ) == {"ends_at"}


def test_absurd_input_gets_an_answer_not_a_crash(personas, as_user):
    client = as_user(personas.case_worker)
    url = reverse("families:grant_add", args=[personas.family.pk])
    response = client.post(
        url, {"user": personas.other_team.pk, "reason": "Waarneming", "ends_on": "9999-12-31"}
    )
    assert response.status_code == 200 and response.context["form"].errors["ends_on"]
    assert client.get("/gezinnen/?page=99999999999999999999999").status_code == 200


def test_a_child_with_meldcode_signals_cannot_be_removed(personas, as_user):
    from vangnet.meldcode.models import Signal, Trajectory

    trajectory = Trajectory.objects.create(
        family=personas.family, started_on=date(2026, 2, 1), started_by=personas.case_worker
    )
    Signal.objects.create(
        trajectory=trajectory,
        child=personas.child,
        observed_on=date(2026, 2, 1),
        observed_by="coach",
        description="Blauwe plek op de arm.",
        category="physical_abuse",
        source="own",
        recorded_by=personas.case_worker,
    )
    client = as_user(personas.case_worker)
    url = reverse("families:person_remove", args=[personas.family.pk, personas.child.pk])
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert Person.objects.filter(pk=personas.child.pk).exists()
    assert "cannot be removed" in response.content.decode()
    assert not AccessEvent.objects.filter(action="delete").exists()
