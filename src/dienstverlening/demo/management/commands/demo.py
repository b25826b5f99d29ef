from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from dienstverlening.demo.services import DEMO_PASSWORD, demo_load


class Command(BaseCommand):
    help = (
        "Laadt de demo-organisatie (Woerden en Oudewater) zoals die er vandaag uitziet. "
        "Twee keer draaien kan geen kwaad."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--seed", type=int, default=2026, help="Startgetal voor toeval.")
        parser.add_argument("--scale", type=float, default=1.0, help="Omvang (1 = standaard).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Ook laden als DEBUG uit staat (nooit in productie).",
        )

    def handle(self, *args, seed: int, scale: float, force: bool, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG staat uit: dit lijkt een echte omgeving. De demo maakt gebruikers aan "
                f"met het wachtwoord '{DEMO_PASSWORD}' en voorbeeldgegevens. "
                "Wilt u dat toch? Gebruik dan --force."
            )
        report = demo_load(seed=seed, scale=scale, now=timezone.now())
        for name, count in report.counts.items():
            self.stdout.write(f"  {name:<14} {count:>8,}".replace(",", "."))
        self.stdout.write(
            self.style.SUCCESS(f"Demo geladen. Inloggen kan met (wachtwoord: {DEMO_PASSWORD}):")
        )
        for username, role in report.users:
            self.stdout.write(f"  {username:<12} {role}")
        if settings.DV_2FA_REQUIRED:
            self.stdout.write(
                "Tweestapsverificatie is verplicht voor beheerder en coordinator: zij stellen bij "
                "het eerste inloggen een authenticator-app in (QR-code). Zonder telefoon: start "
                "met DV_2FA_REQUIRED=0, zoals make demo doet."
            )
        else:
            self.stdout.write(
                "Tweestapsverificatie is in deze demo niet verplicht (DV_2FA_REQUIRED=0); in "
                "productie wel, voor beheerder en coordinator. Proberen kan met elke log-in: "
                "rechtsboven 'Tweestapsverificatie'."
            )
