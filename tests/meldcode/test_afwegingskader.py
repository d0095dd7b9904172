"""The afwegingskader as an exact decision procedure: every answer path, table-driven."""

import itertools

import pytest

from vangnet.meldcode import afwegingskader as ak

Y, N = True, False

F, VT, EV = ak.FIRST, ak.WITH_VEILIG_THUIS, ak.EVALUATION

# (stage, answers, outcome, asked path, next question): every path of every stage.
PATHS = [
    (F, {}, None, (), 1),
    (F, {1: N}, ak.CLOSE, (1,), None),
    (F, {1: Y}, None, (1,), 2),
    (F, {1: Y, 2: Y}, ak.REPORT_TOGETHER, (1, 2), None),
    (F, {1: Y, 2: N}, None, (1, 2), 3),
    (F, {1: Y, 2: N, 3: N}, ak.REPORT, (1, 2, 3), None),
    (F, {1: Y, 2: N, 3: Y}, None, (1, 2, 3), 4),
    (F, {1: Y, 2: N, 3: Y, 4: N}, ak.REPORT, (1, 2, 3, 4), None),
    (F, {1: Y, 2: N, 3: Y, 4: Y}, ak.HELP, (1, 2, 3, 4), None),
    (VT, {}, None, (), 3),
    (VT, {3: N}, ak.VT_TAKES_OVER, (3,), None),
    (VT, {3: Y}, None, (3,), 4),
    (VT, {3: Y, 4: N}, ak.VT_TAKES_OVER, (3, 4), None),
    (VT, {3: Y, 4: Y}, ak.REPORT_AND_HELP, (3, 4), None),
    (EV, {}, None, (), 5),
    (EV, {5: N}, ak.REREPORT, (5,), None),
    (EV, {5: Y}, ak.CLOSE_WITH_MONITORING, (5,), None),
]
FOLLOW_UP = {ak.REPORT_TOGETHER: VT, ak.HELP: EV, ak.REPORT_AND_HELP: EV}


@pytest.mark.parametrize(("stage", "answers", "outcome", "asked", "next_question"), PATHS)
def test_every_answer_path(stage, answers, outcome, asked, next_question):
    result = ak.evaluate(answers, stage)
    assert result.outcome == outcome
    assert result.asked == asked
    assert result.next_question == next_question
    assert result.stage == stage
    assert result.relevant == asked + ((next_question,) if next_question else ())
    assert result.complete == (outcome is not None)
    assert result.follow_up == FOLLOW_UP.get(outcome)
    assert result.final == (outcome is not None and outcome not in FOLLOW_UP)
    assert result.report == (outcome in (ak.REPORT, ak.REPORT_TOGETHER, ak.REREPORT))
    assert result.help == (outcome in (ak.HELP, ak.REPORT_AND_HELP))


def test_the_table_reaches_every_outcome():
    assert {row[2] for row in PATHS if row[2]} == set(ak.OUTCOMES)


@pytest.mark.parametrize("stage", ak.STAGES)
def test_every_combination_of_answers_is_a_listed_path_or_refused(stage):
    """Exhaustive: each of the 3^5 combinations of yes/no/unanswered either is one of the
    paths above (same outcome) or is refused because it answers a question off the path."""
    listed = {tuple(sorted(a.items())): row for row in PATHS if row[0] == stage for a in [row[1]]}
    seen = 0
    for combination in itertools.product((None, Y, N), repeat=5):
        answers = {q: a for q, a in zip(ak.QUESTIONS, combination, strict=True) if a is not None}
        key = tuple(sorted(answers.items()))
        if key in listed:
            assert ak.evaluate(answers, stage).outcome == listed[key][2]
            seen += 1
        else:
            with pytest.raises(ak.InconsistentAnswers):
                ak.evaluate(answers, stage)
    assert seen == len(listed)


def test_none_counts_as_unanswered():
    assert ak.evaluate({1: Y, 2: None, 3: None}) == ak.evaluate({1: Y})


# Answers off the path are refused: they would make the record say something it does not.
OFF_PATH = [
    (F, {2: Y}, (2,)),
    (F, {1: N, 2: N}, (2,)),
    (F, {1: N, 3: Y, 4: Y}, (3, 4)),
    (F, {1: Y, 2: Y, 3: Y}, (3,)),
    (F, {1: Y, 2: Y, 5: N}, (5,)),
    (F, {1: Y, 2: N, 3: N, 4: Y}, (4,)),
    # Question 5 is never part of the first weighing: only at an evaluation of the help.
    (F, {1: Y, 2: N, 3: Y, 4: Y, 5: Y}, (5,)),
    (F, {1: Y, 3: Y}, (3,)),
    (F, {6: Y}, (6,)),
    (VT, {1: Y, 2: Y, 3: Y}, (1, 2)),
    (VT, {3: N, 4: Y}, (4,)),
    (VT, {3: Y, 4: Y, 5: Y}, (5,)),
    (EV, {1: Y, 5: Y}, (1,)),
    (EV, {4: Y}, (4,)),
]


@pytest.mark.parametrize(("stage", "answers", "questions"), OFF_PATH)
def test_answers_off_the_path_are_refused(stage, answers, questions):
    with pytest.raises(ak.InconsistentAnswers) as caught:
        ak.evaluate(answers, stage)
    assert caught.value.questions == questions


def test_an_unknown_stage_is_an_error():
    with pytest.raises(ValueError):
        ak.evaluate({}, "later")


@pytest.mark.parametrize(
    ("stage", "answers", "kept", "relevant"),
    [
        (F, {1: N, 2: Y, 3: Y}, {1: N}, (1,)),
        (F, {1: Y, 2: Y, 3: N, 4: N}, {1: Y, 2: Y}, (1, 2)),
        (F, {1: Y, 2: N, 4: Y}, {1: Y, 2: N}, (1, 2, 3)),
        (F, {}, {}, (1,)),
        (F, {1: Y, 2: N, 3: Y, 4: Y, 5: Y}, {1: Y, 2: N, 3: Y, 4: Y}, (1, 2, 3, 4)),
        (VT, {1: Y, 2: Y, 3: Y}, {3: Y}, (3, 4)),
        (VT, {3: N, 4: Y}, {3: N}, (3,)),
        (EV, {1: Y, 2: Y}, {}, (5,)),
    ],
)
def test_prune_and_relevant_questions_follow_a_changed_answer(stage, answers, kept, relevant):
    assert ak.prune(answers, stage) == kept
    assert ak.relevant_questions(answers, stage) == relevant


# (outcome of the last finalised weighing, reported since, stages allowed next)
SEQUENCES = [
    (None, False, (F,)),
    (ak.CLOSE, False, (F,)),
    (ak.REPORT_TOGETHER, False, (F,)),
    (ak.REPORT_TOGETHER, True, (VT, F)),
    (ak.REPORT, True, (VT, F)),
    (ak.HELP, False, (EV, F)),
    (ak.VT_TAKES_OVER, True, (F,)),
    (ak.REPORT_AND_HELP, True, (EV, F)),
    (ak.REREPORT, False, (F,)),
    (ak.REREPORT, True, (VT, F)),
    (ak.CLOSE_WITH_MONITORING, True, (F,)),
]


@pytest.mark.parametrize(("outcome", "reported", "stages"), SEQUENCES)
def test_which_weighing_may_follow(outcome, reported, stages):
    assert ak.stages_after(outcome, reported=reported) == stages


def test_every_outcome_has_a_rule_for_what_follows():
    assert {row[0] for row in SEQUENCES} == {None, *ak.OUTCOMES}


def test_the_most_common_path_report_and_keep_helping():
    """Acute unsafety: report; with Veilig Thuis decide to help; evaluate; close."""
    first = ak.evaluate({1: Y, 2: Y})
    assert first.outcome == ak.REPORT_TOGETHER and first.follow_up == VT
    assert VT in ak.stages_after(first.outcome, reported=True)
    together = ak.evaluate({3: Y, 4: Y}, VT)
    assert together.outcome == ak.REPORT_AND_HELP and together.follow_up == EV
    assert ak.stages_after(together.outcome, reported=True)[0] == EV
    evaluation = ak.evaluate({5: Y}, EV)
    assert evaluation.outcome == ak.CLOSE_WITH_MONITORING and evaluation.final


def test_the_module_does_not_import_django():
    import ast
    import inspect

    for module in (ak, __import__("vangnet.meldcode.workdays", fromlist=["x"])):
        tree = ast.parse(inspect.getsource(module))
        names = [
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for alias in node.names
        ] + [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
        assert not any(name.startswith("django") for name in names)
