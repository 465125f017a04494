"""Every page at every supported size, text size and language: no text cut off, every touch
target at least 64 px, nothing pushed outside the window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QScrollArea,
    QToolButton,
    QWidget,
)

from kiosk.session import FORM
from kiosk.ui.theme import MIN_TARGET, TEXT_LEVELS
from kiosk.ui.window import KioskWindow
from tests.ui.conftest import SIZES

LANGUAGES = ("en", "es")


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
    """Buttons squeezed narrower than their words, icon, padding and border need, or lower
    than a line of their text (than icon and word, for a word under an icon)."""
    problems = []
    for button in window.findChildren(QAbstractButton):
        if not button.isVisibleTo(window) or not button.text():
            continue
        width = button.sizeHint().width()
        stacked = (
            isinstance(button, QToolButton)
            and button.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextUnderIcon
        )
        height = button.sizeHint().height() if stacked else button.fontMetrics().height()
        if width > button.width() + 1 or height > button.height() + 1:
            problems.append(
                f"button {button.text()!r}: needs {width}x{height}px, "
                f"has {button.width()}x{button.height()}"
            )
    return problems


def small_targets(window: QWidget) -> list[str]:
    return [
        f"{b.objectName() or b.text()!r}: {b.width()}x{b.height()}"
        for b in window.findChildren(QAbstractButton)
        if b.isVisibleTo(window) and (b.width() < MIN_TARGET or b.height() < MIN_TARGET)
    ]


def settle() -> None:
    """Let a change of words or text size ripple through the nested layouts, as the running
    event loop does between two frames."""
    for _ in range(10):
        QApplication.processEvents()


def wrong_size(window: QWidget, size: tuple[int, int]) -> list[str]:
    """Content too tall or wide for the screen must not grow the window past it."""
    if window.size().toTuple() == size:
        return []
    return [f"window grew to {window.width()}x{window.height()}"]


def pages(content) -> list[str]:
    return [s.id for s in content.screens] + [FORM]


def looks(window: KioskWindow):
    """Every text size in every language, set as a patient does (the button cycles)."""
    for level in range(len(TEXT_LEVELS)):
        while window.session.text_level != level:
            window.text_size_button.click()
        for language in LANGUAGES:
            window.set_language(language)
            yield f"size {level} {language}"


def page_problems(window: KioskWindow, content, size: tuple[int, int]) -> list[str]:
    problems = []
    for page in pages(content):
        window.show_page(page)
        settle()
        found = (
            clipped_labels(window)
            + clipped_buttons(window)
            + small_targets(window)
            + wrong_size(window, size)
        )
        problems += [f"{page}: {p}" for p in found]
    return problems


def keyboard_problems(window: KioskWindow, size: tuple[int, int], qtbot) -> list[str]:
    window.show_page(FORM)
    window.form.fields["name"].setFocus()
    qtbot.waitUntil(window.form.keyboard.isVisible, timeout=2000)
    settle()
    found = small_targets(window) + clipped_buttons(window) + wrong_size(window, size)
    window.form.hide_keyboard()
    return [f"form with keyboard: {p}" for p in found]


def idle_problems(window: KioskWindow) -> list[str]:
    window.show_page(window.content.screens[1].id)
    window.idle.fire_now()
    settle()
    card = window.idle_warning.card
    box = QRect(card.mapTo(window, card.rect().topLeft()), card.size())
    problems = [] if window.rect().contains(box) else [f"the card at {box} is outside"]
    problems += clipped_labels(window.idle_warning) + small_targets(window.idle_warning)
    window.idle_warning.cancel()
    return [f"idle warning: {p}" for p in problems]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_no_clipped_text_and_big_targets_anywhere(make_window, content, size, qtbot):
    """One window per screen size; each text size and language on every page, the form with
    its keyboard open and the idle warning."""
    window = make_window(size)
    assert window.listen_button.isVisible()  # the widest top bar: read aloud is available
    problems = []
    for look in looks(window):
        found = (
            page_problems(window, content, size)
            + keyboard_problems(window, size, qtbot)
            + idle_problems(window)
        )
        problems += [f"{look}, {p}" for p in found]
    assert problems == [], "\n".join(problems)


def test_high_contrast_at_the_largest_text_fits_too(make_window, content):
    window = make_window((1280, 800))
    window.contrast_button.click()
    while window.session.text_level != len(TEXT_LEVELS) - 1:
        window.text_size_button.click()
    problems = []
    for language in LANGUAGES:
        window.set_language(language)
        problems += [f"{language} {p}" for p in page_problems(window, content, (1280, 800))]
    assert problems == [], "\n".join(problems)


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


def test_the_form_keyboard_grows_with_the_screen(make_window):
    """At 4K the form's keys are as big on the glass as at 1080p (they stayed 64 px)."""
    heights = {}
    for size in ((1920, 1080), (3840, 2160)):
        window = make_window(size)
        window.show_page(FORM)
        heights[size] = window.form.keyboard.height()
        window.close()
    assert heights[(3840, 2160)] >= 1.9 * heights[(1920, 1080)]
