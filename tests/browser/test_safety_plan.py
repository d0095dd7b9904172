"""In Debian's Chromium: a safety plan from draft to a second version - bad input, an
agreement, a score, a version signed, agreed, distributed and made active, an evaluation,
a change after distribution (new draft, version 1 frozen), version 2 and its differences,
the PDF; axe finds no serious violation on the plan pages.

Uses the demo user "coach-oost" (team Oost) and the family Gezin Rozenstruik; other
browser tests enrol other users. Donovan's plan (demo data) is opened read-only at the end.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.browser.test_login_and_family import assert_accessible, enrol
from vangnet.demo.data import DONOVAN_FAMILY

pytestmark = pytest.mark.browser

FAMILY = "Gezin Rozenstruik"


def test_safety_plan_lifecycle_in_the_browser(page, demo_server):
    from playwright.sync_api import expect

    today = date.today().isoformat()
    enrol(page, "coach-oost")
    family_id = demo_server.family_id(FAMILY)
    page.goto(f"/gezinnen/{family_id}/")
    section = page.locator("section[aria-labelledby=safety-plan]")
    expect(section).to_contain_text("Er is nog geen veiligheidsplan.")
    section.get_by_role("link", name="Open het veiligheidsplan").click()
    expect(page).to_have_url(re.compile(rf"/veiligheid/{family_id}/$"))
    assert_accessible(page, "the empty safety plan")
    main = page.locator("main")

    # Bad input: errors next to the fields, nothing saved.
    page.get_by_role("link", name="Veiligheidsafspraak toevoegen").click()
    assert_accessible(page, "the agreement form")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#id_what_error")).to_contain_text("verplicht")
    assert_accessible(page, "the agreement form with errors")

    page.locator("[name=people]").first.check()
    page.locator("[name=what]").fill("Anja blijft erbij als Luuk zijn moeder ziet.")
    page.locator("[name=situation]").select_option(label="Omgang en bezoek")
    page.locator("[name=how]").fill("1. Omgang op vaste tijden. 2. Anja is erbij.")
    page.locator("[name=fallback]").fill("De voogd wordt gebeld.")
    page.locator("[name=monitor_user]").select_option(label="Olga Oosterwind")
    page.locator("[name=frequency]").fill("Na elke omgang")
    page.get_by_role("button", name="Opslaan").click()
    expect(page).to_have_url(re.compile(rf"/veiligheid/{family_id}/#agreement$"))
    expect(main).to_contain_text("Anja blijft erbij als Luuk zijn moeder ziet.")

    page.get_by_role("link", name="Veiligheidsscore vastleggen").click()
    page.locator("[name=participant]").select_option(label="Anja Dennenbos (pleegmoeder)")
    page.locator("[name=score]").fill("6")
    page.locator("[name=reason]").fill("De omgang verloopt rustig.")
    page.get_by_role("button", name="Opslaan").click()
    # One chart, drawn twice: wide for a desktop, narrow with a legend for a phone.
    expect(page.locator("svg.scaling-chart")).to_have_count(2)
    expect(page.locator("svg.scaling-chart-narrow")).to_have_count(1)
    expect(main).to_contain_text("De omgang verloopt rustig.")
    assert_accessible(page, "the safety plan with an agreement and a score")

    # Version 1: signed by everyone, agreed, distributed, made active.
    page.get_by_role("button", name="Maak een versie om te tekenen").click()
    expect(page.locator("h1")).to_contain_text("Veiligheidsplan versie 1")
    assert_accessible(page, "the version page")
    # Everyone's sign-off in one form: a row per signer, "agreed" in the same step.
    rows = page.locator("#sign-many input[type=checkbox][name$='-signed']")
    expect(rows).to_have_count(2)
    for index in range(2):
        rows.nth(index).check()
    page.get_by_role("button", name="Handtekeningen opslaan").click()
    expect(page.locator(".messages")).to_contain_text("2 handtekeningen zijn vastgelegd.")
    expect(page.locator("h2#status")).to_contain_text("Akkoord")
    assert_accessible(page, "the agreed version with the distribution step")
    # Distributed to everyone who signed and made the active plan, in one step.
    page.get_by_label("Maak dit vanaf die datum ook het geldende plan").check()
    page.get_by_role(
        "button", name="Verspreiding aan iedereen die heeft getekend vastleggen"
    ).click()
    expect(main).to_contain_text("Vastgelegd")
    expect(page.locator("h2#status")).to_contain_text("Geldend")
    pdf = page.request.get(page.get_by_role("link", name="Download als pdf").get_attribute("href"))
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")

    # Evaluation: plan it, then record it.
    page.get_by_role("link", name="Terug naar het veiligheidsplan").click()
    page.get_by_role("link", name="Evaluatie plannen").click()
    page.locator("[name=scheduled_on]").fill(today)
    page.get_by_role("button", name="Opslaan").click()
    page.locator("section[aria-labelledby=evaluations] tbody a").first.click()
    assert_accessible(page, "the evaluation form")
    page.locator("input[type=radio][value=kept]").first.check()
    page.locator("[name=decision]").select_option(label="Plan voortzetten")
    page.locator("[name=next_on]").fill("2099-01-01")
    page.get_by_role("button", name="Evaluatie opslaan").click()
    expect(page.locator(".messages")).to_contain_text("De evaluatie is vastgelegd.")

    # A change after distribution is a new draft; version 1 stays as it was.
    page.locator("section[aria-labelledby=agreement]").get_by_role("link", name="Wijzigen").click()
    page.locator("[name=frequency]").fill("Elke week")
    page.get_by_role("button", name="Wijzigingen opslaan").click()
    expect(main).to_contain_text("Nieuw concept")
    page.get_by_role("button", name="Maak een versie om te tekenen").click()
    expect(page.locator("h1")).to_contain_text("Veiligheidsplan versie 2")
    page.get_by_role("link", name="Vergelijk met versie 1").click()
    expect(main).to_contain_text("Na elke omgang")
    expect(main).to_contain_text("Elke week")
    assert_accessible(page, "the differences between versions")


def test_donovans_plan_from_the_demo_data(page, demo_server):
    from playwright.sync_api import expect

    enrol(page, "directeur")  # team Oost: no access to Donovan's file
    response = page.goto(f"/veiligheid/{demo_server.family_id(DONOVAN_FAMILY)}/")
    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text("Donovan")
