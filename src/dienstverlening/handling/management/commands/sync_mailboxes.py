from django.core.management.base import BaseCommand

from dienstverlening.handling.mailsync import mailboxes_sync


class Command(BaseCommand):
    help = (
        "Leest de kopregels van alle actieve teammailboxen en werkt de open e-mails bij. "
        "Veilig om vaak te draaien (bijvoorbeeld elke 5 minuten)."
    )

    def handle(self, *args, **options) -> None:
        failed = 0

        def report(outcome) -> None:
            nonlocal failed
            mailbox, result, error = outcome
            if error:
                failed += 1
                self.stderr.write(f"  {mailbox.name}: MISLUKT – {error}")
            else:
                self.stdout.write(
                    f"  {mailbox.name}: {result.fetched} berichten gelezen, "
                    f"{result.opened} nieuw open, {result.closed} afgehandeld"
                )

        outcomes = mailboxes_sync(progress=report)
        summary = f"{len(outcomes)} mailboxen, {failed} mislukt."
        self.stdout.write(self.style.WARNING(summary) if failed else self.style.SUCCESS(summary))
