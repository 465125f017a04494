"""A short slide for a page that has just appeared, so a tap on Next visibly moves on.

Only one widget moves a few dozen pixels; nothing is blended, so it costs a few frames of
ordinary painting (a full-screen opacity fade costs ~30% of a core here).
"""

from __future__ import annotations

from PySide6.QtCore import QEasingCurve, QObject, QPoint, QPropertyAnimation
from PySide6.QtWidgets import QWidget

SLIDE_FRACTION = 0.05  # of the page width


class SlideIn(QObject):
    """Moves a page from slightly right (forward) or left (back) to its place."""

    def __init__(self, duration_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._animation = QPropertyAnimation(self)
        self._animation.setPropertyName(b"pos")
        self._animation.setEasingCurve(QEasingCurve.Type.OutCubic)
        self._animation.setDuration(duration_ms)

    def set_duration(self, duration_ms: int) -> None:
        self.finish()
        self._animation.setDuration(duration_ms)

    def play(self, page: QWidget, direction: int) -> None:
        """direction: +1 forward, -1 back, 0 no slide."""
        self.finish()
        if direction == 0 or self._animation.duration() == 0:
            return
        self._animation.setTargetObject(page)
        self._animation.setStartValue(QPoint(round(direction * page.width() * SLIDE_FRACTION), 0))
        self._animation.setEndValue(QPoint(0, 0))
        self._animation.start()

    def finish(self) -> None:
        """Put a page still sliding straight into place."""
        page = self._animation.targetObject()
        self._animation.stop()
        if isinstance(page, QWidget):
            page.move(0, 0)
