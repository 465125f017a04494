"""The desk's undo bar: what the last status change did, with Undo, for a few seconds.

A desk is used with a mouse and a keyboard, often while on the phone: the outcome of a click
must be seen where the eye goes next and be reversible at once (Undo, or Ctrl+Z), and then
get out of the way. When the bar has nothing to say it lists the keyboard shortcuts. Its row
is always there, so the list above never jumps when a message comes or goes.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout

from kiosk.ui.staff.support import say, staff_button
from kiosk.ui.widgets.labels import wrapping_label

UNDO = "Undo (Ctrl+Z)"
SHORTCUTS = "Ctrl+F search  ·  ↑ ↓ move through the list  ·  Ctrl+L lock  ·  F5 refresh"
UNDO_SECONDS = 10  # long enough to notice a wrong click, short enough not to linger
REFUSED_SECONDS = 20  # "changed by another desk" must be read, not missed


class UndoBar(QFrame):
    """Emits `undo_requested` (the Undo button) and `expired` (the time to undo is over)."""

    undo_requested = Signal()
    expired = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("undoBar")
        self.message = wrapping_label("muted")
        self.message.setObjectName("undoMessage")
        self.undo_button = staff_button(UNDO, "deskUndo", touch=False)
        self.undo_button.clicked.connect(self.undo_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)  # the panel's gap at the desk's size
        layout.addWidget(self.message, 1)
        layout.addWidget(self.undo_button)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._expire)
        self.clear()

    def can_undo(self) -> bool:
        return not self.undo_button.isHidden()

    def show_message(self, text: str, *, undoable: bool, refused: bool) -> None:
        """Show the outcome of a change; Undo only while it can be undone."""
        say(self.message, text, error=refused)
        self.setProperty("active", True)
        self._repolish()
        self.undo_button.setVisible(undoable)
        self._timer.start(1000 * (REFUSED_SECONDS if refused else UNDO_SECONDS))

    def clear(self) -> None:
        """Back to the shortcuts, with nothing to undo (the desk locking, the time over)."""
        self._timer.stop()
        self.message.setText(SHORTCUTS)
        self.message.setProperty("role", "muted")
        self.setProperty("active", False)
        self._repolish()
        self.undo_button.hide()

    def _expire(self) -> None:
        self.clear()
        self.expired.emit()

    def _repolish(self) -> None:
        for widget in (self, self.message):
            widget.style().unpolish(widget)
            widget.style().polish(widget)
