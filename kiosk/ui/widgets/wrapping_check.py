"""A tick box with a long label that wraps; the whole row is the touch target.

QCheckBox cannot wrap its text, and consent wording is long; a row with its own label keeps
the words readable at every screen size. A ticked box shows a tick, not only a filled square.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QStyle, QStyleOptionButton, QWidget

from kiosk.ui.icons import icon
from kiosk.ui.widgets.labels import wrapping_label


class TickBox(QCheckBox):
    """A check box that draws a tick over its (style-sheet) indicator while checked."""

    def __init__(self) -> None:
        super().__init__()
        self.tick_colour = "white"

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self.isChecked():
            return
        option = QStyleOptionButton()
        self.initStyleOption(option)
        box = self.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, self)
        inset = max(6, box.width() // 6)
        mark = box.adjusted(inset, inset, -inset, -inset)
        pixmap = icon("fa5s.check", self.tick_colour).pixmap(mark.size())
        QPainter(self).drawPixmap(mark.topLeft(), pixmap)


class WrappingCheck(QWidget):
    """`box` is the real QCheckBox (named `object_name`); tapping the words toggles it too."""

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = TickBox()
        self.box.setObjectName(object_name)
        self.label = wrapping_label("body")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(16)  # room for the focus ring between the box and its words
        row.addWidget(self.box, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.label, 1)

    def set_text(self, text: str) -> None:
        self.label.setText(text)
        self.box.setAccessibleName(text)

    def set_tick_colour(self, colour: str) -> None:
        self.box.tick_colour = colour
        self.box.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A tap on the words counts as a tap on the box."""
        if self.box.isEnabled():
            self.box.toggle()
        event.accept()
