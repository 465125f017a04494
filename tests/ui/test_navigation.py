"""Walking through every screen with taps and swipes, as a patient would."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from tests.ui.conftest import current_name


def test_starts_on_attract_and_start_button_opens_first_screen(make_window, content, qtbot):
    window = make_window()
    assert current_name(window) == "screen_attract"
    assert not window.nav_bar.isVisible()
    qtbot.mouseClick(window.attract.start_button, Qt.MouseButton.LeftButton)
    assert current_name(window) == f"screen_{content.screens[1].id}"
    assert window.nav_bar.isVisible()
    total = len(content.screens) - 1
    assert window.progress_label.text() == content.ui_text("progress", "en", step=1, total=total)


def test_tap_anywhere_on_attract_starts(make_window, content, qtbot):
    window = make_window()
    qtbot.mouseClick(window.attract, Qt.MouseButton.LeftButton, pos=QPoint(40, 40))
    assert current_name(window) == f"screen_{content.screens[1].id}"


def test_next_visits_every_screen_in_order_then_the_form(make_window, content, qtbot):
    window = make_window()
    visited = [current_name(window)]
    qtbot.mouseClick(window.attract.start_button, Qt.MouseButton.LeftButton)
    visited.append(current_name(window))
    for _ in content.screens[2:]:
        qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)
        visited.append(current_name(window))
    assert visited == [f"screen_{s.id}" for s in content.screens]
    qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)
    assert current_name(window) == "screen_form"
    assert not window.next_button.isVisible()


def test_back_returns_and_back_from_first_screen_is_the_welcome(make_window, content, qtbot):
    window = make_window()
    window.go_next()
    window.go_next()
    qtbot.mouseClick(window.back_button, Qt.MouseButton.LeftButton)
    assert current_name(window) == f"screen_{content.screens[1].id}"
    qtbot.mouseClick(window.back_button, Qt.MouseButton.LeftButton)
    assert current_name(window) == "screen_attract"


def test_start_over_from_the_middle_forgets_ticks(make_window, content, qtbot):
    window = make_window()
    checklist = next(s for s in content.screens if s.items)
    window.show_page(checklist.id)
    page = window.pages[checklist.id]
    first = page.checks[checklist.items[0].id]
    qtbot.mouseClick(first, Qt.MouseButton.LeftButton, pos=QPoint(20, first.height() // 2))
    assert window.session.ticked == {checklist.items[0].id}
    qtbot.mouseClick(window.start_over_button, Qt.MouseButton.LeftButton)
    assert current_name(window) == "screen_attract"
    assert window.session.ticked == set()
    assert not first.isChecked()


def swipe(qtbot, widget, dx: int) -> None:
    start = QPoint(widget.width() // 2, widget.height() // 2)
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=start + QPoint(dx, 10))


def test_swipe_left_goes_forward_and_right_goes_back(make_window, content, qtbot):
    window = make_window()
    window.go_next()
    page = window.screens.currentWidget()
    swipe(qtbot, page.title, -400)
    assert current_name(window) == f"screen_{content.screens[2].id}"
    swipe(qtbot, window.screens.currentWidget().title, 400)
    assert current_name(window) == f"screen_{content.screens[1].id}"


def test_short_drag_is_not_a_swipe(make_window, content, qtbot):
    window = make_window()
    window.go_next()
    swipe(qtbot, window.screens.currentWidget().title, -40)
    assert current_name(window) == f"screen_{content.screens[1].id}"


def test_request_button_opens_the_form_from_any_screen(make_window, qtbot):
    window = make_window()
    window.go_next()
    window.go_next()
    qtbot.mouseClick(window.request_button, Qt.MouseButton.LeftButton)
    assert current_name(window) == "screen_urgent"  # the warning signs come first
    qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)
    assert current_name(window) == "screen_form"
    qtbot.mouseClick(window.back_button, Qt.MouseButton.LeftButton)
    assert current_name(window) != "screen_form"


def test_language_button_switches_text_and_keeps_the_place(make_window, content, qtbot):
    window = make_window()
    window.go_next()
    window.go_next()
    place = current_name(window)
    page = window.screens.currentWidget()
    english = page.title.text()
    qtbot.mouseClick(window.language_button, Qt.MouseButton.LeftButton)
    assert current_name(window) == place
    assert page.title.text() == content.screens[2].title.get("es") != english
    assert window.next_button.text() == content.ui_text("next", "es")


def test_next_slides_the_new_page_in_and_it_settles(make_window, content, qtbot):
    window = make_window()
    window.go_next()
    window.go_next()
    page = window.screens.currentWidget()
    assert page.x() > 0  # starts a little to the right: moving forward
    qtbot.waitUntil(lambda: page.pos().isNull(), timeout=2000)
    window.go_back()
    previous = window.screens.currentWidget()
    assert previous.x() < 0  # going back comes from the left
    window.go_next()  # a quick tap mid-slide puts the sliding page in place at once
    assert previous.pos().isNull()


def test_the_welcome_screen_also_leads_to_the_form(make_window, qtbot):
    window = make_window()
    qtbot.mouseClick(window.attract.request_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)  # past the warning signs
    assert current_name(window) == "screen_form"
    window.idle.fire_now()  # the idle timer runs: a half-filled form will not be left behind
    assert window.idle_warning.isVisible()
