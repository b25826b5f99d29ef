"""``dienstverlening purge [--dry-run]``: delete or wipe the personal data past its retention
period, rule by rule (``core.retention``; run it daily). The roll-ups stay, so the dashboard's
figures do not change."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dienstverlening.core.retention import purge_run, result_line


class Command(BaseCommand):
    help = (
        "Verwijdert of wist persoonsgegevens waarvan de bewaartermijn voorbij is (zie "
        "docs/privacy.md), één regel per soort gegevens. De tellingen van het dashboard blijven "
        "staan. Elke regel komt in het verwijderlog."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Alleen tellen wat weg zou gaan: er wordt niets verwijderd of gewist.",
        )

    def handle(self, *args, dry_run: bool = False, verbosity: int = 1, **options) -> None:
        results = purge_run(dry_run=dry_run)
        for result in results:
            line = result_line(result, dry_run=dry_run)
            if result.error:
                self.stderr.write(line)
            elif verbosity >= 1:
                self.stdout.write(line)
        if dry_run and verbosity >= 1:
            self.stdout.write(_("Proefdraaien: er is niets verwijderd of gewist."))
        failed = [result for result in results if result.error]
        if failed:
            raise CommandError(
                ngettext(
                    "%(count)s regel is mislukt; de andere zijn uitgevoerd.",
                    "%(count)s regels zijn mislukt; de andere zijn uitgevoerd.",
                    len(failed),
                )
                % {"count": len(failed)}
            )
