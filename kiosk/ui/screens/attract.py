"""The welcome screen shown while nobody is using the kiosk.

It is static (no animation) so an idle kiosk costs almost no CPU; a tap anywhere starts.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosk.content.model import Content, Theme
from kiosk.ui.icons import icon
from kiosk.ui.screens.page import Page
from kiosk.ui.speech import speech_text
from kiosk.ui.widgets.illustration import Illustration
from kiosk.ui.widgets.labels import fill_labels, label_count, wrapping_label


class AttractScreen(Page):
    """Headline, a welcoming picture and one big start button."""

    start_requested = Signal()
    form_requested = Signal()  # a patient who already knows they want a call-back

    def __init__(self, content: Content, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screen_attract")
        self.content = content
        self.screen = content.screens[0]
        self._language = content.default_language
        self._low = False
        self.title = wrapping_label("attractTitle")
        self.title.setObjectName("attractTitle")
        count = label_count(self.screen.paragraphs)
        self.paragraphs = [wrapping_label("body") for _ in range(count)]
        self.start_button = QPushButton()
        self.start_button.setObjectName("startButton")
        self.start_button.setProperty("primary", True)
        self.start_button.clicked.connect(self.start_requested)
        self.request_button = QPushButton()
        self.request_button.setObjectName("attractRequestButton")
        self.request_button.clicked.connect(self.form_requested)

        text = QVBoxLayout()
        text.addStretch(1)
        text.addWidget(self.title)
        for label in self.paragraphs:
            text.addWidget(label)
        text.addSpacing(24)
        text.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignLeft)
        text.addSpacing(24)
        text.addWidget(self.request_button, 0, Qt.AlignmentFlag.AlignLeft)
        text.addStretch(1)

        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.columns.addLayout(text, 11)
        # How to hear the kiosk without seeing it: where the Listen tile is, and the keys.
        # Under the picture (the side of the Listen tile), which gives up the room it takes.
        self.listen_hint = wrapping_label("muted")
        self.listen_hint.setObjectName("listenHint")
        self.listen_hint.hide()
        picture_column = QVBoxLayout()
        self.picture: Illustration | None = None
        if self.screen.illustration:
            self.picture = Illustration(self.screen.illustration)
            # Takes the room the words leave, never theirs (a tall portrait at the largest text).
            self.picture.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
            picture_column.addWidget(self.picture, 1)
        picture_column.addWidget(self.listen_hint)
        self.columns.addLayout(picture_column, 9)
        self.set_language(content.default_language)

    def set_language(self, language: str) -> None:
        self._language = language
        self.title.setText(self.screen.title.get(language))
        self.set_low(self._low)  # fills the paragraphs, unless they are up in the panel
        self.start_button.setText(self.content.ui_text("tap_to_start", language))
        self.request_button.setText(self.content.ui_text("request_consultation", language))
        self.listen_hint.setText(self.content.ui_text("listen_hint", language))
        if self.picture and self.screen.caption:
            self.picture.set_description(self.screen.caption.get(language))

    def set_listen_hint(self, visible: bool) -> None:
        """Only where the kiosk can speak the visit's language."""
        self.listen_hint.setVisible(visible)

    def set_low(self, low: bool) -> None:
        """The heading, the words and the picture go up to the panel; the buttons stay."""
        self._low = low
        self.title.setVisible(not low)
        if low:
            for label in self.paragraphs:
                label.hide()
        else:
            fill_labels(self.paragraphs, self.screen.paragraphs.get(self._language))
        if self.picture is not None:
            self.picture.setVisible(not low)

    def reach_view(self) -> tuple[str, Path | None, str]:
        screen, language = self.screen, self._language
        return screen.title.get(language), screen.illustration, "\n".join(
            screen.paragraphs.get(language)
        )

    def set_theme(self, theme: Theme) -> None:
        self.start_button.setIcon(icon("fa5s.hand-point-up", theme.on_primary))
        self.request_button.setIcon(icon("fa5s.phone-alt", theme.primary))

    def spoken_text(self) -> str:
        language = self._language
        return speech_text(
            [
                self.screen.title.get(language),
                *self.screen.paragraphs.get(language),
                self.content.ui_text("tap_to_start", language),
                self.listen_hint.text() if self.listen_hint.isVisibleTo(self) else "",
            ]
        )

    def set_portrait(self, portrait: bool) -> None:
        self.columns.setDirection(
            QBoxLayout.Direction.BottomToTop if portrait else QBoxLayout.Direction.LeftToRight
        )

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A tap anywhere on the welcome screen starts the walkthrough."""
        self.start_requested.emit()
        event.accept()
