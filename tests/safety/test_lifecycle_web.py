"""The whole plan lifecycle through the HTML pages: draft, sign-off, distribute, activate,
evaluate, new version - with the frozen-version rule and one access-log entry per request."""

import re

from django.urls import reverse

from tests.safety.helpers import day
from vangnet.audit.models import AccessEvent
from vangnet.families.models import Person
from vangnet.safety.models import (
    Agreement,
    BottomLine,
    DangerStatement,
    Evaluation,
    PlanVersion,
    SafetyPlan,
    ScalingScore,
    SignOff,
)


def last_id():
    return AccessEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def entries(before):
    return list(AccessEvent.objects.filter(id__gt=before).order_by("id"))


def url(name, *args):
    return reverse(f"safety:{name}", args=args)


def post_one(client, path, data, *, status=302, logged=None):
    """POST, check the status and that exactly one access-log entry was written."""
    before = last_id()
    response = client.post(path, data)
    assert response.status_code == status, response.content.decode()[:3000]
    written = entries(before)
    if logged is None:
        # 302: the action's entry; 200: the page shown again, one read of what it shows.
        logged = status in (200, 302)
    assert len(written) == (1 if logged else 0), [e.object_type for e in written]
    return response


def test_lifecycle_in_the_web_pages(personas, as_user):
    p = personas
    fid = p.family.pk
    client = as_user(p.case_worker)
    oma = Person.objects.create(family=p.family, kind="network", first_name="Testoma")
    buur = Person.objects.create(family=p.family, kind="network", first_name="Testbuurman")

    # Empty plan: the page says so and logs one read.
    before = last_id()
    response = client.get(url("plan", fid))
    assert response.status_code == 200
    assert [e.part for e in entries(before)] == ["safety_plan"]

    # Draft: danger statement, goal, safety persons, agreement, step, score.
    post_one(
        client,
        url("danger_add", fid),
        {
            "whose": "vader",
            "behaviour": "slaat Testkind",
            "situations": "hij gedronken heeft",
            "children": [p.child.pk],
            "impact": "Testkind is bang",
            "fear": "Testkind gewond raakt",
        },
    )
    plan = SafetyPlan.objects.get(family=p.family)
    # The team has no defaults: the method's three bottom lines were filled in.
    assert list(plan.bottom_lines.values_list("kind", flat=True)) == [
        "safety_persons",
        "words_and_pictures",
        "simple_plan",
    ]
    danger = DangerStatement.objects.get(plan=plan)
    post_one(
        client,
        url("goal_add", fid),
        {"danger": danger.pk, "text": "Testkind is veilig thuis.", "parents_agreed_on": day()},
    )
    for person in (oma, buur):
        post_one(
            client,
            url("safety_person_add", fid),
            {"person": person.pk, "role": "Komt als het misgaat.", "confirmed_on": day()},
        )
    post_one(
        client,
        url("agreement_add", fid),
        {
            "people": [p.parent.pk],
            "what": "Vader gaat naar buiten als hij boos wordt.",
            "situation": "stress",
            "how": "1. Spanning merken. 2. Naar buiten. 3. Oma bellen.",
            "fallback": "Oma haalt Testkind op.",
            "monitor_person": oma.pk,
            "frequency": "wekelijks",
            "danger": danger.pk,
            "order": 0,
        },
    )
    post_one(
        client,
        url("score_add", fid),
        {
            "participant": f"person-{p.parent.pk}",
            "score": 4,
            "reason": "Spannend.",
            "scored_on": day(),
        },
    )
    post_one(
        client,
        url("score_add", fid),
        {
            "participant": f"user-{p.case_worker.pk}",
            "score": 3,
            "reason": "Nog geen plan.",
            "scored_on": day(),
        },
    )
    page = client.get(url("plan", fid)).content.decode()
    assert "We maken ons zorgen over wat vader doet: slaat Testkind, als hij gedronken" in page
    assert "<svg" in page and "<title" in page and "<desc" in page
    assert "Testouder" in page  # the scaling table names the participant
    # Bottom lines computed: 2 confirmed safety persons, a stress agreement with who,
    # fallback and monitor; the words-and-pictures explanation is not done.
    states = {line.kind: line for line in BottomLine.objects.filter(plan=plan)}
    from vangnet.safety.queries import bottom_line_states

    met = {line.kind: state.met for line, state in bottom_line_states(plan)}
    assert met == {"safety_persons": True, "words_and_pictures": False, "simple_plan": True}
    assert states

    # Make version 1 from the draft the user saw.
    plan.refresh_from_db()
    response = post_one(client, url("version_create", fid), {"version": plan.version})
    v1 = PlanVersion.objects.get(plan=plan, number=1)
    assert response["Location"] == url("version", fid, v1.pk)
    assert v1.status == "draft"
    signer_keys = {s["key"] for s in v1.snapshot["signers"]}
    assert signer_keys == {
        f"person-{p.parent.pk}",
        f"person-{oma.pk}",
        f"person-{buur.pk}",
        f"user-{p.case_worker.pk}",
    }
    # Not everyone has signed: "agreed" is refused with the names of those missing.
    post_one(client, url("version_agree", fid, v1.pk), {"version": v1.version}, logged=False)
    assert PlanVersion.objects.get(pk=v1.pk).status == "draft"
    for key in sorted(signer_keys):
        v1.refresh_from_db()
        post_one(
            client,
            url("version_sign", fid, v1.pk),
            {"version": v1.version, "signer": key, "signed_on": day(), "method": "in_person"},
        )
    assert SignOff.objects.filter(plan_version=v1).count() == 4
    v1.refresh_from_db()
    post_one(client, url("version_agree", fid, v1.pk), {"version": v1.version})
    v1.refresh_from_db()
    assert v1.status == "agreed"
    post_one(
        client,
        url("version_distribute", fid, v1.pk),
        {
            "version": v1.version,
            "recipients": [f"person-{p.parent.pk}", f"person-{oma.pk}", f"user-{p.case_worker.pk}"],
            "received_on": day(),
            "method": "in_person",
        },
    )
    v1.refresh_from_db()
    assert v1.status == "distributed" and v1.distributions.count() == 3
    post_one(
        client, url("version_activate", fid, v1.pk), {"version": v1.version, "active_from": day()}
    )
    v1.refresh_from_db()
    assert v1.status == "active"

    # Frozen: a change to the plan does not touch version 1; it is the next draft.
    frozen = dict(v1.snapshot)
    agreement = Agreement.objects.get(plan=plan)
    post_one(
        client,
        url("agreement_edit", fid, agreement.pk),
        {
            "version": agreement.version,
            "people": [p.parent.pk],
            "what": "Vader gaat naar buiten en belt oma als hij boos wordt.",
            "situation": "stress",
            "how": "1. Spanning merken. 2. Naar buiten. 3. Oma bellen.",
            "fallback": "Oma haalt Testkind op.",
            "monitor_person": oma.pk,
            "frequency": "wekelijks",
            "order": 1,
        },
    )
    v1.refresh_from_db()
    assert v1.snapshot == frozen
    page = client.get(url("plan", fid)).content.decode()
    assert url("version_compare", fid) in page  # "see the changes" of the new draft
    # A frozen version takes no more sign-offs.
    post_one(
        client,
        url("version_sign", fid, v1.pk),
        {
            "version": v1.version,
            "signer": f"person-{oma.pk}",
            "signed_on": day(),
            "method": "phone",
        },
        status=200,
    )
    assert SignOff.objects.filter(plan_version=v1).count() == 4

    # Evaluation: plan it, then record it.
    post_one(client, url("evaluation_add", fid), {"scheduled_on": day()})
    evaluation = Evaluation.objects.get(plan=plan)
    post_one(
        client,
        url("evaluation", fid, evaluation.pk),
        {
            "version": evaluation.version,
            "held_on": day(),
            f"outcome_{agreement.pk}": "partly",
            f"note_{agreement.pk}": "Een keer niet gelukt.",
            "score_0_participant": f"person-{oma.pk}",
            "score_0_score": 6,
            "score_0_reason": "Het gaat beter.",
            "decision": "adjust",
            "decision_note": "Afspraak over de avond toevoegen.",
            "next_on": day(28),
        },
    )
    evaluation.refresh_from_db()
    assert evaluation.decision == "adjust" and evaluation.plan_version_id == v1.pk
    assert evaluation.reviews.get().outcome == "partly"
    assert ScalingScore.objects.filter(evaluation=evaluation, person=oma, score=6).exists()
    assert Evaluation.objects.filter(plan=plan, scheduled_on=day(28), held_on=None).exists()

    # Version 2, and the differences with version 1.
    plan.refresh_from_db()
    post_one(client, url("version_create", fid), {"version": plan.version})
    v2 = PlanVersion.objects.get(plan=plan, number=2)
    response = client.get(url("version_compare", fid), {"a": 1, "b": 2})
    assert response.status_code == 200
    body = response.content.decode()
    assert "belt oma als hij boos wordt" in body and "Vader gaat naar buiten als hij" in body
    # Activating version 2 (after sign-off and distribution) supersedes version 1.
    for key in sorted(s["key"] for s in v2.snapshot["signers"]):
        v2.refresh_from_db()
        post_one(
            client,
            url("version_sign", fid, v2.pk),
            {"version": v2.version, "signer": key, "signed_on": day(), "method": "digital"},
        )
    v2.refresh_from_db()
    post_one(client, url("version_agree", fid, v2.pk), {"version": v2.version})
    v2.refresh_from_db()
    post_one(
        client,
        url("version_distribute", fid, v2.pk),
        {
            "version": v2.version,
            "recipients": [f"person-{oma.pk}"],
            "received_on": day(),
            "method": "email",
        },
    )
    v2.refresh_from_db()
    post_one(
        client, url("version_activate", fid, v2.pk), {"version": v2.version, "active_from": day()}
    )
    assert dict(PlanVersion.objects.filter(plan=plan).values_list("number", "status")) == {
        1: "superseded",
        2: "active",
    }

    # The family page shows the plan's state.
    page = client.get(reverse("families:detail", args=[fid])).content.decode()
    assert url("plan", fid) in page
    assert re.search(r"2</", page) or "2" in page


def test_pdf_download_is_one_export_entry(personas, as_user):
    from tests.safety.helpers import build_plan

    data = build_plan(personas)
    client = as_user(personas.team_member)
    before = last_id()
    response = client.get(url("version_pdf", personas.family.pk, data.version.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert b"VN-TEST01-v1.pdf" in response["Content-Disposition"].encode()
    written = entries(before)
    assert [(e.action, e.object_type, e.object_id) for e in written] == [
        ("export", "plan_version", str(data.version.pk))
    ]


def test_pdf_contains_version_number(personas):
    from tests.safety.helpers import build_plan
    from vangnet.safety.pdf import render_pdf

    data = build_plan(personas)
    pdf = render_pdf(personas.family, data.version)
    assert pdf.startswith(b"%PDF")
    text = pdf_streams(pdf)
    assert b"/Title (Veiligheidsplan VN-TEST01 versie 1)" in text


def pdf_streams(pdf: bytes) -> bytes:
    """The PDF with its compressed streams inflated (the document info sits in one)."""
    import zlib

    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.DOTALL):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)
