"""A real Dovecot IMAP server on loopback for the mailbox tests, with its own config and maildir."""

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from dienstverlening.framework.models import Level, NormSubject, NormUnit
from tests import system
from tests.framework.factories import NormFactory
from tests.handling.dovecot import dovecot_start, dovecot_stop
from tests.handling.factories import ImportSourceFactory
from tests.organisation.factories import MunicipalityFactory

PASSWORD = "geheim-test"
USERS = [f"team-{n}" for n in range(200)]


class Dovecot:
    def __init__(self, root: Path, port: int) -> None:
        self.root = root
        self.port = port
        self.host = "127.0.0.1"
        self.config = root / "dovecot.conf"
        self.count = 0

    def client(self, user: str):
        from imap_tools import MailBoxUnencrypted

        return MailBoxUnencrypted(self.host, self.port).login(user, PASSWORD)

    def new_user(self) -> str:
        """A fresh, empty mailbox for one test (users are made up front: one each)."""
        self.count += 1
        return USERS[self.count % len(USERS)]


@pytest.fixture(scope="session")
def dovecot():
    system.program("dovecot", package="dovecot-imapd")
    # Not under pytest's tmp dir: Dovecot's own users must be able to reach the files.
    root = Path(tempfile.mkdtemp(prefix="dv-dovecot-"))
    os.chmod(root, 0o755)
    config, port = dovecot_start(root=root, users=USERS, password=PASSWORD)
    try:
        yield Dovecot(root, port)
    finally:
        dovecot_stop(config)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def decision_norm(db):
    """The organisation's norm of 8 weeks for a decision."""
    return NormFactory(
        subject=NormSubject.DECISION,
        level=Level.ORGANISATION,
        target_value=8,
        unit=NormUnit.WEEKS,
        title="8 weken",
    )


@pytest.fixture
def intake_norms(team, service, decision_norm):
    """What the intake API needs around a team and its service: a municipality, the call-back
    norm and the organisation's norm of 8 weeks for a decision."""
    MunicipalityFactory()
    NormFactory(subject=NormSubject.CALLBACK)


@pytest.fixture
def source(team):
    """The KCC import source (Nummer;Team;Gemeente;Aangemaakt;Afgehandeld), with a municipality
    and the call-back norm; a module with another mapping defines its own."""
    MunicipalityFactory()
    NormFactory(subject=NormSubject.CALLBACK)
    return ImportSourceFactory()


# --- the municipalities of the handling tests -------------------------------------------------


@pytest.fixture
def woerden(db):
    return MunicipalityFactory()


@pytest.fixture
def oudewater(db):
    return MunicipalityFactory(name="Oudewater", slug="oudewater", cbs_code="GM0589")
