"""The immediate safety plan: made with only the essentials, its own short review date,
replaced by the long-term plan, ended or renewed by hand, on the family page, in the
timeline and on the meeting agenda when its review date has passed."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.matrix_common import refusal_entries
from tests.safety.helpers import build_plan, day
from tests.safety.test_api_matrix import _agreed
from vangnet.audit.context import Actor
from vangnet.audit.models import AccessEvent
from vangnet.families.access import get_family_for_user
from vangnet.meetings import engine, signals, texts
from vangnet.meetings.queries import timeline
from vangnet.safety import actions
from vangnet.safety.models import ImmediatePlan, PlanVersion

ESSENTIALS = {
    "where": "Testkind slaapt vannacht en morgen bij oma, Dorpsstraat 1.",
    "with_whom": "Oma.",
    "call": "Oma 06-11111111; de gezinscoach; bij gevaar 112.",
}


def last_id():
    return AccessEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def entries(before):
    return list(AccessEvent.objects.filter(id__gt=before).order_by("id"))


def _access(p, who=None):
    return get_family_for_user(who or p.case_worker, p.family.pk, write=True)


def _make(p, **values):
    return actions.do_make_immediate_plan(
        actor=Actor.cli(p.case_worker), access=_access(p), **{**ESSENTIALS, **values}
    )


# Made in minutes, with only the essentials ---------------------------------------------------


def test_made_in_the_web_page_with_only_the_essentials(personas, as_user):
    p = personas
    client = as_user(p.case_worker)
    page = client.get(reverse("safety:immediate_add", args=[p.family.pk]))
    assert page.status_code == 200
    assert 'name="where"' in page.content.decode()
    before = last_id()
    response = client.post(reverse("safety:immediate_add", args=[p.family.pk]), ESSENTIALS)
    assert response.status_code == 302
    made = ImmediatePlan.objects.get(family=p.family)
    assert made.review_on == day(actions.IMMEDIATE_DEFAULT_DAYS)  # a few days by default
    assert made.is_open and made.checks == "" and made.created_by == p.case_worker
    logged = entries(before)
    assert [(e.action, e.object_type, e.object_id) for e in logged] == [
        ("create", "immediate_plan", str(made.pk))
    ]
    assert logged[0].part == "safety_plan"
    assert response["Location"] == reverse("safety:immediate", args=[p.family.pk, made.pk])


def test_each_essential_is_required(personas, as_user):
    p = personas
    client = as_user(p.case_worker)
    before = last_id()
    response = client.post(
        reverse("safety:immediate_add", args=[p.family.pk]), {**ESSENTIALS, "call": " "}
    )
    assert response.status_code == 200
    assert not ImmediatePlan.objects.exists()
    assert [e.action for e in entries(before)] == ["read"]  # the page shown again
    with pytest.raises(ValidationError) as error:
        _make(p, where="", with_whom="")
    assert set(error.value.message_dict) == {"where", "with_whom"}


def test_review_date_is_short(personas):
    p = personas
    with pytest.raises(ValidationError) as error:
        _make(p, review_on=day(actions.IMMEDIATE_MAX_DAYS + 1))
    assert "review_on" in error.value.message_dict
    with pytest.raises(ValidationError):
        _make(p, review_on=day(-1))
    made = _make(p, review_on=day(actions.IMMEDIATE_MAX_DAYS))
    assert made.review_on == day(14)


def test_one_open_immediate_plan_at_a_time(personas):
    _make(personas)
    with pytest.raises(ValidationError):
        _make(personas)


def test_read_only_member_is_refused(personas, as_user):
    p = personas
    with pytest.raises(PermissionDenied):
        actions.do_make_immediate_plan(
            actor=Actor.cli(p.read_only),
            access=get_family_for_user(p.read_only, p.family.pk),
            **ESSENTIALS,
        )
    client = as_user(p.read_only)
    before = last_id()
    response = client.post(reverse("safety:immediate_add", args=[p.family.pk]), ESSENTIALS)
    assert response.status_code == 403
    refusal_entries(entries(before), p.read_only, family_route=True, status=403)
    assert not ImmediatePlan.objects.exists()


# Replaced by the long-term plan ----------------------------------------------------------------


def _distribute(p, data):
    _agreed(p, data)
    version = PlanVersion.objects.get(pk=data.version.pk)
    return actions.do_distribute(
        actor=Actor.cli(p.case_worker),
        access=_access(p),
        plan_version=version,
        version=version.version,
        recipients=[p.parent],
        received_on=day(),
        method="in_person",
    )


def test_distributing_the_long_term_plan_replaces_it(personas):
    p = personas
    data = build_plan(p)  # has an open immediate plan
    immediate = data.immediate
    before = last_id()
    version = _distribute(p, data)
    immediate.refresh_from_db()
    assert not immediate.is_open
    assert (immediate.end_kind, immediate.ended_on) == ("replaced", day())
    assert immediate.replaced_by_id == version.pk
    # kept in the file, and the version's one log entry says which plan it replaced
    assert ImmediatePlan.objects.filter(pk=immediate.pk).exists()
    logged = entries(before)
    assert len(logged) == 1 and logged[0].details["replaced"] == [immediate.pk]
    # read-only now
    with pytest.raises(ValidationError):
        actions.do_update_immediate_plan(
            actor=Actor.cli(p.case_worker),
            access=_access(p),
            plan=immediate,
            version=immediate.version,
            where="Ergens anders",
        )
    with pytest.raises(ValidationError):
        actions.do_end_immediate_plan(
            actor=Actor.cli(p.case_worker),
            access=_access(p),
            plan=immediate,
            version=immediate.version,
            reason="x",
        )


def test_activating_a_version_replaces_a_later_immediate_plan(personas):
    p = personas
    data = build_plan(p)
    version = _distribute(p, data)
    later = _make(p)  # a crisis after the plan went out: a new immediate plan
    actions.do_activate(
        actor=Actor.cli(p.case_worker),
        access=_access(p),
        plan_version=version,
        version=PlanVersion.objects.get(pk=version.pk).version,
        active_from=day(),
    )
    later.refresh_from_db()
    assert later.end_kind == "replaced" and later.replaced_by_id == version.pk


# Ended or renewed by hand ----------------------------------------------------------------------


def test_ended_by_hand_with_a_reason_in_the_web_page(personas, as_user):
    p = personas
    made = _make(p)
    client = as_user(p.case_worker)
    end_url = reverse("safety:immediate_end", args=[p.family.pk, made.pk])
    response = client.post(end_url, {"version": made.version, "reason": ""})
    assert response.status_code == 200  # a reason is required
    before = last_id()
    response = client.post(end_url, {"version": made.version, "reason": "Het is rustig thuis."})
    assert response.status_code == 302
    made.refresh_from_db()
    assert (made.end_kind, made.end_reason, made.ended_by) == (
        "ended",
        "Het is rustig thuis.",
        p.case_worker,
    )
    assert [(e.action, e.object_type) for e in entries(before)] == [("update", "immediate_plan")]
    # the edit page of an ended plan only sends you back to it
    edit = client.get(reverse("safety:immediate_edit", args=[p.family.pk, made.pk]))
    assert edit.status_code == 302
    detail = client.get(reverse("safety:immediate", args=[p.family.pk, made.pk]))
    assert "Het is rustig thuis." in detail.content.decode()


def test_renewed_with_a_reason(personas, as_user):
    p = personas
    made = _make(p, checks="De buurvrouw belt om 20 uur.")
    client = as_user(p.case_worker)
    renew_url = reverse("safety:immediate_renew", args=[p.family.pk, made.pk])
    page = client.get(renew_url)
    assert "De buurvrouw belt om 20 uur." in page.content.decode()  # carried over
    before = last_id()
    response = client.post(
        renew_url,
        {
            **ESSENTIALS,
            "checks": "De buurvrouw belt om 21 uur.",
            "version": made.version,
            "reason": "Het netwerkberaad is pas volgende week.",
            "review_on": day(7).isoformat(),
        },
    )
    assert response.status_code == 302
    made.refresh_from_db()
    new = ImmediatePlan.objects.get(ended_on__isnull=True)
    assert made.end_kind == "renewed" and made.end_reason.startswith("Het netwerkberaad")
    assert new.renews_id == made.pk and new.review_on == day(7)
    assert new.checks == "De buurvrouw belt om 21 uur."
    assert [(e.action, e.object_type) for e in entries(before)] == [("create", "immediate_plan")]


# On the family page, in the timeline, on the agenda ------------------------------------------


def test_family_page_shows_the_current_immediate_plan(personas, as_user):
    p = personas
    client = as_user(p.case_worker)
    page = client.get(reverse("families:detail", args=[p.family.pk])).content.decode()
    assert reverse("safety:immediate_add", args=[p.family.pk]) in page
    made = _make(p, review_on=day(2))
    page = client.get(reverse("families:detail", args=[p.family.pk])).content.decode()
    assert "immediate-plan" in page and ESSENTIALS["where"] in page
    assert reverse("safety:immediate", args=[p.family.pk, made.pk]) in page
    assert "Evaluatie te laat" not in page
    ImmediatePlan.objects.filter(pk=made.pk).update(made_on=day(-5), review_on=day(-1))
    page = client.get(reverse("families:detail", args=[p.family.pk])).content.decode()
    assert "Evaluatie te laat" in page


def test_timeline_shows_made_and_replaced(personas):
    p = personas
    data = build_plan(p)
    _distribute(p, data)
    events = [(e.kind, e.code) for e in timeline(p.family)]
    assert ("plan", "immediate_plan") in events
    assert ("plan", "immediate_plan_ended") in events
    ended = next(e for e in timeline(p.family) if e.code == "immediate_plan_ended")
    assert "versie 1" in ended.text


def test_timeline_page_names_the_immediate_plan(personas, as_user):
    p = personas
    _make(p)
    page = as_user(p.case_worker).get(reverse("meetings:timeline", args=[p.family.pk]))
    assert "Direct veiligheidsplan" in page.content.decode()


def test_engine_overdue_immediate_plan_is_a_reason():
    today = date(2026, 3, 10)
    base = {"family_id": 1, "last_contact_on": today}
    overdue = engine.FamilySignals(**base, immediate_plan_review_on=today - timedelta(days=1))
    on_the_day = engine.FamilySignals(**base, immediate_plan_review_on=today)
    found = engine.candidate(overdue, today, engine.Thresholds())
    assert [r.as_dict() for r in found.reasons] == [
        {"code": "immediate_plan_overdue", "params": {"due": "2026-03-09"}}
    ]
    assert engine.candidate(on_the_day, today, engine.Thresholds()) is None
    assert engine.WEIGHTS[engine.IMMEDIATE_PLAN_OVERDUE] > engine.WEIGHTS[engine.DUE]
    assert "evaluatiedatum" in texts.reason_text(found.reasons[0].as_dict())


def test_overdue_immediate_plan_puts_the_family_on_the_agenda(personas):
    p = personas
    made = _make(p)
    meeting_day = made.review_on + timedelta(days=1)
    found = signals.gather([(p.family.pk, day())], meeting_day, engine.Thresholds())
    assert found[0].immediate_plan_review_on == made.review_on
    agenda = engine.build_agenda(found, meeting_day)
    assert [c.family_id for c in agenda.selected] == [p.family.pk]
    assert "immediate_plan_overdue" in [r.code for r in agenda.selected[0].reasons]
    # ended (or replaced): no longer a reason
    actions.do_end_immediate_plan(
        actor=Actor.cli(p.case_worker),
        access=_access(p),
        plan=made,
        version=made.version,
        reason="Klaar",
    )
    found = signals.gather([(p.family.pk, day())], meeting_day, engine.Thresholds())
    assert found[0].immediate_plan_review_on is None


# API -------------------------------------------------------------------------------------------


def test_api_create_with_only_the_essentials_and_bad_review_date(personas, api):
    p = personas
    client = api("case_worker")
    url = f"/families/{p.family.pk}/safety/immediate-plans"
    too_late = client.request("POST", url, {**ESSENTIALS, "review_on": day(20).isoformat()})
    assert too_late.status_code == 422
    response = client.request("POST", url, ESSENTIALS)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["review_on"] == day(3).isoformat() and body["is_open"] is True
    listed = client.request("GET", url).json()
    assert [row["id"] for row in listed] == [body["id"]]
