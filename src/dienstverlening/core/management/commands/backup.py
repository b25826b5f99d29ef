"""``dienstverlening backup [PATH]``: a copy of the database, safe while the app runs."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dienstverlening.core.backup import BackupError, backup_create
from dienstverlening.core.formats import format_number


class Command(BaseCommand):
    help = _(
        "Maakt een back-up van de database, ook terwijl de applicatie draait: SQLite met de "
        "online back-up van SQLite, PostgreSQL met pg_dump (custom-formaat). Zonder PAD komt er "
        "een bestand met datum en tijd in DV_BACKUP_DIR, waar daarna alleen de nieuwste "
        "DV_BACKUP_KEEP back-ups blijven."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "path",
            nargs="?",
            default=None,
            metavar="PAD",
            help=_("bestand voor de back-up, of een map voor een bestand met datum en tijd"),
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=None,
            help=_(
                "bewaar in de map alleen de nieuwste N back-ups (standaard DV_BACKUP_KEEP; "
                "0: alles bewaren)"
            ),
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help=_("database-alias"))

    def handle(self, *args, verbosity: int = 1, **options) -> None:
        target = Path(options["path"]) if options["path"] else None
        try:
            made = backup_create(target=target, keep=options["keep"], using=options["database"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        if verbosity < 1:
            return
        self.stdout.write(
            _("Back-up gemaakt: %(path)s (%(size)s MB).")
            % {"path": made.path, "size": format_number(made.size / 1_000_000, 1)}
        )
        if made.removed:
            self.stdout.write(
                ngettext(
                    "%(count)s oudere back-up verwijderd.",
                    "%(count)s oudere back-ups verwijderd.",
                    len(made.removed),
                )
                % {"count": len(made.removed)}
            )
