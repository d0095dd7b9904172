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
