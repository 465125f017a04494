"""Take this home: the QR code holds the clinic's address (module for module what segno
encodes), the address is written under it, and the printed page (PDF, PNG, a PDF printer)
has the warning signs and the reference code but never the patient's name."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import segno
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter

from kiosk.paths import bundle_root
from kiosk.session import FORM, THANKS
from kiosk.summary import build_summary
from kiosk.ui.take_home import (
    QUIET_ZONE,
    TakeHome,
    has_printer,
    print_summary,
    write_pdf,
    write_png,
)

NAME = "Zoltan Quixwell"


def read_matrix(image: QImage, modules: int) -> list[list[bool]]:
    """The dark modules seen in a drawn code: the colour at each module's centre."""
    side = image.width() / (modules + 2 * QUIET_ZONE)
    return [
        [
            QImage.pixelColor(image, round((QUIET_ZONE + column + 0.5) * side),
                              round((QUIET_ZONE + row + 0.5) * side)).lightness() < 128
            for column in range(modules)
        ]
        for row in range(modules)
    ]  # fmt: skip


def pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils, scripts/system-deps test) is not installed")
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True, timeout=60)  # fmt: skip
    return " ".join(done.stdout.split())


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_last_screen_shows_a_code_that_reads_as_the_clinic_address(
    make_window, content, qtbot, language
):
    window = make_window()
    window.set_language(language)
    last = content.screens[-1].id
    window.show_page(last)
    part = window.pages[last].take_home
    assert part is not None and part.isVisibleTo(window)
    address = content.clinic.web_page
    assert address.startswith("https://")
    assert part.address.text() == address
    assert part.heading.text() == content.ui_text("take_home", language)
    expected = [[bool(m) for m in row] for row in segno.make(address, error="m").matrix]
    image = part.qr.grab().toImage()
    assert image.width() == image.height() >= 21 + 2 * QUIET_ZONE
    assert read_matrix(image, len(expected)) == expected
    assert address in window.pages[last].spoken_text()


def test_no_printer_hides_the_print_choice(make_window, qtbot):
    if has_printer():
        pytest.skip("this computer has a printer configured")
    window = make_window()
    window.show_page(THANKS)
    assert not window.thanks.take_home.print_button.isVisibleTo(window)


def test_the_printed_page_has_the_signs_and_the_code_never_the_name(
    make_window, content, qtbot, tmp_path
):
    """A real request is sent with a name; the thank-you's page has its code, no name."""
    window = make_window()
    window.show_page(FORM)
    form = window.form
    qtbot.mouseClick(form.fields["name"], Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    qtbot.keyClicks(form.fields["name"], NAME)
    qtbot.keyClicks(form.fields["phone"], "2125550123")
    form.consent.setChecked(True)
    form.submit()
    assert window.session.page == THANKS
    code = window.thanks._code
    summary = window.thanks.take_home.summary()
    pdf = tmp_path / "page.pdf"
    write_pdf(pdf, summary, content.clinic.phone_region)
    text = pdf_text(pdf)
    for sign in content.screen("urgent").bullets.get("en"):
        assert " ".join(sign.split()) in text
    assert content.clinic.phone in text and code in text
    assert "Zoltan" not in text and "Quixwell" not in text and "2125550123" not in text
    png = tmp_path / "page.png"
    write_png(png, summary, content.clinic.phone_region)
    assert QImage(str(png)).height() > QImage(str(png)).width() > 1000  # a portrait page


def test_the_spanish_page_is_in_spanish_and_without_a_code_before_a_request(content, tmp_path):
    summary = build_summary(content, "es")
    assert summary.reference == ""
    pdf = tmp_path / "hoja.pdf"
    write_pdf(pdf, summary, "US")
    text = pdf_text(pdf)
    assert content.screen("urgent").title.get("es") in text
    assert content.ui_text("summary_note", "es") in text


def test_printing_draws_the_same_page_on_a_printer(qapp, content, tmp_path):
    """A PDF printer stands in for a real one: the same drawing reaches it."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert print_summary(build_summary(content, "en", "K7Q4M2"), "US", printer)
    text = pdf_text(tmp_path / "printed.pdf")
    assert "K7Q4M2" in text and content.screen("urgent").title.get("en") in text


def test_a_configured_printer_shows_the_print_choice(content, qtbot):
    part = TakeHome(content, printer_ready=True)
    qtbot.addWidget(part)
    part.show()
    assert part.print_button.isVisible()
    assert part.print_button.text() == content.ui_text("print_summary", "en")


def test_without_qt_print_support_there_is_no_print_choice(tmp_path):
    """As in the one-folder bundle, which leaves QtPrintSupport out for size."""
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'PySide6.QtPrintSupport':\n"
        "            raise ImportError(name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "from kiosk.ui.take_home import has_printer\n"
        "print(has_printer())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, cwd=bundle_root(),
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})  # fmt: skip
    assert done.stdout.strip() == "False", done.stderr
