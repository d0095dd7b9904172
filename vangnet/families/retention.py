"""How long a family file is kept, and destruction on request. Plain Python, no Django.

What the file *is* decides the term (the periods are settings, FAMILY_RETENTION; the
sources are in the README, "Terms and retention in law"):

- **Youth help** (jeugdhulp, voluntary or alongside a measure): Jeugdwet art. 7.3.8 -
  twenty years, counted from the last change to the file, or longer where the care of a
  good youth-care professional reasonably requires it.
- **Child-protection measure** carried out by a certified institution (GI: supervision
  order / ondertoezichtstelling, guardianship / voogdij): the Jeugdwet's twenty years
  after the last change, and a file of a supervision order or guardianship stays until
  thirty years after the child came of age (until the youngest child turns 48).
- **Veilig Thuis**: twenty years after the last change; longer, until the youngest child
  is 18, where that matters for a child-protection measure or for ending the abuse.

So a rule is a number of years after the last change and, optionally, an age the
youngest child of the file must have reached; the file is kept until the later of the two.

**Destruction on request** (Jeugdwet art. 7.3.9): a parent, or the child from the age of
12, may ask for the file (or part of it) to be destroyed before its term ends. It is
destroyed within three months of the request, unless keeping it is reasonably of
substantial interest to someone other than the requester, or a statutory rule forbids
destroying it. A request by a child under 12, or by a child of 12 or older who cannot
reasonably judge their interests in it, is not granted (a parent with authority or the
guardian may make it for them). A granted request for the whole file makes the date of
the decision the file's retention date.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

# Why the file is kept until its date.
LAST_CHANGE = "last_change"
CHILD_AGE = "child_age"
ON_REQUEST = "on_request"

# Who may ask (Jeugdwet art. 7.3.9; "ouder" as in art. 1.1 includes a caregiver who
# raises the child as part of the family).
REQUESTER_KINDS = ("child", "parent", "caregiver")
MIN_REQUEST_AGE = 12
ADULT_AGE = 18
DECISION_MONTHS = 3

GRANTED = "granted"
REFUSED = "refused"
# Refusal grounds: the two of art. 7.3.9 and the requester's capacity.
OTHERS_INTEREST = "others_interest"
LEGAL_DUTY = "legal_duty"
UNDER_12 = "under_12"
NOT_CAPABLE = "not_capable"
GROUNDS = (OTHERS_INTEREST, LEGAL_DUTY, UNDER_12, NOT_CAPABLE)


def add_years(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the last day of that month if it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


@dataclass(frozen=True)
class RetentionRule:
    years: int  # kept this long after the last change of the file
    until_age: int = 0  # and until the youngest child has reached this age (0: no such rule)
    basis: str = ""  # the legal basis, as shown to the user


@dataclass(frozen=True)
class Retention:
    keep_until: date
    ground: str  # LAST_CHANGE, CHILD_AGE or ON_REQUEST
    rule: RetentionRule
    last_change: date
    by_last_change: date
    by_child_age: date | None
    youngest_child_birth: date | None
    destruction_granted_on: date | None

    @property
    def child_age_unknown(self) -> bool:
        """The rule counts from a child's age, but no child's birth date is known."""
        return bool(self.rule.until_age) and self.youngest_child_birth is None


def retention(
    rule: RetentionRule,
    *,
    last_change: date,
    youngest_child_birth: date | None = None,
    destruction_granted_on: date | None = None,
) -> Retention:
    """Until when the file is kept, and why."""
    by_change = add_years(last_change, rule.years)
    by_age = None
    if rule.until_age and youngest_child_birth is not None:
        by_age = add_years(youngest_child_birth, rule.until_age)
    keep, ground = by_change, LAST_CHANGE
    if by_age is not None and by_age > by_change:
        keep, ground = by_age, CHILD_AGE
    if destruction_granted_on is not None and destruction_granted_on < keep:
        keep, ground = destruction_granted_on, ON_REQUEST
    return Retention(
        keep_until=keep,
        ground=ground,
        rule=rule,
        last_change=last_change,
        by_last_change=by_change,
        by_child_age=by_age,
        youngest_child_birth=youngest_child_birth,
        destruction_granted_on=destruction_granted_on,
    )


# Destruction on request ---------------------------------------------------------------------


def decision_due(received_on: date) -> date:
    """Jeugdwet art. 7.3.9: destroyed within three months of the request."""
    return add_months(received_on, DECISION_MONTHS)


def requester_problem(kind: str) -> str | None:
    """Only a parent or caregiver, or the child, can make the request."""
    return None if kind in REQUESTER_KINDS else "not_a_party"


def decision_problems(
    *,
    outcome: str,
    ground: str,
    reason: str,
    requester_kind: str,
    requester_age: int | None,
    received_on: date,
    decided_on: date,
    today: date,
) -> dict[str, str]:
    """What is wrong with a decision, per field (codes; empty when it is sound).

    requester_age is the requester's age on the day the request was received (None when
    the birth date is not known)."""
    problems: dict[str, str] = {}
    if outcome not in (GRANTED, REFUSED):
        problems["outcome"] = "outcome"
    if decided_on > today:
        problems["decided_on"] = "future"
    elif decided_on < received_on:
        problems["decided_on"] = "before_request"
    young_child = requester_kind == "child" and requester_age is not None
    under_12 = young_child and requester_age < MIN_REQUEST_AGE
    if outcome == GRANTED:
        if under_12:
            problems["outcome"] = "under_12"
        if ground:
            problems["refusal_ground"] = "ground_with_grant"
    elif outcome == REFUSED:
        if ground not in GROUNDS:
            problems["refusal_ground"] = "ground_required"
        elif ground == UNDER_12 and not under_12:
            problems["refusal_ground"] = "not_under_12"
        elif ground == NOT_CAPABLE and not (
            young_child and MIN_REQUEST_AGE <= requester_age < ADULT_AGE
        ):
            problems["refusal_ground"] = "not_a_minor_of_12"
        if not reason.strip():
            problems["reason"] = "reason_required"
    return problems
