"""``dienstverlening serve_demo``: the web server and the task worker together, for ``make demo``.

The worker (``db_worker``) runs as a child process in a session of its own; it stops when the
web server stops, by Ctrl-C or by a TERM signal. With the RQ backend there is no database worker
to start: run ``dienstverlening rqworker --job-class django_tasks_rq.Job`` yourself.
"""

import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Start de webserver met de taakverwerker ernaast (voor de demo en ontwikkeling)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument(
            "--noreload", action="store_true", help="niet herstarten als de code verandert"
        )

    def handle(self, *args, addrport: str, noreload: bool, **options) -> None:
        worker = None
        # runserver's reloader runs this command again in a child (RUN_MAIN): one worker only.
        if os.environ.get("RUN_MAIN") != "true" and settings.DV_TASKS_BACKEND == "database":
            command = [sys.executable, "-m", "dienstverlening.cli", "db_worker"]
            if noreload:
                command.append("--no-reload")
            worker = subprocess.Popen(command, start_new_session=True)
            self.stdout.write(f"Taakverwerker gestart (proces {worker.pid}).")
        previous = signal.signal(signal.SIGTERM, _terminate)
        try:
            call_command("runserver", addrport, use_reloader=not noreload)
        finally:
            signal.signal(signal.SIGTERM, previous)
            if worker is not None:
                _stop(worker)
                self.stdout.write("Taakverwerker gestopt.")


def _terminate(signum, frame) -> None:
    raise SystemExit(0)


def _stop(worker: subprocess.Popen) -> None:
    """TERM to the worker's whole session (its reloader and the worker itself), then KILL."""
    for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
        try:
            os.killpg(worker.pid, sig)
        except ProcessLookupError:
            return
        try:
            worker.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue
