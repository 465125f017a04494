"""The on-screen keyboard, driven by tapping its real buttons as a patient would."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from kiosk.ui.widgets.keyboard import OnScreenKeyboard

NAMES = {" ": "Space", "@": "at sign", ".": "dot", "'": "apostrophe", "-": "hyphen"}


class Form(QWidget):
    """A field above the keyboard, the way the consultation form uses it."""

    def __init__(self) -> None:
        super().__init__()
        self.edit = QLineEdit()
        self.keyboard = OnScreenKeyboard()
        layout = QVBoxLayout(self)
        layout.addWidget(self.edit)
        layout.addWidget(self.keyboard)
        self.keyboard.set_target(self.edit)


@pytest.fixture
def form(qtbot) -> Form:
    form = Form()
    qtbot.addWidget(form)
    form.resize(1280, 600)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    form.edit.setFocus()
    qtbot.waitUntil(form.edit.hasFocus)
    return form


def key(kb: OnScreenKeyboard, name: str) -> QPushButton:
    """The one visible key with this accessible name."""
    found = [b for b in kb.findChildren(QPushButton)
             if b.isVisible() and b.accessibleName() == name]
    assert len(found) == 1, f"{len(found)} visible keys named {name!r}"
    return found[0]


def tap(qtbot, kb: OnScreenKeyboard, *names: str) -> None:
    for name in names:
        qtbot.mouseClick(key(kb, name), Qt.MouseButton.LeftButton)


def tap_text(qtbot, kb: OnScreenKeyboard, text: str) -> None:
    """Tap the keys for text, using Shift for capitals; the key label follows Shift."""
    for ch in text:
        if ch.isupper():
            tap(qtbot, kb, "Shift")
            assert key(kb, ch).text() == ch
        tap(qtbot, kb, NAMES.get(ch, ch))


def visible_keys(kb: OnScreenKeyboard) -> list[QPushButton]:
    return [b for b in kb.findChildren(QPushButton) if b.isVisible()]


def test_taps_type_a_spanish_name_with_shift_and_accents(form, qtbot):
    kb = form.keyboard
    tap_text(qtbot, kb, "José Núñez")
    assert form.edit.text() == "José Núñez"
    assert form.edit.hasFocus()


def test_email_uses_at_and_dot_com_keys(form, qtbot):
    kb = form.keyboard
    kb.set_mode("email")
    tap_text(qtbot, kb, "ann.o'neil@example")
    with qtbot.waitSignal(kb.keyPressed):
        tap(qtbot, kb, "dot com")
    assert form.edit.text() == "ann.o'neil@example.com"


def test_phone_keypad_types_digits(form, qtbot):
    kb = form.keyboard
    kb.set_mode("phone")
    tap(qtbot, kb, *"2125552368")
    assert form.edit.text() == "2125552368"
    assert len(visible_keys(kb)) == 13


def test_backspace_deletes_before_the_cursor(form, qtbot):
    kb = form.keyboard
    tap(qtbot, kb, "a", "b", "c")
    form.edit.setCursorPosition(2)
    tap(qtbot, kb, "Backspace")
    assert form.edit.text() == "ac"
    assert form.edit.cursorPosition() == 1


def test_max_length_is_respected(form, qtbot):
    form.edit.setMaxLength(3)
    tap(qtbot, form.keyboard, "a", "b", "c", "d", "e")
    assert form.edit.text() == "abc"


def test_validator_rejects_keys_as_a_physical_keyboard_would(form, qtbot):
    form.edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9+]*")))
    kb = form.keyboard
    tap(qtbot, kb, "a", "Numbers and symbols", "5", "plus", "!")
    assert form.edit.text() == "5+"


def test_physical_keyboard_still_types_while_attached(form, qtbot):
    qtbot.keyClicks(form.edit, "Ann ")
    tap(qtbot, form.keyboard, "b")
    qtbot.keyClicks(form.edit, "o")
    assert form.edit.text() == "Ann bo"


def test_shift_turns_off_after_one_letter_and_labels_follow(form, qtbot):
    kb = form.keyboard
    tap(qtbot, kb, "Shift")
    assert kb.is_shifted() and key(kb, "Shift").isChecked()
    assert key(kb, "Q").text() == "Q" and key(kb, "Ñ").text() == "Ñ"
    tap(qtbot, kb, "Q", "q")
    assert form.edit.text() == "Qq"
    assert not kb.is_shifted() and not key(kb, "Shift").isChecked()
    tap(qtbot, kb, "Shift", "Shift")  # a second tap cancels it
    tap(qtbot, kb, "w")
    assert form.edit.text() == "Qqw"


def test_auto_capitalize_for_names(form, qtbot):
    kb = form.keyboard
    kb.set_auto_capitalize(True)
    assert kb.is_shifted()
    tap(qtbot, kb, "J", "o", "Space", "D", "o")
    assert form.edit.text() == "Jo Do"
    tap(qtbot, kb, "Backspace", "Backspace")
    assert kb.is_shifted()
    kb.set_auto_capitalize(False)
    assert not kb.is_shifted()


def test_reset_clears_shift_mode_and_target(form, qtbot):
    kb = form.keyboard
    kb.set_mode("symbols")
    kb.set_mode("letters")
    tap(qtbot, kb, "Shift")
    kb.set_mode("email")
    kb.reset()
    assert (kb.mode(), kb.is_shifted(), kb.target()) == ("letters", False, None)
    tap(qtbot, kb, "a")
    assert form.edit.text() == ""


def test_mode_keys_switch_between_letters_and_symbols(form, qtbot):
    kb = form.keyboard
    tap(qtbot, kb, "Numbers and symbols", "7", "Letters", "x")
    assert (form.edit.text(), kb.mode()) == ("7x", "letters")
    with pytest.raises(ValueError):
        kb.set_mode("klingon")


def test_hide_key_emits_hide_requested(form, qtbot):
    for mode in OnScreenKeyboard.MODES:
        form.keyboard.set_mode(mode)
        with qtbot.waitSignal(form.keyboard.hideRequested):
            tap(qtbot, form.keyboard, "Hide keyboard")


def test_keys_never_take_focus(form, qtbot):
    kb = form.keyboard
    for mode in OnScreenKeyboard.MODES:
        kb.set_mode(mode)
        assert all(b.focusPolicy() == Qt.FocusPolicy.NoFocus for b in visible_keys(kb))
    kb.set_mode("letters")
    tap(qtbot, kb, "h", "Shift", "Backspace")
    assert form.edit.hasFocus()
    assert form.edit.text() == ""


def test_types_into_a_note_and_survives_a_deleted_target(form, qtbot):
    note = QPlainTextEdit()
    qtbot.addWidget(note)
    kb = form.keyboard
    kb.set_target(note)
    tap_text(qtbot, kb, "Hi Dr")
    assert note.toPlainText() == "Hi Dr"
    note.deleteLater()
    qtbot.waitUntil(lambda: kb.target() is None)
    tap(qtbot, kb, "a")  # must not crash


@pytest.mark.parametrize("width", [1280, 1920, 1080])
@pytest.mark.parametrize("mode", OnScreenKeyboard.MODES)
def test_every_key_is_big_and_apart(qtbot, mode, width):
    kb = OnScreenKeyboard()
    qtbot.addWidget(kb)
    kb.set_key_height(40)  # too small: clamped to 64
    kb.set_mode(mode)
    kb.resize(width, kb.height())
    kb.show()
    qtbot.waitExposed(kb)
    qtbot.waitUntil(lambda: kb.width() == width)
    keys = visible_keys(kb)
    assert keys
    for b in keys:
        assert b.width() >= 64 and b.height() >= 64, (b.accessibleName(), b.size())
        assert kb.rect().contains(b.geometry()), b.accessibleName()
        assert b.font().pixelSize() >= 28
    for a, b in itertools.combinations(keys, 2):
        gap = a.geometry().adjusted(-8, -8, 8, 8)
        assert not gap.intersects(b.geometry()), (a.accessibleName(), b.accessibleName())


def test_minimum_width_fits_a_1280_screen_and_keys_scale(qtbot):
    kb = OnScreenKeyboard()
    qtbot.addWidget(kb)
    assert kb.minimumWidth() <= 1280
    kb.set_key_height(96)
    assert kb.key_height() == 96
    assert kb.height() >= 5 * 96
    assert key_font(kb) > 28


def key_font(kb: OnScreenKeyboard) -> int:
    return next(b for b in kb.findChildren(QPushButton) if b.accessibleName() == "q").font(
    ).pixelSize()


def test_every_mode_renders(qtbot, tmp_path):
    kb = OnScreenKeyboard()
    qtbot.addWidget(kb)
    kb.resize(1280, kb.height())
    kb.show()
    qtbot.waitExposed(kb)
    for mode in OnScreenKeyboard.MODES:
        kb.set_mode(mode)
        image = kb.grab().toImage()
        assert image.width() == 1280
        assert image.save(str(tmp_path / f"{mode}.png"))


def test_icons_follow_the_app_style_sheet(qtbot):
    window = QWidget()
    window.setStyleSheet("#keyboard #backspaceKey { color: #ff0000; }")
    kb = OnScreenKeyboard(window, default_style=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    image = key(kb, "Backspace").icon().pixmap(32, 32).toImage()
    colours = {image.pixelColor(x, y).name() for x in range(32) for y in range(32)
               if image.pixelColor(x, y).alpha() == 255}
    assert colours == {"#ff0000"}
