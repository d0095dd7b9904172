"""Print the access-log chain head as a checkpoint line, to be kept outside the database."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from vangnet.audit.verification import current_checkpoint


class Command(BaseCommand):
    help = (
        "Print '<id> <hash> <UTC time>' of the newest access-log entry. Run it from a "
        "scheduler (e.g. hourly) and send the line to storage the database cannot change "
        "(syslog server, write-once bucket, e-mail). verify_access_log --checkpoint "
        "'<id> <hash>' then proves that no entries were cut off the end of the log."
    )

    def handle(self, *args, **options):
        entry_id, entry_hash = current_checkpoint()
        self.stdout.write(f"{entry_id} {entry_hash} {timezone.now().isoformat()}")
