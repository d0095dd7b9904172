"""The agenda rules, table-driven, with time travel: the same family on different days."""

from datetime import date, timedelta

import pytest
import time_machine

from vangnet.meetings import engine
from vangnet.meetings.engine import FamilySignals, Referral, Thresholds, build_agenda

DAY = date(2026, 3, 10)
T = Thresholds()


def codes(signals, day=DAY, thresholds=T):
    found = engine.candidate(signals, day, thresholds)
    return [r.code for r in found.reasons] if found else []


RULES = [
    # (description, signals, day, thresholds, expected reason codes)
    ("nothing going on", FamilySignals(1, last_contact_on=DAY), DAY, T, []),
    (
        "due by cadence today",
        FamilySignals(1, review_due_on=DAY, last_contact_on=DAY),
        DAY,
        T,
        ["due"],
    ),
    (
        "due tomorrow is not due",
        FamilySignals(1, review_due_on=DAY + timedelta(days=1), last_contact_on=DAY),
        DAY,
        T,
        [],
    ),
    (
        "acute referral",
        FamilySignals(1, referrals=(Referral("acute", DAY),), last_contact_on=DAY),
        DAY,
        T,
        ["acute"],
    ),
    (
        "disclosure referral",
        FamilySignals(1, referrals=(Referral("disclosure", DAY),), last_contact_on=DAY),
        DAY,
        T,
        ["disclosure"],
    ),
    (
        "overdue actions",
        FamilySignals(1, overdue_actions=2, last_contact_on=DAY),
        DAY,
        T,
        ["overdue_actions"],
    ),
    (
        "VT feedback overdue since yesterday",
        FamilySignals(1, overdue_vt_feedback_since=DAY - timedelta(days=1), last_contact_on=DAY),
        DAY,
        T,
        ["vt_feedback_overdue"],
    ),
    (
        "VT referral and overdue feedback give one reason",
        FamilySignals(
            1,
            referrals=(Referral("vt_feedback_overdue", DAY),),
            overdue_vt_feedback_since=DAY - timedelta(days=3),
            last_contact_on=DAY,
        ),
        DAY,
        T,
        ["vt_feedback_overdue"],
    ),
    (
        "scaling dropped 2",
        FamilySignals(1, scaling=(6, 5, 4), last_contact_on=DAY),
        DAY,
        T,
        ["scaling_drop"],
    ),
    (
        "scaling dropped 1: stuck",
        FamilySignals(1, scaling=(5, 6, 5), last_contact_on=DAY),
        DAY,
        T,
        ["scaling_stuck"],
    ),
    (
        "scaling flat over 3",
        FamilySignals(1, scaling=(5, 5, 5), last_contact_on=DAY),
        DAY,
        T,
        ["scaling_stuck"],
    ),
    ("scaling improving", FamilySignals(1, scaling=(4, 5, 6), last_contact_on=DAY), DAY, T, []),
    (
        "two scores, flat: too few",
        FamilySignals(1, scaling=(5, 5), last_contact_on=DAY),
        DAY,
        T,
        [],
    ),
    (
        "two scores, dropped 3",
        FamilySignals(1, scaling=(7, 4), last_contact_on=DAY),
        DAY,
        T,
        ["scaling_drop"],
    ),
    (
        "drop threshold 3 per team: a drop of 2 is only stuck",
        FamilySignals(1, scaling=(6, 5, 4), last_contact_on=DAY),
        DAY,
        Thresholds(scaling_drop=3),
        ["scaling_stuck"],
    ),
    (
        "window 4 per team",
        FamilySignals(1, scaling=(5, 6, 7, 5), last_contact_on=DAY),
        DAY,
        Thresholds(scaling_window=4),
        ["scaling_drop"],
    ),
    (
        "contact exactly 21 days ago is fine",
        FamilySignals(1, last_contact_on=DAY - timedelta(days=21)),
        DAY,
        T,
        [],
    ),
    (
        "contact 22 days ago: drop-out risk",
        FamilySignals(1, last_contact_on=DAY - timedelta(days=22)),
        DAY,
        T,
        ["no_contact"],
    ),
    (
        "contact threshold 30 per team",
        FamilySignals(1, last_contact_on=DAY - timedelta(days=22)),
        DAY,
        Thresholds(no_contact_days=30),
        [],
    ),
    (
        "never a contact, opened long ago",
        FamilySignals(1, opened_on=DAY - timedelta(days=40)),
        DAY,
        T,
        ["no_contact"],
    ),
    (
        "never a contact, opened last week",
        FamilySignals(1, opened_on=DAY - timedelta(days=7)),
        DAY,
        T,
        [],
    ),
    (
        "plan evaluation overdue",
        FamilySignals(1, plan_evaluation_due_on=DAY - timedelta(days=1), last_contact_on=DAY),
        DAY,
        T,
        ["plan_evaluation_overdue"],
    ),
    (
        "plan evaluation today is not overdue",
        FamilySignals(1, plan_evaluation_due_on=DAY, last_contact_on=DAY),
        DAY,
        T,
        [],
    ),
    (
        "several reasons, most urgent first",
        FamilySignals(
            1,
            review_due_on=DAY,
            overdue_actions=1,
            referrals=(Referral("acute", DAY),),
            last_contact_on=DAY - timedelta(days=30),
        ),
        DAY,
        T,
        ["acute", "no_contact", "due", "overdue_actions"],
    ),
]


@pytest.mark.parametrize(
    ("signals", "day", "thresholds", "expected"),
    [r[1:] for r in RULES],
    ids=[r[0] for r in RULES],
)
def test_agenda_rules(signals, day, thresholds, expected):
    assert codes(signals, day, thresholds) == expected


# Time travel: one family's signals, seen from different meeting days.
FAMILY = FamilySignals(
    7,
    review_due_on=date(2026, 3, 17),
    last_contact_on=date(2026, 3, 2),
    plan_evaluation_due_on=date(2026, 3, 20),
)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 3, 10), []),
        (date(2026, 3, 17), ["due"]),
        (date(2026, 3, 21), ["due", "plan_evaluation_overdue"]),
        (date(2026, 3, 24), ["no_contact", "due", "plan_evaluation_overdue"]),
    ],
)
def test_same_family_on_later_days(today, expected):
    with time_machine.travel(today, tick=False):
        assert codes(FAMILY, date.today()) == expected


def test_ranking_capacity_and_overflow():
    families = [
        FamilySignals(1, review_due_on=DAY - timedelta(days=3), last_contact_on=DAY),
        FamilySignals(2, referrals=(Referral("acute", DAY),), last_contact_on=DAY),
        FamilySignals(3, review_due_on=DAY - timedelta(days=10), last_contact_on=DAY),
        FamilySignals(4, last_contact_on=DAY),  # nothing: not a candidate
        FamilySignals(5, scaling=(6, 4), review_due_on=DAY, last_contact_on=DAY),
        FamilySignals(6, overdue_actions=1, last_contact_on=DAY),
    ]
    agenda = build_agenda(families, DAY, Thresholds(capacity=3))
    assert [c.family_id for c in agenda.selected] == [2, 5, 3]
    # Equal scores: the family waiting longest for its review first.
    assert [c.family_id for c in agenda.not_fitting] == [1, 6]
    assert agenda.not_fitting[0].reasons[0].code == "due"


def test_default_capacity_is_five():
    families = [FamilySignals(i, review_due_on=DAY, last_contact_on=DAY) for i in range(1, 9)]
    agenda = build_agenda(families, DAY)
    assert len(agenda.selected) == 5
    assert len(agenda.not_fitting) == 3


def test_zero_capacity_lists_everyone_as_not_fitting():
    agenda = build_agenda([FamilySignals(1, review_due_on=DAY)], DAY, Thresholds(capacity=0))
    assert agenda.selected == ()
    assert [c.family_id for c in agenda.not_fitting] == [1]
