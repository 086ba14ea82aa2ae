"""python -m joinedup api-token EMAIL PLACE [--write]: make an app API token for a person.

The token is printed once, alone on the last line (so a script can take `tail -n 1`); only its
hash is stored.
"""

from django.core.management.base import BaseCommand, CommandError

from joinedup.api import services
from joinedup.core.models import Place, User


class Command(BaseCommand):
    help = "Make an app API token (/api/v1/) for a person in a place; prints it on the last line."

    def add_arguments(self, parser):
        parser.add_argument("email", help="the person's email address")
        parser.add_argument("place", help="the place's slug, for example exeter")
        parser.add_argument("--write", action="store_true", help="allow changes, not only reads")
        parser.add_argument("--name", default="", help="what the token is for")

    def handle(self, *args, email, place, write, name, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No person with the email {email}")
        where = Place.objects.filter(slug=place).first()
        if where is None:
            raise CommandError(f"No place called {place}")
        try:
            token, raw = services.issue_token(
                user=user, place=where, write=write, name=name or "Command line"
            )
        except services.TokenRefused as refused:
            raise CommandError(str(refused)) from None
        self.stdout.write(
            f"Made a {token.get_scope_display().lower()} token for {user.email} in {where.name}."
            " Keep it secret: it is not shown again."
        )
        self.stdout.write(raw)
