"""The family-file forms on their own: choices, cross-field rules and conflict rows."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.personas import make_user
from vangnet.accounts.models import Membership, Organisation, Role, Team
from vangnet.families.forms import (
    CloseFamilyForm,
    ContactForm,
    EmergencyForm,
    FamilyCreateForm,
    FamilyEditForm,
    FamilyFilterForm,
    GrantForm,
    PersonEditForm,
    PersonForm,
    SearchForm,
    conflict_rows,
    grant_candidates,
)
from vangnet.families.models import Family, Person


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def _create(p, user, **extra):
    data = {
        "name": "Gezin Formulier",
        "team": p.team_a.pk,
        "case_worker": p.case_worker.pk,
        "opened_on": "2026-01-01",
    }
    data.update(extra)
    return FamilyCreateForm(data, user=user)


# Create and edit ------------------------------------------------------------------------------


def test_create_form_offers_only_writable_teams_and_their_writing_members(personas):
    p = personas
    Membership.objects.create(user=p.case_worker, team=p.team_b, role=Role.READ_ONLY)
    form = FamilyCreateForm(user=p.case_worker)
    assert list(form.fields["team"].queryset) == [p.team_a]
    groups = dict(form.fields["case_worker"].choices[1:])
    assert set(groups) == {"Team A"}
    assert {pk for pk, _ in groups["Team A"]} == {p.case_worker.pk, p.team_member.pk}
    assert form.initial["case_worker"] == p.case_worker.pk
    assert form.initial["team"] == p.team_a.pk
    assert form.initial["opened_on"] == timezone.localdate()


def test_create_form_valid(personas):
    form = _create(personas, personas.case_worker, name="  Gezin Spaties  ")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["case_worker"] == personas.case_worker
    assert form.cleaned_data["name"] == "Gezin Spaties"


def test_create_form_case_worker_of_another_team(personas):
    p = personas
    Membership.objects.create(user=p.case_worker, team=p.team_b, role=Role.PROFESSIONAL)
    form = _create(p, p.case_worker, team=p.team_b.pk, case_worker=p.team_member.pk)
    assert not form.is_valid()
    assert form.errors["case_worker"] == [
        "Choose a case worker who is a member of the chosen team."
    ]
    form = _create(p, p.case_worker, team=p.team_b.pk, case_worker=p.other_team.pk)
    assert form.is_valid(), form.errors


def test_create_form_refuses_team_of_others(personas):
    form = _create(personas, personas.case_worker, team=personas.team_b.pk)
    assert not form.is_valid() and "team" in form.errors


def test_edit_form_initial_and_changes(personas):
    family = personas.family
    form = FamilyEditForm(family=family)
    assert form.initial["version"] == family.version
    assert form.initial["case_worker"] == family.case_worker_id
    data = {
        "name": "Gezin Ander",
        "case_worker": family.case_worker_id,
        "opened_on": "2026-01-05",
        "address": "",
        "notes": "",
        "version": "1",
    }
    form = FamilyEditForm(data, family=family)
    assert form.is_valid(), form.errors
    assert "case_worker" not in form.changes(family)
    form = FamilyEditForm({**data, "case_worker": personas.team_member.pk}, family=family)
    assert form.is_valid()
    assert form.changes(family)["case_worker"] == personas.team_member


def test_edit_form_keeps_a_case_worker_who_left_the_team(personas):
    Membership.objects.filter(user=personas.case_worker).delete()
    family = Family.objects.get(pk=personas.family.pk)
    form = FamilyEditForm(family=family)
    assert personas.case_worker in form.fields["case_worker"].queryset
    assert personas.read_only not in form.fields["case_worker"].queryset


def test_version_errors_are_shown_above_the_form(personas):
    form = CloseFamilyForm({"closed_on": "2026-02-01", "close_reason": "x"}, family=personas.family)
    assert not form.is_valid()
    assert form.non_field_errors() == [
        "This page is out of date. Open it again and redo your change."
    ]


def test_close_form_dates(personas):
    family = personas.family
    form = CloseFamilyForm(
        {"closed_on": "2026-01-01", "close_reason": "Klaar", "version": 1}, family=family
    )
    assert form.is_valid()  # the date rules live in the action (tests/test_family_rules.py)
    form = CloseFamilyForm(
        {"closed_on": "2026-02-01", "close_reason": "", "version": 1}, family=family
    )
    assert form.errors["close_reason"] == ["Say why the file is closed."]


# People, partners, contacts -------------------------------------------------------------------


def _person(**extra):
    data = {"kind": "parent", "first_name": "Ouder", "custody": ""}
    data.update(extra)
    return data


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (_person(), set()),
        (_person(kind="caregiver", custody="yes", guardianship="on"), set()),
        (_person(first_name=""), {"first_name"}),
        (_person(custody="maybe"), {"custody"}),
    ],
)
def test_person_form_input(db, data, errors):
    """Input checks only; the rules between fields live in the action (test_family_rules)."""
    form = PersonForm(data)
    form.is_valid()
    assert set(form.errors) == errors


def test_person_form_values_never_touch_an_instance(personas):
    form = PersonEditForm(_person(first_name="Nieuw", version=1))
    assert form.is_valid(), form.errors
    values = form.values()
    assert values["first_name"] == "Nieuw" and "version" not in values
    assert Person.objects.get(pk=personas.parent.pk).first_name == "Testouder"


def test_contact_form(db):
    assert ContactForm().initial["occurred_on"] == timezone.localdate()
    form = ContactForm({"occurred_on": "2026-01-01", "kind": "phone"})
    assert form.is_valid() and form.values()["reached"] is False


# Grants and emergency access ------------------------------------------------------------------


def test_grant_candidates(personas):
    p = personas
    inactive = make_user("oudcollega", organisation=p.organisation, is_active=False)
    other_org = make_user("elders", organisation=Organisation.objects.create(name="Elders"))
    candidates = set(grant_candidates(p.family))
    assert p.other_team in candidates and p.safeguarding in candidates
    for user in (
        p.case_worker,
        p.team_member,
        p.read_only,
        p.privacy,
        p.admin,
        inactive,
        other_org,
    ):
        assert user not in candidates


def test_grant_form_end_date(personas):
    today = timezone.localdate()
    form = GrantForm(family=personas.family)
    assert form.initial["ends_on"] == today + timedelta(days=30)

    def make(ends_on):
        return GrantForm(
            {
                "user": personas.other_team.pk,
                "reason": " Waarneming ",
                "ends_on": ends_on.isoformat(),
            },
            family=personas.family,
        )

    form = make(today + timedelta(days=365))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["reason"] == "Waarneming"
    ends_at = timezone.localtime(form.ends_at())
    assert ends_at.date() == today + timedelta(days=366) and ends_at.hour == 0
    assert ends_at <= timezone.now() + timedelta(days=366)
    assert make(today).is_valid()


def test_grant_form_refuses_a_team_member(personas):
    form = GrantForm(
        {
            "user": personas.team_member.pk,
            "reason": "x",
            "ends_on": (timezone.localdate() + timedelta(days=3)).isoformat(),
        },
        family=personas.family,
    )
    assert "user" in form.errors


@pytest.mark.parametrize(
    ("reference", "valid"),
    [
        ("VN-AB12CD", True),
        (" vn-ab12cd ", True),
        ("AB12CD", False),
        ("VN-AB12C", False),
        ("VN-AB12CD; DROP", False),
        ("", False),
    ],
)
def test_emergency_form_reference(reference, valid):
    form = EmergencyForm({"reference": reference, "reason": "Acuut, team onbereikbaar"})
    assert form.is_valid() is valid
    if valid:
        assert form.cleaned_data["reference"] == "VN-AB12CD"


def test_emergency_form_reason_length():
    form = EmergencyForm({"reference": "VN-AB12CD", "reason": "kort"})
    assert form.errors["reason"] == ["Describe the emergency (at least 10 characters)."]


# List and search ------------------------------------------------------------------------------


def test_filter_form(personas):
    teams = [personas.team_a]
    assert FamilyFilterForm(teams=teams).filters() == {
        "status": "open",
        "team_id": None,
        "mine": False,
    }
    form = FamilyFilterForm(
        {"status": "all", "team": str(personas.team_a.pk), "mine": "1"}, teams=teams
    )
    assert form.filters() == {"status": "all", "team_id": personas.team_a.pk, "mine": True}
    # a team the user is not in, or a made-up status, is ignored, the rest still applies
    form = FamilyFilterForm(
        {"status": "weg", "team": str(personas.team_b.pk), "mine": "1"}, teams=teams
    )
    assert form.filters() == {"status": "open", "team_id": None, "mine": True}


@pytest.mark.parametrize(
    ("term", "cleaned"),
    [("  Gezin   Test ", "Gezin Test"), ("ab", "ab"), ("a", None), ("   ", None), ("", None)],
)
def test_search_form(term, cleaned):
    form = SearchForm({"term": term})
    assert form.is_valid() is (cleaned is not None)
    if cleaned:
        assert form.cleaned_data["term"] == cleaned


# Conflict rows --------------------------------------------------------------------------------


def test_conflict_rows_show_labels_and_readable_values(personas):
    saved = Person.objects.get(pk=personas.parent.pk)
    saved.custody = "suspended"
    saved.guardianship = True
    saved.birth_date = date(1990, 5, 17)
    form = PersonEditForm(
        _person(
            first_name="Testouder",
            last_name="Fictief",
            custody="yes",
            lives_in_household="on",
            version=1,
        )
    )
    assert form.is_valid(), form.errors
    rows = {row["label"]: row for row in conflict_rows(form, saved)}
    assert set(rows) == {"Parental authority (gezag)", "Is guardian (voogdij)", "Birth date"}
    assert rows["Parental authority (gezag)"] == {
        "label": "Parental authority (gezag)",
        "saved": "Parental authority taken away or suspended",
        "entered": "Has parental authority (gezag)",
    }
    assert (rows["Is guardian (voogdij)"]["saved"], rows["Is guardian (voogdij)"]["entered"]) == (
        "yes",
        "no",
    )
    assert rows["Birth date"]["entered"] == "-"
    assert "1990" in rows["Birth date"]["saved"]


def test_conflict_rows_for_a_user_field(personas):
    family = Family.objects.get(pk=personas.family.pk)
    family.case_worker = personas.team_member
    form = FamilyEditForm(
        {
            "name": family.name,
            "case_worker": personas.case_worker.pk,
            "opened_on": "2026-01-05",
            "version": 1,
        },
        family=family,
    )
    assert form.is_valid(), form.errors
    rows = conflict_rows(form, family)
    assert rows == [
        {"label": "Case worker (regiehouder)", "saved": "Psychiater Test", "entered": "Coach Test"}
    ]


def test_unused_team_is_not_offered(personas):
    Team.objects.create(organisation=personas.organisation, name="Team Leeg")
    form = FamilyCreateForm(user=personas.case_worker)
    assert [t.name for t in form.fields["team"].queryset] == ["Team A"]
