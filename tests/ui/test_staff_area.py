"""The staff area as the window uses it: open, PIN, panel, and every way out."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.requests.stores import open_store
from kiosk.staff.audit import AuditLog
from kiosk.staff.formatting import phone_text
from kiosk.staff.pin import set_pin
from kiosk.ui.staff.area import StaffArea
from tests.ui.test_staff_support import PIN, button, fill, settle, show_in_window, tap


@pytest.fixture
def area(qtbot, tmp_path: Path):
    data = tmp_path / "data"
    store = open_store(data)
    fill(store, 3)
    set_pin(data, PIN)
    staff = StaffArea(store, data, AuditLog(data), 600, find_destinations=lambda: [tmp_path])
    window = show_in_window(qtbot, staff, (1920, 1080))
    staff.open()
    yield staff
    del window
    store.close()


def unlock(qtbot, staff: StaffArea) -> None:
    for digit in PIN:
        tap(qtbot, button(staff.pin_pad, f"pinKey{digit}"))
    tap(qtbot, button(staff.pin_pad, "pinOk"))
    qtbot.waitUntil(lambda: staff.currentWidget() is staff.panel, timeout=2000)
    settle(qtbot, staff.panel)


def test_opens_on_the_pin_pad_then_shows_the_refreshed_panel(qtbot, area) -> None:
    assert area.currentWidget() is area.pin_pad
    assert area.panel.model.rowCount() == 0  # nothing is loaded before the PIN
    unlock(qtbot, area)
    assert area.panel.model.rowCount() == 3
    assert area.panel.counts.text().startswith("3 new")


def test_cancel_on_the_pin_pad_closes(qtbot, area) -> None:
    tap(qtbot, button(area.pin_pad, "pinKey1"))
    with qtbot.waitSignal(area.closed, timeout=1000):
        tap(qtbot, button(area.pin_pad, "pinCancel"))
    assert area.pin_pad.dots.text() == ""


def test_lock_wipes_the_panel_and_asks_for_the_pin_again(qtbot, area) -> None:
    unlock(qtbot, area)
    area.panel.select_request(area.panel.model.request_at(0).id)
    assert phone_text.cache_info().currsize > 0  # the list showed their phones
    with qtbot.waitSignal(area.closed, timeout=1000):
        tap(qtbot, button(area.panel, "staffLeave"))
    assert area.currentWidget() is area.pin_pad
    assert area.panel.model.rowCount() == 0 and area.panel.selected() is None
    assert phone_text.cache_info().currsize == 0  # no phone number lingers in memory
    area.open()
    assert area.currentWidget() is area.pin_pad


def test_exit_is_forwarded(qtbot, area) -> None:
    unlock(qtbot, area)
    tap(qtbot, button(area.panel, "exitKiosk"))
    with qtbot.waitSignal(area.exit_requested, timeout=1000):
        tap(qtbot, button(area.panel, "exitKiosk"))


def test_inactivity_in_the_panel_closes_the_area(qtbot, tmp_path) -> None:
    data = tmp_path / "data"
    store = open_store(data)
    set_pin(data, PIN)
    staff = StaffArea(store, data, AuditLog(data), 1)
    window = show_in_window(qtbot, staff, (1280, 800))
    staff.open()
    unlock(qtbot, staff)
    with qtbot.waitSignal(staff.closed, timeout=3000):
        pass
    assert staff.currentWidget() is staff.pin_pad
    window.close()
    store.close()
