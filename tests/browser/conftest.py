"""A real Vangnet server with demo data, and Debian's Chromium driven by Playwright.

The server runs in a subprocess on a temporary SQLite file filled by migrate + seed_demo,
WITHOUT VANGNET_DEMO_WITHOUT_2FA, so the real two-factor login applies. These tests do
not use the Django test database.

Where no Chromium is found the tests skip, except in CI (CI set): there they fail.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import shutil
import socket
import sqlite3
import struct
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def unavailable(reason: str):
    """Skip with a clear message, or fail in CI where browser tests must run."""
    if in_ci():
        pytest.fail(f"{reason} - CI is set, so the browser tests must run.", pytrace=False)
    pytest.skip(reason)


def find_chromium() -> str | None:
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    return shutil.which("chromium")


def totp(secret: str, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    """RFC 6238 TOTP (HMAC-SHA1), written out so it does not share code with the app."""
    secret = "".join(secret.split()).upper().replace("%3D", "").rstrip("=")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // step)
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    number = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 10**digits:0{digits}d}"


@dataclass
class DemoServer:
    url: str
    database: Path
    seed_output: str = ""  # what seed_demo printed (logins, portal links)
    log: Path | None = None  # the server's console: the demo sends portal codes there

    def family_id(self, name: str) -> int:
        with sqlite3.connect(self.database) as connection:
            row = connection.execute(
                "SELECT id FROM families_family WHERE name = ?", (name,)
            ).fetchone()
        assert row, f"{name} is not in the demo database"
        return row[0]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, process: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"runserver stopped (exit {process.returncode}):\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    pytest.fail(f"runserver did not answer at {url} within {timeout}s:\n{log.read_text()}")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    if path is None:
        unavailable(
            "No Chromium found (/usr/bin/chromium or `chromium` on PATH); "
            "install Debian's package: apt-get install -y chromium"
        )
    return path


@pytest.fixture(scope="session")
def demo_server(chromium_path, tmp_path_factory) -> DemoServer:
    workdir = tmp_path_factory.mktemp("browser")
    database = workdir / "demo.sqlite3"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"VANGNET_DEMO_WITHOUT_2FA", "DJANGO_DEBUG"}
    }
    env.update(
        DATABASE_URL=f"sqlite:///{database}",
        VANGNET_ENV="development",
        VANGNET_VAR_DIR=str(workdir),
        DJANGO_SETTINGS_MODULE="vangnet.settings",
        PYTHONUNBUFFERED="1",
    )
    manage = [sys.executable, str(BASE_DIR / "manage.py")]
    seed_output = ""
    for command in (["migrate", "--noinput"], ["seed_demo"]):
        done = subprocess.run(
            [*manage, *command],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if done.returncode != 0:
            pytest.fail(f"manage.py {' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
        seed_output = done.stdout
    port = _free_port()
    log = workdir / "runserver.log"
    with log.open("w") as log_file:
        process = subprocess.Popen(
            [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=BASE_DIR,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(f"{url}/account/inloggen/", process, log)
        yield DemoServer(url=url, database=database, seed_output=seed_output, log=log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# Module scope: Playwright's sync API runs an event loop, which Django's ORM refuses to
# share; closing it with the browser module keeps the other test modules unaffected.
@pytest.fixture(scope="module")
def browser(chromium_path):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright is not installed: pip install -e '.[test]'")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser, demo_server):
    context = browser.new_context(base_url=demo_server.url, locale="nl-NL")
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()
