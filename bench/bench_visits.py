"""Memory growth over many simulated patient visits (offscreen, the real KioskWindow).

One visit: tap Start, tap Text size twice, Contrast and the language on the way (as a patient
who needs them does), tick two self-check boxes, tap Next through every screen (each page is
painted), type a name and a phone number into the form with key presses; every 10th visit
also ticks consent and sends the request (thank-you screen), the others walk away. Then
"Start over", as the idle timeout would. RSS (resident, /proc/self/statm) is read after
--warmup visits (caches filled) and after --visits more, each time after a garbage
collection and Qt's deferred deletes, never after emptying Qt's caches (a cache that grows
is what is measured); target: under 2 MB growth over 1,000 visits.
Baseline (the noise floor): the same readings around as many bare "Start over" calls.

Run: .venv/bin/python bench/bench_visits.py [--visits 1000] [--size 1920x1080]
"""

from __future__ import annotations

import argparse
import gc
import os
import tempfile
import time
from pathlib import Path

from benchlib import offscreen_kiosk, result


def rss_mb() -> float:
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def visit(window, number: int) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    def tap(widget) -> None:
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton)
        QApplication.processEvents()

    window.start_over()
    tap(window.attract.start_button)
    tap(window.text_size_button)
    tap(window.contrast_button)
    tap(window.next_button)
    tap(window.text_size_button)
    tap(window.language_button)
    while window.next_button.isVisible():
        checks = list(getattr(window.screens.currentWidget(), "checks", {}).values())
        for box in checks[:2]:
            tap(box)
        tap(window.next_button)
    form = window.form
    for field, text in (("name", f"Visitor {number}"), ("phone", "2125552368")):
        form.fields[field].setFocus()
        QApplication.processEvents()
        QTest.keyClicks(form.fields[field], text)
    if number % 10 == 0:
        form.consent.setChecked(True)
        form.submit_button.click()
        QApplication.processEvents()
        if window.screens.currentWidget() is not window.thanks:
            raise RuntimeError("the request was not accepted")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=1000)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--size", default="1920x1080")
    args = parser.parse_args()
    width, height = (int(part) for part in args.size.split("x"))
    with tempfile.TemporaryDirectory(prefix="bench-visits-") as scratch:
        window = offscreen_kiosk(width, height, Path(scratch))
        from PySide6.QtCore import QObject

        for number in range(args.warmup):
            visit(window, number)
        idle_before = rss_mb()
        for _ in range(args.visits):
            window.start_over()
        idle_after = rss_mb()
        before = rss_mb()
        objects_before = (len(gc.get_objects()), len(window.findChildren(QObject)))
        start = time.monotonic()
        for number in range(args.visits):
            visit(window, args.warmup + number)
        seconds = time.monotonic() - start
        after = rss_mb()
        objects_after = (len(gc.get_objects()), len(window.findChildren(QObject)))
    growth = after - before
    print(f"{args.visits} visits in {seconds:.0f} s ({seconds / args.visits * 1000:.0f} ms each)")
    print(f"RSS {before:.1f} MB -> {after:.1f} MB; Python objects {objects_before[0]} -> "
          f"{objects_after[0]}; QObjects in the window {objects_before[1]} -> "
          f"{objects_after[1]}")  # fmt: skip
    noise = idle_after - idle_before
    result(f"Memory growth over {args.visits} visits (RSS)", f"{growth:+.2f} MB",
           f"{noise:+.2f} MB (Start over only)", "-", "< 2 MB", growth < 2)  # fmt: skip


if __name__ == "__main__":
    main()
