"""``dienstverlening twofactor_reset <username>``: remove someone's app and recovery codes."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from dienstverlening.core.twofactor import role_requires_twofactor
from dienstverlening.core.twofactor.services import twofactor_reset


class Command(BaseCommand):
    help = (
        "Haalt de authenticator-app en de herstelcodes van een gebruiker weg (telefoon kwijt of "
        "nieuw). Bij de volgende pagina stelt die een nieuwe app in."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("username", help="De gebruikersnaam.")

    def handle(self, *args, username: str, **options) -> None:
        user_model = get_user_model()
        try:
            user = user_model._default_manager.get_by_natural_key(username)
        except user_model.DoesNotExist:
            raise CommandError(f"Er is geen gebruiker met de naam '{username}'.") from None
        if not twofactor_reset(user=user):
            self.stdout.write(f"{username} had geen tweestapsverificatie ingesteld.")
            return
        then = (
            "stelt bij het inloggen een nieuwe app in"
            if role_requires_twofactor(user)
            else "logt voortaan in met alleen het wachtwoord, tot die het opnieuw aanzet"
        )
        message = f"Tweestapsverificatie van {username} weggehaald: {username} {then}."
        self.stdout.write(self.style.SUCCESS(message))
