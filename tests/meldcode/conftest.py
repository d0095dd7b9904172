from dataclasses import dataclass

import pytest

from tests.meldcode import helpers
from vangnet.meldcode.models import MeetingReferral


@dataclass
class Meldcode:
    trajectory: object
    draft: object  # a draft signal
    final: object  # a finalised signal
    report: object  # a finalised report without feedback
    referral: object  # an open mark for the safety meeting (not acute)


@pytest.fixture
def mc(personas):
    p = personas
    trajectory = helpers.start(p)
    draft = helpers.add(p, trajectory, "signal", False, **helpers.signal_values(p))
    final = helpers.add(p, trajectory, "signal", True, **helpers.signal_values(p))
    report = helpers.add(p, trajectory, "report", True, **helpers.report_values(p))
    referral = MeetingReferral.objects.create(
        family=p.family,
        trajectory=trajectory,
        reason="vt_closed",
        source=f"report:{report.pk}",
        raised_by=p.case_worker,
    )
    return Meldcode(trajectory, draft, final, report, referral)
