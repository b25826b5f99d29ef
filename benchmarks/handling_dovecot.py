"""A throw-away Dovecot for the mail benchmark: own config, users and maildir under a temp dir."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

PASSWORD = "bench-geheim"
USER = "team-bench"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class BenchDovecot:
    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="dv-bench-dovecot-"))
        os.chmod(self.root, 0o755)
        self.port = _free_port()
        self.config = self.root / "dovecot.conf"

    def start(self) -> BenchDovecot:
        root = self.root
        for sub in ("run", "state", "mail"):
            (root / sub).mkdir()
        (root / "users").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
        uid = gid = 5000 if os.geteuid() == 0 else os.getuid()
        self.config.write_text(
            f"""protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{root}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
"""
        )
        subprocess.run(["dovecot", "-c", str(self.config)], check=True)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("Dovecot start niet")

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
        subprocess.run(["doveadm", "-c", str(self.config), "stop"], check=False)
        shutil.rmtree(self.root, ignore_errors=True)
