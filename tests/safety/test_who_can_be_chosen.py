"""Who can be chosen in a family file: only the colleagues who may open it (its team and
users with a current explicit access grant), in every picker and in the API, never the
whole organisation; other ids are refused with 422 naming the field, without their names."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.safety.helpers import build_plan, day
from vangnet.families.access import users_who_may_open
from vangnet.families.models import AccessGrant, GrantKind
from vangnet.safety.forms import (
    AgreementForm,
    ChildTalkForm,
    DistributeForm,
    ScoreForm,
    SignOffForm,
    WarningSignForm,
)


def _grant(p, user, kind=GrantKind.EXPLICIT, **extra):
    now = timezone.now()
    values = {
        "family": p.family,
        "user": user,
        "kind": kind,
        "reason": "Waarneming tijdens verlof",
        "granted_by": p.case_worker,
        "starts_at": now - timedelta(days=1),
        "ends_at": now + timedelta(days=7),
        **extra,
    }
    return AccessGrant.objects.create(**values)


def _names(users) -> set[str]:
    return {u.username for u in users}


def test_the_team_and_explicit_grants_only(personas):
    p = personas
    team = {"coach", "psychiater", "stagiair"}
    # Not the other team, the safeguarding lead, the privacy officer or the admin.
    assert _names(users_who_may_open(p.family)) == team
    _grant(p, p.other_team)
    assert _names(users_who_may_open(p.family)) == team | {"buitenstaander"}


@pytest.mark.parametrize(
    "grant",
    [
        {"kind": GrantKind.EMERGENCY},
        {"revoked_at": timezone.now()},
        {"ends_at": timezone.now() - timedelta(hours=1)},
        {"starts_at": timezone.now() + timedelta(days=1)},
    ],
    ids=["emergency", "revoked", "ended", "not-yet-started"],
)
def test_no_emergency_ended_or_revoked_grants(personas, grant):
    _grant(personas, personas.other_team, **grant)
    assert "buitenstaander" not in _names(users_who_may_open(personas.family))


def test_inactive_members_are_not_chosen(personas):
    personas.team_member.is_active = False
    personas.team_member.save()
    assert "psychiater" not in _names(users_who_may_open(personas.family))


# Forms -------------------------------------------------------------------------------------


def _user_choices(field) -> set[int]:
    return {u.pk for u in field.queryset}


def test_every_picker_lists_only_who_may_open_the_file(personas):
    p = personas
    data = build_plan(p)
    allowed = {p.case_worker.pk, p.team_member.pk, p.read_only.pk}
    agreement = AgreementForm(family=p.family, plan=data.plan)
    assert _user_choices(agreement.fields["professionals"]) == allowed
    assert _user_choices(agreement.fields["monitor_user"]) == allowed
    sign = WarningSignForm(family=p.family, plan=data.plan)
    assert _user_choices(sign.fields["professionals"]) == allowed
    talk = ChildTalkForm(family=p.family, plan=data.plan)
    assert _user_choices(talk.fields["interviewer"]) == allowed
    for form, name in (
        (ScoreForm(family=p.family), "participant"),
        (SignOffForm(family=p.family), "signer"),
        (DistributeForm(family=p.family), "recipients"),
    ):
        html = str(form)
        groups = [group for _g, group in form.fields[name].choices if isinstance(group, list)]
        keys = {key for group in groups for key, _label in group}
        users = {int(k.split("-")[1]) for k in keys if k.startswith("user-")}
        assert users == allowed, name
        assert "Buitenstaander" not in html and "Afk" not in html


def test_a_granted_colleague_can_be_chosen_and_an_outsider_is_refused(personas):
    p = personas
    data = build_plan(p)
    values = {
        "what": "Vader belt de buurvrouw als hij boos wordt.",
        "situation": "stress",
        "monitor_user": p.other_team.pk,
        "frequency": "wekelijks",
    }
    form = AgreementForm(values, family=p.family, plan=data.plan)
    assert not form.is_valid() and "monitor_user" in form.errors
    _grant(p, p.other_team)
    form = AgreementForm(values, family=p.family, plan=data.plan)
    form.is_valid()
    assert "monitor_user" not in form.errors


# API ---------------------------------------------------------------------------------------


def _f(p) -> str:
    return f"/families/{p.family.pk}/safety"


def _refused(response, field, outsider):
    assert response.status_code == 422, response.content
    body = response.json()
    assert field in body["errors"], body
    text = response.content.decode()
    assert outsider.first_name not in text and outsider.username not in text


def test_the_api_refuses_colleagues_who_may_not_open_the_file(personas, api):
    p = personas
    data = build_plan(p)
    c = api("case_worker")
    outsider = p.other_team
    agreement = {
        "what": "Vader belt de buurvrouw als hij boos wordt.",
        "situation": "stress",
        "how": "1. Vader merkt de spanning. 2. Hij belt de buurvrouw.",
        "fallback": "De buurvrouw haalt Testkind op.",
        "frequency": "wekelijks",
        "people_ids": [p.parent.pk],
    }
    _refused(
        c.post(f"{_f(p)}/agreements", {**agreement, "monitor_user_id": outsider.pk}),
        "monitor_user_id",
        outsider,
    )
    _refused(
        c.post(f"{_f(p)}/agreements", {**agreement, "professional_ids": [outsider.pk]}),
        "professional_ids",
        outsider,
    )
    _refused(
        c.post(
            f"{_f(p)}/child-talks",
            {"child_id": p.child.pk, "held_on": day().isoformat(), "interviewer_id": outsider.pk},
        ),
        "interviewer_id",
        outsider,
    )
    _refused(
        c.post(
            f"{_f(p)}/scaling",
            {
                "user_id": outsider.pk,
                "score": 5,
                "reason": "Gaat beter.",
                "scored_on": day().isoformat(),
            },
        ),
        "user_id",
        outsider,
    )
    version = c.get(f"{_f(p)}/versions/{data.version.pk}").json()["version"]
    _refused(
        c.post(
            f"{_f(p)}/versions/{data.version.pk}/signoffs",
            {
                "version": version,
                "user_id": p.safeguarding.pk,
                "signed_on": day().isoformat(),
                "method": "phone",
            },
        ),
        "user_id",
        p.safeguarding,
    )
    # With an explicit grant the same colleague can be chosen.
    _grant(p, outsider)
    response = c.post(f"{_f(p)}/agreements", {**agreement, "monitor_user_id": outsider.pk})
    assert response.status_code == 201, response.content
    assert response.json()["monitor_user_id"] == outsider.pk
