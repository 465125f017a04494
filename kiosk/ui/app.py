"""Start the Qt application and show the kiosk full-screen (or in a window for development)."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCursor, QGuiApplication
from PySide6.QtWidgets import QApplication

from kiosk.content.model import Content
from kiosk.requests.store import RequestStore, StoreError, open_store
from kiosk.staff.audit import AuditLog
from kiosk.ui.theme import load_fonts
from kiosk.ui.window import KioskWindow

log = logging.getLogger(__name__)


def application() -> QApplication:
    """The one QApplication, created with the kiosk's font registered."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("mild-kiosk")
    load_fonts()
    return app


def apply_retention(store: RequestStore, days: int, audit: AuditLog) -> None:
    """Delete closed requests past the clinic's retention period (start-up, then daily)."""
    try:
        count = store.purge_closed(days)
    except StoreError as error:
        log.error("retention purge failed: %s", error.reason)
        return
    if count:
        audit.record("purge", count=count)
    log.info("retention: %d closed requests older than %d days deleted", count, days)


def run(content: Content, data_dir: Path, windowed: bool, idle_seconds: float | None) -> int:
    app = application()
    store = open_store(data_dir)
    audit = AuditLog(data_dir)
    apply_retention(store, content.kiosk.retention_days, audit)
    daily = QTimer(app)
    daily.timeout.connect(lambda: apply_retention(store, content.kiosk.retention_days, audit))
    daily.start(24 * 60 * 60 * 1000)
    window = KioskWindow(content, store, data_dir, idle_seconds)
    if windowed:
        window.resize(1280, 800)
        window.show()
    else:
        # Without a window manager showFullScreen() alone does not fill the screen.
        window.setWindowFlag(Qt.WindowType.FramelessWindowHint)
        window.setGeometry(QGuiApplication.primaryScreen().geometry())
        window.showFullScreen()
        if content.kiosk.hide_cursor:
            app.setOverrideCursor(QCursor(Qt.CursorShape.BlankCursor))
    try:
        return app.exec()
    finally:
        store.close()
