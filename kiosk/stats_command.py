"""`python main.py stats --out DIR`: usage.csv and the usage charts as PNG files, for a
clinic's monthly report.

The CSV is written without Qt; the PNGs are drawn by kiosk/ui/charts.py, the same code as
the staff area's Usage page, on Qt's offscreen platform (no display needed). Any problem
raises StatsError with one line that names no patient data (there is none to name).
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from kiosk.content.model import Content
from kiosk.requests.store import StoreError
from kiosk.usage.report import day_range, flow_of, report_for
from kiosk.usage.store import open_usage_source
from kiosk.usage.table import csv_headers, csv_rows, write_usage_csv

MAX_DAYS = 3660
CSV_NAME = "usage.csv"


class StatsError(Exception):
    """Shown as one line, exit code 2."""


def stats(
    out: Path,
    days: int,
    content: Content,
    data_dir: Path,
    store_url: str | None = None,
    today: date | None = None,
    password: str = "",
) -> str:
    """Write out/usage.csv (one row per day and kiosk) and out/usage-*.png for the last
    `days` days; return the line to print. With a PostgreSQL `store_url` (and the settings'
    `password`): every kiosk's counters the forwarders sent to the server."""
    if not 1 <= days <= MAX_DAYS:
        raise StatsError(f"--days {days}: give 1 to {MAX_DAYS} days")
    today = today or date.today()
    first, last = day_range(days, today)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StatsError(f"cannot use the folder {out}: {error.strerror}") from None
    try:
        store = open_usage_source(store_url or data_dir, password)
    except StoreError as error:  # a bad URL, no file, no server: one line, never the URL
        raise StatsError(str(error)) from None
    try:
        rows = store.rows(first.isoformat(), last.isoformat())
        report = report_for(store, content, days, today)
    except StoreError as error:
        raise StatsError(str(error)) from None
    finally:
        store.close()
    flow = [page for page, _label in flow_of(content, content.default_language)]
    codes = [language.code for language in content.languages]
    try:
        count = write_usage_csv(
            out / CSV_NAME, csv_headers(flow, codes), csv_rows(rows, first, last, flow, codes)
        )
    except OSError as error:
        raise StatsError(f"cannot write {out / CSV_NAME}: {error.strerror}") from None
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kiosk.ui.app import application
    from kiosk.ui.charts import save_pngs

    application()
    try:
        charts = save_pngs(report, out)
    except OSError as error:
        raise StatsError(str(error)) from None
    return (
        f"wrote {out / CSV_NAME} ({count} rows, {first} to {last}) and {len(charts)} charts"
    )
