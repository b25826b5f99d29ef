"""Report speed on a large organisation: the year report of both municipalities as PDF.

On the dashboard benchmark's data (5,000,000 handling items and 500,000 responses, built once by
``bench_dashboard.py``'s ``ensure_data`` and kept), in a warm process (as a task worker is), this
times the organisation's year report end to end: the queries through ``insights``, the text, the
charts (vl-convert) and the tagged PDF (WeasyPrint), and prints beside it the bare pipeline on
the same report (only the charts to SVG and only WeasyPrint on the same HTML) and the Word file.
Target: end to end at most 4 s (the bare pipeline was measured at about 3 s on this kind of
machine for 12 charts and 12 pages).

Environment: BENCH_ITEMS, BENCH_RESPONSES (as ``bench_dashboard.py``), BENCH_REPEAT (3),
BENCH_DATABASES (``postgres,sqlite``), or BENCH_DATABASE_URL to time an existing database (such
as a loaded demo) without building anything.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import bench_dashboard  # noqa: E402  (the dataset and its databases are shared)
from django_env import bench_runs, child_env  # noqa: E402

REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))
TARGET_SECONDS = 4.0


def parent() -> int:
    status = 0
    for kind, url in bench_runs(bench_dashboard.database_url):
        env = child_env(url)
        status |= subprocess.call([sys.executable, __file__, "--child", kind], env=env)
    return status


def timed(function) -> tuple[float, object]:
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def child(kind: str) -> int:
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    import logging

    from django.template.loader import render_to_string
    from django.utils import timezone
    from django.utils.translation import override

    from dienstverlening.handling.models import HandlingItem
    from dienstverlening.insights import charts
    from dienstverlening.reports import rendering
    from dienstverlening.reports.models import Report, ReportKind
    from dienstverlening.reports.services import report_generate
    from dienstverlening.reports.wordfile import docx_bytes
    from dienstverlening.surveys.models import Response

    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    if kind != "gegeven":
        bench_dashboard.ensure_data()
    year = str(timezone.localdate().year - 1)
    made: list[int] = []

    def end_to_end() -> bytes:
        report = report_generate(
            kind=ReportKind.SERVICE, period=year, municipality=None, render=False
        )
        made.append(report.pk)
        return rendering.pdf_bytes(report)

    def bare(report, html: str) -> None:
        """Only the two engines: 12 charts to SVG, WeasyPrint on the report's HTML."""
        from weasyprint import HTML

        specs = [rendering.paper_spec(b["spec"]) for b in rendering.chart_blocks(report.content)]
        for spec in specs[:12]:
            charts.to_svg(spec)
        HTML(string=html).write_pdf(pdf_variant=rendering.PDF_VARIANT)

    print(
        f"\n{kind}: {HandlingItem.objects.count():,} items, {Response.objects.count():,} "
        f"antwoorden · jaarrapport {year}, beide gemeenten · {REPEAT} keer, warm proces"
    )
    try:
        end_to_end()  # warm the process: fonts, vl-convert's engine, Altair's skeletons
        report = Report.objects.get(pk=made[-1])
        pdf = rendering.pdf_bytes(report)
        info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True).stdout.decode()
        pages = next(
            (line.split()[-1] for line in info.splitlines() if line.startswith("Pages")), "?"
        )
        count = sum(1 for _ in rendering.chart_blocks(report.content))
        with override("nl"):
            html = render_to_string(
                "reports/pdf/report.html", rendering.render_context(report, pdf=True)
            )
        totals, bares, words = [], [], []
        for _ in range(REPEAT):
            totals.append(timed(end_to_end)[0])
            bares.append(timed(lambda: bare(report, html))[0])
            words.append(timed(lambda: docx_bytes(report))[0])
    finally:
        Report.objects.filter(pk__in=made).delete()
    total = statistics.median(totals)
    print(f"{'meting':<44} {'mediaan s':>10}")
    print(f"{'jaarrapport PDF, van begin tot eind':<44} {total:>10.2f}")
    print(f"{'kale pijplijn (grafieken + WeasyPrint)':<44} {statistics.median(bares):>10.2f}")
    print(f"{'Word-bestand':<44} {statistics.median(words):>10.2f}")
    print(f"{count} grafieken, {pages} pagina's. Doel: hooguit {TARGET_SECONDS:.0f} s.")
    if total > TARGET_SECONDS:
        print(f"TE LANGZAAM: {total:.2f} s > {TARGET_SECONDS:.0f} s")
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        sys.exit(child(sys.argv[2]))
    sys.exit(parent())
