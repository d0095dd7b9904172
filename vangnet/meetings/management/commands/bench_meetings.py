"""python manage.py bench_meetings: the agenda of a team with 500 open families and five
years of history - queries (bounded) and median time - plus the meeting page.

Runs only on its own throwaway SQLite file under var/bench/ (the guard of vangnet/bench):
never on the development or production database. The report is printed and written to
var/bench/meetings-report-<date-time>.json.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from vangnet.audit.context import Actor
from vangnet.bench import database, measure
from vangnet.meetings import actions
from vangnet.meetings.access import get_team_for_user
from vangnet.meetings.bench import bench_team, generate_history, measure_agenda
from vangnet.meetings.models import Meeting


class Command(BaseCommand):
    help = "Benchmark of the safety-meeting agenda on a throwaway SQLite database (var/bench/)."
    requires_system_checks = []  # nothing may connect before the database is switched

    def add_arguments(self, parser):
        parser.add_argument("--families", type=int, default=500)
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument("--runs", type=int, default=20)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--db", help="Database file directly under var/bench/ (default: bench-meetings)"
        )

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("Refusing to run: the benchmark never runs in production.")
        if options["families"] < 1 or options["years"] < 1 or options["runs"] < 1:
            raise CommandError("--families, --years and --runs must be positive.")
        from_env = database.environment_path()  # refuses a non-bench DATABASE_URL
        if options["db"]:
            path = database.check_bench_path(options["db"])
        elif from_env is not None:
            path = from_env.with_name("bench-meetings.sqlite3")
        else:
            path = database.bench_dir() / "bench-meetings.sqlite3"
        if path.exists():
            database.remove(path)
        database.switch_to(path)
        call_command("migrate", verbosity=0, interactive=False)
        database.assert_on(path)

        started = time.perf_counter()
        self.stdout.write(
            f"generating {options['families']} open families, {options['years']} years ..."
        )
        sizes = generate_history(options["families"], options["years"], options["seed"])
        generation_s = round(time.perf_counter() - started, 1)
        team = bench_team()
        self.stdout.write("measuring the agenda ...")
        agenda = measure_agenda(team, runs=options["runs"])

        # The same through the pages: plan a meeting (agenda generated), open it.
        user = team.memberships.first().user
        access = get_team_for_user(user, team.pk, write=True)
        connection.queries_log.clear()  # a full log (DEBUG) would capture nothing
        with CaptureQueriesContext(connection) as planned:
            t0 = time.perf_counter()
            meeting = actions.do_create_meeting(
                actor=Actor.cli(user),
                access=access,
                starts_at=timezone.now() + timedelta(days=1),
                chair=user,
            )
            plan_ms = round((time.perf_counter() - t0) * 1000, 1)
        plan_queries = len(planned.captured_queries)  # read now: the log is cleared below
        client = measure.logged_in_client(user)
        url = reverse("meetings:meeting", args=[meeting.pk])
        connection.queries_log.clear()
        page = measure.count_queries(client, [url])
        page.pop("sql", None)
        timings = []
        for _ in range(options["runs"]):
            t0 = time.perf_counter()
            response = client.get(url, HTTP_USER_AGENT=measure.USER_AGENT)
            timings.append(time.perf_counter() - t0)
            if response.status_code != 200:
                raise CommandError(f"meeting page answered {response.status_code}")
        report = {
            "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": str(path),
            "sizes": sizes,
            "generation_s": generation_s,
            "agenda": agenda,
            "plan_meeting": {"queries": plan_queries, "ms": plan_ms},
            "meeting_page": {"queries": page, **measure.summary(timings)},
            "meetings_in_db": Meeting.objects.count(),
        }
        text = json.dumps(report, indent=2, default=str)
        self.stdout.write(text)
        out = database.bench_dir() / f"meetings-report-{datetime.now(UTC):%Y%m%d-%H%M%S}.json"
        out.write_text(text)
        self.stdout.write(f"report written to {out}")
        if not agenda["bounded"]:
            raise CommandError("the number of agenda queries grows with the number of families")
