"""A vertical scroll area that a finger can drag and fling, with a visible "more below" hint.

Why not QScroller: its gesture filter holds back the press on controls inside the area, and
here tick boxes and buttons inside scrolled text then lost taps. This filter never delays a
press; only once the finger has clearly moved up or down does it take over, telling the
pressed control the press was cancelled so a drag never becomes a tap.

Older patients do not guess that text scrolls; the hint stays until the end is reached.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QEasingCurve,
    QElapsedTimer,
    QEvent,
    QObject,
    QPointF,
    QPropertyAnimation,
    Qt,
)
from PySide6.QtGui import QHideEvent, QMouseEvent, QShowEvent
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QScrollArea, QWidget

from kiosk.ui.input_hub import input_hub
from kiosk.ui.widgets.labels import balanced_width

DRAG_START_PX = 14  # a finger wobbles a little during a tap
FLING_MS = 700


class KineticScrollArea(QScrollArea):
    """Scrolls `content` by drag or fling; shows `hint_text` while more is hidden below.

    The hint sits in a strip reserved below the viewport, so it never covers the text.
    """

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidget(content)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.hint = QLabel(self)
        self.hint.setObjectName("scrollHint")
        self.hint.setProperty("role", "hint")
        self.hint.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._hint_fit: tuple[str, str, int] | None = None  # what the hint was sized for
        bar = self.verticalScrollBar()
        bar.valueChanged.connect(self._update_hint)
        bar.rangeChanged.connect(self._update_hint)
        self._fling = QPropertyAnimation(bar, b"value", self)
        self._fling.setEasingCurve(QEasingCurve.Type.OutCubic)
        self._pressed: QWidget | None = None
        self._press_y = 0.0
        self._press_value = 0
        self._dragging = False
        self._last: tuple[int, float] = (0, 0.0)  # (ms, y) of the previous move, for velocity
        self._velocity = 0.0  # px per ms
        self._clock = QElapsedTimer()
        self._clock.start()
        content.installEventFilter(self)

    def showEvent(self, event: QShowEvent) -> None:
        """Watch the whole application's mouse (through the one input hub) only while shown:
        the kiosk has a scroll area per page, and each watcher costs a call per input event."""
        input_hub().add(self)
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        input_hub().remove(self)
        self._pressed, self._dragging = None, False
        super().hideEvent(event)

    def set_hint_text(self, text: str) -> None:
        self.hint.setText(f"{text}  ↓")
        self._update_hint()

    def scroll_to_top(self) -> None:
        self._fling.stop()
        self.verticalScrollBar().setValue(0)

    def more_below(self) -> bool:
        bar = self.verticalScrollBar()
        return bar.value() < bar.maximum()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self.widget() and kind in (QEvent.Type.Resize, QEvent.Type.LayoutRequest):
            self._update_hint()
        elif kind in _MOUSE and isinstance(watched, QWidget) and self._inside(watched):
            return self._on_mouse(watched, event)
        return False

    def _inside(self, widget: QWidget) -> bool:
        viewport = self.viewport()
        return widget is viewport or viewport.isAncestorOf(widget)

    def _on_mouse(self, widget: QWidget, event: QMouseEvent) -> bool:
        """Track a finger; returns True for the events the drag consumes."""
        y = event.globalPosition().y()
        now = self._clock.elapsed()
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress:
            if self._pressed is None:  # the first receiver; parents see the same press again
                self._fling.stop()
                self._pressed, self._press_y = widget, y
                self._press_value = self.verticalScrollBar().value()
                self._dragging, self._last, self._velocity = False, (now, y), 0.0
            return False
        if self._pressed is None:
            return False
        if kind == QEvent.Type.MouseMove:
            moved = y - self._press_y
            if not self._dragging and abs(moved) >= DRAG_START_PX and self._scrollable():
                self._dragging = True
                self._cancel_press()
            if self._dragging:
                then, last_y = self._last
                if now > then:
                    self._velocity = (y - last_y) / (now - then)
                self._last = (now, y)
                self.verticalScrollBar().setValue(round(self._press_value - moved))
            return self._dragging
        consumed = self._dragging  # the release
        if self._dragging and now - self._last[0] < 80:
            self._start_fling()
        self._pressed, self._dragging = None, False
        return consumed

    def _scrollable(self) -> bool:
        return self.verticalScrollBar().maximum() > 0

    def _cancel_press(self) -> None:
        """Release the pressed control far outside itself: Qt then clicks nothing."""
        assert self._pressed is not None
        far = QPointF(-100000, -100000)
        release = QMouseEvent(
            QEvent.Type.MouseButtonRelease,
            far,
            far,
            Qt.MouseButton.LeftButton,
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
        )
        pressed, self._pressed = self._pressed, None  # let the cancel pass the filter
        QApplication.sendEvent(pressed, release)
        self._pressed = pressed

    def _start_fling(self) -> None:
        bar = self.verticalScrollBar()
        distance = -self._velocity * FLING_MS / 3  # OutCubic covers a third at start speed
        target = max(bar.minimum(), min(bar.maximum(), round(bar.value() + distance)))
        if target != bar.value():
            self._fling.setDuration(FLING_MS)
            self._fling.setStartValue(bar.value())
            self._fling.setEndValue(target)
            self._fling.start()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._update_hint()

    def _update_hint(self) -> None:
        hint = self.hint
        fit = (hint.text(), hint.font().toString(), self.width())
        if fit != self._hint_fit:  # not at every scroll step: only what changes its size
            self._hint_fit = fit
            hint.setWordWrap(False)
            hint.adjustSize()
            if hint.width() > self.width():  # a narrow column: the hint wraps, never cut
                padding = hint.width() - hint.fontMetrics().horizontalAdvance(hint.text())
                width = padding + balanced_width(hint.text(), hint.font(), self.width() - padding)
                hint.setWordWrap(True)
                hint.resize(width, hint.heightForWidth(width))
        strip = self.hint.height() + 8
        if self.viewportMargins().bottom() != strip:
            self.setViewportMargins(0, 0, 0, strip)
        x = (self.width() - self.hint.width()) // 2
        self.hint.move(max(0, x), self.height() - self.hint.height())
        self.hint.setVisible(self.more_below())


_MOUSE = {QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.MouseButtonRelease}
