"""Idle handling: the warning, "I'm still here", and the wipe when nobody answers."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLineEdit

from tests.ui.conftest import current_name


def test_warning_appears_after_the_idle_time_with_a_countdown(make_window, content, qtbot):
    window = make_window(idle_seconds=0.2)
    window.go_next()
    qtbot.waitUntil(window.idle_warning.isVisible, timeout=3000)
    seconds = content.kiosk.idle_warning_seconds
    assert seconds >= 20
    assert str(seconds) in window.idle_warning.countdown.text()
    assert window.idle_warning.button.objectName() == "stillHereButton"
    assert window.idle_warning.geometry() == window.rect()


def test_no_warning_on_the_attract_screen(make_window, qtbot):
    window = make_window(idle_seconds=0.05)
    window.idle.fire_now()
    assert not window.idle_warning.isVisible()


def test_still_here_keeps_the_place_and_the_ticks(make_window, content, qtbot):
    window = make_window()
    checklist = next(s for s in content.screens if s.items)
    window.show_page(checklist.id)
    window.idle.start()
    window.pages[checklist.id].checks[checklist.items[0].id].setChecked(True)
    window.idle.fire_now()
    assert window.idle_warning.isVisible()
    qtbot.mouseClick(window.idle_warning.button, Qt.MouseButton.LeftButton)
    assert not window.idle_warning.isVisible()
    assert current_name(window) == f"screen_{checklist.id}"
    assert window.session.ticked == {checklist.items[0].id}


def test_countdown_runs_out_and_wipes_everything(make_window, content, qtbot):
    window = make_window()
    checklist = next(s for s in content.screens if s.items)
    window.show_page(checklist.id)
    page = window.pages[checklist.id]
    page.checks[checklist.items[0].id].setChecked(True)
    page.scroll.verticalScrollBar().setValue(page.scroll.verticalScrollBar().maximum())
    window.set_language("es")
    window.open_form()
    qtbot.mouseClick(window.form.fields["name"], Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    qtbot.keyClicks(window.form.fields["name"], "Ana Previous")
    window.idle_warning.tick_interval_ms = 5  # run the real countdown quickly
    window.idle.fire_now()
    with qtbot.waitSignal(window.idle_warning.expired, timeout=5000):
        pass
    assert current_name(window) == "screen_attract"
    assert window.session.ticked == set()
    assert window.session.language == content.default_language
    assert not page.checks[checklist.items[0].id].isChecked()
    assert page.scroll.verticalScrollBar().value() == 0
    assert all(edit.text() == "" for edit in window.findChildren(QLineEdit))
    assert not window.form.keyboard.isVisible()
