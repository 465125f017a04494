"""Labels for patient text: wrapped, plain text, styled by a `role` property."""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QMargins, QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPaintEvent, QResizeEvent, QTextLayout
from PySide6.QtWidgets import QLabel

from kiosk.content.model import TextList

HEADING_ROLES = ("title", "attractTitle")
NUMBER_SPACE = re.compile(r"(?<=[\d)]) (?=[\d(])")  # in "(555) 010 0199", not "at 911"
BULLET = "•  "  # the glyph and the gap before the item's words
# A new text size; a re-style, after which QFrame has set the contents margins to its frame's.
MARGIN_RESETS = (QEvent.Type.FontChange, QEvent.Type.StyleChange)


def wrapping_label(role: str = "body") -> QLabel:
    label = HeadingLabel() if role in HEADING_ROLES else QLabel()
    _set_up(label, role)
    return label


def bullet_label() -> BulletLabel:
    """A list item of body text (a screen's or a section's bullets)."""
    label = BulletLabel()
    _set_up(label, "body")
    return label


def _set_up(label: QLabel, role: str) -> None:
    """Wrapped, styled by `role`, and plain text: content words are never read as markup."""
    label.setWordWrap(True)
    label.setProperty("role", role)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)


def wrapped_lines(text: str, font: QFont, width: int) -> list[str]:
    """`text` in `font` wrapped at `width` px, as QLabel wraps it."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    lines = []
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        lines.append(text[line.textStart() : line.textStart() + line.textLength()].strip())
    layout.endLayout()
    return lines


def balanced_width(text: str, font: QFont, width: int) -> int:
    """The narrowest width at which `text` takes no more lines than at `width`: there its
    lines are about as long as each other."""
    lines = len(wrapped_lines(text, font, width))
    narrowest, widest = 1, width
    while lines > 1 and narrowest < widest:
        middle = (narrowest + widest) // 2
        if len(wrapped_lines(text, font, middle)) > lines:
            narrowest = middle + 1
        else:
            widest = middle
    return widest


class HeadingLabel(QLabel):
    """A heading whose lines are about as long as each other: one that needs two lines is
    cut in two halves, never a full line with a lone word under it. Big words in a narrow
    column (1280×800, the largest text) wrap; this keeps them reading as one heading.

    The words wrap in the narrowest width that still takes as many lines; the rest of the
    label's width is an empty contents margin, so `text()` stays the heading's own words.
    """

    def __init__(self) -> None:
        super().__init__()
        self._spare = 0  # px of the width left empty

    def setText(self, text: str) -> None:
        """A phone number's groups stay on one line: "(555) 010-0199", never "(555)" alone."""
        super().setText(NUMBER_SPACE.sub("\u00a0", text))
        self._balance()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._balance()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # a new text size
            self._balance()

    def _balance(self) -> None:
        width = self.width()
        self._spare = spare = width - balanced_width(self.text(), self.font(), width)
        align = self.alignment()
        left = spare // 2 if align & Qt.AlignmentFlag.AlignHCenter else 0
        left = spare if align & Qt.AlignmentFlag.AlignRight else left
        if self.contentsMargins() != QMargins(left, 0, spare - left, 0):
            self.setContentsMargins(left, 0, spare - left, 0)

    def sizeHint(self) -> QSize:  # the empty margin is not room the heading asks for
        return super().sizeHint() - QSize(self._spare, 0)

    def minimumSizeHint(self) -> QSize:
        return super().minimumSizeHint() - QSize(self._spare, 0)


class BulletLabel(QLabel):
    """A bullet whose wrapped lines start under its first word, not under the bullet:
    older patients find the items of a list by their left edge.

    `text()` is the item's own words, drawn as plain text right of an empty contents margin
    as wide as `BULLET`; the glyph is painted into that margin on the first line. A screen
    reader hears the bullet once, from the accessible name, as before. (Not QLabel's indent:
    with the text at the top, that pushes it down as well.)
    """

    def __init__(self) -> None:
        super().__init__()
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self._indent()

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setAccessibleName(BULLET + text if text else "")

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in MARGIN_RESETS:
            self._indent()

    def _indent(self) -> None:
        width = self.fontMetrics().horizontalAdvance(BULLET)
        if self.contentsMargins() != QMargins(width, 0, 0, 0):
            self.setContentsMargins(width, 0, 0, 0)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        painter = QPainter(self)
        self.style().drawItemText(
            painter, self.rect(), int(self.alignment()), self.palette(), self.isEnabled(),
            BULLET.strip(), self.foregroundRole(),
        )  # fmt: skip


def label_count(texts: TextList) -> int:
    """Labels needed so that every language's list fits."""
    return max((len(v) for v in texts.by_language.values()), default=0)


def fill_labels(labels: list[QLabel], texts: list[str] | tuple[str, ...]) -> None:
    """Put texts into labels; labels beyond the texts (shorter translation) are hidden."""
    for index, label in enumerate(labels):
        label.setText(texts[index] if index < len(texts) else "")
        label.setVisible(index < len(texts))
