"""The pure rules of the phases and the measures (no database)."""

from datetime import date
from pathlib import Path

import pytest

from vangnet.protection import rules
from vangnet.protection.rules import FileFacts, MeasureFacts

D = date(2026, 3, 2)


def test_rules_module_imports_no_django():
    source = Path(rules.__file__).read_text()
    assert "from django" not in source and "import django" not in source


@pytest.mark.parametrize(
    ("facts", "state"),
    [
        (FileFacts(), None),
        (FileFacts(immediate_plan_open=True, immediate_plan_made=True), rules.WORKING),
        (FileFacts(immediate_plan_made=True), rules.WORKING),
        (FileFacts(measure_active=True), rules.WORKING),
        (FileFacts(forensic_pending=True), rules.WORKING),
        (FileFacts(plan_distributed=True), rules.REACHED),
        (FileFacts(plan_distributed=True, latest_score=6), rules.REACHED),
        (FileFacts(plan_distributed=True, latest_score=3), rules.WORKING),
        (FileFacts(plan_distributed=True, immediate_plan_open=True), rules.WORKING),
        (FileFacts(plan_distributed=True, forensic_pending=True), rules.WORKING),
    ],
)
def test_short_term_suggestion(facts, state):
    assert rules.suggest_short_term(facts).state == state


def test_short_term_reasons_name_what_the_file_knows():
    s = rules.suggest_short_term(FileFacts(plan_distributed=True, latest_score=7))
    assert s.reasons == ("plan_distributed", "score_enough")


@pytest.mark.parametrize(
    ("facts", "state"),
    [
        (FileFacts(), None),
        (FileFacts(plan_distributed=True), rules.WORKING),
        (
            FileFacts(
                plan_distributed=True, evaluations_held=2, last_decision="continue", latest_score=8
            ),
            rules.REACHED,
        ),
        (
            FileFacts(
                plan_distributed=True, evaluations_held=2, last_decision="continue", latest_score=7
            ),
            rules.WORKING,
        ),
        (
            FileFacts(
                plan_distributed=True,
                evaluations_held=2,
                last_decision="continue",
                latest_score=9,
                measure_active=True,
            ),
            rules.WORKING,
        ),
        (
            FileFacts(
                plan_distributed=True, evaluations_held=1, last_decision="escalate", latest_score=9
            ),
            rules.WORKING,
        ),
    ],
)
def test_long_term_suggestion(facts, state):
    assert rules.suggest_long_term(facts).state == state


def test_recovery_is_never_suggested_only_hinted():
    assert rules.suggest_recovery(FileFacts(safety_persons=2)) == rules.Suggestion(
        None, ("safety_persons",)
    )
    assert rules.suggest(FileFacts())[rules.RECOVERY].state is None


@pytest.mark.parametrize(
    ("old", "new", "back"),
    [
        ("not_started", "working", False),
        ("working", "reached", False),
        ("reached", "working", True),
        ("working", "not_started", True),
        ("reached", "reached", False),
    ],
)
def test_step_back(old, new, back):
    assert rules.is_step_back(old, new) is back


def test_default_ends():
    assert rules.default_end(rules.RESTRAINING_ORDER, D) == date(2026, 3, 12)
    assert rules.default_end(rules.PROVISIONAL_SUPERVISION, D) == date(2026, 6, 2)
    assert rules.default_end(rules.SUPERVISION, D) == date(2027, 3, 2)
    assert rules.default_end(rules.GUARDIANSHIP, D) is None
    assert rules.add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)


def _check(kind, **values):
    values.setdefault("person_is_child", kind in rules.CHILD_MEASURES)
    values.setdefault("has_institution", True)
    return rules.check_measure(MeasureFacts(kind=kind, starts_on=D, **values))


def test_restraining_order_ten_days_extended_to_four_weeks_at_most():
    assert _check(rules.RESTRAINING_ORDER, ends_on=date(2026, 3, 12)) == {}
    assert _check(rules.RESTRAINING_ORDER, ends_on=date(2026, 3, 13)) == {
        "ends_on": "restraining_order_too_long"
    }
    ok = _check(rules.RESTRAINING_ORDER, ends_on=date(2026, 3, 12), extended_to=date(2026, 3, 30))
    assert ok == {}
    too_long = _check(
        rules.RESTRAINING_ORDER, ends_on=date(2026, 3, 12), extended_to=date(2026, 3, 31)
    )
    assert too_long == {"extended_to": "restraining_order_max"}
    before = _check(
        rules.RESTRAINING_ORDER, ends_on=date(2026, 3, 12), extended_to=date(2026, 3, 5)
    )
    assert before == {"extended_to": "extension_before_end"}


def test_supervision_orders():
    assert _check(rules.PROVISIONAL_SUPERVISION, ends_on=date(2026, 6, 2)) == {}
    assert _check(rules.PROVISIONAL_SUPERVISION, ends_on=date(2026, 6, 3)) == {
        "ends_on": "provisional_too_long"
    }
    assert _check(rules.SUPERVISION, ends_on=date(2027, 3, 3)) == {
        "ends_on": "supervision_too_long"
    }
    assert _check(rules.SUPERVISION, ends_on=date(2027, 3, 2), extended_to=date(2028, 3, 2)) == {}
    assert _check(rules.SUPERVISION, ends_on=None) == {"ends_on": "end_needed"}
    assert _check(rules.SUPERVISION, ends_on=date(2027, 1, 1), person_is_child=False) == {
        "person": "child_needed"
    }
    assert _check(rules.SUPERVISION, ends_on=date(2027, 1, 1), has_institution=False) == {
        "institution": "institution_needed"
    }


def test_guardianship_has_no_end_needed_and_no_extension():
    assert _check(rules.GUARDIANSHIP) == {}
    assert _check(rules.GUARDIANSHIP, ends_on=date(2030, 1, 1), extended_to=date(2031, 1, 1)) == {
        "extended_to": "no_extension"
    }


def test_ending_soon_window_is_inclusive_and_sorted():
    ends = [("supervision", date(2026, 3, 30)), ("restraining_order", date(2026, 3, 10))]
    assert rules.ending_soon(ends, D, 28) == [
        ("restraining_order", date(2026, 3, 10)),
        ("supervision", date(2026, 3, 30)),
    ]
    assert rules.ending_soon(ends, D, 27) == [("restraining_order", date(2026, 3, 10))]
    assert rules.ending_soon([("supervision", date(2026, 3, 1))], D, 28) == []
