"""Load benchmark: the application under gunicorn on PostgreSQL, many clients at once.

wrk (Debian's package) sends the load, on loopback only and for a bounded time. Every
endpoint is measured against a floor - the same stack and middleware doing nothing but
authenticate and render the base template (vangnet.bench.floor) - at 1, 16 and 50
concurrent clients. Then a soak: 50 clients for a minute on the family page; the access
log must verify and hold exactly one entry per family request that gunicorn served
(counted from gunicorn's own access log, so requests cut off by wrk's stop count too).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass
from http.cookiejar import CookieJar
from pathlib import Path

WRK_SCRIPT = r"""
local cookies = {}
for c in string.gmatch(os.getenv("BENCH_COOKIES") or "", "[^|]+") do
  table.insert(cookies, c)
end
local auth = os.getenv("BENCH_AUTH") or ""
local n = 0
request = function()
  n = n + 1
  local headers = {}
  if auth ~= "" then headers["Authorization"] = auth end
  if #cookies > 0 then headers["Cookie"] = cookies[(n % #cookies) + 1] end
  return wrk.format("GET", nil, headers)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,' ..
    '"status":%d,"timeout":%d,"p50":%d,"p95":%d,"p99":%d,"max":%d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
"""

PASSWORD = "Vangnet-demo-2026"  # the demo password (README); fictional data only


@dataclass(frozen=True)
class Endpoint:
    name: str
    path: str
    api: bool
    family_data: bool  # one access-log entry per request


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn with the benchmark settings, its access log in a temporary file."""

    def __init__(self, env: dict, workers: int, workdir: Path):
        self.port = free_port()
        self.access_log = workdir / "gunicorn-access.log"
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "vangnet.wsgi:application",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--access-logfile",
                str(self.access_log),
                "--access-logformat",
                "%(m)s %(U)s %(s)s",
                "--log-level",
                "warning",
                "--timeout",
                "120",
            ],
            env=env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer within 60 s")

    def served(self) -> Counter:
        """(method, path, status) -> count, as gunicorn logged them."""
        counted: Counter = Counter()
        for line in self.access_log.read_text().splitlines():
            parts = line.split()
            if len(parts) == 3:
                counted[tuple(parts)] += 1
        return counted

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def login(base: str, username: str) -> str:
    """A fresh session cookie for the demo user (2FA is off in the demo database)."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    url = f"{base}/account/inloggen/"
    page = opener.open(url, timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD}
    ).encode()
    request = urllib.request.Request(url, data=data, headers={"Referer": url})
    opener.open(request, timeout=30).read()
    cookies = {c.name: c.value for c in jar}
    if "vangnet_session" not in cookies:
        raise RuntimeError(f"could not log in as {username}")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def check(base: str, endpoint: Endpoint, headers: dict) -> None:
    request = urllib.request.Request(base + endpoint.path, headers=headers)
    with urllib.request.urlopen(request, timeout=60) as response:
        if response.status != 200 or response.url != base + endpoint.path:
            raise RuntimeError(f"{endpoint.name}: {response.status} at {response.url}")


# A run with 50 clients leaves requests queued in gunicorn for a second or two after wrk
# stops; the next run waits for them to drain so that it measures only itself.
SETTLE_SECONDS = 3


def run_wrk(url: str, clients: int, seconds: int, env: dict, script: Path) -> dict:
    time.sleep(SETTLE_SECONDS)
    threads = min(2, clients)
    output = subprocess.run(
        [
            shutil.which("wrk") or "wrk",
            f"-t{threads}",
            f"-c{clients}",
            f"-d{seconds}s",
            "--timeout",
            "30s",
            "-s",
            str(script),
            url,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=seconds + 120,
        check=True,
    ).stdout
    line = next(x for x in output.splitlines() if x.startswith("BENCH_JSON "))
    raw = json.loads(line.removeprefix("BENCH_JSON "))
    seconds_run = raw["duration_us"] / 1e6
    errors = raw["connect"] + raw["read"] + raw["write"] + raw["status"] + raw["timeout"]
    return {
        "clients": clients,
        "seconds": round(seconds_run, 1),
        "requests": raw["requests"],
        "errors": errors,
        "req_per_s": round(raw["requests"] / seconds_run, 1),
        "p50_ms": round(raw["p50"] / 1000, 1),
        "p95_ms": round(raw["p95"] / 1000, 1),
        "p99_ms": round(raw["p99"] / 1000, 1),
        "max_ms": round(raw["max"] / 1000, 1),
    }


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def measure(
    *,
    env: dict,
    endpoints: list[Endpoint],
    username: str,
    api_token: str,
    clients: list[int],
    seconds: int,
    soak_seconds: int,
    workers: int,
    count_entries,
    verify,
    say=print,
    pdf_path: str | None = None,
) -> dict:
    """Run the load against a fresh gunicorn; count_entries() and verify() read the log."""
    workdir = Path(tempfile.mkdtemp(prefix="vangnet-load-"))
    script = workdir / "bench.lua"
    script.write_text(WRK_SCRIPT)
    server = Server(env, workers, workdir)
    try:
        cookies = "|".join(login(server.base, username) for _ in range(16))
        page_env = {**os.environ, "BENCH_COOKIES": cookies, "BENCH_AUTH": ""}
        api_env = {**os.environ, "BENCH_COOKIES": "", "BENCH_AUTH": f"Bearer {api_token}"}
        # Each endpoint answers 200 (not a redirect to the login page), and every worker
        # has loaded what it loads once (templates, word lists) before anything is timed.
        for endpoint in endpoints:
            for _ in range(workers * 3):
                if endpoint.api:
                    check(server.base, endpoint, {"Authorization": f"Bearer {api_token}"})
                else:
                    check(server.base, endpoint, {"Cookie": cookies.split("|")[0]})
        served_before = server.served()
        entries_before = count_entries()
        results: dict = {}
        for endpoint in endpoints:
            results[endpoint.name] = []
            for n in clients:
                row = run_wrk(
                    server.base + endpoint.path,
                    n,
                    seconds,
                    api_env if endpoint.api else page_env,
                    script,
                )
                results[endpoint.name].append(row)
                say(
                    f"  {endpoint.name:<14} {n:>3} clients: {row['req_per_s']:>7} req/s  "
                    f"p50 {row['p50_ms']:>7} ms  p95 {row['p95_ms']:>7} ms  "
                    f"p99 {row['p99_ms']:>7} ms  errors {row['errors']}"
                )
        soak_endpoint = next(e for e in endpoints if e.name == "family_page")
        soak = run_wrk(server.base + soak_endpoint.path, 50, soak_seconds, page_env, script)
        say(
            f"  soak: family_page 50 clients {soak['seconds']} s: {soak['req_per_s']} req/s, "
            f"p95 {soak['p95_ms']} ms, errors {soak['errors']}"
        )
        pdf = None
        if pdf_path is not None:
            family = next(e for e in endpoints if e.name == "family_page")
            pdf = pdf_interference(
                server.base,
                family.path,
                pdf_path,
                cookies.split("|")[0],
                page_env,
                script,
                seconds=max(seconds * 2, 20),
            )
            say(
                f"  family page while PDFs are made: max {pdf['during']['max_ms']} ms "
                f"(alone {pdf['alone']['max_ms']} ms), {pdf['pdfs_made']} PDFs"
            )
        api_family = next(e for e in endpoints if e.name == "api_family")
        writes = concurrent_writers(server.base, api_family.path, api_token)
        say(
            f"  {writes['writers']} concurrent writers: {writes['updates_accepted']} updates "
            f"accepted, version moved {writes['version_moved_by']}, lost updates "
            f"{writes['lost_updates']}; contacts {writes['contacts_accepted']} accepted, "
            f"{writes['contacts_added']} added; {writes['responses']}"
        )
        # Let the last requests that wrk cut off finish before counting.
        time.sleep(2)
        served = server.served() - served_before
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    family_paths = {e.path for e in endpoints if e.family_data}
    family_paths.add(api_family.path + "/contacts")
    if pdf_path is not None:
        family_paths.add(pdf_path)
    # A request that read or wrote family data answered 2xx; a refused stale update (409)
    # showed and changed nothing.
    family_requests = sum(
        count
        for (_, path, status), count in served.items()
        if path in family_paths and status.startswith("2")
    )
    bad_status = sum(
        count
        for (_, _, status), count in served.items()
        if status[0] not in "23" and status != "409"
    )
    entries = count_entries() - entries_before
    verified_count, broken = verify()
    return {
        "endpoints": {e.name: {"path_kind": "api" if e.api else "page"} for e in endpoints},
        "results": results,
        "soak": soak,
        "log": {
            "family_requests_served": family_requests,
            "unexpected_responses": bad_status,
            "entries_written": entries,
            "entries_equal_requests": entries == family_requests,
            "verified_entries": verified_count,
            "chain_ok": broken is None,
            "break": None if broken is None else broken.reason,
        },
        "ratios": ratios(results, clients),
        "pdf_interference": pdf,
        "concurrent_writers": writes,
    }


def concurrent_writers(
    base: str, family_path: str, token: str, *, writers: int = 20, rounds: int = 10
) -> dict:
    """writers clients at once, each adding contact-log entries and changing the family's
    notes with the version it read (optimistic locking) through the API. No update may be
    lost: every change answered 200 moved the version by exactly one, every other answered
    409; every contact answered 201 is there."""
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    outcome: Counter = Counter()
    lock = threading.Lock()

    def call(method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(base + path, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            return error.code, {}

    def writer(n: int) -> None:
        for i in range(rounds):
            status, _ = call(
                "POST",
                family_path + "/contacts",
                {
                    "occurred_on": time.strftime("%Y-%m-%d"),
                    "kind": "phone",
                    "summary": f"Belronde {n}-{i}",
                },
            )
            with lock:
                outcome[f"contact {status}"] += 1
            status, family = call("GET", family_path)
            version = family.get("version")
            status, _ = call("PATCH", family_path, {"version": version, "notes": f"{n}-{i}"})
            with lock:
                outcome[f"update {status}"] += 1

    _, before = call("GET", family_path)
    _, contacts_before = call("GET", family_path + "/contacts")
    threads = [threading.Thread(target=writer, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    _, after = call("GET", family_path)
    _, contacts_after = call("GET", family_path + "/contacts")
    updated = outcome["update 200"]
    added = contacts_after["count"] - contacts_before["count"]
    return {
        "writers": writers,
        "rounds": rounds,
        "responses": dict(outcome),
        "updates_accepted": updated,
        "version_moved_by": after["version"] - before["version"],
        "lost_updates": (updated - (after["version"] - before["version"])),
        "contacts_accepted": outcome["contact 201"],
        "contacts_added": added,
        "server_errors": sum(c for k, c in outcome.items() if k.endswith((" 500", " 502"))),
    }


def pdf_interference(
    base: str, page: str, pdf: str, cookie: str, env: dict, script: Path, *, seconds: int
) -> dict:
    """One client reads another family's page while a second keeps downloading the PDF of
    the largest possible version: how much later does the page come?"""
    alone = run_wrk(base + page, 1, seconds // 2, env, script)
    stop = threading.Event()
    made: list[float] = []

    def download() -> None:
        while not stop.is_set():
            started = time.perf_counter()
            request = urllib.request.Request(base + pdf, headers={"Cookie": cookie})
            with urllib.request.urlopen(request, timeout=300) as response:
                if not response.read().startswith(b"%PDF"):
                    raise RuntimeError("the PDF download did not give a PDF")
            made.append(time.perf_counter() - started)

    worker = threading.Thread(target=download, daemon=True)
    worker.start()
    time.sleep(1)  # the first PDF is under way
    during = run_wrk(base + page, 1, seconds, env, script)
    stop.set()
    worker.join(timeout=300)
    made.sort()
    return {
        "alone": alone,
        "during": during,
        "pdfs_made": len(made),
        "pdf_seconds_median": round(made[len(made) // 2], 2) if made else None,
        "largest_delay_ms": round(during["max_ms"] - alone["p50_ms"], 1),
    }


def ratios(results: dict, clients: list[int]) -> dict:
    """Each endpoint against its floor (pages against the page floor, API against the API
    floor): req/s as a share of the floor's, p50 and p95 as multiples of the floor's."""
    out = {}
    for name, rows in results.items():
        floor_name = "api_floor" if name.startswith("api_") else "page_floor"
        if name == floor_name or floor_name not in results:
            continue
        floor_rows = results[floor_name]
        out[name] = {}
        for row, floor in zip(rows, floor_rows, strict=True):
            out[name][str(row["clients"])] = {
                "req_per_s_share_of_floor": _ratio(row, floor, "req_per_s", 3),
                "p50_x_floor": _ratio(row, floor, "p50_ms", 2),
                "p95_x_floor": _ratio(row, floor, "p95_ms", 2),
            }
    return out


def _ratio(row: dict, floor: dict, key: str, digits: int) -> float | None:
    return round(row[key] / floor[key], digits) if floor[key] else None
