"""The consultation form as a patient uses it: typing on the in-app keyboard, errors, consent."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from kiosk.requests.model import ContactMethod
from kiosk.requests.store import SqliteRequestStore
from kiosk.session import FORM
from tests.support.typing import type_text


def open_field(window, qtbot, field: str):
    edit = window.form.fields[field]
    window.form.scroll.ensureWidgetVisible(edit)
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton, pos=QPoint(10, edit.height() // 2))
    qtbot.waitUntil(window.form.keyboard.isVisible, timeout=2000)
    return edit


def test_typing_on_the_keyboard_keeps_focus_and_cursor_in_the_field(make_window, qtbot):
    window = make_window()
    window.show_page(FORM)
    edit = open_field(window, qtbot, "name")
    type_text(window.form.keyboard, "José Núñez")
    assert edit.text() == "José Núñez"
    assert QApplication.focusWidget() is edit  # a physical keyboard would type here too
    qtbot.keyClicks(edit, " Jr")
    assert edit.text() == "José Núñez Jr"


def fill_everything(window, qtbot) -> None:
    """Type each text field on the on-screen keyboard, as a patient would."""
    for field, text in (
        ("name", "Ana O'Brien-Núñez"),
        ("phone", "2125552368"),
        ("email", "ana.o@example.com"),
        ("note", "Mornings are best, gracias"),
    ):
        open_field(window, qtbot, field)
        type_text(window.form.keyboard, text)


def tick(qtbot, box) -> None:
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(10, box.height() // 2))


def submit(window, qtbot) -> None:
    window.form.hide_keyboard()
    window.form.scroll.ensureWidgetVisible(window.form.submit_button)
    QApplication.processEvents()
    qtbot.mouseClick(window.form.submit_button, Qt.MouseButton.LeftButton)


def test_all_fields_typed_on_the_keyboard_are_saved_normalised(make_window, qtbot, tmp_path):
    window = make_window()
    window.show_page(FORM)
    fill_everything(window, qtbot)
    assert window.form.fields["email"].text() == "ana.o@example.com"
    tick(qtbot, window.form.consent)
    submit(window, qtbot)
    assert window.screens.currentWidget() is window.thanks
    (saved,) = window.form.store.list()
    assert (saved.name, saved.phone, saved.email) == (
        "Ana O'Brien-Núñez",
        "+12125552368",
        "ana.o@example.com",
    )
    assert saved.note == "Mornings are best, gracias"
    assert saved.reference_code in window.thanks.reference.text()
    assert saved.name not in window.thanks.reference.text()


def test_nothing_is_saved_without_consent(make_window, qtbot, content):
    window = make_window()
    window.show_page(FORM)
    fill_everything(window, qtbot)
    submit(window, qtbot)
    error = window.findChild(type(window.form.save_error), "consentError")
    assert error.isVisible()
    assert error.text() == content.form_text("error_consent", "en")
    assert window.form.store.list() == []
    assert window.screens.currentWidget() is window.form


def test_phone_or_email_is_required_and_errors_sit_by_their_field(make_window, qtbot, content):
    window = make_window()
    window.show_page(FORM)
    open_field(window, qtbot, "name")
    type_text(window.form.keyboard, "Li")
    tick(qtbot, window.form.consent)
    submit(window, qtbot)
    phone_error = window.findChild(type(window.form.save_error), "phoneError")
    assert phone_error.text() == content.form_text("error_phone_or_email", "en")
    assert QApplication.focusWidget() is window.form.fields["phone"]
    type_text(window.form.keyboard, "12345")
    assert not phone_error.isVisible()  # typing clears the stale message
    submit(window, qtbot)
    expected = content.form_text("error_phone_invalid", "en", digits=10)
    assert phone_error.text() == expected and "10" in expected
    assert window.form.store.list() == []


def test_a_failed_save_keeps_every_answer_and_asks_for_the_front_desk(
    make_window, qtbot, content, tmp_path
):
    import sqlite3

    window = make_window()
    window.show_page(FORM)
    fill_everything(window, qtbot)
    tick(qtbot, window.form.consent)
    blocker = sqlite3.connect(tmp_path / "data" / "requests.sqlite3", isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")  # another writer holds the database: a locked save
    try:
        submit(window, qtbot)
        assert window.form.save_error.isVisible()
        assert window.form.save_error.text() == content.form_text("save_failed", "en")
        assert window.screens.currentWidget() is window.form
        assert window.form.fields["name"].text() == "Ana O'Brien-Núñez"
        assert window.form.consent.isChecked()
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    submit(window, qtbot)  # the patient (or the front desk) tries again: it goes through
    assert window.screens.currentWidget() is window.thanks
    assert len(window.form.store.list()) == 1


def assert_no_trace_of_the_patient(window) -> None:
    from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit

    edits = window.findChildren(QLineEdit)
    assert all(edit.text() == "" for edit in edits)
    # Nothing to bring back either (QLineEdit.clear() can be undone: Ctrl+Z gave the name back).
    assert not any(edit.isUndoAvailable() or edit.isRedoAvailable() for edit in edits)
    assert not any(box.isChecked() for box in window.findChildren(QCheckBox))
    errors = [label for label in window.findChildren(QLabel) if label.property("role") == "error"]
    assert not any(label.isVisible() for label in errors)
    assert "O'Brien" not in window.thanks.reference.text()
    assert window.form.keyboard.target() is None and not window.form.keyboard.isVisible()
    assert QApplication.clipboard().text() == ""
    assert window.screens.currentWidget() is window.attract


def test_start_over_wipes_the_form(make_window, qtbot):
    window = make_window()
    window.show_page(FORM)
    fill_everything(window, qtbot)
    QApplication.clipboard().setText("Ana O'Brien-Núñez")
    submit(window, qtbot)  # no consent: errors are showing
    window.start_over_button.click()
    assert_no_trace_of_the_patient(window)


def test_thank_you_screen_times_out_and_wipes(make_window, qtbot):
    window = make_window()
    window.show_page(FORM)
    fill_everything(window, qtbot)
    tick(qtbot, window.form.consent)
    submit(window, qtbot)
    assert window.screens.currentWidget() is window.thanks
    window.thanks.show_reference(window.form.store.list()[0].reference_code, 0)  # time is up
    qtbot.waitUntil(lambda: window.screens.currentWidget() is window.attract, timeout=3000)
    assert_no_trace_of_the_patient(window)


def test_idle_reset_wipes_the_form(make_window, qtbot):
    window = make_window()
    window.show_page(FORM)
    fill_everything(window, qtbot)
    window.idle_warning.tick_interval_ms = 5
    window.idle.fire_now()
    qtbot.waitUntil(lambda: window.screens.currentWidget() is window.attract, timeout=3000)
    assert_no_trace_of_the_patient(window)


def type_into(window, qtbot, **fields: str) -> None:
    for field, text in fields.items():
        open_field(window, qtbot, field)
        type_text(window.form.keyboard, text)


@pytest.mark.parametrize(
    ("fields", "method", "phone", "email"),
    [
        ({"email": "ana.o@example.com"}, ContactMethod.EMAIL, None, "ana.o@example.com"),
        ({"phone": "2125552368"}, ContactMethod.CALL, "+12125552368", None),
    ],
)
def test_email_only_and_phone_only_requests_save_without_a_contact_choice(
    make_window, qtbot, tmp_path, fields, method, phone, email
):
    """The patient never touches "How should we contact you?": the choice follows what they
    gave, shows it, and the request is saved into the real SQLite file."""
    window = make_window()
    window.show_page(FORM)
    type_into(window, qtbot, name="Ana", **fields)
    assert window.form.contact.value() == method.value  # shown before sending
    tick(qtbot, window.form.consent)
    submit(window, qtbot)
    assert window.screens.currentWidget() is window.thanks
    window.form.store.close()
    with SqliteRequestStore(tmp_path / "data" / "requests.sqlite3") as store:
        (saved,) = store.list()
    assert (saved.contact_method, saved.phone, saved.email) == (method, phone, email)


def test_a_contact_choice_the_patient_made_is_kept_and_explained(make_window, qtbot, content):
    window = make_window()
    window.show_page(FORM)
    type_into(window, qtbot, name="Ana", email="ana.o@example.com")
    window.form.hide_keyboard()
    text_button = window.form.contact.buttons["text"]
    window.form.scroll.ensureWidgetVisible(text_button)
    qtbot.mouseClick(text_button, Qt.MouseButton.LeftButton)
    tick(qtbot, window.form.consent)
    submit(window, qtbot)
    phone_error = window.findChild(type(window.form.save_error), "phoneError")
    assert phone_error.text() == content.form_text("error_phone_required", "en")
    assert window.form.store.list() == []


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("number", ["1235550100", "9115550100"])
def test_an_unassigned_area_code_asks_to_check_the_area_code(
    make_window, qtbot, content, language, number
):
    window = make_window()
    window.show_page(FORM)
    if language != "en":
        window.set_language(language)
    type_into(window, qtbot, name="Li", phone=number)
    tick(qtbot, window.form.consent)
    submit(window, qtbot)
    phone_error = window.findChild(type(window.form.save_error), "phoneError")
    assert phone_error.text() == content.form_text("error_phone_area_code", language)
    assert "10" not in phone_error.text()
    assert window.form.store.list() == []
