"""The session's event stream tells the four ways a visit ends apart, through the window."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.session import EndReason, Event, FieldLeft, FormStarted, VisitEnded
from kiosk.ui.app import CrashGuard


def ends(events: list[Event]) -> list[EndReason]:
    return [event.reason for event in events if isinstance(event, VisitEnded)]


def begin(qtbot, window) -> list[Event]:
    events: list[Event] = []
    window.session.listeners.append(events.append)
    qtbot.mouseClick(window.attract.start_button, Qt.MouseButton.LeftButton)
    return events


def test_the_start_over_button_ends_the_visit_as_start_over(make_window, qtbot):
    window = make_window()
    events = begin(qtbot, window)
    qtbot.mouseClick(window.start_over_button, Qt.MouseButton.LeftButton)
    assert ends(events) == [EndReason.START_OVER]


def test_nobody_answering_the_idle_warning_ends_it_as_idle(make_window, qtbot):
    window = make_window(idle_seconds=0.05)
    events = begin(qtbot, window)
    window.idle_warning.expired.emit()
    assert ends(events) == [EndReason.IDLE]


def test_the_thank_you_timeout_ends_it_as_thanks(make_window, qtbot):
    window = make_window()
    events = begin(qtbot, window)
    window.show_page("thanks")
    window.thanks.show_reference("K7Q4M2", 1)
    qtbot.waitUntil(lambda: window.session.on_attract, timeout=5000)
    assert ends(events) == [EndReason.THANKS]


def test_crash_recovery_ends_it_as_crash(make_window, qtbot):
    window = make_window()
    events = begin(qtbot, window)
    guard = CrashGuard(window, quit_app=lambda code: None)
    try:
        raise RuntimeError("a slot failed")
    except RuntimeError as error:
        guard(RuntimeError, error, error.__traceback__)
    qtbot.waitUntil(lambda: bool(ends(events)), timeout=5000)
    assert ends(events) == [EndReason.CRASH]


def test_form_events_name_fields_never_what_was_typed(make_window, qtbot):
    window = make_window()
    events = begin(qtbot, window)
    window.activateWindow()
    window.show_page("form")
    name, phone = window.form.fields["name"], window.form.fields["phone"]
    name.setFocus()
    qtbot.waitUntil(name.hasFocus, timeout=2000)
    qtbot.keyClicks(name, "Ana Secret")
    phone.setFocus()
    qtbot.waitUntil(phone.hasFocus, timeout=2000)
    assert FormStarted() in events and FieldLeft("name") in events
    assert "Secret" not in repr(events)
