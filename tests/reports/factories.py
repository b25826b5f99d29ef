import datetime

import factory
from django.utils import timezone

from dienstverlening.reports.models import Report, ReportKind, ReportStatus


def content(**changes) -> dict:
    """A small frozen content as ``building`` makes it: one section with a sentence and a
    table."""
    return {
        "schema": 1,
        "kind": ReportKind.SERVICE,
        "title": "Rapportage dienstverlening 2025, Woerden en Oudewater",
        "organisation": "Gemeenten Woerden en Oudewater",
        "scope_label": "Woerden en Oudewater",
        "municipality": "",
        "period": {
            "code": "2025",
            "name": "2025",
            "title": "2025 (01-01-2025 t/m 31-12-2025)",
            "start": "2025-01-01",
            "end": "2025-12-31",
        },
        "survey_round": "doorlopend",
        "made_on": "2026-12-02",
        "summary": ["In 2025 gaven 1.234 inwoners hun oordeel (doorlopende meting)."],
        "sections": [
            {
                "key": "stellingen",
                "title": "De kernwaarden en de acht stellingen",
                "blocks": [
                    {"type": "p", "text": "Menselijk: 58 % was het eens."},
                    {
                        "type": "table",
                        "caption": "De acht stellingen",
                        "columns": ["Kernwaarde", "Eens"],
                        "rows": [["Menselijk", "58 %"]],
                    },
                ],
            }
        ],
        "readability": {"score": 70, "label": "makkelijk", "easy": True, "long_sentences": []},
        **changes,
    }


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    class Params:
        approved = factory.Trait(
            status=ReportStatus.APPROVED,
            approved_at=factory.LazyFunction(timezone.now),
        )

    kind = ReportKind.SERVICE
    period_code = "2025"
    period_start = datetime.date(2025, 1, 1)
    period_end = datetime.date(2025, 12, 31)
    version = factory.Sequence(lambda n: n + 1)
    status = ReportStatus.DRAFT
    title = "Rapportage dienstverlening 2025, Woerden en Oudewater"
    content = factory.LazyAttribute(lambda o: content(kind=o.kind))
    created_at = factory.LazyFunction(timezone.now)
