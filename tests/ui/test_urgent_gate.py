"""The form is read later, not by a doctor now: the way to it passes the warning signs once
per visit, and the form and thank-you screens say so and can show them again."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QPushButton

from kiosk.session import FORM, THANKS, URGENT
from tests.ui.conftest import SIZES, current_name
from tests.ui.test_form import fill_everything, submit, tick


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def urgent_index(content) -> int:
    return [s.id for s in content.screens].index(URGENT)


def test_jumping_from_the_welcome_screen_shows_the_warning_signs_first(
    make_window, qtbot, content
):
    window = make_window()
    click(qtbot, window.attract.request_button)
    assert current_name(window) == "screen_urgent"
    assert window.next_button.isVisible() and not window.request_button.isVisible()
    assert window.next_button.text() == content.ui_text("continue_to_form", "en")
    click(qtbot, window.next_button)  # one tap on
    assert current_name(window) == "screen_form"


def test_jumping_from_screen_two_shows_the_warning_signs_first(make_window, qtbot, content):
    window = make_window()
    window.go_next()
    window.go_next()
    assert current_name(window) == f"screen_{content.screens[2].id}"
    assert urgent_index(content) != 2
    click(qtbot, window.request_button)
    assert current_name(window) == "screen_urgent"
    click(qtbot, window.next_button)
    assert current_name(window) == "screen_form"
    click(qtbot, window.back_button)  # back from the form: the walkthrough, not a detour
    assert window.next_button.text() == content.ui_text("next", "en")


def test_back_from_the_detour_returns_to_the_screen_the_patient_left(
    make_window, qtbot, content
):
    window = make_window()
    window.go_next()
    window.go_next()
    left = current_name(window)
    click(qtbot, window.request_button)
    click(qtbot, window.back_button)
    assert current_name(window) == left
    click(qtbot, window.request_button)  # seen once: straight on now
    assert current_name(window) == "screen_form"


def test_back_from_a_detour_opened_on_the_welcome_screen_is_the_welcome_screen(
    make_window, qtbot
):
    window = make_window()
    click(qtbot, window.attract.request_button)
    click(qtbot, window.back_button)
    assert current_name(window) == "screen_attract"
    assert not window.session.urgent_seen  # back on the welcome screen: a new visit


def test_after_the_warning_signs_were_seen_the_jump_goes_straight_to_the_form(
    make_window, qtbot, content
):
    window = make_window()
    click(qtbot, window.attract.start_button)
    for _ in range(urgent_index(content) - 1):
        click(qtbot, window.next_button)
    assert current_name(window) == "screen_urgent"
    assert window.next_button.text() == content.ui_text("next", "en")  # the normal walk
    click(qtbot, window.back_button)
    click(qtbot, window.request_button)
    assert current_name(window) == "screen_form"


def test_next_from_the_last_screen_passes_the_warning_signs_if_not_yet_seen(
    make_window, qtbot, content
):
    window = make_window()
    window.show_page(content.screens[-1].id)
    click(qtbot, window.next_button)
    assert current_name(window) == "screen_urgent"
    click(qtbot, window.next_button)
    assert current_name(window) == "screen_form"


def test_start_over_forgets_that_the_warning_signs_were_seen(make_window, qtbot):
    window = make_window()
    click(qtbot, window.attract.request_button)
    click(qtbot, window.next_button)
    assert current_name(window) == "screen_form"
    click(qtbot, window.start_over_button)
    window.go_next()
    click(qtbot, window.request_button)
    assert current_name(window) == "screen_urgent"


def test_warning_signs_button_on_the_form_returns_with_every_field_intact(
    make_window, qtbot, content
):
    window = make_window()
    checklist = next(s for s in content.screens if s.items)
    window.show_page(checklist.id)
    window.pages[checklist.id].checks[checklist.items[0].id].setChecked(True)
    window.show_page(FORM)
    form = window.form
    fill_everything(window, qtbot)
    form.hide_keyboard()
    for button in (form.contact.buttons["text"], form.best_time.buttons["evening"]):
        form.scroll.ensureWidgetVisible(button)
        click(qtbot, button)
    tick(qtbot, form.include_self_check)
    tick(qtbot, form.consent)
    before = form.draft()
    assert before.include_self_check and before.consent and before.contact_method == "text"

    button = form.findChild(QPushButton, "warningSignsButton")
    form.scroll.ensureWidgetVisible(button)
    click(qtbot, button)
    assert current_name(window) == "screen_urgent"
    assert window.next_button.text() == content.ui_text("back_to_form", "en")
    click(qtbot, window.next_button)
    assert current_name(window) == "screen_form"
    assert form.draft() == before
    assert {f: e.text() for f, e in form.fields.items()} == {
        "name": "Ana O'Brien-Núñez", "phone": "2125552368",
        "email": "ana.o@example.com", "note": "Mornings are best, gracias",
    }  # fmt: skip
    button.click()
    click(qtbot, window.back_button)  # Back leads back to the form as well
    assert current_name(window) == "screen_form" and form.draft() == before


def test_warning_signs_from_the_thank_you_screen_hold_its_clock_and_come_back(
    make_window, qtbot, content
):
    window = make_window()
    window.show_page(FORM)
    fill_everything(window, qtbot)
    tick(qtbot, window.form.consent)
    submit(window, qtbot)
    assert window.screens.currentWidget() is window.thanks
    click(qtbot, window.thanks.findChild(QPushButton, "warningSignsButton"))
    assert current_name(window) == "screen_urgent"
    assert not window.thanks._timer.isActive()  # the reset waits while the signs are read
    assert window.next_button.text() == content.ui_text("back", "en")
    click(qtbot, window.next_button)
    assert window.session.current == THANKS and window.thanks._timer.isActive()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("page", [FORM, THANKS])
def test_the_urgent_line_and_its_button_show_without_scrolling(make_window, size, page, content):
    window = make_window(size)
    window.show_page(page)
    if page == THANKS:
        window.thanks.show_reference("K7Q4M2", 3600)
    QApplication.processEvents()
    notice = window.pages[page].urgent
    assert notice.note.text() == content.ui_text("urgent_note", "en")
    assert notice.isVisible() and notice.button.isVisible()
    visible = QRect(QPoint(0, 0), window.screens.size())
    for widget in (notice.note, notice.button):
        where = QRect(widget.mapTo(window.screens, QPoint(0, 0)), widget.size())
        assert visible.contains(where), f"{widget.objectName()} off screen at {size}"
    if page == FORM:
        viewport = window.form.scroll.viewport()
        where = QRect(notice.button.mapTo(viewport, QPoint(0, 0)), notice.button.size())
        assert viewport.rect().contains(where)  # not scrolled out of sight
    if size == (1920, 1080):
        assert notice.button.height() >= 64 and notice.button.width() >= 64


def test_the_urgent_line_is_in_spanish_too(make_window, qtbot, content):
    window = make_window()
    window.show_page(FORM)
    click(qtbot, window.language_button)
    assert window.form.urgent.note.text() == content.ui_text("urgent_note", "es")
    assert window.thanks.urgent.button.text() == content.ui_text("warning_signs", "es")
    assert content.ui_text("urgent_note", "es") != content.ui_text("urgent_note", "en")

