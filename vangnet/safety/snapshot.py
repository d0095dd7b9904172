"""The plan's content as a snapshot (JSON): what a version freezes, prints and compares.

Texts are stored as the document reads (in Dutch, the language of the families), so a
version prints and compares the same years later, whatever changed in the file since.
"""

from __future__ import annotations

from django.core.cache import cache
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from vangnet.safety.models import SafetyPlan, Situation
from vangnet.safety.sentences import danger_sentence

DRAFT_SNAPSHOT_SECONDS = 24 * 3600

# Format 2 added harm statements, the harm statements a danger statement grows out of, who
# does not agree with a danger statement or goal, and the warning signs. A format-1 snapshot
# simply lacks those keys: every reader treats a missing key as "nothing recorded".
# Format 3 added what the family's documents are made from, so that they are frozen with the
# version: each element's text in plain language (field "plain"), the names the family uses
# ("names": key -> name, how the child and the parents call them, phone; items point at them
# with "person", "who", "monitor", "handover") and the child's part ("children": per child the
# stories with whether they were approved then, the own safety rules, the "if ... then ..."
# signs and the helpers). Older snapshots lack these keys; the readers (safety.outputs) fall
# back to the texts they do have.
FORMAT = 3

SECTIONS = (
    "harm_statements",
    "danger_statements",
    "goals",
    "mapping",
    "bottom_lines",
    "safety_persons",
    "agreements",
    "warning_signs",
    "steps",
)


def _date(day) -> str:
    return formats.date_format(day, "j F Y") if day else ""


def _user(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def _person(person) -> str:
    if person is None:
        return ""
    return f"{person.full_name} ({person.relation})" if person.relation else person.full_name


def _names(people) -> str:
    return ", ".join(p.first_name for p in people)


def disagreement_rows(rows, ref=None) -> list[dict]:
    """Who does not agree, in their own words (structured, for the family's documents)."""
    return [
        {
            "name": _person(d.person),
            **({"person": ref(d.person)} if ref else {}),
            "kind": d.person.kind,
            "text": d.text,
            "said_on": _date(d.recorded_on),
            "parents_see": d.parents_see,
        }
        for d in rows
    ]


def disagreement_text(rows: list[dict]) -> str:
    hidden = " (" + _("not in the parents' version") + ")"
    return "\n".join(
        _('%(person)s (%(date)s): "%(text)s"')
        % {"person": r["name"], "date": r["said_on"], "text": r["text"]}
        + ("" if r["parents_see"] else hidden)
        for r in rows
    )


def plan_snapshot(plan: SafetyPlan) -> dict:
    """The draft as it is now, built from the rows: what a new version freezes."""
    from vangnet.safety.queries import bottom_line_states

    with translation.override("nl"):
        return _build(plan, bottom_line_states)


def draft_snapshot_key(plan: SafetyPlan) -> str:
    """What the draft's snapshot is built from (see draft_snapshot)."""
    return ":".join(
        (
            str(plan.pk),
            str(plan.version),
            plan.family.updated_at.isoformat(),
            timezone.localdate().isoformat(),
        )
    )


def draft_snapshot(plan: SafetyPlan) -> dict:
    """The draft's snapshot for pages that show it (diff, review), kept between requests.

    Every change to the draft bumps plan.version and every change in the file (people,
    partners) moves family.updated_at, and the snapshot depends on the date (whose agreement
    it is today): together they name what the snapshot was built from, so a stored one
    is never stale and needs no invalidation. Freezing a version never uses it.
    """
    key = "draft-snapshot:" + draft_snapshot_key(plan)
    snapshot = cache.get(key)
    if snapshot is None:
        snapshot = plan_snapshot(plan)
        cache.set(key, snapshot, DRAFT_SNAPSHOT_SECONDS)
    return snapshot


class _Names:
    """The people a snapshot names, by key: how the family calls them, and their phone."""

    def __init__(self):
        self.rows: dict[str, dict] = {}

    def person(self, person) -> str:
        if person is None:
            return ""
        key = f"person-{person.pk}"
        self.rows.setdefault(
            key,
            {
                "name": person.full_name,
                "first_name": person.first_name,
                "child": person.child_name,
                "parents": person.parents_name,
                "phone": person.phone,
                "kind": person.kind,
            },
        )
        return key

    def user(self, user) -> str:
        if user is None:
            return ""
        key = f"user-{user.pk}"
        name = _user(user)
        self.rows.setdefault(
            key,
            {
                "name": name,
                "first_name": user.first_name or name,
                "child": user.first_name or name,
                "parents": name,
                "phone": "",
                "kind": "professional",
            },
        )
        return key


def family_documents(snapshot: dict | None) -> dict:
    """What of a snapshot only the family's documents show (compared for a new version)."""
    snapshot = snapshot or {}
    return {"names": snapshot.get("names"), "children": snapshot.get("children")}


def _build(plan: SafetyPlan, bottom_line_states) -> dict:
    from vangnet.safety.child import frozen_children

    family = plan.family
    today = timezone.localdate()
    names = _Names()
    harms = list(plan.harms.prefetch_related("children"))
    disagreements = list(plan.disagreements.select_related("person"))
    dangers = list(plan.dangers.prefetch_related("children", "harms"))
    goals = list(plan.goals.select_related("danger"))
    agreements = list(
        plan.agreements.select_related(
            "monitor_person", "monitor_user", "handover_to", "danger", "goal"
        ).prefetch_related("people", "professionals")
    )
    signs = list(plan.warning_signs.prefetch_related("people", "professionals"))
    safety_persons = list(plan.safety_persons.select_related("person"))
    harm_no = {h.pk: i for i, h in enumerate(harms, start=1)}
    danger_no = {d.pk: i for i, d in enumerate(dangers, start=1)}
    goal_no = {g.pk: i for i, g in enumerate(goals, start=1)}
    agreement_no = {a.pk: i for i, a in enumerate(agreements, start=1)}
    sections: dict[str, list] = {name: [] for name in SECTIONS}
    for h in harms:
        sections["harm_statements"].append(
            {
                "id": f"harm-{h.pk}",
                "title": f"{_('Harm statement')} {harm_no[h.pk]}",
                "fields": {
                    "whose": h.whose,
                    "happened": h.what,
                    "children": _names(h.children.all()),
                    "how_often": h.how_often,
                    "impact": h.impact,
                    "source": h.source,
                    "plain": h.plain,
                },
            }
        )
    for d in dangers:
        sentence = danger_sentence(
            d.whose,
            d.behaviour,
            d.situations,
            [c.first_name for c in d.children.all()],
            d.impact,
            d.fear,
        )
        linked = sorted((h for h in d.harms.all() if h.pk in harm_no), key=lambda h: harm_no[h.pk])
        against = disagreement_rows((x for x in disagreements if x.danger_id == d.pk), names.person)
        sections["danger_statements"].append(
            {
                "id": f"danger-{d.pk}",
                "title": f"{_('Danger statement')} {danger_no[d.pk]}",
                "harm_ids": [f"harm-{h.pk}" for h in linked],
                "disagreements": against,
                "fields": {
                    "sentence": sentence,
                    "harms": ", ".join(f"{_('Harm statement')} {harm_no[h.pk]}" for h in linked),
                    "disagreement": disagreement_text(against),
                    "plain": d.plain,
                },
            }
        )
    for g in goals:
        against = disagreement_rows((x for x in disagreements if x.goal_id == g.pk), names.person)
        sections["goals"].append(
            {
                "id": f"goal-{g.pk}",
                "title": f"{_('Safety goal')} {goal_no[g.pk]}",
                "disagreements": against,
                "fields": {
                    "text": g.text,
                    "danger": f"{_('Danger statement')} {danger_no[g.danger_id]}"
                    if g.danger_id in danger_no
                    else "",
                    "parents_agreed_on": _date(g.parents_agreed_on),
                    "professionals_agreed_on": _date(g.professionals_agreed_on),
                    "gi_agreed_on": _date(g.gi_agreed_on),
                    "disagreement": disagreement_text(against),
                    "plain": g.plain,
                },
            }
        )
    for m in plan.mapping.all():
        sections["mapping"].append(
            {
                "id": f"mapping-{m.pk}",
                "title": m.text[:80],
                "fields": {
                    "column": str(m.get_category_display()),
                    "text": m.text,
                    "contributor": " - ".join(
                        x for x in (str(m.get_contributor_kind_display()), m.contributor_name) if x
                    ),
                    "recorded_on": _date(m.recorded_on),
                },
            }
        )
    for line, state in bottom_line_states(plan):
        sections["bottom_lines"].append(
            {
                "id": f"bottom-{line.pk}",
                "title": line.text[:80],
                "fields": {
                    "text": line.text,
                    "met": _("met") if state.met else _("not met"),
                    "plain": line.plain,
                },
            }
        )
    for sp in safety_persons:
        sections["safety_persons"].append(
            {
                "id": f"safety-person-{sp.pk}",
                "title": sp.person.full_name,
                "person": names.person(sp.person),
                "confirmed": sp.confirmed_on is not None,
                "fields": {
                    "person": _person(sp.person),
                    "role": sp.role,
                    "confirmed_on": _date(sp.confirmed_on) or _("not yet confirmed"),
                    "phone": sp.person.phone,
                    "plain": sp.plain,
                },
            }
        )
    for a in agreements:
        who = [_person(p) for p in a.people.all()] + [_user(u) for u in a.professionals.all()]
        monitor = _person(a.monitor_person) or _user(a.monitor_user)
        handover = ""
        if a.handover_to_id and a.handover_on:
            handover = _("%(person)s from %(date)s") % {
                "person": _person(a.handover_to),
                "date": _date(a.handover_on),
            }
        serves = ", ".join(
            x
            for x in (
                f"{_('Danger statement')} {danger_no[a.danger_id]}"
                if a.danger_id in danger_no
                else "",
                f"{_('Safety goal')} {goal_no[a.goal_id]}" if a.goal_id in goal_no else "",
            )
            if x
        )
        sections["agreements"].append(
            {
                "id": f"agreement-{a.pk}",
                "title": a.what[:80],
                "situation": a.situation,
                "danger": f"danger-{a.danger_id}" if a.danger_id in danger_no else "",
                "who": [names.person(p) for p in a.people.all()]
                + [names.user(u) for u in a.professionals.all()],
                "monitor": names.person(a.monitor_person) or names.user(a.monitor_user),
                "handover": names.person(a.handover_to) if handover else "",
                "handover_on": _date(a.handover_on) if handover else "",
                "when": a.when,
                "fields": {
                    "who": ", ".join(who),
                    "what": a.what,
                    "situation": str(Situation(a.situation).label)
                    + (f": {a.when}" if a.when else ""),
                    "how": a.how,
                    "fallback": a.fallback,
                    "monitor": monitor,
                    "frequency": a.frequency,
                    "handover": handover,
                    "serves": serves,
                    "plain": a.plain,
                },
            }
        )
    for w in signs:
        if w.danger_id in danger_no:
            belongs = f"{_('Danger statement')} {danger_no[w.danger_id]}"
            target = f"danger-{w.danger_id}"
        else:
            number = agreement_no.get(w.agreement_id)
            what = next((a.what for a in agreements if a.pk == w.agreement_id), "")
            belongs = f"{_('Safety agreement')} {number}: {what[:80]}" if number else ""
            target = f"agreement-{w.agreement_id}"
        who = [_person(p) for p in w.people.all()] + [_user(u) for u in w.professionals.all()]
        sections["warning_signs"].append(
            {
                "id": f"sign-{w.pk}",
                "title": w.sign[:80],
                "belongs_to": target,
                "who": [names.person(p) for p in w.people.all()]
                + [names.user(u) for u in w.professionals.all()],
                "fields": {
                    "belongs_to": belongs,
                    "sign": w.sign,
                    "response": w.response,
                    "who": ", ".join(who),
                    "child_words": w.child_words,
                    "plain": w.plain,
                },
            }
        )
    for s in plan.steps.all():
        sections["steps"].append(
            {
                "id": f"step-{s.pk}",
                "title": s.text[:80],
                "fields": {
                    "text": s.text,
                    "target_on": _date(s.target_on),
                    "done_on": _date(s.done_on),
                    "plain": s.plain,
                },
            }
        )
    return {
        "format": FORMAT,
        "family": {"reference": family.reference, "name": family.name},
        "made_on": today.isoformat(),
        "sections": sections,
        "signers": signers(plan, safety_persons, agreements, signs),
        "children": frozen_children(plan, safety_persons, names.person),
        "names": names.rows,
    }


def signers(plan, safety_persons, agreements, signs=()) -> list[dict]:
    """Parents and caregivers (with authority or at home), each safety person, and each
    professional in the plan (agreements, warning signs) - the case worker always."""
    result: dict[str, dict] = {}
    for p in plan.family.people.filter(kind__in=["parent", "caregiver"]):
        if p.custody == "yes" or p.lives_in_household:
            result[f"person-{p.pk}"] = {
                "key": f"person-{p.pk}",
                "name": p.full_name,
                "role": p.relation or _("Parent"),
            }
    for sp in safety_persons:
        result.setdefault(
            f"person-{sp.person_id}",
            {
                "key": f"person-{sp.person_id}",
                "name": sp.person.full_name,
                "role": _("Safety person"),
            },
        )
    users = [plan.family.case_worker]
    for a in agreements:
        users += list(a.professionals.all())
        if a.monitor_user is not None:
            users.append(a.monitor_user)
    for w in signs:
        users += list(w.professionals.all())
    for u in users:
        # The role the family knows them by: the coach is the coach, others their discipline.
        role = (
            _("Coach of the family")
            if u.pk == plan.family.case_worker_id
            else u.get_discipline_display()
        )
        result.setdefault(f"user-{u.pk}", {"key": f"user-{u.pk}", "name": _user(u), "role": role})
    return list(result.values())
