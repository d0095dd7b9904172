"""Reads about phases, measures and forensic examinations. open_protection logs exactly one
access-log entry (through vangnet.families.queries.open_family); the other functions read
without logging and are only called after it, or inside a page that logged its read (the
family page, the timeline)."""

from __future__ import annotations

from datetime import date

from django.db.models import Avg
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vangnet.audit.context import Actor
from vangnet.audit.models import AccessAction
from vangnet.families import queries as family_queries
from vangnet.families.access import FamilyAccess
from vangnet.protection import rules
from vangnet.protection.actions import PART, injury_signals, status_rows
from vangnet.protection.models import (
    ForensicExamination,
    MeasureKind,
    Phase,
    PhaseChange,
    PhaseState,
    ProtectiveMeasure,
)

RUNNING_MEASURES = (
    MeasureKind.RESTRAINING_ORDER,
    MeasureKind.PROVISIONAL_SUPERVISION,
    MeasureKind.SUPERVISION,
)


def open_protection(
    actor: Actor,
    pk,
    *,
    write: bool = False,
    object_type: str = "protection",
    object_id=None,
    action=AccessAction.READ,
) -> FamilyAccess:
    """Access check + one logged read of the family's phases and measures."""
    return family_queries.open_family(
        actor,
        pk,
        part=PART,
        write=write,
        object_type=object_type,
        object_id=object_id,
        action=action,
    )


# What the file already knows ---------------------------------------------------------------


def file_facts(
    family,
    day: date | None = None,
    *,
    measure_rows: list[ProtectiveMeasure] | None = None,
    injuries_pending: bool | None = None,
) -> rules.FileFacts:
    """What the file knows, for the suggestions. The overview passes the measures and
    pending injuries it shows anyway, so they are read once."""
    from vangnet.safety.models import (
        Evaluation,
        ImmediatePlan,
        PlanVersion,
        SafetyPerson,
        ScalingScore,
    )

    day = day or timezone.localdate()
    immediate = list(
        ImmediatePlan.objects.filter(family=family).values_list("ended_on", flat=True)[:50]
    )
    # The mean of the scores of the latest day, in one query.
    latest = (
        ScalingScore.objects.filter(plan__family=family, scored_on__lte=day)
        .values("scored_on")
        .annotate(mean=Avg("score"))
        .order_by("-scored_on")
        .first()
    )
    latest_score = round(latest["mean"]) if latest else None
    held = list(
        Evaluation.objects.filter(plan__family=family, held_on__isnull=False)
        .order_by("held_on", "id")
        .values_list("decision", flat=True)
    )
    if measure_rows is None:
        measure_rows = list(ProtectiveMeasure.objects.filter(family=family))
    if injuries_pending is None:
        injuries_pending = pending_injuries(family).exists()
    return rules.FileFacts(
        immediate_plan_open=any(ended is None for ended in immediate),
        immediate_plan_made=bool(immediate),
        plan_distributed=PlanVersion.objects.filter(
            plan__family=family, distributed_on__isnull=False
        ).exists(),
        latest_score=latest_score,
        evaluations_held=len(held),
        last_decision=held[-1] if held else "",
        measure_active=any(
            m.kind in RUNNING_MEASURES and m.is_active_on(day) for m in measure_rows
        ),
        safety_persons=SafetyPerson.objects.filter(
            plan__family=family, confirmed_on__isnull=False
        ).count(),
        forensic_pending=injuries_pending,
    )


def reason_text(code: str, facts: rules.FileFacts) -> str:
    score = facts.latest_score
    if code == "immediate_plan_open":
        return _("An immediate safety plan is in place.")
    if code == "immediate_plan_made":
        return _("An immediate safety plan was made.")
    if code == "measure_active":
        return _("A protective measure is running.")
    if code == "forensic_pending":
        return _("An injury has no decision on a forensic examination yet.")
    if code in ("score_low", "score_enough"):
        return _("The latest safety score is %(score)d out of 10.") % {"score": score}
    if code == "plan_distributed":
        return _("A version of the safety plan has been distributed.")
    if code == "evaluations_held":
        count = facts.evaluations_held
        return ngettext(
            "%(count)d evaluation of the plan held.",
            "%(count)d evaluations of the plan held.",
            count,
        ) % {"count": count}
    if code == "escalated":
        return _("The last evaluation decided to escalate.")
    if code == "score_high":
        return _("The last evaluation decided to continue the plan, with a score of %(score)d.") % {
            "score": score
        }
    if code == "safety_persons":
        count = facts.safety_persons
        return ngettext(
            "%(count)d confirmed safety person from the own network (a trusted adult?).",
            "%(count)d confirmed safety persons from the own network (trusted adults?).",
            count,
        ) % {"count": count}
    return code


def phases(family, facts: rules.FileFacts | None = None) -> list[dict]:
    """Each phase with its stored state and what Vangnet suggests from the file."""
    facts = facts or file_facts(family)
    suggestions = rules.suggest(facts)
    rows = status_rows(family)
    states = dict(PhaseState.choices)
    result = []
    for phase, label in Phase.choices:
        row = rows[phase]
        suggestion = suggestions[phase]
        result.append(
            {
                "phase": phase,
                "label": label,
                "status": row,
                "suggested": suggestion.state,
                "suggested_label": states.get(suggestion.state, ""),
                "differs": suggestion.state is not None and suggestion.state != row.state,
                "reasons": [reason_text(code, facts) for code in suggestion.reasons],
            }
        )
    return result


def phase_row(family, phase: str):
    if phase not in Phase.values:
        raise Http404
    return status_rows(family)[phase]


# Measures and examinations ------------------------------------------------------------------


def measures(family) -> list[ProtectiveMeasure]:
    rows = list(ProtectiveMeasure.objects.filter(family=family).select_related("person"))
    today = timezone.localdate()
    for row in rows:
        row.active = row.is_active_on(today)
        end = row.end
        row.ending_soon = bool(
            end and row.active and rules.ending_soon([(row.kind, end)], today, ending_days())
        )
    return rows


def ending_days() -> int:
    from django.conf import settings

    return getattr(settings, "MEASURE_ENDING_DAYS", rules.DEFAULT_ENDING_DAYS)


def measure_of(access: FamilyAccess, measure_pk) -> ProtectiveMeasure:
    row = (
        ProtectiveMeasure.objects.filter(pk=measure_pk, family=access.family)
        .select_related("person")
        .first()
    )
    if row is None:
        raise Http404
    return row


def forensic_examinations(family) -> list[ForensicExamination]:
    return list(ForensicExamination.objects.filter(family=family).select_related("child", "signal"))


def forensic_of(access: FamilyAccess, exam_pk) -> ForensicExamination:
    row = (
        ForensicExamination.objects.filter(pk=exam_pk, family=access.family)
        .select_related("child", "signal")
        .first()
    )
    if row is None:
        raise Http404
    return row


def pending_injuries(family):
    """Signals with an injury for which no decision on an examination is recorded."""
    return injury_signals(family).filter(forensic_examination__isnull=True)


def overview(family) -> dict:
    measure_rows = measures(family)
    injuries = list(pending_injuries(family))
    facts = file_facts(family, measure_rows=measure_rows, injuries_pending=bool(injuries))
    return {
        "phases": phases(family, facts),
        "measures": measure_rows,
        "examinations": forensic_examinations(family),
        "pending_injuries": injuries,
    }


# The family timeline (vangnet.meetings.signals.timeline_other_apps) --------------------------


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user is not None else "-"


def timeline_events(family_id: int) -> list[tuple[date, str, str, str]]:
    """(day, kind, code, text): phase changes, measures (start, end) and examinations."""
    states = dict(PhaseState.choices)
    labels = dict(Phase.choices)
    events: list[tuple[date, str, str, str]] = []
    for change in PhaseChange.objects.filter(family_id=family_id).select_related("decided_by"):
        text = _("%(phase)s: %(state)s (decided by %(who)s)") % {
            "phase": labels.get(change.phase, change.phase),
            "state": states.get(change.to_state, change.to_state),
            "who": _name(change.decided_by),
        }
        if change.note:
            text += f": {change.note}"
        events.append((change.decided_on, "protection", "phase", text))
    today = timezone.localdate()
    for m in ProtectiveMeasure.objects.filter(family_id=family_id).select_related("person"):
        label = m.get_kind_display()
        events.append((m.starts_on, "protection", "measure", f"{label}: {m.person}"))
        if m.end and m.end <= today:
            events.append(
                (m.end, "protection", "measure_ended", _("%(measure)s ended") % {"measure": label})
            )
    for exam in ForensicExamination.objects.filter(family_id=family_id):
        if exam.requested and exam.requested_on:
            events.append(
                (
                    exam.requested_on,
                    "protection",
                    "forensic",
                    _("Forensic medical examination asked for by %(who)s")
                    % {"who": exam.requested_by},
                )
            )
        if exam.examined_on:
            events.append(
                (
                    exam.examined_on,
                    "protection",
                    "forensic",
                    _("Forensic medical examination done: %(outcome)s")
                    % {"outcome": exam.outcome[:200] or "-"},
                )
            )
    return events
