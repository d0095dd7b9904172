"""The whole plan lifecycle through the API, the frozen-version rule, the scaling series."""

from tests.safety.helpers import day
from tests.test_api import last_event_id, new_events
from vangnet.families.models import Person
from vangnet.safety.models import PlanVersion


def test_lifecycle_through_the_api(personas, api):
    p = personas
    f = f"/families/{p.family.pk}/safety"
    c = api("case_worker")
    oma = Person.objects.create(family=p.family, kind="network", first_name="Testoma")
    buur = Person.objects.create(family=p.family, kind="network", first_name="Testbuur")

    assert c.get(f).json() == {**c.get(f).json(), "exists": False}
    danger = c.post(
        f + "/danger-statements",
        {
            "whose": "vader",
            "behaviour": "slaat Testkind",
            "situations": "hij gedronken heeft",
            "children_ids": [p.child.pk],
            "impact": "Testkind is bang",
            "fear": "Testkind gewond raakt",
        },
    ).json()
    assert "slaat Testkind" in danger["sentence"]
    goal = c.post(f + "/goals", {"danger_id": danger["id"], "text": "Veilig thuis."}).json()
    for person in (oma, buur):
        r = c.post(
            f + "/safety-persons",
            {"person_id": person.pk, "role": "Helpt.", "confirmed_on": day().isoformat()},
        )
        assert r.status_code == 201
    agreement = c.post(
        f + "/agreements",
        {
            "people_ids": [p.parent.pk],
            "professional_ids": [p.team_member.pk],
            "what": "Vader gaat naar buiten als hij boos wordt.",
            "situation": "stress",
            "how": "Naar buiten, oma bellen.",
            "fallback": "Oma haalt Testkind op.",
            "monitor_user_id": p.case_worker.pk,
            "handover_to_id": oma.pk,
            "handover_on": day().isoformat(),
            "frequency": "wekelijks",
            "goal_id": goal["id"],
        },
    ).json()
    # Monitoring has been handed over to the network from today.
    assert agreement["current_monitor"] == "Testoma"
    for who, score in (("person_id", p.parent.pk), ("user_id", p.case_worker.pk)):
        r = c.post(
            f + "/scaling",
            {who: score, "score": 4, "reason": "Start.", "scored_on": day(-7).isoformat()},
        )
        assert r.status_code == 201
    c.post(
        f + "/scaling",
        {"person_id": p.parent.pk, "score": 6, "reason": "Beter.", "scored_on": day().isoformat()},
    )
    series = c.get(f + "/scaling").json()
    assert [(s["label"], [pt["score"] for pt in s["points"]]) for s in series] == [
        ("Testouder", [4, 6]),
        ("Coach Test", [4]),
    ]
    plan = c.get(f).json()
    met = {line["kind"]: line["met"] for line in plan["bottom_lines"]}
    assert met == {"safety_persons": True, "words_and_pictures": False, "simple_plan": True}

    v1 = c.post(f + "/versions", {"plan_version": plan["version"]})
    assert v1.status_code == 201, v1.content
    v1 = v1.json()
    assert v1["status"] == "draft" and v1["number"] == 1
    signers = {m["key"] for m in v1["missing_signers"]}
    assert signers == {
        f"person-{p.parent.pk}",
        f"person-{oma.pk}",
        f"person-{buur.pk}",
        f"user-{p.case_worker.pk}",
        f"user-{p.team_member.pk}",
    }
    vf = f + f"/versions/{v1['id']}"
    assert c.post(vf + "/agree", {"version": 1}).status_code == 422  # not everyone signed
    version = 1
    for key in sorted(signers):
        kind, pk = key.split("-")
        r = c.post(
            vf + "/signoffs",
            {
                "version": version,
                f"{kind}_id": int(pk),
                "signed_on": day().isoformat(),
                "method": "phone",
            },
        )
        assert r.status_code == 201, r.content
        version = r.json()["version"]
    r = c.post(vf + "/agree", {"version": version})
    assert r.json()["status"] == "agreed"
    r = c.post(
        vf + "/distribution",
        {
            "version": r.json()["version"],
            "recipients": [{"person_id": p.parent.pk}, {"person_id": oma.pk}],
            "received_on": day().isoformat(),
            "method": "in_person",
        },
    )
    assert r.status_code == 200 and r.json()["status"] == "distributed" and r.json()["frozen"]
    assert [d["name"] for d in r.json()["distributions"]] == ["Testouder Fictief", "Testoma"]
    r = c.post(vf + "/activate", {"version": r.json()["version"], "active_from": day().isoformat()})
    assert r.json()["status"] == "active"
    frozen = PlanVersion.objects.get(pk=v1["id"]).snapshot

    # Frozen: a change goes to the draft, never into version 1; a sign-off is refused.
    r = c.patch(f + f"/agreements/{agreement['id']}", {"version": 1, "frequency": "dagelijks"})
    assert r.status_code == 200
    assert PlanVersion.objects.get(pk=v1["id"]).snapshot == frozen
    assert c.get(f).json()["draft_differs_from_latest"] is True
    before = last_event_id()
    r = c.post(
        vf + "/signoffs",
        {"version": 4, "person_id": oma.pk, "signed_on": day().isoformat(), "method": "phone"},
    )
    assert r.status_code == 422 and new_events(before) == []
    diff = c.get(f + "/diff?a=1").json()
    assert diff == [
        {
            "section": "agreements",
            "added": [],
            "removed": [],
            "changed": [
                {
                    "id": f"agreement-{agreement['id']}",
                    "title": "Vader gaat naar buiten als hij boos wordt.",
                    "fields": [{"field": "frequency", "old": "wekelijks", "new": "dagelijks"}],
                }
            ],
        }
    ]

    # Evaluate: every agreement, new scaling, decision, next date.
    ev = c.post(f + "/evaluations", {"scheduled_on": day().isoformat()}).json()
    r = c.post(
        f + f"/evaluations/{ev['id']}",
        {
            "version": 1,
            "held_on": day().isoformat(),
            "reviews": [],
            "decision": "continue",
            "next_on": day(28).isoformat(),
        },
    )
    assert r.status_code == 422 and f"reviews.{agreement['id']}" in r.json()["errors"]
    r = c.post(
        f + f"/evaluations/{ev['id']}",
        {
            "version": 1,
            "held_on": day().isoformat(),
            "reviews": [{"agreement_id": agreement["id"], "outcome": "kept", "note": "Goed."}],
            "scores": [{"person_id": oma.pk, "score": 7, "reason": "Rustig."}],
            "decision": "continue",
            "next_on": day(28).isoformat(),
        },
    )
    assert r.status_code == 200, r.content
    assert r.json()["plan_version_id"] == v1["id"]
    assert r.json()["reviews"][0]["outcome"] == "kept"
    assert [e["scheduled_on"] for e in c.get(f).json()["evaluations"]] == [
        day().isoformat(),
        day(28).isoformat(),
    ]

    # The new version.
    v2 = c.post(f + "/versions", {"plan_version": c.get(f).json()["version"]})
    assert v2.status_code == 201 and v2.json()["number"] == 2
    assert c.get(f + "/diff?a=1&b=2").json()[0]["changed"][0]["fields"][0]["new"] == "dagelijks"
    # Making another version of an unchanged draft is refused.
    r = c.post(f + "/versions", {"plan_version": c.get(f).json()["version"]})
    assert r.status_code == 422
    pdf = c.get(f + f"/versions/{v2.json()['id']}/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
