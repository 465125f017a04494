"""Lowered controls ("Lower" tile): at each supported size and in both languages every
control a patient can touch is in the lower half of the screen, none is cut off, and every
target is still at least 64 px; the choice lasts the visit."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QScrollArea, QWidget

from kiosk.session import FORM, THANKS
from kiosk.ui.theme import TEXT_LEVELS
from tests.ui.conftest import SIZES
from tests.ui.test_layout import (
    LANGUAGES,
    clipped_buttons,
    clipped_labels,
    settle,
    small_targets,
    wrong_size,
)


def window_rect(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def scroll_viewport(widget: QWidget, window: QWidget) -> QRect | None:
    """The visible part of the scroll area holding `widget`, if any."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return window_rect(parent.viewport(), window)
        parent = parent.parentWidget()
    return None


def high_controls(window: QWidget) -> list[str]:
    """Visible controls whose centre is in the upper half (or, inside a scroll area, whose
    scroll area reaches into it); controls scrolled out of view are where a drag brings
    them: inside that scroll area."""
    half = window.height() / 2
    problems = []
    controls = [*window.findChildren(QAbstractButton), *window.findChildren(QLineEdit)]
    for control in controls:
        if not control.isVisibleTo(window):
            continue
        box = window_rect(control, window)
        viewport = scroll_viewport(control, window)
        if viewport is not None:
            if viewport.top() < half:
                problems.append(f"{control.objectName()}: its scroll area starts at "
                                f"{viewport.top()}")  # fmt: skip
            continue
        if box.center().y() < half:
            name = control.objectName() or control.text()
            problems.append(f"{name!r}: centre at y={box.center().y()}, above {half:.0f}")
    return problems


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_control_is_low_whole_and_big(make_window, content, size, qtbot):
    window = make_window(size)
    window.go_next()
    window.lower_button.click()
    assert window.session.low_controls and window.lower_button.isChecked()
    problems = []
    for language in LANGUAGES:
        window.set_language(language)
        for page in [s.id for s in content.screens] + [FORM, THANKS]:
            window.show_page(page)
            if page == THANKS:
                window.thanks.show_reference("K7Q4M2", 3600)
            settle()
            found = (
                high_controls(window)
                + clipped_labels(window)
                + clipped_buttons(window)
                + small_targets(window)
                + wrong_size(window, size)
            )
            problems += [f"{language} {page}: {p}" for p in found]
        window.show_page(content.screens[1].id)
        window.idle.fire_now()
        settle()
        button = window.idle_warning.button
        if window_rect(button, window).center().y() < window.height() / 2:
            problems.append(f"{language} idle warning: {button.objectName()} is high")
        window.idle_warning.cancel()
    assert problems == [], "\n".join(problems)


def keys_above_the_middle(window: QWidget) -> list[str]:
    """On-screen keys any part of which is above the window's middle, in global coordinates
    (the keyboard is a child of the form, inside the page stack, inside the window)."""
    middle = window.mapToGlobal(QPoint(0, window.height() // 2)).y()
    problems = []
    for key in window.form.keyboard.findChildren(QAbstractButton):
        if key.isVisibleTo(window):
            top = key.mapToGlobal(QPoint(0, 0)).y()
            if top < middle:
                problems.append(f"key {key.accessibleName()!r}: top at {top}, above {middle}")
    return problems


def hidden_field(window: QWidget, field: QLineEdit) -> list[str]:
    viewport = scroll_viewport(field, window)
    box = window_rect(field, window)
    if viewport is not None and viewport.contains(box):
        return []
    return [f"{field.objectName()} at {box} is not wholly in view ({viewport})"]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_typing_keeps_keys_and_field_low(make_window, size, qtbot):
    """The keyboard up with lowered controls: every key and every other control in the lower
    half, at every text size, and the field being typed in wholly in view."""
    window = make_window(size)
    window.go_next()
    window.lower_button.click()
    problems = []
    for level in range(len(TEXT_LEVELS)):
        while window.session.text_level != level:
            window.text_size_button.click()
        for language in LANGUAGES:
            window.set_language(language)
            window.show_page(FORM)
            for name, field in window.form.fields.items():
                window.form.hide_keyboard()  # each field from the form's top, keyboard down
                window.form.scroll.scroll_to_top()
                settle()
                field.setFocus()
                qtbot.waitUntil(window.form.keyboard.isVisible, timeout=2000)
                settle()
                found = (
                    keys_above_the_middle(window)
                    + high_controls(window)
                    + hidden_field(window, field)
                    + clipped_labels(window)
                    + clipped_buttons(window)
                    + small_targets(window)
                    + wrong_size(window, size)
                )
                problems += [f"size {level} {language} {name}: {p}" for p in found]
            window.form.hide_keyboard()
            settle()
            found = high_controls(window) + wrong_size(window, size)  # the nav bar is back
            problems += [f"size {level} {language} keyboard hidden: {p}" for p in found]
    assert problems == [], "\n".join(problems)


def test_the_controls_return_to_their_places_at_start_over(make_window, content, qtbot):
    window = make_window()
    window.go_next()
    window.lower_button.click()
    assert window.reach_panel.isVisible()
    assert window.reach_panel.title.text() == content.screens[1].title.get("en")
    window.start_over()
    settle()
    assert not window.session.low_controls and not window.reach_panel.isVisible()
    assert window_rect(window.listen_button, window).center().y() < window.height() / 4
    assert not window.lower_button.isChecked()


def test_without_lowering_the_top_bar_is_high(make_window, qtbot):
    """Guards the guard: the ordinary layout has tiles in the upper half."""
    window = make_window()
    window.go_next()
    settle()
    assert any("textSizeButton" in p for p in high_controls(window))
