"""A thick ring drawn just outside the control that has keyboard focus.

A border colour change inside a button is easy to miss, and in the high-contrast theme the
focus colour is the button's own fill. A ring outside the control, with a gap of page
background between, shows against the page in every theme, around every kind of control.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

RING_GAP = 3  # px of page between the control and the ring
RING_WIDTH = 5  # px; the space between touch targets (>= 16 px) leaves room for it


class FocusRing(QWidget):
    """Follows `target` (moves, scrolls, slides) while shown; clicks pass through it."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("focusRing")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.colour = QColor("black")
        self._target: QWidget | None = None
        self._watched: list[QWidget] = []
        self.hide()

    def target(self) -> QWidget | None:
        return self._target

    def set_colour(self, colour: str) -> None:
        self.colour = QColor(colour)
        self.update()

    def show_around(self, target: QWidget | None) -> None:
        """Ring `target` (None hides the ring) and follow it until told otherwise."""
        for widget in self._watched:
            if shiboken6.isValid(widget):
                widget.removeEventFilter(self)
        self._target, self._watched = target, []
        if target is not None:
            widget: QWidget | None = target
            while widget is not None and widget is not self.parentWidget():
                widget.installEventFilter(self)  # it, or a page or scroll body around it, moves
                self._watched.append(widget)
                widget = widget.parentWidget()
        self._place()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.Show,
                            QEvent.Type.Hide):  # fmt: skip
            self._place()
        return False

    def _place(self) -> None:
        target = self._target
        if target is None or not shiboken6.isValid(target):
            self.hide()
            return
        visible = target.visibleRegion().boundingRect()  # what scrolling leaves in view
        if visible.isEmpty() or not target.isVisible():
            self.hide()
            return
        margin = RING_GAP + RING_WIDTH
        top_left = target.mapTo(self.parentWidget(), visible.topLeft())
        self.setGeometry(QRect(top_left, visible.size()).adjusted(-margin, -margin, margin, margin))
        self.show()
        self.raise_()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(self.colour, RING_WIDTH))
        half = RING_WIDTH / 2
        radius = min(self.width(), self.height()) / 6
        painter.drawRoundedRect(self.rect().toRectF().adjusted(half, half, -half, -half),
                                radius, radius)  # fmt: skip
