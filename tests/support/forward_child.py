"""A kiosk's saving and forwarding without its window, for the forwarding kill cycles and
bench/: saves requests through the store API (SqliteRequestStore.add, as the form does),
prints `ACK <id> <ms>` the moment each add returns (the patient would be thanked then), and
forwards in the background (kiosk/requests/forwarding.py) until killed.

    python -m tests.support.forward_child DATA_DIR URL --count N [--prefix P] [--kiosk NAME]
        [--batch B] [--poll S] [--drain] [--usage]

URL `-`: save only, no forwarding (SQLite alone), and exit. The store password comes from the
environment (KIOSK_STORE_PASSWORD), never argv. --drain: after the adds, wait until the
server has confirmed everything, print `DRAINED`, exit 0. --usage: after each add, count one
visit in the usage counters (USAGE_KEY) too, so kills also land while counters forward.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sqlite3
import sys
import threading
import time
from pathlib import Path

from kiosk.requests.forwarding import Forwarder, unsent
from kiosk.requests.model import BestTime, ContactMethod, ValidRequest
from kiosk.requests.store import DB_NAME, SqliteRequestStore
from kiosk.usage.store import SqliteUsageStore

USAGE_KEY = ("2026-01-05", 9, "visits", "")  # (day, hour, metric, key) the --usage visits go to


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("url")
    parser.add_argument("--count", type=int, default=0)
    parser.add_argument("--prefix", default="Forward")
    parser.add_argument("--kiosk", default="")
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--drain", action="store_true")
    parser.add_argument("--usage", action="store_true")
    parser.add_argument("--poll", type=float, default=0.02, help="the kiosk's default is 1 s")
    args = parser.parse_args()
    args.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    store = SqliteRequestStore(args.data_dir / DB_NAME)
    usage = SqliteUsageStore(store.path) if args.usage else None
    if args.url == "-":  # SQLite only: the baseline of bench/bench_pg.py
        forwarder = None
    else:
        forwarder = Forwarder(
            store.path, args.url, os.environ.get("KIOSK_STORE_PASSWORD", ""), kiosk=args.kiosk,
            poll_seconds=args.poll, batch=args.batch,
        )  # fmt: skip
        forwarder.start()
    for number in range(args.count):
        started = time.perf_counter()
        saved = store.add(ValidRequest(
            f"{args.prefix} {number}", "+12125552368", None, ContactMethod.CALL,
            BestTime.ANY, "", (), "en",
        ))  # fmt: skip
        elapsed_ms = (time.perf_counter() - started) * 1000
        print(f"ACK {saved.id} {elapsed_ms:.3f}", flush=True)
        if usage is not None:
            usage.add(args.kiosk, {USAGE_KEY: 1})
    if forwarder is None:
        return 0
    if args.drain:
        pause = threading.Event()
        with contextlib.closing(sqlite3.connect(store.path)) as local:
            while unsent(local)[0] or local.execute(  # the file, not the forwarder's last look
                "SELECT count(*) FROM usage_counts WHERE value != sent_value"
            ).fetchone()[0]:
                pause.wait(0.02)
        print("DRAINED", flush=True)
        forwarder.stop()
        return 0
    threading.Event().wait()  # forward until killed
    return 0


if __name__ == "__main__":
    sys.exit(main())
