"""Run the real kiosk offscreen and submit consultation requests through its UI.

Used by the durability, kill-cycle, privacy and watchdog tests: it prints
`THANKS <reference> <number>` (flushed) the moment the thank-you screen is shown, so a
test can SIGKILL it right then and look in the database.

    python -m tests.support.kiosk_driver DATA_DIR COUNT [--cli] [--quit] [--crash-first]
        [--name "Ana Durable {n}"] [--phone 2125552368] [--email ADDRESS] [--note TEXT]
        [--public-key FILE]

By default it builds the window itself (without a speech engine). With --cli it starts
the kiosk exactly as `python main.py --windowed --data-dir DATA_DIR` does (logging,
retention, exception hook, heartbeat, sd_notify) and drives the window that creates.
--quit ends the event loop after COUNT requests (exit status 0), so logs and files are
complete; otherwise it waits to be killed. --crash-first (with --cli) first types the
name, then makes a slot raise an exception whose message quotes it, and prints `RECOVERED`
once the kiosk's exception hook has brought back the welcome screen with the form wiped.
--public-key seals every request to that front-desk key, as `run --public-key` does.
--store postgresql://… and --kiosk-name forward every request to that server (the password
from KIOSK_STORE_PASSWORD, as settings.yaml's store_password would give it).
Any error in the driver itself is printed as `DRIVER-ERROR <type>` and exits 3.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QPushButton

from kiosk.content.loader import load_content
from kiosk.context import build_context
from kiosk.paths import default_content_file
from kiosk.session import FORM
from kiosk.settings import DeviceSettings
from kiosk.ui.app import application
from kiosk.ui.speech import NONE, Reader
from kiosk.ui.window import KioskWindow
from tests.support.typing import tap, type_text

EXIT_DRIVER_ERROR = 3


@dataclass(frozen=True)
class Patient:
    """What each simulated patient types; `{n}` in the name becomes the request's number."""

    name: str = "Ana Durable {n}"
    phone: str = "2125552368"
    note: str = ""
    email: str = ""


def fill_and_submit(window: KioskWindow, number: int, patient: Patient = Patient()) -> None:
    """One patient: open the form, type each field on the keyboard, consent, send."""
    window.show_page(FORM)
    form = window.form
    answers = {
        "name": patient.name.format(n=number), "phone": patient.phone, "email": patient.email,
        "note": patient.note,
    }  # fmt: skip
    for field, text in answers.items():
        if not text:
            continue
        form.fields[field].setFocus()
        QApplication.processEvents()
        type_text(form.keyboard, text)
    form.hide_keyboard()
    for target in (form.consent, form.submit_button):
        form.scroll.ensureWidgetVisible(target)  # the patient scrolls it into view first
        QApplication.processEvents()
        tap(target)


def drive(window: KioskWindow, count: int, patient: Patient, quit_after: bool) -> None:
    """Submit `count` requests one after another, printing THANKS for each."""
    submitted = 0

    def guarded(number: int) -> None:
        try:
            fill_and_submit(window, number, patient)
        except Exception as error:
            print(f"DRIVER-ERROR {type(error).__name__}", flush=True)
            traceback.print_exc()
            QApplication.exit(EXIT_DRIVER_ERROR)

    def on_page_changed() -> None:
        nonlocal submitted
        if window.screens.currentWidget() is window.thanks:
            code = window.thanks.reference.text().split()[-1]
            print(f"THANKS {code} {submitted}", flush=True)
            submitted += 1
            window.start_over()
            if submitted < count:
                QTimer.singleShot(0, lambda: guarded(submitted))
            elif quit_after:
                QTimer.singleShot(0, QApplication.quit)

    window.screens.currentChanged.connect(on_page_changed)
    window.activateWindow()  # fields only get focus (and the keyboard) in the active window
    QApplication.processEvents()
    QTimer.singleShot(0, lambda: guarded(0))


def crash_first(window: KioskWindow, then: Callable[[], None], patient: Patient) -> None:
    """A patient has typed their name when a slot raises with it in the message (the way
    `int(text)` or a format error would quote it); then check the kiosk recovered."""
    window.show_page(FORM)
    name = window.form.fields["name"]
    name.setText(patient.name.format(n=0))
    trigger = QPushButton(window)  # a test-only connection to a real clicked signal

    def broken_slot() -> None:
        raise ValueError(f"cannot understand {name.text()!r}")

    trigger.clicked.connect(broken_slot)
    trigger.click()  # PySide6 hands the exception to sys.excepthook: the kiosk's guard

    def check() -> None:  # queued after the guard's own recovery
        wiped = not any(edit.text() for edit in window.form.fields.values())
        if window.screens.currentWidget() is window.attract and wiped:
            print("RECOVERED", flush=True)
            then()
        else:
            print("DRIVER-ERROR not recovered", flush=True)
            QApplication.exit(EXIT_DRIVER_ERROR)

    QTimer.singleShot(0, check)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.support.kiosk_driver")
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("count", type=int)
    parser.add_argument("--cli", action="store_true", help="start through kiosk.cli")
    parser.add_argument("--quit", action="store_true", help="exit after COUNT requests")
    parser.add_argument("--crash-first", action="store_true", help="raise in a slot first")
    parser.add_argument("--name", default=Patient.name)
    parser.add_argument("--phone", default=Patient.phone)
    parser.add_argument("--note", default=Patient.note)
    parser.add_argument("--email", default=Patient.email)
    parser.add_argument("--public-key", type=Path, help="seal requests to this key")
    parser.add_argument("--store", default="", help="a postgresql:// URL to forward to")
    parser.add_argument("--kiosk-name", default="", help="this kiosk's name at the desk")
    args = parser.parse_args(argv)
    patient = Patient(args.name, args.phone, args.note, args.email)
    app = application()
    if args.cli:
        from kiosk import cli

        def start() -> None:
            windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, KioskWindow)]
            window = windows[0]
            window.activateWindow()
            if args.crash_first:
                crash_first(window, lambda: drive(window, args.count, patient, args.quit), patient)
            else:
                drive(window, args.count, patient, args.quit)

        QTimer.singleShot(0, start)  # runs once cli's event loop is going
        sealing = ["--public-key", str(args.public_key)] if args.public_key else []
        return cli.main(["run", "--windowed", "--data-dir", str(args.data_dir), *sealing])
    settings = DeviceSettings(
        public_key=str(args.public_key) if args.public_key else "", store_url=args.store,
        kiosk_name=args.kiosk_name, store_password=os.environ.get("KIOSK_STORE_PASSWORD", ""),
    )  # fmt: skip
    context = build_context(load_content(default_content_file()), args.data_dir, settings)
    store = context.store
    # No speech engine: starting one stalls the GUI thread ~1.5 s here, and each of the
    # hundreds of kill cycles starts a kiosk; --cli keeps the kiosk's own choice.
    reader = Reader(NONE)
    window = KioskWindow(context, reader=reader)
    window.resize(1280, 800)
    window.show()
    drive(window, args.count, patient, args.quit)
    try:
        return app.exec()
    finally:
        store.close()


if __name__ == "__main__":
    sys.exit(main())
