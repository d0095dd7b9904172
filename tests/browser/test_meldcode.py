"""In Debian's Chromium: a meldcode trajectory of the demo data through the weighing, and the
aandachtsfunctionaris overview; axe finds no serious violation on the meldcode pages.

Uses the demo users "gedragswetenschapper" (team Noord, writes) and "afk" (safeguarding
lead); other browser tests enrol other users."""

from __future__ import annotations

import re

import pytest

from tests.browser.test_login_and_family import assert_accessible, enrol
from vangnet.demo.meldcode_data import DONOVAN, OVERDUE, SEED_002

pytestmark = pytest.mark.browser


def test_weighing_the_seed_002_case_step_by_step(page, demo_server):
    from playwright.sync_api import expect

    enrol(page, "gedragswetenschapper")
    family_id = demo_server.family_id(SEED_002)
    page.goto(f"/gezinnen/{family_id}/")
    section = page.locator("section[aria-labelledby=meldcode]")
    expect(section).to_contain_text("Stap 4")
    section.get_by_role("link", name="Meldcode openen").click()
    expect(page).to_have_url(re.compile(rf"/meldcode/gezin/{family_id}/$"))
    main = page.locator("main")
    expect(main).to_contain_text("Papa scheldt soms en dan slaat hij.")
    expect(main).to_contain_text("Het afwegingskader is nog niet ingevuld.")
    expect(main).to_contain_text("4 van 10")  # the ACE score
    assert_accessible(page, "the meldcode trajectory page")

    page.get_by_role("link", name="Afwegingskader invullen").click()
    expect(page.locator("h1")).to_contain_text("Stap 4 en 5")
    expect(page.locator("input[name=q2]")).to_have_count(0)  # one question at a time
    assert_accessible(page, "the weighing form")
    page.locator("input[name=q1][value=yes]").check()
    page.locator("textarea[name=q1_rationale]").fill(
        "Milan vertelt het zelf; ouders ontkennen niet."
    )
    page.get_by_role("button", name="Volgende vraag").click()

    expect(page.locator("input[name=q3]")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("Structurele onveiligheid")
    # Milan told it himself: the method treats a disclosure as acute, with its guidance.
    expect(page.locator("main")).to_contain_text("Centrum Seksueel Geweld")
    page.locator("input[name=q2][value=none]").check()
    page.locator("textarea[name=q2_rationale]").fill("Geen direct gevaar; wel zorgen.")
    page.get_by_role("button", name="Volgende vraag").click()

    page.locator("input[name=q3][value=yes]").check()
    page.locator("textarea[name=q3_rationale]").fill("Gezinsbehandeling en hulp voor vader.")
    page.get_by_role("button", name="Volgende vraag").click()

    page.locator("input[name=q4][value=yes]").check()
    page.locator("textarea[name=q4_rationale]").fill("Beide ouders willen meedoen.")
    page.get_by_role("button", name="Volgende vraag").click()

    # Help is the decision; question 5 follows at the evaluation.
    expect(page.locator("main")).to_contain_text("Hulp bieden of organiseren")
    # Saving without the evaluation date: an error next to the field, nothing saved.
    page.get_by_role("button", name="Afweging opslaan").click()
    expect(page.locator("#id_help_evaluate_on_error")).to_contain_text("geëvalueerd")
    # "No unsafety" after a disclosure needs its own, explicit reason.
    expect(page.locator("#id_disclosure_reason_error")).to_contain_text("disclosure")
    assert_accessible(page, "the weighing form with an error")
    page.locator("input[name=help_evaluate_on]").fill("2099-01-15")
    page.locator("textarea[name=disclosure_reason]").fill(
        "Milan vertelde over een klap maanden geleden; vader woont nu bij zijn moeder."
    )
    # Finalising sits next to "save" and asks to confirm first.
    page.get_by_role("button", name="Opslaan en definitief maken").click()
    expect(page.locator("#id_confirm_final_error")).to_be_visible()
    page.locator("input[name=confirm_final]").check()
    page.get_by_role("button", name="Opslaan en definitief maken").click()

    expect(page).to_have_url(re.compile(rf"/meldcode/gezin/{family_id}/traject/\d+/#stap-4$"))
    main = page.locator("main")
    expect(main.locator("#stap-4")).to_contain_text("Hulp bieden of organiseren")
    expect(main.locator("#stap-4")).to_contain_text("Definitief")
    expect(main.locator("#stap-4").get_by_role("link", name="Concept wijzigen")).to_have_count(0)
    expect(main.locator("#stap-5")).to_contain_text("Evalueer de hulp met vraag 5")
    assert_accessible(page, "the trajectory page after the weighing")


def test_safeguarding_lead_sees_the_overview_and_cannot_write(page, demo_server):
    from playwright.sync_api import expect

    enrol(page, "afk")
    page.get_by_role("link", name="Meldcode-overzicht").click()
    expect(page).to_have_url(re.compile(r"/meldcode/overzicht/$"))
    main = page.locator("main")
    overdue = main.locator("section[aria-labelledby=overdue]")
    expect(overdue).to_contain_text(OVERDUE)
    expect(main.locator("section[aria-labelledby=reports]")).to_contain_text(DONOVAN)
    assert_accessible(page, "the meldcode overview")

    main.locator("section[aria-labelledby=reports]").get_by_role("link", name=DONOVAN).click()
    main = page.locator("main")
    expect(main).to_contain_text("Afgesloten na een telefoongesprek")
    expect(main.get_by_role("link", name="Signaal vastleggen")).to_have_count(0)
    expect(main.get_by_role("link", name="Aanvulling toevoegen")).to_have_count(0)
    assert_accessible(page, "a trajectory page for the safeguarding lead")
