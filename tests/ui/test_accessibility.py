"""Seeing and operating the kiosk: text size, high contrast, shapes that carry meaning,
names for assistive technology, and full use with Tab, Enter and Space alone."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAccessible, QColor, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QLineEdit,
    QProgressBar,
    QWidget,
)

from kiosk.session import FORM
from kiosk.ui.widgets.illustration import Illustration
from tests.support.typing import tap, type_text
from tests.ui.conftest import current_name


def body_font_px(window) -> int:
    label = next(
        label
        for label in window.screens.currentWidget().findChildren(QLabel)
        if label.property("role") == "body" and label.isVisible()
    )
    return label.fontInfo().pixelSize()


def pixel(window, point: QPoint) -> str:
    return QColor(window.grab().toImage().pixel(point)).name().upper()


def test_text_size_cycles_three_levels_and_everything_grows(make_window, content, qtbot):
    window = make_window((1280, 800))
    window.go_next()
    sizes = [body_font_px(window)]
    for _ in range(3):
        qtbot.mouseClick(window.text_size_button, Qt.MouseButton.LeftButton)
        sizes.append(body_font_px(window))
    assert sizes[0] < sizes[1] < sizes[2] and sizes[3] == sizes[0]  # largest, then normal
    assert window.text_size_button.accessibleDescription() == content.ui_text(
        "text_size_state", "en", level=1, count=3
    )


def test_high_contrast_really_paints_the_high_contrast_colours(make_window, content, qtbot):
    window = make_window()
    window.go_next()
    page = window.screens.currentWidget()
    empty = page.mapTo(window, QPoint(page.width() - 3, page.height() - 3))  # page background
    assert pixel(window, empty) == content.theme.background.upper()
    qtbot.mouseClick(window.contrast_button, Qt.MouseButton.LeftButton)
    assert window.contrast_button.isChecked()
    assert pixel(window, empty) == content.high_contrast.background.upper()
    title = page.title.palette().color(page.title.foregroundRole()).name().upper()
    assert title == content.high_contrast.text.upper()
    qtbot.mouseClick(window.contrast_button, Qt.MouseButton.LeftButton)
    assert pixel(window, empty) == content.theme.background.upper()


def test_text_size_and_contrast_belong_to_one_visit(make_window, content, qtbot):
    window = make_window()
    window.go_next()
    normal = body_font_px(window)
    window.text_size_button.click()
    window.contrast_button.click()
    window.start_over()
    window.go_next()
    assert body_font_px(window) == normal
    assert not window.contrast_button.isChecked()
    page = window.screens.currentWidget()
    corner = page.mapTo(window, QPoint(page.width() - 3, page.height() - 3))
    assert pixel(window, corner) == content.theme.background.upper()


def inked_pixels(image: QImage) -> int:
    """Pixels unlike the corner one: how much of the icon is drawn."""
    blank = image.pixel(0, 0)
    return sum(
        1 for x in range(image.width()) for y in range(image.height()) if image.pixel(x, y) != blank
    )


def test_the_chosen_answer_shows_a_tick_not_only_a_colour(make_window):
    window = make_window()
    window.show_page(FORM)
    choice = window.form.contact
    chosen, other = choice.buttons["call"], choice.buttons["text"]

    def ink(button: QAbstractButton) -> int:
        return inked_pixels(button.icon().pixmap(48).toImage())

    assert chosen.isChecked() and ink(chosen) > 2 * ink(other)  # a filled tick, a hollow ring
    other.click()
    assert ink(other) > 2 * ink(chosen)


def test_a_ticked_box_shows_a_tick(make_window, content, qtbot):
    """In the standard theme the tick is white on the filled box: without it, no white."""
    window = make_window()
    window.show_page("self_check")
    box = next(iter(window.pages["self_check"].checks.values()))
    white = QColor(content.theme.on_primary).rgb()

    def white_pixels() -> int:
        image = box.grab().toImage()
        inner = range(10, min(image.width(), image.height()) - 10)
        return sum(1 for x in inner for y in inner if image.pixel(x, y) == white)

    box.setChecked(True)
    assert white_pixels() > 20


def accessible_name(widget: QWidget) -> str:
    return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)


def test_every_control_and_picture_has_a_name_for_screen_readers(make_window, content):
    window = make_window()
    kinds = (QAbstractButton, QLineEdit, QProgressBar, Illustration)
    missing = []
    for page in [s.id for s in content.screens] + [FORM]:
        window.show_page(page)
        missing += [
            f"{page}: {widget.objectName() or type(widget).__name__}"
            for widget in window.findChildren(QWidget)
            if isinstance(widget, kinds)
            and widget.isVisibleTo(window)
            and not accessible_name(widget).strip()
        ]
    assert missing == []
    assert accessible_name(window.progress_bar) == window.progress_label.text()
    picture = window.pages["stenosis"].picture
    assert accessible_name(picture) == content.screen("stenosis").caption.get("en")


def test_a_field_error_is_read_with_the_field(make_window, content):
    window = make_window()
    window.show_page(FORM)
    window.form.submit()
    name = window.form.fields["name"]
    assert name.accessibleDescription() == window.form.errors["name"].text() != ""


def tab_through(window, count: int) -> list[QWidget]:
    """Press Tab `count` times as a keyboard or a switch does; the controls focused."""
    focused = []
    for _ in range(count):
        QTest.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Tab)
        focused.append(QApplication.focusWidget())
    return focused


def test_the_welcome_screen_starts_with_enter(make_window):
    window = make_window()
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_Return)
    assert current_name(window) == "screen_stenosis"


def test_tab_goes_top_bar_then_page_then_nav_bar(make_window, qtbot):
    window = make_window()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    window.go_next()
    order = tab_through(window, 11)
    top = ["textSizeButton", "contrastButton", "languageButton", "lowerButton", "volumeButton",
           "listenButton"]  # as they sit, left to right (Repeat shows in listening mode only)
    nav = ["backButton", "startOverButton", "requestButton", "nextButton"]
    assert [widget.objectName() for widget in order[:6]] == top
    assert [widget.objectName() for widget in order[-4:]] == nav
    page = window.screens.currentWidget()
    assert order[6:-4] and all(page.isAncestorOf(widget) for widget in order[6:-4])


def test_enter_and_space_press_the_focused_button(make_window, qtbot):
    window = make_window()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    window.go_next()
    while QApplication.focusWidget() is not window.next_button:
        QTest.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Tab)
    QTest.keyClick(window.next_button, Qt.Key.Key_Return)
    assert current_name(window) == "screen_self_check"
    window.next_button.setFocus(Qt.FocusReason.TabFocusReason)
    QTest.keyClick(window.next_button, Qt.Key.Key_Space)
    assert current_name(window) == "screen_urgent"


def test_enter_ticks_a_box(make_window, qtbot):
    window = make_window()
    window.show_page("self_check")
    box = next(iter(window.pages["self_check"].checks.values()))
    box.setFocus(Qt.FocusReason.TabFocusReason)
    QTest.keyClick(box, Qt.Key.Key_Return)
    assert box.isChecked()


def ring_colour(window) -> str:
    ring = window.focus_ring
    left_middle = ring.mapTo(window, QPoint(2, ring.height() // 2))
    return pixel(window, left_middle)


def test_the_focus_ring_shows_for_keys_in_both_themes_and_not_after_a_tap(
    make_window, content, qtbot
):
    window = make_window()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    window.go_next()
    for theme in (content.theme, content.high_contrast):
        while QApplication.focusWidget() is not window.next_button:
            QTest.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Tab)
        assert window.focus_ring.isVisible() and window.focus_ring.target() is window.next_button
        ring = window.focus_ring.geometry()
        assert ring.contains(window.next_button.geometry().translated(
            window.next_button.mapTo(window, QPoint(0, 0)) - window.next_button.pos()
        ))  # fmt: skip
        assert ring_colour(window) == theme.accent.upper()
        window.contrast_button.click()
    tap(window.pages[window.session.current].title)
    assert not window.focus_ring.isVisible()


def test_changing_language_mid_form_keeps_what_was_typed(make_window, content, qtbot):
    window = make_window()
    window.show_page(FORM)
    name = window.form.fields["name"]
    window.form.scroll.ensureWidgetVisible(name)
    qtbot.mouseClick(name, Qt.MouseButton.LeftButton, pos=QPoint(10, name.height() // 2))
    qtbot.waitUntil(window.form.keyboard.isVisible, timeout=2000)
    type_text(window.form.keyboard, "Ana Núñez")
    window.form.hide_keyboard()
    qtbot.mouseClick(window.language_button, Qt.MouseButton.LeftButton)
    assert name.text() == "Ana Núñez"
    assert window.form.labels["name"].text() == content.form_text("name_label", "es")
    assert window.form.title.text() == content.form_text("title", "es")
