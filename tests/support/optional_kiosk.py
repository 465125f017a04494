"""Start the real kiosk with optional modules made unimportable, and report what it did.

    python -m tests.support.optional_kiosk DATA_DIR [--block MODULE ...] [--watch MODULE ...]

An import hook (a meta path finder installed before anything else is imported) makes each
--block module and its submodules raise ImportError, the way PySide6.QtTextToSpeech does on a
computer whose libpulse is missing. The kiosk then starts exactly as `main.py run --windowed
--data-dir DATA_DIR` does, and this prints, flushed, one line per step:

    PAINTED <MODULE imported|not imported>   the welcome screen's first paint, per --watch
    LISTEN <visible|hidden>                  once read-aloud has given up or imported the first
    FORM                                     Start, then Next on every page, reached the form
    WATCHED <MODULE imported|not imported>   at the end, per --watch

and exits 0. A step that fails prints `DRIVER-ERROR <what>` and exits 3.
"""

from __future__ import annotations

import argparse
import importlib.abc
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

EXIT_DRIVER_ERROR = 3
GIVE_UP_MS = 60_000


class Unimportable(importlib.abc.MetaPathFinder):
    """Makes the named modules (and their submodules) fail to import."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names = tuple(names)

    def find_spec(self, fullname: str, path: object, target: object = None) -> None:
        if any(fullname == name or fullname.startswith(name + ".") for name in self.names):
            raise ImportError(f"libpulse.so.0: cannot open shared object file ({fullname})")
        return None


def start_kiosk(data_dir: Path, *block: str, watch: Sequence[str] = ()) -> list[str]:
    """This driver on the real kiosk in a subprocess (for tests); its report lines."""
    arguments = [a for module in block for a in ("--block", module)]
    arguments += [a for module in watch for a in ("--watch", module)]
    done = subprocess.run(
        [sys.executable, "-m", "tests.support.optional_kiosk", str(data_dir), *arguments],
        cwd=Path(__file__).resolve().parents[2], capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    return done.stdout.splitlines()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.support.optional_kiosk")
    parser.add_argument("data_dir")
    parser.add_argument("--block", action="append", default=[], help="a module to break")
    parser.add_argument("--watch", action="append", help="report its import (default: TTS)")
    args = parser.parse_args(argv)
    modules = args.watch or ["PySide6.QtTextToSpeech"]
    sys.meta_path.insert(0, Unimportable(args.block))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from kiosk import cli
    from kiosk.ui.app import application
    from kiosk.ui.screens.attract import AttractScreen
    from kiosk.ui.window import KioskWindow
    from tests.support.typing import tap

    def state(module: str) -> str:
        return "imported" if module in sys.modules else "not imported"

    def fail(what: str) -> None:
        print(f"DRIVER-ERROR {what}", flush=True)
        QApplication.exit(EXIT_DRIVER_ERROR)

    class FirstPaint(QObject):
        """Notes whether the watched module was loaded when the welcome screen first drew."""

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and isinstance(watched, AttractScreen):
                QApplication.instance().removeEventFilter(self)
                for module in modules:
                    print(f"PAINTED {module} {state(module)}", flush=True)
                QTimer.singleShot(0, walk)
            return False

    def window() -> KioskWindow:
        (kiosk,) = [w for w in QApplication.topLevelWidgets() if isinstance(w, KioskWindow)]
        return kiosk

    def walk() -> None:
        kiosk = window()
        if not kiosk.reader.is_settled() and modules[0] not in sys.modules:
            QTimer.singleShot(50, walk)  # the reader looks for its engine after the paint
            return
        listen = "visible" if kiosk.listen_button.isVisibleTo(kiosk) else "hidden"
        print(f"LISTEN {listen}", flush=True)
        tap(kiosk.attract.start_button)
        for _ in range(len(kiosk.content.screens) + 1):
            if kiosk.screens.currentWidget() is kiosk.form:
                break
            tap(kiosk.next_button)
        if kiosk.screens.currentWidget() is not kiosk.form:
            fail(f"not on the form but on {kiosk.screens.currentWidget().objectName()}")
            return
        print("FORM", flush=True)
        for module in modules:
            print(f"WATCHED {module} {state(module)}", flush=True)
        QApplication.exit(0)

    app = application()
    painted = FirstPaint(app)
    app.installEventFilter(painted)
    QTimer.singleShot(GIVE_UP_MS, lambda: fail("timed out"))
    return cli.main(["run", "--windowed", "--data-dir", args.data_dir])


if __name__ == "__main__":
    sys.exit(main())
