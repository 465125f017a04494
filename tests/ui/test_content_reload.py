"""Hot reload through a real running window watching a real content.yaml and assets/:
an edit shows from the next start over (never mid-visit); a broken edit leaves the running
content on screen and is listed in the staff area; a restore is taken."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton

from kiosk.content.loader import load_content
from kiosk.context import build_context
from kiosk.paths import bundle_root
from kiosk.staff.pin import set_pin
from kiosk.ui.app import kiosk_window
from kiosk.ui.window import KioskWindow
from tests.support.speech import bilingual_reader
from tests.ui.test_staff_area import unlock
from tests.ui.test_staff_support import PIN
from tests.unit.test_content_reload import NEW_TITLE, OLD_TITLE, save

ATTRACT_TITLE = "Back or leg pain when you walk?"
WAIT_MS = 15000  # the watcher's events, on a busy machine


@pytest.fixture
def kiosk(qtbot, tmp_path: Path):
    """A shown kiosk whose content.yaml and assets/ are a copy it watches."""
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(bundle_root() / "content.yaml", site / "content.yaml")
    shutil.copytree(bundle_root() / "assets", site / "assets")
    data = tmp_path / "data"
    context = build_context(load_content(site / "content.yaml"), data)
    set_pin(data, PIN)
    reader = bilingual_reader()
    window = kiosk_window(context, reader=reader)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(reader.is_settled, timeout=5000)
    window.watch_content(debounce_ms=50)
    yield window, site / "content.yaml"
    context.store.close()


def tap(qtbot, window: KioskWindow, name: str) -> None:
    """The visible button `name` (pages of the old content may await deletion)."""
    [button] = [b for b in window.findChildren(QAbstractButton, name) if b.isVisible()]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def shown_title(window: KioskWindow) -> str:
    page = window.screens.currentWidget()
    assert page.objectName() == "screen_stenosis"
    return page.title.text()


def test_an_edited_title_is_on_screen_after_start_over(qtbot, kiosk) -> None:
    window, file = kiosk
    tap(qtbot, window, "startButton")
    assert shown_title(window) == OLD_TITLE
    save(file, file.read_text(encoding="utf-8").replace(OLD_TITLE, NEW_TITLE))
    reloader = window.content_watcher.reloader
    qtbot.waitUntil(lambda: reloader.pending is not None, timeout=WAIT_MS)
    assert shown_title(window) == OLD_TITLE  # never in the middle of a visit
    tap(qtbot, window, "startOverButton")
    tap(qtbot, window, "startButton")
    assert shown_title(window) == NEW_TITLE
    assert window.content.screen("stenosis").title.get("en") == NEW_TITLE


def test_an_edit_while_nobody_is_there_is_shown_at_once(qtbot, kiosk) -> None:
    window, file = kiosk
    new = "Pain in your legs when you walk?"
    save(file, file.read_text(encoding="utf-8").replace(ATTRACT_TITLE, new))
    qtbot.waitUntil(lambda: window.attract.title.text() == new, timeout=WAIT_MS)
    assert window.screens.currentWidget() is window.attract


def _garbage(file: Path) -> None:
    save(file, "\x00 this is not YAML: [[[")


def _truncated(file: Path) -> None:
    text = file.read_text(encoding="utf-8")
    save(file, text[: len(text) // 2])


def _missing_picture(file: Path) -> None:
    (file.parent / "assets" / "spine_canal.svg").unlink()


@pytest.mark.parametrize("breakage", [_garbage, _truncated, _missing_picture])
def test_a_broken_edit_keeps_the_content_and_the_staff_area_lists_it_until_restored(
    qtbot, kiosk, breakage
) -> None:
    window, file = kiosk
    original = file.read_text(encoding="utf-8")
    picture = (file.parent / "assets" / "spine_canal.svg").read_bytes()
    tap(qtbot, window, "startButton")
    breakage(file)
    qtbot.waitUntil(lambda: bool(window.content_problems), timeout=WAIT_MS)
    assert all(line.startswith(f"{file}:") for line in window.content_problems)
    tap(qtbot, window, "startOverButton")  # the old content stays, on every screen
    tap(qtbot, window, "startButton")
    assert shown_title(window) == OLD_TITLE
    window.build_all_pages()  # nothing broken anywhere

    window.open_staff_area()
    unlock(qtbot, window.staff)
    note = window.staff.panel.content_problems
    assert note.isVisible() and window.content_problems[0] in note.text()

    # Restored (with the edit it was meant to be): the list empties, the edit is taken.
    (file.parent / "assets" / "spine_canal.svg").write_bytes(picture)
    save(file, original.replace(OLD_TITLE, NEW_TITLE))
    qtbot.waitUntil(lambda: not window.content_problems, timeout=WAIT_MS)
    assert not note.isVisible()
    qtbot.mouseClick(window.staff.panel.buttons["staffLeave"], Qt.MouseButton.LeftButton)
    tap(qtbot, window, "startButton")
    assert shown_title(window) == NEW_TITLE


def test_the_old_pages_forget_the_patient_before_they_go(qtbot, kiosk) -> None:
    """Typed text in the replaced form is wiped and the replaced thank-you clock stopped."""
    window, file = kiosk
    window.open_form()
    old_form, old_thanks = window.form, window.thanks
    old_form.fields["name"].setText("Ann Lee")
    old_thanks.show_reference("K7Q4MC", 3600)
    assert old_thanks._timer.isActive()
    save(file, file.read_text(encoding="utf-8").replace(OLD_TITLE, NEW_TITLE))
    reloader = window.content_watcher.reloader
    qtbot.waitUntil(lambda: reloader.pending is not None, timeout=WAIT_MS)
    tap(qtbot, window, "startOverButton")
    assert window.form is not old_form and old_form.fields["name"].text() == ""
    assert not old_thanks._timer.isActive()
