"""Benchmark the front desk's refresh: what a poll every few seconds costs with many requests.

1. The query (worker thread): `store.list()` over --rows requests, median of --repeat.
2. The GUI thread: `RequestTableModel.set_requests` with the answer of a poll (one new
   request on top of the same rows, one status changed), which updates the rows in place,
   beside a full model reset of the same rows in the same run (the baseline: what every
   refresh did before). p95 of --rounds; target: under one 60 Hz frame (16.7 ms).

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_desk.py [--rows 10000]
Everything happens in a temporary directory that is removed afterwards.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_store import fake_request
from benchlib import percentile, result
from PySide6.QtWidgets import QApplication

from kiosk.requests.model import Status
from kiosk.requests.store import SqliteRequestStore
from kiosk.ui.staff.table import RequestTableModel

FRAME_MS = 1000 / 60


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    QApplication.instance() or QApplication([])
    rng = random.Random(14)
    with tempfile.TemporaryDirectory() as scratch:
        store = SqliteRequestStore(Path(scratch) / "requests.sqlite3", kiosk_name="Lobby")
        for _ in range(args.rows):
            store.add(fake_request(rng))
        query_ms = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            rows = store.list()
            query_ms.append((time.perf_counter() - start) * 1000)
        newest = store.add(fake_request(rng))
        store.close()
    model = RequestTableModel()
    in_place, reset = [], []
    for round_ in range(args.rounds):
        model.set_requests(rows)  # the list as the last poll left it
        changed = list(rows)
        changed[round_ % len(rows)] = replace(rows[round_ % len(rows)], status=Status.CLOSED)
        answer = [newest, *changed]
        start = time.perf_counter()
        model.set_requests(answer)
        in_place.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        model.beginResetModel()  # the baseline: every refresh a reset
        model.endResetModel()
        model.set_requests([])
        model.set_requests(answer)
        reset.append((time.perf_counter() - start) * 1000)
    query = sorted(query_ms)[len(query_ms) // 2]
    result(f"desk query, {args.rows} requests (worker thread)", f"{query:.1f} ms", "-", "-",
           "off the GUI thread", None)  # fmt: skip
    p95, base = percentile(in_place, 0.95), percentile(reset, 0.95)
    result(f"desk poll answer on the GUI thread, {args.rows} rows, p95", f"{p95:.2f} ms",
           f"reset {base:.2f} ms", f"{p95 / base:.2f}x", f"< {FRAME_MS:.1f} ms",
           p95 < FRAME_MS)  # fmt: skip


if __name__ == "__main__":
    main()
