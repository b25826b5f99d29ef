"""Demo survey data: the standard questionnaire (two versions), team questions, runs around the
day the demo is loaded, a baseline (nulmeting) imported through the real import, and about
20,000 responses at scale 1.0 with believable differences: services that often refuse score
lower, the counter scores a little better than e-mail, and scores improve slowly after the
baseline.

The timeline, for a demo loaded in year Y: version 1 of the questionnaire in the spring of Y-2;
the bureau's baseline in the autumn of Y-2 (closed, imported a few weeks after its fieldwork);
the continuous survey of Y-1 (closed) and the satisfaction survey in the autumn of Y-1; version 2
at the end of Y-1; the continuous survey of Y (open, answers up to yesterday). Answers fall on
working days only.

Safe to run twice: the demo runs are rebuilt, questionnaires and team questions updated.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from dienstverlening.core.bulk import bulk_insert
from dienstverlening.core.exports import csv_bytes
from dienstverlening.core.localtime import AMSTERDAM
from dienstverlening.core.scrub import scrub_text
from dienstverlening.core.tabular import read_csv
from dienstverlening.core.workdays import WorkingDayCalendar
from dienstverlening.framework.models import Statement
from dienstverlening.organisation.models import Service, Team

from . import content

# The names of the demo runs; "{year}" is the year of the run's own dates. A reload finds the
# runs of an earlier load by these patterns, whatever year they carry.
RUN_NAMES = {
    "baseline": "Nulmeting {year} (onderzoeksbureau)",
    "year1": "Doorlopende meting na contact {year}",
    "biennial": "Tevredenheidsonderzoek {year}",
    "year2": "Doorlopende meting na contact {year}",
}
RUN_NAME_PATTERN = (
    r"^(Nulmeting [0-9]{4} \(onderzoeksbureau\)|Doorlopende meting na contact [0-9]{4}"
    r"|Tevredenheidsonderzoek [0-9]{4})$"
)
# Responses at scale 1.0: a fixed number for the one-off surveys, a number per working day for
# the continuous ones (about 7,000 and 8,000 over a whole year).
VOLUMES = {"baseline": 2000, "biennial": 3000}
PER_WORKING_DAY = {"year1": 28.0, "year2": 32.0}
# The open links of the continuous surveys: QR codes at the counters, links on a few pages.
OPEN_LINKS = [
    ("paspoort-aanvragen", "balie", "woerden"),
    ("paspoort-aanvragen", "balie", "oudewater"),
    ("rijbewijs-aanvragen", "balie", "woerden"),
    ("vraag-stellen", "telefoon", "woerden"),
    ("parkeervergunning-bewoners", "website", "woerden"),
]

CHANNEL_EFFECT = {
    "balie": 0.2,
    "telefoon": 0.05,
    "e-mail": -0.15,
    "website": -0.05,
    "post": -0.2,
    "sociale-media": -0.25,
    "chat": 0.0,
}
BUSY_TEAMS = {"burgerzaken": 4.0, "kcc": 3.0, "parkeren": 1.5, "afval": 1.5, "belastingen": 1.5}

GOOD = [
    "De medewerker was heel vriendelijk.",
    "Snel geholpen, binnen tien minuten klaar.",
    "Duidelijke uitleg over wat ik moest meenemen.",
    "Ik werd netjes teruggebeld zoals beloofd.",
    "Fijn dat ik online een afspraak kon maken.",
    "Er werd goed naar mij geluisterd.",
    "Alles was in één keer geregeld.",
]
BETTER = [
    "Ik moest lang wachten aan de telefoon.",
    "De brief was moeilijk te begrijpen.",
    "Ik hoorde niet wanneer ik een besluit zou krijgen.",
    "Op de website kon ik het formulier niet vinden.",
    "Ik werd twee keer doorverbonden.",
    "Graag eerder laten weten als het langer duurt.",
    "Bel mij terug op 06-12345678 of mail naar jan.jansen@example.nl.",
    "Mijn aanvraag is afgewezen maar ik snap niet waarom.",
]
TEAM_QUESTIONS = {
    "burgerzaken": [
        {
            "text": "Hoe maakte u de afspraak?",
            "kind": "single",
            "choices": "Via de website\nAan de telefoon\nAan de balie\nIk had geen afspraak",
        },
        {"text": "Hoe lang moest u wachten aan de balie (in minuten)?", "kind": "number"},
        {"text": "Wist u vooraf wat u moest meenemen?", "kind": "yes_no"},
    ],
    "kcc": [
        {"text": "Kreeg u in één keer antwoord op uw vraag?", "kind": "yes_no"},
        {
            "text": "Hoe wilt u ons de volgende keer het liefst bereiken?",
            "kind": "multiple",
            "choices": "Telefoon\nE-mail\nChat\nBalie",
        },
    ],
    "parkeren": [
        {"text": "De uitleg over de kosten van de vergunning was duidelijk.", "kind": "agreement"},
        {"text": "Wat kunnen we aan de aanvraag van een vergunning verbeteren?", "kind": "open"},
    ],
}


@dataclass(frozen=True)
class Timeline:
    """When each part of the survey history happened, for a demo loaded on ``today``."""

    today: datetime.date
    v1_created: datetime.datetime
    baseline: tuple[datetime.date, datetime.date]
    baseline_imported: datetime.datetime
    year1: tuple[datetime.date, datetime.date]
    year1_created: datetime.datetime
    biennial: tuple[datetime.date, datetime.date]
    v2_created: datetime.datetime
    year2_start: datetime.date
    year2_created: datetime.datetime


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=AMSTERDAM)


def _monday_from(day: datetime.date) -> datetime.date:
    return day + datetime.timedelta(days=-day.weekday() % 7)


def _working_day_from(calendar: WorkingDayCalendar, day: datetime.date) -> datetime.date:
    while not calendar.is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def timeline(*, today: datetime.date) -> Timeline:
    calendar = WorkingDayCalendar()
    year = today.year

    def first(month: int, day: int, years_back: int) -> datetime.date:
        return _working_day_from(calendar, datetime.date(year - years_back, month, day))

    baseline_start = _monday_from(datetime.date(year - 2, 9, 15))
    baseline_end = baseline_start + datetime.timedelta(days=25)  # the Friday four weeks on
    biennial_start = _monday_from(datetime.date(year - 1, 9, 22))
    return Timeline(
        today=today,
        v1_created=_at(first(3, 2, 2), 10),
        baseline=(baseline_start, baseline_end),
        baseline_imported=_at(
            _working_day_from(calendar, baseline_end + datetime.timedelta(days=21)), 10, 30
        ),
        year1=(first(1, 1, 1), datetime.date(year - 1, 12, 31)),
        year1_created=_at(first(12, 10, 2), 9),
        biennial=(biennial_start, biennial_start + datetime.timedelta(days=39)),
        v2_created=_at(first(11, 20, 1), 14),
        year2_start=first(1, 1, 0),
        year2_created=_at(first(12, 10, 1), 9),
    )


def generate(
    *, rng: random.Random, scale: float, now: datetime.datetime | None = None
) -> dict[str, int]:
    """Build the demo survey data as it is at ``now``; returns counts for the summary."""
    from dienstverlening.surveys import imports, services
    from dienstverlening.surveys.models import (
        AnswerTally,
        ImportStatus,
        OpenAnswer,
        Questionnaire,
        Response,
        ResponseImport,
        RunKind,
        RunStatus,
        StatementAnswer,
        SurveyRun,
        TeamAnswer,
        TeamQuestion,
    )

    if not Statement.objects.exists():
        return {}
    today = timezone.localdate(now or timezone.now())
    when = timeline(today=today)
    calendar = WorkingDayCalendar()
    # Inside the demo's one transaction (``demo_load``): the services' ``_nested`` twins.
    old = SurveyRun.objects.filter(name__regex=RUN_NAME_PATTERN)
    AnswerTally.objects.filter(run__in=old).delete()
    for answers in (StatementAnswer, OpenAnswer, TeamAnswer):
        answers.objects.filter(response__run__in=old).delete()
    Response.objects.filter(run__in=old).delete()
    old.delete()
    v1 = (
        Questionnaire.objects.filter(version=1).first()
        or services.questionnaire_create_version_nested()
    )
    v2 = Questionnaire.objects.filter(
        version=2
    ).first() or services.questionnaire_create_version_nested(
        mark_question="Welk rapportcijfer van 1 tot 10 geeft u ons contact?"
    )
    Questionnaire.objects.filter(pk=v1.pk).update(created_at=when.v1_created)
    Questionnaire.objects.filter(pk=v2.pk).update(created_at=when.v2_created)
    _team_questions(TeamQuestion)
    service_rows = _services()

    def run(key: str, **fields) -> SurveyRun:
        name = RUN_NAMES[key].format(year=fields["starts_on"].year)
        return services.run_create_nested(name=name, **fields)

    runs = {
        "baseline": run(
            "baseline",
            kind=RunKind.EXTERNAL,
            is_baseline=True,
            starts_on=when.baseline[0],
            ends_on=when.baseline[1],
            questionnaire=v1,
        ),
        "year1": run(
            "year1",
            kind=RunKind.CONTINUOUS,
            starts_on=when.year1[0],
            ends_on=when.year1[1],
            questionnaire=v1,
        ),
        "biennial": run(
            "biennial",
            kind=RunKind.BIENNIAL,
            starts_on=when.biennial[0],
            ends_on=when.biennial[1],
            questionnaire=v1,
        ),
        "year2": run(
            "year2", kind=RunKind.CONTINUOUS, starts_on=when.year2_start, questionnaire=v2
        ),
    }
    created = {
        "baseline": when.baseline_imported,
        "year1": when.year1_created,
        "biennial": _at(when.biennial[0] - datetime.timedelta(days=14), 11),
        "year2": when.year2_created,
    }
    for key, moment in created.items():
        SurveyRun.objects.filter(pk=runs[key].pk).update(created_at=moment)
    for key in runs:
        services.run_transition_nested(run=runs[key], status=RunStatus.OPEN)
    runs = {k: SurveyRun.objects.get(pk=r.pk) for k, r in runs.items()}

    statements = list(v1.statements.values_list("statement_id", flat=True))
    offsets = {pk: rng.uniform(-0.35, 0.25) for pk in statements}
    quality = {
        row["service"].pk: rng.gauss(0, 0.25) - 4.0 * row["refusal_share"] for row in service_rows
    }
    model = _Model(rng, statements, offsets, quality, when.baseline[0], calendar)

    # The baseline arrives as a bureau's file and goes through the real import.
    size = max(10, round(VOLUMES["baseline"] * scale))
    csv_bytes = _baseline_file(model, service_rows, runs["baseline"], size, statements)
    table = read_csv(csv_bytes)
    baseline_import = ResponseImport.objects.create(
        run=runs["baseline"],
        filename=f"nulmeting-{when.baseline[0].year}-onderzoeksbureau.csv",
    )
    imports.responses_import(
        run=runs["baseline"],
        table=table,
        mapping=imports.mapping_guess(headers=table.headers, run=runs["baseline"]),
        response_import=baseline_import,
        nested=True,
    )
    ResponseImport.objects.filter(pk=baseline_import.pk).update(
        created_at=when.baseline_imported, status=ImportStatus.IMPORTED
    )
    total = size
    yesterday = today - datetime.timedelta(days=1)
    for key in ("year1", "biennial", "year2"):
        current = runs[key]
        days = model.working_days(current.starts_on, current.ends_on or yesterday)
        if key in PER_WORKING_DAY:
            size = round(PER_WORKING_DAY[key] * scale * len(days))
        else:
            size = round(VOLUMES[key] * scale)
        if days:
            total += _bulk_responses(model, service_rows, current, days, max(10, size))
    links = 0
    for key in ("year1", "year2"):
        links += _open_links(service_rows, runs[key], created[key])
    invitations = 0
    for key in ("year1", "biennial", "year2"):
        invitations += _invitations(model, runs[key], today)
    # Everything before this year is over; this year's continuous survey stays open.
    for key in ("baseline", "year1", "biennial"):
        services.run_transition_nested(run=runs[key], status=RunStatus.CLOSED)
    return {
        "metingen": len(runs),
        "enquêteantwoorden": total,
        "open links": links,
        "uitnodigingen": invitations,
    }


def _open_links(rows: list[dict], run, created_at: datetime.datetime) -> int:
    """The QR codes at the counter and the links on a few pages, the same in every run."""
    from dienstverlening.surveys.models import OpenLink

    count = 0
    for slug, channel, municipality in OPEN_LINKS:
        row = next((r for r in rows if r["service"].slug == slug), None)
        if row is None:
            continue
        channel_obj = next((c for c in row["channels"] if c.slug == channel), None)
        mun = next((m for m in row["municipalities"] if m.slug == municipality), None)
        if channel_obj and mun:
            OpenLink.objects.get_or_create(
                run=run, service=row["service"], channel=channel_obj, municipality=mun
            )
            count += 1
    OpenLink.objects.filter(run=run).update(created_at=created_at)
    return count


def _invitations(model, run, today: datetime.date) -> int:
    """The personal invitations behind a run's answers.

    An answer that did not come through one of the run's open links came through an invitation,
    sent on the day of the answer after a contact the working day before. About 4 in 10
    invitations are answered; the others got their one reminder a week later. Only finished
    invitations exist, so the demo keeps no e-mail address and sending invitations in the demo
    never mails anyone. Closing a run marks its unanswered invitations as closed.
    """
    from dienstverlening.surveys import services
    from dienstverlening.surveys.models import (
        Invitation,
        InvitationStatus,
        OpenLink,
        Response,
        ResponseSource,
    )

    links = set(OpenLink.objects.filter(run=run).values_list("service", "channel", "municipality"))
    answers = Response.objects.filter(run=run).order_by("pk")
    invited = [
        (pk, key, answered_on)
        for pk, *key, answered_on in answers.values_list(
            "pk", "service", "channel", "municipality", "answered_on"
        )
        if tuple(key) not in links
    ]
    ids = [pk for pk, _key, _day in invited]
    for start in range(0, len(ids), 1000):
        Response.objects.filter(pk__in=ids[start : start + 1000]).update(
            source=ResponseSource.INVITATION
        )
    reminder = datetime.timedelta(days=settings.SURVEYS_REMINDER_DAYS)
    last_sent = min(run.ends_on or today, today) - reminder
    days = model.working_days(run.starts_on, last_sent)
    rows = []
    for _pk, key, answered_on in invited:
        rows.append((key, answered_on, InvitationStatus.ANSWERED))
        if not days:
            continue
        for _n in range(2 if model.rng.random() < 0.5 else 1):
            rows.append((key, model.rng.choice(days), InvitationStatus.REMINDED))
    invitations = []
    for number, (key, sent_on, status) in enumerate(rows):
        contact_on = max(run.starts_on, model.previous_working_day(sent_on))
        invitations.append(
            Invitation(
                run=run,
                address_hash=services.salted_hash(f"demo-{run.pk}-{number}@example.org"),
                service_id=key[0],
                channel_id=key[1],
                municipality_id=key[2],
                contact_on=contact_on,
                status=status,
                sent_on=sent_on,
                reminded_on=sent_on + reminder if status == InvitationStatus.REMINDED else None,
            )
        )
    Invitation.objects.bulk_create(invitations, batch_size=2000)
    # Made by the upload of the contact list, on the day they were sent.
    for day in {invitation.sent_on for invitation in invitations}:
        Invitation.objects.filter(run=run, sent_on=day).update(created_on=day)
    return len(invitations)


def _team_questions(model) -> None:
    for slug, questions in TEAM_QUESTIONS.items():
        team = Team.objects.filter(slug=slug).first()
        if team is None:
            continue
        for order, item in enumerate(questions, start=1):
            model.objects.update_or_create(
                team=team,
                text=item["text"],
                defaults={
                    "kind": item["kind"],
                    "choices": item.get("choices", ""),
                    "order": order,
                    "active": True,
                },
            )


def _services() -> list[dict]:
    refusal = {item["slug"]: item.get("refusal_share", 0.0) for item in content.SERVICES}
    rows = []
    for service in Service.objects.select_related("team").prefetch_related(
        "channels", "municipalities"
    ):
        channels = list(service.channels.all())
        municipalities = list(service.municipalities.all())
        if not channels or not municipalities:
            continue
        rows.append(
            {
                "service": service,
                "channels": channels,
                "municipalities": municipalities,
                "refusal_share": refusal.get(service.slug, 0.0),
                "weight": BUSY_TEAMS.get(service.team.slug, 1.0),
            }
        )
    return rows


class _Model:
    """Draws believable answers: service quality, channel, outcome and a slow trend."""

    def __init__(self, rng, statements, offsets, quality, start, calendar) -> None:
        self.rng = rng
        self.statements = statements
        self.offsets = offsets
        self.quality = quality
        self.start = start
        self.calendar = calendar

    def working_days(self, first: datetime.date, last: datetime.date) -> list[datetime.date]:
        """The working days from ``first`` up to and including ``last``."""
        days = []
        day = first
        while day <= last:
            if self.calendar.is_working_day(day):
                days.append(day)
            day += datetime.timedelta(days=1)
        return days

    def previous_working_day(self, day: datetime.date) -> datetime.date:
        day -= datetime.timedelta(days=1)
        while not self.calendar.is_working_day(day):
            day -= datetime.timedelta(days=1)
        return day

    def pick(self, rows):
        return self.rng.choices(rows, weights=[r["weight"] for r in rows])[0]

    def outcome(self, row) -> str:
        draw = self.rng.random()
        share = row["refusal_share"]
        if draw < share:
            return "refused"
        if draw < 0.9:
            return "granted" if share > 0 else "not_applicable"
        return "unknown"

    def municipality(self, row):
        choices = row["municipalities"]
        if len(choices) == 1:
            return choices[0]
        weights = [0.84 if m.slug == "woerden" else 0.16 for m in choices]
        return self.rng.choices(choices, weights=weights)[0]

    def answers(self, row, channel, outcome, day) -> tuple[dict[int, int], int]:
        rng = self.rng
        trend = 0.25 * min(2.0, (day - self.start).days / 365)
        latent = (
            3.85
            + self.quality[row["service"].pk]
            + CHANNEL_EFFECT.get(channel.slug, 0.0)
            + (-0.8 if outcome == "refused" else 0.1 if outcome == "granted" else 0.0)
            + trend
            + rng.gauss(0, 0.7)
        )
        statements = {}
        for pk in self.statements:
            if rng.random() < 0.06:
                statements[pk] = 0
            else:
                value = round(latent + self.offsets[pk] + rng.gauss(0, 0.55))
                statements[pk] = min(5, max(1, value))
        mark = min(10, max(1, round(2 * latent - 0.3 + rng.gauss(0, 0.7))))
        return statements, mark

    def open_texts(self, outcome) -> tuple[str, str]:
        rng = self.rng
        good = rng.choice(GOOD) if rng.random() < 0.25 else ""
        better = ""
        if rng.random() < (0.45 if outcome == "refused" else 0.2):
            better = rng.choice(BETTER)
        return good, better


AGREEMENT_WORDS = {
    0: "weet niet",
    1: "helemaal oneens",
    2: "oneens",
    3: "neutraal",
    4: "eens",
    5: "helemaal eens",
}


def _baseline_file(model, rows, run, size, statements) -> bytes:
    """A bureau's file, the way Dutch office software writes it (``;``, dd-mm-jjjj)."""
    headers = ["Dienst", "Kanaal", "Gemeente", "Datum", "Uitkomst", "Rapportcijfer"]
    headers += [f"Stelling {n}" for n in range(1, len(statements) + 1)]
    headers += ["Wat ging goed", "Wat kan beter"]
    outcome_words = {
        "granted": "toegekend",
        "refused": "afgewezen",
        "not_applicable": "n.v.t.",
        "unknown": "",
    }
    lines = []
    days = model.working_days(run.starts_on, run.ends_on)
    for _n in range(size):
        row = model.pick(rows)
        channel = model.rng.choice(row["channels"])
        outcome = model.outcome(row)
        day = model.rng.choice(days)
        answers, mark = model.answers(row, channel, outcome, day)
        good, better = model.open_texts(outcome)
        lines.append(
            [
                row["service"].name,
                channel.name,
                model.municipality(row).name,
                day.strftime("%d-%m-%Y"),
                outcome_words[outcome],
                str(mark),
                *[AGREEMENT_WORDS[answers[pk]] for pk in statements],
                good,
                better,
            ]
        )
    return csv_bytes(headers, lines)


def _bulk_responses(model, rows, run, days: list[datetime.date], size: int) -> int:
    from dienstverlening.surveys.models import (
        OpenAnswer,
        Response,
        ResponseSource,
        StatementAnswer,
        TeamAnswer,
        TeamQuestion,
    )
    from dienstverlening.surveys.tallies import (
        TallyRows,
        statement_slots,
        tallies_add,
        tally_add_response,
    )

    team_questions: dict[int, list] = {}
    for question in TeamQuestion.objects.filter(active=True):
        team_questions.setdefault(question.team_id, []).append(question)
    drafts = []
    for _n in range(size):
        row = model.pick(rows)
        channel = model.rng.choice(row["channels"])
        outcome = model.outcome(row)
        day = model.rng.choice(days)
        answers, mark = model.answers(row, channel, outcome, day)
        drafts.append((row, channel, model.municipality(row), outcome, day, answers, mark))
    drafts.sort(key=lambda d: d[4])
    source = ResponseSource.OPEN_LINK if run.kind == "continuous" else ResponseSource.INVITATION
    responses = Response.objects.bulk_create(
        [
            Response(
                run=run,
                questionnaire_id=run.questionnaire_id,
                service=row["service"],
                channel=channel,
                municipality=municipality,
                outcome=outcome,
                answered_on=day,
                mark=mark,
                source=source,
            )
            for row, channel, municipality, outcome, day, _answers, mark in drafts
        ],
        batch_size=2000,
    )
    statement_rows, open_rows, team_rows = [], [], []
    tallies: TallyRows = {}
    slots = statement_slots(list(run.questionnaire.statements.all()))
    for response, (row, channel, municipality, outcome, day, answers, mark) in zip(
        responses, drafts, strict=True
    ):
        statement_rows += [(response.pk, pk, value) for pk, value in answers.items()]
        good, better = model.open_texts(outcome)
        if good:
            open_rows.append((response.pk, "good", good))
        if better:
            open_rows.append((response.pk, "better", scrub_text(better)))
        for question in team_questions.get(row["service"].team_id, []):
            value = _team_answer(model.rng, question)
            if value:
                team_rows.append((response.pk, question.pk, value))
        tally_add_response(
            tallies,
            day=day,
            run_id=run.pk,
            service_id=row["service"].pk,
            channel_id=channel.pk,
            municipality_id=municipality.pk,
            outcome=outcome,
            questionnaire_id=run.questionnaire_id,
            slots=slots,
            statements=answers,
            mark=mark,
        )
    bulk_insert(StatementAnswer, ["response_id", "statement_id", "value"], statement_rows)
    bulk_insert(OpenAnswer, ["response_id", "question", "text"], open_rows)
    bulk_insert(TeamAnswer, ["response_id", "question_id", "value"], team_rows)
    tallies_add(tallies)
    return len(responses)


def _team_answer(rng: random.Random, question) -> str:
    if rng.random() < 0.15:
        return ""
    if question.kind in ("single", "multiple"):
        return rng.choice(question.choice_list)
    if question.kind == "yes_no":
        return "ja" if rng.random() < 0.75 else "nee"
    if question.kind == "number":
        return str(max(0, round(rng.gauss(8, 5))))
    if question.kind == "agreement":
        return str(rng.choice([2, 3, 4, 4, 5, 0]))
    return ""
