"""No lost work: two editors (optimistic locking), bad input refused field by field,
nothing half-saved, nothing logged for a refused write."""

from django.urls import reverse

from tests.matrix_common import only_refusals
from tests.safety.helpers import build_plan, day
from tests.test_api import last_event_id, new_events
from vangnet.safety.models import Agreement, DangerStatement, PlanVersion, SafetyPlan


def _agreement_post(d, p, **changes):
    data = {
        "version": d.agreement.version,
        "people": [p.parent.pk],
        "what": d.agreement.what,
        "situation": "stress",
        "how": d.agreement.how,
        "fallback": d.agreement.fallback,
        "monitor_user": p.case_worker.pk,
        "frequency": "wekelijks",
        "order": 1,
    }
    data.update(changes)
    return data


def test_two_editors_the_second_sees_what_changed_and_keeps_input(personas, client):
    from django.test import Client

    from tests.personas import login

    p = personas
    d = build_plan(p)
    first, second = Client(), Client()
    login(first, p.case_worker)
    login(second, p.team_member)
    edit = reverse("safety:agreement_edit", args=[p.family.pk, d.agreement.pk])
    assert first.get(edit).status_code == 200
    assert second.get(edit).status_code == 200

    response = first.post(edit, _agreement_post(d, p, frequency="dagelijks"))
    assert response.status_code == 302

    before = last_event_id()
    response = second.post(
        edit, _agreement_post(d, p, frequency="elke maandag", what="Vader belt oma.")
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Iemand anders heeft deze gegevens gewijzigd" in page or "Someone else" in page
    # What is saved now (the first editor's value) next to the second editor's input.
    assert "dagelijks" in page and "elke maandag" in page
    assert 'value="elke maandag"' in page  # the input is kept in the form
    assert "Vader belt oma." in page
    agreement = Agreement.objects.get(pk=d.agreement.pk)
    assert agreement.frequency == "dagelijks" and agreement.version == 2
    # Showing what is saved now is one logged read; nothing was written.
    assert [(e.action, e.object_type) for e in new_events(before)] == [("read", "agreement")]

    # Saving again from the refreshed form works.
    response = second.post(
        edit, _agreement_post(d, p, version=2, frequency="elke maandag", what="Vader belt oma.")
    )
    assert response.status_code == 302
    assert Agreement.objects.get(pk=d.agreement.pk).frequency == "elke maandag"


def test_two_editors_of_a_danger_statement_m2m_change_is_shown(personas):
    from django.test import Client

    from tests.personas import login
    from vangnet.families.models import Person

    p = personas
    d = build_plan(p)
    sibling = Person.objects.create(
        family=p.family, kind="child", first_name="Testzus", birth_date=day(-3000)
    )
    first, second = Client(), Client()
    login(first, p.case_worker)
    login(second, p.team_member)
    edit = reverse("safety:danger_edit", args=[p.family.pk, d.danger.pk])
    base = {
        "version": 1,
        "whose": "vader",
        "behaviour": "slaat",
        "situations": "'s avonds",
        "impact": "angst",
        "fear": "letsel",
    }
    assert first.post(edit, {**base, "children": [p.child.pk, sibling.pk]}).status_code == 302
    response = second.post(edit, {**base, "children": [p.child.pk], "fear": "ernstig letsel"})
    assert response.status_code == 200
    assert "Testzus" in response.content.decode()
    danger = DangerStatement.objects.get(pk=d.danger.pk)
    assert sorted(danger.children.values_list("pk", flat=True)) == sorted([p.child.pk, sibling.pk])
    assert danger.fear == "letsel"


def test_api_stale_version_is_409_with_changed_fields(personas, api):
    p = personas
    d = build_plan(p)
    path = f"/families/{p.family.pk}/safety/agreements/{d.agreement.pk}"
    assert (
        api("case_worker").patch(path, {"version": 1, "frequency": "dagelijks"}).status_code == 200
    )
    second = api("team_member")
    before = last_event_id()
    response = second.patch(path, {"version": 1, "frequency": "maandelijks"})
    assert response.status_code == 409
    body = response.json()
    assert body["current_version"] == 2 and body["changed_fields"] == ["frequency"]
    assert new_events(before) == []
    assert Agreement.objects.get(pk=d.agreement.pk).frequency == "dagelijks"


def test_api_stale_plan_version_is_not_frozen_unseen(personas, api):
    p = personas
    d = build_plan(p, with_version=False)
    seen = SafetyPlan.objects.get(pk=d.plan.pk).version
    client = api("case_worker")
    client.patch(
        f"/families/{p.family.pk}/safety/steps/{d.step.pk}", {"version": 1, "text": "Anders."}
    )
    response = client.post(f"/families/{p.family.pk}/safety/versions", {"plan_version": seen})
    assert response.status_code == 409
    assert PlanVersion.objects.count() == 0


def test_bad_input_in_a_form_is_shown_next_to_the_fields(personas, as_user):
    p = personas
    build_plan(p)
    client = as_user(p.case_worker)
    before = last_event_id()
    count = Agreement.objects.count()
    response = client.post(
        reverse("safety:agreement_add", args=[p.family.pk]),
        {"what": "", "situation": "nooit", "how": "", "fallback": "", "frequency": ""},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="error-summary"' in page
    assert 'aria-invalid="true"' in page
    assert "Dit veld is verplicht." in page
    assert Agreement.objects.count() == count
    # The page shown again holds family data: exactly one read, nothing written.
    assert [(e.action, e.part) for e in new_events(before)] == [("read", "safety_plan")]
    before = last_event_id()
    # Valid fields but nobody named and nobody who checks: the action's rules.
    response = client.post(
        reverse("safety:agreement_add", args=[p.family.pk]),
        {
            "what": "Iets concreets.",
            "situation": "evening",
            "how": "Zo.",
            "fallback": "Oma.",
            "frequency": "wekelijks",
            "order": 0,
        },
    )
    page = response.content.decode()
    assert "Zeg wie dit doet" in page and "Zeg wie controleert" in page
    assert Agreement.objects.count() == count
    assert [(e.action, e.part) for e in new_events(before)] == [("read", "safety_plan")]


def test_bad_score_is_refused(personas, as_user):
    p = personas
    client = as_user(p.case_worker)
    response = client.post(
        reverse("safety:score_add", args=[p.family.pk]),
        {"participant": "person-999999", "score": 11, "reason": "", "scored_on": day(3)},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Geef een score van 0 tot en met 10." in page
    assert not SafetyPlan.objects.filter(family=p.family).exists()


def test_api_bad_input_is_422_per_field(personas, api):
    p = personas
    d = build_plan(p)
    client = api("case_worker")
    before = last_event_id()
    response = client.post(
        f"/families/{p.family.pk}/safety/agreements",
        {
            "what": "",
            "situation": "soms",
            "how": "x",
            "fallback": "y",
            "frequency": "z",
            "unknown": 1,
        },
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert {"what", "situation", "unknown"} <= set(errors)
    response = client.post(
        f"/families/{p.family.pk}/safety/agreements",
        {
            "what": "Iets.",
            "situation": "evening",
            "how": "x",
            "fallback": "y",
            "frequency": "z",
            "monitor_person_id": 999999,
        },
    )
    assert response.status_code == 422
    assert "monitor_person_id" in response.json()["errors"]
    response = client.post(
        f"/families/{p.family.pk}/safety/agreements",
        {"what": "Iets.", "situation": "evening", "how": "x", "fallback": "y", "frequency": "z"},
    )
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"people_ids", "monitor_person_id"}
    response = client.post(
        f"/families/{p.family.pk}/safety/scaling",
        {"person_id": p.parent.pk, "score": 12, "reason": "x", "scored_on": day().isoformat()},
    )
    assert response.status_code == 422 and "score" in response.json()["errors"]
    # Objects of another family are refused.
    from tests.personas import make_family
    from vangnet.families.models import Person

    other = make_family(p.team_a, p.case_worker, name="Gezin Ander", reference="VN-TEST09")
    stranger = Person.objects.create(family=other, kind="network", first_name="Vreemde")
    response = client.post(
        f"/families/{p.family.pk}/safety/safety-persons",
        {"person_id": stranger.pk, "role": "helpt"},
    )
    assert response.status_code == 422 and "person_id" in response.json()["errors"]
    response = client.patch(
        f"/families/{other.pk}/safety/steps/{d.step.pk}", {"version": 1, "text": "x"}
    )
    assert response.status_code == 404
    assert only_refusals(new_events(before)) == ["denied"]
