"""The agenda engine: which families the next safety meeting discusses, and why.

Pure Python over plain dataclasses, so it is tested without a database. The inputs are
gathered by vangnet.meetings.signals (one function per source).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# Reason codes. Weights decide the ranking: the higher the total, the more urgent.
ACUTE = "acute"
DISCLOSURE = "disclosure"
VT_FEEDBACK_OVERDUE = "vt_feedback_overdue"
VT_CLOSED = "vt_closed"
SCALING_DROP = "scaling_drop"
NO_CONTACT = "no_contact"
DUE = "due"
PLAN_EVALUATION_OVERDUE = "plan_evaluation_overdue"
IMMEDIATE_PLAN_OVERDUE = "immediate_plan_overdue"
NETWORK_CONCERN = "network_concern"
MEASURE_ENDING = "measure_ending"
OVERDUE_ACTIONS = "overdue_actions"
SCALING_STUCK = "scaling_stuck"
NOT_DISCUSSED = "not_discussed"
CHAIR = "chair"

WEIGHTS = {
    ACUTE: 100,
    DISCLOSURE: 90,
    # On the last agenda but marked "not discussed": it comes back before routine reviews.
    NOT_DISCUSSED: 65,
    VT_FEEDBACK_OVERDUE: 60,
    VT_CLOSED: 55,
    # A parent or safety person reported orange, red or a warning sign in the portal.
    NETWORK_CONCERN: 54,
    # The children live by a plan for a few days that nobody has looked at again.
    IMMEDIATE_PLAN_OVERDUE: 52,
    SCALING_DROP: 50,
    # A huisverbod or supervision order ends soon: what comes after must be discussed in time.
    MEASURE_ENDING: 48,
    NO_CONTACT: 45,
    DUE: 40,
    PLAN_EVALUATION_OVERDUE: 30,
    OVERDUE_ACTIONS: 25,
    SCALING_STUCK: 20,
}


@dataclass(frozen=True)
class Thresholds:
    capacity: int = 5
    no_contact_days: int = 21
    scaling_window: int = 3
    scaling_drop: int = 2
    measure_ending_days: int = 28


@dataclass(frozen=True)
class Referral:
    """A family marked for the next meeting (meldcode: acute danger, disclosure, VT)."""

    reason: str  # ACUTE, DISCLOSURE, VT_FEEDBACK_OVERDUE or VT_CLOSED
    raised_on: date


@dataclass(frozen=True)
class FamilySignals:
    family_id: int
    review_due_on: date | None = None  # by the family's cadence; None: not under review
    referrals: tuple[Referral, ...] = ()
    overdue_actions: int = 0
    overdue_vt_feedback_since: date | None = None  # earliest feedback due date passed
    scaling: tuple[int, ...] = ()  # the last scores, oldest first
    last_contact_on: date | None = None
    plan_evaluation_due_on: date | None = None  # next planned evaluation not yet held
    opened_on: date | None = None
    not_discussed_on: date | None = None  # on a held meeting's agenda, marked not discussed
    immediate_plan_review_on: date | None = None  # review date of the open immediate plan
    network_concern_since: date | None = None  # first portal concern not yet discussed
    measure_ends: tuple[tuple[str, date], ...] = ()  # (kind, end) of protective measures


@dataclass(frozen=True)
class Reason:
    code: str
    params: dict = field(default_factory=dict)

    @property
    def weight(self) -> int:
        return WEIGHTS.get(self.code, 0)

    def as_dict(self) -> dict:
        return {"code": self.code, "params": self.params}


@dataclass(frozen=True)
class Candidate:
    family_id: int
    reasons: tuple[Reason, ...]
    score: int
    sort_date: date


@dataclass(frozen=True)
class Agenda:
    selected: tuple[Candidate, ...]
    not_fitting: tuple[Candidate, ...]  # candidates beyond capacity, most urgent first


def _iso(day: date) -> str:
    return day.isoformat()


def scaling_reasons(scores: tuple[int, ...], thresholds: Thresholds) -> list[Reason]:
    """Dropped by scaling_drop or more points, or not improved over the last N scores."""
    window = max(2, thresholds.scaling_window)
    recent = scores[-window:]
    if len(recent) < 2:
        return []
    if max(recent[:-1]) - recent[-1] >= thresholds.scaling_drop:
        return [Reason(SCALING_DROP, {"from": max(recent[:-1]), "to": recent[-1]})]
    if len(recent) == window and recent[-1] <= recent[0]:
        return [Reason(SCALING_STUCK, {"scores": list(recent)})]
    return []


def reasons_for(signals: FamilySignals, day: date, thresholds: Thresholds) -> list[Reason]:
    reasons: list[Reason] = []
    for code in (ACUTE, DISCLOSURE, VT_CLOSED, VT_FEEDBACK_OVERDUE):
        raised = [r.raised_on for r in signals.referrals if r.reason == code]
        vt_since = signals.overdue_vt_feedback_since
        if code == VT_FEEDBACK_OVERDUE and vt_since and vt_since < day:
            raised.append(vt_since)
        if raised:
            reasons.append(Reason(code, {"since": _iso(min(raised))}))
    if signals.not_discussed_on is not None and signals.not_discussed_on < day:
        reasons.append(Reason(NOT_DISCUSSED, {"meeting": _iso(signals.not_discussed_on)}))
    reasons.extend(scaling_reasons(signals.scaling, thresholds))
    if signals.last_contact_on is None:
        if signals.opened_on and (day - signals.opened_on).days > thresholds.no_contact_days:
            reasons.append(Reason(NO_CONTACT, {"days": None}))
    elif (day - signals.last_contact_on).days > thresholds.no_contact_days:
        reasons.append(
            Reason(
                NO_CONTACT,
                {
                    "days": (day - signals.last_contact_on).days,
                    "last": _iso(signals.last_contact_on),
                },
            )
        )
    if signals.review_due_on is not None and signals.review_due_on <= day:
        reasons.append(Reason(DUE, {"due": _iso(signals.review_due_on)}))
    if signals.plan_evaluation_due_on is not None and signals.plan_evaluation_due_on < day:
        reasons.append(
            Reason(PLAN_EVALUATION_OVERDUE, {"due": _iso(signals.plan_evaluation_due_on)})
        )
    review_on = signals.immediate_plan_review_on
    if review_on is not None and review_on < day:
        reasons.append(Reason(IMMEDIATE_PLAN_OVERDUE, {"due": _iso(review_on)}))
    window = max(0, thresholds.measure_ending_days)
    ending = sorted(
        (end, kind) for kind, end in signals.measure_ends if 0 <= (end - day).days <= window
    )
    if ending:
        end, kind = ending[0]
        reasons.append(Reason(MEASURE_ENDING, {"kind": kind, "ends": _iso(end)}))
    concern_since = signals.network_concern_since
    if concern_since is not None and concern_since <= day:
        reasons.append(Reason(NETWORK_CONCERN, {"since": _iso(concern_since)}))
    if signals.overdue_actions:
        reasons.append(Reason(OVERDUE_ACTIONS, {"count": signals.overdue_actions}))
    return reasons


def candidate(signals: FamilySignals, day: date, thresholds: Thresholds) -> Candidate | None:
    reasons = reasons_for(signals, day, thresholds)
    if not reasons:
        return None
    reasons.sort(key=lambda r: -r.weight)
    # Among equals, the family that has waited longest for its review goes first.
    sort_date = signals.review_due_on or signals.opened_on or day
    return Candidate(signals.family_id, tuple(reasons), sum(r.weight for r in reasons), sort_date)


def build_agenda(
    families: list[FamilySignals] | tuple[FamilySignals, ...],
    day: date,
    thresholds: Thresholds | None = None,
) -> Agenda:
    """Rank every family with a reason; the first `capacity` make the agenda."""
    thresholds = thresholds or Thresholds()
    found = rank(families, day, thresholds)
    capacity = max(0, thresholds.capacity)
    return Agenda(tuple(found[:capacity]), tuple(found[capacity:]))


# Keeping a planned agenda up to date ----------------------------------------------------------


@dataclass(frozen=True)
class Placed:
    """A family already on a planned agenda (or taken off it by the chair)."""

    family_id: int
    removed: bool
    reasons: tuple[dict, ...]  # as stored: [{"code": ..., "params": {...}}]


@dataclass(frozen=True)
class AgendaUpdate:
    added: tuple[Candidate, ...]  # newly qualifying families that fit, most urgent first
    changed: dict  # family id -> its reasons now (a list of dicts; empty: no reason left)
    not_fitting: tuple[Candidate, ...]  # qualifying, not on the agenda, no room

    @property
    def empty(self) -> bool:
        return not self.added and not self.changed


def rank(families, day: date, thresholds: Thresholds) -> list[Candidate]:
    """Every family with a reason, most urgent first (the order build_agenda uses)."""
    found = [c for c in (candidate(s, day, thresholds) for s in families) if c is not None]
    found.sort(key=lambda c: (-c.score, c.sort_date, c.family_id))
    return found


def update_agenda(placed, ranked, capacity: int) -> AgendaUpdate:
    """What changes on a planned agenda now that the reasons may have changed.

    Nothing already there is taken off: not what the chair added, not what was generated
    earlier, not what the chair took off (that family stays off; its reasons are updated so
    the chair sees when something new comes up). Families that newly qualify are added in
    order of urgency while the agenda has room; the others are listed as not fitting.
    """
    by_family = {p.family_id: p for p in placed}
    now = {c.family_id: [r.as_dict() for r in c.reasons] for c in ranked}
    changed = {}
    for family_id, item in by_family.items():
        reasons = now.get(family_id, [])
        if list(item.reasons) != reasons:
            changed[family_id] = reasons
    room = max(0, capacity - sum(1 for p in placed if not p.removed))
    newcomers = [c for c in ranked if c.family_id not in by_family]
    return AgendaUpdate(tuple(newcomers[:room]), changed, tuple(newcomers[room:]))


# Phased review cadence --------------------------------------------------------------------------


def phase_ends(discussions: int, later_after: int | None, later_interval: int | None) -> bool:
    """A phased cadence moves on to its later interval once the family has been discussed
    `later_after` times under it ("every two weeks until six meetings, then every four")."""
    return bool(later_after and later_interval and discussions >= later_after)
