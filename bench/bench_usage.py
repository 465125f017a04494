"""Counting visits costs the patient nothing: tap → fully painted, p50/p95, with the usage
counter listening and without it, at 1920x1080 (offscreen), in the same run.

Two real kiosk windows, one counting (as `run` starts it) and one with the counter taken
off the session's listeners, walk the same rounds in turn, after one unmeasured cold round
each: Start, Next ... to the last screen, the request form, then "Start over", the tap that
ends a visit. Each sample is a
QTest click and a synchronous window.repaint(). The counter's write happens a second after a
visit ends (kiosk/ui/window.py), outside any tap; its cost is measured on its own: one
visit's counters written to the real SQLite file (WAL, synchronous=NORMAL).

Run: .venv/bin/python bench/bench_usage.py [--rounds 12] [--size 1920x1080]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from benchlib import median, offscreen_kiosk, percentile, result

FRAME_MS = 1000 / 60


def tap_ms(window, button) -> float:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    start = time.perf_counter()
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    window.repaint()
    return (time.perf_counter() - start) * 1000


def one_round(window, taps: list[float]) -> None:
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    taps.append(tap_ms(window, window.attract.start_button))
    while window.next_button.isVisible():
        taps.append(tap_ms(window, window.next_button))
    taps.append(tap_ms(window, window.start_over_button))


def listener_us(visits: int = 10_000) -> float:
    """Microseconds per event through UsageCounter alone: a visit of ten events, repeated."""
    from kiosk.session import EndReason, ScreenShown, VisitEnded
    from kiosk.usage.counter import UsageCounter

    class Discard:
        def add(self, kiosk, counts) -> None:
            pass

    flow = ["attract", *(f"s{n}" for n in range(1, 18)), "form", "thanks"]
    counter = UsageCounter(Discard(), "", flow, "en")
    events = [ScreenShown(f"s{n}") for n in range(1, 10)] + [VisitEnded(EndReason.IDLE)]
    start = time.perf_counter()
    for _ in range(visits):
        for event in events:
            counter(event)
    return (time.perf_counter() - start) * 1e6 / (visits * len(events))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--size", default="1920x1080")
    args = parser.parse_args()
    size = tuple(int(part) for part in args.size.split("x"))
    with tempfile.TemporaryDirectory(prefix="bench-usage-") as scratch:
        counting = offscreen_kiosk(*size, Path(scratch, "counting"), transition_ms=0)
        quiet = offscreen_kiosk(*size, Path(scratch, "quiet"), transition_ms=0)
        counter = getattr(counting, "usage_counter", None)
        if counter is None:
            raise SystemExit("this checkout has no usage counter")
        quiet.session.listeners.remove(quiet.usage_counter)
        for window in (quiet, counting):  # the cold round (first show of every page) apart
            one_round(window, [])
        samples: dict[str, list[float]] = {"counting": [], "quiet": []}
        flushes: list[float] = []
        for _ in range(args.rounds):
            for name, window in (("quiet", quiet), ("counting", counting)):
                one_round(window, samples[name])
            start = time.perf_counter()
            counter.flush()  # what the timer runs a second after the visit ended
            flushes.append((time.perf_counter() - start) * 1000)
        counting.close()
        quiet.close()
        for window in (counting, quiet):
            window.context.store.close()
            window.context.usage.close()
    per_event = listener_us()
    on, off = samples["counting"], samples["quiet"]
    ratio = percentile(on, 0.95) / percentile(off, 0.95)
    print(f"counting p50 {median(on):.2f} / p95 {percentile(on, 0.95):.2f} ms; "
          f"without p50 {median(off):.2f} / p95 {percentile(off, 0.95):.2f} ms")  # fmt: skip
    result(
        f"Tap to painted with usage counting, {args.size} (every tap of a visit, Start over too)",
        f"p50 {median(on):.1f} / p95 {percentile(on, 0.95):.1f} ms",
        f"p50 {median(off):.1f} / p95 {percentile(off, 0.95):.1f} ms (not counting)",
        f"{ratio:.2f}x (p95)",
        "p95 unchanged (<= 1.10x)",
        ratio <= 1.10,
    )
    result(
        "The counter's own time per session event (Qt-free, 100,000 events)",
        f"{per_event:.2f} µs", "-", "-", "-", None,
    )  # fmt: skip
    result(
        "Writing one visit's counters (a second after the visit, not in a tap)",
        f"p50 {median(flushes):.2f} / p95 {percentile(flushes, 0.95):.2f} ms",
        "-", "-", "< 16.7 ms", percentile(flushes, 0.95) < FRAME_MS,
    )  # fmt: skip


if __name__ == "__main__":
    main()
