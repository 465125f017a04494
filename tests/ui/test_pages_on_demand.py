"""Pages built on demand look and behave like pages built in the idle turns after the first
paint: the same focus policy and tab order, and no page keeps an old look after a restyle."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from kiosk.content.model import Theme
from kiosk.context import build_context
from kiosk.ui.app import kiosk_window
from kiosk.ui.window import KioskWindow
from tests.support.speech import bilingual_reader


def describe(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, QAbstractButton) else ""
    return f"{widget.metaObject().className()}:{widget.objectName()}:{text}"


def tab_sequence(window: KioskWindow) -> list[str]:
    """Every Tab stop from the first tool of the top bar round to it again."""
    stops, widget = [], window.listen_button
    for _ in range(5000):
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            stops.append(describe(widget))
        widget = widget.nextInFocusChain()
        if widget is window.listen_button:
            return stops
    raise AssertionError("the focus chain does not come back round")


def focus_policies(window: KioskWindow) -> list[tuple[str, Qt.FocusPolicy]]:
    buttons = [b for page in window.pages.values() for b in page.findChildren(QAbstractButton)]
    return sorted((describe(button), button.focusPolicy()) for button in buttons)


def unshown_window(qtbot, content, tmp_path) -> KioskWindow:
    """A window that was never painted, so no idle turn has built anything yet."""
    context = build_context(content, tmp_path / "late")
    window = kiosk_window(context, reader=bilingual_reader())
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    return window


def test_only_the_welcome_screen_exists_before_the_first_paint(qtbot, content, tmp_path):
    window = unshown_window(qtbot, content, tmp_path)
    assert list(window.pages) == [content.screens[0].id]
    assert window.findChild(QWidget, "pinPad") is None  # the staff area: when first opened
    window.open_staff_area()
    assert window.findChild(QWidget, "staffArea") is not None


def test_the_idle_turns_after_the_first_paint_build_every_page(qtbot, content, tmp_path):
    window = unshown_window(qtbot, content, tmp_path)
    window.show()
    qtbot.waitUntil(lambda: len(window.pages) == len(window.page_order), timeout=10000)
    assert window.screens.currentWidget().objectName() == "screen_attract"


def test_building_pages_while_the_window_is_shown_never_opens_another_window(
    qtbot, content, tmp_path
):
    """No part of a page may show itself before it has a parent: it would flash up as a
    window of its own and take the kiosk window's focus (and the field's cursor)."""
    window = unshown_window(qtbot, content, tmp_path)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    window.build_all_pages()
    QApplication.processEvents()
    assert [w for w in QApplication.topLevelWidgets() if w.isVisible()] == [window]
    assert window.isActiveWindow()


def test_a_page_built_on_demand_gets_the_same_focus_and_tab_order(make_window, qtbot, content,
                                                                  tmp_path):  # fmt: skip
    early = make_window()  # every page built after the first paint, in order
    late = unshown_window(qtbot, content, tmp_path)
    for page_id in reversed(late.page_order):  # each built on demand, last first
        late.page(page_id)
    late.show()
    qtbot.waitExposed(late)
    assert focus_policies(late) == focus_policies(early)
    assert not [p for p in focus_policies(late) if p[1] == Qt.FocusPolicy.StrongFocus]
    assert tab_sequence(late) == tab_sequence(early)


def label_colours(page: QWidget) -> set[str]:
    colours = set()
    for label in page.findChildren(QLabel):
        label.ensurePolished()
        colours.add(label.palette().color(QPalette.ColorRole.WindowText).name())
    return colours


def theme_colours(theme: Theme) -> set[str]:
    return {QColor(value).name() for value in vars(theme).values()}


def test_contrast_leaves_no_page_with_the_old_colours(qtbot, content, tmp_path):
    window = unshown_window(qtbot, content, tmp_path)
    window.show()
    qtbot.waitExposed(window)
    built_before = [window.page(page_id) for page_id in window.page_order[:3]]
    window.set_high_contrast(True)
    QApplication.processEvents()
    later = [window.page(page_id) for page_id in window.page_order[3:]]  # built after it
    old_only = theme_colours(content.theme) - theme_colours(content.high_contrast)
    high = theme_colours(content.high_contrast)
    qtbot.waitUntil(lambda: all(label_colours(page) <= high for page in window.pages.values()),
                    timeout=10000)  # fmt: skip
    for page in [*built_before, *later]:
        assert not label_colours(page) & old_only, page.objectName()
    window.start_over()  # back to the standard colours, everywhere
    standard = theme_colours(content.theme)
    qtbot.waitUntil(
        lambda: all(label_colours(page) <= standard for page in window.pages.values()),
        timeout=10000,
    )


def test_text_size_reaches_pages_off_screen_before_they_show(make_window, qtbot, content):
    window = make_window()
    title = window.page(content.screens[-1].id).title
    before = title.font().pixelSize()
    window.next_text_level()
    window.next_text_level()
    window.show_page(content.screens[-1].id)
    assert title.font().pixelSize() > before
