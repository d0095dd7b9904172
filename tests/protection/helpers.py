"""Objects for the protection tests, made directly (no access-log entries)."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from vangnet.protection.models import ForensicExamination, ProtectiveMeasure


def day(offset: int = 0):
    return timezone.localdate() + timedelta(days=offset)


def injury_signal(p, **extra):
    from vangnet.meldcode.models import Signal, Trajectory

    trajectory = Trajectory.objects.filter(family=p.family).first()
    if trajectory is None:
        trajectory = Trajectory.objects.create(
            family=p.family, started_on=day(-5), started_by=p.case_worker
        )
        trajectory.children.set([p.child])
    values = dict(
        trajectory=trajectory,
        child=p.child,
        observed_on=day(-4),
        observed_by="Juf Test",
        description="Blauwe plek op de arm.",
        category="physical_abuse",
        source="school",
        injury=True,
        recorded_by=p.case_worker,
    )
    values.update(extra)
    return Signal.objects.create(**values)


@dataclass
class ProtectionData:
    measure: ProtectiveMeasure
    exam: ForensicExamination
    open_signal: object  # an injury without a record


def build(p) -> ProtectionData:
    measure = ProtectiveMeasure.objects.create(
        family=p.family,
        kind="supervision",
        person=p.child,
        institution="GI Test",
        guardian="Gezinsvoogd Test",
        imposed_by="Kinderrechter",
        starts_on=day(-30),
        ends_on=day(300),
        created_by=p.case_worker,
    )
    examined = injury_signal(p)
    exam = ForensicExamination.objects.create(
        family=p.family,
        signal=examined,
        child=p.child,
        requested=True,
        requested_by="Veilig Thuis",
        requested_on=day(-3),
        recorded_by=p.case_worker,
    )
    return ProtectionData(measure, exam, injury_signal(p, observed_on=day(-2)))
