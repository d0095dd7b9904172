"""Rules of the safety plan that need no database: bottom lines met or not, the
minimum sign-offs. Plain Python, no Django import."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_SAFETY_PERSONS = 2


@dataclass(frozen=True)
class AgreementFacts:
    has_who: bool
    has_monitor: bool
    has_fallback: bool
    situation: str


@dataclass(frozen=True)
class BottomLineState:
    met: bool
    computed: bool  # True when the data decided, False when a person ticked it
    reason: str  # a key the page turns into a sentence


def bottom_line_state(
    kind: str,
    *,
    number: int | None,
    done_on,
    met_manually: bool,
    confirmed_safety_persons: int,
    agreements: list[AgreementFacts],
) -> BottomLineState:
    if kind == "safety_persons":
        needed = number or DEFAULT_SAFETY_PERSONS
        met = confirmed_safety_persons >= needed
        return BottomLineState(met, True, "safety_persons")
    if kind == "words_and_pictures":
        return BottomLineState(done_on is not None, True, "words_and_pictures")
    if kind == "simple_plan":
        complete = bool(agreements) and all(
            a.has_who and a.has_monitor and a.has_fallback for a in agreements
        )
        stress = any(a.situation == "stress" for a in agreements)
        return BottomLineState(complete and stress, True, "simple_plan")
    return BottomLineState(bool(met_manually), False, "manual")


# From this age a child is talked with (Three Houses) and gets a version of the plan of its
# own (Words and Pictures). A baby's safety is the plan itself; its siblings' stories can
# still name it. A child without a birth date counts as old enough: better asked once too often.
CHILD_VOICE_MIN_AGE = 4


def child_old_enough(age: int | None) -> bool:
    return age is None or age >= CHILD_VOICE_MIN_AGE


@dataclass(frozen=True)
class StoryState:
    has_pages: bool
    approved_by: tuple[str, ...]  # parents whose approval covers the story as it is now
    approved_before: bool  # someone approved an earlier state of the story

    @property
    def key(self) -> str:
        if not self.has_pages:
            return "empty"
        if self.approved_by:
            return "approved"
        return "changed" if self.approved_before else "not_approved"


def story_state(has_pages: bool, approvals: list[tuple[str, str]], current_hash: str) -> StoryState:
    """approvals: (name, content hash) of every approval of the story."""
    current = tuple(dict.fromkeys(name for name, h in approvals if h == current_hash))
    return StoryState(has_pages, current, bool(approvals) and not current)
