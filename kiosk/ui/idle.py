"""Idle handling: notice when nobody has touched the kiosk, warn with a countdown, then reset.

WCAG 2.2.1 asks that a time limit can be extended: the warning counts down visibly for at
least 20 s and one big button keeps the patient's place.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QPushButton, QVBoxLayout, QWidget

from kiosk.ui.speech import speech_text
from kiosk.ui.widgets.labels import wrapping_label

# Input that shows a person is there.
_ACTIVITY = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.TouchBegin,
    QEvent.Type.KeyPress,
    QEvent.Type.Wheel,
}


class IdleWatcher(QObject):
    """Application-wide event filter: emits `idle` after `seconds` without any input."""

    idle = Signal()

    def __init__(self, seconds: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(round(seconds * 1000))
        self._timer.timeout.connect(self.idle)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and self._timer.isActive():
            self._timer.start()
        return False

    def set_seconds(self, seconds: float) -> None:
        """A new idle time (new content), from the next start."""
        self._timer.setInterval(round(seconds * 1000))

    def start(self) -> None:
        """(Re)start counting; the attract screen calls `stop` since it has nothing to lose."""
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def fire_now(self) -> None:
        """Act as if the idle time had run out (tests, monkey testing)."""
        self._timer.stop()
        self.idle.emit()


class IdleWarning(QFrame):
    """A dimmed layer over the window with a countdown and an "I'm still here" button."""

    still_here = Signal()
    expired = Signal()
    ticked = Signal(int)  # seconds left, after each second counted down

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("idleWarning")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.remaining = 0
        self.tick_interval_ms = 1000  # one second per count; tests shorten it
        self._tick = QTimer(self)
        self._tick.timeout.connect(self._count_down)

        card = QFrame(self)
        card.setObjectName("idleCard")
        self.card = card
        self.title = wrapping_label("title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.countdown = wrapping_label("body")
        self.countdown.setObjectName("idleCountdown")
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.button = QPushButton()
        self.button.setObjectName("stillHereButton")
        self.button.setProperty("primary", True)
        self.button.clicked.connect(self._keep)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(40, 32, 40, 40)
        layout.setSpacing(24)
        layout.addWidget(self.title)
        layout.addWidget(self.countdown)
        layout.addWidget(self.button)
        card.installEventFilter(self)
        self._body_template = "{seconds}"
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """New words or a new text size: the card takes the height they need."""
        if watched is self.card and event.type() == QEvent.Type.LayoutRequest:
            self._place_card()
        return False

    def set_texts(self, title: str, body_template: str, button: str) -> None:
        self.title.setText(title)
        self._body_template = body_template
        self.button.setText(button)
        self._show_remaining()

    def start(self, seconds: int) -> None:
        self.remaining = seconds
        self._show_remaining()
        self.setGeometry(self.parentWidget().rect())
        self._place_card()
        self.show()
        self.raise_()
        self.button.setFocus()
        self._tick.start(self.tick_interval_ms)

    def spoken_text(self) -> str:
        """The heading, the countdown as it stands and the button's words."""
        return speech_text([self.title.text(), self.countdown.text(), self.button.text()])

    def cancel(self) -> None:
        self._tick.stop()
        self.hide()

    def _keep(self) -> None:
        self.cancel()
        self.still_here.emit()

    def _count_down(self) -> None:
        self.remaining -= 1
        self._show_remaining()
        self.ticked.emit(self.remaining)
        if self.remaining <= 0:
            self.cancel()
            self.expired.emit()

    def _show_remaining(self) -> None:
        self.countdown.setText(self._body_template.format(seconds=max(0, self.remaining)))

    def _place_card(self) -> None:
        width = min(self.width() - 64, max(640, self.width() // 2))
        self.card.setFixedWidth(width)
        # adjustSize() would size the wrapped text for the card's preferred width, not this one
        height = self.card.heightForWidth(width)
        self.card.resize(width, height if height > 0 else self.card.sizeHint().height())
        self.card.move((self.width() - width) // 2, (self.height() - self.card.height()) // 2)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place_card()

    def mousePressEvent(self, event) -> None:
        """A tap anywhere on the warning also shows someone is there."""
        self._keep()
        event.accept()
