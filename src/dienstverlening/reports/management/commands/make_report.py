from pathlib import Path
from typing import IO, cast

from django.core.management.base import BaseCommand, CommandError

from dienstverlening.core.formats import format_number
from dienstverlening.core.progress import terminal_progress
from dienstverlening.reports.models import FileFormat, ReportKind
from dienstverlening.reports.rendering import filename
from dienstverlening.reports.services import report_file, report_generate
from dienstverlening.reports.targets import ReportError, municipality_find

# The kinds as the scheduler names them: the stored code, or its Dutch name.
KINDS = {
    "service": ReportKind.SERVICE,
    "dienstverlening": ReportKind.SERVICE,
    "council-letter": ReportKind.COUNCIL_LETTER,
    "council_letter": ReportKind.COUNCIL_LETTER,
    "raadsinformatiebrief": ReportKind.COUNCIL_LETTER,
    "pc-paragraph": ReportKind.PC_PARAGRAPH,
    "pc_paragraph": ReportKind.PC_PARAGRAPH,
    "pc-paragraaf": ReportKind.PC_PARAGRAPH,
    "baseline": ReportKind.BASELINE,
    "nulmeting": ReportKind.BASELINE,
}


class Command(BaseCommand):
    help = (
        "Maakt een nieuwe versie (concept) van een rapportage uit de cijfers van het dashboard "
        "en schrijft die als PDF of Word weg. Voor de planner, bijvoorbeeld elk kwartaal. De "
        "coördinator stelt de versie daarna vast in de applicatie."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--kind",
            required=True,
            help="service, council-letter, pc-paragraph of baseline "
            "(of dienstverlening, raadsinformatiebrief, pc-paragraaf, nulmeting).",
        )
        parser.add_argument(
            "--period",
            default="vorig-jaar",
            help="2025, 2026-H1, 2026-K3, jaar, kwartaal of vorig-jaar (standaard).",
        )
        parser.add_argument(
            "--municipality",
            default="",
            help="Korte naam, naam of CBS-code van de gemeente; leeg: beide gemeenten.",
        )
        parser.add_argument("--format", default="pdf", choices=["pdf", "docx"])
        parser.add_argument(
            "--output", default="", help="Bestand om te schrijven; standaard een naam in de map."
        )

    def handle(self, *args, verbosity: int = 1, **options) -> None:
        kind = KINDS.get(options["kind"].strip().lower())
        if kind is None:
            raise CommandError(
                f"Soort ‘{options['kind']}’ bestaat niet. Kies service, council-letter, "
                "pc-paragraph of baseline."
            )
        fmt = FileFormat(options["format"])
        try:
            municipality = (
                municipality_find(options["municipality"]) if options["municipality"] else None
            )
            # The raw stream: django-stubs leave out ``OutputWrapper._out``.
            raw = cast(IO[str], self.stderr._out)
            with terminal_progress(raw) as progress:
                report = report_generate(
                    kind=kind,
                    period=options["period"],
                    municipality=municipality,
                    progress=progress,
                    render=False,
                )
                stored = report_file(report=report, fmt=fmt)
        except ReportError as error:
            raise CommandError(" ".join(error.messages)) from error
        target = Path(options["output"] or filename(report, fmt))
        target.write_bytes(bytes(stored.data))
        if verbosity >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{report.title}, versie {report.version} (concept): {target} "
                    f"({format_number(stored.size)} bytes)"
                )
            )
