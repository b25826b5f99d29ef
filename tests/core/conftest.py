"""Fixtures of the core tests: the audit and security log lines, read with caplog."""

import logging
from collections.abc import Callable, Iterator

import pytest

LogReader = Callable[..., list[logging.LogRecord]]


def _listen(caplog, name: str) -> Iterator[LogReader]:
    """The records of logger ``name``. The audit and security loggers have a handler of their own
    and pass nothing on to the root (settings.LOGGING), so caplog listens on them directly."""
    logger = logging.getLogger(name)
    logger.addHandler(caplog.handler)

    def read(event: str | None = None) -> list[logging.LogRecord]:
        return [
            record
            for record in caplog.records
            if record.name == name and (event is None or getattr(record, "event", "") == event)
        ]

    try:
        yield read
    finally:
        logger.removeHandler(caplog.handler)


@pytest.fixture
def events(caplog) -> Iterator[LogReader]:
    """``events("login")``: the security events of the test (``dienstverlening.security``)."""
    yield from _listen(caplog, "dienstverlening.security")


@pytest.fixture
def audit_lines(caplog) -> Iterator[LogReader]:
    """``audit_lines()``: the log lines of the audit trail (``dienstverlening.audit``)."""
    yield from _listen(caplog, "dienstverlening.audit")
