"""``dienstverlening send_invitations``: send due invitations and reminders, in batches.

Run it every working day (see docs/surveys.md).
"""

from django.core.management.base import BaseCommand

from dienstverlening.surveys import texts
from dienstverlening.surveys.invitations import invitations_send


class Command(BaseCommand):
    help = "Verstuurt uitnodigingen en één herinnering voor open metingen."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch", type=int, help="aantal e-mails per batch")

    def handle(self, *args, **options) -> None:
        counts = invitations_send(batch_size=options.get("batch"))
        self.stdout.write(texts.invitations_sent_text(counts["sent"], counts["reminded"]))
