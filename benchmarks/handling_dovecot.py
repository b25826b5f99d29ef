"""A throw-away Dovecot for the mail benchmark: own config, users and maildir under a temp dir."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

from tests.handling.dovecot import dovecot_start, dovecot_stop

PASSWORD = "bench-geheim"
USER = "team-bench"


class BenchDovecot:
    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="dv-bench-dovecot-"))
        os.chmod(self.root, 0o755)
        self.port = 0
        self.config = self.root / "dovecot.conf"

    def start(self) -> BenchDovecot:
        self.config, self.port = dovecot_start(root=self.root, users=[USER], password=PASSWORD)
        return self

    def fill_maildir(self, count: int, *, sender_domain: str = "example.org") -> None:
        """Write ``count`` messages straight into the user's maildir (much faster than APPEND)."""
        base = self.root / "mail" / USER
        for sub in ("cur", "new", "tmp"):
            (base / sub).mkdir(parents=True, exist_ok=True)
        for n in range(count):
            data = (
                f"From: Inwoner {n} <inwoner{n}@{sender_domain}>\r\n"
                "To: team@woerden.nl\r\n"
                f"Subject: Vraag {n}\r\n"
                "Date: Fri, 20 Nov 2026 10:00:00 +0100\r\n"
                f"Message-ID: <{uuid.uuid4()}@{sender_domain}>\r\n"
                "\r\nTekst die niet gelezen wordt.\r\n"
            )
            (base / "cur" / f"{1700000000 + n}.M{n}P1.bench:2,").write_text(data)
        if os.geteuid() == 0:
            subprocess.run(["chown", "-R", "5000:5000", str(self.root / "mail")], check=True)

    def stop(self) -> None:
        dovecot_stop(self.config)
        shutil.rmtree(self.root, ignore_errors=True)
