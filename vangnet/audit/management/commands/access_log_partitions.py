"""PostgreSQL: make the access log's monthly partitions ahead of time, or remove months
past their retention (vangnet/audit/partitions.py)."""

from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from vangnet.audit import partitions


class Command(BaseCommand):
    help = (
        "Make the access log's monthly partitions for the coming months (run it monthly "
        "from cron), or with --drop-before YYYY-MM remove the months before that one once "
        "they are past the retention period; it prints the line to keep for "
        "verify_access_log --retained-from. Run it as the database role that owns the "
        "tables. SQLite keeps the log in one table: nothing to do there."
    )

    def add_arguments(self, parser):
        parser.add_argument("--ahead", type=int, default=3, help="Months ahead (default 3).")
        parser.add_argument("--drop-before", metavar="YYYY-MM")
        parser.add_argument("--yes", action="store_true", help="Confirm the removal.")

    def handle(self, *args, ahead, drop_before, yes, **options):
        if connection.vendor != "postgresql":
            self.stdout.write("The access log is partitioned on PostgreSQL only.")
            return
        today = timezone.localdate()
        with transaction.atomic(), connection.cursor() as cursor:
            if drop_before is None:
                made = partitions.ensure(cursor, today, months_ahead=ahead)
                self.stdout.write(", ".join(made) if made else "All partitions are there.")
                return
            month = self._month(drop_before)
            keep_from = date(today.year - settings.ACCESS_LOG_RETENTION_YEARS, today.month, 1)
            if month > keep_from:
                raise CommandError(
                    f"Entries are kept {settings.ACCESS_LOG_RETENTION_YEARS} years: months "
                    f"from {keep_from:%Y-%m} on stay."
                )
            if not yes:
                raise CommandError("Removing months of the access log needs --yes.")
            removed, anchor = partitions.drop_before(cursor, month)
        if not removed:
            self.stdout.write("No month to remove.")
            return
        self.stdout.write(f"Removed: {', '.join(removed)}")
        if anchor:
            self.stdout.write(
                "Keep this line outside the database; verify with "
                f'verify_access_log --retained-from "{anchor[0]} {anchor[1]}":'
            )
            self.stdout.write(f"{anchor[0]} {anchor[1]}")

    def _month(self, value: str) -> date:
        try:
            year, month = (int(x) for x in value.split("-"))
            return date(year, month, 1)
        except ValueError:
            raise CommandError("--drop-before takes a month as YYYY-MM.") from None
