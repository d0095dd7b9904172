"""In Debian's Chromium: the child's part of Donovan's plan (demo data) - the child page,
what Donovan said carried into the mapping, a story page with a pictogram, the child
version and the parents' version; axe finds no serious violation on these pages.

Run by test_login_and_family's coach test once "coach" (Donovan's case worker) is logged in:
each demo user can enrol only once per demo server, and no other writer of his file is free.
"""

from __future__ import annotations

import re


def walk_the_childs_part(page, family_id: int, assert_accessible) -> None:
    from playwright.sync_api import expect

    page.goto(f"/veiligheid/{family_id}/")
    page.locator(f"a[href='/veiligheid/{family_id}/kind/']").first.click()
    expect(page).to_have_url(re.compile(rf"/veiligheid/{family_id}/kind/$"))
    main = page.locator("main")
    expect(main).to_contain_text("Dat mama ineens weer voor de deur staat")
    expect(main.locator("svg.pictogram").first).to_be_visible()
    assert_accessible(page, "the child page")

    # Carry something Donovan said about a dream into the mapping.
    main.locator("a[href*='/naar-inventarisatie/']").last.click()
    assert_accessible(page, "the carry form")
    page.locator("main button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/veiligheid/{family_id}/kind/#child_talk$"))
    page.goto(f"/veiligheid/{family_id}/")
    expect(page.locator("main")).to_contain_text("Dat ik gewoon bij oma mag blijven wonen.")

    # A new page for the story: the approval by oma no longer covers it.
    page.goto(f"/veiligheid/{family_id}/kind/")
    main.locator("a[href*='/verhaal-paginas/nieuw/']").first.click()
    assert_accessible(page, "the story page form")
    page.locator("[name=text]").fill("Oma, Ria en Henk passen samen op jou.")
    page.locator("[name=pictogram]").select_option("heart")
    page.locator("main button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/veiligheid/{family_id}/kind/#story_page$"))

    page.goto(f"/veiligheid/{family_id}/kind/")
    main.locator("a[href$='/versie/']").first.click()
    expect(main).to_contain_text("Oma, Ria en Henk passen samen op jou.")
    # The draft's child version is a preview marked "Concept"; the story changed after oma
    # approved it, so it says that too.
    expect(main.locator(".concept").first).to_contain_text("Concept: nog niet ondertekend")
    expect(main.locator(".concept").nth(1)).to_contain_text("nog niet")
    assert_accessible(page, "the child version")

    page.goto(f"/veiligheid/{family_id}/")
    page.locator("section[aria-labelledby=versions] table a").first.click()
    page.locator("main a[href$='/ouders/']").click()
    expect(page.locator("main")).to_contain_text("Wat hebben we afgesproken?")
    assert_accessible(page, "the parents' version")
