"""Rules of the three phases of help and of protective measures. Plain Python, no Django.

Seed 003 (NJi, "Samen werken aan veiligheid en herstel"): help after child abuse works in
three overlapping phases - short-term safety (stop the violence, protect), long-term
(stable) safety (risk assessment, help plan) and recovery (trauma screening and treatment,
a trusted adult). The professional sets each phase's state; Vangnet suggests one from what
the file already knows, with its reasons, and never sets it by itself.

Protective measures: a tijdelijk huisverbod lasts 10 days and the mayor can extend it to at
most 4 weeks in all (Wet tijdelijk huisverbod); a voorlopige ondertoezichtstelling at most
3 months; an ondertoezichtstelling at most a year per decision (art. 1:258 and 1:260 BW),
extended by the court a year at a time; guardianship (voogdij) runs until the child is 18.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

# Phases and states (the codes the models and the API use).
SHORT_TERM = "short_term"
LONG_TERM = "long_term"
RECOVERY = "recovery"
PHASES = (SHORT_TERM, LONG_TERM, RECOVERY)

NOT_STARTED = "not_started"
WORKING = "working"
REACHED = "reached"
STATES = (NOT_STARTED, WORKING, REACHED)

# Kinds of protective measure.
RESTRAINING_ORDER = "restraining_order"  # tijdelijk huisverbod
PROVISIONAL_SUPERVISION = "provisional_supervision"  # voorlopige ondertoezichtstelling
SUPERVISION = "supervision"  # ondertoezichtstelling
GUARDIANSHIP = "guardianship"  # voogdij
MEASURE_KINDS = (RESTRAINING_ORDER, PROVISIONAL_SUPERVISION, SUPERVISION, GUARDIANSHIP)
CHILD_MEASURES = (PROVISIONAL_SUPERVISION, SUPERVISION, GUARDIANSHIP)

RESTRAINING_ORDER_DAYS = 10
RESTRAINING_ORDER_MAX_DAYS = 28  # with the extension: four weeks in all
PROVISIONAL_SUPERVISION_MONTHS = 3
SUPERVISION_MONTHS = 12
DEFAULT_ENDING_DAYS = 28

# A safety score from which the child counts as safe enough for now (0-10), and from which
# stable safety may be in sight.
SHORT_TERM_SCORE = 5
LONG_TERM_SCORE = 8


def is_step_back(old: str, new: str) -> bool:
    """A phase set back (reached -> working, working -> not started): say why."""
    return STATES.index(new) < STATES.index(old)


# Suggestions --------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileFacts:
    """What the file knows that bears on the phases (gathered by protection.queries)."""

    immediate_plan_open: bool = False
    immediate_plan_made: bool = False  # any immediate plan, open or ended
    plan_distributed: bool = False  # a version of the safety plan was distributed/active
    latest_score: int | None = None  # mean of the latest scoring day
    evaluations_held: int = 0
    last_decision: str = ""  # continue, adjust, escalate ("" when none held)
    measure_active: bool = False  # a huisverbod or (provisional) supervision order runs
    safety_persons: int = 0  # confirmed safety persons from the own network
    forensic_pending: bool = False  # an injury without a recorded decision on an examination


@dataclass(frozen=True)
class Suggestion:
    state: str | None  # None: the file says nothing about this phase
    reasons: tuple[str, ...] = field(default_factory=tuple)  # codes, oldest fact first


def suggest_short_term(f: FileFacts) -> Suggestion:
    reasons: list[str] = []
    low = f.latest_score is not None and f.latest_score < SHORT_TERM_SCORE
    if f.immediate_plan_open:
        reasons.append("immediate_plan_open")
    if f.measure_active:
        reasons.append("measure_active")
    if f.forensic_pending:
        reasons.append("forensic_pending")
    if low:
        reasons.append("score_low")
    if f.plan_distributed:
        reasons.append("plan_distributed")
        if not (f.immediate_plan_open or f.forensic_pending or low):
            if f.latest_score is not None:
                reasons.append("score_enough")
            return Suggestion(REACHED, tuple(reasons))
        return Suggestion(WORKING, tuple(reasons))
    if f.immediate_plan_open or f.immediate_plan_made or f.measure_active or f.forensic_pending:
        if f.immediate_plan_made and not f.immediate_plan_open:
            reasons.append("immediate_plan_made")
        return Suggestion(WORKING, tuple(reasons))
    return Suggestion(None, tuple(reasons))


def suggest_long_term(f: FileFacts) -> Suggestion:
    if not f.plan_distributed:
        return Suggestion(None, ())
    reasons = ["plan_distributed"]
    if f.evaluations_held:
        reasons.append("evaluations_held")
    if f.last_decision == "escalate":
        reasons.append("escalated")
        return Suggestion(WORKING, tuple(reasons))
    high = f.latest_score is not None and f.latest_score >= LONG_TERM_SCORE
    if f.evaluations_held and f.last_decision == "continue" and high and not f.measure_active:
        reasons.append("score_high")
        return Suggestion(REACHED, tuple(reasons))
    return Suggestion(WORKING, tuple(reasons))


def suggest_recovery(f: FileFacts) -> Suggestion:
    """Trauma screening and treatment are not in the file: only a hint, never a state."""
    reasons = ("safety_persons",) if f.safety_persons else ()
    return Suggestion(None, reasons)


def suggest(f: FileFacts) -> dict[str, Suggestion]:
    return {
        SHORT_TERM: suggest_short_term(f),
        LONG_TERM: suggest_long_term(f),
        RECOVERY: suggest_recovery(f),
    }


# Protective measures ------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    year, month0 = divmod(day.month - 1 + months, 12)
    year += day.year
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month0 + 1, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def default_end(kind: str, starts_on: date) -> date | None:
    if kind == RESTRAINING_ORDER:
        return starts_on + timedelta(days=RESTRAINING_ORDER_DAYS)
    if kind == PROVISIONAL_SUPERVISION:
        return add_months(starts_on, PROVISIONAL_SUPERVISION_MONTHS)
    if kind == SUPERVISION:
        return add_months(starts_on, SUPERVISION_MONTHS)
    return None


def effective_end(ends_on: date | None, extended_to: date | None) -> date | None:
    return extended_to or ends_on


@dataclass(frozen=True)
class MeasureFacts:
    kind: str
    starts_on: date
    ends_on: date | None = None
    extended_to: date | None = None
    person_is_child: bool = False
    has_institution: bool = False


def check_measure(m: MeasureFacts) -> dict[str, str]:
    """Problems per field, as codes (the actions turn them into sentences)."""
    errors: dict[str, str] = {}
    if m.kind in CHILD_MEASURES and not m.person_is_child:
        errors["person"] = "child_needed"
    if m.kind in (PROVISIONAL_SUPERVISION, SUPERVISION, GUARDIANSHIP) and not m.has_institution:
        errors["institution"] = "institution_needed"
    if m.kind != GUARDIANSHIP and m.ends_on is None:
        errors["ends_on"] = "end_needed"
    if m.ends_on is not None and m.ends_on <= m.starts_on:
        errors["ends_on"] = "end_before_start"
    elif m.ends_on is not None:
        if m.kind == RESTRAINING_ORDER and m.ends_on > m.starts_on + timedelta(
            days=RESTRAINING_ORDER_DAYS
        ):
            errors["ends_on"] = "restraining_order_too_long"
        if m.kind == PROVISIONAL_SUPERVISION and m.ends_on > add_months(
            m.starts_on, PROVISIONAL_SUPERVISION_MONTHS
        ):
            errors["ends_on"] = "provisional_too_long"
        if m.kind == SUPERVISION and m.ends_on > add_months(m.starts_on, SUPERVISION_MONTHS):
            errors["ends_on"] = "supervision_too_long"
    if m.extended_to is not None:
        if m.kind == GUARDIANSHIP:
            errors["extended_to"] = "no_extension"
        elif m.ends_on is not None and m.extended_to <= m.ends_on:
            errors["extended_to"] = "extension_before_end"
        elif m.kind == RESTRAINING_ORDER and m.extended_to > m.starts_on + timedelta(
            days=RESTRAINING_ORDER_MAX_DAYS
        ):
            errors["extended_to"] = "restraining_order_max"
        elif (
            m.kind == SUPERVISION
            and m.ends_on is not None
            and m.extended_to > add_months(m.ends_on, SUPERVISION_MONTHS)
        ):
            errors["extended_to"] = "supervision_extension_too_long"
        elif m.kind == PROVISIONAL_SUPERVISION:
            errors["extended_to"] = "no_extension"
    return errors


def is_active(ends_on: date | None, extended_to: date | None, starts_on: date, day: date) -> bool:
    end = effective_end(ends_on, extended_to)
    return starts_on <= day and (end is None or day <= end)


def ending_soon(
    ends: list[tuple[str, date]] | tuple[tuple[str, date], ...], day: date, window: int
) -> list[tuple[str, date]]:
    """The measures whose (effective) end falls within `window` days from `day` (inclusive),
    soonest first: the safety meeting must look at what comes after, in time."""
    found = [(kind, end) for kind, end in ends if day <= end <= day + timedelta(days=window)]
    return sorted(found, key=lambda item: (item[1], item[0]))
