"""`usage.csv`: one row per day and kiosk, for a clinic's monthly report in a spreadsheet.

The same spreadsheet rules as the request export (kiosk/requests/export.py): UTF-8 with a
BOM so Excel reads accents, CRLF rows, and no cell that a spreadsheet would run as a formula.
Counts from 1 to 4 are written "<5" (a count that small could point at one person), and the
opt-in percentage is left blank when either of its counts is under 5, since it would give
them away. Free of Qt.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from pathlib import Path

from kiosk.requests.atomic import atomic_file
from kiosk.requests.export import neutralise
from kiosk.session import EndReason
from kiosk.usage.metrics import Metric
from kiosk.usage.report import SMALL
from kiosk.usage.store import UsageRow

TOTALS = (
    Metric.VISITS, Metric.PAST_WELCOME, Metric.FORM_STARTED, Metric.REQUESTS,
    Metric.LISTEN, Metric.TEXT_SIZE, Metric.CONTRAST,
)  # fmt: skip


def csv_headers(flow: Sequence[str], languages: Sequence[str]) -> list[str]:
    """`flow`: page ids in order (the welcome screen first); `languages`: codes."""
    return [
        "day", "kiosk", *(metric.value for metric in TOTALS[:4]), "opt_in_percent",
        *(metric.value for metric in TOTALS[4:]),
        *(f"language_{code}" for code in languages),
        *(f"ended_{reason.value}" for reason in EndReason),
        *(f"reached_{page}" for page in flow),
        "form_abandoned",
    ]  # fmt: skip


def csv_rows(
    rows: Iterable[UsageRow],
    first_day: date,
    last_day: date,
    flow: Sequence[str],
    languages: Sequence[str],
) -> list[list[str]]:
    """Every day of the range for every kiosk that counted something in it (0s included,
    so a spreadsheet chart has no gaps), oldest day first."""
    cells: dict[tuple[str, str], dict[str, Counter[str]]] = defaultdict(
        lambda: defaultdict(Counter)
    )
    for row in rows:
        cells[(row.day, row.kiosk)][row.metric][row.key] += row.value
    kiosks = sorted({kiosk for _day, kiosk in cells})
    out = []
    day = first_day
    while day <= last_day:
        text = day.isoformat()
        out += [_row(text, kiosk, cells[(text, kiosk)], flow, languages) for kiosk in kiosks]
        day += timedelta(days=1)
    return out


def _row(
    day: str, kiosk: str, counts: dict[str, Counter[str]], flow: Sequence[str],
    languages: Sequence[str],
) -> list[str]:  # fmt: skip
    def count(metric: Metric, key: str | None = None) -> int:
        found = counts.get(metric.value, Counter())
        return sum(found.values()) if key is None else found[key]

    def shown(value: int) -> str:  # a plain number, so a spreadsheet can add them up
        return "<5" if 0 < value < SMALL else str(value)

    past, requests = count(Metric.PAST_WELCOME), count(Metric.REQUESTS)
    opt_in = ""  # blank unless both counts are big enough not to give each other away
    if past >= SMALL and (requests >= SMALL or requests == 0):
        opt_in = f"{100 * requests / past:.0f}"
    furthest = counts.get(Metric.FURTHEST.value, Counter())
    reached, funnel = sum(furthest[page] for page in flow), []
    for page in flow:  # reached this page = got here or further
        funnel.append(shown(reached))
        reached -= furthest[page]
    return [
        day, neutralise(kiosk), shown(count(Metric.VISITS)), shown(past),
        shown(count(Metric.FORM_STARTED)), shown(requests), opt_in,
        *(shown(count(metric)) for metric in TOTALS[4:]),
        *(shown(count(Metric.LANGUAGE, code)) for code in languages),
        *(shown(count(Metric.END_REASON, reason.value)) for reason in EndReason),
        *funnel, shown(count(Metric.FORM_ABANDONED)),
    ]  # fmt: skip


def write_usage_csv(path: Path, headers: list[str], rows: list[list[str]]) -> int:
    """Write atomically and privately (0600); returns the number of rows. OSError on failure."""
    text = io.StringIO()
    writer = csv.writer(text, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    with atomic_file(path) as handle:
        handle.write(codecs.BOM_UTF8 + text.getvalue().encode("utf-8"))
    return len(rows)
