"""Labels for patient text: wrapped, plain text, styled by a `role` property."""

from __future__ import annotations

import re
from functools import lru_cache
from math import ceil

from PySide6.QtCore import QEvent, QMargins, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPaintEvent, QResizeEvent, QTextLayout
from PySide6.QtWidgets import QLabel

from kiosk.content.model import TextList

HEADING_ROLES = ("title", "attractTitle")
NUMBER_SPACE = re.compile(r"(?<=[\d)]) (?=[\d(])")  # in "(555) 010 0199", not "at 911"
BULLET = "•  "  # the glyph and the gap before the item's words
# A new text size; a re-style, after which QFrame has set the contents margins to its frame's.
MARGIN_RESETS = (QEvent.Type.FontChange, QEvent.Type.StyleChange)
REMEMBERED = 4096  # widths per function: texts × text sizes × column widths, with room to spare
Paragraphs = list[list[tuple[str, float]]]  # per "\n"-line of a text: its wrapped lines


def wrapping_label(role: str = "body") -> QLabel:
    """Headings balanced; every other wrapped text (body, captions, notes, errors) without
    a lone last word."""
    label = HeadingLabel() if role in HEADING_ROLES else BodyLabel()
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


def _laid_out(text: str, font: QFont, width: int) -> list[tuple[str, float]]:
    """Each line of `text` in `font` wrapped at `width` px, as QLabel wraps it: its words
    and how wide they are drawn (without the space after them)."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    lines = []
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        start = line.textStart()
        lines.append((text[start : start + line.textLength()].strip(), line.naturalTextWidth()))
    layout.endLayout()
    return lines


def wrapped_lines(text: str, font: QFont, width: int) -> list[str]:
    """`text` in `font` wrapped at `width` px, as QLabel wraps it."""
    return [words for words, _ in _laid_out(text, font, width)]


@lru_cache(maxsize=REMEMBERED)  # a page's widths come back with each text size, language
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


@lru_cache(maxsize=REMEMBERED)
def widowless_width(text: str, font: QFont, width: int) -> int:
    """The widest width, up to `width`, at which no paragraph of `text` (lines split at
    "\\n", as QLabel splits them) wraps and leaves one word alone on its last line, in as
    many lines as at `width` and with no word wider than it; `width` when there is none."""
    as_is = _paragraphs(text, font, width)
    widowed = [lines for lines in as_is if _ends_alone(lines)]
    if not widowed or _too_wide(as_is, width):
        return width
    count = _line_count(as_is)

    def fits(narrower: int) -> bool:  # as many lines, and no word wider than the width
        there = _paragraphs(text, font, narrower)
        return _line_count(there) <= count and not _too_wide(there, narrower)

    def has_widow(narrower: int) -> bool:
        return any(map(_ends_alone, _paragraphs(text, font, narrower)))

    # Wrapping is greedy: a narrower width never ends a line later, so while the text keeps
    # its lines, last lines only gain words as the width narrows. First guess, right most
    # times: just narrower than a widowed paragraph's next-to-last line, whose last word
    # must then go down. Else the narrowest width that keeps the lines: if a word is alone
    # even there, no width helps.
    narrowest = min(ceil(lines[-2][1]) for lines in widowed) - 1
    if narrowest < 1 or not fits(narrowest) or has_widow(narrowest):
        low, high = 1, width
        while low < high:
            middle = (low + high) // 2
            low, high = (low, middle) if fits(middle) else (middle + 1, high)
        if has_widow(narrowest := low):
            return width
    widest = width - 1  # the widest width between that leaves no word alone
    while narrowest < widest:
        middle = (narrowest + widest + 1) // 2
        narrowest, widest = (narrowest, middle - 1) if has_widow(middle) else (middle, widest)
    return narrowest


def _paragraphs(text: str, font: QFont, width: int) -> Paragraphs:
    return [_laid_out(words, font, width) for words in text.split("\n")]


def _line_count(paragraphs: Paragraphs) -> int:
    return sum(map(len, paragraphs))


def _too_wide(paragraphs: Paragraphs, width: int) -> bool:
    """A word wider than `width` (a long web address in a narrow column), drawn past it."""
    return any(drawn > width for lines in paragraphs for _, drawn in lines)


def _ends_alone(lines: list[tuple[str, float]]) -> bool:
    """A paragraph that wraps and leaves one word alone on its last line (a widow)."""
    return len(lines) > 1 and len(lines[-1][0].split()) < 2


class NarrowedLabel(QLabel):
    """Wrapped words in a better shape than QLabel's own: they wrap in a narrower width
    than the label has (`_text_width`), and the rest of the width is an empty contents
    margin, so `text()` stays the words themselves (screen readers and tests read it).

    The width is worked out again on every new text, size, text size and re-style.
    """

    def __init__(self) -> None:
        super().__init__()
        self._spare = 0  # px of the width left empty
        self._margins = QMargins()
        self._fit: tuple[str, int, QFont] | None = None  # what `_margins` were worked out for

    def _text_width(self, text: str, font: QFont, room: int) -> int:
        """The width, at most `room`, that `text` wraps in."""
        raise NotImplementedError

    def _indent(self) -> int:
        """Px kept empty on the left, whatever the words' width."""
        return 0

    def setText(self, text: str) -> None:
        super().setText(text)
        self._narrow()

    def setAlignment(self, alignment: Qt.AlignmentFlag) -> None:
        """Centred words have the empty width on both sides."""
        super().setAlignment(alignment)
        self._fit = None
        self._narrow()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._narrow()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in MARGIN_RESETS:
            self._narrow()

    def _narrow(self) -> None:
        text, width, font = self.text(), self.width(), self.font()
        if (text, width, font) != self._fit:  # not again at a new height, or a re-style
            self._fit = (text, width, font)
            indent = self._indent()
            room = width - indent
            self._spare = spare = room - self._text_width(text, font, room) if room > 0 else 0
            left = 0
            if spare:
                align = self.alignment()
                left = spare // 2 if align & Qt.AlignmentFlag.AlignHCenter else 0
                left = spare if align & Qt.AlignmentFlag.AlignRight else left
            self._margins = QMargins(indent + left, 0, spare - left, 0)
        if self.contentsMargins() != self._margins:
            self.setContentsMargins(self._margins)

    def sizeHint(self) -> QSize:  # the empty margin is not room the words ask for
        return super().sizeHint() - QSize(self._spare, 0)

    def minimumSizeHint(self) -> QSize:
        return super().minimumSizeHint() - QSize(self._spare, 0)


class HeadingLabel(NarrowedLabel):
    """A heading whose lines are about as long as each other: one that needs two lines is
    cut in two halves, never a full line with a lone word under it. Big words in a narrow
    column (1280×800, the largest text) wrap; this keeps them reading as one heading.
    """

    def setText(self, text: str) -> None:
        """A phone number's groups stay on one line: "(555) 010-0199", never "(555)" alone."""
        super().setText(NUMBER_SPACE.sub("\u00a0", text))

    def _text_width(self, text: str, font: QFont, room: int) -> int:
        return balanced_width(text, font, room)


class BodyLabel(NarrowedLabel):
    """Body text that never leaves one word alone on the last line of a paragraph that
    wraps: a lone word reads as a break in the text, and a reader over 50 loses the line.

    Its words wrap a little narrower, just enough to bring a second word down, in as many
    lines: its other lines stay as long as they can, so it keeps the width of the paragraphs
    around it. A text on one line is left as it is.
    """

    def _text_width(self, text: str, font: QFont, room: int) -> int:
        return widowless_width(text, font, room)


class BulletLabel(BodyLabel):
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
        self._narrow()

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setAccessibleName(BULLET + text if text else "")

    def _indent(self) -> int:
        return _bullet_width(self.font())

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        painter = QPainter(self)
        self.style().drawItemText(
            painter, self.rect(), int(self.alignment()), self.palette(), self.isEnabled(),
            BULLET.strip(), self.foregroundRole(),
        )  # fmt: skip


@lru_cache(maxsize=16)  # a few text sizes, in a few fonts
def _bullet_width(font: QFont) -> int:
    return QFontMetrics(font).horizontalAdvance(BULLET)


def label_count(texts: TextList) -> int:
    """Labels needed so that every language's list fits."""
    return max((len(v) for v in texts.by_language.values()), default=0)


def fill_labels(labels: list[QLabel], texts: list[str] | tuple[str, ...]) -> None:
    """Put texts into labels; labels beyond the texts (shorter translation) are hidden."""
    for index, label in enumerate(labels):
        label.setText(texts[index] if index < len(texts) else "")
        label.setVisible(index < len(texts))
