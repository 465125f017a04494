"""Run the real kiosk offscreen and submit consultation requests through its UI.

Used by the durability tests: it prints `THANKS <reference>` (flushed) the moment the
thank-you screen is shown, so the test can SIGKILL it right then and look in the database.

    python -m tests.support.kiosk_driver DATA_DIR COUNT
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from kiosk.content.loader import load_content
from kiosk.paths import default_content_file
from kiosk.requests.store import open_store
from kiosk.session import FORM
from kiosk.ui.app import application
from kiosk.ui.window import KioskWindow
from tests.support.typing import tap, type_text


def fill_and_submit(window: KioskWindow, number: int) -> None:
    """One patient: open the form, type each field on the keyboard, consent, send."""
    window.show_page(FORM)
    form = window.form
    for field, text in (("name", f"Ana Durable {number}"), ("phone", "2125552368")):
        form.fields[field].setFocus()
        QApplication.processEvents()
        type_text(form.keyboard, text)
    form.hide_keyboard()
    for target in (form.consent, form.submit_button):
        form.scroll.ensureWidgetVisible(target)  # the patient scrolls it into view first
        QApplication.processEvents()
        tap(target)


def main(data_dir: Path, count: int) -> int:
    app = application()
    store = open_store(data_dir)
    window = KioskWindow(load_content(default_content_file()), store, data_dir)
    window.resize(1280, 800)
    window.show()
    window.activateWindow()  # fields only get focus (and the keyboard) in the active window
    QApplication.processEvents()
    submitted = 0

    def on_page_changed() -> None:
        nonlocal submitted
        if window.screens.currentWidget() is window.thanks:
            code = window.thanks.reference.text().split()[-1]
            print(f"THANKS {code}", flush=True)
            submitted += 1
            window.start_over()
            if submitted < count:
                QTimer.singleShot(0, lambda: fill_and_submit(window, submitted))

    window.screens.currentChanged.connect(on_page_changed)
    QTimer.singleShot(0, lambda: fill_and_submit(window, 0))
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), int(sys.argv[2])))
