"""The coördinator's downloads of the responses, as a test reads them: the CSV streams, the
Excel file is made by a job and downloaded from the job's page."""

from __future__ import annotations

import io
import re

from openpyxl import load_workbook


def csv_text(response) -> str:
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content).decode("utf-8-sig")


def xlsx_book(client, query: str = ""):
    """Start the Excel export (``query`` as ``?meting=…``), follow it to its job page and open
    the file behind the download link."""
    url = f"/metingen/antwoorden.xlsx{query}"
    form = client.get(url).context["form"]
    started = client.post(url, {"sleutel": form["sleutel"].value()})
    assert started.status_code == 302, started.status_code
    job = client.get(started["Location"]).content.decode()
    link = re.search(r'href="(/metingen/antwoorden/[^"]+\.xlsx)"', job)
    assert link, job
    response = client.get(link.group(1))
    content = b"".join(response.streaming_content)
    assert content[:2] == b"PK"
    return load_workbook(io.BytesIO(content))
