"""Memory over a long random run: the monkey of tests/robust (random taps, swipes, keys,
typing, idle timeouts, the staff shortcut, sent requests) on the real KioskWindow.

After the monkey's warm-up tour (every page, keyboard and overlay in each text size, theme
and language) and --warmup random events (5% of the run: what a random run reaches only
late for the first time, such as the first PIN-pad tone loading QtMultimedia or glyphs typed
at each size, is a one-off, not a day's growth), RSS is read; then --events more events, reading
RSS every --sample events. Each reading follows the monkey's `settle()` (garbage
collection, deferred deletes, freed heap handed back); Qt's caches are never emptied.
Baseline (the noise floor): the same readings around one bare "Start over" per 60 events
(the monkey's pace of visits). Target: under 5 MB growth over 200,000 events.

Run: .venv/bin/python bench/bench_monkey.py [--events 200000] [--size 1920x1080] [--seed N]
(~25 events a second here: 200,000 take about two hours).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

from benchlib import ROOT, offscreen_kiosk, result

EVENTS_PER_VISIT = 60  # the monkey ends about one visit (Start over, idle, thanks) per 60


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--warmup", type=int, default=10_000)
    parser.add_argument("--sample", type=int, default=25_000)
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--seed", type=int, default=20261202)
    args = parser.parse_args()
    width, height = (int(part) for part in args.size.split("x"))
    sys.path.insert(0, str(ROOT))  # tests.support.monkey
    with tempfile.TemporaryDirectory(prefix="bench-monkey-") as scratch:
        window = offscreen_kiosk(width, height, Path(scratch))
        from tests.support.monkey import Monkey, rss_bytes, settle

        monkey = Monkey(window, random.Random(args.seed))
        monkey.warm_up()
        for _ in range(args.warmup):
            monkey.step()
        monkey.back_to_attract()
        settle()
        idle_before = rss_bytes()
        for _ in range(args.events // EVENTS_PER_VISIT):
            window.start_over()
        settle()
        noise = (rss_bytes() - idle_before) / 2**20
        before = rss_bytes()
        curve, start = [], time.monotonic()
        for number in range(1, args.events + 1):
            monkey.step()
            if number % 500 == 0:
                monkey.back_to_attract()  # as the test does: the way out always works
            if number % args.sample == 0 and number < args.events:
                settle()
                curve.append(f"{number}: {(rss_bytes() - before) / 2**20:+.2f}")
        monkey.back_to_attract()
        settle()
        growth = (rss_bytes() - before) / 2**20
        seconds = time.monotonic() - start
    if monkey.failures:
        raise SystemExit(f"the monkey saw {len(monkey.failures)} exceptions (seed {args.seed})")
    print(f"{args.events} events in {seconds:.0f} s; RSS growth (MB) by event: "
          f"{', '.join([*curve, f'{args.events}: {growth:+.2f}'])}")  # fmt: skip
    result(f"Memory growth over {args.events} monkey events (RSS)", f"{growth:+.2f} MB",
           f"{noise:+.2f} MB (Start over only)", "-", "< 5 MB", growth < 5)  # fmt: skip


if __name__ == "__main__":
    main()
