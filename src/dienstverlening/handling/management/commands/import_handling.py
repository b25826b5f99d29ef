from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dienstverlening.core.importing import ImportFailed
from dienstverlening.core.progress import terminal_progress
from dienstverlening.handling.importing import handling_import, import_parse
from dienstverlening.handling.models import ImportSource
from dienstverlening.handling.services import import_outcome


class Command(BaseCommand):
    help = (
        "Importeert een CSV- of Excel-bestand met afhandelgegevens: alle regels of geen. "
        "Op een terminal met voortgangsbalk; zonder terminal (cron) alleen de uitkomst."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="Het bestand (.csv of .xlsx).")
        parser.add_argument("--source", required=True, help="Naam van de importbron, bv. 'kcc'.")
        parser.add_argument(
            "--preview", action="store_true", help="Alleen controleren en de eerste regels tonen."
        )

    def handle(self, *args, file: str, source: str, preview: bool, **options) -> None:
        path = Path(file)
        if not path.exists():
            raise CommandError(f"Bestand niet gevonden: {file}")
        found = ImportSource.objects.filter(name=source).first()
        if found is None:
            names = ", ".join(ImportSource.objects.values_list("name", flat=True)) or "geen"
            raise CommandError(f"Onbekende bron '{source}'. Bekende bronnen: {names}.")
        data = path.read_bytes()
        if preview:
            with terminal_progress(self.stderr._out) as progress:
                parsed = import_parse(
                    source=found, data=data, filename=path.name, progress=progress
                )
            for row in parsed.preview:
                self.stdout.write("  " + " | ".join(f"{k}={v}" for k, v in row.items()))
            for error in parsed.errors:
                self.stderr.write(str(error))
            self.stdout.write(f"{parsed.total_rows} regels, {len(parsed.errors)} fouten.")
            return
        try:
            with terminal_progress(self.stderr._out) as progress:
                result = handling_import(
                    source=found, data=data, filename=path.name, progress=progress
                )
        except ImportFailed as failed:
            for error in failed.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"{len(failed.errors)} fouten gevonden. Er is niets opgeslagen."
            ) from failed
        done = f"Klaar: {result.created} nieuw, {result.updated} bijgewerkt"
        if result.skipped:
            done += f", {result.skipped} overgeslagen. {import_outcome(result)['skipped_reason']}"
        else:
            done += "."
        self.stdout.write(self.style.SUCCESS(done))
