"""``dienstverlening check_alerts``: evaluate the alert rules (run it nightly)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from dienstverlening.improvement.services import alerts_check
from dienstverlening.improvement.tasks import alerts_check_task


class Command(BaseCommand):
    help = (
        "Controleert de regels voor signaleringen met de cijfers van het dashboard, maakt per "
        "team en oorzaak één signalering en mailt de teammanagers. Eén keer per nacht."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--achtergrond",
            action="store_true",
            help="Niet hier uitvoeren maar als taak voor de taakverwerker klaarzetten.",
        )

    def handle(self, *args, verbosity: int = 1, achtergrond: bool = False, **options) -> None:
        if achtergrond:
            result = alerts_check_task.enqueue()
            if verbosity >= 1:
                self.stdout.write(f"Taak klaargezet: {result.id}")
            return
        outcome = alerts_check(today=timezone.localdate())
        if outcome.failed:
            self.stderr.write(f"{outcome.failed} mails over signaleringen konden niet weg.")
        if verbosity >= 1:
            self.stdout.write(
                f"{outcome.created} nieuwe signaleringen, {outcome.resolved} niet meer van "
                f"toepassing, {outcome.mailed} mails verstuurd."
            )
