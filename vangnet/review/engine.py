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
    HarmData,
    PlanData,
    Review,
)
from vangnet.review.readability import JARGON_WORD, readability_hits
from vangnet.review.tense import content_lemmas, past_only_hits
from vangnet.review.vague import KINDS, says_when, tokenize, vague_hits

# An agreement whose "what" promises no observable act is vague whatever the other fields
# say (a named person in "who" does not make "er wordt opgelet" checkable): every kind is a
# major finding. Minor is kept for style points (B1 readability, a missing frequency).
VAGUE_SEVERITY = {
    "effort": MAJOR,
    "inner_state": MAJOR,
    "prohibition": MAJOR,
    "no_person": MAJOR,
    "no_measure": MAJOR,
    "no_action": MAJOR,
    "trigger": MAJOR,
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
        if hits:
            findings.append(
                Finding(f"vague_{kind}", VAGUE_SEVERITY[kind], a.id, "what", _spans(hits))
            )
    if not (a.network_people or a.professionals):
        findings.append(Finding("agreement_no_who", MAJOR, a.id, "who"))
    # "when" may stand in the text itself: "Oma belt elke avond om 19.00 uur".
    has_when = bool(a.when.strip()) or says_when(a.what) or says_when(a.how)
    if not has_when and a.situation in ("other", "stress"):
        findings.append(Finding("agreement_no_when", MAJOR, a.id, "when"))
    elif not has_when:
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


# A feared consequence that adds fewer new words than this to what happened only repeats it.
MIN_NEW_FEAR_WORDS = 1


def harm_findings(h: HarmData) -> list[Finding]:
    """A harm statement says what happened, not which label it has."""
    labels = _label_spans(h.what)
    if labels and len(tokenize(h.what)) - len(labels) < MIN_BEHAVIOUR_WORDS:
        return [Finding("harm_label_not_behaviour", MAJOR, h.id, "happened", labels)]
    return []


def _fear_findings(d: DangerData, harms: dict[str, HarmData]) -> list[Finding]:
    """The danger statement looks ahead: its feared consequence is not the harm retold."""
    if not d.fear.strip():
        return []
    past = past_only_hits(d.fear)
    if past:
        return [Finding("danger_restates_harm", MAJOR, d.id, "fear", _spans(past))]
    linked = [harms[h] for h in d.harms if h in harms]
    if linked:
        happened: set[str] = set()
        for h in linked:
            happened |= content_lemmas(f"{h.whose} {h.what} {h.impact} {h.how_often}")
        fear = content_lemmas(d.fear)
        if len(fear) >= 2 and len(fear - happened) < MIN_NEW_FEAR_WORDS:
            return [Finding("danger_repeats_harm", MINOR, d.id, "fear")]
    return []


def danger_findings(d: DangerData, harms: dict[str, HarmData] | None = None) -> list[Finding]:
    findings = _fear_findings(d, harms or {})
    past_behaviour = past_only_hits(d.behaviour) if d.behaviour else []
    if past_behaviour:
        findings.append(
            Finding("danger_behaviour_past", MINOR, d.id, "behaviour", _spans(past_behaviour))
        )
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
        parents = [name for name, kind in g.disputed_by if kind in ("parent", "caregiver")]
        if g.parents_agreed and parents:
            f.append(
                Finding(
                    "goal_agreed_but_disputed",
                    MAJOR,
                    g.id,
                    "disagreement",
                    params={"names": ", ".join(parents)},
                )
            )
    f += harm_link_findings(plan)
    f += warning_sign_findings(plan)
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


def harm_link_findings(plan: PlanData) -> list[Finding]:
    """Once harm statements are written, each danger statement says which harm it grows out of."""
    if not plan.harms:
        return []
    known = {h.id for h in plan.harms}
    return [
        Finding("danger_no_harm", MINOR, d.id, "harms")
        for d in plan.dangers
        if not set(d.harms) & known
    ]


def warning_sign_findings(plan: PlanData) -> list[Finding]:
    """Each danger statement has a warning sign the network watches for: its own, or one of
    an agreement that serves it. Not judged when the signs are not known (older versions)."""
    if plan.warning_signs is None:
        return []
    serves = {a.id: a.danger for a in plan.agreements}
    covered = {w.belongs_to for w in plan.warning_signs}
    covered |= {serves[w.belongs_to] for w in plan.warning_signs if serves.get(w.belongs_to)}
    return [
        Finding("danger_no_warning_sign", MINOR, d.id, "warning_signs")
        for d in plan.dangers
        if d.id not in covered
    ]


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
            explained = dict.fromkeys(f"{h.words.lower()}: {h.plain}" for h in hits)
            params["alternatives"] = "; ".join(explained)  # each word explained once
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
    """B1 checks on the texts parents read: harm and danger statements, goals, agreements,
    warning signs. Where the family wrote an element in plain language, the parents get
    that text instead of the professional one, so that is what is checked. What the family
    said in their own words elsewhere (quotes, disagreements) is not checked."""

    def checked(element, parts) -> list[Finding]:
        if element.plain.strip():
            return readability_findings(element.id, "plain", element.plain)
        found = []
        for part, text in parts:
            found += readability_findings(element.id, part, text)
        return found

    findings = []
    for h in plan.harms:
        findings += checked(h, (("happened", h.what), ("impact", h.impact)))
    for d in plan.dangers:
        findings += checked(d, (("sentence", d.text),))
    for g in plan.goals:
        findings += checked(g, (("text", g.text),))
    for a in plan.agreements:
        findings += checked(a, [(part, getattr(a, part)) for part in ("what", "how", "fallback")])
    for w in plan.warning_signs or ():
        findings += checked(w, (("sign", w.sign), ("response", w.response)))
    return findings


_ORDER = {CRITICAL: 0, MAJOR: 1, MINOR: 2}


def review(plan: PlanData) -> Review:
    findings = plan_findings(plan)
    harms = {h.id: h for h in plan.harms}
    for h in plan.harms:
        findings += harm_findings(h)
    for d in plan.dangers:
        findings += danger_findings(d, harms)
    for a in plan.agreements:
        findings += agreement_findings(a)
    findings += parent_text_findings(plan)
    findings.sort(key=lambda x: _ORDER[x.severity])  # stable: plan order within a severity
    return Review(tuple(findings))
