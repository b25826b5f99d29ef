import datetime

import factory

from dienstverlening.core.localtime import AMSTERDAM
from dienstverlening.handling.models import ImportSource, ItemKind, Mailbox
from dienstverlening.handling.services import ItemInput
from tests.organisation.factories import MunicipalityFactory, TeamFactory


class ImportSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportSource
        django_get_or_create = ("name",)

    name = "kcc"
    description = "Terugbelverzoeken uit het KCC-systeem"
    default_kind = ItemKind.CALLBACK
    mapping = factory.LazyFunction(
        lambda: {
            "source_id": "Nummer",
            "team": "Team",
            "municipality": "Gemeente",
            "received_at": "Aangemaakt",
            "closed_at": "Afgehandeld",
        }
    )


class MailboxFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mailbox

    team = factory.SubFactory(TeamFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"mailbox{n}@woerden.nl")
    host = "127.0.0.1"
    port = 143
    security = "none"
    username = "team-burgerzaken"
    folders = "INBOX"
    sent_folder = "Sent"
    done_folders = "Afgehandeld"


def item_input(
    team,
    municipality,
    source_id: str,
    received_at: datetime.datetime,
    *,
    kind: str = ItemKind.CALLBACK,
    source: str = "kcc",
    **extra,
) -> ItemInput:
    """One item of ``team`` in ``municipality`` as a source delivers it to ``items_upsert``: a
    call-back from the KCC unless
    ``kind`` and ``source`` say otherwise; ``extra`` sets the other fields (``closed_at``, …)."""
    return ItemInput(
        kind=kind,
        source=source,
        source_id=source_id,
        municipality_id=municipality.pk,
        team_id=team.pk,
        received_at=received_at,
        **extra,
    )


def case_payload(**changes: str) -> dict[str, str]:
    """A ZGW case as the intake API takes it (Z-1, a passport in Woerden), with ``changes``."""
    return {
        "bron": "zaaksysteem",
        "identificatie": "Z-1",
        "gemeente": "woerden",
        "dienst": "paspoort",
        "startdatum": "2026-11-02",
        **changes,
    }


def task_payload(**changes: str) -> dict[str, str]:
    """An Open Klant internal task as the intake API takes it (T-1 for Burgerzaken in Woerden),
    with ``changes``."""
    return {
        "bron": "kcc",
        "nummer": "T-1",
        "gemeente": "woerden",
        "team": "burgerzaken",
        "toegewezenOp": "2026-11-30T10:00:00+01:00",
        **changes,
    }


def moment(text: str) -> datetime.datetime:
    """'2026-11-27 10:00' in Amsterdam time."""
    return datetime.datetime.fromisoformat(text).replace(tzinfo=AMSTERDAM)
