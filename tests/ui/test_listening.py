"""Listening mode through the mock speech engine: each screen read on arrival in the visit's
language, Repeat, the physical keys, the form's labels, privacy phrase and errors, and the
idle warning heard (tone and words) and extendable again and again."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from kiosk.session import FORM
from kiosk.ui.speech import Reader, speech_text
from tests.support.speech import BilingualMock
from tests.ui.test_speech import expected_script

said = BilingualMock.said


def tap(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def wait_said(qtbot, count: int) -> tuple[str, str, float]:
    qtbot.waitUntil(lambda: len(said) >= count, timeout=3000)
    return said[count - 1]


def test_each_screen_is_read_as_it_opens_in_the_visit_language(make_window, content, qtbot):
    said.clear()
    window = make_window()
    window.go_next()
    tap(qtbot, window.listen_button)
    first, second, third = (s.id for s in content.screens[1:4])
    assert wait_said(qtbot, 1)[1].endswith(expected_script(content, first, "en"))
    tap(qtbot, window.next_button)
    assert wait_said(qtbot, 2)[:2][1] == expected_script(content, second, "en")
    tap(qtbot, window.language_button)
    assert wait_said(qtbot, 3)[:2] == ("es_ES", expected_script(content, second, "es"))
    tap(qtbot, window.next_button)
    assert wait_said(qtbot, 4)[:2] == ("es_ES", expected_script(content, third, "es"))
    tap(qtbot, window.back_button)  # leaving stops the old screen; the one shown is read
    assert wait_said(qtbot, 5)[1] == expected_script(content, second, "es")


def test_repeat_shows_only_in_listening_mode_and_reads_again(make_window, content, qtbot):
    said.clear()
    window = make_window()
    window.go_next()
    assert not window.repeat_button.isVisibleTo(window)
    tap(qtbot, window.listen_button)
    assert window.repeat_button.isVisibleTo(window)
    wait_said(qtbot, 1)
    for count in (2, 3):
        tap(qtbot, window.repeat_button)
        assert wait_said(qtbot, count)[1] == expected_script(content, content.screens[1].id, "en")
    window.start_over()
    assert not window.repeat_button.isVisibleTo(window)


def test_a_headset_play_key_and_a_keypad_enter_start_and_stop_it(make_window, qtbot):
    window = make_window()
    window.go_next()
    QTest.keyClick(window, Qt.Key.Key_MediaPlay)
    assert window.session.listening
    QTest.keyClick(window, Qt.Key.Key_MediaTogglePlayPause)
    assert not window.session.listening
    QTest.keyClick(window, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert window.session.listening and window.listen_button.isChecked()
    QTest.keyClick(window, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert not window.session.listening


def test_the_keypad_enter_still_presses_a_focused_button(make_window, qtbot):
    """Someone moving through the buttons with Tab presses them with Enter."""
    window = make_window()
    window.go_next()
    window.back_button.setFocus()
    QTest.keyClick(window.back_button, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert not window.session.listening


def test_the_welcome_screen_says_how_to_start_listening(make_window, content, qtbot):
    window = make_window()
    hint = window.attract.listen_hint
    assert hint.isVisibleTo(window) and hint.text() == content.ui_text("listen_hint", "en")
    assert window.listen_button.accessibleDescription() == hint.text()
    # Listen is the top bar's last tile: the top right corner, as the hint says.
    corner = window.listen_button.mapTo(window, window.listen_button.rect().topRight())
    assert corner.x() >= window.width() - window.metrics.margin - 2
    assert corner.y() <= window.metrics.gap * 2
    window.set_language("es")
    assert hint.text() == content.ui_text("listen_hint", "es")


def test_without_a_voice_the_hint_hides(make_window, qtbot):
    window = make_window(reader=Reader("no-such-engine"))
    assert not window.attract.listen_hint.isVisibleTo(window)


def test_the_form_says_labels_never_what_was_typed_and_its_errors(make_window, content, qtbot):
    said.clear()
    window = make_window()
    window.show_page(FORM)
    tap(qtbot, window.listen_button)
    wait_said(qtbot, 1)
    form = window.form
    name = form.fields["name"]
    qtbot.mouseClick(name, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert wait_said(qtbot, 2)[1] == speech_text([form.labels["name"].text()])
    qtbot.keyClicks(name, "Zoltan Secret")
    typed = content.ui_text("typed_private", "en")
    assert wait_said(qtbot, 3)[1] == typed
    phone = form.fields["phone"]
    qtbot.mouseClick(phone, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    wait_said(qtbot, 4)
    qtbot.keyClicks(phone, "12")  # too short: an error on send
    form.submit()
    errors = [label.text() for label in form.errors.values() if label.isVisibleTo(form)]
    assert len(errors) >= 2  # the phone number and the missing consent
    qtbot.waitUntil(lambda: any(text == "\n".join(errors) for _l, text, _v in said), timeout=3000)
    assert not any("Zoltan" in text or "Secret" in text for _l, text, _v in said)
    qtbot.mouseClick(name, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))  # back to a typed field
    qtbot.waitUntil(lambda: said[-1][1].endswith(typed), timeout=3000)


def test_nothing_is_said_in_the_form_with_listening_mode_off(make_window, qtbot):
    said.clear()
    window = make_window()
    window.show_page(FORM)
    name = window.form.fields["name"]
    qtbot.mouseClick(name, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    qtbot.keyClicks(name, "Ana")
    window.form.submit()
    assert said == []


def test_the_idle_warning_is_heard_with_listening_off_and_extends_ten_times(
    make_window, content, qtbot
):
    said.clear()
    window = make_window()
    window.go_next()
    window.set_language("es")
    said.clear()
    assert not window.session.listening
    for round_ in range(1, 11):
        window.idle.fire_now()
        assert window.idle_warning.isVisible()
        locale, text, _volume = wait_said(qtbot, round_)
        assert locale == "es_ES"
        assert text.startswith(content.ui_text("idle_title", "es"))
        assert content.ui_text("still_here", "es") in text
        assert window.warning_tone.plays == round_
        tap(qtbot, window.idle_warning.button)
        assert not window.idle_warning.isVisible() and not window.reader.is_speaking()
        assert window.session.current == content.screens[1].id
    qtbot.waitUntil(lambda: window.warning_tone.status() in ("Ready", "Error"), timeout=5000)


def test_the_countdown_is_announced_at_20_and_10_seconds_in_listening_mode(
    make_window, content, qtbot
):
    said.clear()
    window = make_window()
    window.go_next()
    tap(qtbot, window.listen_button)
    window.idle_warning.tick_interval_ms = 5
    window.idle.fire_now()
    with qtbot.waitSignal(window.idle_warning.expired, timeout=5000):
        pass
    texts = [text for _l, text, _v in said]
    announced = [t for t in texts if t.endswith(("seconds left.",))]
    assert announced == [content.ui_text("seconds_left", "en", seconds=s) for s in (20, 10)]
    assert not window.session.listening  # the visit ended with it


def test_the_countdown_is_not_announced_with_listening_off(make_window, qtbot):
    said.clear()
    window = make_window()
    window.go_next()
    window.idle_warning.tick_interval_ms = 5
    window.idle.fire_now()
    with qtbot.waitSignal(window.idle_warning.expired, timeout=5000):
        pass
    assert not any(text.endswith("seconds left.") for _l, text, _v in said)
