"""Review findings: a refused POST logs the read of what it shows again, a person with safety
history cannot be removed (but the retention destroy still removes all), API ids are looked
up inside the family, and a removal names the version it saw."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from tests.personas import make_family, make_user
from tests.safety.helpers import build_plan, day
from tests.test_api import last_event_id, new_events
from vangnet.accounts.models import Organisation
from vangnet.audit.context import Actor
from vangnet.audit.models import AccessEvent
from vangnet.families.access import get_family_for_user
from vangnet.families.actions import do_destroy_family, do_remove_person
from vangnet.families.models import Family, Person
from vangnet.safety.models import (
    Agreement,
    AgreementPerson,
    DangerChild,
    Distribution,
    Evaluation,
    MappingItem,
    PlanStep,
    SafetyPerson,
    SafetyPlan,
    ScalingScore,
    SignOff,
)


def _url(name, *args):
    return reverse(f"safety:{name}", args=args)


def _one_read(before, object_type, object_id=None):
    events = new_events(before)
    assert [(e.action, e.part, e.object_type) for e in events] == [
        ("read", "safety_plan", object_type)
    ]
    if object_id is not None:
        assert events[0].object_id == str(object_id)


# 1. A POST with bad input shows family data again: exactly one read entry, nothing saved. -------


def _post_shown_again(client, path, data):
    before = last_event_id()
    response = client.post(path, data)
    assert response.status_code == 200
    return before, response.content.decode()


def test_bad_item_add_logs_one_read(personas, as_user):
    p = personas
    build_plan(p)
    count = MappingItem.objects.count()
    before, page = _post_shown_again(
        as_user(p.case_worker), _url("mapping_add", p.family.pk), {"text": ""}
    )
    assert "Dit veld is verplicht." in page
    _one_read(before, "safety_plan")
    assert MappingItem.objects.count() == count


def test_item_edit_refused_by_the_action_logs_one_read(personas, as_user):
    p = personas
    d = build_plan(p)
    data = {
        "version": d.agreement.version,
        "people": [],
        "what": "Iets anders.",
        "situation": "stress",
        "how": d.agreement.how,
        "fallback": d.agreement.fallback,
        "monitor_user": "",
        "frequency": "wekelijks",
        "order": 1,
    }
    path = _url("agreement_edit", p.family.pk, d.agreement.pk)
    before, page = _post_shown_again(as_user(p.case_worker), path, data)
    assert "Zeg wie dit doet" in page
    _one_read(before, "agreement", d.agreement.pk)
    agreement = Agreement.objects.get(pk=d.agreement.pk)
    assert agreement.what == d.agreement.what and agreement.version == d.agreement.version


def test_item_edit_with_bad_form_logs_one_read(personas, as_user):
    p = personas
    d = build_plan(p)
    path = _url("step_edit", p.family.pk, d.step.pk)
    before, _page = _post_shown_again(as_user(p.case_worker), path, {"version": 1, "text": ""})
    _one_read(before, "plan_step", d.step.pk)
    assert PlanStep.objects.get(pk=d.step.pk).text == d.step.text


def test_stale_item_edit_logs_one_read(personas, as_user):
    p = personas
    d = build_plan(p)
    PlanStep.objects.filter(pk=d.step.pk).update(version=2, text="Door een ander veranderd.")
    path = _url("step_edit", p.family.pk, d.step.pk)
    data = {"version": 1, "text": "Mijn versie.", "target_on": day(10)}
    before, _page = _post_shown_again(as_user(p.case_worker), path, data)
    _one_read(before, "plan_step", d.step.pk)
    assert PlanStep.objects.get(pk=d.step.pk).text == "Door een ander veranderd."


def test_bad_score_logs_one_read(personas, as_user):
    p = personas
    build_plan(p)
    count = ScalingScore.objects.count()
    data = {"participant": "person-999999", "score": 11, "reason": "", "scored_on": day()}
    before, page = _post_shown_again(as_user(p.case_worker), _url("score_add", p.family.pk), data)
    assert "Geef een score van 0 tot en met 10." in page
    _one_read(before, "safety_plan")
    assert ScalingScore.objects.count() == count


def test_bad_sign_off_logs_one_read(personas, as_user):
    p = personas
    d = build_plan(p)
    path = _url("version_sign", p.family.pk, d.version.pk)
    before, _page = _post_shown_again(as_user(p.case_worker), path, {"version": 1})
    _one_read(before, "plan_version", d.version.pk)
    assert not SignOff.objects.exists()


def test_bad_evaluation_add_logs_one_read(personas, as_user):
    p = personas
    build_plan(p)
    count = Evaluation.objects.count()
    path = _url("evaluation_add", p.family.pk)
    before, _page = _post_shown_again(as_user(p.case_worker), path, {"scheduled_on": ""})
    _one_read(before, "safety_plan")
    assert Evaluation.objects.count() == count


def test_bad_evaluation_record_logs_one_read(personas, as_user):
    p = personas
    d = build_plan(p)
    path = _url("evaluation", p.family.pk, d.evaluation.pk)
    before, _page = _post_shown_again(as_user(p.case_worker), path, {"version": 1})
    _one_read(before, "evaluation", d.evaluation.pk)
    assert Evaluation.objects.get(pk=d.evaluation.pk).held_on is None


def test_post_on_a_held_evaluation_says_so_and_logs_one_read(personas, as_user):
    p = personas
    d = build_plan(p)
    Evaluation.objects.filter(pk=d.evaluation.pk).update(
        held_on=day(), decision="continue", version=2
    )
    path = _url("evaluation", p.family.pk, d.evaluation.pk)
    before, page = _post_shown_again(
        as_user(p.case_worker), path, {"version": 2, "held_on": day(), "decision": "escalate"}
    )
    assert "Deze evaluatie is al vastgelegd. Daarom is er niets opgeslagen." in page
    _one_read(before, "evaluation", d.evaluation.pk)
    assert Evaluation.objects.get(pk=d.evaluation.pk).decision == "continue"


# 2. Removing a person never silently deletes their safety history. ---------------------------


def _remove(p, person):
    access = get_family_for_user(p.case_worker, p.family.pk, write=True)
    do_remove_person(actor=Actor.cli(p.case_worker), access=access, person=person)


def test_a_person_with_scaling_scores_cannot_be_removed(personas):
    p = personas
    d = build_plan(p)
    scores = ScalingScore.objects.filter(person=p.parent).count()
    assert scores == 1
    before = last_event_id()
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        _remove(p, p.parent)
    assert "Deze persoon kan niet worden verwijderd" in refused.value.messages[0]
    assert Person.objects.filter(pk=p.parent.pk).exists()
    assert ScalingScore.objects.filter(person=p.parent).count() == scores
    assert AgreementPerson.objects.filter(agreement=d.agreement, person=p.parent).exists()
    assert not AccessEvent.objects.filter(id__gt=before, action="delete").exists()


@pytest.mark.parametrize("link", ["safety_person", "danger_child", "monitor", "handover"])
def test_other_links_to_a_person_also_refuse_removal(personas, link):
    p = personas
    d = build_plan(p)
    person = Person.objects.create(family=p.family, kind="network", first_name="Testoom")
    if link == "safety_person":
        SafetyPerson.objects.create(plan=d.plan, person=person, role="Komt langs.")
    elif link == "danger_child":
        person.kind = "child"
        person.save()
        d.danger.children.add(person)
    elif link == "monitor":
        Agreement.objects.filter(pk=d.agreement.pk).update(monitor_person=person, monitor_user=None)
    else:
        Agreement.objects.filter(pk=d.agreement.pk).update(handover_to=person, handover_on=day())
    with pytest.raises(ValidationError):
        _remove(p, person)
    assert Person.objects.filter(pk=person.pk).exists()


def test_a_person_without_safety_history_can_still_be_removed(personas):
    p = personas
    build_plan(p)
    person = Person.objects.create(family=p.family, kind="network", first_name="Testkennis")
    _remove(p, person)
    assert not Person.objects.filter(pk=person.pk).exists()


def test_retention_destroy_still_removes_a_file_with_a_full_plan(personas):
    p = personas
    d = build_plan(p)
    DangerChild.objects.get(dangerstatement=d.danger)  # the link to the child exists
    SafetyPerson.objects.filter(pk=d.safety_person.pk).update(person=d.network)
    Agreement.objects.filter(pk=d.agreement.pk).update(
        monitor_person=p.parent, monitor_user=None, handover_to=d.network, handover_on=day()
    )
    SignOff.objects.create(
        plan_version=d.version,
        person=p.parent,
        name="Testouder",
        signed_on=day(),
        method="in_person",
        recorded_by=p.case_worker,
    )
    Distribution.objects.create(
        plan_version=d.version,
        person=p.parent,
        name="Testouder",
        received_on=day(),
        method="post",
        recorded_by=p.case_worker,
    )
    ScalingScore.objects.filter(pk=d.score.pk).update(evaluation=d.evaluation)
    Family.objects.filter(pk=p.family.pk).update(retention_until=date(2020, 1, 1))
    family = Family.objects.get(pk=p.family.pk)
    do_destroy_family(actor=Actor.cli(p.privacy), family=family)
    assert not Family.objects.filter(pk=family.pk).exists()
    assert not Person.objects.filter(family_id=family.pk).exists()
    assert not SafetyPlan.objects.filter(pk=d.plan.pk).exists()
    for model in (ScalingScore, SafetyPerson, Agreement, AgreementPerson, DangerChild, SignOff):
        assert not model.objects.exists(), model
    assert AccessEvent.objects.filter(
        action="delete", object_type="family", object_id=str(family.pk)
    ).exists()


# 3. API ids are looked up inside the family; one answer for unknown and foreign ids. --------


def _errors(response, field):
    assert response.status_code == 422, response.content
    return response.json()["errors"][field]


def test_api_person_of_another_family_gets_the_same_answer_as_a_missing_id(personas, api):
    p = personas
    build_plan(p)
    other = make_family(p.team_a, p.case_worker, name="Gezin Ander", reference="VN-TEST19")
    stranger = Person.objects.create(family=other, kind="network", first_name="Vreemde")
    client = api("case_worker")
    path = f"/families/{p.family.pk}/safety/safety-persons"
    foreign = _errors(client.post(path, {"person_id": stranger.pk, "role": "helpt"}), "person_id")
    missing = _errors(client.post(path, {"person_id": 999999, "role": "helpt"}), "person_id")
    assert foreign == missing
    path = f"/families/{p.family.pk}/safety/scaling"
    body = {"score": 5, "reason": "x", "scored_on": day().isoformat()}
    foreign = _errors(client.post(path, {**body, "person_id": stranger.pk}), "person_id")
    missing = _errors(client.post(path, {**body, "person_id": 999999}), "person_id")
    assert foreign == missing
    assert not SafetyPerson.objects.filter(person=stranger).exists()
    assert not ScalingScore.objects.filter(person=stranger).exists()


def test_api_colleague_of_another_organisation_gets_the_same_answer(personas, api):
    p = personas
    d = build_plan(p)
    elsewhere = make_user(
        "vreemdeling", organisation=Organisation.objects.create(name="Andere testorganisatie")
    )
    client = api("case_worker")
    path = f"/families/{p.family.pk}/safety/scaling"
    body = {"score": 5, "reason": "x", "scored_on": day().isoformat()}
    foreign = _errors(client.post(path, {**body, "user_id": elsewhere.pk}), "user_id")
    missing = _errors(client.post(path, {**body, "user_id": 999999}), "user_id")
    assert foreign == missing
    path = f"/families/{p.family.pk}/safety/agreements/{d.agreement.pk}"
    foreign = _errors(
        client.patch(path, {"version": 1, "professional_ids": [elsewhere.pk]}), "professional_ids"
    )
    missing = _errors(
        client.patch(path, {"version": 1, "professional_ids": [999999]}), "professional_ids"
    )
    assert foreign == missing
    assert not ScalingScore.objects.filter(user=elsewhere).exists()
    assert not Agreement.objects.get(pk=d.agreement.pk).professionals.exists()


# 4. A removal names the version it saw: another user's newer edit is never thrown away. -------


def test_api_remove_needs_the_current_version(personas, api):
    p = personas
    d = build_plan(p)
    client = api("case_worker")
    path = f"/families/{p.family.pk}/safety/steps/{d.step.pk}"
    assert client.delete(path).status_code == 422
    assert client.patch(path, {"version": 1, "text": "Nieuwe tekst."}).status_code == 200
    before = last_event_id()
    response = client.delete(f"{path}?version=1")
    assert response.status_code == 409
    assert new_events(before) == []
    assert PlanStep.objects.filter(pk=d.step.pk).exists()
    response = client.delete(f"{path}?version=2")
    assert response.status_code == 204
    assert [(e.action, e.object_type) for e in new_events(before)] == [("delete", "plan_step")]
    assert not PlanStep.objects.filter(pk=d.step.pk).exists()


def test_page_remove_needs_the_current_version(personas, as_user):
    p = personas
    d = build_plan(p)
    client = as_user(p.case_worker)
    path = _url("step_remove", p.family.pk, d.step.pk)
    page = client.get(path).content.decode()
    assert 'name="version" value="1"' in page
    PlanStep.objects.filter(pk=d.step.pk).update(version=2, text="Door een ander veranderd.")
    before, page = _post_shown_again(client, path, {"version": 1})
    assert "Iemand anders heeft dit intussen veranderd. Daarom is het niet verwijderd." in page
    assert "Door een ander veranderd." in page
    assert 'name="version" value="2"' in page
    _one_read(before, "plan_step", d.step.pk)
    assert PlanStep.objects.filter(pk=d.step.pk).exists()
    before = last_event_id()
    response = client.post(path, {"version": 2})
    assert response.status_code == 302
    assert [(e.action, e.object_type) for e in new_events(before)] == [("delete", "plan_step")]
    assert not PlanStep.objects.filter(pk=d.step.pk).exists()


def test_agreement_without_a_monitor_still_renders(personas, as_user):
    """Older or imported agreements may lack a monitor: the pages show '-' and no error."""
    from django.urls import reverse

    from tests.safety.helpers import build_plan
    from vangnet.safety.models import Agreement

    data = build_plan(personas)
    Agreement.objects.filter(plan=data.plan).update(monitor_user=None, monitor_person=None)
    client = as_user(personas.case_worker)
    assert client.get(reverse("safety:plan", args=[personas.family.pk])).status_code == 200
    assert client.get(reverse("safety:by_situation", args=[personas.family.pk])).status_code == 200


def test_family_page_shows_everyones_scores_over_time(personas, as_user):
    from django.urls import reverse

    from tests.safety.helpers import build_plan

    build_plan(personas)
    page = as_user(personas.case_worker).get(reverse("families:detail", args=[personas.family.pk]))
    content = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in content and 'role="img"' in content
    assert reverse("safety:plan", args=[personas.family.pk]) + "#scaling" in content
