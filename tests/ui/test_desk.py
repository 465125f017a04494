"""The front-desk station on real SQLite files: several kiosks in one list, new requests
without a click, status changes with undo, two desks at once, locking, sealed requests."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit

from kiosk.content.model import Content
from kiosk.context import build_context
from kiosk.requests.model import Status
from kiosk.requests.store import DB_NAME, SqliteRequestStore
from kiosk.sealing.keys import PRIVATE_KEY_FILE, PUBLIC_KEY_FILE, create_key_pair, load_public_key
from kiosk.sealing.seal import Sealer
from kiosk.settings import DeviceSettings
from kiosk.staff.audit import AUDIT_FILE
from kiosk.staff.formatting import phone_text
from kiosk.staff.pin import set_pin
from kiosk.ui.desk.window import DeskWindow
from kiosk.ui.staff.table import KIOSK, NAME
from kiosk.ui.staff.usage_page import READING
from kiosk.ui.widgets.keyboard import OnScreenKeyboard
from kiosk.usage.store import open_usage_store
from tests.ui.test_staff_support import PIN, valid_request

PASS = "correct horse battery staple"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "desk"
    folder.mkdir()
    set_pin(folder, PIN)
    return folder


@pytest.fixture
def kiosk(data: Path) -> Iterator[Callable[..., SqliteRequestStore]]:
    """Another connection to the desk's file, as a kiosk named `name` writes through."""
    opened: list[SqliteRequestStore] = []

    def make(name: str, sealer: Sealer | None = None) -> SqliteRequestStore:
        store = SqliteRequestStore(data / DB_NAME, kiosk_name=name, sealer=sealer)
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()


@pytest.fixture
def make_desk(qtbot, content: Content, data: Path) -> Iterator[Callable[..., DeskWindow]]:
    contexts = []

    def make(poll_ms: int = 100, lock_seconds: int = 600, **options: object) -> DeskWindow:
        settings = DeviceSettings(staff_lock_seconds=lock_seconds)
        context = build_context(content, data, settings)
        contexts.append(context)
        desk = DeskWindow(context, poll_ms=poll_ms, find_destinations=lambda: [data], **options)
        qtbot.addWidget(desk)
        desk.resize(1280, 800)
        desk.show()
        desk.activateWindow()
        qtbot.waitActive(desk)
        return desk

    yield make
    for context in contexts:
        context.store.close()


def unlock(qtbot, desk: DeskWindow) -> None:
    """Type the PIN on the physical keyboard and press Enter."""
    qtbot.keyClicks(desk.area.pin_pad, PIN)
    qtbot.keyClick(desk.area.pin_pad, Qt.Key.Key_Return)
    qtbot.waitUntil(desk.showing_list, timeout=3000)
    settle(qtbot, desk)


def settle(qtbot, desk: DeskWindow) -> None:
    qtbot.waitUntil(lambda: not desk.panel.is_loading(), timeout=5000)


def cells(desk: DeskWindow, column: int) -> list[str]:
    model = desk.panel.model
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_the_desk_lists_every_kiosks_requests_in_a_desktop_window(qtbot, make_desk, kiosk):
    lobby, upstairs = kiosk("Lobby"), kiosk("Second floor")
    lobby.add(valid_request(0))
    upstairs.add(valid_request(1))
    desk = make_desk()
    assert desk.objectName() == "deskWindow" and desk.isWindow()
    assert not desk.isFullScreen() and desk.minimumWidth() < 1280  # a normal, resizable window
    assert desk.area.currentWidget() is desk.area.pin_pad and desk.panel.model.rowCount() == 0
    unlock(qtbot, desk)
    assert sorted(cells(desk, KIOSK)) == ["Lobby", "Second floor"]
    assert not desk.panel.table.isColumnHidden(KIOSK)
    assert desk.findChild(QAbstractButton, "exportButton").isVisible()
    assert desk.findChild(QAbstractButton, "exitKiosk").isHidden()  # a window just closes
    assert desk.findChildren(OnScreenKeyboard) == []  # a physical keyboard
    assert [w for w in QApplication.topLevelWidgets() if w.isVisible()] == [desk]
    assert desk.panel.table.hasFocus()  # the arrow keys move through the list at once
    qtbot.keyClick(desk.panel.table, Qt.Key.Key_Down)
    assert desk.panel.selected() is not None
    assert desk.panel.detail.values["Kiosk"].text() in ("Lobby", "Second floor")
    qtbot.keyClick(desk.panel, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert desk.panel.search.hasFocus()


def test_a_new_request_shows_up_without_a_click_keeping_selection_and_place(
    qtbot, make_desk, kiosk
):
    lobby = kiosk("Lobby")
    for index in range(60):
        lobby.add(valid_request(index))
    desk = make_desk(poll_ms=100)
    unlock(qtbot, desk)
    table = desk.panel.table
    desk.panel.select_request(desk.panel.model.request_at(30).id)
    chosen = desk.panel.selected()
    table.verticalScrollBar().setValue(table.rowHeight(0) * 25)
    top = desk.panel.model.request_at(table.rowAt(0))
    new = kiosk("Satellite office").add(valid_request(60))
    qtbot.waitUntil(lambda: desk.panel.model.rowCount() == 61, timeout=5000)
    assert desk.panel.model.request_at(0).id == new.id
    assert desk.panel.selected().id == chosen.id  # the same request stays selected
    assert desk.panel.model.request_at(table.rowAt(0)).id == top.id  # the same rows in view
    # A status changed at another desk shows in the list and the detail too.
    lobby.set_status(chosen.id, Status.CLOSED)
    qtbot.waitUntil(lambda: desk.panel.selected().status is Status.CLOSED, timeout=5000)
    assert desk.panel.detail.values["Status"].text() == "Closed"


def test_mark_contacted_then_undo_from_the_bar(qtbot, make_desk, kiosk, data: Path):
    saved = kiosk("Lobby").add(valid_request(0))
    desk = make_desk(poll_ms=60_000)
    unlock(qtbot, desk)
    desk.panel.select_request(saved.id)
    assert desk.undo_bar.message.property("role") == "muted"  # the shortcuts, nothing to undo
    qtbot.mouseClick(desk.panel.buttons["markContacted"], Qt.MouseButton.LeftButton)
    settle(qtbot, desk)
    assert desk.context.store.get(saved.id).status is Status.CONTACTED
    assert desk.undo_bar.message.text() == f"{saved.reference_code} is now contacted."
    assert desk.undo_bar.can_undo() and desk.undo_bar.undo_button.isVisible()
    assert cells(desk, 4) == ["Contacted"]
    qtbot.mouseClick(desk.undo_bar.undo_button, Qt.MouseButton.LeftButton)
    settle(qtbot, desk)
    assert desk.context.store.get(saved.id).status is Status.NEW
    assert desk.undo_bar.message.text() == f"{saved.reference_code} is new again."
    assert not desk.undo_bar.can_undo()
    lines = [json.loads(line) for line in (data / AUDIT_FILE).read_text().splitlines()]
    changes = [(e["from_status"], e["to_status"]) for e in lines if e["event"] == "status_change"]
    assert changes == [("new", "contacted"), ("contacted", "new")]
    assert lines[0]["event"] == "staff_login"


def test_two_desks_on_one_file_never_overwrite_each_other(qtbot, make_desk, kiosk):
    saved = kiosk("Lobby").add(valid_request(0))
    desk = make_desk(poll_ms=60_000)  # no refresh: it still shows the request as new
    unlock(qtbot, desk)
    desk.panel.select_request(saved.id)
    other_desk = kiosk("")  # a second desk's own connection to the same file
    other_desk.set_status(saved.id, Status.CLOSED, expected=Status.NEW)
    qtbot.mouseClick(desk.panel.buttons["markContacted"], Qt.MouseButton.LeftButton)
    settle(qtbot, desk)
    assert desk.context.store.get(saved.id).status is Status.CLOSED  # not overwritten
    text = desk.undo_bar.message.text()
    assert text.startswith("Changed by another desk — now: Closed.")
    assert desk.undo_bar.message.property("role") == "error" and not desk.undo_bar.can_undo()
    assert desk.panel.selected().status is Status.CLOSED  # the row shows it now
    assert desk.panel.detail.values["Status"].text() == "Closed"


def test_locking_after_inactivity_leaves_nothing_of_a_patient_on_screen(
    qtbot, make_desk, kiosk
):
    saved = kiosk("Lobby").add(valid_request(2, phone="2125550199"))  # ASCII: keyClicks
    desk = make_desk(poll_ms=60_000, lock_seconds=1)
    unlock(qtbot, desk)
    desk.panel.select_request(saved.id)
    qtbot.keyClicks(desk.panel.search, saved.name[:4])
    settle(qtbot, desk)
    assert desk.panel.detail.values["Name"].text() == saved.name
    assert phone_text.cache_info().currsize > 0
    qtbot.waitUntil(lambda: desk.area.currentWidget() is desk.area.pin_pad, timeout=5000)
    assert desk.panel.model.rowCount() == 0 and desk.panel.search.text() == ""
    assert phone_text.cache_info().currsize == 0
    shown = [label.text() for label in desk.findChildren(QLabel)]
    shown += [edit.text() for edit in desk.findChildren(QLineEdit)]
    for private in (saved.name, saved.name[:4], "555-0199", saved.reference_code):
        assert not any(private in text for text in shown), private
    assert desk.area.pin_pad.hasFocus()  # typing goes to the PIN again
    unlock(qtbot, desk)  # and the list comes back, fresh
    assert desk.panel.model.rowCount() == 1 and desk.panel.selected() is None


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("keys")
    create_key_pair(folder, PASS)
    return folder


def test_sealed_requests_open_only_with_the_desks_key(qtbot, make_desk, kiosk, keys: Path):
    sealer = Sealer(load_public_key(keys / PUBLIC_KEY_FILE))
    sealed = kiosk("Lobby", sealer=sealer).add(valid_request(0))
    plain = kiosk("Old kiosk").add(valid_request(1))
    without = make_desk(poll_ms=60_000)
    unlock(qtbot, without)  # no --key: the sealed request is never shown
    assert cells(without, NAME) == [plain.name]
    assert without.panel.sealing_note.text().startswith("1 sealed requests are not shown")
    without.close()
    desk = make_desk(poll_ms=60_000, key_file=keys / PRIVATE_KEY_FILE)
    qtbot.keyClicks(desk.area.pin_pad, PIN)
    qtbot.keyClick(desk.area.pin_pad, Qt.Key.Key_Return)
    page = desk.area.key_page
    qtbot.waitUntil(lambda: desk.area.currentWidget() is page, timeout=3000)
    assert desk.focusWidget() is page.passphrase  # typing goes there once the window is active
    qtbot.keyClicks(page.passphrase, "not the passphrase")
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    assert "wrong passphrase" in page.message.text() and desk.area.currentWidget() is page
    qtbot.keyClicks(page.passphrase, PASS)
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(desk.showing_list, timeout=3000)
    settle(qtbot, desk)
    assert sorted(cells(desk, NAME)) == sorted([sealed.name, plain.name])
    desk.lock()  # the key is forgotten with the rest
    assert desk.context.store.keyring is None
    QApplication.processEvents()


def usage_visits(qtbot, desk: DeskWindow) -> dict[str, int]:
    """Open the Usage page with the mouse; the visits per day it charts, by day."""
    if not desk.showing_list():
        unlock(qtbot, desk)
    qtbot.mouseClick(desk.panel.buttons["usageButton"], Qt.MouseButton.LeftButton)
    page = desk.panel.usage_page
    assert page is not None and page.isVisible()
    assert page.is_loading() and page.status.text() == READING  # read off the GUI thread
    qtbot.waitUntil(lambda: not page.is_loading(), timeout=10_000)
    assert not page.message.isVisible() and page.status.isHidden()
    chart = page.views["visits_per_day"].chart
    assert chart is not None
    return {bar.label: bar.value for bar in chart.bars if bar.value}


def test_the_desk_on_a_sqlite_file_shows_its_usage_page(qtbot, make_desk, kiosk, data: Path):
    today = date.today().isoformat()
    usage = open_usage_store(data)
    usage.add("Lobby", {(today, 9, "visits", ""): 6})
    usage.add("Second floor", {(today, 10, "visits", ""): 3})
    usage.close()
    kiosk("Lobby").add(valid_request(0))
    desk = make_desk()
    unlock(qtbot, desk)
    desk.panel.select_request(desk.panel.model.request_at(0).id)
    qtbot.mouseClick(desk.panel.buttons["markContacted"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(desk.undo_bar.can_undo, timeout=3000)
    assert usage_visits(qtbot, desk) == {today: 9}  # every kiosk writing into this file
    assert desk.panel.usage_page.summary.text().startswith("9 visits")
    assert desk.undo_bar.isHidden()  # an undo belongs beside the requests, not the charts
    qtbot.mouseClick(desk.panel.usage_page.back_button, Qt.MouseButton.LeftButton)
    assert desk.showing_list() and desk.undo_bar.isVisible() and desk.undo_bar.can_undo()
    desk.lock()
    assert desk.area.currentWidget() is desk.area.pin_pad


def test_the_desk_on_postgresql_shows_every_kiosks_forwarded_usage(
    qtbot, content: Content, data: Path, pg, pg_db: str, tmp_path: Path
) -> None:
    from kiosk.requests.postgres import PostgresRequestStore
    from tests.robust.test_pg_usage import LOBBY, TODAY, UPSTAIRS, forward, kiosk_file
    from tests.support.pg_server import DESK, DESK_PASSWORD

    database = pg_db
    store = PostgresRequestStore(pg.url(DESK, database), DESK_PASSWORD)
    for name, counts in (("lobby", LOBBY), ("upstairs", UPSTAIRS)):
        forward(pg, database, kiosk_file(tmp_path, name, counts))
    settings = DeviceSettings(store_password=DESK_PASSWORD)
    context = build_context(content, data, settings, store=store, count_usage=False)
    desk = DeskWindow(context, poll_ms=3_600_000, find_destinations=lambda: [data])
    qtbot.addWidget(desk)
    desk.resize(1280, 800)
    desk.show()
    try:
        assert usage_visits(qtbot, desk)[TODAY] == 15  # lobby 8 + upstairs 7, from the server
        assert not (data / DB_NAME).exists()  # nothing read from (or made in) the desk's folder
    finally:
        desk.close()
        store.close()
