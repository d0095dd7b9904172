"""In Debian's Chromium: run a safety meeting from the generated agenda to final minutes.

A member of Team Oost plans a meeting (the agenda is generated), takes all but one family
off with a reason, starts the meeting, writes input, a decision and an action for that
family, and finalises the minutes; afterwards the minutes can no longer be changed.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from tests.browser.test_login_and_family import assert_accessible, enrol

pytestmark = pytest.mark.browser


def test_run_a_meeting_from_agenda_to_final_minutes(page):
    from playwright.sync_api import expect

    enrol(page, "therapeut")
    page.goto("/overleg/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Veiligheidsoverleg")
    page.get_by_role("link", name="Overleg plannen").first.click()

    page.get_by_label("Datum").fill(date.today().isoformat())
    page.get_by_label("Begintijd").fill("13:30")
    page.get_by_label("Plaats of online link").fill("Vergaderzaal Oost")
    page.get_by_role("button", name="Overleg plannen").click()
    expect(page).to_have_url(re.compile(r"/overleg/\d+/$"))
    expect(page.get_by_text("Het overleg is gepland en de agenda is gemaakt.")).to_be_visible()
    assert_accessible(page, "the meeting page with its agenda")

    agenda = page.locator("section[aria-labelledby=agenda] tbody tr th a")
    if agenda.count() == 0:
        page.get_by_label("Reden om toe te voegen").fill("Zorgen van school")
        page.get_by_role("button", name="Op de agenda zetten").click()
    # Keep the first family; take the others off, each with a reason.
    removed = agenda.count() - 1
    while agenda.count() > 1:
        row = page.locator("section[aria-labelledby=agenda] tbody tr").nth(1)
        row.locator("textarea").fill("Vorige week uitgebreid besproken")
        row.get_by_role("button").click()
        expect(page.get_by_text("Het gezin is van de agenda gehaald.")).to_be_visible()
    family_name = agenda.first.inner_text()

    page.get_by_role("button", name="Overleg beginnen").click()
    expect(page.get_by_text("Het overleg is begonnen; de agenda ligt nu vast.")).to_be_visible()
    assert page.get_by_role("button", name="Overleg beginnen").count() == 0

    page.get_by_role("link", name=family_name).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(family_name)
    page.locator("#id_input-text").fill("Oma houdt zich goed aan het plan.")
    page.get_by_role("button", name="Inbreng toevoegen").click()
    expect(page.get_by_text("Opgeslagen in het verslag.")).to_be_visible()

    page.locator("#id_decision-kind").select_option("change_cadence")
    page.locator("#id_decision-text").fill("Veiligheid verbeterd, voortaan elke vier weken.")
    page.locator("#id_decision-cadence_days").fill("28")
    page.get_by_role("button", name="Besluit toevoegen").click()
    expect(page.get_by_text("Veiligheid verbeterd, voortaan elke vier weken.")).to_be_visible()

    page.locator("#id_action-description").fill("Huisbezoek plannen met oma")
    page.locator("#id_action-owner").select_option(index=1)
    page.locator("#id_action-due_on").fill((date.today() + timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Actie toevoegen").click()
    expect(page.get_by_text("Opgeslagen in het verslag.")).to_be_visible()
    assert_accessible(page, "the family's brief and minutes")

    page.get_by_role("link", name="Terug naar de agenda").click()
    page.get_by_role("button", name="Verslag definitief maken").click()
    expect(page.get_by_text("Het verslag is definitief.")).to_be_visible()
    expect(page.locator(".badge", has_text="Verslag definitief")).to_be_visible()

    page.get_by_role("link", name="Verslag (afdrukken)").click()
    expect(page.get_by_text("Veiligheid verbeterd, voortaan elke vier weken.")).to_be_visible()
    if removed:
        expect(page.get_by_text("Vorige week uitgebreid besproken").first).to_be_attached()

    # Final: the family page offers an addendum, no more minutes forms.
    page.go_back()
    page.get_by_role("link", name=family_name).click()
    assert page.get_by_role("button", name="Besluit toevoegen").count() == 0
    expect(page.get_by_role("button", name="Aanvulling toevoegen")).to_be_visible()
