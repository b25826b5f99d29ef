"""The project's command line (``python -m dienstverlening.cli``) in a subprocess, as an operator
starts it, in an environment the test chooses."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Collection


def run(
    *args: str, unset: Collection[str] = (), timeout: float | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    """``dienstverlening.cli args`` with this process's environment without the variables in
    ``unset`` and with ``env``; its output as text, whatever its exit code."""
    environment = {k: v for k, v in os.environ.items() if k not in unset}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "dienstverlening.cli", *args],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
        timeout=timeout,
    )
