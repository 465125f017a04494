"""One walkthrough screen: a picture with its caption beside (or above) scrollable text.

Used for every screen kind after the attract screen; the kind only adds a part: tick boxes
for the self-check, a red banner for the urgent warning signs, the reference list for sources.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QFrame,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.content.model import Content, Screen, ScreenKind, Theme
from kiosk.ui.screens.page import Page
from kiosk.ui.speech import speech_text
from kiosk.ui.take_home import TakeHome
from kiosk.ui.widgets.illustration import Illustration
from kiosk.ui.widgets.kinetic_scroll import KineticScrollArea
from kiosk.ui.widgets.labels import bullet_label, fill_labels, label_count, wrapping_label
from kiosk.ui.widgets.wrapping_check import WrappingCheck

# The picture and the text share the page by stretch, whatever the drawing's or the text's
# own size: in portrait with the largest text, a full-size drawing would leave three lines.
SHARE = QSizePolicy.Policy.Ignored


class WalkthroughScreen(Page):
    """Shows one `Screen` from content.yaml in the session's language."""

    tick_toggled = Signal(str)  # checklist item id

    def __init__(self, content: Content, screen: Screen, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"screen_{screen.id}")
        self.content = content
        self.screen = screen
        self._language = content.default_language

        self.title = wrapping_label("title")
        self.title.setObjectName("screenTitle")
        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)

        self.picture: Illustration | None = None
        self.caption = wrapping_label("caption")
        # One widget, so lowering the controls can hide the picture and its caption at once.
        self.picture_box = QWidget()
        self.picture_box.setSizePolicy(SHARE, SHARE)
        if screen.illustration:
            picture_column = QVBoxLayout(self.picture_box)
            picture_column.setContentsMargins(0, 0, 0, 0)
            self.picture = Illustration(screen.illustration)
            self.picture.setSizePolicy(SHARE, SHARE)
            picture_column.addWidget(self.picture, 1)
            picture_column.addWidget(self.caption)
            self.columns.addWidget(self.picture_box, 9)

        body = QWidget()
        self.body_layout = QVBoxLayout(body)
        self.body_layout.setContentsMargins(0, 0, 16, 48)
        self.paragraph_labels: list[QLabel] = []
        self.bullet_labels: list[QLabel] = []
        # per section: its heading, its paragraph labels, its bullet labels
        self.section_labels: list[tuple[QLabel, list[QLabel], list[QLabel]]] = []
        self.checks: dict[str, QCheckBox] = {}
        self.check_rows: dict[str, WrappingCheck] = {}
        self.reference_labels: list[QLabel] = []
        self._build_kind_parts()
        self.take_home: TakeHome | None = None  # on the last screen (`add_take_home`)
        self.body_layout.addStretch(1)
        self.scroll = KineticScrollArea(body)
        self.scroll.setSizePolicy(SHARE, SHARE)
        self.columns.addWidget(self.scroll, 11)

        outer = QVBoxLayout(self)
        if screen.kind is ScreenKind.URGENT:
            banner = QFrame()
            banner.setObjectName("urgentBanner")
            QVBoxLayout(banner).addWidget(self.title)
            outer.addWidget(banner)
        else:
            outer.addWidget(self.title)
        outer.addLayout(self.columns, 1)
        self.set_language(self._language)

    def _build_kind_parts(self) -> None:
        kind = self.screen.kind
        for _ in range(label_count(self.screen.paragraphs)):
            self._add(self.paragraph_labels, "body")
        for _ in range(label_count(self.screen.bullets)):
            self._place(bullet_label(), self.bullet_labels)
        for section in self.screen.sections:
            self.body_layout.addSpacing(24)
            heading = self._add([], "title")
            heading.setObjectName("sectionHeading")
            paragraphs: list[QLabel] = []
            bullets: list[QLabel] = []
            for _ in range(label_count(section.paragraphs)):
                self._add(paragraphs, "body")
            for _ in range(label_count(section.bullets)):
                self._place(bullet_label(), bullets)
            self.section_labels.append((heading, paragraphs, bullets))
        for item in self.screen.items:
            row = WrappingCheck(f"check_{item.id}")
            row.box.toggled.connect(lambda _on, item_id=item.id: self.tick_toggled.emit(item_id))
            self.check_rows[item.id] = row
            self.checks[item.id] = row.box
            self.body_layout.addWidget(row)
        if kind is ScreenKind.CHECKLIST:
            self.note = self._add([], "muted")
        if kind is ScreenKind.SOURCES:
            for _ in self.content.references:
                self._add(self.reference_labels, "muted")
        elif self.screen.references:
            self.sources_line = self._add([], "muted")

    def _add(self, into: list[QLabel], role: str) -> QLabel:
        return self._place(wrapping_label(role), into)

    def _place(self, label: QLabel, into: list[QLabel]) -> QLabel:
        into.append(label)
        self.body_layout.addWidget(label)
        return label

    def set_language(self, language: str) -> None:
        """Show every text in `language`; ticks and scroll position stay as they are."""
        self._language = language
        screen, content = self.screen, self.content
        self.title.setText(screen.title.get(language))
        if screen.caption:
            self.caption.setText(screen.caption.get(language))
            assert self.picture is not None
            self.picture.set_description(screen.caption.get(language))
        fill_labels(self.paragraph_labels, screen.paragraphs.get(language))
        fill_labels(self.bullet_labels, screen.bullets.get(language))
        for section, (heading, paragraphs, bullets) in zip(
            screen.sections, self.section_labels, strict=True
        ):
            heading.setText(section.heading.get(language))
            fill_labels(paragraphs, section.paragraphs.get(language))
            fill_labels(bullets, section.bullets.get(language))
        for item in screen.items:
            self.check_rows[item.id].set_text(item.text.get(language))
        if screen.kind is ScreenKind.CHECKLIST:
            self.note.setText(content.ui_text("self_check_note", language))
        if screen.kind is ScreenKind.SOURCES:
            fill_labels(
                self.reference_labels,
                [f"{n}.  {r.citation}" for n, r in enumerate(content.references, start=1)],
            )
        elif screen.references:
            ids = [r.id for r in content.references]
            numbers = sorted(1 + ids.index(ref) for ref in screen.references)
            label = content.ui_text("references_label", language)
            self.sources_line.setText(f"{label} {', '.join(map(str, numbers))}")
        self.scroll.set_hint_text(content.ui_text("scroll_hint", language))
        if self.take_home is not None:
            self.take_home.set_language(language)

    def set_portrait(self, portrait: bool) -> None:
        self.columns.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
        if self.picture is not None:  # above the text, the picture shares with its caption
            self.columns.setStretch(0, 10 if portrait else 9)
            self.columns.setStretch(1, 10 if portrait else 11)

    def add_take_home(self, part: TakeHome) -> None:
        """The QR code and print choice, after the screen's words."""
        self.take_home = part
        self.body_layout.insertWidget(self.body_layout.count() - 1, part)
        part.set_language(self._language)

    def set_low(self, low: bool) -> None:
        self.title.setVisible(not low)
        if self.picture is not None:
            self.picture_box.setVisible(not low)

    def reach_view(self) -> tuple[str, Path | None, str]:
        screen, language = self.screen, self._language
        caption = screen.caption.get(language) if screen.caption else ""
        return screen.title.get(language), screen.illustration, caption

    def set_theme(self, theme: Theme) -> None:
        for row in self.check_rows.values():
            row.set_tick_colour(theme.on_primary)
        if self.take_home is not None:
            self.take_home.set_theme(theme)

    def spoken_text(self) -> str:
        """Title, text, each section, the tick-box items, then what the picture shows."""
        screen, language = self.screen, self._language
        return speech_text(
            [
                screen.title.get(language),
                *screen.paragraphs.get(language),
                *screen.bullets.get(language),
                *(
                    part
                    for section in screen.sections
                    for part in (
                        section.heading.get(language),
                        *section.paragraphs.get(language),
                        *section.bullets.get(language),
                    )
                ),
                *(item.text.get(language) for item in screen.items),
                screen.caption.get(language) if screen.caption else "",
                self.take_home.spoken_text() if self.take_home is not None else "",
            ]
        )

    def reset(self) -> None:
        """Forget the patient: no ticks, scrolled to the top."""
        for check in self.checks.values():
            check.blockSignals(True)
            check.setChecked(False)
            check.blockSignals(False)
        self.scroll.scroll_to_top()
        if self.take_home is not None:
            self.take_home.reset()
