"""Visits tapped through the real window are counted, and the staff area's Usage page shows
them: the funnel, visits per day, the opt-in rate, end reasons, languages, reading aids."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from kiosk.staff.pin import set_pin
from kiosk.ui.staff.usage_page import UsagePage
from kiosk.usage.report import report_for
from kiosk.usage.store import SqliteUsageStore
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
