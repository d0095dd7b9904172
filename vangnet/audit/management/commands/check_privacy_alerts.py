"""Raise the privacy officer's alerts for the last hour. Run every few minutes (cron or a
systemd timer), e.g. */5 * * * * manage.py check_privacy_alerts."""

from django.core.management.base import BaseCommand

from vangnet.audit import denials


class Command(BaseCommand):
    help = "Raise alerts for users who read or were refused on unusually many files."

    def handle(self, *args, **options):
        raised = denials.scan()
        for alert in raised:
            # Username and count only: the privacy officer opens the log for the rest.
            self.stdout.write(f"alert {alert.pk}: {alert.kind} {alert.username} ({alert.files})")
        self.stdout.write(f"{len(raised)} new alert(s)")
