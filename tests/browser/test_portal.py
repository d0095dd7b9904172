"""The portal as grandmother uses it on her phone: the link from the demo output, the code
that the demo's SMS backend prints on the server's console, the parents' version of the
plan and the weekly check-in - at 375 px, without sideways scrolling, checked by axe."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_login_and_family import assert_accessible
from tests.browser.test_phone import PHONE, assert_fits

pytestmark = pytest.mark.browser


def portal_path(demo_server, who: str) -> str:
    for line in demo_server.seed_output.splitlines():
        if line.strip().startswith(who):
            return re.search(r"(/portaal/l/[^/\s]+/)", line).group(1)
    raise AssertionError(f"no portal link for {who} in the demo output")


def last_code(demo_server) -> str:
    codes = re.findall(r"\b(\d{6})\b", demo_server.log.read_text())
    assert codes, "the demo printed no portal code on the console"
    return codes[-1]


def test_grandmother_reads_the_plan_and_checks_in_on_her_phone(browser, demo_server):
    context = browser.new_context(base_url=demo_server.url, locale="nl-NL", viewport=PHONE)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto(portal_path(demo_server, "Oma"))
        assert_fits(page, "the portal's welcome page")
        assert_accessible(page, "the portal's welcome page at 375 px")
        page.get_by_role("button", name="Stuur mij een code").click()
        expect(page).to_have_url(re.compile(r"/portaal/l/[^/]+/code/$"))
        assert_fits(page, "the code page")
        assert_accessible(page, "the portal's code page at 375 px")
        page.locator("main input[name=code]").fill(last_code(demo_server))
        page.locator("main form button[type=submit]").first.click()
        expect(page).to_have_url(re.compile(r"/portaal/$"))
        main = page.locator("main")
        expect(main).to_contain_text("Donovan")
        assert "VN-DEMO" not in main.inner_text()  # no file numbers, no professional file
        assert_fits(page, "the portal's plan page")
        assert_accessible(page, "the portal's plan page at 375 px")

        page.goto("/portaal/weekcheck/")
        assert_fits(page, "the check-in page")
        assert_accessible(page, "the portal's check-in page at 375 px")
        # A professional page is not there for a portal visitor.
        assert page.goto("/gezinnen/").status == 404
    finally:
        context.close()
