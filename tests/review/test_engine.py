"""Plan-level and agreement-level review rules, table-driven, on plain data (no database)."""

from dataclasses import replace

import pytest

from vangnet.review.data import (
    CRITICAL,
    GOOD,
    INSUFFICIENT,
    MAJOR,
    MINOR,
    NEEDS_WORK,
    AgreementData,
    DangerData,
    Finding,
    GoalData,
    MappingData,
    PlanData,
    Review,
)
from vangnet.review.engine import agreement_findings, danger_findings, review


def agreement(id_="agreement-1", situation="morning", **kw):
    values = dict(
        id=id_,
        what="Oma Ria brengt Sem om 8.15 uur naar school.",
        situation=situation,
        when="om 8.15 uur",
        how="Oma belt aan, loopt mee en zwaait Sem uit bij het hek.",
        fallback="Oom Bas brengt Sem als oma ziek is.",
        monitor="Tante Fenna (tante)",
        frequency="elke vrijdag",
        network_people=("Ria (oma)",),
        professionals=(),
    )
    values.update(kw)
    return AgreementData(**values)


GOOD_PLAN = PlanData(
    dangers=(
        DangerData(
            "danger-1",
            "...",
            whose="vader",
            behaviour="slaat Sem met zijn vlakke hand in het gezicht",
            children=("Sem",),
            impact="Sem is bang, slaapt slecht en durft niet naar huis",
        ),
    ),
    goals=(GoalData("goal-1", "Sem is 's avonds veilig.", True, True),),
    agreements=tuple(
        agreement(f"agreement-{i}", situation)
        for i, situation in enumerate(
            ["morning", "after_school", "evening", "night", "weekend", "stress"], start=1
        )
    ),
    mapping=(
        MappingData("mapping-1", "strength", "parent", "Vader kookt elke dag."),
        MappingData("mapping-2", "exception", "network", "Vorige week liep vader weg."),
        MappingData("mapping-3", "future_danger", "child", "Sem is bang als papa drinkt."),
    ),
    confirmed_safety_persons=2,
    required_safety_persons=2,
    steps=2,
    next_evaluation=True,
    professionals=("user-1", "user-2"),
    signed=("user-1", "user-2"),
    child_version=True,
)


def codes(plan):
    return {f.code for f in review(plan).findings}


def test_good_plan_has_no_findings():
    result = review(GOOD_PLAN)
    assert result.findings == ()
    assert result.status == GOOD


@pytest.mark.parametrize(
    ("change", "code", "severity"),
    [
        (dict(dangers=()), "no_danger_statement", CRITICAL),
        (dict(goals=()), "no_safety_goal", CRITICAL),
        (dict(goals=(GoalData("goal-1", "x", False, True),)), "goal_not_agreed", MAJOR),
        (dict(goals=(GoalData("goal-1", "x", True, False),)), "goal_not_agreed", MAJOR),
        (dict(confirmed_safety_persons=1), "too_few_safety_persons", CRITICAL),
        (dict(required_safety_persons=3), "too_few_safety_persons", CRITICAL),
        (dict(agreements=()), "no_agreements", CRITICAL),
        (
            dict(
                agreements=tuple(
                    replace(a, network_people=(), professionals=("J. Test",))
                    for a in GOOD_PLAN.agreements
                )
            ),
            "institution_plan",
            CRITICAL,
        ),
        (
            dict(
                agreements=tuple(
                    replace(a, network_people=(), professionals=("J. Test",))
                    for a in GOOD_PLAN.agreements[:4]
                )
                + GOOD_PLAN.agreements[4:]
            ),
            "mostly_professionals",
            MAJOR,
        ),
        (dict(agreements=GOOD_PLAN.agreements[1:]), "situations_not_covered", MINOR),
        (dict(agreements=GOOD_PLAN.agreements[:5]), "no_stress_agreement", CRITICAL),
        (dict(steps=0), "no_timeline", MAJOR),
        (dict(next_evaluation=False), "no_next_evaluation", MAJOR),
        (dict(mapping=GOOD_PLAN.mapping[:2]), "child_view_missing", MAJOR),
        (dict(child_version=None), "child_version_not_recorded", MINOR),
        (dict(child_version=False), "no_child_version", MAJOR),
        (dict(signed=("user-1",)), "professionals_not_signed", MAJOR),
        (dict(mapping=GOOD_PLAN.mapping[1:]), "no_strengths", MAJOR),
        (dict(mapping=GOOD_PLAN.mapping[::2]), "no_exceptions", MINOR),
    ],
)
def test_plan_rule(change, code, severity):
    findings = [f for f in review(replace(GOOD_PLAN, **change)).findings if f.code == code]
    assert len(findings) == 1
    assert findings[0].severity == severity


@pytest.mark.parametrize(
    ("change", "absent"),
    [
        (dict(next_evaluation=None), "no_next_evaluation"),  # unknown: no finding
        (dict(signed=None), "professionals_not_signed"),  # the draft has no sign-offs
        (
            dict(agreements=tuple(replace(a, situation="school") for a in GOOD_PLAN.agreements)),
            "no_agreements",
        ),
    ],
)
def test_no_finding_when_unknown(change, absent):
    assert absent not in codes(replace(GOOD_PLAN, **change))


def test_school_counts_for_after_school():
    plan = replace(
        GOOD_PLAN,
        agreements=tuple(
            replace(a, situation="school") if a.situation == "after_school" else a
            for a in GOOD_PLAN.agreements
        ),
    )
    assert "situations_not_covered" not in codes(plan)
    finding = next(
        f
        for f in review(replace(GOOD_PLAN, agreements=GOOD_PLAN.agreements[2:])).findings
        if f.code == "situations_not_covered"
    )
    assert finding.params["situations"] == ["morning", "after_school"]


NO_TIME = "Oma Ria brengt Sem naar school."


@pytest.mark.parametrize(
    ("change", "code", "severity", "part"),
    [
        (dict(what="Vader probeert op tijd te zijn."), "vague_effort", MAJOR, "what"),
        (dict(what="Vader blijft rustig."), "vague_inner_state", MAJOR, "what"),
        (dict(what="Vader slaat Sem niet."), "vague_prohibition", MAJOR, "what"),
        (
            dict(what="Er wordt gezorgd voor eten.", network_people=(), professionals=()),
            "vague_no_person",
            MAJOR,
            "what",
        ),
        # vague whatever the other fields say: a named person in "who" does not make the
        # "what" checkable
        (dict(what="Er wordt gezorgd voor eten."), "vague_no_person", MAJOR, "what"),
        (dict(what="Iedereen houdt elkaar in de gaten."), "vague_no_person", MAJOR, "what"),
        (dict(what="Vader drinkt minder."), "vague_no_measure", MAJOR, "what"),
        (dict(what="Moeder gaat minder blowen."), "vague_no_measure", MAJOR, "what"),
        (dict(what="Opa houdt een oogje in het zeil."), "vague_no_action", MAJOR, "what"),
        (dict(what="De buurvrouw past op Sem."), "vague_no_action", MAJOR, "what"),
        (dict(network_people=(), professionals=()), "agreement_no_who", MAJOR, "who"),
        (dict(when="", what=NO_TIME), "agreement_no_when", MINOR, "when"),
        (dict(when="", what=NO_TIME, situation="stress"), "agreement_no_when", MAJOR, "when"),
        (dict(when="", what=NO_TIME, situation="other"), "agreement_no_when", MAJOR, "when"),
        (dict(how=""), "agreement_no_how", MAJOR, "how"),
        (dict(how="bellen"), "agreement_no_how", MAJOR, "how"),
        (dict(fallback=""), "agreement_no_fallback", MAJOR, "fallback"),
        (dict(fallback="oma"), "agreement_no_fallback", MAJOR, "fallback"),
        (dict(fallback="Iemand uit het netwerk komt."), "fallback_vague", MAJOR, "fallback"),
        (dict(monitor=""), "agreement_no_monitor", MAJOR, "monitor"),
        (dict(frequency=""), "agreement_no_frequency", MINOR, "frequency"),
    ],
)
def test_agreement_rule(change, code, severity, part):
    findings = [f for f in agreement_findings(agreement(**change)) if f.code == code]
    assert len(findings) == 1
    assert (findings[0].severity, findings[0].element, findings[0].part) == (
        severity,
        "agreement-1",
        part,
    )


@pytest.mark.parametrize(
    "what",
    [
        "Oma belt elke avond om 19.00 uur.",
        "Oma haalt Sem op maandag op.",
        "Oom Bas is binnen 30 minuten bij moeder.",
        "Als vader boos wordt, gaat hij twintig minuten wandelen.",
        "Opa belt 's avonds aan.",
    ],
)
def test_when_in_the_text_counts_as_when(what):
    codes_found = {
        f.code for f in agreement_findings(agreement(what=what, when="", situation="other"))
    }
    assert "agreement_no_when" not in codes_found


@pytest.mark.parametrize(
    "what",
    [
        "Moeder gaat minder blowen.",
        "Opa houdt een oogje in het zeil.",
        "De buurvrouw past op Sem.",
        "Ouders praten beter met elkaar.",
        "Sem krijgt genoeg eten en aandacht.",
        "Iedereen houdt elkaar in de gaten.",
        "De familie springt bij als het misgaat.",
        "Er wordt af en toe gekeken of het goed gaat.",
    ],
)
def test_no_observable_act_is_major(what):
    found = [f for f in agreement_findings(agreement(what=what)) if f.part == "what"]
    assert found and all(f.severity == MAJOR for f in found)


@pytest.mark.parametrize(
    "what",
    [
        "Moeder rookt op het balkon en nooit in de kamer van de baby.",
        "Als vader merkt dat hij kwaad wordt, loopt hij naar buiten en belt hij buurman Kees.",
        "Als moeder voelt dat ze boos wordt, legt ze de baby in de box en belt ze oma.",
        "Vader slaat Sem niet; hij loopt naar buiten en belt oom Bas.",
        "Oma Ria belt om 8.00 uur aan. Sem wordt door opa om 8.15 uur naar school gebracht.",
    ],
)
def test_concrete_agreement_has_no_finding_on_what(what):
    assert [f for f in agreement_findings(agreement(what=what)) if f.part == "what"] == []


def test_agreement_finding_points_at_words():
    text = "Vader probeert zo veel mogelijk thuis te zijn."
    finding = next(f for f in agreement_findings(agreement(what=text)) if f.code == "vague_effort")
    assert [w for _, _, w in finding.spans] == ["probeert", "zo veel mogelijk"]
    assert all(text[s:e] == w for s, e, w in finding.spans)


def test_good_agreement_has_no_findings():
    assert agreement_findings(agreement()) == []


@pytest.mark.parametrize(
    ("change", "code", "severity"),
    [
        (dict(behaviour="huiselijk geweld"), "danger_label_not_behaviour", CRITICAL),
        (dict(behaviour="problemen in de thuissituatie"), "danger_label_not_behaviour", CRITICAL),
        (
            dict(behaviour="slaat Sem met de vlakke hand bij huiselijk geweld"),
            "danger_labels",
            MINOR,
        ),
        (dict(whose="het gezin"), "danger_no_person", MAJOR),
        (dict(whose="de situatie"), "danger_no_person", MAJOR),
        (dict(children=()), "danger_no_child", MAJOR),
        (dict(impact="is bang"), "danger_no_impact", MAJOR),
    ],
)
def test_danger_rule(change, code, severity):
    findings = [
        f for f in danger_findings(replace(GOOD_PLAN.dangers[0], **change)) if f.code == code
    ]
    assert len(findings) == 1
    assert findings[0].severity == severity
    assert findings[0].element == "danger-1"


@pytest.mark.parametrize("whose", ["vader", "moeder en haar vriend", "Kees", "stiefvader"])
def test_danger_names_a_person(whose):
    assert danger_findings(replace(GOOD_PLAN.dangers[0], whose=whose)) == []


def test_danger_label_spans():
    d = replace(GOOD_PLAN.dangers[0], behaviour="huiselijk geweld")
    finding = danger_findings(d)[0]
    assert [w for _, _, w in finding.spans] == ["huiselijk", "geweld"]


@pytest.mark.parametrize(
    ("severities", "status"),
    [
        ((), GOOD),
        ((MINOR,), GOOD),
        ((MINOR, MAJOR), NEEDS_WORK),
        ((MAJOR, CRITICAL, MINOR), INSUFFICIENT),
    ],
)
def test_status(severities, status):
    result = Review(tuple(Finding("x", s) for s in severities))
    assert result.status == status
    assert sum(result.counts().values()) == len(severities)


def test_findings_sorted_by_severity_and_serialisable():
    plan = replace(GOOD_PLAN, steps=0, dangers=(), child_version=None)
    result = review(plan)
    order = [f.severity for f in result.findings]
    assert order == sorted(order, key=[CRITICAL, MAJOR, MINOR].index)
    data = [f.as_dict() for f in result.findings]
    assert {"code", "severity", "element", "field", "spans", "params"} <= set(data[0])


@pytest.mark.parametrize("module", ["data", "engine", "vague", "readability"])
def test_rule_modules_do_not_import_django(module):
    import importlib
    import inspect
    import re

    source = inspect.getsource(importlib.import_module(f"vangnet.review.{module}"))
    assert not re.search(r"^\s*(from|import)\s+(django|vangnet\.(?!review))", source, re.M)


# Per child, when the child's part is known (children is not None) ---------------------------


def _kid(name, *, old_enough=True, heard=True, story="approved"):
    from vangnet.review.data import ChildData

    return ChildData(f"child-{name}", name, old_enough, heard, story)


def child_codes(*kids):
    found = [f for f in review(replace(GOOD_PLAN, children=tuple(kids))).findings]
    return {
        f.code: f.params.get("children") for f in found if f.code.startswith(("child", "no_child"))
    }


def test_children_heard_and_with_an_approved_story_give_no_finding():
    assert child_codes(_kid("Sem"), _kid("Noor", old_enough=False, heard=False, story="none")) == {}


@pytest.mark.parametrize(
    "kid, code",
    [
        (_kid("Sem", heard=False), "children_not_heard"),
        (_kid("Sem", story="none"), "children_without_version"),
        (_kid("Sem", story="empty"), "children_without_version"),
        (_kid("Sem", story="not_approved"), "child_version_not_approved"),
        (_kid("Sem", story="changed"), "child_version_changed"),
    ],
)
def test_child_rule_names_the_child(kid, code):
    found = [f for f in review(replace(GOOD_PLAN, children=(kid,))).findings if f.code == code]
    assert len(found) == 1 and found[0].severity == MAJOR
    assert found[0].params["children"] == "Sem"


def test_children_of_one_kind_share_one_finding():
    codes_found = child_codes(_kid("Sem", story="none"), _kid("Lot", story="empty"), _kid("Bo"))
    assert codes_found == {"children_without_version": "Sem, Lot"}


def test_a_baby_needs_no_story_or_conversation():
    assert child_codes(_kid("Noor", old_enough=False, heard=False, story="none")) == {}


def test_with_children_known_the_snapshot_only_rules_are_not_used():
    plan = replace(GOOD_PLAN, mapping=GOOD_PLAN.mapping[:2], child_version=None, children=())
    assert not codes(plan) & {"child_view_missing", "child_version_not_recorded"}
