"""Headings at 1280×800, the smallest screen, where big words wrap most: on every page, in
every language and text size, no heading is cut off, none leaves a short last line under a
long one (one word alone), and none splits a phone number."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtGui import QTextLayout
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from kiosk.session import FORM, THANKS
from kiosk.ui.widgets.labels import HEADING_ROLES
from tests.ui.test_layout import looks, settle

SIZE = (1280, 800)
NUMBER_ENDS, NUMBER_STARTS = (*"0123456789", ")"), (*"0123456789", "(")
SHORTEST_LAST_LINE = 0.4  # of the longest line: "…at (555) 010-0199 for / these" is 0.17


def shown_lines(label: QLabel) -> list[tuple[str, float]]:
    """The label's lines as it draws them: (text, width in px)."""
    text = label.text()
    layout = QTextLayout(text, label.font())
    layout.beginLayout()
    lines = []
    while (line := layout.createLine()).isValid():
        line.setLineWidth(label.contentsRect().width())
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


def test_headings_wrap_well_at_1280x800(make_window, content):
    window = make_window(SIZE)
    pages = [screen.id for screen in content.screens] + [FORM, THANKS]
    problems = []
    for look in looks(window):
        for page in pages:
            window.show_page(page)
            if page == THANKS:
                window.thanks.show_reference("K7Q4M2", 3600)
            settle()
            problems += [f"{look} {page}: {p}" for p in bad_headings(window)]
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
