"""Measurements: queries and server time per page, the access-log write, chain verification.

Pages are requested in-process with django.test.Client as a logged-in user (both factors),
so "server time" is the time Django spends on the request: opening the database connection
(CONN_MAX_AGE=0 on SQLite), middleware, session, view, template, the access-log entry and
the commits; no network, no WSGI server. Nothing here looks at page content: a page counts
when it answers 200.
"""

from __future__ import annotations

import gc
import re
import statistics
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from vangnet.audit import recorder
from vangnet.audit.context import Actor, Channel
from vangnet.audit.models import AccessAction, AccessBasis
from vangnet.audit.verification import verify_access_log
from vangnet.bench import database

USER_AGENT = "vangnet-bench"
_TABLE = re.compile(r'\b(?:FROM|INTO|UPDATE)\s+"?(\w+)"?', re.IGNORECASE)


class BenchError(Exception):
    pass


def logged_in_client(user) -> Client:
    """A client logged in with both factors, as the real login flow leaves the session."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    client = Client(HTTP_USER_AGENT=USER_AGENT)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def summary(seconds: list[float]) -> dict:
    ordered = sorted(seconds)
    ms = [s * 1000 for s in ordered]
    return {
        "n": len(ms),
        "median_ms": round(statistics.median(ms), 3),
        "p90_ms": round(ms[min(len(ms) - 1, int(0.9 * len(ms)))], 3),
        "min_ms": round(ms[0], 3),
        "max_ms": round(ms[-1], 3),
    }


def _get(client: Client, url: str):
    response = client.get(url)
    if response.status_code != 200:
        raise BenchError(f"GET {url} answered {response.status_code}, expected 200")
    return response


TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


def is_transaction_control(sql: str) -> bool:
    return sql.lstrip().upper().startswith(TRANSACTION_CONTROL)


def query_table(sql: str) -> str:
    if is_transaction_control(sql):
        return "(transaction control)"
    match = _TABLE.search(sql)
    return match.group(1) if match else "(other)"


def count_queries(client: Client, urls: list[str]) -> dict:
    """Queries per request for each URL (the counts seen, and one request's breakdown).

    "min"/"max" count SQL queries; "statements" also counts BEGIN, COMMIT and savepoints.
    """
    per_request = []
    statements = []
    sample = []
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            _get(client, url)
        sqls = [q["sql"] for q in captured.captured_queries]
        statements.append(len(sqls))
        per_request.append(sum(1 for sql in sqls if not is_transaction_control(sql)))
        sample = sample or sqls
    by_table = Counter(query_table(sql) for sql in sample)
    return {
        "min": min(per_request),
        "max": max(per_request),
        "per_request": per_request,
        "statements_min": min(statements),
        "statements_max": max(statements),
        "by_table": dict(sorted(by_table.items())),
        "sql": [sql[:300] for sql in sample],
    }


@dataclass
class Target:
    """One data set as the benchmark requests it: its file, a logged-in client, its URLs."""

    name: str
    path: Path | None  # None: stay on the current database and connection (tests)
    client: Client
    urls: dict[str, list[str]]


def fresh_connection(path: Path | None) -> None:
    """Close the connection so that the next request opens its own, to this bench file, as
    the server does on SQLite (CONN_MAX_AGE=0). Without a path (tests) nothing changes."""
    if path is not None:
        database.point_at(path)


def time_requests(targets: list[Target], page: str, *, requests: int, warmup: int) -> dict:
    """Server time of one page on each data set, taking turns request by request so that
    the machine's background load falls on every data set alike.

    Each request opens its own database connection, as under the real server.
    """
    seconds = {target.name: [] for target in targets}
    gc.collect()
    for i in range(warmup + requests):
        for target in targets:
            urls = target.urls[page]
            url = urls[i % len(urls)]
            fresh_connection(target.path)
            started = time.perf_counter()
            _get(target.client, url)
            elapsed = time.perf_counter() - started
            if i >= warmup:
                seconds[target.name].append(elapsed)
    return {name: summary(values) for name, values in seconds.items()}


def measure_pages(targets: list[Target], page: str, *, requests: int, warmup: int) -> dict:
    """Timing (interleaved) and queries per request of one page on every data set."""
    timing = time_requests(targets, page, requests=requests, warmup=warmup)
    result = {}
    for target in targets:
        fresh_connection(target.path)
        queries = count_queries(target.client, target.urls[page])
        result[target.name] = {
            "urls": len(target.urls[page]),
            "queries": queries,
            "time": timing[target.name],
        }
    return result


def _record_read(actor: Actor, family) -> None:
    recorder.record(
        actor,
        AccessAction.READ,
        object_type="family",
        object_id=family.pk,
        family=family,
        part="dossier",
        basis=AccessBasis.TEAM,
        purpose="zorgverlening",
    )


def measure_record(user, family, *, calls: int) -> dict:
    """record() as a family page calls it: inside the request's transaction.

    All calls run in one transaction that is rolled back, so the data set stays as it was.
    """
    actor = Actor(user=user, channel=Channel.WEB, ip_address="127.0.0.1", user_agent=USER_AGENT)
    seconds = []
    with transaction.atomic():
        with CaptureQueriesContext(connection) as captured:
            _record_read(actor, family)
        gc.collect()
        for _ in range(calls):
            started = time.perf_counter()
            _record_read(actor, family)
            seconds.append(time.perf_counter() - started)
        transaction.set_rollback(True)
    statements = [q["sql"] for q in captured.captured_queries]
    real = [sql for sql in statements if not is_transaction_control(sql)]
    return {
        "time": summary(seconds),
        "queries": len(real),
        "statements_with_savepoints": len(statements),
        "sql": [sql[:300] for sql in statements],
    }


def measure_page_without_log(target: Target, page: str, *, requests: int) -> dict:
    """The family page with and without its access-log write, interleaved against noise.

    "Without" replaces the recorder's write by a no-op for this process only: a measurement,
    never a mode of the application. The difference includes what the micro-benchmark of
    record() cannot see: the extra pages SQLite writes at commit.
    """
    urls = target.urls[page]
    with_log, without_log = [], []
    gc.collect()
    for i in range(requests):
        url = urls[i % len(urls)]
        fresh_connection(target.path)
        started = time.perf_counter()
        _get(target.client, url)
        with_log.append(time.perf_counter() - started)
        with mock.patch.object(recorder, "_append", return_value=[]):
            fresh_connection(target.path)
            started = time.perf_counter()
            _get(target.client, url)
            without_log.append(time.perf_counter() - started)
    with_summary, without_summary = summary(with_log), summary(without_log)
    return {
        "with_log": with_summary,
        "without_log": without_summary,
        "difference_median_ms": round(with_summary["median_ms"] - without_summary["median_ms"], 3),
    }


def measure_verify() -> dict:
    gc.collect()
    started = time.perf_counter()
    checked, broken = verify_access_log()
    seconds = time.perf_counter() - started
    return {
        "entries": checked,
        "seconds": round(seconds, 2),
        "entries_per_second": round(checked / seconds) if seconds else None,
        "ok": broken is None,
        "break": None if broken is None else {"entry": broken.entry_id, "reason": broken.reason},
    }
