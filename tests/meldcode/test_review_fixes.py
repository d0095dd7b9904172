"""Review findings: lost updates on drafts (version field, 409), a POST with bad input that
shows family data again logs one read, and no 500 on a strange ?opnieuw= value."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.meldcode import helpers
from tests.test_api import api, last_event_id, new_events  # noqa: F401
from vangnet.audit.models import AccessEvent
from vangnet.core.concurrency import StaleVersionError
from vangnet.meldcode import actions
from vangnet.meldcode.models import (
    AceQuestionnaire,
    Addendum,
    Consultation,
    Conversation,
    FactorList,
    Report,
    Signal,
    Trajectory,
    Weighing,
)

pytestmark = pytest.mark.django_db

MODELS = (
    Trajectory,
    Signal,
    Consultation,
    Conversation,
    Weighing,
    Report,
    Addendum,
    AceQuestionnaire,
    FactorList,
)


def last_id():
    return AccessEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def events_since(before):
    return list(AccessEvent.objects.filter(id__gt=before).order_by("id"))


def d(days_ago=0):
    return (timezone.localdate() - timedelta(days=days_ago)).isoformat()


def turl(p, trajectory, rest=""):
    return f"/meldcode/gezin/{p.family.pk}/traject/{trajectory.pk}/{rest}"


def signal_post(p, **extra):
    return {
        "child": p.child.pk,
        "observed_on": d(1),
        "observed_by": "Juf Test",
        "description": "Blauwe plek.",
        "category": "physical_abuse",
        "source": "school",
        **extra,
    }


def snapshot():
    """Everything the meldcode keeps, to show that nothing was saved."""
    return [list(m.objects.order_by("pk").values()) for m in MODELS]


# 1. Lost updates --------------------------------------------------------------------------------


def test_the_action_refuses_a_save_based_on_an_old_version(personas, mc):
    p = personas
    assert mc.draft.version == 1
    first = actions.do_update_record(
        actor=helpers.actor(p.case_worker),
        access=helpers.access(p),
        record=mc.draft,
        version=1,
        description="Eerste wijziging",
    )
    assert first.version == 2
    before = last_id()
    with pytest.raises(StaleVersionError) as caught:
        actions.do_update_record(
            actor=helpers.actor(p.team_member),
            access=helpers.access(p),
            record=mc.draft,
            version=1,
            observed_by="Tweede collega",
        )
    assert caught.value.current.version == 2
    assert caught.value.changed_fields == ["observed_by"]
    saved = Signal.objects.get(pk=mc.draft.pk)
    assert (saved.description, saved.observed_by, saved.version) == (
        "Eerste wijziging",
        "Juf Test (leerkracht)",
        2,
    )
    assert events_since(before) == []


def test_finalising_bumps_the_version(personas, mc):
    p = personas
    record = actions.do_finalise_record(
        actor=helpers.actor(p.case_worker), access=helpers.access(p), record=mc.draft
    )
    assert Signal.objects.get(pk=record.pk).version == 2


def test_two_editors_of_one_draft_page_the_second_sees_a_conflict(personas, as_user, mc):
    p = personas
    url = turl(p, mc.trajectory, f"signal/{mc.draft.pk}/bewerken/")
    first, second = as_user(p.case_worker), as_user(p.team_member)
    page = first.get(url).content.decode()
    assert 'name="version" value="1"' in page
    assert 'name="version" value="1"' in second.get(url).content.decode()

    response = first.post(url, signal_post(p, description="Versie van de eerste", version=1))
    assert response.status_code == 302

    before = last_id()
    response = second.post(url, signal_post(p, observed_by="Meester Tweede", version=1))
    assert response.status_code == 200
    html = response.content.decode()
    # The conflict is explained, the user's own input is still there, what is saved now is
    # shown, and the hidden version now is the saved one.
    assert "Iemand anders heeft deze gegevens gewijzigd" in html
    assert 'value="Meester Tweede"' in html
    assert "Wat nu is opgeslagen verschilt hier van wat jij invulde" in html
    assert "Versie van de eerste" in html
    assert 'name="version" value="2"' in html
    saved = Signal.objects.get(pk=mc.draft.pk)
    assert (saved.description, saved.observed_by, saved.version) == (
        "Versie van de eerste",
        "Juf Test",
        2,
    )
    [event] = events_since(before)
    assert (event.action, event.object_type, event.object_id) == (
        "read",
        "meldcode_signal",
        str(mc.draft.pk),
    )

    # Saving again from the version shown now works.
    response = second.post(
        url,
        signal_post(p, description="Versie van de eerste", observed_by="Meester Tweede", version=2),
    )
    assert response.status_code == 302
    saved.refresh_from_db()
    assert (saved.description, saved.observed_by, saved.version) == (
        "Versie van de eerste",
        "Meester Tweede",
        3,
    )


def test_an_edit_without_version_is_not_saved(personas, as_user, mc):
    p = personas
    client = as_user(p.case_worker)
    response = client.post(
        turl(p, mc.trajectory, f"signal/{mc.draft.pk}/bewerken/"),
        signal_post(p, description="Zonder versie"),
    )
    assert response.status_code == 200
    assert "Deze pagina is verouderd" in response.content.decode()
    assert Signal.objects.get(pk=mc.draft.pk).description != "Zonder versie"


def _patch_url(p, mc):
    return f"/families/{p.family.pk}/meldcode/{mc.trajectory.pk}/signal/{mc.draft.pk}"


def test_api_patch_requires_the_version(personas, mc, api):  # noqa: F811
    p = personas
    client = api("case_worker")
    for body in ({"description": "Zonder versie"}, {"description": "x", "version": "1"}):
        before = last_event_id()
        response = client.patch(_patch_url(p, mc), body)
        assert response.status_code == 422, response.content
        assert "version" in response.json()["errors"]
        assert new_events(before) == []
    assert Signal.objects.get(pk=mc.draft.pk).description != "Zonder versie"
    assert (
        client.get(f"/families/{p.family.pk}/meldcode/{mc.trajectory.pk}").json()["signals"][0][
            "version"
        ]
        == 1
    )


def test_api_two_patches_of_different_fields_do_not_overwrite_each_other(personas, mc, api):  # noqa: F811
    p = personas
    first, second = api("case_worker"), api("team_member")
    response = first.patch(_patch_url(p, mc), {"description": "Van de eerste", "version": 1})
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2

    before = last_event_id()
    response = second.patch(_patch_url(p, mc), {"observed_by": "Van de tweede", "version": 1})
    assert response.status_code == 409
    assert response.json()["current_version"] == 2
    assert new_events(before) == []
    assert Signal.objects.get(pk=mc.draft.pk).description == "Van de eerste"

    response = second.patch(_patch_url(p, mc), {"observed_by": "Van de tweede", "version": 2})
    assert response.status_code == 200, response.content
    saved = Signal.objects.get(pk=mc.draft.pk)
    assert (saved.description, saved.observed_by, saved.version) == (
        "Van de eerste",
        "Van de tweede",
        3,
    )


def test_api_patch_takes_unspecified_fields_from_the_locked_row(personas, mc, api, monkeypatch):  # noqa: F811
    """Someone saves between the PATCH's first read and its lock: the fields the PATCH does
    not name keep what is saved now, not the value of the earlier copy."""
    p = personas
    from vangnet.api import meldcode as api_meldcode

    real_get_record = api_meldcode.queries.get_record

    def get_record_then_someone_saves(trajectory, kind, record_id):
        copy = real_get_record(trajectory, kind, record_id)
        actions.do_update_record(
            actor=helpers.actor(p.team_member),
            access=helpers.access(p),
            record=copy,
            version=copy.version,
            description="Tussendoor opgeslagen",
        )
        return copy

    monkeypatch.setattr(api_meldcode.queries, "get_record", get_record_then_someone_saves)
    response = api("case_worker").patch(
        _patch_url(p, mc), {"observed_by": "Alleen dit veld", "version": 2}
    )
    assert response.status_code == 200, response.content
    saved = Signal.objects.get(pk=mc.draft.pk)
    assert (saved.description, saved.observed_by) == ("Tussendoor opgeslagen", "Alleen dit veld")


# 2. A POST with bad input logs the read of the page it shows ----------------------------------


def _bad_posts(p, mc):
    weighing = helpers.add(
        p, mc.trajectory, "weighing", False, **helpers.weighing_values(q1=True, q2="structural")
    )
    t = mc.trajectory
    return [
        (f"/meldcode/gezin/{p.family.pk}/starten/", {"started_on": d(0)}, "family"),
        (turl(p, t, "afsluiten/"), {"closed_on": d(0), "reason": ""}, "meldcode_trajectory"),
        (turl(p, t, "signaal/nieuw/"), signal_post(p, description=""), "meldcode_trajectory"),
        (turl(p, t, "consultatie/nieuw/"), {"kind": "colleague"}, "meldcode_trajectory"),
        (turl(p, t, "gesprek/nieuw/"), {"held": "no"}, "meldcode_trajectory"),
        (turl(p, t, "melding/nieuw/"), {"reported_on": "morgen"}, "meldcode_trajectory"),
        (turl(p, t, "afweging/nieuw/"), {"weighed_on": d(0), "q1": "yes"}, "meldcode_trajectory"),
        (
            turl(p, t, "afweging/nieuw/"),
            {"weighed_on": d(0), "q1": "yes", "q1_rationale": "x", "step": "next"},
            "meldcode_trajectory",
        ),
        (
            turl(p, t, f"signal/{mc.draft.pk}/bewerken/"),
            signal_post(p, description="", version=1),
            "meldcode_signal",
        ),
        (
            turl(p, t, f"signal/{mc.final.pk}/bewerken/"),
            signal_post(p, description="Overschreven", version=1),
            "meldcode_signal",
        ),
        (
            turl(p, t, f"weighing/{weighing.pk}/bewerken/"),
            {"weighed_on": d(1), "q1": "yes", "q1_rationale": "x", "step": "next", "version": 1},
            "meldcode_weighing",
        ),
        (
            turl(p, t, f"signal/{mc.final.pk}/aanvulling/"),
            {"reason": "", "text": ""},
            "meldcode_signal",
        ),
        (
            turl(p, t, f"melding/{mc.report.pk}/terugkoppeling/"),
            {"feedback_on": "", "decision": "investigation", "summary": "x"},
            "meldcode_report",
        ),
        (turl(p, t, "ace/nieuw/"), {"answered_by": "Ouder Test"}, "meldcode_trajectory"),
        (turl(p, t, "factoren/nieuw/"), {"assessed_on": d(0)}, "meldcode_trajectory"),
    ]


def test_every_refused_post_that_shows_the_page_again_logs_one_read(personas, as_user, mc):
    p = personas
    client = as_user(p.case_worker)
    for url, data, object_type in _bad_posts(p, mc):
        saved = snapshot()
        before = last_id()
        response = client.post(url, data)
        assert response.status_code == 200, (url, response.status_code)
        [event] = events_since(before)
        assert (event.action, event.object_type, event.part, event.family_id) == (
            "read",
            object_type,
            "meldcode",
            p.family.pk,
        ), url
        assert event.channel == "web", url
        assert snapshot() == saved, url


def test_a_refused_post_of_a_team_member_logs_the_read_with_team_basis(personas, as_user, mc):
    p = personas
    before = last_id()
    response = as_user(p.team_member).post(turl(p, mc.trajectory, "afsluiten/"), {"reason": ""})
    assert response.status_code == 200
    [event] = events_since(before)
    assert (event.action, event.object_id, event.user_id) == (
        "read",
        str(mc.trajectory.pk),
        p.team_member.pk,
    )


# 3. No 500 on strange numbers --------------------------------------------------------------------


@pytest.mark.parametrize("value", ["²", "١", "abc", "", "-1", "99999999999999999999999"])
def test_a_strange_opnieuw_value_is_ignored(personas, as_user, mc, value):
    p = personas
    before = last_id()
    response = as_user(p.case_worker).get(
        turl(p, mc.trajectory, "melding/nieuw/"), {"opnieuw": value}
    )
    assert response.status_code == 200
    assert len(events_since(before)) == 1


def test_opnieuw_chooses_the_earlier_report(personas, as_user, mc):
    p = personas
    response = as_user(p.case_worker).get(
        turl(p, mc.trajectory, "melding/nieuw/"), {"opnieuw": str(mc.report.pk)}
    )
    assert response.status_code == 200
    assert response.context["form"].initial["previous"] == mc.report.pk


def test_the_weighing_keeps_its_version_through_the_next_question_step(personas, as_user, mc):
    p = personas
    weighing = helpers.add(
        p, mc.trajectory, "weighing", False, **helpers.weighing_values(q1=True, q2="structural")
    )
    client = as_user(p.case_worker)
    url = turl(p, mc.trajectory, f"weighing/{weighing.pk}/bewerken/")
    assert 'name="version" value="1"' in client.get(url).content.decode()
    data = {"weighed_on": d(1), "q1": "yes", "q1_rationale": "x", "q2": "none"}
    page = client.post(url, {**data, "q2_rationale": "y", "step": "next", "version": 1})
    assert 'name="version" value="1"' in page.content.decode()
    actions.do_update_record(
        actor=helpers.actor(p.team_member),
        access=helpers.access(p),
        record=weighing,
        version=1,
        q2_rationale="Door een collega aangepast.",
    )
    response = client.post(
        url, {**data, "q2_rationale": "y", "q3": "no", "q3_rationale": "z", "version": 1}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Door een collega aangepast." in html and 'name="version" value="2"' in html
    weighing.refresh_from_db()
    assert (weighing.q2, weighing.version) == ("structural", 2)
