"""Every page at every supported size: no text cut off, every touch target at least 64 px."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QScrollArea, QWidget

from kiosk.session import FORM
from kiosk.ui.theme import MIN_TARGET
from tests.ui.conftest import SIZES


def inside_scroll_area(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def clipped_labels(window: QWidget) -> list[str]:
    """Visible labels whose text needs more room than they have."""
    problems = []
    for label in window.findChildren(QLabel):
        if not label.isVisibleTo(window) or not label.text():
            continue
        room = label.contentsRect()
        if label.wordWrap():
            needed = label.heightForWidth(label.width())
            if needed > label.height() + 1:
                problems.append(f"{label.text()[:40]!r}: {needed}px tall, has {label.height()}")
        else:
            needed = label.fontMetrics().horizontalAdvance(label.text())
            if needed > room.width() + 1:
                problems.append(f"{label.text()[:40]!r}: needs {needed}px wide, has {room.width()}")
        if not inside_scroll_area(label):
            box = QRect(label.mapTo(window, label.rect().topLeft()), label.size())
            if not window.rect().contains(box):
                problems.append(f"{label.text()[:40]!r}: outside the window at {box}")
    return problems


def clipped_buttons(window: QWidget) -> list[str]:
    problems = []
    for button in window.findChildren(QAbstractButton):
        if not button.isVisibleTo(window) or not button.text():
            continue
        needed = button.fontMetrics().horizontalAdvance(button.text()) + button.iconSize().width()
        if needed > button.width():
            problems.append(f"button {button.text()!r}: needs {needed}px, has {button.width()}")
    return problems


def small_targets(window: QWidget) -> list[str]:
    return [
        f"{b.objectName() or b.text()!r}: {b.width()}x{b.height()}"
        for b in window.findChildren(QAbstractButton)
        if b.isVisibleTo(window) and (b.width() < MIN_TARGET or b.height() < MIN_TARGET)
    ]


def pages(content) -> list[str]:
    return [s.id for s in content.screens] + [FORM]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("language", ["en", "es"])
def test_no_clipped_text_and_big_targets_on_every_page(make_window, content, size, language):
    window = make_window(size)
    window.set_language(language)
    problems = []
    for page in pages(content):
        window.show_page(page)
        QApplication.processEvents()
        found = clipped_labels(window) + clipped_buttons(window) + small_targets(window)
        problems += [f"{page}: {p}" for p in found]
    assert problems == []


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_form_with_keyboard_open_keeps_keys_big(make_window, size, qtbot):
    window = make_window(size)
    window.show_page(FORM)
    window.form.fields["name"].setFocus()
    qtbot.waitUntil(window.form.keyboard.isVisible, timeout=2000)
    QApplication.processEvents()
    assert small_targets(window) == []
    assert clipped_buttons(window) == []


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_idle_warning_fits(make_window, size):
    window = make_window(size)
    window.go_next()
    window.idle.fire_now()
    QApplication.processEvents()
    card = window.idle_warning.card
    assert window.rect().contains(QRect(card.mapTo(window, card.rect().topLeft()), card.size()))
    assert clipped_labels(window.idle_warning) == []
    assert small_targets(window.idle_warning) == []


def test_the_checkers_catch_clipped_text_and_small_targets(qtbot):
    """Guards the guards: a cut-off label, a cut-off button and a tiny button are found."""
    from PySide6.QtWidgets import QPushButton, QVBoxLayout

    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    clipped = QLabel("This sentence is far too long for its narrow label")
    clipped.setFixedWidth(60)
    wrapped = QLabel("Wrapped words that need many lines " * 6)
    wrapped.setWordWrap(True)
    wrapped.setFixedSize(120, 20)
    tiny = QPushButton("A long button label")
    tiny.setFixedSize(40, 40)
    for widget in (clipped, wrapped, tiny):
        layout.addWidget(widget)
    window.show()
    qtbot.waitExposed(window)
    assert len(clipped_labels(window)) == 2
    assert len(clipped_buttons(window)) == 1
    assert len(small_targets(window)) == 1
