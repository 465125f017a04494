"""One start-up, in its own process: report the moment the first screen was painted.

    python bench/startup_child.py hello|kiosk|kiosk-no-speech [--idle SECONDS]

`kiosk` runs the real command line (`kiosk.cli.main`, as `python main.py --data-dir TMP` does:
content, logging, store, retention, full-screen window, event loop) in a throw-away data
folder (`kiosk-no-speech`: the same with no read-aloud engine, to tell its cost).
`hello`, the baseline, is a bare PySide6 QLabel shown full-screen the same way. Both
use the offscreen platform with one 1920x1080 screen (bench/screen-1080p.json).

An application-wide event filter (installed before anything else, removed at once) notices
the first paint event of the attract page (`screen_attract`) or of the label. Prints
"key value" lines: `t_mono`, time.monotonic() on the next turn of the event loop after that
paint (the frame is drawn and flushed by then), and `cpu`, the process's CPU seconds until
then (which other processes on a shared machine do not inflate); with --idle, `idle_cpu`
(process CPU seconds while the screen then sat idle for SECONDS, after a 1 s settle),
`idle_children_cpu` (the same for its child processes: the read-aloud voice) and `idle_wall`.
"""

from __future__ import annotations

import sys
import time

T_MAIN = time.monotonic()

import argparse  # noqa: E402
import os  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

HERE = Path(__file__).resolve().parent
os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={HERE / 'screen-1080p.json'}"
sys.path.insert(0, os.environ.get("KIOSK_CODE", str(HERE.parent)))  # see benchlib

from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel  # noqa: E402


def children_cpu() -> float:
    """CPU seconds used so far by this process's running children (the kiosk starts its
    read-aloud voice as a process of its own), from /proc/PID/stat."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == os.getpid():  # ppid; then utime and stime are fields 11 and 12
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


class FirstPaint(QObject):
    """Calls `then` once, on the event loop turn after `object_name` was first painted."""

    def __init__(self, app: QApplication, object_name: str, then) -> None:
        super().__init__()
        self._app, self._name, self._then = app, object_name, then
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and watched.objectName() == self._name:
            self._app.removeEventFilter(self)
            QTimer.singleShot(0, self._then)
        return False


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["hello", "kiosk", "kiosk-no-speech"])
    parser.add_argument("--idle", type=float, default=0.0)
    parser.add_argument("--settle", type=float, default=1.0, help="seconds before --idle")
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])

    def painted() -> None:
        print(f"t_mono {time.monotonic()}")
        print(f"t_main {T_MAIN}")
        print(f"cpu {time.process_time()}")  # the process's CPU until then, load or not
        if args.idle:
            QTimer.singleShot(round(args.settle * 1000), idle_start)
        else:
            app.quit()

    def idle_start() -> None:
        started = (time.process_time(), time.monotonic(), children_cpu())

        def idle_end() -> None:
            print(f"idle_cpu {time.process_time() - started[0]}")
            print(f"idle_children_cpu {children_cpu() - started[2]}")
            print(f"idle_wall {time.monotonic() - started[1]}")
            app.quit()

        QTimer.singleShot(round(args.idle * 1000), idle_end)

    if args.mode == "hello":
        spy = FirstPaint(app, "hello", painted)
        label = QLabel("Hello")
        label.setObjectName("hello")
        label.showFullScreen()
        code = app.exec()
    else:
        spy = FirstPaint(app, "screen_attract", painted)
        from kiosk.cli import main as kiosk_main

        if args.mode == "kiosk-no-speech":  # diagnosis: as on a PC without a speech engine
            from kiosk.ui import speech

            speech.default_engine = lambda: speech.NONE

        with tempfile.TemporaryDirectory(prefix="bench-start-") as scratch:
            code = kiosk_main(["--data-dir", scratch])
    del spy
    sys.stdout.flush()
    return code


if __name__ == "__main__":
    sys.exit(main())
