"""The review on the plan and version pages and in the API; the review a version is
distributed with is kept. (Per-persona access of the two API routes: tests/safety/
test_api_matrix.py ENDPOINTS.)"""

import pytest
from django.test import Client
from django.urls import reverse

from tests.matrix_common import only_refusals
from tests.safety.helpers import build_plan, day
from tests.test_api import ApiClient, last_event_id, new_events
from vangnet.accounts.actions import do_create_api_token
from vangnet.audit.context import Actor
from vangnet.families.access import get_family_for_user
from vangnet.review.models import VersionReview
from vangnet.safety import actions
from vangnet.safety.models import Agreement, PlanVersion, SignOff

pytestmark = pytest.mark.django_db


def _api(user):
    _token, raw = do_create_api_token(user=user, name="tests")
    return ApiClient(Client(), raw)


def _vague_agreement(data):
    a = Agreement.objects.create(
        plan=data.plan,
        what="Vader probeert zo veel mogelijk rustig te blijven.",
        situation="evening",
        how="Hij gaat zitten.",
        fallback="De buurvrouw haalt Testkind op.",
        monitor_person=data.network,
        frequency="elke week",
    )
    a.people.set([data.plan.family.people.filter(kind="parent").first()])
    return a


def _distribute(personas, data):
    PlanVersion.objects.filter(pk=data.version.pk).update(status="agreed", agreed_on=day())
    access = get_family_for_user(personas.case_worker, personas.family.pk, write=True)
    pv = PlanVersion.objects.get(pk=data.version.pk)
    return actions.do_distribute(
        actor=Actor.cli(personas.case_worker),
        access=access,
        plan_version=pv,
        version=pv.version,
        recipients=[personas.parent],
        received_on=day(),
        method="in_person",
    )


def test_plan_page_shows_the_review(personas, as_user):
    data = build_plan(personas)
    agreement = _vague_agreement(data)
    client = as_user(personas.read_only)
    before = last_event_id()
    response = client.get(reverse("safety:plan", args=[personas.family.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h2 id="plan-review">Plancheck</h2>' in html
    assert "Moet beter" in html
    assert "De afspraak beschrijft een poging of een wens, geen handeling." in html
    # next to the agreement, each word with its own explanation (tests/review/
    # test_findings_on_page.py)
    assert "<mark>probeert</mark>: &quot;Proberen&quot;" in html
    assert "<mark>zo veel mogelijk</mark>: „zo veel mogelijk” zegt niet hoe vaak" in html
    assert f"Veiligheidsafspraak: {agreement.what}" in html
    assert "je kunt het plan gewoon laten ondertekenen en verspreiden" in html
    assert len(new_events(before)) == 1


def test_version_page_shows_the_review(personas, as_user):
    data = build_plan(personas)
    client = as_user(personas.team_member)
    before = last_event_id()
    response = client.get(reverse("safety:version", args=[personas.family.pk, data.version.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Plancheck" in html
    assert "Niet elke betrokken hulpverlener heeft deze versie ondertekend" in html
    assert len(new_events(before)) == 1


def test_api_draft_review(personas):
    data = build_plan(personas)
    agreement = _vague_agreement(data)
    before = last_event_id()
    response = _api(personas.case_worker).get(f"/families/{personas.family.pk}/safety/draft/review")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "needs_work"
    assert body["stored_at"] is None
    effort = next(
        f
        for f in body["findings"]
        if f["code"] == "vague_effort" and f["element"] == f"agreement-{agreement.pk}"
    )
    assert effort["field"] == "what"
    assert [s["words"] for s in effort["spans"]] == ["probeert", "zo veel mogelijk"]
    assert effort["spans"][0]["start"] == agreement.what.index("probeert")
    assert effort["severity"] == "major"
    assert effort["what"] and effort["why"] and effort["how_to_fix"] and effort["where"]
    assert sum(body["counts"].values()) == len(body["findings"])
    events = new_events(before)
    assert [(e.action, e.object_type, e.part) for e in events] == [
        ("read", "safety_plan", "safety_plan")
    ]


def test_api_draft_review_without_a_plan(personas):
    response = _api(personas.case_worker).get(f"/families/{personas.family.pk}/safety/draft/review")
    assert response.status_code == 200
    codes = {f["code"] for f in response.json()["findings"]}
    assert {"no_danger_statement", "no_safety_goal", "no_agreements"} <= codes
    assert response.json()["status"] == "insufficient"


def test_outsider_gets_404_and_nothing_is_logged(personas):
    data = build_plan(personas)
    before = last_event_id()
    client = _api(personas.other_team)
    assert client.get(f"/families/{personas.family.pk}/safety/draft/review").status_code == 404
    url = f"/families/{personas.family.pk}/safety/versions/{data.version.pk}/review"
    assert client.get(url).status_code == 404
    assert only_refusals(new_events(before)) == ["denied"] * 2


def test_version_of_another_family_is_404(personas):
    data = build_plan(personas)
    response = _api(personas.case_worker).get(
        f"/families/{personas.family.pk}/safety/versions/{data.version.pk + 999}/review"
    )
    assert response.status_code == 404


def test_distribution_keeps_the_review(personas):
    data = build_plan(personas)
    assert not VersionReview.objects.exists()
    before = last_event_id()
    _distribute(personas, data)
    assert len(new_events(before)) == 1  # the distribute action's own entry only
    stored = VersionReview.objects.get(plan_version=data.version)
    codes = {f["code"] for f in stored.findings}
    assert "professionals_not_signed" in codes
    assert stored.status == "needs_work"
    # a sign-off recorded later and a change to the draft do not change the kept review
    SignOff.objects.create(
        plan_version=data.version,
        user=personas.case_worker,
        name="x",
        signed_on=day(),
        method="in_person",
        recorded_by=personas.case_worker,
    )
    url = f"/families/{personas.family.pk}/safety/versions/{data.version.pk}/review"
    body = _api(personas.read_only).get(url).json()
    assert body["stored_at"] is not None
    assert "professionals_not_signed" in {f["code"] for f in body["findings"]}
    # a second distribution of the same version keeps the first review
    pv = PlanVersion.objects.get(pk=data.version.pk)
    actions.do_distribute(
        actor=Actor.cli(personas.case_worker),
        access=get_family_for_user(personas.case_worker, personas.family.pk, write=True),
        plan_version=pv,
        version=pv.version,
        recipients=[personas.case_worker],
        received_on=day(),
        method="in_person",
    )
    assert VersionReview.objects.get(pk=stored.pk).findings == stored.findings


def test_version_page_says_the_review_is_kept(personas, as_user):
    data = build_plan(personas)
    _distribute(personas, data)
    html = (
        as_user(personas.case_worker)
        .get(reverse("safety:version", args=[personas.family.pk, data.version.pk]))
        .content.decode()
    )
    assert "Dit is de plancheck waarmee deze versie is verspreid" in html
