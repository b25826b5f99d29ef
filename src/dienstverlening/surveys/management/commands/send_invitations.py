"""``dienstverlening send_invitations``: send due invitations and reminders, in batches.

Run it every working day (see docs/surveys.md). On a terminal it shows a progress bar; under a
scheduler (no terminal) it prints only the counts, and nothing at all with ``-v 0``.
"""

from django.core.management.base import BaseCommand

from dienstverlening.core.progress import terminal_progress
from dienstverlening.surveys import texts
from dienstverlening.surveys.invitations import invitations_send


class Command(BaseCommand):
    help = "Verstuurt uitnodigingen en één herinnering voor open metingen."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch", type=int, help="aantal e-mails per batch")

    def handle(self, *args, verbosity: int = 1, **options) -> None:
        with terminal_progress(self.stderr._out) as progress:
            counts = invitations_send(batch_size=options.get("batch"), progress=progress)
        if verbosity >= 1:
            self.stdout.write(texts.invitations_sent_text(counts["sent"], counts["reminded"]))
