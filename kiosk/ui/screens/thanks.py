"""Shown only after the request is committed: what happens next, then back to the start.

The reference code lets the front desk find the request without the patient saying their
name aloud in the lobby; the screen clears itself so the next patient sees nothing. Its
clock stops while the patient looks at the warning signs from here, and starts again on
return, so the reset never cuts the signs short.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from kiosk.content.model import Content, Theme
from kiosk.ui.icons import icon
from kiosk.ui.screens.page import Page
from kiosk.ui.speech import speech_text
from kiosk.ui.take_home import TakeHome
from kiosk.ui.widgets.kinetic_scroll import KineticScrollArea
from kiosk.ui.widgets.labels import wrapping_label
from kiosk.ui.widgets.urgent_notice import UrgentNotice


class ThanksScreen(Page):
    """Thank-you text and reference code; emits `finished` after a few seconds or on Done."""

    finished = Signal()
    warning_signs_requested = Signal()

    def __init__(self, content: Content, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screen_thanks")
        self.content = content
        self._language = content.default_language
        self._code = ""
        self._seconds = 0
        self.urgent = UrgentNotice(content)
        self.urgent.warning_signs_requested.connect(self.warning_signs_requested)
        self.title = wrapping_label("title")
        self.body = wrapping_label("body")
        self.callback = wrapping_label("body")
        self.reference = wrapping_label("title")
        self.reference.setObjectName("referenceCode")
        self.done_button = QPushButton()
        self.done_button.setObjectName("doneButton")
        self.done_button.setProperty("primary", True)
        self.done_button.clicked.connect(self.finish)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.finish)
        body = QWidget()  # centred; scrolls when the controls are lowered into half the height
        layout = QVBoxLayout(body)
        layout.addStretch(1)
        for widget in (self.title, self.body, self.callback, self.reference):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(widget)
        layout.addSpacing(32)
        layout.addWidget(self.done_button, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addSpacing(32)
        layout.addWidget(self.urgent)
        layout.addStretch(1)
        self.body_layout = layout
        self.take_home: TakeHome | None = None  # `add_take_home`
        self.scroll = KineticScrollArea(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll)
        self.set_language(self._language)

    def add_take_home(self, part: TakeHome) -> None:
        """The QR code and print choice (with the reference code on the page), last."""
        self.take_home = part
        self.body_layout.insertWidget(self.body_layout.count() - 1, part)
        part.set_language(self._language)
        part.set_reference(self._code)

    def show_reference(self, code: str, seconds: int) -> None:
        self._code = code
        if self.take_home is not None:
            self.take_home.set_reference(code)
        self._seconds = seconds
        self._fill_reference()
        self._timer.start(seconds * 1000)

    def pause(self) -> None:
        self._timer.stop()

    def resume(self) -> None:
        """The full time again, counted from the patient's return."""
        if self._code and not self._timer.isActive():
            self._timer.start(self._seconds * 1000)

    def finish(self) -> None:
        self._timer.stop()
        self.finished.emit()

    def reset(self) -> None:
        self._timer.stop()
        self._code = ""
        self.reference.clear()
        self.scroll.scroll_to_top()
        if self.take_home is not None:
            self.take_home.reset()

    def set_language(self, language: str) -> None:
        self._language = language
        text, clinic = self.content.form_text, self.content.clinic
        self.title.setText(text("thanks_title", language))
        self.body.setText(text("thanks_body", language, clinic=clinic.name, phone=clinic.phone))
        self.callback.setText(text("thanks_callback", language))
        self.urgent.set_language(language)
        if self.take_home is not None:
            self.take_home.set_language(language)
        self.scroll.set_hint_text(self.content.ui_text("scroll_hint", language))
        self.done_button.setText(self.content.ui_text("start_over", language))
        self._fill_reference()

    def set_low(self, low: bool) -> None:
        """The thanks and what happens next go up to the panel; the code and buttons stay."""
        for label in (self.title, self.body, self.callback):
            label.setVisible(not low)

    def reach_view(self) -> tuple[str, Path | None, str]:
        return self.title.text(), None, "\n".join((self.body.text(), self.callback.text()))

    def set_theme(self, theme: Theme) -> None:
        self.done_button.setIcon(icon("fa5s.check", theme.on_primary))
        self.urgent.set_theme(theme)
        if self.take_home is not None:
            self.take_home.set_theme(theme)

    def spoken_text(self) -> str:
        """The words of thanks; the reference code stays on screen, not said in the lobby."""
        take_home = self.take_home.spoken_text() if self.take_home is not None else ""
        parts = [self.title.text(), self.body.text(), self.callback.text(), self.urgent.text()]
        return speech_text([*parts, take_home])

    def _fill_reference(self) -> None:
        if self._code:
            self.reference.setText(
                self.content.form_text("thanks_reference", self._language, code=self._code)
            )
