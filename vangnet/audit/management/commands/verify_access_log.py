"""Check the hash chain of the access log (NEN 7513): exit 0 when intact, 1 when broken."""

import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vangnet.audit.verification import check_checkpoints, current_checkpoint, verify_access_log


def _parse(line: str) -> tuple[int, str]:
    parts = line.split()
    if len(parts) < 2 or not parts[0].isdigit() or len(parts[1]) != 64:
        raise CommandError(_("A checkpoint is '<id> <hash>' as access_log_checkpoint prints it."))
    return int(parts[0]), parts[1]


class Command(BaseCommand):
    help = (
        "Check that no access-log entry was altered, removed, inserted or reordered. "
        "Prints 'OK: N entries' and exits 0, or names the first broken entry and exits 1. "
        "Reads the log in chunks, in one process per CPU for a big log, in constant memory. "
        "With --state-file it checks only what was added since the last successful check "
        "(run it from cron) and then moves the file on; keep that file outside the database. "
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
        parser.add_argument(
            "--state-file",
            metavar="PATH",
            help=(
                "Incremental check: start at the checkpoint in this file (written by the "
                "last successful check), then write the new head to it. Without the file "
                "yet, the whole log is checked."
            ),
        )
        parser.add_argument(
            "--workers", type=int, default=None, help="Processes (default: one per CPU)."
        )
        parser.add_argument(
            "--retained-from",
            metavar="'ID HASH'",
            help=(
                "After months were removed past their retention (access_log_partitions "
                "--drop-before): the line it printed; the chain is checked from there."
            ),
        )

    def handle(self, *args, chunk_size, checkpoint, state_file, workers, retained_from, **options):
        if chunk_size < 1:
            raise CommandError(_("--chunk-size must be at least 1."))
        checkpoints = [_parse(line) for line in checkpoint]
        since = None
        state = Path(state_file) if state_file else None
        if state is not None and state.exists():
            since = _parse(state.read_text())
        head = current_checkpoint()
        count, broken = verify_access_log(
            chunk_size=chunk_size,
            since=since,
            workers=workers,
            retained_from=_parse(retained_from) if retained_from else None,
        )
        if broken is None:
            broken = check_checkpoints(checkpoints)
        if broken is not None:
            raise CommandError(
                _("Access log chain broken: %(reason)s (%(count)s entries read).")
                % {"reason": broken.reason, "count": count}
            )
        if state is not None:
            # Only the head read before the check is known to be verified.
            tmp = state.with_name(state.name + ".tmp")
            tmp.write_text(f"{head[0]} {head[1]} {timezone.now().isoformat()}\n")
            os.replace(tmp, state)
        if since is None:
            message = ngettext("OK: %(count)s entry", "OK: %(count)s entries", count)
        else:
            message = ngettext(
                "OK: %(count)s entry since entry %(since)s",
                "OK: %(count)s entries since entry %(since)s",
                count,
            )
        self.stdout.write(message % {"count": count, "since": since[0] if since else 0})
