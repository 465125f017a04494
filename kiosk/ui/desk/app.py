"""Start the front-desk station: the application, the window, the event loop."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from types import TracebackType

from kiosk.context import KioskContext
from kiosk.logs import describe
from kiosk.sealing.seal import Keyring
from kiosk.ui.app import application
from kiosk.ui.desk.window import DeskWindow

log = logging.getLogger(__name__)
WINDOWED_SIZE = (1280, 800)


def _log_uncaught(
    kind: type[BaseException], value: BaseException, tb: TracebackType | None
) -> None:
    """Type and code locations only: a message or a frame could quote a request."""
    log.error("uncaught %s", describe(kind, tb))


def run_desk(
    context: KioskContext, windowed: bool, key_file: Path | None, keyring: Keyring | None
) -> int:
    """Show the desk (maximised, or a 1280x800 window) until it is closed."""
    app = application()
    previous_hook, sys.excepthook = sys.excepthook, _log_uncaught
    window = DeskWindow(context, key_file=key_file, keyring=keyring)
    if windowed:
        window.resize(*WINDOWED_SIZE)
        window.show()
    else:
        window.showMaximized()
    try:
        return app.exec()
    finally:
        sys.excepthook = previous_hook
        context.store.close()
