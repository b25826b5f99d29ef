"""``dienstverlening restore PATH``: put a back-up back, after checks and a safety copy."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dienstverlening.core.backup import (
    BackupContents,
    BackupError,
    backup_check,
    backup_restore,
)

YES = {"ja", "j", "yes", "y"}


class Command(BaseCommand):
    help = _(
        "Zet een back-up van 'dienstverlening backup' terug. Controleert eerst of het bestand "
        "een gave back-up van deze applicatie is, vraagt om bevestiging en bewaart de huidige "
        "database als veiligheidskopie in DV_BACKUP_DIR. Stop eerst de applicatie en de "
        "taakverwerker."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", metavar="BESTAND", help=_("het back-upbestand"))
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help=_("niet om bevestiging vragen"),
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help=_("database-alias"))

    def handle(self, *args, verbosity: int = 1, interactive: bool = True, **options) -> None:
        using = options["database"]
        try:
            contents = backup_check(Path(options["path"]), using=using)
        except BackupError as error:
            raise CommandError(
                _("%(error)s Er is niets hersteld; de database is onveranderd.") % {"error": error}
            ) from error
        if interactive and not self._confirmed(contents):
            raise CommandError(_("Niet bevestigd: er is niets hersteld."))
        try:
            result = backup_restore(contents=contents, using=using)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if verbosity >= 1:
            self.stdout.write(_("Database hersteld uit %(path)s.") % {"path": result.source})
            if result.safety_copy:
                self.stdout.write(
                    _("De database van voor het herstel staat in %(path)s.")
                    % {"path": result.safety_copy}
                )
        if result.pending:
            self.stdout.write(
                self.style.WARNING(
                    ngettext(
                        "De back-up is ouder dan deze versie: %(count)s migratie ontbreekt "
                        "(%(names)s). Voer nu 'dienstverlening migrate' uit en start daarna de "
                        "applicatie en de taakverwerker.",
                        "De back-up is ouder dan deze versie: %(count)s migraties ontbreken "
                        "(%(names)s). Voer nu 'dienstverlening migrate' uit en start daarna de "
                        "applicatie en de taakverwerker.",
                        len(result.pending),
                    )
                    % {
                        "count": len(result.pending),
                        "names": ", ".join(result.pending[:5])
                        + (" …" if result.pending[5:] else ""),
                    }
                )
            )
        elif verbosity >= 1:
            self.stdout.write(
                _(
                    "Alle migraties van deze versie staan erin. Start de applicatie en de "
                    "taakverwerker weer."
                )
            )

    def _confirmed(self, contents: BackupContents) -> bool:
        self.stdout.write(
            _(
                "De database wordt vervangen door de back-up %(path)s (van %(date)s, "
                "%(tables)s tabellen). Wat sindsdien is veranderd, gaat verloren; de huidige "
                "database wordt eerst als veiligheidskopie bewaard."
            )
            % {
                "path": contents.path,
                "date": contents.made_at.strftime("%d-%m-%Y %H:%M"),
                "tables": len(contents.tables),
            }
        )
        try:
            answer = input(_("Typ 'ja' om door te gaan: "))
        except EOFError:
            return False
        return answer.strip().lower() in YES
