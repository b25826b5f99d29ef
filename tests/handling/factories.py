import datetime

import factory

from dienstverlening.core.localtime import AMSTERDAM
from dienstverlening.handling.models import ImportSource, ItemKind, Mailbox
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


def moment(text: str) -> datetime.datetime:
    """'2026-11-27 10:00' in Amsterdam time."""
    return datetime.datetime.fromisoformat(text).replace(tzinfo=AMSTERDAM)
