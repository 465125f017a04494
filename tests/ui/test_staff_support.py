"""Helpers shared by the staff-area tests, and tests of the staff area's small Qt-free parts
(formatting, export destinations, file names)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QPushButton, QVBoxLayout, QWidget

from kiosk.content.model import Theme
from kiosk.paths import bundle_root
from kiosk.requests.model import ConsultationRequest, RequestDraft, ValidRequest
from kiosk.requests.store import RequestStore
from kiosk.requests.validation import validate
from kiosk.staff.formatting import local_time, phone_text, received_text
from kiosk.ui.staff.export_page import destination_label, export_destinations, free_path
from kiosk.ui.theme import MIN_TARGET, WINDOW_SHEET, Metrics, load_fonts, palette_for, style_sheet

PIN = "2468"
NAMES = ("José Núñez", "Mary O'Neil", "Robert Williams", "Ann Lee", "Dolores García")
# The bundled theme's colours, for when content.yaml cannot be loaded (assets being edited).
FALLBACK_THEME = Theme(
    "#F7F4EE", "#FFFFFF", "#1F2A33", "#44525E", "#1D5C7A", "#FFFFFF", "#E8A33D", "#A3261B",
    "#FFFFFF",
)  # fmt: skip


def app_theme() -> Theme:
    """The bundled content's theme, as the window will apply it."""
    try:
        from kiosk.content.loader import ContentError, load_content
    except ImportError:
        return FALLBACK_THEME
    try:
        return load_content(bundle_root() / "content.yaml").theme
    except (ContentError, OSError):
        return FALLBACK_THEME


def valid_request(index: int, **changes: object) -> ValidRequest:
    """A request built the way the form builds it: a draft through `validate`."""
    fields: dict[str, object] = {
        "name": f"{NAMES[index % len(NAMES)]} {index}",
        "phone": f"212555{2300 + index % 100:04d}",
        "email": f"patient{index}@example.com" if index % 2 else "",
        "contact_method": "call",
        "best_time": "morning",
        "note": "Leg pain after ten minutes of walking." if index % 3 == 0 else "",
        "include_self_check": True,
        "self_check": ("Leg pain when standing", "Relief when sitting"),
        "consent": True,
        "language": "es" if index % 4 == 0 else "en",
    }
    fields.update(changes)
    result = validate(RequestDraft(**fields), "US")  # type: ignore[arg-type]
    assert isinstance(result, ValidRequest), result
    return result


def fill(store: RequestStore, count: int) -> list[ConsultationRequest]:
    """Add `count` requests, oldest first; returns them in that order."""
    return [store.add(valid_request(index)) for index in range(count)]


def settle(qtbot, panel) -> None:
    """Wait until the staff panel's list shows the answer to its newest query (the
    queries run off the GUI thread, and a search waits for typing to pause)."""
    qtbot.waitUntil(lambda: not panel.is_loading(), timeout=5000)


def show_in_window(qtbot, widget: QWidget, size: tuple[int, int]) -> QWidget:
    """Put `widget` alone in a window styled exactly like the kiosk window."""
    load_fonts()
    host = QWidget()
    host.setObjectName("kioskWindow")
    QApplication.setPalette(palette_for(app_theme()))
    host.setStyleSheet(WINDOW_SHEET + style_sheet(Metrics.for_size(*size)))
    layout = QVBoxLayout(host)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(widget)
    qtbot.addWidget(host)
    host.resize(*size)
    host.show()
    qtbot.waitExposed(host)
    QApplication.processEvents()
    return host


def button(parent: QWidget, name: str) -> QPushButton:
    found = parent.findChild(QPushButton, name)
    assert found is not None, f"no button {name!r}"
    return found


def tap(qtbot, target: QWidget) -> None:
    assert target.isVisible() and target.isEnabled(), target.objectName()
    qtbot.mouseClick(target, Qt.MouseButton.LeftButton)


def small_targets(window: QWidget) -> list[str]:
    """Visible buttons under 64×64 px, or whose text does not fit."""
    problems = []
    for found in window.findChildren(QAbstractButton):
        if not found.isVisibleTo(window):
            continue
        name = found.objectName() or found.text()
        if found.width() < MIN_TARGET or found.height() < MIN_TARGET:
            problems.append(f"{name}: {found.width()}x{found.height()}")
        text = found.text().replace("&&", "&")
        if isinstance(found, QPushButton) and text:
            needed = found.fontMetrics().horizontalAdvance(text) + found.iconSize().width()
            if needed > found.width():
                problems.append(f"{name}: text needs {needed}px, has {found.width()}")
    return problems


# ----- tests of the small parts ---------------------------------------------------------------
def test_phone_numbers_read_nationally_at_home_and_internationally_abroad() -> None:
    assert phone_text("+12125552368", "US") == "(212) 555-2368"
    assert phone_text("+442079460958", "US") == "+44 20 7946 0958"
    assert phone_text("+442079460958", "GB") == "020 7946 0958"
    assert phone_text(None, "US") == "—"


def test_received_times_are_short_and_readable() -> None:
    utc = "2026-11-21T12:00:00Z"
    day = local_time(utc).date()
    assert re.fullmatch(r"Today \d{1,2}:\d\d [AP]M", received_text(utc, day))
    assert received_text(utc, day + timedelta(days=1)).startswith("Yesterday ")
    assert received_text(utc, day + timedelta(days=30)).startswith(f"Nov {day.day}, ")
    assert received_text(utc, date(2027, 6, 1)).startswith(f"Nov {day.day} 2026, ")


def test_destinations_are_mounted_drives_then_home(tmp_path: Path) -> None:
    media, run_media, home = tmp_path / "media", tmp_path / "run" / "media", tmp_path / "home"
    for folder in (media / "ann" / "KINGSTON", run_media / "ann" / "SANDISK", home):
        folder.mkdir(parents=True)
    (media / "ann" / "not-a-drive.txt").write_text("x")
    found = export_destinations([f"{media}/*/*", f"{run_media}/*/*"], home=home, drives=["E:\\"])
    assert found == [media / "ann" / "KINGSTON", run_media / "ann" / "SANDISK", Path("E:\\"), home]
    assert export_destinations([f"{tmp_path}/nothing/*/*"], home=home, drives=[]) == [home]
    assert destination_label(media / "ann" / "KINGSTON", home) == "USB drive: KINGSTON"
    assert destination_label(home, home) == "Home folder"


@pytest.mark.parametrize("existing", [0, 2])
def test_a_second_export_in_the_same_minute_keeps_the_first(tmp_path: Path, existing) -> None:
    names = ["report.csv", "report-2.csv"][:existing]
    for name in names:
        (tmp_path / name).write_text("x")
    expected = {0: "report.csv", 2: "report-3.csv"}[existing]
    assert free_path(tmp_path, "report", "csv") == tmp_path / expected
