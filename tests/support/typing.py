"""Type text the way a patient does: by tapping the on-screen keyboard's buttons."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from kiosk.ui.widgets.keyboard import OnScreenKeyboard

NAMES = {" ": "Space", "@": "at sign", ".": "dot", ",": "comma", "-": "hyphen", "'": "apostrophe"}


def key(keyboard: OnScreenKeyboard, name: str) -> QPushButton:
    """The visible key whose accessible name is `name`."""
    for button in keyboard.findChildren(QPushButton):
        if button.isVisible() and button.accessibleName() == name:
            return button
    raise LookupError(f"no visible key named {name!r} in mode {keyboard.mode()}")


def tap(button: QPushButton) -> None:
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    QApplication.processEvents()


def type_text(keyboard: OnScreenKeyboard, text: str) -> None:
    """Tap each character's key, pressing Shift for capitals and switching to symbols for
    digits when the letters layout has none."""
    for char in text:
        if char.isalpha() and char.isupper() != keyboard.is_shifted():
            tap(key(keyboard, "Shift"))
        name = NAMES.get(char, char)
        try:
            tap(key(keyboard, name))
        except LookupError:
            tap(key(keyboard, "Numbers and symbols"))
            tap(key(keyboard, name))
            tap(key(keyboard, "Letters"))


def press_keys(widget: QWidget, text: str) -> None:
    """Type any text as a physical keyboard (or an input method) delivers it: one key press
    and release per character, carrying the character as the event's text. QTest.keyClicks
    aborts the process on characters outside ASCII, which is exactly what hostile text is."""
    for char in text:
        code = ord(char.upper()) if char.isascii() and char.isalnum() else Qt.Key.Key_unknown.value
        if char == " ":
            code = Qt.Key.Key_Space.value
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, code, Qt.KeyboardModifier.NoModifier, char)
            )
