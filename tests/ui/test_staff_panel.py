"""The staff panel over a real SQLite store: list, counts, search, detail, status changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton, QScroller, QScrollerProperties

from kiosk.requests.model import ConsultationRequest, Status
from kiosk.requests.stores import open_store
from kiosk.staff.audit import AuditLog
from kiosk.ui.staff.panel import StaffPanel
from tests.ui.test_staff_support import (
    button,
    fill,
    settle,
    show_in_window,
    small_targets,
    tap,
)


@pytest.fixture
def make_panel(qtbot, tmp_path: Path):
    """A shown panel over `count` requests; returns (panel, requests oldest first)."""
    stores, windows = [], []

    def make(count: int, lock_seconds: int = 600, size: tuple[int, int] = (1920, 1080)):
        store = open_store(tmp_path / "data")
        stores.append(store)
        requests = fill(store, count)
        panel = StaffPanel(
            store, AuditLog(tmp_path / "data"), lock_seconds,
            find_destinations=lambda: [tmp_path / "usb", Path.home()],
        )  # fmt: skip
        windows.append(show_in_window(qtbot, panel, size))
        panel.refresh()
        settle(qtbot, panel)
        return panel, requests

    yield make
    for store in stores:
        store.close()


def listed(panel: StaffPanel) -> list[ConsultationRequest]:
    return [panel.model.request_at(row) for row in range(panel.model.rowCount())]


def names(panel: StaffPanel) -> list[str]:
    return [request.name for request in listed(panel)]


def tap_row(qtbot, panel: StaffPanel, row: int) -> None:
    """Tap a row as a finger would (the kinetic scroller sees the press first)."""
    table = panel.table
    # The kinetic scroller holds a press back briefly and then replays it to the widget
    # under the finger; on the offscreen platform that lookup can find no window (it
    # follows a cursor offscreen does not always track), and the tap would vanish.
    scroller = QScroller.scroller(table.viewport())
    properties = scroller.scrollerProperties()
    properties.setScrollMetric(QScrollerProperties.ScrollMetric.MousePressEventDelay, 0)
    scroller.setScrollerProperties(properties)
    centre = table.visualRect(panel.model.index(row, 2)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.waitUntil(lambda: panel.selected() is not None, timeout=2000)


def key(panel: StaffPanel, name: str) -> QPushButton:
    found = [
        b for b in panel.keyboard.findChildren(QPushButton)
        if b.isVisible() and b.accessibleName() == name
    ]  # fmt: skip
    assert len(found) == 1, name
    return found[0]


@pytest.mark.parametrize("count", [0, 3, 300])
def test_counts_and_newest_first(make_panel, count) -> None:
    panel, requests = make_panel(count)
    assert panel.counts.text() == f"{count} new  ·  0 contacted  ·  0 closed"
    assert panel.model.rowCount() == count
    assert names(panel) == [r.name for r in reversed(requests)]
    assert panel.empty.isVisible() == (count == 0)
    assert panel.table.verticalHeader().defaultSectionSize() >= 64


def test_new_rows_are_bold_and_their_status_says_new(qtbot, make_panel) -> None:
    panel, requests = make_panel(2)
    panel.store.set_status(requests[0].id, Status.CLOSED)
    panel.refresh()
    settle(qtbot, panel)
    model = panel.model
    new_status, closed_status = model.index(0, 4), model.index(1, 4)
    assert model.data(new_status) == "New" and model.data(closed_status) == "Closed"
    assert model.data(new_status, Qt.ItemDataRole.FontRole).bold()
    assert model.data(new_status, Qt.ItemDataRole.BackgroundRole) is not None
    assert model.data(closed_status, Qt.ItemDataRole.FontRole) is None
    assert model.data(model.index(0, 3)) == "(212) 555-2301"


def test_search_on_the_on_screen_keyboard_narrows_the_list(qtbot, make_panel) -> None:
    panel, requests = make_panel(300)
    tap(qtbot, panel.search)
    qtbot.waitUntil(panel.keyboard.isVisible, timeout=2000)
    for letter in "ann":
        tap(qtbot, key(panel, letter))
    assert panel.search.text() == "ann"
    settle(qtbot, panel)
    expected = [r.name for r in reversed(requests) if "ann" in r.name.lower()]
    assert names(panel) == expected and 0 < len(expected) < 300
    tap_row(qtbot, panel, 0)  # tapping a result puts the keyboard away to show the detail
    assert not panel.keyboard.isVisible() and panel.detail.isVisible()
    assert expected[0] in panel.detail.shown_text()
    tap(qtbot, panel.search)
    qtbot.waitUntil(panel.keyboard.isVisible, timeout=2000)
    tap(qtbot, key(panel, "Hide keyboard"))
    assert not panel.keyboard.isVisible()

    panel.search.setText("555-2301")  # phone digits, typed any way
    settle(qtbot, panel)
    assert {request.phone for request in listed(panel)} == {"+12125552301"}
    tap(qtbot, button(panel, "staffSearchClear"))
    settle(qtbot, panel)
    assert panel.model.rowCount() == 300


def test_the_detail_shows_every_field(qtbot, make_panel) -> None:
    panel, requests = make_panel(5)
    tap_row(qtbot, panel, 4)  # the oldest: index 0, Spanish, with a note
    request = requests[0]
    assert panel.selected().id == request.id
    shown = panel.detail.shown_text()
    expected = (request.name, request.reference_code, "(212) 555-2300", "Phone call", "Morning",
                "Leg pain after ten minutes", "• Relief when sitting", "Spanish")  # fmt: skip
    assert [text for text in expected if text not in shown] == []
    tap_row(qtbot, panel, 3)
    assert "patient1@example.com" in panel.detail.shown_text()


def test_mark_contacted_closed_and_undo(qtbot, make_panel, tmp_path) -> None:
    panel, requests = make_panel(3)
    target = requests[1]
    assert panel.select_request(target.id)
    tap(qtbot, button(panel, "markContacted"))
    settle(qtbot, panel)
    assert panel.store.get(target.id).status is Status.CONTACTED
    assert panel.counts.text().startswith("2 new  ·  1 contacted")
    assert target.reference_code in panel.message.text()
    assert not button(panel, "markContacted").isEnabled()

    tap(qtbot, button(panel, "markClosed"))
    settle(qtbot, panel)
    assert panel.store.get(target.id).status is Status.CLOSED
    tap(qtbot, button(panel, "undoButton"))
    settle(qtbot, panel)
    assert panel.store.get(target.id).status is Status.CONTACTED
    assert panel.selected().id == target.id
    assert not button(panel, "undoButton").isEnabled()
    assert panel.counts.text() == "2 new  ·  1 contacted  ·  0 closed"

    log = [json.loads(line) for line in (tmp_path / "data" / "audit.log").read_text().splitlines()]
    assert [(e["from_status"], e["to_status"]) for e in log] == [
        ("new", "contacted"), ("contacted", "closed"), ("closed", "contacted"),
    ]  # fmt: skip
    assert {e["request_id"] for e in log} == {target.id}
    assert all(target.name not in json.dumps(e, ensure_ascii=False) for e in log)


def test_a_store_failure_is_shown_and_nothing_changes(qtbot, make_panel) -> None:
    panel, requests = make_panel(1)
    panel.select_request(requests[0].id)
    panel.store.close()  # every further call fails, as a pulled disk would
    tap(qtbot, button(panel, "markContacted"))
    assert panel.message.text().startswith("Could not change the status")
    assert not button(panel, "undoButton").isEnabled()


def test_inactivity_locks_the_panel(qtbot, make_panel) -> None:
    panel, _ = make_panel(3, lock_seconds=1)
    with qtbot.waitSignal(panel.closed, timeout=3000):
        pass


def test_touches_keep_the_panel_open(qtbot, make_panel) -> None:
    panel, _ = make_panel(3, lock_seconds=1)
    with qtbot.assertNotEmitted(panel.closed, wait=0):
        for _ in range(3):  # 1.5 s of use in all, 0.5 s apart
            with qtbot.waitSignal(panel.closed, timeout=500, raising=False):
                pass
            tap(qtbot, button(panel, "staffSearchClear"))
    with qtbot.waitSignal(panel.closed, timeout=3000):
        pass


def test_lock_and_exit_buttons(qtbot, make_panel) -> None:
    panel, _ = make_panel(0)
    with qtbot.waitSignal(panel.closed, timeout=1000):
        tap(qtbot, button(panel, "staffLeave"))
    exit_button = button(panel, "exitKiosk")
    with qtbot.assertNotEmitted(panel.exit_requested):
        tap(qtbot, exit_button)  # one tap only asks for a second
    assert exit_button.text() == "Tap again to exit"
    with qtbot.waitSignal(panel.exit_requested, timeout=1000):
        tap(qtbot, exit_button)
    assert exit_button.text() == "Exit kiosk"


def test_reset_leaves_nothing_behind(qtbot, make_panel) -> None:
    panel, requests = make_panel(3)
    QTest.keyClicks(panel.search, "mary")  # typed, as staff do (undoable, unlike setText)
    settle(qtbot, panel)
    assert panel.select_request(requests[1].id)
    tap(qtbot, button(panel, "exportButton"))
    panel.reset()
    assert panel.search.text() == "" and not panel.search.isUndoAvailable()
    assert panel.selected() is None and panel.model.rowCount() == 0
    assert requests[1].name not in panel.detail.shown_text()
    assert panel.pages.currentIndex() == 0 and panel.export_page.message.text() == ""
    assert panel.counts.text() == "" and panel.message.text() == ""


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080), (1080, 1920)])
def test_every_button_is_a_big_touch_target(qtbot, make_panel, size) -> None:
    panel, _ = make_panel(300, size=size)
    panel.select_request(panel.model.request_at(0).id)
    window = panel.window()
    assert small_targets(window) == []
    tap(qtbot, panel.search)  # with the keyboard up
    qtbot.waitUntil(panel.keyboard.isVisible, timeout=2000)
    # results stay readable above the keyboard (once the layout has settled)
    qtbot.waitUntil(lambda: panel.table.height() >= 3 * 64, timeout=2000)
    assert small_targets(window) == []
    panel.hide_keyboard()
    tap(qtbot, button(panel, "exportButton"))
    QApplication.processEvents()
    assert small_targets(window) == []
    assert window.size().toTuple() == size  # nothing forced the window to grow


def test_search_waits_for_a_pause_then_answers_off_the_gui_thread(qtbot, make_panel) -> None:
    panel, requests = make_panel(300)
    for typed in ("a", "an", "ann"):  # three keystrokes: one query, after the pause
        panel.search.setText(typed)
    assert panel.is_loading() and panel.model.rowCount() == 300  # nothing blocked, yet
    with qtbot.waitSignal(panel.listed, timeout=5000):
        pass
    assert names(panel) == [r.name for r in reversed(requests) if "ann" in r.name.lower()]
    with qtbot.waitSignal(panel.listed, timeout=5000):
        panel.search.setText("(212) 555-2301")  # a phone, typed any way
    assert {request.phone for request in listed(panel)} == {"+12125552301"}


def test_the_status_area_says_what_waits_to_reach_the_server(
    qtbot, make_panel, tmp_path: Path
):
    """A kiosk forwarding to a PostgreSQL server that cannot be reached (no server on that
    socket): staff see how many requests wait, since when (local time), and why."""
    from datetime import UTC, datetime

    from kiosk.requests.forwarding import Forwarder

    panel, requests = make_panel(2)
    socket_dir = tmp_path / "no-server"
    socket_dir.mkdir()
    forwarder = Forwarder(
        panel.store.path, f"postgresql://mild_kiosk@/clinic?host={socket_dir}", "pw"
    )
    forwarder.start()
    try:
        qtbot.waitUntil(lambda: forwarder.problem != "", timeout=10_000)
        panel.set_forwarding(forwarder.status_line)
        panel.refresh()
        settle(qtbot, panel)
        oldest = datetime.strptime(requests[0].created_at, "%Y-%m-%dT%H:%M:%SZ")
        since = f"{oldest.replace(tzinfo=UTC).astimezone():%H:%M}"
        text = panel.sealing_note.text()
        assert f"2 requests waiting to send since {since}" in text
        assert "could not be reached" in text and len(listed(panel)) == 2
    finally:
        forwarder.stop()
