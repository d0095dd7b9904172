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

The questions are not all answered at one moment, so a trajectory holds weighings of three
kinds (stages), each with its own questions:

- FIRST: the professional's own weighing, questions 1-4.
- WITH_VEILIG_THUIS: after a report, questions 3 and 4 answered together with Veilig Thuis.
  Both yes: report *and* provide or organise help (the most common path); otherwise
  Veilig Thuis takes over.
- EVALUATION: question 5, at the evaluation of help that was decided on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

QUESTIONS = (1, 2, 3, 4, 5)

# Stages: the kinds of weighing.
FIRST = "first"
WITH_VEILIG_THUIS = "with_veilig_thuis"
EVALUATION = "evaluation"
STAGES = (FIRST, WITH_VEILIG_THUIS, EVALUATION)

# Outcomes (stored as these codes).
CLOSE = "close"
REPORT_TOGETHER = "report_together"  # report; questions 3-5 together with Veilig Thuis
REPORT = "report"
HELP = "help"  # provide or organise help; evaluate later with question 5
VT_TAKES_OVER = "vt_takes_over"  # reported; with Veilig Thuis: our help is not the way
REPORT_AND_HELP = "report_and_help"  # reported; with Veilig Thuis: we help, question 5 later
REREPORT = "rereport"
CLOSE_WITH_MONITORING = "close_monitoring"

OUTCOMES = (
    CLOSE,
    REPORT_TOGETHER,
    REPORT,
    HELP,
    VT_TAKES_OVER,
    REPORT_AND_HELP,
    REREPORT,
    CLOSE_WITH_MONITORING,
)
# Outcomes that ask for a report to Veilig Thuis to be made now.
REPORTING_OUTCOMES = frozenset({REPORT_TOGETHER, REPORT, REREPORT})
# Outcomes that decide on help, to be evaluated later with question 5.
HELP_OUTCOMES = frozenset({HELP, REPORT_AND_HELP})

# Per stage: its first question and, per question, the outcome or next question when the
# answer is (no, yes). An int is the next question; a str is an outcome.
_TABLES: dict[str, tuple[int, dict[int, tuple[int | str, int | str]]]] = {
    FIRST: (1, {1: (CLOSE, 2), 2: (3, REPORT_TOGETHER), 3: (REPORT, 4), 4: (REPORT, HELP)}),
    WITH_VEILIG_THUIS: (3, {3: (VT_TAKES_OVER, 4), 4: (VT_TAKES_OVER, REPORT_AND_HELP)}),
    EVALUATION: (5, {5: (REREPORT, CLOSE_WITH_MONITORING)}),
}
STAGE_QUESTIONS = {stage: tuple(table) for stage, (_first, table) in _TABLES.items()}

# The weighing that the method asks for next after an outcome, if any.
FOLLOW_UP = {REPORT_TOGETHER: WITH_VEILIG_THUIS, HELP: EVALUATION, REPORT_AND_HELP: EVALUATION}


class InconsistentAnswers(ValueError):
    """Answers to questions that the earlier answers (or the stage) make irrelevant."""

    def __init__(self, questions):
        self.questions = tuple(sorted(questions))
        super().__init__(f"questions not relevant after the earlier answers: {self.questions}")


@dataclass(frozen=True)
class Result:
    outcome: str | None  # None: not enough answers yet
    asked: tuple[int, ...]  # the questions on the path, in order, answered ones
    next_question: int | None  # the question of this weighing to answer next, if any
    stage: str = FIRST

    @property
    def relevant(self) -> tuple[int, ...]:
        """Questions a form shows: the answered path plus the next question."""
        return self.asked + ((self.next_question,) if self.next_question else ())

    @property
    def complete(self) -> bool:
        """This weighing reached an outcome."""
        return self.outcome is not None

    @property
    def follow_up(self) -> str | None:
        """The stage of the weighing the method asks for later (None: none)."""
        return FOLLOW_UP.get(self.outcome or "")

    @property
    def final(self) -> bool:
        """An outcome is reached and no further weighing of the afwegingskader follows."""
        return self.outcome is not None and self.follow_up is None

    @property
    def report(self) -> bool:
        """The outcome asks for a report to Veilig Thuis."""
        return self.outcome in REPORTING_OUTCOMES

    @property
    def help(self) -> bool:
        """The outcome decides on help, evaluated later with question 5."""
        return self.outcome in HELP_OUTCOMES


def _check_stage(stage: str) -> None:
    if stage not in _TABLES:
        raise ValueError(f"unknown stage: {stage!r}")


def evaluate(answers: Mapping[int, bool | None], stage: str = FIRST) -> Result:
    """Walk the questions of a stage with the given answers (question -> True/False/None).

    Raises InconsistentAnswers when a question off the path, or of another stage, has an
    answer.
    """
    _check_stage(stage)
    unknown = set(answers) - set(QUESTIONS)
    if unknown:
        raise InconsistentAnswers(unknown)
    question, table = _TABLES[stage]
    asked: list[int] = []
    outcome: str | None = None
    next_question: int | None = question
    while next_question is not None:
        answer = answers.get(next_question)
        if answer is None:
            break
        asked.append(next_question)
        step = table[next_question][1 if answer else 0]
        if isinstance(step, int):
            next_question = step
        else:
            outcome, next_question = step, None
    off_path = {q for q, a in answers.items() if a is not None} - set(asked)
    if off_path:
        raise InconsistentAnswers(off_path)
    return Result(outcome=outcome, asked=tuple(asked), next_question=next_question, stage=stage)


def relevant_questions(answers: Mapping[int, bool | None], stage: str = FIRST) -> tuple[int, ...]:
    """The questions a form asks now, ignoring answers that fell off the path."""
    return evaluate(prune(answers, stage), stage).relevant


def prune(answers: Mapping[int, bool | None], stage: str = FIRST) -> dict[int, bool]:
    """Only the answers on the path: what remains when an earlier answer changed."""
    _check_stage(stage)
    question, table = _TABLES[stage]
    kept: dict[int, bool] = {}
    next_question: int | None = question
    while next_question is not None and answers.get(next_question) is not None:
        kept[next_question] = bool(answers[next_question])
        step = table[next_question][1 if answers[next_question] else 0]
        next_question = step if isinstance(step, int) else None
    return kept


def stages_after(outcome: str | None, *, reported: bool) -> tuple[str, ...]:
    """The kinds of weighing that may follow the last finalised weighing, preferred first.

    outcome is that weighing's outcome (None: no weighing yet); reported says whether a
    report to Veilig Thuis was recorded on or after it. A first weighing is always
    possible: new information (a new signal, Veilig Thuis closing the file) can make the
    professional weigh again from question 1. Questions 3 and 4 are weighed with Veilig
    Thuis only after a report; question 5 only after a decision for help.
    """
    stages: list[str] = []
    if outcome in HELP_OUTCOMES:
        stages.append(EVALUATION)
    if outcome in REPORTING_OUTCOMES and reported:
        stages.append(WITH_VEILIG_THUIS)
    stages.append(FIRST)
    return tuple(stages)
