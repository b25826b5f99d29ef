"""``dienstverlening import_responses FILE --run RUN [--mapping NAME]``: all rows or none."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from dienstverlening.core.importing import Checked, ImportFailed
from dienstverlening.core.progress import Stage, terminal_progress
from dienstverlening.core.tabular import CellError, read_table
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
        count = parsed = None
        with terminal_progress(self.stderr._out) as progress:
            if progress:
                progress(Stage.READ, 0, None)
            try:
                table = read_table(path.read_bytes(), path.name)
            except CellError as error:  # over a limit (DV_UPLOAD_MAX_*)
                raise CommandError(str(error)) from error
            mapping = self._mapping(options["mapping"], table, run)
            try:
                if options["dry_run"]:
                    parsed = imports.responses_parse(
                        table=table, mapping=mapping, run=run, progress=progress
                    )
                else:
                    count = imports.responses_import(
                        run=run, table=table, mapping=mapping, progress=progress
                    )
            except ImportFailed as failure:
                parsed = failure.checked or Checked(errors=failure.errors)
        if parsed is not None:
            self._report(parsed)
        if count is None:
            if not options["dry_run"]:
                raise CommandError(_("Er is niets geïmporteerd."))
            return
        seconds = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(texts.imported_in_text(count, seconds)))

    def _mapping(self, name: str | None, table, run: SurveyRun) -> dict[str, str]:
        if not name:
            return imports.mapping_guess(headers=table.headers, run=run)
        saved = ImportMapping.objects.filter(name=name).first()
        if saved is None:
            raise CommandError(_("Kolomindeling '%(name)s' bestaat niet.") % {"name": name})
        return saved.mapping

    def _report(self, parsed: Checked) -> None:
        for label in parsed.missing:
            self.stderr.write(_("Geen kolom voor: %(label)s") % {"label": label})
        for error in parsed.errors:
            self.stderr.write(str(error))
        if parsed.ok:
            self.stdout.write(texts.rows_good_text(len(parsed.items)))
