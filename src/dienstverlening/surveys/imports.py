"""Import of external results (the baseline from a research bureau, earlier surveys).

An import as ``core.importing`` runs them: a file (CSV or XLSX, read by ``core.tabular``) plus a
mapping from the file's columns to our fields gives a preview; ``responses_import`` then saves
all rows or none (``ImportFailed``). Every bad row is reported with its line number and the
reasons, in Dutch, on one line. Columns, services, channels, municipalities, outcomes and
answers are found as ``core.importing.name_key`` compares words typed in a file.

Mapping: ``{target: column}``; a value starting with ``=`` is a fixed value for every row
(``{"channel": "=telefoon"}`` when the file has no channel column). Targets: ``service``,
``channel``, ``municipality``, ``date``, ``outcome``, ``mark``, ``good``, ``better`` and
``statement_1`` … ``statement_8`` (the statement's position in the questionnaire).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from dienstverlening.core.bulk import bulk_insert
from dienstverlening.core.importing import (
    PROGRESS_EVERY,
    Checked,
    columns_missing,
    header_find,
    name_key,
    rows_check,
    rows_write,
    rows_write_nested,
)
from dienstverlening.core.progress import Progress, Stage
from dienstverlening.core.scrub import scrub_text
from dienstverlening.core.tabular import CellError, Row, Table, parse_decimal, parse_past_date
from dienstverlening.framework.selectors import outcome_find, outcome_unknown_message
from dienstverlening.organisation.models import Channel, Municipality, Service
from dienstverlening.organisation.selectors import OrganisationLookup

from .models import (
    AnswerTally,
    ImportMapping,
    OpenAnswer,
    OpenQuestion,
    Response,
    ResponseImport,
    ResponseSource,
    RunKind,
    StatementAnswer,
    SurveyRun,
)
from .tallies import TallyRows, statement_slots, tallies_add, tally_add_response

BASE_TARGETS = ["service", "channel", "municipality", "date", "outcome", "mark", "good", "better"]
REQUIRED_TARGETS = ["service", "channel", "municipality", "date"]
PREVIEW_CHECK_ROWS = 5000  # rows the preview checks on the page; the import checks them all

ALIASES = {
    "service": ["dienst", "product", "dienstverlening", "service"],
    "channel": ["kanaal", "contactkanaal", "channel"],
    "municipality": ["gemeente", "municipality"],
    "date": ["datum", "datum contact", "date", "datum invullen"],
    "outcome": ["uitkomst", "besluit", "resultaat", "outcome"],
    "mark": ["rapportcijfer", "cijfer", "mark"],
    "good": ["wat ging goed", "wat ging er goed", "goed", "good"],
    "better": ["wat kan beter", "wat kan er beter", "verbeterpunt", "beter", "better"],
}

AGREEMENT_WORDS = {
    "helemaal oneens": 1,
    "zeer oneens": 1,
    "oneens": 2,
    "neutraal": 3,
    "niet eens, niet oneens": 3,
    "niet eens niet oneens": 3,
    "eens": 4,
    "helemaal eens": 5,
    "zeer eens": 5,
    "weet niet": 0,
    "weet ik niet": 0,
    "n.v.t.": 0,
    "nvt": 0,
    "niet van toepassing": 0,
    "weet ik niet / niet van toepassing": 0,
}
AGREEMENT_KEYS = {name_key(word): value for word, value in AGREEMENT_WORDS.items()}


def statement_targets(run: SurveyRun) -> list[tuple[str, str, int]]:
    """``(target, statement text, statement id)`` for the run's questionnaire, in order."""
    return [
        (f"statement_{qs.order}", qs.text, qs.statement_id)
        for qs in run.questionnaire.statements.order_by("order")
    ]


def target_labels(run: SurveyRun) -> list[tuple[str, str]]:
    labels = {
        "service": _("Dienst"),
        "channel": _("Kanaal"),
        "municipality": _("Gemeente"),
        "date": _("Datum"),
        "outcome": _("Uitkomst (toegekend, afgewezen, n.v.t.)"),
        "mark": _("Rapportcijfer"),
        "good": _("Wat ging goed"),
        "better": _("Wat kan beter"),
    }
    result = [(t, str(labels[t])) for t in BASE_TARGETS]
    result += [
        (target, _("Stelling %(number)s: %(text)s") % {"number": target[10:], "text": text})
        for target, text, _pk in statement_targets(run)
    ]
    return result


def mapping_guess(*, headers: list[str], run: SurveyRun) -> dict[str, str]:
    """Map columns whose header names a target (Dutch or English) or a statement's text, as
    ``core.importing.header_find`` compares headers in every import."""
    mapping: dict[str, str] = {}
    for target, aliases in ALIASES.items():
        header = header_find(headers, aliases)
        if header is not None:
            mapping[target] = header
    for target, text, _pk in statement_targets(run):
        number = target[10:]
        header = header_find(headers, [text, f"stelling {number}", f"s{number}", target])
        if header is not None:
            mapping[target] = header
    return mapping


def parse_mark(text: str) -> Decimal:
    """A report mark from 1 to 10 with at most one decimal: '8', '7,5' or '7.5'."""
    try:
        value = parse_decimal(text)
    except CellError:
        value = None
    if value is None or not value.is_finite():
        raise CellError(_("rapportcijfer '%(value)s' is geen getal") % {"value": text})
    if not 1 <= value <= 10:
        raise CellError(_("rapportcijfer %(value)s ligt niet tussen 1 en 10") % {"value": text})
    if value != value.quantize(Decimal("0.1")):
        raise CellError(
            _(
                "rapportcijfer %(value)s heeft meer dan één cijfer achter de komma "
                "(gebruik bijvoorbeeld 7,5)"
            )
            % {"value": text}
        )
    return value.quantize(Decimal("0.1"))


@dataclass
class ParsedRow:
    line: int
    service: Service
    channel: Channel
    municipality: Municipality
    day: datetime.date
    outcome: str
    mark: Decimal | None
    statements: dict[int, int]
    good: str
    better: str


def _found(
    lookup: OrganisationLookup, values: dict[str, str], problems: list[str]
) -> dict[str, Model | None]:
    """The service, channel and municipality a row names, looked up as every import does."""
    found = {}
    for target, name in (
        ("service", _("dienst")),
        ("channel", _("kanaal")),
        ("municipality", _("gemeente")),
    ):
        text = values.get(target, "")
        found[target] = lookup.find(target, text)
        if found[target] is None:
            if text:
                problems.append(
                    _("%(what)s '%(value)s' is onbekend") % {"what": name, "value": text}
                )
            else:
                problems.append(_("%(what)s ontbreekt") % {"what": name})
    return found


def responses_parse(
    *,
    table: Table,
    mapping: dict[str, str],
    run: SurveyRun,
    progress: Progress | None = None,
) -> Checked[ParsedRow]:
    """Check every row against ``mapping``; collect all errors instead of stopping at the first."""
    checked: Checked[ParsedRow] = Checked()
    labels = dict(target_labels(run))
    checked.missing = [
        labels[target]
        for target in columns_missing(
            mapping=mapping, headers=table.headers, required=REQUIRED_TARGETS
        )
    ]
    if checked.missing:
        return checked
    if not table.rows:
        checked.errors.append(_("Het bestand bevat geen regels met antwoorden."))
        return checked
    lookup = OrganisationLookup()
    statements = [(t, pk) for t, _text, pk in statement_targets(run) if mapping.get(t)]
    targets = {t: mapping.get(t) or "" for t in BASE_TARGETS + [t for t, _pk in statements]}
    today = timezone.localdate()

    def check(values: dict[str, str], row: Row, problems: list[str]) -> ParsedRow | None:
        found = _found(lookup, values, problems)
        day = None
        text = values["date"]
        try:
            day = parse_past_date(text, today=today)
        except CellError as error:
            problems.append(str(error) if text else _("datum ontbreekt"))
        outcome = outcome_find(values["outcome"])
        if outcome is None:
            problems.append(outcome_unknown_message(values["outcome"]))
        mark = None
        if values["mark"]:
            try:
                mark = parse_mark(values["mark"])
            except CellError as error:
                problems.append(str(error))
        answers = {}
        for target, statement_id in statements:
            value_text = values[target].strip()
            if not value_text:
                continue
            value = AGREEMENT_KEYS.get(name_key(value_text))
            if value is None and value_text.isdigit() and 0 <= int(value_text) <= 5:
                value = int(value_text)
            if value is None:
                problems.append(
                    _("stelling %(number)s: '%(value)s' is geen antwoord van 1 tot 5")
                    % {"number": target[10:], "value": values[target]}
                )
            else:
                answers[statement_id] = value
        if problems:
            return None
        return ParsedRow(
            line=row.line,
            service=found["service"],
            channel=found["channel"],
            municipality=found["municipality"],
            day=day,
            outcome=outcome,
            mark=mark,
            statements=answers,
            good=values["good"],
            better=values["better"],
        )

    return rows_check(table=table, mapping=targets, check=check, progress=progress, checked=checked)


def responses_import(
    *,
    run: SurveyRun,
    table: Table,
    mapping: dict[str, str],
    response_import: ResponseImport | None = None,
    save_as: str = "",
    progress: Progress | None = None,
    nested: bool = False,
) -> int:
    """Save every row of ``table`` as a response of ``run``, or none (``ImportFailed``).

    ``save_as`` keeps the mapping under that name too (``import_mapping_save``), with the
    rows: a file that is not imported saves no mapping. A durable transaction of its own, or
    with ``nested`` inside the caller's (``rows_write_nested``: the demo loads in one)."""
    checked = responses_parse(table=table, mapping=mapping, run=run, progress=progress)

    def write(rows: list[ParsedRow]) -> int:
        count = _responses_save(
            run=run,
            rows=rows,
            mapping=mapping,
            response_import=response_import,
            progress=progress,
        )
        if save_as:
            import_mapping_save(name=save_as, mapping=mapping)
        return count

    writer = rows_write_nested if nested else rows_write
    return writer(checked=checked, write=write, progress=progress)


def _responses_save(
    *,
    run: SurveyRun,
    rows: list[ParsedRow],
    mapping: dict[str, str],
    response_import: ResponseImport | None,
    progress: Progress | None,
) -> int:
    total = len(rows)
    import_id = response_import.pk if response_import is not None else None
    ids = insert_responses(
        [
            (
                run.pk,
                run.questionnaire_id,
                row.service.pk,
                row.channel.pk,
                row.municipality.pk,
                row.outcome,
                row.day,
                row.mark,
                ResponseSource.IMPORT.value,
                import_id,
            )
            for row in rows
        ]
    )
    statement_rows = []
    open_rows = []
    tallies: TallyRows = {}
    slots = statement_slots(list(run.questionnaire.statements.all()))
    for number, (response_id, row) in enumerate(zip(ids, rows, strict=True)):
        if progress and number % PROGRESS_EVERY == 0:
            progress(Stage.SAVE, number, total)
        statement_rows += [(response_id, pk, value) for pk, value in row.statements.items()]
        for question, text in (
            (OpenQuestion.GOOD, row.good),
            (OpenQuestion.BETTER, row.better),
        ):
            if text:
                open_rows.append((response_id, question.value, scrub_text(text)))
        tally_add_response(
            tallies,
            day=row.day,
            run_id=run.pk,
            service_id=row.service.pk,
            channel_id=row.channel.pk,
            municipality_id=row.municipality.pk,
            outcome=row.outcome,
            questionnaire_id=run.questionnaire_id,
            slots=slots,
            statements=row.statements,
            mark=row.mark,
        )
    bulk_insert(StatementAnswer, ["response_id", "statement_id", "value"], statement_rows)
    bulk_insert(OpenAnswer, ["response_id", "question", "text"], open_rows)
    fresh = run.kind == RunKind.EXTERNAL and not AnswerTally.objects.filter(run=run).exists()
    tallies_add(tallies, fresh=fresh)
    if response_import is not None:
        response_import.row_count = len(ids)
        response_import.mapping = mapping
        response_import.status = "imported"
        response_import.save(update_fields=["row_count", "mapping", "status"])
    return len(ids)


def import_mapping_save(*, name: str, mapping: dict[str, str]) -> ImportMapping:
    """Keep ``mapping`` under ``name`` (replacing one of that name), for the next file from the
    same source: on the column page and on the command line (``--mapping``)."""
    saved, _created = ImportMapping.objects.update_or_create(
        name=name, defaults={"mapping": mapping}
    )
    return saved


RESPONSE_COLUMNS = [
    "run_id",
    "questionnaire_id",
    "service_id",
    "channel_id",
    "municipality_id",
    "outcome",
    "answered_on",
    "mark",
    "source",
    "response_import_id",
]


def insert_responses(rows: list[tuple]) -> list[int]:
    """Insert many responses (``RESPONSE_COLUMNS``) and return their ids, in order.

    PostgreSQL: reserve the ids from the sequence and COPY. Elsewhere: ``bulk_create``.
    """
    if not rows:
        return []
    if connection.vendor == "postgresql":
        table = Response._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, len(rows)],
            )
            ids = [row[0] for row in cursor.fetchall()]
        bulk_insert(
            Response, ["id", *RESPONSE_COLUMNS], [(i, *r) for i, r in zip(ids, rows, strict=True)]
        )
        return ids
    responses = Response.objects.bulk_create(
        (Response(**dict(zip(RESPONSE_COLUMNS, row, strict=True))) for row in rows),
        batch_size=2000,
    )
    return [r.pk for r in responses]
