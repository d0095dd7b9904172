"""python manage.py bench_load: many users at once, gunicorn on PostgreSQL (vangnet.bench.load).

Run with DATABASE_URL pointing at a throwaway PostgreSQL database whose name ends in
"_bench": the command drops and re-creates it, loads the demo data and starts gunicorn on
it. `make bench` does this with postgres://postgres@127.0.0.1:5432/vangnet_bench.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from vangnet.bench import load


class Command(BaseCommand):
    help = (
        "Load benchmark: gunicorn + PostgreSQL with the demo data, wrk at 1, 16 and 50 "
        "clients against the floor, the family, plan and meeting pages and their API twins; "
        "then 50 clients for a minute and a check of the access log."
    )
    requires_system_checks = []  # nothing may connect before the database is re-created

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=int, default=10, help="per endpoint and load")
        parser.add_argument("--soak-seconds", type=int, default=60)
        parser.add_argument("--clients", default="1,16,50")
        parser.add_argument("--workers", type=int, default=4)

    def handle(self, *args, seconds, soak_seconds, clients, workers, **options):
        db = settings.DATABASES["default"]
        if db["ENGINE"] != "django.db.backends.postgresql" or not db["NAME"].endswith("_bench"):
            raise CommandError(
                "bench_load needs DATABASE_URL of a throwaway PostgreSQL database whose name "
                "ends in _bench (it is dropped and re-created)."
            )
        if not load.wrk_available():
            raise CommandError("wrk is not installed (Debian: apt-get install wrk).")
        counts = [int(x) for x in clients.split(",") if x.strip()]
        self._recreate(db)
        call_command("migrate", verbosity=0)
        call_command("seed_demo", verbosity=0)
        endpoints, token = self._targets()
        pdf_path = self._largest_version_pdf()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "vangnet.bench.settings",
            "VANGNET_DEMO_WITHOUT_2FA": "1",
            "DB_CONN_MAX_AGE": "60",
        }
        connections.close_all()
        self.stdout.write(
            f"Load benchmark: gunicorn {workers} workers, PostgreSQL, {seconds} s per run"
        )
        from vangnet.audit.models import AccessEvent
        from vangnet.audit.verification import verify_access_log

        report = load.measure(
            env=env,
            endpoints=endpoints,
            username="coach",
            api_token=token,
            clients=counts,
            seconds=seconds,
            soak_seconds=soak_seconds,
            workers=workers,
            count_entries=AccessEvent.objects.count,
            verify=verify_access_log,
            say=self.stdout.write,
            pdf_path=pdf_path,
        )
        report["machine"] = {"cpus": os.cpu_count(), "workers": workers}
        self._print(report, counts)
        out_dir = Path(settings.BASE_DIR) / "var" / "bench"
        out_dir.mkdir(parents=True, exist_ok=True)
        path = out_dir / f"load-{datetime.now(UTC):%Y%m%d-%H%M%S}.json"
        path.write_text(json.dumps(report, indent=2))
        self.stdout.write(f"Written to {path}")
        if not report["log"]["chain_ok"] or not report["log"]["entries_equal_requests"]:
            raise CommandError("The access log does not match the requests served.")
        if report["concurrent_writers"]["lost_updates"] or report["log"]["unexpected_responses"]:
            raise CommandError("Lost updates or unexpected responses under load.")

    def _recreate(self, db) -> None:
        connections.close_all()
        with psycopg.connect(
            host=db["HOST"] or "127.0.0.1",
            port=db["PORT"] or 5432,
            user=db["USER"],
            password=db["PASSWORD"] or None,
            dbname="postgres",
            autocommit=True,
        ) as conn:
            name = db["NAME"]
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')

    def _targets(self) -> tuple[list[load.Endpoint], str]:
        from vangnet.accounts.actions import do_create_api_token
        from vangnet.accounts.models import User
        from vangnet.families.models import Family
        from vangnet.meetings.models import Meeting

        coach = User.objects.get(username="coach")
        family = Family.objects.get(name="Gezin Appelboom")
        meeting = Meeting.objects.filter(team=family.team).order_by("-starts_at").first()
        _, token = do_create_api_token(user=coach, name="bench", days=1)
        endpoints = [
            load.Endpoint("page_floor", "/bench/floor/", api=False, family_data=False),
            load.Endpoint("family_page", f"/gezinnen/{family.pk}/", api=False, family_data=True),
            load.Endpoint("plan_page", f"/veiligheid/{family.pk}/", api=False, family_data=True),
            load.Endpoint("meeting_page", f"/overleg/{meeting.pk}/", api=False, family_data=True),
            load.Endpoint("api_floor", "/api/bench/floor", api=True, family_data=False),
            load.Endpoint(
                "api_family", f"/api/v1/families/{family.pk}", api=True, family_data=True
            ),
            load.Endpoint(
                "api_plan", f"/api/v1/families/{family.pk}/safety", api=True, family_data=True
            ),
            load.Endpoint(
                "api_meeting", f"/api/v1/meetings/{meeting.pk}", api=True, family_data=True
            ),
        ]
        return endpoints, token

    def _largest_version_pdf(self) -> str:
        """A version of another family's plan with every text at its largest allowed length
        (not frozen, so its PDF is made on every download): the heaviest document there is."""
        from vangnet.accounts.models import User
        from vangnet.core.limits import TEXT_MAX
        from vangnet.families.models import Family
        from vangnet.safety.models import Agreement, MappingItem, PlanVersion, SafetyPlan
        from vangnet.safety.snapshot import plan_snapshot

        family = Family.objects.get(name="Gezin Zonnebloem")
        plan, _ = SafetyPlan.objects.get_or_create(family=family)
        words = ("Oma belt elke avond om acht uur en vraagt hoe het ging. " * 200)[:TEXT_MAX]
        for _ in range(10):
            Agreement.objects.create(
                plan=plan, what=words, situation="evening", how=words, fallback=words
            )
            MappingItem.objects.create(
                plan=plan, category="complicating", text=words, contributor_kind="professional"
            )
        number = (
            plan.versions.order_by("-number").values_list("number", flat=True).first() or 0
        ) + 1
        version = PlanVersion.objects.create(
            plan=plan,
            number=number,
            snapshot={**plan_snapshot(plan), "number": number},
            created_by=User.objects.get(username="coach"),
        )
        return f"/veiligheid/{family.pk}/versies/{version.pk}/pdf/"

    def _print(self, report: dict, counts: list[int]) -> None:
        self.stdout.write("")
        header = "| endpoint | " + " | ".join(
            f"{n} cl. req/s | {n} cl. p50 | {n} cl. p95" for n in counts
        )
        self.stdout.write(header + " |")
        for name, rows in report["results"].items():
            cells = " | ".join(
                f"{r['req_per_s']} | {r['p50_ms']} ms | {r['p95_ms']} ms" for r in rows
            )
            self.stdout.write(f"| {name} | {cells} |")
        self.stdout.write("")
        for name, by_clients in report["ratios"].items():
            parts = [
                f"{n} cl.: {v['req_per_s_share_of_floor']:.0%} of floor req/s, "
                f"p50 {v['p50_x_floor']}x, p95 {v['p95_x_floor']}x"
                for n, v in by_clients.items()
            ]
            self.stdout.write(f"{name}: " + "; ".join(parts))
        pdf = report["pdf_interference"]
        self.stdout.write(
            f"While {pdf['pdfs_made']} PDFs of the largest version were made "
            f"({pdf['pdf_seconds_median']} s each): family page p50 {pdf['during']['p50_ms']} ms, "
            f"p99 {pdf['during']['p99_ms']} ms, max {pdf['during']['max_ms']} ms; alone p50 "
            f"{pdf['alone']['p50_ms']} ms, max {pdf['alone']['max_ms']} ms; largest delay "
            f"{pdf['largest_delay_ms']} ms."
        )
        log = report["log"]
        self.stdout.write(
            f"Access log: {log['entries_written']} entries for {log['family_requests_served']} "
            f"family requests served ({'equal' if log['entries_equal_requests'] else 'DIFFERENT'})"
            f", {log['unexpected_responses']} unexpected responses, chain "
            f"{'verifies' if log['chain_ok'] else 'BROKEN: ' + str(log['break'])} "
            f"({log['verified_entries']} entries)."
        )
