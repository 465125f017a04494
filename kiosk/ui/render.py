"""`render`: one PNG per screen, so a clinic can review a content edit without a touchscreen."""

from __future__ import annotations

import itertools
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer, SignalInstance
from PySide6.QtWidgets import QApplication, QPushButton

from kiosk.content.model import Content
from kiosk.context import build_context
from kiosk.requests.model import BestTime, ContactMethod, ValidRequest
from kiosk.requests.store import RequestStore, SqliteRequestStore
from kiosk.session import FORM, THANKS
from kiosk.staff.pin import set_pin
from kiosk.summary import build_summary
from kiosk.ui.app import kiosk_window
from kiosk.ui.speech import NONE, Reader
from kiosk.ui.staff.panel import StaffPanel
from kiosk.ui.take_home import write_pdf, write_png
from kiosk.ui.window import KioskWindow
from kiosk.usage.sample import sample_counts

SAMPLE_CODE = "K7Q4M2"  # a made-up reference code
VOICE_WAIT_MS = 10000  # the speech service starting (speech-dispatcher alone takes ~2 s)
LIST_WAIT_MS = 10000  # the staff list's query


def render_screens(
    content: Content,
    out_dir: Path,
    size: tuple[int, int],
    language: str,
    *,
    text_level: int = 0,
    high_contrast: bool = False,
    speech_engine: str = NONE,
) -> list[Path]:
    """Draw every page at `size` in `language` into out_dir/NN-<id>.png; return the files.

    With a speech engine, the Listen button shows as it would on this computer."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as scratch:
        context = build_context(content, Path(scratch))
        store = context.store
        reader = Reader(speech_engine)
        window = kiosk_window(context, reader=reader)
        if window.usage_counter is not None:  # the Usage page shows sample visits only
            window.session.listeners.remove(window.usage_counter)
        if not reader.is_settled():
            _wait_for(reader.voices_changed, VOICE_WAIT_MS)
        window.resize(*size)
        window.show()
        window.build_all_pages()

        def set_look() -> None:  # start_over() forgets the look, as it does for a patient
            window.set_language(language)
            for _ in range(text_level):
                window.next_text_level()
            window.set_high_contrast(high_contrast)

        set_look()

        def shoot(name: str) -> None:
            for _ in range(10):  # nested layouts settle over a few rounds, as between frames
                QApplication.processEvents()
            path = out_dir / f"{len(written) + 1:02d}-{name}.png"
            window.grab().save(str(path))
            written.append(path)

        for screen in content.screens:
            window.show_page(screen.id)
            shoot(screen.id)
        window.show_page(FORM)
        shoot("form")
        window.form.fields["name"].setFocus()
        shoot("form_keyboard")
        window.form.submit()
        shoot("form_errors")
        window.show_page(THANKS)
        window.thanks.show_reference(SAMPLE_CODE, 3600)
        shoot("thanks")
        window.show_page(content.screens[1].id)
        window.warn_idle()
        shoot("idle_warning")
        window.start_over()
        _render_staff(window, store, Path(scratch), shoot)
        window.close()
        store.close()
    written += _render_desk(content, out_dir, size, len(written) + 1)
    return written


def render_summary(content: Content, out_dir: Path, language: str,
                   code: str = SAMPLE_CODE) -> list[Path]:  # fmt: skip
    """The printed take-home page as summary.pdf and summary.png (150 dpi), as a patient
    who sent a request would get it."""
    out_dir.mkdir(parents=True, exist_ok=True)
    summary = build_summary(content, language, code)
    region = content.clinic.phone_region
    pdf, png = out_dir / "summary.pdf", out_dir / "summary.png"
    write_pdf(pdf, summary, region)
    write_png(png, summary, region)
    return [png, pdf]


def _wait_for(signal: SignalInstance, timeout_ms: int) -> None:
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()


SAMPLE_NAMES = ("María López", "James O'Connor", "Nguyễn Thị Lan", "Dorothy Williams", "李明")
SAMPLE_PIN = "2468"  # only ever set in the render's throw-away data folder


def _render_staff(
    window: KioskWindow, store: RequestStore, scratch: Path, shoot: Callable[[str], None]
) -> None:
    """The PIN pad and the staff panel with 0, 3 and 300 made-up requests."""
    set_pin(scratch, SAMPLE_PIN)
    window.open_staff_area()
    shoot("staff_pin")
    staff = window.staff

    def press(name: str) -> None:
        staff.findChild(QPushButton, name).click()

    for digit in SAMPLE_PIN[:3]:
        press(f"pinKey{digit}")
    shoot("staff_pin_typing")
    press(f"pinKey{SAMPLE_PIN[3]}")
    press("pinOk")  # the panel asks for its list (answered off the GUI thread)
    _listed(staff.panel)
    shoot("staff_panel_0")
    _add_samples(store, 3)
    staff.panel.refresh()
    _listed(staff.panel)
    shoot("staff_panel_3")
    _add_samples(store, 297)
    staff.panel.refresh()
    _listed(staff.panel)
    staff.panel.select_request(staff.panel.model.request_at(0).id)
    shoot("staff_panel_300")
    staff.panel.show_export()
    shoot("staff_export")
    usage = window.context.usage
    if usage is not None:
        content = window.content
        codes = [language.code for language in content.languages]
        screens = [screen.id for screen in content.screens]
        usage.add("lobby-1", sample_counts(screens, codes, date.today()))
        staff.panel.show_usage()
        shoot("staff_usage")
        staff.panel.usage_page.range_button(90).click()
        shoot("staff_usage_90")
    window.close_staff_area()


DESK_KIOSKS = ("Lobby", "Second floor", "Satellite office")


def _render_desk(content: Content, out_dir: Path, size: tuple[int, int], number: int) -> list[Path]:
    """The front-desk window at `size`: locked, then listing three kiosks' made-up requests
    with one selected and the undo bar showing, then its Usage page over the three kiosks'
    made-up counters, in a throw-away data folder."""
    from kiosk.ui.desk.window import DeskWindow

    with tempfile.TemporaryDirectory() as scratch:
        data = Path(scratch)
        set_pin(data, SAMPLE_PIN)
        context = build_context(content, data)
        kiosks = [SqliteRequestStore(context.store.path, kiosk_name=n) for n in DESK_KIOSKS]
        for index, kiosk in enumerate(kiosks):
            _add_samples(kiosk, 12 - 3 * index)
            kiosk.close()
        desk = DeskWindow(context, poll_ms=3_600_000, find_destinations=lambda: [data])
        desk.resize(*size)
        desk.show()
        written = []

        def shoot(name: str) -> None:
            for _ in range(10):
                QApplication.processEvents()
            path = out_dir / f"{number + len(written):02d}-{name}.png"
            desk.grab().save(str(path))
            written.append(path)

        shoot("desk_pin")
        for digit in SAMPLE_PIN:
            desk.area.pin_pad.findChild(QPushButton, f"pinKey{digit}").click()
        desk.area.pin_pad.ok_button.click()
        _listed(desk.panel)
        desk.panel.select_request(desk.panel.model.request_at(1).id)
        desk.panel.buttons["markContacted"].click()
        _listed(desk.panel)
        shoot("desk")
        if context.usage is not None:
            codes = [language.code for language in content.languages]
            screens = [screen.id for screen in content.screens]
            for seed, name in enumerate(DESK_KIOSKS, start=16):
                context.usage.add(name, sample_counts(screens, codes, date.today(), seed=seed))
            desk.panel.show_usage()
            _wait_for(desk.panel.usage_page.settled, LIST_WAIT_MS)  # read off the GUI thread
            shoot("desk_usage")
        desk.close()
        context.store.close()
    return written


def _listed(panel: StaffPanel) -> None:
    """Wait until the panel shows the answer to its newest query."""
    if panel.is_loading():
        _wait_for(panel.listed, LIST_WAIT_MS)


def _add_samples(store: RequestStore, count: int) -> None:
    names = itertools.cycle(SAMPLE_NAMES)
    for number in range(count):
        store.add(
            ValidRequest(
                name=f"{next(names)} {number + 1}",
                phone=f"+1212555{2300 + number % 100:04d}",
                email=None,
                contact_method=ContactMethod.CALL,
                best_time=BestTime.ANY,
                note="",
                self_check=(),
                language="en",
            )
        )
