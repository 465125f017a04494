"""What Qt hands a screen reader, checked in this process (where no AT-SPI bus runs, this
is what tests/ui/test_atspi.py checks live): drawings are images named by their words,
progress is "Step n of m", errors are alerts that say what is wrong."""

from __future__ import annotations

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QWidget

from kiosk.session import FORM
from kiosk.ui.widgets.illustration import Illustration


def interface(widget: QWidget):
    return QAccessible.queryAccessibleInterface(widget)


def test_every_drawing_is_an_image_named_by_its_caption(make_window, content):
    window = make_window()
    for language in ("en", "es"):
        window.set_language(language)
        for screen in content.screens:
            page = window.page(screen.id)
            for drawing in page.findChildren(Illustration):
                face = interface(drawing)
                assert face.role() == QAccessible.Role.Graphic, screen.id
                assert face.text(QAccessible.Text.Name) == screen.caption.get(language)
    logo = interface(window.logo)
    assert (logo.role(), logo.text(QAccessible.Text.Name)) == (
        QAccessible.Role.Graphic, content.clinic.name)  # fmt: skip


def test_progress_says_step_n_of_m(make_window, content):
    window = make_window()
    window.go_next()
    bar = interface(window.progress_bar)
    total = len(content.screens) - 1
    assert bar.role() == QAccessible.Role.ProgressBar
    assert bar.text(QAccessible.Text.Name) == f"Step 1 of {total}"
    window.set_language("es")
    assert bar.text(QAccessible.Text.Name) == f"Paso 1 de {total}"


def test_errors_are_alerts_with_their_words(make_window, content):
    window = make_window()
    window.show_page(FORM)
    window.form.submit()
    shown = [label for label in window.form.errors.values() if label.isVisibleTo(window)]
    assert shown
    for label in shown:
        face = interface(label)
        assert face.role() == QAccessible.Role.AlertMessage
        assert face.text(QAccessible.Text.Name) == label.text() != ""


def test_the_qr_code_is_an_image_named_by_its_address(make_window, content):
    window = make_window()
    page = window.page(content.screens[-1].id)
    face = interface(page.take_home.qr)
    assert face.role() == QAccessible.Role.Graphic
    assert content.clinic.web_page in face.text(QAccessible.Text.Name)
