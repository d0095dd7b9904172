"""The plan review: every rule of "what makes a plan weak" (DOMAIN.md section 2) as a plain
function over PlanData. Plain Python, no Django import, no ORM.
"""

from __future__ import annotations

from vangnet.review.data import (
    CRITICAL,
    MAJOR,
    MINOR,
    AgreementData,
    DangerData,
    Finding,
    PlanData,
    Review,
)
from vangnet.review.readability import JARGON_WORD, readability_hits
from vangnet.review.vague import KINDS, tokenize, vague_hits

VAGUE_SEVERITY = {
    "effort": MAJOR,
    "inner_state": MAJOR,
    "prohibition": MAJOR,
    "no_person": MAJOR,
    "no_measure": MINOR,
}
assert set(VAGUE_SEVERITY) == set(KINDS)

# Daily situations every plan should say something about (DOMAIN.md: morning, school,
# after school, evening, night, weekend); school is covered by "school" or "after school".
DAILY = ("morning", "after_school", "evening", "night", "weekend")
SCHOOL_LIKE = {"school", "after_school"}

# Labels that name a problem instead of describing a behaviour.
LABEL_WORDS = {
    "huiselijk",
    "geweld",
    "mishandeling",
    "kindermishandeling",
    "verwaarlozing",
    "problematiek",
    "problemen",
    "probleem",
    "zorgen",
    "opvoedingsonmacht",
    "onmacht",
    "spanningen",
    "escalaties",
    "agressie",
    "onveilig",
    "onveiligheid",
    "situatie",
    "thuissituatie",
    "gezinssituatie",
    "multiproblematiek",
    "conflicten",
}
# An observable behaviour has a verb the statement can be checked against.
MIN_BEHAVIOUR_WORDS = 3
MIN_IMPACT_WORDS = 4
IMPERSONAL_WHOSE = {"het gezin", "het systeem", "de thuissituatie", "men", "de situatie"}
MIN_FALLBACK_WORDS = 3


def _spans(hits) -> tuple[tuple[int, int, str], ...]:
    return tuple((h.start, h.end, h.words) for h in hits)


# --- agreements ----------------------------------------------------------------------------


def agreement_findings(a: AgreementData) -> list[Finding]:
    findings = []
    by_kind: dict[str, list] = {}
    for hit in vague_hits(a.what):
        by_kind.setdefault(hit.kind, []).append(hit)
    for kind in KINDS:
        hits = by_kind.get(kind)
        if not hits:
            continue
        if kind == "no_person" and a.network_people + a.professionals:
            # the who field names people: the impersonal words are a style issue only
            severity = MINOR
        else:
            severity = VAGUE_SEVERITY[kind]
        findings.append(Finding(f"vague_{kind}", severity, a.id, "what", _spans(hits)))
    if not (a.network_people or a.professionals):
        findings.append(Finding("agreement_no_who", MAJOR, a.id, "who"))
    if not a.when.strip() and a.situation in ("other", "stress"):
        findings.append(Finding("agreement_no_when", MAJOR, a.id, "when"))
    elif not a.when.strip():
        findings.append(Finding("agreement_no_when", MINOR, a.id, "when"))
    if len(tokenize(a.how)) < 2:
        findings.append(Finding("agreement_no_how", MAJOR, a.id, "how"))
    fallback_words = tokenize(a.fallback)
    if len(fallback_words) < MIN_FALLBACK_WORDS:
        findings.append(Finding("agreement_no_fallback", MAJOR, a.id, "fallback"))
    else:
        hits = [h for h in vague_hits(a.fallback) if h.kind in ("no_person", "effort")]
        if hits:
            findings.append(Finding("fallback_vague", MAJOR, a.id, "fallback", _spans(hits)))
    if not a.monitor.strip():
        findings.append(Finding("agreement_no_monitor", MAJOR, a.id, "monitor"))
    elif not a.frequency.strip():
        findings.append(Finding("agreement_no_frequency", MINOR, a.id, "frequency"))
    return findings


# --- danger statements ---------------------------------------------------------------------


def _label_spans(text: str) -> tuple[tuple[int, int, str], ...]:
    return tuple(
        (t.start, t.end, text[t.start : t.end]) for t in tokenize(text) if t.text in LABEL_WORDS
    )


def danger_findings(d: DangerData) -> list[Finding]:
    findings = []
    behaviour = d.behaviour or d.text
    labels = _label_spans(behaviour)
    if labels and len(tokenize(behaviour)) - len(labels) < MIN_BEHAVIOUR_WORDS:
        findings.append(Finding("danger_label_not_behaviour", CRITICAL, d.id, "behaviour", labels))
    elif labels:
        findings.append(Finding("danger_labels", MINOR, d.id, "behaviour", labels))
    whose = " ".join(d.whose.lower().split())
    if d.whose and (whose in IMPERSONAL_WHOSE or not _names_person(d.whose)):
        findings.append(Finding("danger_no_person", MAJOR, d.id, "whose"))
    if d.whose and not d.children:
        findings.append(Finding("danger_no_child", MAJOR, d.id, "children"))
    if d.whose and len(tokenize(d.impact)) < MIN_IMPACT_WORDS:
        findings.append(Finding("danger_no_impact", MAJOR, d.id, "impact"))
    return findings


# Kinship words that name a person ("vader", "moeder en haar vriend").
_KIN = {
    "vader",
    "moeder",
    "ouders",
    "stiefvader",
    "stiefmoeder",
    "opa",
    "oma",
    "oom",
    "tante",
    "broer",
    "zus",
    "pleegvader",
    "pleegmoeder",
}


def _names_person(whose: str) -> bool:
    words = {t.text for t in tokenize(whose)}
    return bool(words & _KIN) or any(w[:1].isupper() for w in whose.split())


# --- the plan ------------------------------------------------------------------------------


def plan_findings(plan: PlanData) -> list[Finding]:
    f: list[Finding] = []
    if not plan.dangers:
        f.append(Finding("no_danger_statement", CRITICAL))
    if not plan.goals:
        f.append(Finding("no_safety_goal", CRITICAL))
    for g in plan.goals:
        if not (g.parents_agreed and g.professionals_agreed):
            missing = [
                who
                for who, ok in (
                    ("parents", g.parents_agreed),
                    ("professionals", g.professionals_agreed),
                )
                if not ok
            ]
            f.append(Finding("goal_not_agreed", MAJOR, g.id, "agreed", params={"missing": missing}))
    if plan.confirmed_safety_persons < plan.required_safety_persons:
        f.append(
            Finding(
                "too_few_safety_persons",
                CRITICAL,
                params={
                    "confirmed": plan.confirmed_safety_persons,
                    "required": plan.required_safety_persons,
                },
            )
        )
    if not plan.agreements:
        f.append(Finding("no_agreements", CRITICAL))
    else:
        carried = [a for a in plan.agreements if a.network_people]
        if not carried:
            f.append(Finding("institution_plan", CRITICAL))
        elif len(carried) * 2 < len(plan.agreements):
            f.append(
                Finding(
                    "mostly_professionals",
                    MAJOR,
                    params={"network": len(carried), "total": len(plan.agreements)},
                )
            )
        situations = {a.situation for a in plan.agreements}
        missing = [
            s
            for s in DAILY
            if s not in situations and not (s == "after_school" and situations & SCHOOL_LIKE)
        ]
        if missing:
            f.append(Finding("situations_not_covered", MINOR, params={"situations": missing}))
        if "stress" not in situations:
            f.append(Finding("no_stress_agreement", CRITICAL))
    if not plan.steps:
        f.append(Finding("no_timeline", MAJOR))
    if plan.next_evaluation is False:
        f.append(Finding("no_next_evaluation", MAJOR))
    f += child_findings(plan)
    if plan.signed is not None:
        unsigned = [p for p in plan.professionals if p not in plan.signed]
        if unsigned:
            f.append(Finding("professionals_not_signed", MAJOR, params={"count": len(unsigned)}))
    categories = {m.category for m in plan.mapping}
    if not categories & {"strength", "existing_safety"}:
        f.append(Finding("no_strengths", MAJOR))
    if "exception" not in categories:
        f.append(Finding("no_exceptions", MINOR))
    return f


def child_findings(plan: PlanData) -> list[Finding]:
    """Is every child who can talk heard, and does each have a version they understand?"""
    if plan.children is None:  # the snapshot alone: only the mapping tells
        f = []
        if not any(m.contributor == "child" for m in plan.mapping):
            f.append(Finding("child_view_missing", MAJOR))
        if plan.child_version is None:
            f.append(Finding("child_version_not_recorded", MINOR))
        elif plan.child_version is False:
            f.append(Finding("no_child_version", MAJOR))
        return f
    f = []
    children = [c for c in plan.children if c.old_enough]
    unheard = [c.name for c in children if not c.view_recorded]
    if unheard:
        f.append(Finding("children_not_heard", MAJOR, params={"children": ", ".join(unheard)}))
    by_state: dict[str, list[str]] = {}
    for c in children:
        by_state.setdefault(c.story, []).append(c.name)
    for state, code in (
        ("none", "children_without_version"),
        ("empty", "children_without_version"),
        ("not_approved", "child_version_not_approved"),
        ("changed", "child_version_changed"),
    ):
        if by_state.get(state):
            existing = next((x for x in f if x.code == code), None)
            names = by_state[state]
            if existing is not None:
                f.remove(existing)
                names = [existing.params["children"], *names]
            f.append(Finding(code, MAJOR, params={"children": ", ".join(names)}))
    return f


# --- readability for parents (B1) ------------------------------------------------------------

READABILITY_SEVERITY = {
    "jargon": MAJOR,
    "long_sentence": MINOR,
    "long_word": MINOR,
    "rare_word": MINOR,
}


def readability_findings(element: str, part: str, text: str) -> list[Finding]:
    by_kind: dict[str, list] = {}
    for hit in readability_hits(text):
        by_kind.setdefault(hit.kind, []).append(hit)
    findings = []
    for kind, hits in by_kind.items():
        params = {}
        if kind == JARGON_WORD:
            params["alternatives"] = "; ".join(f"{h.words}: {h.plain}" for h in hits)
        findings.append(
            Finding(
                f"b1_{kind}",
                READABILITY_SEVERITY[kind],
                element,
                part,
                tuple((h.start, h.end, h.words) for h in hits),
                params,
            )
        )
    return findings


def parent_text_findings(plan: PlanData) -> list[Finding]:
    """B1 checks on the texts parents read: danger statements, goals, agreements."""
    findings = []
    for d in plan.dangers:
        findings += readability_findings(d.id, "sentence", d.text)
    for g in plan.goals:
        findings += readability_findings(g.id, "text", g.text)
    for a in plan.agreements:
        for part in ("what", "how", "fallback"):
            findings += readability_findings(a.id, part, getattr(a, part))
    return findings


_ORDER = {CRITICAL: 0, MAJOR: 1, MINOR: 2}


def review(plan: PlanData) -> Review:
    findings = plan_findings(plan)
    for d in plan.dangers:
        findings += danger_findings(d)
    for a in plan.agreements:
        findings += agreement_findings(a)
    findings += parent_text_findings(plan)
    findings.sort(key=lambda x: _ORDER[x.severity])  # stable: plan order within a severity
    return Review(tuple(findings))
