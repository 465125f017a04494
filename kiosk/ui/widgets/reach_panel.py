"""The upper half of the window while the controls are lowered: to look at, not to touch.

A seated patient or a wheelchair user reads the top of a tall screen easily but cannot reach
it. With "Lower" on, the window puts this panel above everything and every control below
it: the panel shows the screen's heading and its drawing (with the drawing's words), which
the page itself then leaves out to give its text and buttons the room.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QSizePolicy, QStackedWidget, QVBoxLayout

from kiosk.ui.widgets.illustration import Illustration
from kiosk.ui.widgets.labels import wrapping_label


class ReachPanel(QFrame):
    """A heading, a drawing and its caption; drawings are made once per file."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("reachPanel")
        self.title = wrapping_label("title")
        self.title.setObjectName("reachTitle")
        self.pictures = QStackedWidget()
        # The drawing takes what the words leave, never the words' room.
        self.pictures.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self._drawings: dict[Path, Illustration] = {}
        self.caption = wrapping_label("body")
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.pictures, 1)
        layout.addWidget(self.caption)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)

    def show_view(self, title: str, picture: Path | None, caption: str) -> None:
        """`caption`: the drawing's words, or the screen's own words when it has no caption."""
        self.title.setText(title)
        self.title.setVisible(bool(title))
        self.caption.setText(caption)
        self.caption.setVisible(bool(caption))
        self.pictures.setVisible(picture is not None)
        if picture is None:
            return
        if picture not in self._drawings:
            drawing = Illustration(picture, caption)
            self._drawings[picture] = drawing
            self.pictures.addWidget(drawing)
        drawing = self._drawings[picture]
        drawing.set_description(caption)
        self.pictures.setCurrentWidget(drawing)
