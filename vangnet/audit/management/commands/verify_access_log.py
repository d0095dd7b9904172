"""Check the hash chain of the access log (NEN 7513): exit 0 when intact, 1 when broken."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vangnet.audit.verification import check_checkpoints, verify_access_log


class Command(BaseCommand):
    help = (
        "Check that no access-log entry was altered, removed, inserted or reordered. "
        "Prints 'OK: N entries' and exits 0, or names the first broken entry and exits 1. "
        "Reads the log in chunks, so it runs in constant memory on millions of entries. "
        "The application never changes or deletes entries (the database refuses it); they "
        f"are kept at least {settings.ACCESS_LOG_RETENTION_YEARS} years "
        "(ACCESS_LOG_RETENTION_YEARS)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--chunk-size",
            type=int,
            default=5000,
            help="Entries read from the database at a time (default 5000).",
        )
        parser.add_argument(
            "--checkpoint",
            action="append",
            default=[],
            metavar="'ID HASH'",
            help="A line printed earlier by access_log_checkpoint; may be repeated.",
        )

    def handle(self, *args, chunk_size: int, checkpoint: list[str], **options):
        if chunk_size < 1:
            raise CommandError(_("--chunk-size must be at least 1."))
        checkpoints = []
        for line in checkpoint:
            parts = line.split()
            if len(parts) < 2 or not parts[0].isdigit() or len(parts[1]) != 64:
                raise CommandError(
                    _("A checkpoint is '<id> <hash>' as access_log_checkpoint prints it.")
                )
            checkpoints.append((int(parts[0]), parts[1]))
        count, broken = verify_access_log(chunk_size=chunk_size)
        if broken is None:
            broken = check_checkpoints(checkpoints)
        if broken is not None:
            raise CommandError(
                _("Access log chain broken: %(reason)s (%(count)s entries read).")
                % {"reason": broken.reason, "count": count}
            )
        self.stdout.write(
            ngettext("OK: %(count)s entry", "OK: %(count)s entries", count) % {"count": count}
        )
