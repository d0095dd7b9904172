"""The plan as plain data for the review, and the findings. Plain Python, no Django import.

vangnet.review.adapter builds a PlanData from a version's snapshot (or the draft's, made by
the same snapshot builder). The rules in vangnet.review.engine only read these classes.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

CRITICAL = "critical"
MAJOR = "major"
MINOR = "minor"
SEVERITIES = (CRITICAL, MAJOR, MINOR)

# Overall status of a plan
INSUFFICIENT = "insufficient"  # at least one critical finding
NEEDS_WORK = "needs_work"  # at least one major finding
GOOD = "good"  # minor findings at most


@dataclass(frozen=True)
class HarmData:
    """What actually happened (a harm statement of the mapping)."""

    id: str
    whose: str = ""
    what: str = ""
    children: tuple[str, ...] = ()
    how_often: str = ""
    impact: str = ""
    plain: str = ""  # the text in the family's own words, which parents get instead


@dataclass(frozen=True)
class DangerData:
    id: str
    text: str  # the whole statement
    whose: str = ""
    behaviour: str = ""
    children: tuple[str, ...] = ()
    impact: str = ""
    fear: str = ""  # what we fear happens if nothing changes ("" when not known)
    harms: tuple[str, ...] = ()  # ids of the harm statements it grows out of
    plain: str = ""


@dataclass(frozen=True)
class GoalData:
    id: str
    text: str
    parents_agreed: bool
    professionals_agreed: bool
    # (name, kind) of each person of the family who does not agree; kind: parent, caregiver,
    # child
    disputed_by: tuple[tuple[str, str], ...] = ()
    plain: str = ""


@dataclass(frozen=True)
class WarningSignData:
    id: str
    belongs_to: str  # danger-3 or agreement-5
    sign: str
    response: str
    plain: str = ""


@dataclass(frozen=True)
class AgreementData:
    id: str
    what: str
    situation: str  # key: morning, school, ..., stress, other
    when: str
    how: str
    fallback: str
    monitor: str
    frequency: str
    network_people: tuple[str, ...]  # family and network who carry it out
    professionals: tuple[str, ...]
    danger: str = ""  # id of the danger statement it serves, "" for none or not known
    plain: str = ""


@dataclass(frozen=True)
class MappingData:
    id: str
    category: str  # past_harm ... exception, next_step
    contributor: str  # parent, child, network, professional
    text: str


@dataclass(frozen=True)
class ChildData:
    id: str  # child-12
    name: str
    old_enough: bool  # to be talked with and to have a version of their own
    view_recorded: bool  # Three Houses, or a mapping item in the child's name
    story: str  # state of the child's Words and Pictures: none, empty, not_approved,
    #             changed (approved before, changed since), approved


@dataclass(frozen=True)
class PlanData:
    dangers: tuple[DangerData, ...] = ()
    goals: tuple[GoalData, ...] = ()
    agreements: tuple[AgreementData, ...] = ()
    mapping: tuple[MappingData, ...] = ()
    confirmed_safety_persons: int = 0
    required_safety_persons: int = 2
    steps: int = 0
    # None: not known for this input (e.g. no sign-offs before a version exists)
    next_evaluation: bool | None = None
    professionals: tuple[str, ...] = ()  # keys of professionals who must sign
    signed: tuple[str, ...] | None = None  # keys that signed; None for the draft
    child_version: bool | None = None  # None: not known (used when children is None)
    children: tuple[ChildData, ...] | None = None  # None: only the snapshot is known
    harms: tuple[HarmData, ...] = ()
    # None: not known (a version made before warning signs were recorded)
    warning_signs: tuple[WarningSignData, ...] | None = None


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    element: str = "plan"  # plan, or an element id: agreement-12, danger-3, goal-4
    part: str = ""  # the field of the element the finding is about
    spans: tuple[tuple[int, int, str], ...] = ()  # (start, end, words) in that field's text
    params: dict = dataclasses.field(default_factory=dict, compare=False)

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "severity": self.severity,
            "element": self.element,
            "field": self.part,
            "spans": [{"start": s, "end": e, "words": w} for s, e, w in self.spans],
            "params": dict(self.params),
        }

    @classmethod
    def from_dict(cls, data: dict) -> Finding:
        return cls(
            code=data["code"],
            severity=data["severity"],
            element=data.get("element", "plan"),
            part=data.get("field", ""),
            spans=tuple((s["start"], s["end"], s["words"]) for s in data.get("spans", [])),
            params=dict(data.get("params", {})),
        )


@dataclass(frozen=True)
class Review:
    findings: tuple[Finding, ...]

    @property
    def status(self) -> str:
        severities = {f.severity for f in self.findings}
        if CRITICAL in severities:
            return INSUFFICIENT
        if MAJOR in severities:
            return NEEDS_WORK
        return GOOD

    def counts(self) -> dict[str, int]:
        return {s: sum(1 for f in self.findings if f.severity == s) for s in SEVERITIES}
