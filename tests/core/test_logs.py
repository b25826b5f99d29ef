"""Structured logs: JSON lines in production, readable lines in development, and on each line of
a request its request id and the employee's user id, never a name or a resident's data."""

from __future__ import annotations

import io
import json
import logging
import logging.config
import re
import subprocess
import sys
from collections.abc import Iterator

import pytest
from django.conf import settings as django_settings

from tests import cli
from tests.conftest import logged_in
from tests.core.factories import UserFactory, api_client

HEX_ID = re.compile(r"[0-9a-f]{32}")


class Lines:
    """What the console handler wrote, as lines (JSON objects under the JSON format)."""

    def __init__(self, stream: io.StringIO) -> None:
        self.stream = stream

    def text(self) -> str:
        return self.stream.getvalue()

    def records(self) -> list[dict]:
        return [json.loads(line) for line in self.text().splitlines() if line.strip()]

    def of(self, logger: str) -> list[dict]:
        return [record for record in self.records() if record["logger"] == logger]


def configure(stream: io.StringIO, log_format: str) -> None:
    """The settings' LOGGING as it is, with the chosen format, writing to ``stream``, and the
    request line on (as in production)."""
    config = json.loads(json.dumps(django_settings.LOGGING))
    del config["handlers"]["console"]["()"], config["handlers"]["console"]["stream_name"]
    config["handlers"]["console"]["class"] = "logging.StreamHandler"
    config["handlers"]["console"]["stream"] = stream
    config["handlers"]["console"]["formatter"] = log_format
    config["handlers"]["console"]["level"] = "INFO"
    config["loggers"]["dienstverlening.requests"]["level"] = "INFO"
    logging.config.dictConfig(config)


def _configured_log(log_format: str) -> Iterator[Lines]:
    """The lines logged in ``log_format`` while the test runs; then the settings' LOGGING again."""
    stream = io.StringIO()
    configure(stream, log_format)
    yield Lines(stream)
    logging.config.dictConfig(django_settings.LOGGING)


@pytest.fixture
def json_log() -> Iterator[Lines]:
    yield from _configured_log("json")


@pytest.fixture
def text_log() -> Iterator[Lines]:
    yield from _configured_log("text")


@pytest.mark.django_db
def test_a_request_logs_a_json_line_with_request_id_and_user_id(client, json_log):
    employee = UserFactory(
        username="j.jansen", email="j.jansen@woerden.nl", first_name="Jan", last_name="Jansen"
    )
    response = logged_in(client, employee).get("/")
    assert response.status_code == 200
    request_id = response["X-Request-ID"]
    assert HEX_ID.fullmatch(request_id)

    [line] = json_log.of("dienstverlening.requests")
    assert line["request_id"] == request_id
    assert line["user_id"] == employee.pk
    assert line["level"] == "INFO"
    assert line["method"] == "GET" and line["path"] == "/" and line["status"] == 200
    assert isinstance(line["duration_ms"], int)
    assert line["message"] == f"GET / 200 {line['duration_ms']} ms"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", line["time"])
    text = json_log.text()
    for personal in ("j.jansen", "woerden.nl", "Jansen"):
        assert personal not in text


@pytest.mark.django_db
def test_every_line_of_the_request_carries_its_id_and_the_query_string_stays_out(client, json_log):
    response = client.get("/metingen/12345/?zoek=Jansen&postcode=3441AB")
    assert response.status_code in (302, 404)  # not logged in: to the log-in page
    response = logged_in(client, UserFactory()).get("/bestaat-niet/?zoek=Jansen")
    assert response.status_code == 404
    request_id = response["X-Request-ID"]
    lines = [line for line in json_log.records() if line["request_id"] == request_id]
    assert {line["logger"] for line in lines} == {"django.request", "dienstverlening.requests"}
    assert "Jansen" not in json_log.text() and "3441AB" not in json_log.text()
    warning = json_log.of("django.request")[-1]
    assert warning["status_code"] == 404 and "request" not in warning


@pytest.mark.django_db
def test_the_line_names_the_url_pattern_not_the_ids_or_tokens_in_the_address(client, json_log):
    employee = UserFactory()
    logged_in(client, employee).get("/metingen/987654/")
    logged_in(client, employee).get("/taken/9f0c6a9e-2b9b-4a51-8d8e-5a1f3f1c2b7d/")
    paths = [line["path"] for line in json_log.of("dienstverlening.requests")]
    assert paths == ["/metingen/<int:pk>/", "/taken/<uuid:pk>/"]


@pytest.mark.django_db
def test_a_sane_incoming_request_id_is_kept(client, json_log):
    for incoming in ("7d3f2c1e-9a4b-4c8d-b1e2-3f4a5b6c7d8e", "a1b2c3d4e5f60718293a4b5c6d7e8f90"):
        response = client.get("/inloggen/", HTTP_X_REQUEST_ID=incoming)
        assert response["X-Request-ID"] == incoming
    lines = json_log.of("dienstverlening.requests")
    assert [line["request_id"] for line in lines] == [
        "7d3f2c1e-9a4b-4c8d-b1e2-3f4a5b6c7d8e",
        "a1b2c3d4e5f60718293a4b5c6d7e8f90",
    ]
    assert all(line["user_id"] is None for line in lines)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "incoming",
    [
        "abc\nINFO nep-regel user_id=1",
        "a" * 500,
        "met spaties erin",
        '"><script>alert(1)</script>',
        "kort",
        "",
    ],
    ids=["newline", "500-chars", "spaces", "markup", "too-short", "empty"],
)
def test_a_malicious_or_odd_request_id_is_replaced(client, json_log, incoming):
    response = client.get("/inloggen/", HTTP_X_REQUEST_ID=incoming)
    replaced = response["X-Request-ID"]
    assert HEX_ID.fullmatch(replaced)
    [line] = json_log.of("dienstverlening.requests")
    assert line["request_id"] == replaced
    if incoming:
        assert incoming not in json_log.text()


@pytest.mark.django_db
def test_an_api_client_is_named_by_its_id(json_log):
    client = api_client(scopes=["kpis"], sources=[])
    response = client.get("/api/v1/kpis/")
    assert response.status_code == 200
    [line] = json_log.of("dienstverlening.requests")
    assert line["api_client_id"] == client.api_client.pk
    assert line["user_id"] is None
    assert client.token not in json_log.text()


@pytest.mark.django_db
def test_health_probes_and_static_files_write_no_request_line(client, json_log):
    response = client.get("/gezondheid/live/")
    assert HEX_ID.fullmatch(response["X-Request-ID"])
    client.get(django_settings.STATIC_URL + "core/theme.css")
    assert json_log.of("dienstverlening.requests") == []


def test_lines_outside_a_request_have_no_request_id(json_log):
    logging.getLogger("dienstverlening.proef").warning("Taak %s klaar", 12)
    [line] = json_log.of("dienstverlening.proef")
    assert line["message"] == "Taak 12 klaar"
    assert line["request_id"] is None and line["user_id"] is None
    assert "api_client_id" not in line


@pytest.mark.django_db
def test_development_lines_are_readable_text(client, text_log):
    employee = UserFactory()
    response = logged_in(client, employee).get("/")
    logging.getLogger("dienstverlening.proef").warning("buiten een verzoek")
    ours = [line for line in text_log.text().splitlines() if " dienstverlening." in line]
    first, second = ours
    short_id = response["X-Request-ID"][:8]
    assert re.fullmatch(
        rf"\d\d:\d\d:\d\d INFO dienstverlening\.requests \[{short_id} u={employee.pk}\]: "
        r"GET / 200 \d+ ms",
        first,
    )
    outside = r"\d\d:\d\d:\d\d WARNING dienstverlening\.proef: buiten een verzoek"
    assert re.fullmatch(outside, second)


# --- the format and the stream follow the environment --------------------------------------

ISOLATED = {"SECRET_KEY", "DEBUG", "DV_LOG_FORMAT", "DV_LOG_STREAM", "DV_ACCESS_LOG"}
LOG_ONE_LINE = (
    "import logging; logging.getLogger('dienstverlening.proef').warning('proef ë');"
    " print('uitvoer')"
)


def run_cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    env = {"SECRET_KEY": "test-only-secret-key-not-for-production", **env}
    return cli.run(*args, unset=ISOLATED, timeout=120, **env)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DEBUG": "0"}, "json"),
        ({"DEBUG": "1"}, "text"),
        ({"DEBUG": "0", "DV_LOG_FORMAT": "text"}, "text"),
        ({"DEBUG": "1", "DV_LOG_FORMAT": "JSON"}, "json"),
    ],
    ids=["production", "development", "forced-text", "forced-json"],
)
def test_commands_log_in_the_chosen_format_to_stderr_and_keep_stdout_clean(env, expected):
    result = run_cli("shell", "--no-imports", "-c", LOG_ONE_LINE, **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "uitvoer\n"
    [line] = [line for line in result.stderr.splitlines() if "proef" in line]
    if expected == "json":
        record = json.loads(line)
        assert record["level"] == "WARNING" and record["message"] == "proef ë"
        assert record["logger"] == "dienstverlening.proef"
    else:
        assert re.fullmatch(r"\d\d:\d\d:\d\d WARNING dienstverlening\.proef: proef ë", line)


def test_an_unknown_log_format_stops_the_start_in_dutch():
    result = run_cli("check", DEBUG="1", DV_LOG_FORMAT="xml")
    assert result.returncode != 0
    assert "DV_LOG_FORMAT is json of text." in result.stderr


def test_a_line_goes_to_the_stream_of_the_moment_not_to_one_closed_since(monkeypatch):
    """A test runner or a command swaps stdout and closes the old one: the next line still
    arrives, in the new stream, and nothing complains about a closed file."""
    logging.config.dictConfig(django_settings.LOGGING)
    name = django_settings.LOGGING["handlers"]["console"]["stream_name"]
    first, second = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, name, first)
    logging.getLogger("dienstverlening.test").warning("eerste regel")
    first.close()
    monkeypatch.setattr(sys, name, second)
    logging.getLogger("dienstverlening.test").warning("tweede regel")
    assert "tweede regel" in second.getvalue()
