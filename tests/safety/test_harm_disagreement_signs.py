"""Harm statements (what happened) next to danger statements (what we fear), disagreement of
the family recorded in their own words, and warning signs ("if ... then ..."): the actions and
their checks, the plan page, the frozen version, its PDF and comparison, the parents' and the
child's version - and versions made before these existed still render."""

import copy
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db.models import F
from django.urls import reverse
from django.utils import translation

from tests.personas import make_family
from tests.safety.helpers import build_plan, day
from tests.safety.test_lifecycle_web import entries, last_id, post_one
from vangnet.audit.context import Actor
from vangnet.families.access import get_family_for_user
from vangnet.families.actions import do_remove_person
from vangnet.families.models import Person
from vangnet.safety import actions
from vangnet.safety import pdf as pdf_module
from vangnet.safety.models import (
    Agreement,
    DangerStatement,
    Disagreement,
    HarmStatement,
    PlanVersion,
    SafetyGoal,
    SafetyPlan,
    VersionStatus,
    WarningSign,
)
from vangnet.safety.outputs import parents_readability, parents_version
from vangnet.safety.snapshot import plan_snapshot

WORRIES = "Waar maken we ons zorgen over?"


def url(name, *args):
    return reverse(f"safety:{name}", args=args)


def _write(p):
    return get_family_for_user(p.case_worker, p.family.pk, write=True)


def _add(p, kind, **values):
    return actions.do_add_item(
        actor=Actor.cli(p.case_worker), access=_write(p), item_type=kind, **values
    )


def _errors(info) -> dict:
    return info.value.message_dict


def _sibling(p):
    return Person.objects.create(family=p.family, kind="child", first_name="Zusje")


# Harm statements -----------------------------------------------------------------------------


def test_harm_statement_through_the_page_is_saved_logged_and_shown(personas, as_user):
    p = personas
    build_plan(p)
    client = as_user(p.case_worker)
    response = post_one(
        client,
        url("harm_add", p.family.pk),
        {
            "whose": "moeder",
            "what": "liet Testkind een nacht alleen thuis",
            "children": [p.child.pk],
            "how_often": "een keer, op 2 februari",
            "impact": "Testkind was de hele nacht bang",
            "source": "Testkind vertelde het aan oma",
        },
    )
    assert response["Location"].endswith("#harm")
    harm = HarmStatement.objects.get(what="liet Testkind een nacht alleen thuis")
    assert list(harm.children.all()) == [p.child]
    assert harm.order == 2  # after the one of build_plan
    page = client.get(url("plan", p.family.pk)).content.decode()
    assert "Schadeformuleringen: wat er is gebeurd" in page
    assert "liet Testkind een nacht alleen thuis" in page
    assert "Testkind vertelde het aan oma" in page


def test_harm_statement_needs_a_child_of_the_family(personas):
    p = personas
    build_plan(p)
    values = dict(whose="vader", what="w", how_often="o", impact="i")
    with pytest.raises(ValidationError) as info:
        _add(p, "harm", children=[], **values)
    assert "children" in _errors(info)
    with pytest.raises(ValidationError) as info:
        _add(p, "harm", children=[p.parent], **values)
    assert "children" in _errors(info)


def test_danger_statement_grows_out_of_harm_of_its_own_plan_only(personas):
    p = personas
    d = build_plan(p)
    other = make_family(p.team_b, p.other_team, name="Gezin Anders", reference="VN-TEST02")
    other_plan = SafetyPlan.objects.create(family=other)
    other_harm = HarmStatement.objects.create(
        plan=other_plan, whose="vader", what="w", how_often="o", impact="i"
    )
    values = dict(
        whose="vader",
        behaviour="slaat",
        situations="s",
        impact="i",
        fear="f",
        children=[p.child],
    )
    with pytest.raises(ValidationError) as info:
        _add(p, "danger", harms=[other_harm], **values)
    assert "harms" in _errors(info)
    danger = _add(p, "danger", harms=[d.harm], **values)
    assert list(danger.harms.all()) == [d.harm]


def test_removing_a_harm_statement_keeps_the_danger_statement(personas, as_user):
    p = personas
    d = build_plan(p)
    client = as_user(p.case_worker)
    page = client.get(url("harm_remove", p.family.pk, d.harm.pk)).content.decode()
    assert "alleen de koppeling verdwijnt" in page
    post_one(client, url("harm_remove", p.family.pk, d.harm.pk), {"version": d.harm.version})
    danger = DangerStatement.objects.get(pk=d.danger.pk)
    assert list(danger.harms.all()) == []


# Disagreement -----------------------------------------------------------------------------------


def test_disagreement_with_a_goal_through_the_page(personas, as_user):
    p = personas
    d = build_plan(p)
    client = as_user(p.case_worker)
    form = client.get(url("disagreement_add", p.family.pk) + f"?goal={d.goal.pk}")
    page = form.content.decode()
    assert f'<option value="{d.goal.pk}" selected>' in page
    assert "Veiligheidsdoel 1: Testkind is" in page  # numbered as in the plan
    assert "Testbuur" not in page  # network people are not offered
    response = post_one(
        client,
        url("disagreement_add", p.family.pk),
        {
            "person": p.child.pk,
            "goal": d.goal.pk,
            "text": "Ik wil gewoon bij papa blijven.",
            "recorded_on": day().isoformat(),
            "parents_see": "on",
        },
    )
    assert response["Location"].endswith("#danger")
    assert entries(last_id() - 1)[0].object_type == "disagreement"
    page = client.get(url("plan", p.family.pk)).content.decode()
    assert "<q>Ik wil gewoon bij papa blijven.</q>" in page
    assert "<q>Het was maar een tik, ik sla mijn kind niet.</q>" in page  # on the danger


def test_disagreement_rules(personas):
    p = personas
    d = build_plan(p)
    base = dict(text="Klopt niet.", recorded_on=day())
    with pytest.raises(ValidationError) as info:
        _add(p, "disagreement", person=d.network, danger=d.danger, **base)
    assert "person" in _errors(info)  # a network person is not the family
    with pytest.raises(ValidationError) as info:
        _add(p, "disagreement", person=p.parent, danger=d.danger, goal=d.goal, **base)
    assert "danger" in _errors(info)  # one of the two
    with pytest.raises(ValidationError) as info:
        _add(p, "disagreement", person=p.parent, danger=None, goal=None, **base)
    assert "danger" in _errors(info)
    with pytest.raises(ValidationError) as info:
        _add(p, "disagreement", person=p.parent, danger=d.danger, **base)
    assert "already" in " ".join(_errors(info)["person"]) or "al in het plan" in " ".join(
        _errors(info)["person"]
    )
    with pytest.raises(ValidationError) as info:
        _add(p, "disagreement", person=p.child, goal=d.goal, text="x", recorded_on=day(1))
    assert "recorded_on" in _errors(info)
    # changing one's own words is not refused as a duplicate of itself
    changed = actions.do_update_item(
        actor=Actor.cli(p.case_worker),
        access=_write(p),
        item_type="disagreement",
        item=d.disagreement,
        version=d.disagreement.version,
        text="Het was een tik, geen klap.",
    )
    assert changed.text == "Het was een tik, geen klap."


def test_a_person_who_disagreed_cannot_be_removed_from_the_file(personas):
    p = personas
    d = build_plan(p)
    Disagreement.objects.filter(pk=d.disagreement.pk).update(person=p.child)
    with pytest.raises(ValidationError):
        do_remove_person(actor=Actor.cli(p.case_worker), access=_write(p), person=p.child)


def test_removing_a_danger_statement_removes_its_disagreements_and_signs(personas, as_user):
    p = personas
    d = build_plan(p)
    sign = _add(p, "warning_sign", danger=d.danger, sign="s", response="r", people=[d.network])
    client = as_user(p.case_worker)
    page = client.get(url("danger_remove", p.family.pk, d.danger.pk)).content.decode()
    assert "worden ook verwijderd" in page
    post_one(client, url("danger_remove", p.family.pk, d.danger.pk), {"version": 1})
    assert not Disagreement.objects.filter(pk=d.disagreement.pk).exists()
    assert not WarningSign.objects.filter(pk=sign.pk).exists()
    assert WarningSign.objects.filter(pk=d.warning_sign.pk).exists()  # of the agreement


# Warning signs ------------------------------------------------------------------------------------


def test_warning_sign_rules(personas):
    p = personas
    d = build_plan(p)
    base = dict(sign="Vader praat hard.", response="Oma komt.")
    with pytest.raises(ValidationError) as info:
        _add(p, "warning_sign", danger=d.danger, agreement=d.agreement, people=[p.parent], **base)
    assert "danger" in _errors(info)
    with pytest.raises(ValidationError) as info:
        _add(p, "warning_sign", people=[p.parent], **base)
    assert "danger" in _errors(info)
    with pytest.raises(ValidationError) as info:
        _add(p, "warning_sign", danger=d.danger, people=[], professionals=[], **base)
    assert "people" in _errors(info)
    other = make_family(p.team_b, p.other_team, name="Gezin Anders", reference="VN-TEST02")
    stranger = Person.objects.create(family=other, kind="network", first_name="Vreemd")
    with pytest.raises(ValidationError) as info:
        _add(p, "warning_sign", danger=d.danger, people=[stranger], **base)
    assert "people" in _errors(info)
    sign = _add(p, "warning_sign", danger=d.danger, professionals=[p.team_member], **base)
    assert sign.order == 2


def test_warning_sign_through_the_page_and_on_the_plan(personas, as_user):
    p = personas
    d = build_plan(p)
    client = as_user(p.case_worker)
    form = client.get(url("warning_sign_add", p.family.pk) + f"?agreement={d.agreement.pk}")
    assert f'<option value="{d.agreement.pk}" selected>' in form.content.decode()
    post_one(
        client,
        url("warning_sign_add", p.family.pk),
        {
            "agreement": d.agreement.pk,
            "sign": "Moeder neemt de telefoon niet op.",
            "response": "De buurvrouw gaat langs.",
            "people": [d.network.pk],
        },
    )
    page = client.get(url("plan", p.family.pk)).content.decode()
    assert "Waarschuwingssignalen en triggers" in page
    assert "<strong>Als</strong> Moeder neemt de telefoon niet op." in page
    assert "<strong>Dan</strong> De buurvrouw gaat langs." in page
    assert f'href="#agreement-{d.agreement.pk}">Veiligheidsafspraak 1</a>' in page
    grouped = client.get(url("by_situation", p.family.pk)).content.decode()
    assert "Moeder neemt de telefoon niet op." in grouped
    assert "Vader drinkt &#x27;s middags al bier." in grouped


def test_read_only_sees_the_new_parts_without_change_links(personas, as_user):
    p = personas
    d = build_plan(p)
    page = as_user(p.read_only).get(url("plan", p.family.pk)).content.decode()
    assert "sloeg Testkind op 3 maart" in page
    assert "Het was maar een tik" in page
    assert "Vader drinkt" in page
    for name, pk in (
        ("harm_edit", d.harm.pk),
        ("disagreement_edit", d.disagreement.pk),
        ("warning_sign_edit", d.warning_sign.pk),
    ):
        assert url(name, p.family.pk, pk) not in page
    assert url("warning_sign_add", p.family.pk) not in page


# The frozen version, its PDF and the comparison -------------------------------------------------


def test_snapshot_freezes_harm_links_disagreement_and_signs(personas):
    p = personas
    d = build_plan(p)
    Disagreement.objects.create(
        plan=d.plan, person=p.child, goal=d.goal, text="Ik wil thuis blijven.", recorded_on=day()
    )
    snap = plan_snapshot(d.plan)
    assert snap["format"] == 3
    sections = snap["sections"]
    assert list(sections)[:2] == ["harm_statements", "danger_statements"]
    harm = sections["harm_statements"][0]
    assert harm["title"] == "Schadeformulering 1"
    assert harm["fields"]["happened"] == d.harm.what
    assert harm["fields"]["children"] == p.child.first_name
    danger = sections["danger_statements"][0]
    assert danger["harm_ids"] == [f"harm-{d.harm.pk}"]
    assert danger["fields"]["harms"] == "Schadeformulering 1"
    assert "Testouder Fictief" in danger["fields"]["disagreement"]
    assert (
        "\u201eHet was maar een tik, ik sla mijn kind niet.\u201d"
        in (danger["fields"]["disagreement"])
    )
    assert danger["disagreements"][0]["kind"] == "parent"
    goal = sections["goals"][0]
    assert goal["disagreements"][0]["text"] == "Ik wil thuis blijven."
    sign = sections["warning_signs"][0]
    assert sign["belongs_to"] == f"agreement-{d.agreement.pk}"
    assert sign["fields"]["belongs_to"].startswith("Veiligheidsafspraak 1: Vader gaat")
    assert sign["fields"]["who"] == "Testbuur (buurvrouw)"
    assert sections["agreements"][0]["danger"] == f"danger-{d.danger.pk}"


def test_professionals_acting_on_a_sign_must_sign_the_version(personas):
    p = personas
    d = build_plan(p)
    _add(p, "warning_sign", danger=d.danger, sign="s", response="r", professionals=[p.team_member])
    keys = {s["key"] for s in plan_snapshot(d.plan)["signers"]}
    assert f"user-{p.team_member.pk}" in keys


def test_version_page_and_pdf_show_the_new_parts(personas, as_user):
    p = personas
    d = build_plan(p)
    version = d.version  # build_plan froze everything above in version 1
    client = as_user(p.case_worker)
    page = client.get(url("version", p.family.pk, version.pk)).content.decode()
    for text in (
        "Schadeformuleringen",
        "sloeg Testkind op 3 maart",
        "Komt voort uit",
        "Niet mee eens",
        "Waarschuwingssignalen en triggers",
        "Vader drinkt",
        "In de kindversie",
    ):
        assert text in page, text
    made = []
    with mock.patch.object(
        pdf_module, "html_to_pdf", side_effect=lambda html: made.append(html) or b"%PDF-1.7"
    ):
        assert client.get(url("version_pdf", p.family.pk, version.pk)).status_code == 200
    html = made[0]
    assert "Schadeformuleringen" in html and "Hoe we het weten" in html
    assert "Niet mee eens" in html and "Het was maar een tik" in html
    assert "Als (waar we op letten)" in html and "Vader drinkt" in html


def test_comparison_shows_changes_in_the_new_parts(personas, as_user):
    p = personas
    d = build_plan(p)
    version = d.version  # build_plan froze everything above in version 1
    PlanVersion.objects.filter(pk=version.pk).update(
        status=VersionStatus.DISTRIBUTED, version=F("version") + 1
    )
    client = as_user(p.case_worker)
    post_one(
        client,
        url("disagreement_edit", p.family.pk, d.disagreement.pk),
        {
            "version": d.disagreement.version,
            "person": p.parent.pk,
            "danger": d.danger.pk,
            "text": "Ik heb hem een tik gegeven, meer niet.",
            "recorded_on": day().isoformat(),
            "parents_see": "on",
        },
    )
    _add(
        p,
        "warning_sign",
        danger=d.danger,
        sign="Testkind komt niet naar school.",
        response="De juf belt de buurvrouw.",
        people=[d.network],
    )
    page = client.get(url("version_compare", p.family.pk) + f"?a={version.number}").content
    page = page.decode()
    assert "Niet mee eens" in page and "Ik heb hem een tik gegeven, meer niet." in page
    assert "Waarschuwingssignalen en triggers" in page
    assert "Toegevoegd" in page and "Testkind komt niet naar school." in page


def _format_1(snapshot: dict) -> dict:
    """A snapshot as versions made before harm statements, disagreement and signs were."""
    old = copy.deepcopy(snapshot)
    old["format"] = 1
    sections = old["sections"]
    del sections["harm_statements"], sections["warning_signs"]
    for item in sections["danger_statements"]:
        del item["harm_ids"], item["disagreements"]
        del item["fields"]["harms"], item["fields"]["disagreement"]
    for item in sections["goals"]:
        del item["disagreements"], item["fields"]["disagreement"]
    for item in sections["agreements"]:
        del item["danger"]
    return old


def test_a_version_made_before_still_renders_everywhere(personas, as_user):
    from vangnet.review.adapter import review_version

    p = personas
    d = build_plan(p)
    old = _format_1(d.version.snapshot)
    PlanVersion.objects.filter(pk=d.version.pk).update(snapshot=old)
    d.version.refresh_from_db()
    client = as_user(p.case_worker)
    assert client.get(url("version", p.family.pk, d.version.pk)).status_code == 200
    parents = client.get(url("parents_version", p.family.pk, d.version.pk)).content.decode()
    assert WORRIES in parents
    assert "Wat is er gebeurd?" not in parents  # not shown as empty for an older version
    assert "Waar letten we op?" not in parents
    with mock.patch.object(pdf_module, "html_to_pdf", return_value=b"%PDF-1.7"):
        assert client.get(url("version_pdf", p.family.pk, d.version.pk)).status_code == 200
        assert client.get(url("parents_version_pdf", p.family.pk, d.version.pk)).status_code == 200
    compare = client.get(url("version_compare", p.family.pk) + "?a=1").content.decode()
    assert "Toegevoegd" in compare  # the harm statement and sign of the draft are new
    codes = {f.code for f in review_version(d.version).findings}
    assert "danger_no_warning_sign" not in codes  # not known for that version
    assert "danger_no_harm" not in codes


def test_no_empty_changes_against_an_older_version(personas):
    from vangnet.safety.diff import diff_snapshots

    p = personas
    d = build_plan(p)
    Disagreement.objects.all().delete()
    WarningSign.objects.all().delete()
    HarmStatement.objects.all().delete()
    old = _format_1(plan_snapshot(d.plan))
    assert diff_snapshots(old, plan_snapshot(d.plan)) == []


# The family's versions ---------------------------------------------------------------------------


def test_parents_version_tells_what_happened_who_disagrees_and_what_to_watch_for(personas):
    p = personas
    d = build_plan(p)
    Disagreement.objects.filter(pk=d.disagreement.pk).update(
        text="Het was een incident, geen mishandeling."
    )
    with translation.override("nl"):
        content = parents_version(plan_snapshot(d.plan))
        headings = [str(h) for h, _items in content["parts"]]
        assert headings[:2] == ["Wat is er gebeurd?", WORRIES]
        assert "Waar letten we op?" in headings
        parts = {str(h): items for h, items in content["parts"]}
        harm_lines = {label: text for label, text, _part in parts["Wat is er gebeurd?"][0].lines}
        assert harm_lines["Wat er gebeurde"] == d.harm.what
        worry = parts[headings[1]][0]
        assert (
            "Niet mee eens",
            "Testouder: \u201eHet was een incident, geen mishandeling.\u201d",  # as called
            "disagreement",
        ) in [(str(label), text, part) for label, text, part in worry.lines]
        sign = parts["Waar letten we op?"][0]
        assert [str(label) for label, _t, _p in sign.lines] == ["Als", "Dan", "Wie"]
        b1 = parents_readability(content)
    # what the family said, in their own words, is not marked as hard language
    assert not [f for f in b1["findings"] if f["field"] == "disagreement"]


def test_parents_version_page_shows_disagreement_honestly(personas, as_user):
    p = personas
    d = build_plan(p)
    version = d.version  # build_plan froze everything above in version 1
    page = as_user(p.case_worker).get(url("parents_version", p.family.pk, version.pk))
    page = page.content.decode()
    assert "Niet mee eens" in page
    assert "Het was maar een tik, ik sla mijn kind niet." in page
    assert "Wat is er gebeurd?" in page and "Waar letten we op?" in page


def test_child_version_shows_if_then_for_this_child_only(personas, as_user):
    p = personas
    d = build_plan(p)
    sister = _sibling(p)
    other_danger = DangerStatement.objects.create(
        plan=d.plan, whose="moeder", behaviour="b", situations="s", impact="i", fear="f"
    )
    other_danger.children.set([sister])
    WarningSign.objects.create(
        plan=d.plan,
        danger=other_danger,
        sign="s",
        response="r",
        child_words="Als mama gaat huilen, dan bel je oma.",
    )
    WarningSign.objects.create(plan=d.plan, danger=d.danger, sign="s2", response="r2")
    free = Agreement.objects.create(
        plan=d.plan,
        what="Oma komt op zondag.",
        situation="weekend",
        how="h",
        fallback="f",
        frequency="x",
    )
    WarningSign.objects.create(
        plan=d.plan,
        agreement=free,
        sign="s",
        response="r",
        child_words="Als oma niet komt, dan belt de buurvrouw.",
    )
    client = as_user(p.case_worker)
    mine = client.get(url("child_version", p.family.pk, p.child.pk)).content.decode()
    assert "Als het thuis misgaat" in mine
    assert "Als papa &#x27;s middags bier drinkt, dan haalt de buurvrouw jou op." in mine
    assert "Als oma niet komt, dan belt de buurvrouw." in mine  # for every child
    assert "Als mama gaat huilen" not in mine  # about her sister
    theirs = client.get(url("child_version", p.family.pk, sister.pk)).content.decode()
    assert "Als mama gaat huilen, dan bel je oma." in theirs
    assert "bier drinkt" not in theirs


def test_child_version_without_signs_has_no_empty_heading(personas, as_user):
    p = personas
    build_plan(p)
    WarningSign.objects.update(child_words="")
    page = as_user(p.case_worker).get(url("child_version", p.family.pk, p.child.pk))
    assert "Als het thuis misgaat" not in page.content.decode()


def test_goal_form_numbers_the_danger_statements(personas, as_user):
    p = personas
    d = build_plan(p)
    page = as_user(p.case_worker).get(url("goal_add", p.family.pk)).content.decode()
    assert f'<option value="{d.danger.pk}">Gevaarsformulering 1: vader - slaat Testkind' in page
    assert SafetyGoal.objects.count() == 1


def test_what_the_child_said_can_be_kept_out_of_the_parents_version(personas):
    p = personas
    d = build_plan(p)
    _add(
        p,
        "disagreement",
        person=p.child,
        goal=d.goal,
        text="Papa moet het niet weten, maar ik wil bij oma wonen.",
        recorded_on=day(),
        parents_see=False,
    )
    snapshot = plan_snapshot(d.plan)
    goal = snapshot["sections"]["goals"][0]
    assert "(niet in de versie voor de ouders)" in goal["fields"]["disagreement"]
    with translation.override("nl"):
        content = parents_version(snapshot)
    texts = [
        text for _h, items in content["parts"] for item in items for _l, text, _p in item.lines
    ]
    assert not any("bij oma wonen" in t for t in texts)
    assert any("Het was maar een tik" in t for t in texts)  # the parent's words stay
    # what a parent or caregiver says cannot be hidden from their own version
    with pytest.raises(ValidationError) as info:
        _add(
            p,
            "disagreement",
            person=p.parent,
            goal=d.goal,
            text="Nee.",
            recorded_on=day(),
            parents_see=False,
        )
    assert "parents_see" in _errors(info)
