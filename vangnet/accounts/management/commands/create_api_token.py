"""Create a personal API bearer token for a user; the token is printed once."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from vangnet.accounts.actions import do_create_api_token
from vangnet.accounts.models import User


class Command(BaseCommand):
    help = (
        "Create a bearer token for the JSON API (Authorization: Bearer <token>). "
        "Only the token is written to standard output, once: Vangnet keeps just its hash. "
        "The user can see and revoke the token on their profile page."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="The user the token belongs to.")
        parser.add_argument(
            "--name", default="manage.py", help="What the token is for (shown on the profile)."
        )
        parser.add_argument(
            "--days", type=int, default=90, help="How long the token is valid (1-365, default 90)."
        )

    def handle(self, *args, username: str, name: str, days: int, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("There is no user with this username."))
        if not user.is_active:
            raise CommandError(_("This user is deactivated; a token is not possible."))
        if not 1 <= days <= 365:
            raise CommandError(_("A token is valid for 1 to 365 days."))
        token, raw = do_create_api_token(user=user, name=name, days=days)
        self.stderr.write(
            _(
                "Token %(name)s (%(prefix)s…) created for %(username)s. It is shown only "
                "this once: store it safely."
            )
            % {"name": token.name, "prefix": token.prefix, "username": user.username}
        )
        self.stdout.write(raw)
