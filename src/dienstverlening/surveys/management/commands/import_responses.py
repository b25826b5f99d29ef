"""``dienstverlening import_responses FILE --run RUN [--mapping NAME]``: all rows or none."""

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from dienstverlening.core.tabular import read_table
from dienstverlening.surveys import imports, texts
from dienstverlening.surveys.models import ImportMapping, SurveyRun


class Command(BaseCommand):
    help = "Importeert resultaten van een extern onderzoek (CSV of XLSX) in een meting."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="CSV- of XLSX-bestand")
        parser.add_argument("--run", required=True, help="nummer (id) of naam van de meting")
        parser.add_argument("--mapping", help="naam van een bewaarde kolomindeling")
        parser.add_argument(
            "--dry-run", action="store_true", help="alleen controleren, niets opslaan"
        )

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(_("Bestand %(path)s bestaat niet.") % {"path": path})
        run_ref = options["run"]
        runs = SurveyRun.objects.select_related("questionnaire")
        run = (runs.filter(pk=int(run_ref)).first() if run_ref.isdigit() else None) or runs.filter(
            name=run_ref
        ).first()
        if run is None:
            raise CommandError(_("Meting '%(run)s' bestaat niet.") % {"run": run_ref})
        started = time.perf_counter()
        self._progress(_("Bestand lezen"))
        table = read_table(path.read_bytes(), path.name)
        if options["mapping"]:
            saved = ImportMapping.objects.filter(name=options["mapping"]).first()
            if saved is None:
                raise CommandError(
                    _("Kolomindeling '%(name)s' bestaat niet.") % {"name": options["mapping"]}
                )
            mapping = saved.mapping
        else:
            mapping = imports.mapping_guess(headers=table.headers, run=run)
        self._progress(texts.rows_checking_text(len(table.rows)))
        if options["dry_run"]:
            parsed = imports.responses_parse(table=table, mapping=mapping, run=run)
            self._report(parsed)
            return
        try:
            count = imports.responses_import(run=run, table=table, mapping=mapping)
        except imports.ImportFailed as failure:
            self._report(failure.parsed)
            raise CommandError(_("Er is niets geïmporteerd.")) from failure
        seconds = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(texts.imported_in_text(count, seconds)))

    def _progress(self, text: str) -> None:
        sys.stderr.write(f"… {text}\n")

    def _report(self, parsed: imports.Parsed) -> None:
        for label in parsed.missing:
            self.stderr.write(_("Geen kolom voor: %(label)s") % {"label": label})
        for error in parsed.errors:
            self.stderr.write(error)
        if parsed.ok:
            self.stdout.write(texts.rows_good_text(len(parsed.rows)))
