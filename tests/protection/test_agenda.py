"""An ending protective measure is a reason on the safety meeting's agenda, in time."""

from datetime import date

import pytest
from django.utils import translation

from tests.protection.helpers import day
from vangnet.meetings import engine, signals, texts
from vangnet.protection.models import ProtectiveMeasure

pytestmark = pytest.mark.django_db


def test_engine_measure_ending_is_a_reason():
    today = date(2026, 3, 10)
    base = {"family_id": 1, "last_contact_on": today}
    soon = engine.FamilySignals(**base, measure_ends=(("supervision", date(2026, 4, 7)),))
    later = engine.FamilySignals(**base, measure_ends=(("supervision", date(2026, 4, 8)),))
    past = engine.FamilySignals(**base, measure_ends=(("supervision", date(2026, 3, 9)),))
    found = engine.candidate(soon, today, engine.Thresholds())
    assert [r.as_dict() for r in found.reasons] == [
        {"code": "measure_ending", "params": {"kind": "supervision", "ends": "2026-04-07"}}
    ]
    assert engine.candidate(later, today, engine.Thresholds()) is None
    assert engine.candidate(past, today, engine.Thresholds()) is None
    wider = engine.Thresholds(measure_ending_days=40)
    assert engine.candidate(later, today, wider) is not None
    assert engine.WEIGHTS[engine.MEASURE_ENDING] > engine.WEIGHTS[engine.DUE]
    with translation.override("nl"):
        text = texts.reason_text(found.reasons[0].as_dict())
    assert "ondertoezichtstelling" in text.lower()


def test_measure_ending_puts_the_family_on_the_agenda(personas, settings):
    p = personas
    ProtectiveMeasure.objects.create(
        family=p.family,
        kind="restraining_order",
        person=p.parent,
        imposed_by="Burgemeester",
        starts_on=day(-5),
        ends_on=day(5),
        created_by=p.case_worker,
    )
    found = signals.gather([(p.family.pk, day(-100))], day(), engine.Thresholds())
    assert found[0].measure_ends == (("restraining_order", day(5)),)
    agenda = engine.build_agenda(found, day())
    assert "measure_ending" in [r.code for r in agenda.selected[0].reasons]
    # extended beyond the window: no reason any more
    ProtectiveMeasure.objects.update(extended_to=day(23))
    found = signals.gather(
        [(p.family.pk, day(-100))], day(), engine.Thresholds(measure_ending_days=14)
    )
    assert found[0].measure_ends == ()


def test_thresholds_take_the_setting(personas, settings):
    from vangnet.meetings.actions import series_for, thresholds_of

    settings.MEASURE_ENDING_DAYS = 10
    assert thresholds_of(series_for(personas.team_a)).measure_ending_days == 10
    assert engine.Thresholds().measure_ending_days == 28
