"""Sealed requests at the kiosk's staff area: the key from a 'USB stick' folder, its
passphrase on the in-app keyboard, forgotten on lock; and the not-sealed warning."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.requests.store import DB_NAME, SqliteRequestStore
from kiosk.sealing.keys import PUBLIC_KEY_FILE, create_key_pair, load_public_key
from kiosk.sealing.seal import Sealer
from kiosk.staff.audit import AuditLog
from kiosk.staff.pin import set_pin
from kiosk.ui.staff.area import StaffArea
from tests.support.typing import type_text
from tests.ui.test_staff_support import PIN, button, fill, settle, show_in_window, tap

PASS = "correct horse battery staple"


@pytest.fixture(scope="module")
def usb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 'USB stick' with the front desk's keys in a folder, as `keys create` leaves them."""
    stick = tmp_path_factory.mktemp("stick")
    create_key_pair(stick / "kiosk-keys", PASS)
    return stick


@pytest.fixture
def make_area(qtbot, tmp_path: Path, usb: Path) -> Iterator[Callable[..., StaffArea]]:
    """A staff area over 2 requests, sealed to the stick's key or not."""
    made: list[tuple[SqliteRequestStore, QWidget]] = []

    def make(*, sealing: bool) -> StaffArea:
        data = tmp_path / "data"
        data.mkdir()
        public = usb / "kiosk-keys" / PUBLIC_KEY_FILE
        sealer = Sealer(load_public_key(public)) if sealing else None
        store = SqliteRequestStore(data / DB_NAME, sealer=sealer)
        fill(store, 2)
        set_pin(data, PIN)
        staff = StaffArea(
            store, data, AuditLog(data), 600, find_destinations=lambda: [usb], sealing=sealing
        )
        made.append((store, show_in_window(qtbot, staff, (1920, 1080))))
        staff.open()
        return staff

    yield make
    for store, _window in made:
        store.close()


def enter_pin(qtbot, staff: StaffArea) -> None:
    for digit in PIN:
        tap(qtbot, button(staff.pin_pad, f"pinKey{digit}"))
    tap(qtbot, button(staff.pin_pad, "pinOk"))


def type_passphrase(qtbot, staff: StaffArea, text: str) -> None:
    page = staff.key_page
    qtbot.mouseClick(page.passphrase, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(page.keyboard.isVisible, timeout=2000)
    type_text(page.keyboard, text)


def test_sealed_requests_ask_for_the_key_then_list_names(qtbot, make_area):
    staff = make_area(sealing=True)
    enter_pin(qtbot, staff)
    qtbot.waitUntil(lambda: staff.currentWidget() is staff.key_page, timeout=2000)
    assert "2 requests are sealed" in staff.key_page.explain.text()
    assert button(staff.key_page, "keyFile_0").isChecked()  # found one folder down
    type_passphrase(qtbot, staff, PASS)
    tap(qtbot, button(staff.key_page, "keyOpen"))
    qtbot.waitUntil(lambda: staff.currentWidget() is staff.panel, timeout=2000)
    settle(qtbot, staff.panel)
    assert staff.panel.model.rowCount() == 2
    assert staff.panel.model.request_at(0).name  # opened: real names, not blanks
    assert staff.key_page.passphrase.text() == ""  # never kept in the field
    # Lock: the key is forgotten, so the next opening asks for it again.
    with qtbot.waitSignal(staff.closed, timeout=1000):
        tap(qtbot, button(staff.panel, "staffLeave"))
    assert staff.store.keyring is None
    staff.open()
    enter_pin(qtbot, staff)
    qtbot.waitUntil(lambda: staff.currentWidget() is staff.key_page, timeout=2000)


def test_wrong_passphrase_says_so_and_stays(qtbot, make_area):
    staff = make_area(sealing=True)
    enter_pin(qtbot, staff)
    qtbot.waitUntil(lambda: staff.currentWidget() is staff.key_page, timeout=2000)
    type_passphrase(qtbot, staff, "not the passphrase")
    tap(qtbot, button(staff.key_page, "keyOpen"))
    assert "wrong passphrase" in staff.key_page.message.text()
    assert staff.currentWidget() is staff.key_page and staff.store.keyring is None


def test_without_the_key_the_panel_shows_no_sealed_names(qtbot, make_area):
    staff = make_area(sealing=True)
    enter_pin(qtbot, staff)
    qtbot.waitUntil(lambda: staff.currentWidget() is staff.key_page, timeout=2000)
    tap(qtbot, button(staff.key_page, "keySkip"))
    qtbot.waitUntil(lambda: staff.currentWidget() is staff.panel, timeout=2000)
    settle(qtbot, staff.panel)
    assert staff.panel.model.rowCount() == 0
    assert staff.panel.counts.text().startswith("2 new")  # still told they are waiting
    assert "sealed" in staff.panel.empty.text() and staff.panel.empty.isVisible()


def test_a_kiosk_that_does_not_seal_says_so(qtbot, make_area):
    staff = make_area(sealing=False)
    enter_pin(qtbot, staff)
    qtbot.waitUntil(lambda: staff.currentWidget() is staff.panel, timeout=2000)
    note = staff.panel.findChild(QLabel, "staffSealing")
    assert note.isVisible() and "not sealed" in note.text()
