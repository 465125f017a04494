"""Swipe left or right to turn the page, as on a phone or a tablet."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, Signal


class SwipeDetector(QObject):
    """Application-wide filter turning a quick horizontal drag into `swiped(+1 | -1)`."""

    swiped = Signal(int)  # +1: to the next screen (finger moved left), -1: back

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._start: QPointF | None = None
        self.min_distance = 120

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and watched.isWidgetType():
            self._start = event.globalPosition()
        elif kind == QEvent.Type.MouseButtonRelease and self._start is not None:
            delta = event.globalPosition() - self._start
            self._start = None
            if abs(delta.x()) >= self.min_distance and abs(delta.x()) > 2 * abs(delta.y()):
                self.swiped.emit(1 if delta.x() < 0 else -1)
        return False
