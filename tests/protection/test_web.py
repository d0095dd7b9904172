"""Phases, measures and forensic examinations on the pages: the family page section, the
phase form (suggestion, step back, stale version), measures with their rules, an injury's
forensic examination, the family timeline and the access log."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.protection.helpers import build, day, injury_signal
from vangnet.audit.context import Actor
from vangnet.audit.models import AccessEvent
from vangnet.core.concurrency import StaleVersionError
from vangnet.families.access import get_family_for_user
from vangnet.meetings.queries import timeline
from vangnet.protection import actions, queries
from vangnet.protection.models import (
    ForensicExamination,
    PhaseChange,
    PhaseStatus,
    ProtectiveMeasure,
)

pytestmark = pytest.mark.django_db


def last_id():
    return AccessEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def entries(before):
    return list(AccessEvent.objects.filter(id__gt=before).order_by("id"))


def _access(p, who=None):
    who = who or p.case_worker
    return get_family_for_user(who, p.family.pk, write=who == p.case_worker)


def _set(p, phase="short_term", state="working", version=1, **extra):
    return actions.do_set_phase(
        actor=Actor.cli(p.case_worker),
        access=_access(p),
        phase=phase,
        state=state,
        version=version,
        **extra,
    )


def test_family_page_shows_the_phases_and_running_measures(personas, as_user):
    p = personas
    build(p)
    page = as_user(p.case_worker).get(reverse("families:detail", args=[p.family.pk]))
    html = page.content.decode()
    assert reverse("protection:overview", args=[p.family.pk]) in html
    assert "Veiligheid op korte termijn" in html
    assert "Herstel" in html
    assert "Ondertoezichtstelling" in html  # the running supervision order
    assert reverse("protection:phase", args=[p.family.pk, "recovery"]) in html


def test_read_only_member_sees_the_section_without_set_links(personas, as_user):
    p = personas
    page = as_user(p.read_only).get(reverse("families:detail", args=[p.family.pk]))
    html = page.content.decode()
    assert reverse("protection:overview", args=[p.family.pk]) in html
    assert reverse("protection:phase", args=[p.family.pk, "recovery"]) not in html


def test_set_a_phase_on_the_page(personas, as_user):
    p = personas
    client = as_user(p.case_worker)
    url = reverse("protection:phase", args=[p.family.pk, "short_term"])
    before = last_id()
    response = client.post(
        url,
        {"state": "working", "decided_on": day().isoformat(), "note": "", "version": "1"},
    )
    assert response.status_code == 302
    row = PhaseStatus.objects.get(family=p.family, phase="short_term")
    assert (row.state, row.decided_by, row.decided_on, row.version) == (
        "working",
        p.case_worker,
        day(),
        2,
    )
    [entry] = entries(before)
    assert (entry.action, entry.object_type, entry.part) == ("update", "phase", "protection")
    assert entry.details == {"phase": "short_term", "from": "not_started", "to": "working"}
    assert PhaseChange.objects.filter(family=p.family).count() == 1


def test_unknown_phase_is_404(personas, as_user):
    p = personas
    url = reverse("protection:phase", args=[p.family.pk, "forever"])
    assert as_user(p.case_worker).get(url).status_code == 404


def test_read_only_cannot_set_a_phase(personas, as_user):
    p = personas
    url = reverse("protection:phase", args=[p.family.pk, "short_term"])
    response = as_user(p.read_only).post(url, {"state": "reached", "version": "1"})
    assert response.status_code == 403
    assert not PhaseStatus.objects.filter(family=p.family).exists()
    with pytest.raises(PermissionDenied):
        actions.do_set_phase(
            actor=Actor.cli(p.read_only),
            access=get_family_for_user(p.read_only, p.family.pk),
            phase="short_term",
            state="reached",
            version=1,
        )


def test_a_step_back_needs_a_reason_and_a_future_date_is_refused(personas):
    p = personas
    _set(p, state="reached")
    with pytest.raises(ValidationError) as error:
        _set(p, state="working", version=2)
    assert "note" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _set(p, state="reached", version=2, decided_on=day(3))
    assert "decided_on" in error.value.message_dict
    row = _set(p, state="working", version=2, note="Moeder staat weer voor de deur.")
    assert row.state == "working"
    changes = list(PhaseChange.objects.filter(family=p.family).values_list("to_state", flat=True))
    assert changes == ["reached", "working"]


def test_a_stale_edit_is_refused(personas, as_user):
    p = personas
    _set(p, state="working")
    with pytest.raises(StaleVersionError):
        _set(p, state="reached", version=1)
    url = reverse("protection:phase", args=[p.family.pk, "short_term"])
    response = as_user(p.case_worker).post(
        url, {"state": "reached", "decided_on": day().isoformat(), "version": "1"}
    )
    assert response.status_code == 200
    assert "iemand anders" in response.content.decode().lower()
    assert PhaseStatus.objects.get(family=p.family, phase="short_term").state == "working"


def test_phase_changes_are_on_the_family_timeline(personas, as_user):
    p = personas
    _set(p, state="reached")
    events = [e for e in timeline(p.family) if e.kind == "protection"]
    assert [e.code for e in events] == ["phase"]
    page = as_user(p.case_worker).get(reverse("meetings:timeline", args=[p.family.pk]))
    assert "Fase van de hulp" in page.content.decode()


def test_suggestion_from_an_immediate_plan(personas, as_user):
    from vangnet.safety import actions as safety_actions

    p = personas
    safety_actions.do_make_immediate_plan(
        actor=Actor.cli(p.case_worker),
        access=_access(p),
        where="Bij oma.",
        with_whom="Oma.",
        call="Oma 06-11111111.",
    )
    [short, long, recovery] = queries.phases(p.family)
    assert short["suggested"] == "working" and short["differs"]
    assert long["suggested"] is None and recovery["suggested"] is None
    page = as_user(p.case_worker).get(reverse("protection:overview", args=[p.family.pk]))
    assert "direct veiligheidsplan" in page.content.decode().lower()
    form = as_user(p.case_worker).get(reverse("protection:phase", args=[p.family.pk, "short_term"]))
    assert "Voorstel uit het dossier: Mee bezig" in form.content.decode()


def test_overview_logs_one_read(personas, as_user):
    p = personas
    build(p)
    before = last_id()
    page = as_user(p.team_member).get(reverse("protection:overview", args=[p.family.pk]))
    assert page.status_code == 200
    [entry] = entries(before)
    assert (entry.action, entry.object_type, entry.part) == ("read", "protection", "protection")


# Measures ---------------------------------------------------------------------------------


def test_restraining_order_on_the_page_gets_its_ten_days(personas, as_user):
    p = personas
    url = reverse("protection:measure_add", args=[p.family.pk])
    client = as_user(p.case_worker)
    assert client.get(url + "?kind=restraining_order").status_code == 200
    before = last_id()
    response = client.post(
        url,
        {
            "kind": "restraining_order",
            "person": p.parent.pk,
            "imposed_by": "Burgemeester van Teststad",
            "starts_on": day(-1).isoformat(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    measure = ProtectiveMeasure.objects.get(family=p.family)
    assert measure.ends_on == day(9) and measure.person == p.parent
    [entry] = entries(before)
    assert (entry.action, entry.object_type) == ("create", "protective_measure")
    assert entry.person_id == p.parent.pk


def test_measure_rules_are_enforced(personas):
    p = personas
    base = dict(actor=Actor.cli(p.case_worker), access=_access(p))
    with pytest.raises(ValidationError) as error:
        actions.do_add_measure(
            **base,
            kind="restraining_order",
            person_id=p.parent.pk,
            imposed_by="Burgemeester",
            starts_on=day(-20),
            extended_to=day(20),
        )
    assert "extended_to" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        actions.do_add_measure(**base, kind="supervision", person_id=p.parent.pk, starts_on=day(-1))
    assert {"person", "institution"} <= set(error.value.message_dict)


def test_extend_a_measure_with_the_version(personas, as_user):
    p = personas
    data = build(p)
    url = reverse("protection:measure_edit", args=[p.family.pk, data.measure.pk])
    client = as_user(p.case_worker)
    assert client.get(url).status_code == 200
    form = {
        "person": p.child.pk,
        "imposed_by": "Kinderrechter",
        "institution": "GI Test",
        "guardian": "Gezinsvoogd Nieuw",
        "starts_on": day(-30).isoformat(),
        "ends_on": day(300).isoformat(),
        "extended_to": day(600).isoformat(),
        "version": "1",
    }
    assert client.post(url, form).status_code == 302
    data.measure.refresh_from_db()
    assert (data.measure.guardian, data.measure.end, data.measure.version) == (
        "Gezinsvoogd Nieuw",
        day(600),
        2,
    )
    stale = client.post(url, {**form, "guardian": "Weer een ander"})
    assert stale.status_code == 200
    data.measure.refresh_from_db()
    assert data.measure.guardian == "Gezinsvoogd Nieuw"


# Forensic medical examination ----------------------------------------------------------------


def test_record_a_forensic_examination_for_an_injury(personas, as_user):
    p = personas
    signal = injury_signal(p)
    assert list(queries.pending_injuries(p.family)) == [signal]
    url = reverse("protection:forensic_add", args=[p.family.pk, signal.pk])
    client = as_user(p.case_worker)
    assert client.get(url).status_code == 200
    response = client.post(url, {"requested": "yes"})
    assert response.status_code == 200  # who asked, and when, are needed
    before = last_id()
    response = client.post(
        url,
        {
            "requested": "yes",
            "requested_by": "Veilig Thuis",
            "requested_on": day(-1).isoformat(),
            "examiner": "fpkj",
        },
    )
    assert response.status_code == 302
    exam = ForensicExamination.objects.get(signal=signal)
    assert exam.child == p.child and exam.requested
    [entry] = entries(before)
    assert (entry.action, entry.object_type) == ("create", "forensic_examination")
    assert list(queries.pending_injuries(p.family)) == []
    # one record per injury
    with pytest.raises(ValidationError):
        actions.do_record_forensic(
            actor=Actor.cli(p.case_worker),
            access=_access(p),
            signal_id=signal.pk,
            requested=False,
            reason_not_requested="x",
        )
    assert any(e.code == "forensic" for e in timeline(p.family))


def test_a_signal_without_injury_or_of_another_family_is_refused(personas):
    p = personas
    signal = injury_signal(p, injury=False)
    with pytest.raises(ValidationError):
        actions.do_record_forensic(
            actor=Actor.cli(p.case_worker),
            access=_access(p),
            signal_id=signal.pk,
            requested=False,
            reason_not_requested="Geen letsel.",
        )


def test_not_requested_needs_a_reason(personas):
    p = personas
    signal = injury_signal(p)
    with pytest.raises(ValidationError) as error:
        actions.do_record_forensic(
            actor=Actor.cli(p.case_worker), access=_access(p), signal_id=signal.pk, requested=False
        )
    assert "reason_not_requested" in error.value.message_dict


def test_examination_before_request_is_refused(personas):
    p = personas
    data = build(p)
    with pytest.raises(ValidationError) as error:
        actions.do_update_forensic(
            actor=Actor.cli(p.case_worker),
            access=_access(p),
            exam=data.exam,
            version=1,
            examined_on=data.exam.requested_on - timedelta(days=1),
        )
    assert "examined_on" in error.value.message_dict
