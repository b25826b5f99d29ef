"""A real Dovecot IMAP server on loopback for the mailbox tests, with its own config and maildir."""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

PASSWORD = "geheim-test"
USERS = [f"team-{n}" for n in range(200)]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(port: int, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
                if sock.recv(64).startswith(b"* OK"):
                    return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("Dovecot start niet")


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
    if shutil.which("dovecot") is None:
        pytest.fail(
            "Dovecot ontbreekt: installeer het Debian-pakket 'dovecot-imapd' (make system)."
        )
    # Not under pytest's tmp dir: Dovecot's own users must be able to reach the files.
    root = Path(tempfile.mkdtemp(prefix="dv-dovecot-"))
    os.chmod(root, 0o755)
    for sub in ("run", "state", "mail"):
        (root / sub).mkdir()
    port = _free_port()
    (root / "users").write_text("".join(f"{u}:{{PLAIN}}{PASSWORD}::::::\n" for u in USERS))
    if os.geteuid() == 0:
        uid = gid = 5000
        extra = ""
    else:  # pragma: no cover - CI runs as root; a developer may not
        uid, gid = os.getuid(), os.getgid()
        me = os.environ.get("USER") or str(uid)
        extra = f"default_internal_user = {me}\ndefault_login_user = {me}\n"
    (root / "dovecot.conf").write_text(
        f"""protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{root}/mail/%u
{extra}passdb {{
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
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
"""
    )
    if os.geteuid() == 0:
        os.chown(root / "mail", uid, gid)
    subprocess.run(["dovecot", "-c", str(root / "dovecot.conf")], check=True)
    try:
        _wait_for(port)
        yield Dovecot(root, port)
    finally:
        subprocess.run(["doveadm", "-c", str(root / "dovecot.conf"), "stop"], check=False)
        shutil.rmtree(root, ignore_errors=True)
