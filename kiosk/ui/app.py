"""Start the Qt application and show the kiosk full-screen (or in a window for development).

Left alone all day, the kiosk must keep itself going: an uncaught exception sends it back to
the welcome screen instead of killing it (`CrashGuard`), and a heartbeat on the event loop
lets systemd's watchdog (or anyone reading the heartbeat file) notice a freeze.
"""

from __future__ import annotations

import logging
import sys
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCursor, QGuiApplication, QPixmapCache
from PySide6.QtWidgets import QApplication

from kiosk.context import KioskContext
from kiosk.heartbeat import Heartbeat, watchdog_interval
from kiosk.logs import describe, enable_crash_log
from kiosk.requests.store import RequestStore, StoreError
from kiosk.session import EndReason
from kiosk.staff.audit import AuditLog
from kiosk.ui.fonts import load_fonts, report_missing_scripts
from kiosk.ui.speech import Reader
from kiosk.ui.window import KioskWindow

log = logging.getLogger(__name__)
PIXMAP_CACHE_KB = 3 * 1024

EXIT_CRASH_LOOP = 70  # EX_SOFTWARE: too many errors in a row; systemd starts us afresh


def application() -> QApplication:
    """The one QApplication, set up the same way for `run`, `render`, the benches and the
    test fixtures: the kiosk's font registered, Qt's pixmap cache bounded."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("mild-kiosk")
    # Qt's pixmap cache (10 MB by default) fills with styled borders and icons as patients
    # come and go; 3 MB holds everything one screen needs and keeps a day's growth small.
    QPixmapCache.setCacheLimit(PIXMAP_CACHE_KB)
    load_fonts()
    return app


def kiosk_window(context: KioskContext, *, reader: Reader | None = None) -> KioskWindow:
    """The kiosk window for `context`, in a set-up application (see `application`)."""
    application()
    return KioskWindow(context, reader=reader)


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


class CrashGuard(QObject):
    """The kiosk's sys.excepthook (PySide6 reports exceptions raised in slots there).

    It logs the exception's type and code locations only, since a message or a frame's
    locals can quote what a patient typed, then returns the kiosk to the welcome screen
    (closing the staff area if open) on the next turn of the event loop, so the lobby never
    sees a dead window. If errors keep coming (`limit` within `period` seconds) starting
    over is not helping: the event loop is asked to exit with EXIT_CRASH_LOOP so the
    service manager restarts a fresh process. The hook may run in any thread (a slot of the
    speech worker raises in the speech thread); the recovery is queued to the GUI thread.
    """

    _recover_requested = Signal()

    def __init__(
        self,
        window: KioskWindow,
        *,
        limit: int = 10,
        period: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        quit_app: Callable[[int], None] = QApplication.exit,
    ) -> None:
        super().__init__(window)  # lives, and recovers, in the window's (the GUI) thread
        self._recover_requested.connect(self._recover, Qt.ConnectionType.QueuedConnection)
        self.window = window
        self._quit = quit_app
        self.limit = limit
        self.period = period
        self._clock = clock
        self._recent: deque[float] = deque()
        self._pending = False

    def __call__(
        self, kind: type[BaseException], value: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self._quit(130)
            return
        log.error("uncaught %s; back to the welcome screen", describe(kind, tb))
        now = self._clock()
        self._recent.append(now)
        while self._recent and self._recent[0] < now - self.period:
            self._recent.popleft()
        if len(self._recent) >= self.limit:
            log.critical("%d errors in %.0f s; exiting to be restarted", self.limit, self.period)
            self._quit(EXIT_CRASH_LOOP)
            return
        if not self._pending:  # one recovery per burst of errors
            self._pending = True
            self._recover_requested.emit()

    def _recover(self) -> None:
        self._pending = False
        try:
            if self.window.staff_open():
                self.window.staff.close_area()  # wipes the PIN pad and panel, then starts over
            else:
                self.window.start_over(EndReason.CRASH)
        except Exception as error:  # the hook must never raise
            log.error("starting over failed: %s", describe(type(error), error.__traceback__))


def start_heartbeat(app: QApplication, data_dir: Path) -> Heartbeat:
    """READY=1 once the event loop runs, then a beat every few seconds from a timer on it."""
    heartbeat = Heartbeat(data_dir)
    timer = QTimer(app)
    timer.timeout.connect(heartbeat.beat)
    timer.start(round(watchdog_interval() * 1000))
    QTimer.singleShot(0, heartbeat.ready)
    return heartbeat


def run(context: KioskContext, windowed: bool) -> int:
    """Show the kiosk for `context` and run the event loop until the kiosk exits."""
    app = application()
    enable_crash_log(context.data_dir)
    store, audit, days = context.store, context.audit, context.settings.retention_days
    daily = QTimer(app)
    daily.timeout.connect(lambda: apply_retention(store, days, audit))
    daily.start(24 * 60 * 60 * 1000)
    window = kiosk_window(context)
    # Once the welcome screen is on screen: edits of content.yaml and assets/ are followed
    # (shown from the next start over), and the start-up purge runs.
    window.first_paint.then(window.watch_content)
    window.first_paint.then(lambda: apply_retention(store, days, audit))
    window.first_paint.then(report_missing_scripts)  # to kiosk.log
    guard, previous_hook = CrashGuard(window), sys.excepthook
    sys.excepthook = guard
    if windowed:
        window.resize(1280, 800)
        window.show()
    else:
        # Without a window manager showFullScreen() alone does not fill the screen.
        window.setWindowFlag(Qt.WindowType.FramelessWindowHint)
        window.setGeometry(QGuiApplication.primaryScreen().geometry())
        window.showFullScreen()
        if context.settings.hide_cursor:
            app.setOverrideCursor(QCursor(Qt.CursorShape.BlankCursor))
    heartbeat = start_heartbeat(app, context.data_dir)
    try:
        return app.exec()
    finally:
        heartbeat.stopping()
        sys.excepthook = previous_hook
        window.flush_usage()  # visits that ended in the last second still count
        if context.usage is not None:
            context.usage.close()
        store.close()
