"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, for mail tests.

Use the ``smtp_server`` fixture (``tests/conftest.py``): Django then sends through the SMTP
backend to this server, and ``smtp_server.messages`` holds each mail as it arrived, parsed.
"""

import email
import email.policy
import socket
from dataclasses import dataclass, field
from email.message import EmailMessage

from aiosmtpd.controller import Controller


@dataclass
class Received:
    envelope_from: str
    recipients: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def body(self) -> str:
        part = self.message.get_body(preferencelist=("plain",))
        return part.get_content() if part else ""


@dataclass
class _Keeper:
    messages: list[Received] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd calls it by this name
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos), parsed))
        return "250 OK"


def _free_port() -> int:
    # aiosmtpd checks its own server by connecting to it, so it needs a real port, not 0.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpServer:
    def __init__(self) -> None:
        self._keeper = _Keeper()
        self.port = _free_port()
        self._controller = Controller(self._keeper, hostname="127.0.0.1", port=self.port)

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()

    @property
    def messages(self) -> list[Received]:
        return self._keeper.messages

    def to(self, address: str) -> list[Received]:
        return [m for m in self.messages if address in m.recipients]
