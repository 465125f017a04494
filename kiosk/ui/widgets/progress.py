"""The top bar's progress bar, which never paints in the middle of a tap.

`QProgressBar.setValue` repaints synchronously, and with the style sheet that means drawing
its styled parents' backgrounds too: ~2.5 ms of every tap on Next, before the page itself is
painted. This one schedules the paint instead; it happens with the rest of the window.
"""

from __future__ import annotations

from PySide6.QtWidgets import QProgressBar


class ProgressBar(QProgressBar):
    """A QProgressBar whose `setValue` only marks it for the next paint."""

    def setValue(self, value: int) -> None:
        if value == self.value():
            return
        self.setUpdatesEnabled(False)  # QProgressBar's own repaint() becomes a no-op
        super().setValue(value)
        self.setUpdatesEnabled(True)  # and this schedules the paint
        self.update()
