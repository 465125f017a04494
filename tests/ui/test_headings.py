"""How patient text wraps. Headings at 1280×800, the smallest screen, where big words wrap
most: on every page, in every language and text size, no heading is cut off, none leaves a
short last line under a long one (one word alone), and none splits a phone number. Body
text and bullets at every screen size: a paragraph that wraps never ends with one word
alone, in no more lines than QLabel's own wrapping takes, and its words are unchanged."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import pairwise
from math import ceil

import pytest
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QFont, QTextLayout
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from kiosk.session import FORM, THANKS
from kiosk.ui.widgets.labels import (
    BULLET,
    HEADING_ROLES,
    BodyLabel,
    BulletLabel,
    balanced_width,
    bullet_label,
    wrapped_lines,
    wrapping_label,
)
from tests.ui.conftest import SIZES
from tests.ui.test_layout import looks, settle

SIZE = (1280, 800)
NUMBER_ENDS, NUMBER_STARTS = (*"0123456789", ")"), (*"0123456789", "(")
SHORTEST_LAST_LINE = 0.4  # of the longest line: "…at (555) 010-0199 for / these" is 0.17


def shown_lines(label: QLabel) -> list[tuple[str, float]]:
    """The label's lines as it draws them: (text, width in px)."""
    return shown_lines_at(label.text(), label.font(), label.contentsRect().width())


def shown_lines_at(text: str, font: QFont, width: int) -> list[tuple[str, float]]:
    layout = QTextLayout(text, font)
    layout.beginLayout()
    lines = []
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        start = line.textStart()
        lines.append((text[start : start + line.textLength()].strip(), line.naturalTextWidth()))
    layout.endLayout()
    return lines


def bad_headings(root: QWidget) -> list[str]:
    problems = []
    for label in root.findChildren(QLabel):
        if label.property("role") not in HEADING_ROLES or not label.isVisibleTo(root):
            continue
        if not label.text():
            continue
        lines = shown_lines(label)
        texts = [text for text, _ in lines]
        longest = max(width for _, width in lines)
        name = " / ".join(texts)
        if longest > label.width() + 1:
            problems.append(f"{name!r}: {longest:.0f}px wide in {label.width()}px")
        if label.heightForWidth(label.width()) > label.height() + 1:
            problems.append(f"{name!r}: cut off at the bottom")
        if len(lines) > 1 and lines[-1][1] < SHORTEST_LAST_LINE * longest:
            problems.append(f"{name!r}: a short last line")
        for before, after in pairwise(texts):
            if before.endswith(NUMBER_ENDS) and after.startswith(NUMBER_STARTS):
                problems.append(f"{name!r}: a number split across lines")
    return problems


def every_page_in_every_look(window, content) -> Iterator[str]:
    """Shows each walkthrough page, the form and the thank-you screen in every text size and
    language; yields "LOOK PAGE" once each is laid out."""
    pages = [screen.id for screen in content.screens] + [FORM, THANKS]
    for look in looks(window):
        for page in pages:
            window.show_page(page)
            if page == THANKS:
                window.thanks.show_reference("K7Q4M2", 3600)
            settle()
            yield f"{look} {page}"


def test_headings_wrap_well_at_1280x800(make_window, content):
    window = make_window(SIZE)
    problems = []
    for shown in every_page_in_every_look(window, content):
        problems += [f"{shown}: {p}" for p in bad_headings(window)]
    assert problems == [], "\n".join(problems)


def test_the_heading_check_finds_a_lone_last_word_and_a_split_number(qtbot):
    """Guards the guard, on plain labels with the heading role."""
    window = QWidget()
    qtbot.addWidget(window)
    labels = []
    for text in ("Call the clinic at (555) 010-0199 for these", "A heading with a lone word"):
        label = QLabel(text, window)
        label.setProperty("role", "title")
        label.setWordWrap(True)
        labels.append(label)
    window.show()
    qtbot.waitExposed(window)
    first_lines = ("Call the clinic at (555)", "A heading with a lone")
    for label, words in zip(labels, first_lines, strict=True):
        label.setFixedWidth(round(label.fontMetrics().horizontalAdvance(words)) + 2)
        label.setFixedHeight(label.heightForWidth(label.width()))
    QApplication.processEvents()
    found = bad_headings(window)
    assert any("number split" in p for p in found), found
    assert any("short last line" in p for p in found), found


# Body text: a lone last word ("widow"). One line is lost on the way down a paragraph.
TEXTS = {
    "en": "Walk a little farther each day, until you can walk for thirty minutes.",
    "es": "Camine un poco más cada día, hasta que pueda caminar treinta minutos.",
}
BODY_FONT = 30  # px: the body text's middle size


def body_font() -> QFont:
    font = QFont()
    font.setPixelSize(BODY_FONT)
    return font


def alone(lines: list[str]) -> bool:
    """Wrapped, with one word on the last line."""
    return len(lines) > 1 and len(lines[-1].split()) == 1


def room(label: QLabel) -> int:
    """The width QLabel would wrap the words in, without a right margin."""
    bullet = label.fontMetrics().horizontalAdvance(BULLET) if isinstance(label, BulletLabel) else 0
    return label.width() - bullet


def one_line_width(text: str, font: QFont) -> int:
    return ceil(shown_lines_at(text, font, 10_000)[0][1])


def widest(text: str, font: QFont, wanted: Callable[[list[str]], bool]) -> int:
    """The widest width at which QLabel's own wrap of `text` is as `wanted`."""
    width = one_line_width(text, font)
    while not wanted(wrapped_lines(text, font, width)):
        width -= 1
        assert width > 0, f"no width wraps {text!r} as wanted"
    return width


def widowed_width(text: str, font: QFont, line_count: int) -> int:
    """The widest width at which `text` wraps onto `line_count` lines with its last word
    alone: what QLabel shows there by itself."""
    return widest(text, font, lambda lines: len(lines) == line_count and alone(lines))


def shown_label(qtbot, label: QLabel, text: str, wrap_width: int) -> QLabel:
    """`label` with `text` in the body font, as wide as to wrap its words at `wrap_width`
    by itself, shown and as tall as it asks to be."""
    qtbot.addWidget(label)
    label.setFont(body_font())
    label.setText(text)
    bullet = label.fontMetrics().horizontalAdvance(BULLET) if isinstance(label, BulletLabel) else 0
    label.setFixedWidth(wrap_width + bullet)
    label.show()
    qtbot.waitExposed(label)
    label.setFixedHeight(label.heightForWidth(label.width()))
    QApplication.processEvents()
    return label


MAKERS = {"paragraph": lambda: wrapping_label("body"), "bullet": bullet_label}


@pytest.mark.parametrize("line_count", [2, 3])
@pytest.mark.parametrize("language", TEXTS)
@pytest.mark.parametrize("kind", MAKERS)
def test_a_wrapped_paragraph_never_ends_with_one_word_alone(qtbot, kind, language, line_count):
    """In as many lines as QLabel's own wrapping, none of them drawn past the words' width."""
    text = TEXTS[language]
    width = widowed_width(text, body_font(), line_count)
    label = shown_label(qtbot, MAKERS[kind](), text, width)
    assert alone(wrapped_lines(text, label.font(), room(label)))  # QLabel's own wrap
    lines = shown_lines(label)
    assert len(lines[-1][0].split()) >= 2, lines
    assert len(lines) == line_count, lines
    assert max(drawn for _, drawn in lines) <= label.contentsRect().width()
    assert label.text() == text
    assert label.heightForWidth(label.width()) <= label.height()


@pytest.mark.parametrize("kind", MAKERS)
def test_a_paragraph_is_narrowed_no_more_than_needed(qtbot, kind):
    """One px wider and the last word would be alone again: the paragraph keeps the width
    of the ones around it as far as it can."""
    text = TEXTS["en"]
    label = shown_label(qtbot, MAKERS[kind](), text, widowed_width(text, body_font(), 3))
    narrowed = label.contentsRect().width()
    assert narrowed < room(label)
    assert alone(wrapped_lines(text, label.font(), narrowed + 1))


@pytest.mark.parametrize("kind", MAKERS)
def test_text_on_one_line_or_without_a_lone_word_is_not_narrowed(qtbot, kind):
    text = TEXTS["en"]
    no_widow = widest(text, body_font(), lambda lines: len(lines) == 2 and not alone(lines))
    for width in (one_line_width(text, body_font()), no_widow):
        label = shown_label(qtbot, MAKERS[kind](), text, width)
        assert label.contentsMargins().right() == 0, width
        assert label.contentsRect().width() == room(label)


def test_centred_body_text_has_the_empty_width_on_both_sides(qtbot):
    """As on the thank-you screen; here centred after its words were set (the PIN pad)."""
    text = TEXTS["en"]
    label = shown_label(qtbot, wrapping_label("body"), text, widowed_width(text, body_font(), 2))
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    margins = label.contentsMargins()
    assert margins.right() > 0
    assert margins.left() == (margins.left() + margins.right()) // 2


def test_each_line_of_a_text_with_line_breaks_keeps_a_second_word(qtbot):
    """Staff messages put an error under the outcome, on a line of its own."""
    first, second = "Saved.", TEXTS["en"]
    text = f"{first}\n{second}"
    label = shown_label(qtbot, wrapping_label("body"), text, widowed_width(second, body_font(), 2))
    shown = label.contentsRect().width()
    paragraphs = [wrapped_lines(words, label.font(), shown) for words in text.split("\n")]
    assert paragraphs[0] == [first]  # one word alone on a line of its own is no widow
    assert len(paragraphs[1]) == 2 and not alone(paragraphs[1]), paragraphs


def test_a_heading_still_wraps_in_balanced_halves(qtbot):
    """Headings keep their own rule (lines about as long as each other), not the body's."""
    text = "A heading with a lone word"
    label = wrapping_label("title")
    assert not isinstance(label, BodyLabel)
    shown_label(qtbot, label, text, widowed_width(text, body_font(), 2))
    balanced = balanced_width(text, label.font(), label.width())
    assert label.contentsMargins() == QMargins(0, 0, label.width() - balanced, 0)
    assert label.text() == text


def bad_body_text(root: QWidget) -> list[str]:
    """Visible wrapped text other than headings (body text, bullets, captions, notes,
    errors) that ends a wrapped paragraph with one word alone, takes more lines than
    QLabel's own wrap, or draws a line past its width. (A paragraph of one word, a web
    address broken at its slashes, has no second word to bring down.)"""
    problems = []
    for label in root.findChildren(QLabel):
        heading = label.property("role") in HEADING_ROLES
        if heading or not label.wordWrap() or not label.isVisibleTo(root) or not label.text():
            continue
        font, shown = label.font(), label.contentsRect().width()
        for words in label.text().split("\n"):
            lines = shown_lines_at(words, font, shown)
            texts = [text for text, _ in lines]
            name = " / ".join(texts)
            if alone(texts) and len(words.split()) > 1:
                problems.append(f"{name!r}: one word alone on the last line")
            if len(lines) > len(wrapped_lines(words, font, room(label))):
                problems.append(f"{name!r}: more lines than QLabel's own wrap")
            if max(width for _, width in lines) > shown + 1:
                problems.append(f"{name!r}: drawn past its width")
    return problems


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_body_text_never_ends_with_one_word_alone(make_window, content, size):
    window = make_window(size)
    problems, wrapped = [], 0
    for shown in every_page_in_every_look(window, content):
        problems += [f"{shown}: {p}" for p in bad_body_text(window)]
        wrapped += sum(
            label.contentsMargins().right() > 0
            for label in window.findChildren(BodyLabel)
            if label.isVisibleTo(window)
        )
    assert wrapped > 0  # some paragraphs did end with a lone word, and were narrowed
    assert problems == [], "\n".join(problems)


def test_the_body_check_finds_a_lone_last_word(qtbot):
    """Guards the guard, on a plain QLabel with the body role: how QLabel wraps by itself."""
    text = TEXTS["en"]
    window = QWidget()
    qtbot.addWidget(window)
    label = QLabel(text, window)
    label.setProperty("role", "body")
    label.setWordWrap(True)
    label.setFont(body_font())
    label.setFixedWidth(widowed_width(text, body_font(), 2))
    window.show()
    qtbot.waitExposed(window)
    found = bad_body_text(window)
    assert any("one word alone" in p for p in found), found
