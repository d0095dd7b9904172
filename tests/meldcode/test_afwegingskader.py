"""The afwegingskader as an exact decision procedure: every answer path, table-driven."""

import pytest

from vangnet.meldcode import afwegingskader as ak

Y, N = True, False

# (answers, outcome, asked path, next question)
PATHS = [
    ({}, None, (), 1),
    ({1: N}, ak.CLOSE, (1,), None),
    ({1: Y}, None, (1,), 2),
    ({1: Y, 2: Y}, ak.REPORT_TOGETHER, (1, 2), None),
    ({1: Y, 2: N}, None, (1, 2), 3),
    ({1: Y, 2: N, 3: N}, ak.REPORT, (1, 2, 3), None),
    ({1: Y, 2: N, 3: Y}, None, (1, 2, 3), 4),
    ({1: Y, 2: N, 3: Y, 4: N}, ak.REPORT, (1, 2, 3, 4), None),
    ({1: Y, 2: N, 3: Y, 4: Y}, ak.HELP, (1, 2, 3, 4), 5),
    ({1: Y, 2: N, 3: Y, 4: Y, 5: N}, ak.REREPORT, (1, 2, 3, 4, 5), None),
    ({1: Y, 2: N, 3: Y, 4: Y, 5: Y}, ak.CLOSE_WITH_MONITORING, (1, 2, 3, 4, 5), None),
]


@pytest.mark.parametrize(("answers", "outcome", "asked", "next_question"), PATHS)
def test_every_answer_path(answers, outcome, asked, next_question):
    result = ak.evaluate(answers)
    assert result.outcome == outcome
    assert result.asked == asked
    assert result.next_question == next_question
    assert result.relevant == asked + ((next_question,) if next_question else ())
    assert result.complete == (outcome is not None)
    assert result.final == (outcome is not None and next_question is None)
    assert result.report == (outcome in (ak.REPORT, ak.REPORT_TOGETHER, ak.REREPORT))


def test_the_table_reaches_every_outcome():
    assert {row[1] for row in PATHS if row[1]} == set(ak.OUTCOMES)


def test_none_counts_as_unanswered():
    assert ak.evaluate({1: Y, 2: None, 3: None}) == ak.evaluate({1: Y})


# Answers off the path are refused: they would make the record say something it does not.
OFF_PATH = [
    ({2: Y}, (2,)),
    ({1: N, 2: N}, (2,)),
    ({1: N, 3: Y, 4: Y}, (3, 4)),
    ({1: Y, 2: Y, 3: Y}, (3,)),
    ({1: Y, 2: Y, 5: N}, (5,)),
    ({1: Y, 2: N, 3: N, 4: Y}, (4,)),
    ({1: Y, 2: N, 3: Y, 4: N, 5: Y}, (5,)),
    ({1: Y, 3: Y}, (3,)),
    ({6: Y}, (6,)),
]


@pytest.mark.parametrize(("answers", "questions"), OFF_PATH)
def test_answers_off_the_path_are_refused(answers, questions):
    with pytest.raises(ak.InconsistentAnswers) as caught:
        ak.evaluate(answers)
    assert caught.value.questions == questions


@pytest.mark.parametrize(
    ("answers", "kept", "relevant"),
    [
        ({1: N, 2: Y, 3: Y}, {1: N}, (1,)),
        ({1: Y, 2: Y, 3: N, 4: N}, {1: Y, 2: Y}, (1, 2)),
        ({1: Y, 2: N, 4: Y}, {1: Y, 2: N}, (1, 2, 3)),
        ({}, {}, (1,)),
        ({1: Y, 2: N, 3: Y, 4: Y}, {1: Y, 2: N, 3: Y, 4: Y}, (1, 2, 3, 4, 5)),
    ],
)
def test_prune_and_relevant_questions_follow_a_changed_answer(answers, kept, relevant):
    assert ak.prune(answers) == kept
    assert ak.relevant_questions(answers) == relevant


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
