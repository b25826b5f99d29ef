"""Programs of the system that some tests drive: Chromium, Dovecot, PostgreSQL's server.

They come from Debian packages, which need root: ``.ci/run`` installs them, and on a developer's
machine ``sudo make system`` does, once. ``make test`` itself never installs anything.

A missing program skips the tests that need it, with the command that installs it, on a
developer's machine. In CI (``CI`` set, as ``.ci/run`` does) it fails them instead: a green CI
run must never hide a part that did not run.
"""

from __future__ import annotations

import os
import shutil
from typing import NoReturn

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def missing(what: str, package: str) -> NoReturn:
    """Skip (on a developer's machine) or fail (in CI) the test: ``what`` is not installed."""
    message = (
        f"{what} ontbreekt: installeer het Debian-pakket '{package}' "
        f"(als root: make system, of apt-get install {package})"
    )
    if in_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def program(*names: str, package: str) -> str:
    """The path of the first of ``names`` on PATH; skips or fails the test when none is."""
    # Daemons live in /usr/sbin, which a developer's PATH may leave out.
    search = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/sbin"])
    for name in names:
        path = shutil.which(name, path=search)
        if path:
            return path
    missing(names[0], package)
