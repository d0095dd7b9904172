"""List family files past their retention date and, after explicit confirmation, destroy them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vangnet.accounts.models import User
from vangnet.audit.context import Actor
from vangnet.families.actions import do_destroy_family
from vangnet.families.models import (
    AccessGrant,
    DestructionOutcome,
    DestructionRequest,
    DestructionScope,
    Family,
    GrantKind,
)


def _unreviewed_emergency(family_ids):
    """Destroying the file would also remove the emergency access still to be reviewed."""
    return AccessGrant.objects.filter(
        family_id__in=family_ids, kind=GrantKind.EMERGENCY, reviewed_at__isnull=True
    )


class Command(BaseCommand):
    help = (
        "List the family files whose retention date (keep until) has passed: file number, "
        "team and retention date, never names. With --destroy, destroy them after you type "
        "the number of files to confirm (or --yes, for scripts). --as names the functional "
        "admin or privacy officer who runs the command; every destruction leaves a 'delete' "
        "entry in the access log under that user. Files with emergency access that has not "
        "been reviewed yet are kept until the privacy officer has reviewed it. "
        "Access-log entries themselves are never deleted: the database refuses it, and they "
        f"are kept at least {settings.ACCESS_LOG_RETENTION_YEARS} years "
        "(ACCESS_LOG_RETENTION_YEARS), also after the file itself is destroyed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--as",
            dest="as_user",
            metavar="USERNAME",
            help="Username of the functional admin or privacy officer running this (required).",
        )
        parser.add_argument(
            "--destroy", action="store_true", help="Destroy the listed files (asks first)."
        )
        parser.add_argument(
            "--yes", action="store_true", help="With --destroy: do not ask (for scripts)."
        )

    def handle(self, *args, as_user: str | None, destroy: bool, yes: bool, **options):
        operator = self._operator(as_user)
        today = timezone.localdate()
        expired = list(
            Family.objects.filter(retention_until__lt=today)
            .select_related("team")
            .order_by("retention_until", "reference")
        )
        held = set(
            _unreviewed_emergency([f.pk for f in expired]).values_list("family_id", flat=True)
        )
        self.on_request = set(
            DestructionRequest.objects.filter(
                family_id__in=[f.pk for f in expired],
                outcome=DestructionOutcome.GRANTED,
                scope=DestructionScope.WHOLE_FILE,
            ).values_list("family_id", flat=True)
        )
        self._list(expired, held, today)
        to_destroy = [f for f in expired if f.pk not in held]
        if not destroy:
            if to_destroy:
                self.stdout.write(
                    _("Nothing destroyed. Run again with --destroy to destroy these files.")
                )
            return
        if not to_destroy:
            self.stdout.write(_("Nothing to destroy."))
            return
        if not yes:
            self._confirm(len(to_destroy))
        self._destroy(Actor.cli(operator), to_destroy)

    def _operator(self, username: str | None) -> User:
        if not username:
            raise CommandError(
                _("Say who runs this with --as <username> (functional admin or privacy officer).")
            )
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(_("There is no active user with this username."))
        if not (user.is_functional_admin or user.is_privacy_officer):
            raise CommandError(
                _("Only a functional admin or a privacy officer may destroy family files.")
            )
        return user

    def _list(self, expired: list[Family], held: set[int], today) -> None:
        self.stdout.write(
            ngettext(
                "%(count)s family file is past its retention date (today is %(today)s).",
                "%(count)s family files are past their retention date (today is %(today)s).",
                len(expired),
            )
            % {"count": len(expired), "today": today.isoformat()}
        )
        if not expired:
            return
        header = (_("File number"), _("Team"), _("Keep until"))
        self.stdout.write(f"{header[0]:<20} {header[1]:<30} {header[2]}")
        for family in expired:
            line = f"{family.reference:<20} {family.team.name[:30]:<30} {family.retention_until}"
            if family.pk in self.on_request:
                line += "  " + _("(destruction on request, Jeugdwet art. 7.3.9)")
            if family.pk in held:
                line += "  " + _("(kept: emergency access not yet reviewed)")
            self.stdout.write(line)

    def _confirm(self, count: int) -> None:
        prompt = ngettext(
            "This destroys %(count)s family file for good. Type %(count)s to confirm: ",
            "This destroys %(count)s family files for good. Type %(count)s to confirm: ",
            count,
        ) % {"count": count}
        try:
            answer = input(prompt)
        except EOFError:
            answer = ""
        if answer.strip() != str(count):
            raise CommandError(_("Not confirmed: nothing was destroyed."))

    def _destroy(self, actor: Actor, families: list[Family]) -> None:
        destroyed = 0
        problems = 0
        for listed in families:
            try:
                with transaction.atomic():
                    # Read again under lock: the file may have changed since it was listed.
                    family = Family.objects.select_for_update().filter(pk=listed.pk).first()
                    if family is None:
                        continue
                    if _unreviewed_emergency([family.pk]).exists():
                        raise ValidationError(_("Emergency access not yet reviewed: kept."))
                    do_destroy_family(actor=actor, family=family)
            except ValidationError as error:
                problems += 1
                self.stderr.write(f"{listed.reference}: {' '.join(error.messages)}")
                continue
            destroyed += 1
            self.stdout.write(_("%(reference)s destroyed.") % {"reference": listed.reference})
        self.stdout.write(
            ngettext(
                "%(count)s family file destroyed; its access-log entries are kept.",
                "%(count)s family files destroyed; their access-log entries are kept.",
                destroyed,
            )
            % {"count": destroyed}
        )
        if problems:
            raise CommandError(
                ngettext(
                    "%(count)s file was not destroyed, see above.",
                    "%(count)s files were not destroyed, see above.",
                    problems,
                )
                % {"count": problems}
            )
