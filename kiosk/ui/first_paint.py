"""Work that waits for a widget's first frame.

The welcome screen is painted before the kiosk spends its CPU on anything a patient cannot
see yet: the other pages, the read-aloud voice, the content watcher. Each starts a moment
after that paint, so on a kiosk PC the frame reaches the screen (X server, compositor) first.
See docs/architecture.md ("Pages on demand").
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

SETTLE_MS = 50  # after the first paint; a patient's first tap takes longer than this


class FirstPaint(QObject):
    """Runs callbacks once, SETTLE_MS after `widget` is first painted (at once if later)."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self._waiting: list[Callable[[], None]] | None = []  # None once settled
        widget.installEventFilter(self)

    @property
    def settled(self) -> bool:
        return self._waiting is None

    def then(self, callback: Callable[[], None]) -> None:
        if self._waiting is None:
            QTimer.singleShot(0, self, callback)
        else:
            self._waiting.append(callback)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(SETTLE_MS, self, self._settle)
        return False

    def _settle(self) -> None:
        waiting, self._waiting = self._waiting or [], None
        for callback in waiting:
            callback()
