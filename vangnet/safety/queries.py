"""Reads of safety plans. open_plan logs exactly one access-log entry (through
vangnet.families.queries.open_family); the other functions read without logging and are
only called after it."""

from __future__ import annotations

from collections import OrderedDict

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from vangnet.audit.context import Actor
from vangnet.audit.models import AccessAction
from vangnet.families import queries as family_queries
from vangnet.families.access import FamilyAccess
from vangnet.safety import chart, rules
from vangnet.safety.models import (
    Agreement,
    BottomLine,
    Disagreement,
    ImmediatePlan,
    MappingColumn,
    PlanVersion,
    SafetyPlan,
    Situation,
    VersionStatus,
    WarningSign,
)
from vangnet.safety.sentences import danger_sentence

PART = "safety_plan"

MARKER_NAMES = {
    "circle": _lazy("filled circle, solid line"),
    "square": _lazy("square, dashed line"),
    "triangle": _lazy("triangle, dotted line"),
    "diamond": _lazy("diamond, dash-dot line"),
    "cross": _lazy("cross, fine dotted line"),
    "ring": _lazy("open circle, long dashes"),
}


def open_plan(
    actor: Actor,
    pk,
    *,
    write: bool = False,
    object_type="safety_plan",
    object_id=None,
    part: str = PART,
    action=AccessAction.READ,
) -> FamilyAccess:
    """Access check + one logged read of the family's safety plan."""
    return family_queries.open_family(
        actor,
        pk,
        part=part,
        write=write,
        object_type=object_type,
        object_id=object_id,
        action=action,
    )


def plan_of(access: FamilyAccess) -> SafetyPlan | None:
    plan = SafetyPlan.objects.filter(family=access.family).first()
    if plan is not None:
        plan.family = access.family  # loaded with the access check: no second query
    return plan


def _agreement_facts(agreements) -> list[rules.AgreementFacts]:
    return [
        rules.AgreementFacts(
            has_who=bool(a.people.all() or a.professionals.all()),
            has_monitor=bool(a.monitor_person_id or a.monitor_user_id),
            has_fallback=bool(a.fallback.strip()),
            situation=a.situation,
        )
        for a in agreements
    ]


def bottom_line_states(
    plan: SafetyPlan, agreements=None
) -> list[tuple[BottomLine, rules.BottomLineState]]:
    if agreements is None:
        agreements = list(plan.agreements.prefetch_related("people", "professionals"))
    confirmed = plan.safety_persons.filter(
        confirmed_on__isnull=False, person__kind__in=["network", "other", "caregiver"]
    ).count()
    facts = _agreement_facts(agreements)
    return [
        (
            line,
            rules.bottom_line_state(
                line.kind,
                number=line.number,
                done_on=line.done_on,
                met_manually=line.met_manually,
                confirmed_safety_persons=confirmed,
                agreements=facts,
            ),
        )
        for line in plan.bottom_lines.all()
    ]


def participant_label(score) -> str:
    if score.person_id:
        p = score.person
        relation = p.relation.split(",")[0].split("(")[0].strip()
        return f"{p.first_name} ({relation})" if relation else p.first_name
    u = score.user
    return u.get_full_name() or u.username


def scores_in_order(plan: SafetyPlan) -> list:
    return list(plan.scores.select_related("person", "user").order_by("scored_on", "id"))


def scaling_series(plan: SafetyPlan, scores: list | None = None) -> list[dict]:
    """Everyone's scores over time: [{key, label, points: [{date, score, reason}]}].
    scores: scores_in_order(plan), when the caller has them already."""
    series: OrderedDict[str, dict] = OrderedDict()
    for score in scores if scores is not None else scores_in_order(plan):
        entry = series.setdefault(
            score.participant_key,
            {"key": score.participant_key, "label": participant_label(score), "points": []},
        )
        entry["points"].append(
            {"date": score.scored_on, "score": score.score, "reason": score.reason}
        )
    return list(series.values())


def scaling_chart(series: list[dict]) -> str:
    data = [
        chart.Series(s["label"], tuple((p["date"], p["score"]) for p in s["points"]))
        for s in series
    ]
    latest = "; ".join(f"{s['label']}: {s['points'][-1]['score']}" for s in series if s["points"])
    texts = {
        "title": _("Safety scale over time (0 = unsafe, 10 = safe enough to close)"),
        "description": _("Latest scores: %(scores)s. The table next to the chart has all scores.")
        % {"scores": latest or "-"},
        "date_format": lambda d: formats.date_format(d, "SHORT_DATE_FORMAT"),
    }
    # Two drawings of the same chart: the CSS shows the narrow one on a phone.
    return chart.scaling_svg(data, **texts) + chart.compact_scaling_svg(data, **texts)


def warning_signs(plan: SafetyPlan, dangers=(), agreements=()) -> list[WarningSign]:
    """The plan's warning signs, each also set on its danger statement or agreement (.signs),
    numbered as the plan numbers them (.belongs_label)."""
    signs = list(plan.warning_signs.prefetch_related("people", "professionals"))
    danger_no = {d.pk: n for n, d in enumerate(dangers, start=1)}
    agreement_no = {a.pk: n for n, a in enumerate(agreements, start=1)}
    for owner in [*dangers, *agreements]:
        owner.signs = []
    by_danger = {d.pk: d for d in dangers}
    by_agreement = {a.pk: a for a in agreements}
    for w in signs:
        if w.danger_id:
            owner, label = by_danger.get(w.danger_id), _("Danger statement")
            number = danger_no.get(w.danger_id)
        else:
            owner, label = by_agreement.get(w.agreement_id), _("Safety agreement")
            number = agreement_no.get(w.agreement_id)
        w.belongs_label = f"{label} {number}" if number else ""
        w.belongs_anchor = f"danger-{w.danger_id}" if w.danger_id else f"agreement-{w.agreement_id}"
        if owner is not None:
            owner.signs.append(w)
    return signs


def _attach_disagreements(plan: SafetyPlan, dangers, goals) -> None:
    rows = list(Disagreement.objects.filter(plan=plan).select_related("person"))
    for d in dangers:
        d.against = [x for x in rows if x.danger_id == d.pk]
    for g in goals:
        g.against = [x for x in rows if x.goal_id == g.pk]


def plan_page(access: FamilyAccess) -> dict:
    """Everything the plan page shows, in a bounded number of queries."""
    family = access.family
    plan = plan_of(access)
    context = {"family": family, "access": access, "plan": plan, "today": timezone.localdate()}
    if plan is None:
        return context
    today = context["today"]
    people = list(family.people.all())
    agreements = list(
        plan.agreements.select_related(
            "monitor_person", "monitor_user", "handover_to", "danger", "goal"
        ).prefetch_related("people", "professionals")
    )
    harms = list(plan.harms.prefetch_related("children"))
    harm_no = {h.pk: n for n, h in enumerate(harms, start=1)}
    by_pk = {h.pk: h for h in harms}
    dangers = list(plan.dangers.prefetch_related("children", "harms"))
    for h in harms:
        h.danger_links = []  # [(number, pk)] of the danger statements that grow out of it
    for n, d in enumerate(dangers, start=1):
        d.sentence = danger_sentence(
            d.whose,
            d.behaviour,
            d.situations,
            [c.first_name for c in d.children.all()],
            d.impact,
            d.fear,
        )
        d.harm_links = sorted((harm_no[h.pk], h.pk) for h in d.harms.all() if h.pk in harm_no)
        for _number, pk in d.harm_links:
            by_pk[pk].danger_links.append((n, d.pk))
    goals = list(plan.goals.select_related("danger"))
    _attach_disagreements(plan, dangers, goals)
    for a in agreements:
        a.current_monitor = a.monitor_on(today)
    signs = warning_signs(plan, dangers, agreements)
    mapping = list(plan.mapping.all())
    columns = [
        {"key": key, "label": label, "items": [m for m in mapping if m.column == key]}
        for key, label in MappingColumn.choices
    ]
    series = scaling_series(plan)
    versions = list(plan.versions.prefetch_related("signoffs", "distributions"))
    latest = versions[0] if versions else None
    active = next((v for v in versions if v.status == VersionStatus.ACTIVE), None)
    from vangnet.safety.snapshot import draft_snapshot

    draft = draft_snapshot(plan)  # shared by the version diff and the review
    draft_changed = None
    if latest is not None:
        from vangnet.safety.diff import diff_snapshots

        draft_changed = diff_snapshots(latest.snapshot, draft)
    evaluations = list(plan.evaluations.prefetch_related("reviews", "scores"))
    context.update(
        people=people,
        columns=columns,
        harms=harms,
        dangers=dangers,
        goals=goals,
        warning_signs=signs,
        safety_persons=list(plan.safety_persons.select_related("person")),
        bottom_lines=bottom_line_states(plan, agreements),
        agreements=agreements,
        steps=list(plan.steps.all()),
        series=series,
        chart_svg=scaling_chart(series) if series else "",
        score_rows=[
            {
                "label": s["label"],
                "marker_name": MARKER_NAMES[chart.style(i)["marker"]],
                "points": s["points"],
            }
            for i, s in enumerate(series)
        ],
        versions=versions,
        latest=latest,
        active=active,
        draft_changes=draft_changed,
        draft_snapshot=draft,
        evaluations=evaluations,
        next_evaluation=next(
            (e for e in evaluations if e.held_on is None and e.scheduled_on >= today), None
        ),
    )
    return context


def grouped_agreements(plan: SafetyPlan) -> list[dict]:
    agreements = list(
        plan.agreements.select_related(
            "monitor_person", "monitor_user", "handover_to", "danger", "goal"
        ).prefetch_related("people", "professionals")
    )
    today = timezone.localdate()
    warning_signs(plan, (), agreements)
    groups = []
    for key, label in Situation.choices:
        rows = [a for a in agreements if a.situation == key]
        for a in rows:
            a.current_monitor = a.monitor_on(today)
        groups.append({"key": key, "label": label, "agreements": rows})
    return groups


def family_summary(family) -> dict | None:
    """What the family page shows about the plan (no log entry: the family page logged)."""
    plan = SafetyPlan.objects.filter(family=family).first()
    if plan is None:
        return None
    versions = list(plan.versions.order_by("-number")[:5])
    active = next((v for v in versions if v.status == VersionStatus.ACTIVE), None)
    scores = scores_in_order(plan)
    series = scaling_series(plan, scores)
    latest_score = scores[-1] if scores else None
    next_eval = (
        plan.evaluations.filter(held_on__isnull=True, scheduled_on__gte=timezone.localdate())
        .order_by("scheduled_on")
        .first()
    )
    return {
        "plan": plan,
        "latest": versions[0] if versions else None,
        "active": active,
        "latest_score": latest_score,
        "latest_score_label": participant_label(latest_score) if latest_score else "",
        "next_evaluation": next_eval,
        "agreements": Agreement.objects.filter(plan=plan).count(),
        # Everyone's scores over time, on the family page too: the trend is central.
        "chart_svg": scaling_chart(series) if series else "",
    }


def version_of(access: FamilyAccess, version_pk) -> PlanVersion:
    from django.http import Http404

    version = (
        PlanVersion.objects.filter(pk=version_pk, plan__family=access.family)
        .select_related("plan", "created_by")
        .first()
    )
    if version is None:
        raise Http404
    return version


# The immediate safety plan ------------------------------------------------------------------------


def current_immediate_plan(family) -> ImmediatePlan | None:
    """The family's open immediate plan (no log entry: the page it is on logged its read)."""
    return ImmediatePlan.objects.filter(family=family, ended_on__isnull=True).first()


def immediate_plans(family) -> list[ImmediatePlan]:
    """Every immediate plan of the family, newest first (ended ones stay, read-only)."""
    return list(
        ImmediatePlan.objects.filter(family=family)
        .select_related("replaced_by", "created_by", "ended_by")
        .order_by("-made_on", "-id")
    )


def immediate_plan_of(access: FamilyAccess, immediate_pk) -> ImmediatePlan:
    from django.http import Http404

    plan = (
        ImmediatePlan.objects.filter(pk=immediate_pk, family=access.family)
        .select_related("replaced_by", "created_by", "ended_by", "renews")
        .first()
    )
    if plan is None:
        raise Http404
    plan.family = access.family
    return plan
