"""Progress of long work: one callback for services, shown on a page or on a terminal.

A service that takes long accepts ``progress: Progress | None = None`` and calls
``progress(stage, done, total)`` now and then (every few hundred rows, per batch, per mailbox).
It never cares where the numbers go:

- ``JobProgress`` (a background job) puts them in the "progress" cache, at most twice a second.
  Not in the database: an import keeps its all-or-nothing transaction open while it works, and on
  SQLite a second writer would wait for that transaction to end.
- ``terminal_progress`` draws a rich progress bar when the command runs on a terminal, and
  nothing at all under a scheduler (no TTY), so cron mails hold only the summary.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Protocol

from django.core.cache import caches
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from rich.progress import TaskID

WRITE_EVERY = 0.5  # seconds between two writes of the same stage


class Stage(models.TextChoices):
    """The steps long work goes through; the page names the step it is in."""

    READ = "read", _("Bestand lezen")
    CHECK = "check", _("Regels controleren")
    SAVE = "save", _("Regels opslaan")
    SEND = "send", _("E-mails versturen")
    SYNC = "sync", _("Mailboxen bijwerken")
    FIGURES = "figures", _("Cijfers verzamelen")
    DOCUMENTS = "documents", _("Bestanden maken")


class Progress(Protocol):
    def __call__(self, stage: str, done: int, total: int | None) -> None: ...


def progress_key(job_id) -> str:
    return f"job:{job_id}"


class JobProgress:
    """Writes a job's numbers to the progress cache: on a new stage, at the end of a stage and
    otherwise at most every ``WRITE_EVERY`` seconds."""

    def __init__(self, job_id, *, stages: int = 1) -> None:
        self.key = progress_key(job_id)
        self.stages = stages
        self.cache = caches["progress"]
        self.stage = ""
        self.step = 0
        self.stage_started = 0.0
        self.stage_wall = 0.0
        self.last_write = 0.0
        self.done = 0
        self.total: int | None = None

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        now = time.monotonic()
        if stage != self.stage:
            self.stage = stage
            self.step += 1
            self.stage_started = now
            self.stage_wall = time.time()
        elif now - self.last_write < WRITE_EVERY and done != total:
            self.done, self.total = done, total
            return
        self.done, self.total = done, total
        self.last_write = now
        self.cache.set(
            self.key,
            {
                "stage": stage,
                "step": self.step,
                "steps": max(self.stages, self.step),
                "done": done,
                "total": total,
                "stage_started": self.stage_wall,
                "updated": time.time(),
            },
        )


def progress_read(job_id) -> dict | None:
    return caches["progress"].get(progress_key(job_id))


def progress_forget(job_id) -> None:
    caches["progress"].delete(progress_key(job_id))


def remaining_seconds(*, done: int, total: int | None, elapsed: float) -> float | None:
    """How long the rest of a stage takes at the speed so far; ``None`` while that is a guess
    (under a second of work or nothing done yet)."""
    if not total or done <= 0 or elapsed < 1 or done >= total:
        return None
    return elapsed * (total - done) / done


class _TerminalBar:
    def __init__(self, stream: IO[str]) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.progress import Progress as RichProgress

        self.bar = RichProgress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=Console(file=stream, force_terminal=True),
            transient=False,
        )
        self.tasks: dict[str, TaskID] = {}

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        if stage not in self.tasks:
            label = str(Stage(stage).label) if stage in Stage.values else stage
            self.tasks[stage] = self.bar.add_task(label, total=total)
        self.bar.update(self.tasks[stage], completed=done, total=total)


def _is_terminal(stream) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


@contextlib.contextmanager
def terminal_progress(stream: IO[str]) -> Iterator[Progress | None]:
    """A progress bar on ``stream`` when it is a terminal; ``None`` (no output) otherwise.

    Give the command's raw stream (``self.stderr._out``): Django's ``OutputWrapper`` adds a
    newline to every write, which breaks a bar that redraws itself.
    """
    if not _is_terminal(stream):
        yield None
        return
    bar = _TerminalBar(stream)
    with bar.bar:
        yield bar
