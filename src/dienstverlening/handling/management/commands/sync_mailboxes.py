from django.core.management.base import BaseCommand

from dienstverlening.core.progress import Stage, terminal_progress
from dienstverlening.handling.mailsync import mailboxes_sync
from dienstverlening.handling.models import Mailbox


class Command(BaseCommand):
    help = (
        "Leest de kopregels van alle actieve teammailboxen en werkt de open e-mails bij. "
        "Veilig om vaak te draaien (bijvoorbeeld elke 5 minuten). Op een terminal met "
        "voortgangsbalk; met -v 0 (cron) alleen de mailboxen die mislukken."
    )

    def handle(self, *args, verbosity: int = 1, **options) -> None:
        total = Mailbox.objects.filter(active=True).count()
        outcomes = []
        with terminal_progress(self.stderr._out) as progress:

            def report(outcome) -> None:
                outcomes.append(outcome)
                if progress:
                    progress(Stage.SYNC, len(outcomes), max(total, len(outcomes)))

            if progress:
                progress(Stage.SYNC, 0, total)
            mailboxes_sync(progress=report)
        failed = 0
        for mailbox, result, error in outcomes:
            if error:
                failed += 1
                self.stderr.write(f"  {mailbox.name}: MISLUKT – {error}")
            elif verbosity >= 1:
                self.stdout.write(
                    f"  {mailbox.name}: {result.fetched} berichten gelezen, "
                    f"{result.opened} nieuw open, {result.closed} afgehandeld"
                )
        if verbosity >= 1 or failed:
            summary = f"{len(outcomes)} mailboxen, {failed} mislukt."
            self.stdout.write(
                self.style.WARNING(summary) if failed else self.style.SUCCESS(summary)
            )
