"""Harm statements, disagreement and warning signs through the JSON API: the same actions,
checks and access-log entries as the pages; ids are looked up inside the family file."""

from django.utils.translation import gettext as _

from tests.personas import make_family
from tests.safety.helpers import build_plan, day
from tests.test_api import last_event_id, new_events
from vangnet.families.models import Person
from vangnet.safety.models import HarmStatement, SafetyPlan, WarningSign


def _f(p) -> str:
    return f"/families/{p.family.pk}/safety"


def _unknown_id() -> str:
    return _("Unknown id: choose one of this family file.")


def test_harm_then_danger_that_grows_out_of_it(personas, api):
    p = personas
    build_plan(p)
    c = api("case_worker")
    before = last_event_id()
    response = c.post(
        f"{_f(p)}/harm-statements",
        {
            "whose": "moeder",
            "what": "liet Testkind een nacht alleen thuis",
            "children_ids": [p.child.pk],
            "how_often": "een keer, in februari",
            "impact": "Testkind was de hele nacht bang",
        },
    )
    assert response.status_code == 201, response.content
    harm = response.json()
    assert harm["danger_ids"] == [] and harm["source"] == ""
    assert [(e.action, e.object_type) for e in new_events(before)] == [("create", "harm_statement")]
    response = c.post(
        f"{_f(p)}/danger-statements",
        {
            "harm_ids": [harm["id"]],
            "whose": "moeder",
            "behaviour": "laat Testkind 's nachts alleen",
            "situations": "ze uitgaat",
            "children_ids": [p.child.pk],
            "impact": "Testkind is bang in het donker",
            "fear": "Testkind iets overkomt terwijl niemand thuis is",
        },
    )
    assert response.status_code == 201, response.content
    danger = response.json()
    assert danger["harm_ids"] == [harm["id"]]
    plan = c.get(_f(p)).json()
    assert [h["id"] for h in plan["harm_statements"]][-1] == harm["id"]
    assert plan["harm_statements"][-1]["danger_ids"] == [danger["id"]]
    assert plan["disagreements"][0]["text"].startswith("Het was maar een tik")
    assert plan["warning_signs"][0]["people_ids"]


def test_harm_of_another_family_is_an_unknown_id(personas, api):
    p = personas
    d = build_plan(p)
    other = make_family(p.team_b, p.other_team, name="Gezin Anders", reference="VN-TEST02")
    foreign = HarmStatement.objects.create(
        plan=SafetyPlan.objects.create(family=other), whose="x", what="w", how_often="o", impact="i"
    )
    response = api("case_worker").patch(
        f"{_f(p)}/danger-statements/{d.danger.pk}",
        {"version": d.danger.version, "harm_ids": [foreign.pk]},
    )
    assert response.status_code == 422
    assert response.json()["errors"]["harm_ids"] == [_unknown_id()]


def test_disagreement_errors_name_the_api_fields(personas, api):
    p = personas
    d = build_plan(p)
    c = api("case_worker")
    base = {"text": "Klopt niet.", "recorded_on": day().isoformat()}
    response = c.post(
        f"{_f(p)}/disagreements", {"person_id": d.network.pk, "goal_id": d.goal.pk, **base}
    )
    assert response.status_code == 422
    assert "person_id" in response.json()["errors"]
    response = c.post(
        f"{_f(p)}/disagreements",
        {"person_id": p.child.pk, "goal_id": d.goal.pk, "danger_id": d.danger.pk, **base},
    )
    assert response.status_code == 422
    assert "danger_id" in response.json()["errors"]
    response = c.post(
        f"{_f(p)}/disagreements", {"person_id": p.child.pk, "goal_id": d.goal.pk, **base}
    )
    assert response.status_code == 201
    body = response.json()
    assert body["goal_id"] == d.goal.pk and body["danger_id"] is None
    assert body["name"] == p.child.full_name


def test_warning_sign_moves_from_a_danger_statement_to_an_agreement(personas, api):
    p = personas
    d = build_plan(p)
    c = api("case_worker")
    response = c.post(
        f"{_f(p)}/warning-signs",
        {
            "danger_id": d.danger.pk,
            "sign": "Vader komt laat thuis.",
            "response": "Moeder belt de buurvrouw.",
            "professional_ids": [p.team_member.pk],
            "child_words": "Als papa laat thuiskomt, dan komt de buurvrouw.",
        },
    )
    assert response.status_code == 201, response.content
    sign = response.json()
    assert sign["professional_ids"] == [p.team_member.pk] and sign["people_ids"] == []
    response = c.patch(
        f"{_f(p)}/warning-signs/{sign['id']}",
        {"version": sign["version"], "danger_id": None, "agreement_id": d.agreement.pk},
    )
    assert response.status_code == 200, response.content
    moved = WarningSign.objects.get(pk=sign["id"])
    assert moved.danger_id is None and moved.agreement_id == d.agreement.pk
    # both empty, or nobody who acts: refused with the API's field names
    response = c.patch(
        f"{_f(p)}/warning-signs/{sign['id']}",
        {"version": moved.version, "agreement_id": None},
    )
    assert response.status_code == 422
    assert "danger_id" in response.json()["errors"]
    response = c.post(
        f"{_f(p)}/warning-signs",
        {"danger_id": d.danger.pk, "sign": "s", "response": "r"},
    )
    assert response.status_code == 422
    assert "people_ids" in response.json()["errors"]


def test_read_only_cannot_write_and_outsiders_do_not_see(personas, api):
    p = personas
    d = build_plan(p)
    body = {"danger_id": d.danger.pk, "sign": "s", "response": "r", "people_ids": [p.parent.pk]}
    assert api("read_only").post(f"{_f(p)}/warning-signs", body).status_code == 403
    assert api("other_team").post(f"{_f(p)}/warning-signs", body).status_code == 404
    stranger = Person.objects.create(
        family=make_family(p.team_b, p.other_team, name="Gezin Anders", reference="VN-TEST02"),
        kind="parent",
        first_name="Vreemd",
    )
    response = api("case_worker").post(
        f"{_f(p)}/disagreements",
        {
            "person_id": stranger.pk,
            "danger_id": d.danger.pk,
            "text": "x",
            "recorded_on": day().isoformat(),
        },
    )
    assert response.status_code == 422
    assert response.json()["errors"]["person_id"] == [_unknown_id()]
