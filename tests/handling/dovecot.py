"""Start and stop a throw-away Dovecot IMAP server on loopback (tests and the mail benchmark).

Its own config, users file and maildir live under ``root``; nothing touches the system service.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterable
from pathlib import Path


def _program(name: str) -> str:
    """Dovecot's programs live in /usr/sbin, which a developer's PATH may leave out."""
    search = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/sbin"])
    return shutil.which(name, path=search) or name


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
                if sock.recv(64).startswith(b"* OK"):
                    return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("Dovecot start niet")


def dovecot_start(*, root: Path, users: Iterable[str], password: str) -> tuple[Path, int]:
    """Write users and config under ``root``, start Dovecot, wait until it answers.

    Returns the config path (for ``dovecot_stop``) and the IMAP port.
    """
    for sub in ("run", "state", "mail"):
        (root / sub).mkdir(exist_ok=True)
    port = free_port()
    (root / "users").write_text("".join(f"{u}:{{PLAIN}}{password}::::::\n" for u in users))
    if os.geteuid() == 0:
        uid = gid = 5000
        extra = ""
    else:  # pragma: no cover - CI runs as root; a developer may not
        uid, gid = os.getuid(), os.getgid()
        me = os.environ.get("USER") or str(uid)
        extra = f"default_internal_user = {me}\ndefault_login_user = {me}\n"
    config = root / "dovecot.conf"
    config.write_text(
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
    subprocess.run([_program("dovecot"), "-c", str(config)], check=True)
    wait_for(port)
    return config, port


def dovecot_stop(config: Path) -> None:
    subprocess.run([_program("doveadm"), "-c", str(config), "stop"], check=False)
