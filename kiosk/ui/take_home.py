"""Take this home: a QR code to the clinic's patient page, and a printed one-page summary.

The QR code is made offline by segno and drawn module by module (crisp at any size, no image
file); the plain address is written under it for anyone without a phone camera. The printed
page (kiosk/summary.py says what is on it, and never a name) is drawn by one function onto a
printer, a PDF or an image, so `render` shows a clinic exactly what a patient takes home.
The print choice shows only where a printer is configured.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path

import segno
from PySide6.QtCore import QEvent, QMarginsF, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPaintEvent,
    QPdfWriter,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.content.model import Content, Theme
from kiosk.summary import Summary, build_summary
from kiosk.ui.fonts import FONT_FAMILY
from kiosk.ui.icons import icon
from kiosk.ui.speech import speech_text
from kiosk.ui.widgets.labels import wrapping_label

log = logging.getLogger(__name__)

QUIET_ZONE = 4  # modules of white around the code, as the QR standard asks
PNG_DPI = 150
LETTER_REGIONS = {"US", "CA", "MX", "PH", "CL", "CO", "VE"}  # the rest of the world uses A4


def qr_matrix(address: str) -> list[list[bool]]:
    """The code's dark modules, row by row (error correction M: readable when a little worn)."""
    code = segno.make(address, error="m", micro=False, boost_error=False)
    return [[bool(module) for module in row] for row in code.matrix]


class QrCode(QWidget):
    """A square QR code, dark on white whatever the theme (cameras want that contrast)."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("qrCode")
        self.setProperty("accessibleRole", "image")
        self.matrix: list[list[bool]] = []
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_address(self, address: str, description: str) -> None:
        self.matrix = qr_matrix(address) if address else []
        self.setAccessibleName(description)
        self.update()

    def modules(self) -> int:
        return len(self.matrix) + 2 * QUIET_ZONE

    def set_side(self, pixels: int) -> None:
        """Whole pixels per module, so every module is the same size and edges stay sharp."""
        count = self.modules() or 1
        self.setFixedSize(QSize(*(max(count, pixels // count * count),) * 2))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        paint_qr(painter, QRectF(self.rect()), self.matrix)


def paint_qr(painter: QPainter, box: QRectF, matrix: list[list[bool]]) -> None:
    painter.fillRect(box, QColor("white"))
    if not matrix:
        return
    module = min(box.width(), box.height()) / (len(matrix) + 2 * QUIET_ZONE)
    left = box.left() + QUIET_ZONE * module
    top = box.top() + QUIET_ZONE * module
    black = QColor("black")
    for row, line in enumerate(matrix):
        for column, dark in enumerate(line):
            if dark:
                painter.fillRect(QRectF(left + column * module, top + row * module,
                                        module, module), black)  # fmt: skip


# ----- the printed page ---------------------------------------------------------------------
def summary_html(summary: Summary, header_room: int = 0) -> str:
    """The page as simple HTML for QTextDocument; every text is escaped. The heading keeps
    `header_room` pixels free on its right for the QR code."""
    e = html.escape
    room = f' style="margin-right: {header_room}px"'
    out = [f"<h1{room}>{e(summary.title)}</h1>", f"<p{room}><b>{e(summary.clinic)}</b></p>"]
    for part in summary.parts:
        out.append(f"<h2>{e(part.heading)}</h2>")
        out += [f"<p>{e(text)}</p>" for text in part.paragraphs]
        if part.bullets:
            out.append("<ul>" + "".join(f"<li>{e(b)}</li>" for b in part.bullets) + "</ul>")
    out.append(f"<h2>{e(summary.call)}</h2>")
    if summary.reference:
        out.append(f"<p><b>{e(summary.reference)}</b></p>")
    if summary.web_page:
        out.append(f"<p>{e(summary.web_page)}</p>")
    out.append(f"<p><i>{e(summary.note)}</i></p>")
    return "".join(out)


def paint_summary(device: QPagedPaintDevice | QImage, page: QRectF, summary: Summary) -> None:
    """Draw the page into `page` (device pixels): the words, with the QR code top right."""
    painter = QPainter(device)
    if not painter.isActive():  # an unwritable file, or a printer that went away
        raise OSError("the summary page could not be drawn there")
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    if isinstance(device, QImage):
        painter.fillRect(QRectF(0, 0, device.width(), device.height()), QColor("white"))
    dpi = device.logicalDpiY()
    document = QTextDocument()
    font = QFont(FONT_FAMILY)
    font.setPixelSize(round(11 / 72 * dpi))  # 11 pt: easy to read, fits one page
    document.setDefaultFont(font)
    document.setDefaultStyleSheet(
        "h1, h2, p, li { color: #000000; }"  # black on paper, whatever the kiosk's theme
        f"h1 {{ font-size: {round(20 / 72 * dpi)}px; }}"
        f"h2 {{ font-size: {round(14 / 72 * dpi)}px; margin-top: {round(8 / 72 * dpi)}px; }}"
    )
    qr_side = dpi * 1.3 if summary.web_page else 0  # 1.3 in: scans from arm's length
    document.setHtml(summary_html(summary, round(qr_side * 1.1)))
    document.setTextWidth(page.width())
    if qr_side:
        paint_qr(painter, QRectF(page.right() - qr_side, page.top(), qr_side, qr_side),
                 qr_matrix(summary.web_page))  # fmt: skip
    painter.translate(page.topLeft())
    document.drawContents(painter, QRectF(0, 0, page.width(), page.height()))
    painter.end()


def page_size_for(region: str) -> QPageSize:
    return QPageSize(
        QPageSize.PageSizeId.Letter if region in LETTER_REGIONS else QPageSize.PageSizeId.A4
    )


def write_pdf(path: Path, summary: Summary, region: str) -> None:
    writer = QPdfWriter(str(path))
    writer.setResolution(300)
    margins = QMarginsF(18, 18, 18, 18)
    portrait = QPageLayout.Orientation.Portrait
    writer.setPageLayout(
        QPageLayout(page_size_for(region), portrait, margins, QPageLayout.Unit.Millimeter)
    )
    writer.setTitle(summary.title)
    # A painter on a paged device starts at the printable area's corner, inside the margins.
    paint_summary(writer, QRectF(QPointF(0, 0), writer.pageLayout().paintRectPixels(300).size()),
                  summary)  # fmt: skip


def write_png(path: Path, summary: Summary, region: str) -> None:
    size = page_size_for(region).sizePixels(PNG_DPI)
    image = QImage(size, QImage.Format.Format_RGB32)
    dots_per_metre = round(PNG_DPI / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    margin = PNG_DPI * 18 / 25.4
    paint_summary(image, QRectF(margin, margin, size.width() - 2 * margin,
                                size.height() - 2 * margin), summary)  # fmt: skip
    image.save(str(path))


def has_printer() -> bool:
    """Whether the computer has a printer configured (CUPS on Linux, Windows' own). Without
    QtPrintSupport (a trimmed Qt) the print choice never shows."""
    try:
        from PySide6.QtPrintSupport import QPrinterInfo  # only once a page offers to print
    except ImportError:
        return False
    return bool(QPrinterInfo.availablePrinterNames())


def print_summary(summary: Summary, region: str, printer=None) -> bool:
    """Send the page to `printer` (default: the computer's default printer); False when
    printing could not start (logged without any of the page's words)."""
    from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

    if printer is None:
        printer = QPrinter(QPrinterInfo.defaultPrinter(), QPrinter.PrinterMode.HighResolution)
    printer.setDocName("mild-kiosk summary")
    printer.setPageSize(page_size_for(region))
    printer.setPageMargins(QMarginsF(18, 18, 18, 18), QPageLayout.Unit.Millimeter)
    area = printer.pageRect(QPrinter.Unit.DevicePixel)
    try:
        if not printer.isValid():
            raise OSError("the printer is not available")
        paint_summary(printer, QRectF(0, 0, area.width(), area.height()), summary)
    except OSError as problem:
        log.warning("printing the summary failed: %s", problem)
        return False
    return True


# ----- the patient's part -------------------------------------------------------------------
class TakeHome(QFrame):
    """"Take this home": the QR code with the address under it, and the print button."""

    def __init__(self, content: Content, printer_ready: bool) -> None:
        super().__init__()
        self.setObjectName("takeHome")
        self.setProperty("role", "card")
        self.content = content
        self._language = content.default_language
        self._code = ""
        self.heading = wrapping_label("title")
        self.heading.setObjectName("takeHomeTitle")
        self.scan = wrapping_label("body")
        self.qr = QrCode()
        self.address = wrapping_label("body")
        self.address.setObjectName("webAddress")
        self.print_button = QPushButton()
        self.print_button.setObjectName("printButton")
        self.print_button.clicked.connect(self._print)
        self.printed = wrapping_label("body")
        self.printed.setObjectName("printedNote")
        words = QVBoxLayout()  # beside the code: a card no taller than the code itself
        for widget in (self.heading, self.scan, self.address):
            words.addWidget(widget)
        words.addWidget(self.print_button, 0, Qt.AlignmentFlag.AlignLeft)
        words.addWidget(self.printed)
        words.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(24)
        layout.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(words, 1)
        web_page = content.clinic.web_page
        for widget in (self.scan, self.qr, self.address):
            widget.setVisible(bool(web_page))
        self.print_button.setVisible(printer_ready)
        self.printed.hide()
        self.set_language(self._language)

    def set_language(self, language: str) -> None:
        self._language = language
        ui, web_page = self.content.ui_text, self.content.clinic.web_page
        self.heading.setText(ui("take_home", language))
        self.scan.setText(ui("take_home_scan", language))
        self.qr.set_address(web_page, f"{ui('take_home_scan', language)} {web_page}")
        self.address.setText(web_page)
        self.print_button.setText(ui("print_summary", language))
        self.printed.setText(ui("printing", language))

    def event(self, event: QEvent) -> bool:
        """A new text size: the code grows with the words (7 lines of the address's text)."""
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.Polish, QEvent.Type.Show):
            self.qr.set_side(7 * self.address.fontMetrics().height())
        return super().event(event)

    def set_theme(self, theme: Theme) -> None:
        self.print_button.setIcon(icon("fa5s.print", theme.primary))

    def set_reference(self, code: str) -> None:
        """The code printed on the page after a request was sent ("" to forget it)."""
        self._code = code

    def summary(self) -> Summary:
        return build_summary(self.content, self._language, self._code)

    def reset(self) -> None:
        self._code = ""
        self.printed.hide()

    def spoken_text(self) -> str:
        parts = [self.heading.text()]
        if self.content.clinic.web_page:
            parts += [self.scan.text(), self.address.text()]
        if self.print_button.isVisibleTo(self):
            parts.append(self.print_button.text())
        return speech_text(parts)

    def _print(self) -> None:
        if print_summary(self.summary(), self.content.clinic.phone_region):
            self.printed.show()
