"""Several kiosks forwarding to one PostgreSQL server (a throwaway local one, Unix socket).

- 5 kiosk processes x 1,000 requests each, saved through the store API (SqliteRequestStore
  .add, as the form does) while each forwards in the background: every request on the server
  exactly once; forwarding throughput (all 5,000 saved and confirmed, from the first save);
  p95 acknowledge latency (the add returning) beside the same 5 x 1,000 with SQLite alone.
- 1,000 requests queued while the server was down: time from its start to all forwarded.

    .venv/bin/python bench/bench_pg.py [--kiosks 5] [--requests 1000]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchlib import result

from kiosk.paths import bundle_root
from kiosk.requests.forwarding import unsent
from kiosk.requests.postgres import PostgresRequestStore
from kiosk.requests.store import DB_NAME
from tests.support.pg_server import DESK, DESK_PASSWORD, KIOSK, KIOSK_PASSWORD, PgServer, binaries


def children(work: Path, url: str, kiosks: int, count: int, *extra: str) -> list[subprocess.Popen]:
    return [
        subprocess.Popen(
            [sys.executable, "-m", "tests.support.forward_child", str(work / f"kiosk{n}"), url,
             "--count", str(count), "--kiosk", f"kiosk{n}", "--poll", "1", *extra],
            cwd=bundle_root(), stdout=subprocess.PIPE, text=True,
            env={**os.environ, "KIOSK_STORE_PASSWORD": KIOSK_PASSWORD},
        )
        for n in range(kiosks)
    ]


def latencies(processes: list[subprocess.Popen]) -> list[float]:
    found = []
    for process in processes:
        out, _ = process.communicate(timeout=600)
        assert process.returncode == 0, "a kiosk process failed"
        found += [float(line.split()[2]) for line in out.splitlines() if line.startswith("ACK ")]
    return found


def p95(values: list[float]) -> float:
    return sorted(values)[int(0.95 * (len(values) - 1))]


def latency_row(name: str, forwarded: list[float], alone: list[float]) -> None:
    def cell(values: list[float]) -> str:
        return f"p50 {sorted(values)[len(values) // 2]:.2f} / p95 {p95(values):.2f} ms"

    result(
        name, cell(forwarded) + " while forwarding", cell(alone) + " (SQLite alone)",
        f"{p95(forwarded) / p95(alone):.2f}x (p95)", "unchanged; < 20 ms", p95(forwarded) < 20,
    )  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kiosks", type=int, default=5)
    parser.add_argument("--requests", type=int, default=1000)
    args = parser.parse_args()
    bin_dir = binaries()
    if bin_dir is None:
        print("bench_pg: PostgreSQL server binaries not installed; skipped")
        return 0
    server = PgServer.start(bin_dir)
    try:
        with tempfile.TemporaryDirectory() as folder:
            work = Path(folder)
            database = server.new_database()
            PostgresRequestStore(server.url(DESK, database), DESK_PASSWORD).close()
            total = args.kiosks * args.requests

            alone = latencies(children(work / "alone", "-", args.kiosks, args.requests))
            start = time.perf_counter()
            forwarded = latencies(children(work / "pg", server.url(KIOSK, database),
                                           args.kiosks, args.requests, "--drain"))  # fmt: skip
            elapsed = time.perf_counter() - start
            with PostgresRequestStore(server.url(DESK, database), DESK_PASSWORD) as desk:
                ids = [request.id for request in desk.export_rows()]
            exact = len(ids) == total and len(set(ids)) == total
            result(
                f"{args.kiosks} kiosks x {args.requests:,} requests forwarded to one server",
                f"{len(set(ids)):,} distinct of {len(ids):,} rows", f"{total:,} saved", "-",
                "all, exactly once", exact,
            )  # fmt: skip
            result(
                "... forwarding throughput (first save to last confirmed)",
                f"{total / elapsed:,.0f} requests/s ({elapsed:.1f} s)", "-", "-", "-", None,
            )  # fmt: skip
            latency_row(f"... acknowledge latency, {args.kiosks} kiosks and the server on "
                        "this one machine", forwarded, alone)  # fmt: skip
            one = server.new_database()
            PostgresRequestStore(server.url(DESK, one), DESK_PASSWORD).close()
            alone = latencies(children(work / "alone1", "-", 1, args.requests))
            forwarded = latencies(
                children(work / "pg1", server.url(KIOSK, one), 1, args.requests, "--drain")
            )
            latency_row("... acknowledge latency, one kiosk (as on its own PC)", forwarded, alone)

            catch_up = server.new_database()
            PostgresRequestStore(server.url(DESK, catch_up), DESK_PASSWORD).close()
            server.pg_ctl("stop")
            (kiosk,) = children(work / "down", server.url(KIOSK, catch_up), 1, args.requests)
            for _ack in range(args.requests):  # each saved while the server is down
                kiosk.stdout.readline()
            server.pg_ctl("start")
            start = time.perf_counter()
            with sqlite3.connect(work / "down" / "kiosk0" / DB_NAME) as local:
                while (left := unsent(local)[0]) and time.perf_counter() - start < 120:
                    time.sleep(0.05)
            waited = time.perf_counter() - start
            kiosk.kill()
            kiosk.wait()
            result(
                f"{args.requests:,} queued while the server was down: all forwarded after it "
                "starts", f"{waited:.1f} s ({left} left)", "-", "-", "< 60 s",
                waited < 60 and left == 0,
            )  # fmt: skip
    finally:
        server.stop_and_remove()
    return 0


if __name__ == "__main__":
    sys.exit(main())
