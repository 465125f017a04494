"""Type text the way a patient does: by tapping the on-screen keyboard's buttons."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton

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
