"""The plain retention rules (vangnet.families.retention) and the installation's rules read
from the settings (vangnet.families.policy)."""

import ast
import inspect
from datetime import date

import pytest

from vangnet.families import policy, retention
from vangnet.families.retention import RetentionRule

YOUTH_HELP = RetentionRule(years=20, basis="Jeugdwet art. 7.3.8")
CHILD_PROTECTION = RetentionRule(years=20, until_age=48, basis="Jeugdwet art. 7.3.8")
VEILIG_THUIS = RetentionRule(years=20, until_age=18, basis="Wmo 2015")


def test_the_module_does_not_import_django():
    tree = ast.parse(inspect.getsource(retention))
    names = [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    ] + [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    assert not any(name.startswith("django") or name.startswith("vangnet") for name in names)


def test_youth_help_twenty_years_after_the_last_change():
    kept = retention.retention(YOUTH_HELP, last_change=date(2026, 3, 10))
    assert kept.keep_until == date(2046, 3, 10)
    assert kept.ground == retention.LAST_CHANGE
    assert kept.by_child_age is None and not kept.child_age_unknown


def test_the_children_do_not_count_for_youth_help():
    kept = retention.retention(
        YOUTH_HELP, last_change=date(2026, 3, 10), youngest_child_birth=date(2025, 1, 1)
    )
    assert kept.keep_until == date(2046, 3, 10)


def test_child_protection_until_the_youngest_child_turns_48():
    kept = retention.retention(
        CHILD_PROTECTION, last_change=date(2026, 3, 10), youngest_child_birth=date(2016, 3, 1)
    )
    assert kept.keep_until == date(2064, 3, 1)
    assert kept.ground == retention.CHILD_AGE
    assert kept.by_last_change == date(2046, 3, 10)


def test_the_later_date_wins():
    # A young adult's file changed late: 20 years after the change is later than age 48.
    kept = retention.retention(
        CHILD_PROTECTION, last_change=date(2060, 1, 1), youngest_child_birth=date(2016, 3, 1)
    )
    assert kept.keep_until == date(2080, 1, 1)
    assert kept.ground == retention.LAST_CHANGE


def test_veilig_thuis_until_18_binds_only_when_later():
    kept = retention.retention(
        VEILIG_THUIS, last_change=date(2026, 3, 10), youngest_child_birth=date(2026, 1, 1)
    )
    assert kept.keep_until == date(2046, 3, 10)  # 20 years after the change is later than 18
    rule_of_ten = RetentionRule(years=10, until_age=18)
    kept = retention.retention(
        rule_of_ten, last_change=date(2026, 3, 10), youngest_child_birth=date(2026, 1, 1)
    )
    assert kept.keep_until == date(2044, 1, 1) and kept.ground == retention.CHILD_AGE


def test_without_a_child_the_age_rule_cannot_apply():
    kept = retention.retention(CHILD_PROTECTION, last_change=date(2026, 3, 10))
    assert kept.keep_until == date(2046, 3, 10)
    assert kept.child_age_unknown


def test_a_granted_request_brings_the_date_forward():
    kept = retention.retention(
        CHILD_PROTECTION,
        last_change=date(2026, 3, 10),
        youngest_child_birth=date(2016, 3, 1),
        destruction_granted_on=date(2026, 4, 1),
    )
    assert kept.keep_until == date(2026, 4, 1)
    assert kept.ground == retention.ON_REQUEST


def test_leap_days():
    assert retention.add_years(date(2024, 2, 29), 20) == date(2044, 2, 29)
    assert retention.add_years(date(2024, 2, 29), 21) == date(2045, 2, 28)
    kept = retention.retention(YOUTH_HELP, last_change=date(2028, 2, 29))
    assert kept.keep_until == date(2048, 2, 29)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2026, 1, 15), date(2026, 4, 15)),
        (date(2026, 11, 30), date(2027, 2, 28)),  # February is shorter
        (date(2027, 11, 30), date(2028, 2, 29)),
        (date(2026, 12, 2), date(2027, 3, 2)),
    ],
)
def test_three_months_to_decide_and_destroy(received, due):
    assert retention.decision_due(received) == due


def test_who_may_ask():
    assert retention.requester_problem("child") is None
    assert retention.requester_problem("parent") is None
    assert retention.requester_problem("caregiver") is None
    assert retention.requester_problem("network") == "not_a_party"
    assert retention.requester_problem("other") == "not_a_party"


def decide(**changes):
    values = {
        "outcome": retention.GRANTED,
        "ground": "",
        "reason": "",
        "requester_kind": "parent",
        "requester_age": None,
        "received_on": date(2026, 11, 2),
        "decided_on": date(2026, 11, 20),
        "today": date(2026, 12, 2),
    }
    return retention.decision_problems(**{**values, **changes})


def test_a_sound_grant_and_refusal():
    assert decide() == {}
    assert decide(requester_kind="child", requester_age=12) == {}
    refusal = {"outcome": retention.REFUSED, "reason": "Nodig voor de lopende OTS."}
    for ground in (retention.OTHERS_INTEREST, retention.LEGAL_DUTY):
        assert decide(ground=ground, **refusal) == {}
    child_of_9 = {"requester_kind": "child", "requester_age": 9}
    assert decide(ground=retention.UNDER_12, **child_of_9, **refusal) == {}
    assert (
        decide(ground=retention.NOT_CAPABLE, requester_kind="child", requester_age=13, **refusal)
        == {}
    )


@pytest.mark.parametrize(
    ("changes", "problems"),
    [
        ({"outcome": "maybe"}, {"outcome": "outcome"}),
        ({"requester_kind": "child", "requester_age": 11}, {"outcome": "under_12"}),
        ({"ground": retention.LEGAL_DUTY}, {"refusal_ground": "ground_with_grant"}),
        ({"decided_on": date(2026, 12, 3)}, {"decided_on": "future"}),
        ({"decided_on": date(2026, 11, 1)}, {"decided_on": "before_request"}),
        (
            {"outcome": retention.REFUSED},
            {"refusal_ground": "ground_required", "reason": "reason_required"},
        ),
        (
            {"outcome": retention.REFUSED, "ground": retention.OTHERS_INTEREST, "reason": "  "},
            {"reason": "reason_required"},
        ),
        (
            {"outcome": retention.REFUSED, "ground": retention.UNDER_12, "reason": "x"},
            {"refusal_ground": "not_under_12"},
        ),
        (
            {
                "outcome": retention.REFUSED,
                "ground": retention.UNDER_12,
                "reason": "x",
                "requester_kind": "child",
                "requester_age": 12,
            },
            {"refusal_ground": "not_under_12"},
        ),
        (
            {"outcome": retention.REFUSED, "ground": retention.NOT_CAPABLE, "reason": "x"},
            {"refusal_ground": "not_a_minor_of_12"},
        ),
        (
            {
                "outcome": retention.REFUSED,
                "ground": retention.NOT_CAPABLE,
                "reason": "x",
                "requester_kind": "child",
                "requester_age": 18,
            },
            {"refusal_ground": "not_a_minor_of_12"},
        ),
    ],
)
def test_unsound_decisions(changes, problems):
    assert decide(**changes) == problems


# The installation's rules --------------------------------------------------------------------


def test_default_rules_per_kind(settings):
    assert policy.retention_rule("youth_help") == RetentionRule(20, 0, "Jeugdwet art. 7.3.8")
    assert policy.retention_rule("child_protection") == RetentionRule(20, 48, "Jeugdwet art. 7.3.8")
    assert policy.retention_rule("veilig_thuis") == RetentionRule(20, 18, "Wmo 2015 (Veilig Thuis)")
    assert settings.FAMILY_RETENTION_YEARS == 20


def test_rules_come_from_the_settings(settings):
    settings.FAMILY_RETENTION = {
        **settings.FAMILY_RETENTION,
        "veilig_thuis": {"years": 15, "until_age": 18, "basis": "Wmo 2015 art. x"},
    }
    assert policy.retention_rule("veilig_thuis") == RetentionRule(15, 18, "Wmo 2015 art. x")
