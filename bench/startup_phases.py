"""Where the kiosk's start-up goes: time and RSS after each step, in one process.

    .venv/bin/python bench/startup_phases.py [--hello]

(--hello: the same for the baseline, a bare QLabel.) CPU time is the steadier column on a
shared machine.

The steps are those of `python main.py` (kiosk.cli._run and kiosk.ui.app.run), taken apart;
a profile of the same: `.venv/bin/pyinstrument -r text bench/startup_child.py kiosk`.
"""

from __future__ import annotations

import time

START = time.monotonic()

import os  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

HERE = Path(__file__).resolve().parent
os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={HERE / 'screen-1080p.json'}"
sys.path.insert(0, str(HERE.parent))
marks: list[tuple[str, float, float, float]] = []


def mark(step: str) -> None:
    """Wall time, CPU time (steadier on a shared machine) and RSS after `step`."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        rss = int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    marks.append((step, time.monotonic(), time.process_time(), rss))


def report() -> None:
    print(f"{'step':48s} {'ms':>6s} {'CPU ms':>6s} {'RSS MB':>7s}")
    previous, previous_cpu = START, 0.0
    for step, moment, cpu, rss in marks:
        print(f"{step:48s} {(moment - previous) * 1000:6.0f} {(cpu - previous_cpu) * 1000:6.0f} "
              f"{rss:7.1f}")  # fmt: skip
        previous, previous_cpu = moment, cpu
    print(f"{'total':48s} {(previous - START) * 1000:6.0f} {previous_cpu * 1000:6.0f}")


def hello() -> None:
    """The baseline's steps: bench/startup_child.py's bare full-screen QLabel."""
    from PySide6.QtWidgets import QApplication, QLabel

    mark("Python + import PySide6.QtWidgets")
    app = QApplication(sys.argv[:1])
    mark("QApplication")
    label = QLabel("Hello")
    label.resize(1920, 1080)
    label.show()
    mark("show()")
    label.repaint()
    app.processEvents()
    mark("first paint")
    report()


def main() -> None:
    if sys.argv[1:] == ["--hello"]:
        hello()
        return
    from PySide6.QtWidgets import QApplication

    mark("Python + import PySide6.QtWidgets")
    from kiosk.ui.app import application
    from kiosk.ui.window import KioskWindow

    mark("import kiosk.ui (window, screens, widgets)")
    from kiosk import paths
    from kiosk.content.loader import load_content
    from kiosk.context import build_context

    mark("import loader, store (yaml, phonenumbers, ...)")
    content = load_content(paths.default_content_file())
    mark("load_content()")
    application()
    mark("QApplication + Atkinson fonts")
    temporary = tempfile.TemporaryDirectory(prefix="bench-phases-")
    scratch = Path(temporary.name)
    context = build_context(content, scratch)
    mark("build_context() (store, audit)")
    from kiosk.ui.icons import icon

    icon("fa5s.globe", "#000000").pixmap(46)
    mark("first icon (registers Font Awesome 5 Solid)")
    window = KioskWindow(context)
    mark("KioskWindow()")
    window.resize(1920, 1080)
    window.show()
    mark("show(): first resize, style sheet")
    window.repaint()
    QApplication.processEvents()
    mark("first paint (with the event loop turn after it)")
    report()
    window.close()
    context.store.close()
    temporary.cleanup()


if __name__ == "__main__":
    main()
