"""Bullet lists with a hanging indent: a bullet's wrapped lines start under its first word,
not under the bullet, on every walkthrough page, at every size, text size and language, in
both themes. Older patients find a list's items by their left edge. Measured on the pixels
each bullet's label draws."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QImage
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.content.model import Screen
from kiosk.ui.window import KioskWindow
from tests.ui.conftest import SIZES
from tests.ui.test_layout import looks, settle

INK = 100  # grey levels from the background: a glyph's body, not its soft edge


def bullet_texts(screen: Screen, language: str) -> set[str]:
    """The screen's bullets and its sections' bullets."""
    lists = [screen.bullets, *(section.bullets for section in screen.sections)]
    return {text for texts in lists for text in texts.get(language)}


def bullet_labels(page: QWidget, texts: set[str]) -> list[QLabel]:
    return [
        label
        for label in page.findChildren(QLabel)
        if label.isVisibleTo(page) and label.text().removeprefix("•  ") in texts
    ]


def ink_columns(image: QImage, top: int, bottom: int) -> str:
    """One character per column of `image`: "1" if any row in [top, bottom) has ink there."""
    rows = [
        bytes(image.constScanLine(y))[: image.width()]  # Grayscale8: one byte a pixel
        for y in range(top, min(bottom, image.height()))
    ]
    background = max(set(rows[0]), key=rows[0].count)
    ink = bytes(0x31 if abs(v - background) > INK else 0x30 for v in range(256))  # "1" / "0"
    mask = 0
    for row in rows:
        mask |= int(row.translate(ink), 2)
    return format(mask, f"0{image.width()}b")


def indent_problem(label: QLabel) -> str | None:
    """None when every line after the first starts right of the bullet, under the first
    word; else what is wrong. (None for a bullet on one line.)"""
    line = label.fontMetrics().lineSpacing()
    lines = round(label.height() / line)
    if lines < 2:
        return None
    image = label.grab().toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    first = ink_columns(image, 0, line)
    bullet_start = first.find("1")
    bullet_end = first.find("0", bullet_start)
    words = first.find("1", bullet_end)  # where the first line's words start
    slack = label.fontMetrics().horizontalAdvance(" ") // 2  # letters' own side space
    for number in range(1, lines):
        start = ink_columns(image, number * line, (number + 1) * line).find("1")
        if start <= bullet_end or abs(start - words) > slack:
            return (
                f"{label.text()[:40]!r}: line {number + 1} starts at x={start}, the bullet "
                f"ends at x={bullet_end}, the first line's words start at x={words}"
            )
    return None


def page_problems(window: KioskWindow, language: str) -> tuple[list[str], int]:
    """Problems on every page with bullets, and how many wrapped bullets were measured."""
    problems, wrapped = [], 0
    for screen in window.content.screens:
        texts = bullet_texts(screen, language)
        if not texts:
            continue
        window.show_page(screen.id)
        settle()
        labels = bullet_labels(window.page(screen.id), texts)
        assert len(labels) == len(texts), f"{screen.id}: a bullet is missing"
        for label in labels:
            wrapped += label.height() >= 2 * label.fontMetrics().lineSpacing()
            if (problem := indent_problem(label)) is not None:
                problems.append(f"{screen.id}: {problem}")
    return problems, wrapped


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_wrapped_bullets_hang_under_their_words(make_window, size):
    window = make_window(size)
    problems, wrapped = [], 0
    for look in looks(window):
        found, count = page_problems(window, window.session.language)
        problems += [f"{look}, {p}" for p in found]
        wrapped += count
    assert wrapped > 0  # long bullets did wrap, so lines after the first were measured
    assert problems == [], "\n".join(problems)


def test_wrapped_bullets_hang_in_high_contrast_too(make_window):
    window = make_window((1080, 1920))
    window.contrast_button.click()
    window.text_size_button.click()
    problems, wrapped = [], 0
    for language in ("en", "es"):
        window.set_language(language)
        found, count = page_problems(window, language)
        problems += [f"{language}, {p}" for p in found]
        wrapped += count
    assert wrapped > 0
    assert problems == [], "\n".join(problems)


def test_a_screen_reader_hears_each_bullet_once_with_its_words(make_window, content):
    """And the words are shown as they are written: content is never read as markup."""
    window = make_window()
    screen = content.screen("call_clinic")
    texts = bullet_texts(screen, "en")
    window.show_page(screen.id)
    labels = bullet_labels(window.page(screen.id), texts)
    assert len(labels) == len(texts)
    for label in labels:
        assert label.textFormat() == Qt.TextFormat.PlainText
        name = QAccessible.queryAccessibleInterface(label).text(QAccessible.Text.Name)
        assert name.count("•") == 1
        assert name.removeprefix("•").strip() in texts
