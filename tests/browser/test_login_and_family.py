"""In Debian's Chromium: log in with real 2FA, open Donovan's family file, check with axe."""

from __future__ import annotations

import re
import time

import pytest

from tests.browser.conftest import totp
from vangnet.demo.data import DEMO_PASSWORD, DONOVAN_FAMILY

pytestmark = pytest.mark.browser

SERIOUS = {"serious", "critical"}


def assert_accessible(page, what: str) -> None:
    """axe-core finds no violation with impact serious or critical on this page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v.get("impact") in SERIOUS]
    report = "\n".join(
        f"- [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})\n"
        + "\n".join(f"    at {n['target']}: {n.get('failureSummary', '')}" for n in v["nodes"])
        for v in serious
    )
    assert not serious, f"axe found serious/critical violations on {what}:\n{report}"


def submit_password(page, username: str) -> None:
    page.goto("/account/inloggen/")
    page.locator("input[name=username]").fill(username)
    password = page.locator("input[name=password]")
    password.fill(DEMO_PASSWORD)
    password.press("Enter")


def enrol(page, username: str) -> str:
    """First login: the 2FA set-up page shows the key; confirm it with a computed code."""
    from playwright.sync_api import expect

    submit_password(page, username)
    expect(page).to_have_url(re.compile(r"/account/inloggen/tweestaps/$"))
    secret = page.locator("code.secret").inner_text().strip()
    assert len(secret.replace(" ", "")) >= 16, f"no usable key on the set-up page: {secret!r}"
    page.locator("input[name=code]").fill(totp(secret))
    page.locator("input[name=code]").press("Enter")
    expect(page).to_have_url(re.compile(r"/gezinnen/$"))
    return secret


def test_login_page_has_no_serious_accessibility_violations(page):
    response = page.goto("/account/inloggen/")
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator("input[name=username]").count() == 1
    assert_accessible(page, "the login page")


def test_coach_enrols_2fa_and_opens_donovans_family(page, demo_server):
    from playwright.sync_api import expect

    submit_password(page, "coach")
    # First login: no device yet, so the set-up page with the key (not the code page).
    expect(page).to_have_url(re.compile(r"/account/inloggen/tweestaps/$"))
    secret = page.locator("code.secret").inner_text().strip()
    assert len(secret.replace(" ", "")) >= 16, f"no usable key on the set-up page: {secret!r}"
    expect(page.locator(".qr svg, .qr img")).to_have_count(1)
    assert_accessible(page, "the 2FA set-up page")

    # A wrong code is refused with a message, and the user stays on the set-up page.
    right = totp(secret)
    wrong = f"{(int(right) + 500_000) % 1_000_000:06d}"
    page.locator("input[name=code]").fill(wrong)
    page.locator("input[name=code]").press("Enter")
    expect(page.locator("[role=alert], .error").first).to_be_visible()
    expect(page).to_have_url(re.compile(r"/account/inloggen/tweestaps/$"))
    assert_accessible(page, "the 2FA set-up page with an error")

    time.sleep(1.5)  # django-otp delays the next try after a wrong code (throttling)
    page.locator("input[name=code]").fill(totp(secret))
    page.locator("input[name=code]").press("Enter")
    expect(page).to_have_url(re.compile(r"/gezinnen/$"))
    # Real 2FA is on: this server has no VANGNET_DEMO_WITHOUT_2FA, so no demo banner.
    expect(page.locator(".banner-demo")).to_have_count(0)

    # The families list shows the team's families; Donovan's is one of them.
    expect(page.locator("h1")).to_be_visible()
    family_link = page.get_by_role("link", name=DONOVAN_FAMILY, exact=True)
    expect(family_link).to_be_visible()
    assert_accessible(page, "the families list")

    family_link.click()
    family_id = demo_server.family_id(DONOVAN_FAMILY)
    expect(page).to_have_url(re.compile(rf"/gezinnen/{family_id}/$"))
    expect(page.locator("h1")).to_contain_text(DONOVAN_FAMILY)
    main = page.locator("main")
    # Its members: Donovan, his grandmother (guardian) and his mother.
    expect(main).to_contain_text("Donovan Appelboom")
    expect(main).to_contain_text("Wilhelmina Appelboom")
    expect(main).to_contain_text("Mirjam Appelboom")
    assert_accessible(page, "the family page")

    from tests.browser.child_part import walk_the_childs_part

    walk_the_childs_part(page, family_id, assert_accessible)


def test_second_login_asks_only_for_the_code(page):
    from playwright.sync_api import expect

    secret = enrol(page, "psychiater")
    page.context.clear_cookies()

    submit_password(page, "psychiater")
    expect(page).to_have_url(re.compile(r"/account/inloggen/code/$"))
    expect(page.locator("code.secret")).to_have_count(0)
    assert_accessible(page, "the code page")
    # The code of the next time step: the one used at enrolment cannot be used again.
    page.locator("input[name=code]").fill(totp(secret, at=time.time() + 30))
    page.locator("input[name=code]").press("Enter")
    expect(page).to_have_url(re.compile(r"/gezinnen/$"))


def test_other_team_sees_nothing_of_donovans_family(page, demo_server):
    from playwright.sync_api import expect

    enrol(page, "buitenstaander")
    expect(page.get_by_role("link", name=DONOVAN_FAMILY, exact=True)).to_have_count(0)
    response = page.goto(f"/gezinnen/{demo_server.family_id(DONOVAN_FAMILY)}/")
    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text("Donovan")


def test_the_axe_check_catches_a_violation(browser):
    """The check above can fail: an image without alt text is a critical violation."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content(
            '<html lang="nl"><head><title>t</title></head><body><main>'
            '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></body></html>'
        )
        with pytest.raises(AssertionError, match="image-alt"):
            assert_accessible(page, "a page with an image without alt text")
    finally:
        context.close()
