"""python manage.py bench: the benchmark of issue 2 on its own throwaway SQLite databases.

Builds (or reuses) a big data set - by default 10,000 families in 100 teams and 1,000,000
access-log entries - and a small one (100 families in 1 team, 1,000 entries) and reports,
for both: queries per request and server time of the family list and a family page; for
the big one also the cost of the access-log write and verify_access_log over all entries.
The report is printed and written to var/bench/report-<date-time>.json.

It never touches the development or production database: see vangnet/bench/database.py.
`make bench` runs it; DATABASE_URL may point at sqlite:///var/bench/bench.sqlite3.
"""

from __future__ import annotations

import json
import os
import platform
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

import django
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.urls import reverse

from vangnet.accounts.models import User
from vangnet.bench import database, measure
from vangnet.bench.generate import (
    GENERATOR_VERSION,
    REFERENCE_PREFIX,
    Sizes,
    counts,
    generate,
    measuring_username,
)
from vangnet.families.models import Family, FamilyStatus

# The small set is exactly the first team of the big one (100 families, generated family by
# family from the same seeds, see generate._families): the user, the list and the family
# pages measured are the same in both, only the rest of the organisation and the log differ.
SMALL = Sizes(families=100, teams=1, entries=1_000)
PAGES = 10  # family pages requested in turn: the team's first open families


class Command(BaseCommand):
    help = (
        "Benchmark on a throwaway SQLite database under var/bench/: generates families and "
        "access-log entries, then reports queries and server time per page, the cost of the "
        "access-log write and verify_access_log time."
    )
    requires_system_checks = []  # nothing may connect before the database is switched

    def add_arguments(self, parser):
        parser.add_argument("--families", type=int, default=10_000)
        parser.add_argument("--entries", type=int, default=1_000_000)
        parser.add_argument("--teams", type=int, default=100)
        parser.add_argument(
            "--db",
            help="Database file directly under var/bench/ (default: var/bench/bench.sqlite3)",
        )
        parser.add_argument("--rebuild", action="store_true", help="Regenerate the data sets.")
        parser.add_argument("--requests", type=int, default=50, help="Timed requests per page.")
        parser.add_argument("--warmup", type=int, default=5, help="Untimed requests first.")
        parser.add_argument("--record-calls", type=int, default=1_000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--skip-small", action="store_true", help="Only the big data set.")

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("Refusing to run: the benchmark never runs in production.")
        big_path = self._big_path(options)
        if options["requests"] < 1 or options["warmup"] < 0 or options["record_calls"] < 1:
            raise CommandError("--requests and --record-calls must be positive.")
        try:
            big = Sizes(options["families"], options["teams"], options["entries"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.options = options
        started = time.perf_counter()
        report = {
            "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "environment": {
                "python": platform.python_version(),
                "django": django.get_version(),
                "sqlite": sqlite3.sqlite_version,
                "platform": platform.platform(),
                "cpus": os.cpu_count(),
                "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
            },
            "settings": {k: options[k] for k in ("requests", "warmup", "record_calls", "seed")},
            "datasets": {},
        }
        plan = [] if options["skip_small"] else [("small", database.small_path(big_path), SMALL)]
        plan.append(("big", big_path, big))
        targets, results = [], {}
        for label, path, sizes in plan:
            target, results[label] = self._prepare_target(label, path, sizes)
            targets.append(target)
        report["datasets"] = results
        self._measure(targets, results)
        report["total_seconds"] = round(time.perf_counter() - started, 1)
        report["environment"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
        self._print(report)
        self._write(report)
        for name, result in report["datasets"].items():
            if not result["verify"]["ok"]:
                raise CommandError(
                    f"verify_access_log found a break in {name}: {result['verify']['break']}"
                )

    def _big_path(self, options) -> Path:
        from_env = database.environment_path()  # refuses a non-bench DATABASE_URL
        if options["db"]:
            return database.check_bench_path(options["db"])
        if from_env is not None:
            return from_env
        return database.default_path(options["families"], options["entries"], options["teams"])

    # -- data sets and measurements --------------------------------------------------

    def _prepare_target(self, label: str, path: Path, sizes: Sizes):
        self.stdout.write(f"\n[{label}] {path}")
        generation = self._prepare(path, sizes)
        user = User.objects.get(username=measuring_username())
        team_id = user.memberships.get().team_id
        families = list(
            Family.objects.filter(team_id=team_id, status=FamilyStatus.OPEN)
            .order_by("id")
            .values_list("pk", flat=True)[:PAGES]
        )
        urls = {
            "family_list": [reverse("families:list")],
            "family_page": [reverse("families:detail", args=[pk]) for pk in families],
        }
        target = measure.Target(label, path, measure.logged_in_client(user), urls)
        result = {
            "database": str(path),
            "sizes": sizes.__dict__,
            "generation": generation,
            "user": user.username,
            "team_families": Family.objects.filter(team_id=team_id).count(),
            "family_ids": families,
        }
        return target, result

    def _measure(self, targets: list[measure.Target], results: dict) -> None:
        opts = self.options
        names = ", ".join(target.name for target in targets)
        for page in ("family_list", "family_page"):
            self.stdout.write(f"\nmeasuring {page.replace('_', ' ')} on {names} (interleaved) ...")
            measured = measure.measure_pages(
                targets, page, requests=opts["requests"], warmup=opts["warmup"]
            )
            for name, values in measured.items():
                results[name][page] = values
        big = targets[-1]
        database.switch_to(big.path)
        user = User.objects.get(username=measuring_username())
        family = Family.objects.get(pk=results["big"]["family_ids"][0])
        self.stdout.write(f"timing {opts['record_calls']} access-log writes on big ...")
        results["big"]["record"] = measure.measure_record(user, family, calls=opts["record_calls"])
        self.stdout.write("family page on big with and without its log write ...")
        results["big"]["page_with_without_log"] = measure.measure_page_without_log(
            big, "family_page", requests=opts["requests"]
        )
        for target in targets:
            self.stdout.write(f"verify_access_log on {target.name} ...")
            database.switch_to(target.path)
            results[target.name]["verify"] = measure.measure_verify()
            results[target.name]["counts"] = counts()
            connection.close()
            files = [target.path, target.path.with_name(target.path.name + "-wal")]
            size = sum(f.stat().st_size for f in files if f.exists())
            results[target.name]["file_mb"] = round(size / 2**20, 1)

    def _prepare(self, path: Path, sizes: Sizes) -> dict:
        """Switch to the bench file, migrate, and generate the data unless it is there."""
        meta_file = path.with_name(path.name + ".meta.json")
        meta = json.loads(meta_file.read_text()) if meta_file.exists() else None
        wanted = {**sizes.__dict__, "seed": self.options["seed"], "generator": GENERATOR_VERSION}
        reuse = (
            not self.options["rebuild"]
            and path.exists()
            and meta is not None
            and meta.get("sizes") == wanted
        )
        if not reuse and path.exists():
            self.stdout.write("  removing the old bench database")
            database.remove(path)
        database.switch_to(path)
        call_command("migrate", verbosity=0, interactive=False)
        database.assert_on(path)
        if reuse and Family.objects.filter(reference__startswith=REFERENCE_PREFIX).count() == (
            sizes.families
        ):
            self.stdout.write(
                f"  reusing the data generated on {meta['generated_at']} "
                f"(in {meta['seconds']:.0f} s; --rebuild to regenerate)"
            )
            return {**meta, "reused": True}
        if reuse:  # the file does not hold what its metadata says: start again
            database.remove(path)
            database.switch_to(path)
            call_command("migrate", verbosity=0, interactive=False)
            database.assert_on(path)
        self.stdout.write(
            f"  generating {sizes.families:,} families in {sizes.teams} teams and "
            f"{sizes.entries:,} access-log entries ..."
        )
        started = time.perf_counter()
        generated = generate(sizes, seed=self.options["seed"], progress=self.stdout.write)
        seconds = round(time.perf_counter() - started, 1)
        self.stdout.write(f"  generated in {seconds} s")
        meta = {
            "sizes": wanted,
            "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "seconds": seconds,
            "generated": generated,
        }
        meta_file.write_text(json.dumps(meta, indent=2))
        connection.close()  # measure on a fresh connection with SQLite's default cache
        return {**meta, "reused": False}

    # -- report ------------------------------------------------------------------------

    def _print(self, report: dict) -> None:
        sets = report["datasets"]
        names = list(sets)
        env = report["environment"]
        out = self.stdout.write
        out("")
        out(
            f"Vangnet benchmark {report['started_at']} - Python {env['python']}, "
            f"Django {env['django']}, SQLite {env['sqlite']}, {env['cpus']} CPUs, load "
            f"{env['load_average_at_start'][0]} at start, {env['load_average_at_end'][0]} at end"
        )
        out(
            "Server time: in-process django.test.Client, a new database connection per request "
            f"(CONN_MAX_AGE=0), median (p90) of {report['settings']['requests']} requests after "
            f"{report['settings']['warmup']} warm-ups, the data sets taking turns."
        )
        rows = [("", *names)]

        def row(title, fn):
            rows.append((title, *[fn(sets[name]) for name in names]))

        def ms(summary):
            return f"{summary['median_ms']:.2f} ({summary['p90_ms']:.2f}) ms"

        def span(low, high):
            return str(low) if low == high else f"{low}-{high}"

        def queries(q):
            return span(q["min"], q["max"])

        def statements(q):
            extra = span(q["statements_min"] - q["min"], q["statements_max"] - q["max"])
            return f"{queries(q)} (+{extra} BEGIN/COMMIT/savepoint)"

        row("families / teams", lambda d: f"{d['counts']['families']:,} / {d['counts']['teams']}")
        row("families in the user's team", lambda d: f"{d['team_families']:,}")
        row("access-log entries", lambda d: f"{d['counts']['entries']:,}")
        row("database file (+WAL)", lambda d: f"{d['file_mb']:,} MB")
        row("generation", lambda d: self._generation(d["generation"]))
        row("family list: queries/request", lambda d: statements(d["family_list"]["queries"]))
        row("family list: server time", lambda d: ms(d["family_list"]["time"]))
        row("family page: queries/request", lambda d: statements(d["family_page"]["queries"]))
        row("family page: server time", lambda d: ms(d["family_page"]["time"]))
        row(
            "verify_access_log",
            lambda d: (
                f"{d['verify']['seconds']:.1f} s "
                f"({d['verify']['entries']:,} entries, {'ok' if d['verify']['ok'] else 'BROKEN'})"
            ),
        )
        widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
        for r in rows:
            out("  ".join(str(cell).ljust(width) for cell, width in zip(r, widths, strict=True)))

        if "small" in sets:
            for page in ("family_list", "family_page"):
                small, big = sets["small"][page]["queries"], sets["big"][page]["queries"]
                same = (small["min"], small["max"]) == (big["min"], big["max"])
                verdict = "same, does not grow" if same else "DIFFERS between the data sets"
                out(
                    f"{page.replace('_', ' ')}: queries {queries(small)} -> {queries(big)}: "
                    f"{verdict}"
                )
        big = sets["big"]
        rec, page = big["record"], big["family_page"]["time"]
        share = rec["time"]["median_ms"] / page["median_ms"] * 100
        out(
            f"access-log write (record(), {rec['time']['n']} calls in a transaction): median "
            f"{rec['time']['median_ms']:.3f} ms, p90 {rec['time']['p90_ms']:.3f} ms, "
            f"{rec['queries']} queries (+{rec['statements_with_savepoints'] - rec['queries']} "
            f"savepoint statements) = {share:.0f}% of the family page's median"
        )
        ab = big["page_with_without_log"]
        out(
            f"family page with / without its log write (interleaved): "
            f"{ab['with_log']['median_ms']:.2f} / {ab['without_log']['median_ms']:.2f} ms "
            f"median, difference {ab['difference_median_ms']:.2f} ms (includes the commit)"
        )
        out(f"total run time {report['total_seconds']:.0f} s")

    @staticmethod
    def _generation(generation: dict) -> str:
        text = f"{generation['seconds']:.0f} s"
        return f"{text} (earlier, reused)" if generation.get("reused") else text

    def _write(self, report: dict) -> None:
        directory = database.bench_dir()
        directory.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        target = directory / f"report-{stamp}.json"
        target.write_text(json.dumps(report, indent=2, default=str))
        self.stdout.write(f"report written to {target}")
