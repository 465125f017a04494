"""The hidden way into the staff area: press and hold one widget (the clinic logo).

Patients tap the logo by chance, so only a deliberate, still hold of several seconds counts;
a tap, an early release or a drag (a swipe through the top bar) never opens anything.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QWidget

HOLD_MS = 3000
MAX_MOVE_PX = 30


class HoldGesture(QObject):
    """Event filter on `target`: emits `triggered` after a still press of `hold_ms`.

    It only watches and never consumes events, so the target behaves as before.
    """

    triggered = Signal()

    def __init__(
        self, target: QWidget, hold_ms: int = HOLD_MS, max_move: int = MAX_MOVE_PX
    ) -> None:
        super().__init__(target)
        self._max_move = max_move
        self._start: QPointF | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(hold_ms)
        self._timer.timeout.connect(self._fire)
        target.installEventFilter(self)

    @property
    def hold_ms(self) -> int:
        return self._timer.interval()

    def is_holding(self) -> bool:
        """True while a press is being timed (for tests and a possible progress hint)."""
        return self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent):
            self._start = event.globalPosition()
            self._timer.start()
        elif kind == QEvent.Type.MouseMove and self._start is not None:
            assert isinstance(event, QMouseEvent)
            moved = event.globalPosition() - self._start
            if moved.manhattanLength() > self._max_move:
                self.cancel()
        elif kind in (QEvent.Type.MouseButtonRelease, QEvent.Type.Hide):
            self.cancel()
        return False

    def cancel(self) -> None:
        self._start = None
        self._timer.stop()

    def _fire(self) -> None:
        self._start = None
        self.triggered.emit()
