"""A tick box with a long label that wraps; the whole row is the touch target.

QCheckBox cannot wrap its text, and consent wording is long; a row with its own label keeps
the words readable at every screen size.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QWidget

from kiosk.ui.widgets.labels import wrapping_label


class WrappingCheck(QWidget):
    """`box` is the real QCheckBox (named `object_name`); tapping the words toggles it too."""

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QCheckBox()
        self.box.setObjectName(object_name)
        self.label = wrapping_label("body")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.box, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.label, 1)

    def set_text(self, text: str) -> None:
        self.label.setText(text)
        self.box.setAccessibleName(text)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A tap on the words counts as a tap on the box."""
        if self.box.isEnabled():
            self.box.toggle()
        event.accept()
