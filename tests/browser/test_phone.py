"""In Debian's Chromium at 375x812 (a phone): no main page scrolls sideways, axe finds no
serious violation, and the folded menu opens without JavaScript. Screenshots of the family,
plan, meldcode and meeting pages at 375 and 1280 px go to /tmp/shots/ for a human to look at.
"""

from __future__ import annotations

import base64
import re
import sqlite3
import time
from pathlib import Path

import pytest

from tests.browser.conftest import totp
from tests.browser.test_login_and_family import assert_accessible, submit_password
from vangnet.demo.data import DONOVAN_FAMILY, SEED_002_FAMILY

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots")
PHONE = {"width": 375, "height": 812}


def log_in(page, demo_server, username: str) -> None:
    """Enrol at the first login; after that (another test enrolled this user in the same
    session) answer the code page with a code from the device's key in the demo database."""
    submit_password(page, username)
    if "/tweestaps/" in page.url:
        secret = page.locator("code.secret").inner_text().strip()
        page.locator("input[name=code]").fill(totp(secret))
        page.locator("input[name=code]").press("Enter")
        page.wait_for_url(re.compile(r"^(?!.*/inloggen/).*$"))
        return
    with sqlite3.connect(demo_server.database) as connection:
        key, last_t = connection.execute(
            "SELECT d.key, d.last_t FROM otp_totp_totpdevice d JOIN accounts_user u"
            " ON u.id = d.user_id WHERE u.username = ?",
            (username,),
        ).fetchone()
    secret = base64.b32encode(bytes.fromhex(key)).decode()
    step = max(int(time.time() // 30), last_t + 1)
    page.locator("input[name=code]").fill(totp(secret, at=step * 30))
    page.locator("input[name=code]").press("Enter")
    page.wait_for_url(re.compile(r"^(?!.*/inloggen/).*$"))


def assert_fits(page, what: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    inner = page.evaluate("window.innerWidth")
    assert width <= inner, f"{what} is {width} px wide at {inner} px: it scrolls sideways"


def check(page, url: str, what: str, shot: str | None = None) -> None:
    page.set_viewport_size(PHONE)
    response = page.goto(url)
    assert response.status == 200, f"{what}: {response.status}"
    assert_fits(page, what)
    assert_accessible(page, f"{what} at 375 px")
    if shot:
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{shot}-375.png"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(url)
        page.screenshot(path=str(SHOTS / f"{shot}-1280.png"), full_page=True)


def test_case_pages_fit_a_phone(page, demo_server):
    from playwright.sync_api import expect

    log_in(page, demo_server, "coach")  # Donovan's and Zonnebloem's case worker
    page.set_viewport_size(PHONE)
    page.goto("/gezinnen/")
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= 80, f"the header takes {header['height']} px on a phone"
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    expect(nav).to_be_hidden()
    summary = page.locator(".site-menu > summary")
    assert summary.bounding_box()["height"] >= 44
    summary.click()  # a <details>: works without JavaScript
    expect(nav).to_be_visible()
    for link in nav.get_by_role("link").all():
        assert link.bounding_box()["height"] >= 44, f"{link.inner_text()} is too small to tap"

    donovan = demo_server.family_id(DONOVAN_FAMILY)
    seed_002 = demo_server.family_id(SEED_002_FAMILY)
    check(page, "/gezinnen/", "the family list")
    check(page, f"/gezinnen/{donovan}/", "the family page", "family")
    check(page, f"/veiligheid/{donovan}/", "the plan page", "plan")
    check(page, f"/meldcode/gezin/{seed_002}/", "the meldcode page", "meldcode")
    check(page, "/overleg/", "the meetings page")
    page.goto("/overleg/")
    meeting = page.locator("main a[href^='/overleg/'][href$='/']").filter(has_text="20")
    href = meeting.first.get_attribute("href")
    check(page, href, "a meeting page", "meeting")
    check(page, "/account/profiel/", "the profile")
    # On a phone the plan's parts open one at a time (a script names them as one
    # accordion; without it they are all open): the first part, or the one a link is for.
    page.goto(f"/veiligheid/{donovan}/")
    parts = page.locator("details.part")
    assert parts.count() > 5
    assert page.locator("details.part[open]").count() == 1
    parts.nth(3).locator("summary").click()
    expect(parts.nth(3)).to_have_attribute("open", "")
    assert page.locator("details.part[open]").count() == 1
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/veiligheid/{donovan}/")  # on a desktop every part is open
    assert page.locator("details.part[open]").count() == parts.count()
    page.set_viewport_size(PHONE)
    # The chart: the narrow drawing at 375 px, its text at least 12 px high on the screen.
    page.goto(f"/veiligheid/{donovan}/#scaling")
    narrow = page.locator("svg.scaling-chart-narrow")
    expect(narrow).to_be_visible()
    expect(page.locator("svg.scaling-chart-wide")).to_be_hidden()
    box = narrow.bounding_box()
    assert box["width"] <= 375
    scale = box["width"] / 340
    assert 14 * scale >= 12, f"chart text would be {14 * scale:.1f} px"


def test_privacy_log_fits_a_phone(page, demo_server):
    log_in(page, demo_server, "privacy")
    check(page, "/privacy/logboek/", "the privacy log")
