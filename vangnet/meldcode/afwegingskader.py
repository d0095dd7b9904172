"""The afwegingskader of the meldcode (steps 4 and 5) as an exact decision procedure.

Plain Python, no Django: the five questions, which one is asked next, and the outcome that
the answers give. The questions and their order follow the Meldcode huiselijk geweld en
kindermishandeling:

1. Do I, on the basis of steps 1-3, suspect domestic violence or child abuse?
   No: close (record in the file). Yes: question 2.
2. Is there acute and/or structural unsafety?
   Yes: report to Veilig Thuis; questions 3-5 are answered together with Veilig Thuis.
   No: question 3.
3. Am I able to provide or organise effective help against the (future) threat?
   No: report. Yes: question 4.
4. Do those involved accept that help and commit to it?
   No: report. Yes: provide or organise help, and later question 5.
5. Does the help lead, within the intended period, to the necessary results?
   No: (re)report. Yes: close the help with agreements about monitoring.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

QUESTIONS = (1, 2, 3, 4, 5)

# Outcomes (stored as these codes).
CLOSE = "close"
REPORT_TOGETHER = "report_together"  # report; questions 3-5 together with Veilig Thuis
REPORT = "report"
HELP = "help"  # provide or organise help; evaluate later with question 5
REREPORT = "rereport"
CLOSE_WITH_MONITORING = "close_monitoring"

OUTCOMES = (CLOSE, REPORT_TOGETHER, REPORT, HELP, REREPORT, CLOSE_WITH_MONITORING)
REPORTING_OUTCOMES = frozenset({REPORT_TOGETHER, REPORT, REREPORT})

# question -> (outcome or next question when the answer is "no", ... when "yes").
# An int is the next question; a str is an outcome. HELP after question 4 is an outcome
# that still has a next question (5, asked later).
_TABLE: dict[int, tuple[int | str, int | str]] = {
    1: (CLOSE, 2),
    2: (3, REPORT_TOGETHER),
    3: (REPORT, 4),
    4: (REPORT, HELP),
    5: (REREPORT, CLOSE_WITH_MONITORING),
}


class InconsistentAnswers(ValueError):
    """Answers to questions that the earlier answers make irrelevant, or an unknown key."""

    def __init__(self, questions):
        self.questions = tuple(sorted(questions))
        super().__init__(f"questions not relevant after the earlier answers: {self.questions}")


@dataclass(frozen=True)
class Result:
    outcome: str | None  # None: not enough answers yet
    asked: tuple[int, ...]  # the questions on the path, in order, answered ones
    next_question: int | None  # the question to answer next, if any

    @property
    def relevant(self) -> tuple[int, ...]:
        """Questions a form shows: the answered path plus the next question."""
        return self.asked + ((self.next_question,) if self.next_question else ())

    @property
    def complete(self) -> bool:
        """An outcome is reached (HELP is an outcome; question 5 follows later)."""
        return self.outcome is not None

    @property
    def final(self) -> bool:
        """No further question of the afwegingskader follows."""
        return self.outcome is not None and self.next_question is None

    @property
    def report(self) -> bool:
        return self.outcome in REPORTING_OUTCOMES


def evaluate(answers: Mapping[int, bool | None]) -> Result:
    """Walk the questions with the given answers (question -> True/False/None).

    Raises InconsistentAnswers when a question off the path has an answer.
    """
    unknown = set(answers) - set(QUESTIONS)
    if unknown:
        raise InconsistentAnswers(unknown)
    asked: list[int] = []
    question: int | None = 1
    outcome: str | None = None
    while question is not None:
        answer = answers.get(question)
        if answer is None:
            break
        asked.append(question)
        step = _TABLE[question][1 if answer else 0]
        if isinstance(step, int):
            question = step
            continue
        outcome = step
        question = 5 if step == HELP else None
    off_path = {q for q, a in answers.items() if a is not None} - set(asked)
    if off_path:
        raise InconsistentAnswers(off_path)
    return Result(outcome=outcome, asked=tuple(asked), next_question=question)


def relevant_questions(answers: Mapping[int, bool | None]) -> tuple[int, ...]:
    """The questions a form asks now, ignoring answers that fell off the path."""
    return evaluate(prune(answers)).relevant


def prune(answers: Mapping[int, bool | None]) -> dict[int, bool]:
    """Only the answers on the path: what remains when an earlier answer changed."""
    kept: dict[int, bool] = {}
    question: int | None = 1
    while question is not None and answers.get(question) is not None:
        kept[question] = bool(answers[question])
        step = _TABLE[question][1 if answers[question] else 0]
        question = step if isinstance(step, int) else (5 if step == HELP else None)
    return kept
