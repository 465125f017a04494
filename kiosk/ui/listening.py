"""Listening mode: each screen read aloud as it opens, started without sight.

A patient who cannot see the screen starts (and stops) it with the Listen tile in the top
right corner, or with a physical key: a headset's play key (a media key) or the Enter key of
a USB number pad. The pad's Enter toggles the mode only while no button or field has the
keyboard focus: someone moving through the buttons with Tab uses Enter to press them.

In the form the mode says each field's label as it is reached, that something was typed
(never what: a lobby is not private, and the platform cannot tell a headset from a
loudspeaker), and each error as it appears.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit, QWidget

MEDIA_KEYS = (Qt.Key.Key_MediaPlay, Qt.Key.Key_MediaTogglePlayPause)
TYPED_PAUSE_MS = 900  # after this long without a key, "typed, not read aloud" is said once


def is_listening_key(event: QKeyEvent) -> bool:
    """A headset's play key, or the Enter key of a number pad."""
    if event.key() in MEDIA_KEYS:
        return True
    keypad = bool(event.modifiers() & Qt.KeyboardModifier.KeypadModifier)
    return event.key() == Qt.Key.Key_Enter and keypad


class ListeningKeys(QObject):
    """Application-wide filter for `window`: emits `pressed` for a listening key."""

    pressed = Signal()

    def __init__(self, window: QWidget, blocked: Callable[[], bool]) -> None:
        """`blocked`: the staff area is open (its keys are its own)."""
        super().__init__(window)
        self._window = window
        self._blocked = blocked

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not is_listening_key(event):
            return False
        if event.isAutoRepeat() or self._blocked() or not self._window.isVisible():
            return False
        focused = QApplication.focusWidget()
        in_window = focused is not None and self._window.isAncestorOf(focused)
        if event.key() == Qt.Key.Key_Enter and in_window and isinstance(
            focused, QAbstractButton | QLineEdit
        ):
            return False  # Enter presses the focused button, or ends a field
        self.pressed.emit()
        return True


class FormVoice(QObject):
    """What listening mode says in the form; `say` is called only while `active()`."""

    def __init__(
        self,
        fields: dict[str, QLineEdit],
        labels: Callable[[str], str],
        typed_text: Callable[[], str],
        say: Callable[[str], None],
        active: Callable[[], bool],
    ) -> None:
        """`labels(field)`: the field's label (and its error, if shown) in the visit's
        language; `typed_text()`: the privacy phrase in that language."""
        super().__init__()
        self._fields = fields
        self._labels, self._typed_text, self._say, self._active = labels, typed_text, say, active
        self._typed = QTimer(self)
        self._typed.setSingleShot(True)
        self._typed.setInterval(TYPED_PAUSE_MS)
        self._typed.timeout.connect(self._say_typed)
        for edit in fields.values():
            edit.textEdited.connect(self._on_edited)
        QApplication.instance().focusChanged.connect(self._on_focus_changed)

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        field = next((name for name, edit in self._fields.items() if edit is new), None)
        if field is None or not self._active():
            return
        self._typed.stop()
        words = [self._labels(field)]
        if self._fields[field].text():
            words.append(self._typed_text())
        self._say("\n".join(words))

    def _on_edited(self, _text: str) -> None:
        if self._active():
            self._typed.start()  # once the patient pauses, not at every key

    def _say_typed(self) -> None:
        if self._active():
            self._say(self._typed_text())

    def errors(self, messages: list[str]) -> None:
        """A failed send: every error, in the order they appear on screen."""
        if self._active() and messages:
            self._typed.stop()
            self._say("\n".join(messages))
