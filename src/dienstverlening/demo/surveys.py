"""Demo survey data: the standard questionnaire (two versions), team questions, runs over two
years, a baseline (nulmeting) imported through the real import, and about 20,000 responses at
scale 1.0 with believable differences: services that often refuse score lower, the counter
scores a little better than e-mail, and scores improve slowly after the baseline.

Safe to run twice: the demo runs are rebuilt, questionnaires and team questions updated.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from dienstverlening.core.scrub import scrub_text
from dienstverlening.core.tabular import read_csv
from dienstverlening.framework.models import Statement
from dienstverlening.organisation.models import Service, Team

from . import content

DEMO_RUNS = {
    "baseline": "Nulmeting 2024 (onderzoeksbureau)",
    "year1": "Doorlopende meting na contact 2025",
    "biennial": "Tevredenheidsonderzoek 2025",
    "year2": "Doorlopende meting na contact 2026",
}
# Responses per run at scale 1.0 (together about 20,000).
VOLUMES = {"baseline": 2000, "year1": 7000, "biennial": 3000, "year2": 8000}

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


def generate(*, rng: random.Random, scale: float) -> dict[str, int]:
    """Build the demo survey data; returns counts for the summary printed by ``demo``."""
    from dienstverlening.surveys import imports, services
    from dienstverlening.surveys.models import (
        AnswerTally,
        Invitation,
        InvitationStatus,
        OpenAnswer,
        OpenLink,
        Questionnaire,
        Response,
        RunKind,
        RunStatus,
        StatementAnswer,
        SurveyRun,
        TeamAnswer,
        TeamQuestion,
    )

    if not Statement.objects.exists():
        return {}
    today = timezone.localdate()
    start = today - datetime.timedelta(days=730)
    with transaction.atomic():
        old = SurveyRun.objects.filter(name__in=DEMO_RUNS.values())
        AnswerTally.objects.filter(run__in=old).delete()
        for answers in (StatementAnswer, OpenAnswer, TeamAnswer):
            answers.objects.filter(response__run__in=old).delete()
        Response.objects.filter(run__in=old).delete()
        old.delete()
        v1 = (
            Questionnaire.objects.filter(version=1).first()
            or services.questionnaire_create_version()
        )
        v2 = Questionnaire.objects.filter(
            version=2
        ).first() or services.questionnaire_create_version(
            mark_question="Welk rapportcijfer van 1 tot 10 geeft u ons contact?"
        )
        _team_questions(TeamQuestion)
        service_rows = _services()
        runs = {
            "baseline": services.run_create(
                name=DEMO_RUNS["baseline"],
                kind=RunKind.EXTERNAL,
                is_baseline=True,
                starts_on=start,
                ends_on=start + datetime.timedelta(days=27),
                questionnaire=v1,
            ),
            "year1": services.run_create(
                name=DEMO_RUNS["year1"],
                kind=RunKind.CONTINUOUS,
                starts_on=start + datetime.timedelta(days=35),
                ends_on=start + datetime.timedelta(days=395),
                questionnaire=v1,
            ),
            "biennial": services.run_create(
                name=DEMO_RUNS["biennial"],
                kind=RunKind.BIENNIAL,
                starts_on=start + datetime.timedelta(days=300),
                ends_on=start + datetime.timedelta(days=341),
                questionnaire=v1,
            ),
            "year2": services.run_create(
                name=DEMO_RUNS["year2"],
                kind=RunKind.CONTINUOUS,
                starts_on=start + datetime.timedelta(days=396),
                questionnaire=v2,
            ),
        }
        for key in ("year1", "biennial", "year2"):
            services.run_transition(run=runs[key], status=RunStatus.OPEN)
        for key in ("year1", "biennial"):
            services.run_transition(run=runs[key], status=RunStatus.CLOSED)
        runs = {k: SurveyRun.objects.get(pk=r.pk) for k, r in runs.items()}

        statements = list(v1.statements.values_list("statement_id", flat=True))
        offsets = {pk: rng.uniform(-0.35, 0.25) for pk in statements}
        quality = {
            row["service"].pk: rng.gauss(0, 0.25) - 4.0 * row["refusal_share"]
            for row in service_rows
        }
        model = _Model(rng, statements, offsets, quality, start)

        # The baseline arrives as a bureau's file and goes through the real import.
        size = max(10, round(VOLUMES["baseline"] * scale))
        csv_bytes = _baseline_file(model, service_rows, runs["baseline"], size, statements)
        table = read_csv(csv_bytes)
        imports.responses_import(
            run=runs["baseline"],
            table=table,
            mapping=imports.mapping_guess(headers=table.headers, run=runs["baseline"]),
        )
        total = size
        for key in ("year1", "biennial", "year2"):
            run = runs[key]
            ends = run.ends_on or (today - datetime.timedelta(days=1))
            size = max(10, round(VOLUMES[key] * scale))
            total += _bulk_responses(model, service_rows, run, run.starts_on, ends, size)

        links = 0
        for slug, channel, municipality in (
            ("paspoort-aanvragen", "balie", "woerden"),
            ("paspoort-aanvragen", "balie", "oudewater"),
            ("rijbewijs-aanvragen", "balie", "woerden"),
            ("vraag-stellen", "telefoon", "woerden"),
            ("parkeervergunning-bewoners", "website", "woerden"),
        ):
            row = next((r for r in service_rows if r["service"].slug == slug), None)
            if row is None:
                continue
            channel_obj = next((c for c in row["channels"] if c.slug == channel), None)
            mun = next((m for m in row["municipalities"] if m.slug == municipality), None)
            if channel_obj and mun:
                OpenLink.objects.get_or_create(
                    run=runs["year2"], service=row["service"], channel=channel_obj, municipality=mun
                )
                links += 1
        row = service_rows[0]
        invitations = [
            Invitation(
                run=runs["year2"],
                address_hash=services.salted_hash(f"demo-inwoner-{n}@example.org"),
                service=row["service"],
                channel=row["channels"][0],
                municipality=row["municipalities"][0],
                contact_on=today - datetime.timedelta(days=n % 10 + 1),
                status=(InvitationStatus.ANSWERED if n % 3 == 0 else InvitationStatus.REMINDED),
                sent_on=today - datetime.timedelta(days=n % 10),
            )
            for n in range(max(3, round(40 * scale)))
        ]
        Invitation.objects.bulk_create(invitations)
    return {"metingen": len(runs), "enquêteantwoorden": total, "open links": links}


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

    def __init__(self, rng, statements, offsets, quality, start) -> None:
        self.rng = rng
        self.statements = statements
        self.offsets = offsets
        self.quality = quality
        self.start = start

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

    def day(self, first: datetime.date, last: datetime.date) -> datetime.date:
        span = max(0, (last - first).days)
        for _attempt in range(5):
            day = first + datetime.timedelta(days=self.rng.randint(0, span))
            if day.weekday() < 5:
                return day
        return day

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
    from dienstverlening.surveys.imports import table_to_bytes_csv

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
    for _n in range(size):
        row = model.pick(rows)
        channel = model.rng.choice(row["channels"])
        outcome = model.outcome(row)
        day = model.day(run.starts_on, run.ends_on)
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
    return table_to_bytes_csv(headers, lines)


def _bulk_responses(model, rows, run, first, last, size) -> int:
    from dienstverlening.surveys.imports import fast_insert
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
        day = model.day(first, last)
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
    fast_insert(StatementAnswer, ["response_id", "statement_id", "value"], statement_rows)
    fast_insert(OpenAnswer, ["response_id", "question", "text"], open_rows)
    fast_insert(TeamAnswer, ["response_id", "question_id", "value"], team_rows)
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
