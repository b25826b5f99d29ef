import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dienstverlening.core.tabular import CellError, parse_date
from dienstverlening.handling.recompute import DueRecomputeResult, due_recompute


def _date(text: str):
    try:
        return parse_date(text)
    except CellError as error:
        raise CommandError(str(error)) from error


class Command(BaseCommand):
    help = (
        "Berekent de uiterste datum opnieuw met de huidige werkdagen, sluitingsdagen en normen. "
        "Zonder --ook-afgesloten alleen voor openstaande items; met --ook-afgesloten ook de "
        "doorlooptijd en 'op tijd' van afgehandelde items in de periode (de cijfers over die "
        "periode veranderen dan)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--van", help="Eerste ontvangstdatum, dd-mm-jjjj of jjjj-mm-dd (standaard: alles)."
        )
        parser.add_argument(
            "--tot", help="Laatste ontvangstdatum (tot en met), dd-mm-jjjj of jjjj-mm-dd."
        )
        parser.add_argument(
            "--ook-afgesloten",
            action="store_true",
            dest="include_closed",
            help="Ook afgehandelde items herberekenen. Vraagt om --van en --tot.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            dest="dry_run",
            help="Alleen tellen wat er zou veranderen; niets opslaan.",
        )

    def handle(self, *args, van=None, tot=None, include_closed=False, dry_run=False, **options):
        start = _date(van) if van else None
        end = _date(tot) if tot else None
        if start and end and end < start:
            raise CommandError(
                _("De einddatum %(end)s ligt vóór de begindatum %(start)s.")
                % {"end": end.strftime("%d-%m-%Y"), "start": start.strftime("%d-%m-%Y")}
            )
        if include_closed and not (start and end):
            raise CommandError(
                _(
                    "Geef bij --ook-afgesloten de periode op met --van en --tot: "
                    "afgehandelde items veranderen de cijfers van die periode."
                )
            )
        result = due_recompute(
            open_only=not include_closed,
            received_from=start,
            received_to=end,
            dry_run=dry_run,
            progress=self._progress() if sys.stdout.isatty() else None,
        )
        self._report(result)

    def _progress(self):
        from rich.progress import Progress

        bar = Progress(transient=True)
        task = bar.add_task(_("Herberekenen"), total=None)
        bar.start()

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)
            if done >= total:
                bar.stop()

        return update

    def _report(self, result: DueRecomputeResult) -> None:
        self.stdout.write(
            ngettext("Bekeken: %(count)s item.", "Bekeken: %(count)s items.", result.checked)
            % {"count": result.checked}
        )
        self.stdout.write(
            ngettext(
                "Nieuwe uiterste datum: %(count)s item (%(open)s open, %(closed)s afgehandeld).",
                "Nieuwe uiterste datum: %(count)s items (%(open)s open, %(closed)s afgehandeld).",
                result.moved,
            )
            % {"count": result.moved, "open": result.moved_open, "closed": result.moved_closed}
        )
        self.stdout.write(
            ngettext(
                "Andere doorlooptijd of oordeel: %(count)s afgehandeld item.",
                "Andere doorlooptijd of oordeel: %(count)s afgehandelde items.",
                result.changed_closed,
            )
            % {"count": result.changed_closed}
        )
        if result.dry_run:
            self.stdout.write(self.style.WARNING(_("Proefdraai: er is niets opgeslagen.")))
        else:
            self.stdout.write(self.style.SUCCESS(_("Klaar.")))
