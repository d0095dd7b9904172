"""python manage.py bench_safety_plan: the safety-plan benchmark (issue 3) on a throwaway
SQLite file under var/bench/. See vangnet/bench/safety_bench.py."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from vangnet.bench import safety_bench


class Command(BaseCommand):
    help = (
        "Benchmark a safety plan with 60 agreements, 200 scaling scores and 10 versions: "
        "queries per page, median server time of the plan page, PDF generation time. Only "
        "on its own database file under var/bench/."
    )
    requires_system_checks = []  # nothing may connect before the database is switched

    def add_arguments(self, parser):
        parser.add_argument("--db", help="Database file directly under var/bench/")
        parser.add_argument("--requests", type=int, default=30)
        parser.add_argument("--warmup", type=int, default=3)
        parser.add_argument("--pdf-runs", type=int, default=5)

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("Refusing to run: the benchmark never runs in production.")
        if options["requests"] < 1 or options["pdf_runs"] < 1 or options["warmup"] < 0:
            raise CommandError("--requests and --pdf-runs must be positive.")
        safety_bench.run(
            db=options["db"],
            requests=options["requests"],
            warmup=options["warmup"],
            pdf_runs=options["pdf_runs"],
            out=self.stdout,
        )
