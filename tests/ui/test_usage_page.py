"""Visits tapped through the real window are counted, and the staff area's Usage page shows
them: the funnel, visits per day, the opt-in rate, end reasons, languages, reading aids.
The desk's page reads off the GUI thread: a server that never answers freezes nothing, and
counts read earlier stay on screen, dated, when the next read fails."""

from __future__ import annotations

import re
import socket
import time
from collections.abc import Iterator
from datetime import date
from functools import partial
from itertools import pairwise

import pytest
from PySide6.QtCore import Qt, QTimer

from kiosk.requests.store import DB_NAME
from kiosk.staff.pin import set_pin
from kiosk.ui.desk.window import read_usage
from kiosk.ui.staff.usage_page import READING, OffThreadSource, UsagePage
from kiosk.usage.pg_source import PgUsageSource
from kiosk.usage.report import report_for
from kiosk.usage.store import SqliteUsageStore, open_usage_store
from tests.ui.test_staff_support import PIN, button, tap


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def visits_counted(usage: SqliteUsageStore) -> int:
    today = date.today().isoformat()
    return sum(row.value for row in usage.rows(today, today) if row.metric == "visits")


def bars(page: UsagePage, key: str) -> list[tuple[str, int]]:
    chart = page.views[key].chart
    assert chart is not None
    return [(bar.label, bar.value) for bar in chart.bars]


def test_taps_are_counted_and_shown_on_the_usage_page(make_window, qtbot, tmp_path):
    window = make_window((1280, 800))
    usage = window.context.usage
    click(qtbot, window.attract.start_button)
    for _ in range(4):  # to screen 5
        click(qtbot, window.next_button)
    click(qtbot, window.start_over_button)
    click(qtbot, window.attract.start_button)
    click(qtbot, window.language_button)  # Español
    click(qtbot, window.contrast_button)
    window.warn_idle()
    window.idle_warning.expired.emit()  # nobody answered
    qtbot.waitUntil(lambda: visits_counted(usage) == 2, timeout=5000)  # the flush timer

    set_pin(window.context.data_dir, PIN)
    window.open_staff_area()
    staff = window.staff
    for digit in PIN:
        tap(qtbot, button(staff.pin_pad, f"pinKey{digit}"))
    tap(qtbot, button(staff.pin_pad, "pinOk"))
    qtbot.waitUntil(lambda: staff.currentWidget() is staff.panel, timeout=2000)
    click(qtbot, staff.panel.buttons["usageButton"])
    page = staff.panel.usage_page
    assert page is not None and page.isVisible() and page.days == 7
    funnel = [value for _label, value in bars(page, "funnel")]
    assert funnel[:7] == [2, 2, 1, 1, 1, 1, 0] and funnel[-2:] == [0, 0]  # welcome, 1..5
    assert dict(bars(page, "end_reasons")) == {
        "Start over": 1, "Walked away (idle)": 1, "After a request": 0, "Error, restarted": 0,
    }  # fmt: skip
    assert dict(bars(page, "languages")) == {"English": 1, "Español": 1}
    assert dict(bars(page, "aids"))["Contrast"] == 1
    assert bars(page, "visits_per_day")[-1] == (date.today().isoformat(), 2)
    assert page.summary.text().startswith("2 visits  ·  0 consultation requests")
    click(qtbot, page.range_button(90))
    weekly = page.views["visits_per_day"].chart
    assert page.days == 90 and weekly is not None and weekly.title.startswith("Visits per week")
    click(qtbot, page.back_button)
    assert staff.panel.pages.currentIndex() == 0


def test_the_page_is_self_contained_and_reports_a_store_problem(qtbot, tmp_path, content):
    missing = SqliteUsageStore(tmp_path / "none" / "requests.sqlite3", create=False)
    page = UsagePage(lambda days: report_for(missing, content, days, date.today()))
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    page.show_days(30)
    assert "No request database" in page.message.text() and page.message.isVisible()
    assert all(view.isHidden() for view in page.views.values())


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A local port that takes a connection and never answers: a hung PostgreSQL server, or
    a firewall swallowing the packets, as a desk meets it during an outage."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield listener.getsockname()[1]


def desk_page(qtbot, source, content) -> UsagePage:
    """The page as the desk builds it: its source read on a worker thread."""
    page = UsagePage(OffThreadSource(partial(read_usage, source, content)), touch=False)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    return page


def test_a_server_that_never_answers_does_not_freeze_the_desk(qtbot, content, silent_port):
    url = f"postgresql://mild_desk@127.0.0.1:{silent_port}/mild?connect_timeout=3"
    page = desk_page(qtbot, PgUsageSource(url, "not used"), content)
    turns = [time.monotonic()]  # when the GUI thread's event loop came round
    timer = QTimer(page)
    timer.setInterval(50)
    timer.timeout.connect(lambda: turns.append(time.monotonic()))
    timer.start()
    page.show_days(30)
    assert time.monotonic() - turns[0] < 0.5  # the click returns at once
    assert page.is_loading() and page.status.text() == READING and page.status.isVisible()
    qtbot.waitUntil(lambda: not page.is_loading(), timeout=15_000)
    waited = time.monotonic() - turns[0]
    assert waited >= 2.5  # the server really kept the connection hanging (connect_timeout)
    assert max(b - a for a, b in pairwise(turns)) < 1.5  # the GUI thread was never stuck
    assert page.message.isVisible() and page.status.isHidden()
    assert page.message.text() == (
        "Could not connect to the PostgreSQL server: the server could not be reached."
        " Choose a range to try again."
    )
    assert all(view.isHidden() for view in page.views.values())


def test_counts_read_before_stay_dated_when_the_next_read_fails(qtbot, content, tmp_path):
    today = date.today().isoformat()
    usage = open_usage_store(tmp_path)
    usage.add("Lobby", {(today, 9, "visits", ""): 6})
    usage.close()
    page = desk_page(qtbot, SqliteUsageStore(tmp_path / DB_NAME, create=False), content)
    page.show_days(7)
    qtbot.waitUntil(lambda: not page.is_loading(), timeout=5000)
    assert page.summary.text().startswith("6 visits") and page.status.isHidden()

    (tmp_path / DB_NAME).rename(tmp_path / "moved.sqlite3")  # the file went away
    page.show_days(7)
    assert page.status.text() == READING and page.summary.text().startswith("6 visits")
    qtbot.waitUntil(lambda: not page.is_loading(), timeout=5000)
    assert re.fullmatch(
        r"No request database at .* Showing the counts read at \d\d:\d\d;"
        r" choose a range to try again\.",
        page.status.text(),
    )
    assert page.summary.text().startswith("6 visits") and page.message.isHidden()
    assert page.views["visits_per_day"].isVisible()

    page.show_days(30)  # never read: nothing older to show
    qtbot.waitUntil(lambda: not page.is_loading(), timeout=5000)
    assert page.message.text().startswith("No request database") and page.status.isHidden()
    assert all(view.isHidden() for view in page.views.values())
    page.reset()  # the area locks: the kept counts go too
    page.show_days(7)
    assert page.summary.text() == "" and page.status.text() == READING
    qtbot.waitUntil(lambda: not page.is_loading(), timeout=5000)
