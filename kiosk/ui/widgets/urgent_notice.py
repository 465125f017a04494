"""The line on the form and the thank-you screen that sends warning signs to the front desk.

A request is read later, not by a doctor now: a patient with a warning sign must be told so
where they type, with one tap to see the signs again.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFontMetrics, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QFrame, QPushButton, QVBoxLayout

from kiosk.content.model import Content, Theme
from kiosk.session import URGENT
from kiosk.ui.icons import icon
from kiosk.ui.widgets.labels import balanced_width, wrapped_lines, wrapping_label


class UrgentNotice(QFrame):
    """The note in a red-bordered box, and the `warningSignsButton` under it."""

    warning_signs_requested = Signal()

    def __init__(self, content: Content) -> None:
        super().__init__()
        self.setObjectName("urgentNotice")
        self.content = content
        self._words = ""  # the button's, unbroken
        self.note = wrapping_label("body")
        self.note.setObjectName("urgentNote")
        self.button = QPushButton()
        self.button.setObjectName("warningSignsButton")
        self.button.clicked.connect(self.warning_signs_requested)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 12, 20, 16)  # text clear of the red border
        layout.setSpacing(12)
        layout.addWidget(self.note)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)
        # Only once it has a parent: shown before, it would flash up as a window of its own
        # and take the kiosk window's focus (pages are built while the window is on screen).
        self.button.setVisible(any(s.id == URGENT for s in content.screens))

    def set_language(self, language: str) -> None:
        self.note.setText(self.content.ui_text("urgent_note", language))
        self._words = self.content.ui_text("warning_signs", language)
        self.button.setAccessibleName(self._words)
        self._fit_words()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_words()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_words()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # e.g. the button's new text size
            self._fit_words()
        return super().event(event)

    def _fit_words(self) -> None:
        """In a narrow column (the form beside the keyboard at 1280×800) the button's words
        go on two lines rather than being cut."""
        button = self.button
        margins = self.layout().contentsMargins()
        room = self.contentsRect().width() - margins.left() - margins.right()
        font = button.font()
        shown = QFontMetrics(font).size(0, button.text()).width()
        room -= button.sizeHint().width() - shown  # the icon, padding and border
        lines = wrapped_lines(self._words, font, room) if self.isVisible() else [self._words]
        if len(lines) > 1:  # (not laid out while hidden: its width means nothing yet)
            lines = wrapped_lines(self._words, font, balanced_width(self._words, font, room))
        text = "\n".join(lines)
        if button.text() != text:
            button.setText(text)

    def set_theme(self, theme: Theme) -> None:
        self.button.setIcon(icon("fa5s.exclamation-triangle", theme.urgent))

    def text(self) -> str:
        return self.note.text()
