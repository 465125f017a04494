"""Benchmark the request store against its targets (bench/RESULTS.md; docs/architecture.md).

1. Latency of 1,000 durable add() calls (WAL, synchronous=FULL), clear and sealed (HPKE to a
   front-desk key) interleaved in the same run: p50 / p95; target: under 20 ms each.
2. Exporting 100,000 requests to CSV with kiosk.requests.export.write_csv(store.export_rows())
   (what `main.py export` does: SQLite computes the cells) versus the sqlite3 shell dumping the
   same table (`sqlite3 -csv -header db "select * from requests" > out`), timed in the same
   run, best of --repeat; target: within 2x. Also shown: the per-request Python path (any
   iterable of requests, e.g. the staff screen's export) and Python's floor (raw SELECT * into
   csv.writerows, no formatting, no fsync).

Run: .venv/bin/python bench/bench_store.py [--rows 100000] [--adds 1000] [--repeat 3]
Everything happens in a temporary directory that is removed afterwards.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchlib import result

from kiosk.requests.export import write_csv, write_json
from kiosk.requests.fhir import write_fhir
from kiosk.requests.model import BestTime, ContactMethod, ValidRequest
from kiosk.requests.store import SqliteRequestStore
from kiosk.sealing.keys import PUBLIC_KEY_FILE, create_key_pair, load_public_key
from kiosk.sealing.seal import Sealer

FIRST = ["José", "Anne-Marie", "李", "Nguyễn", "Patrick", "Zoë", "Mary", "Ahmed", "Олена"]
LAST = ["Núñez", "O'Brien", "小龙", "Thị Minh Khai", "Smith", "García", "Kowalski", "Müller"]
NOTES = ["", "Mornings are best, thank you", "Back pain when walking, 3 years", "=1+1"]
CHECKS = ("Leg pain when standing", "Relief when sitting or bending forward")


def fake_request(rng: random.Random) -> ValidRequest:
    has_phone = rng.random() < 0.9
    return ValidRequest(
        name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        phone=f"+1212{rng.randrange(2_000_000, 9_999_999):07d}" if has_phone else None,
        email=f"patient{rng.randrange(10**6)}@example.com" if not has_phone else None,
        contact_method=ContactMethod.CALL if has_phone else ContactMethod.EMAIL,
        best_time=rng.choice(list(BestTime)),
        note=rng.choice(NOTES),
        self_check=CHECKS if rng.random() < 0.5 else (),
        language=rng.choice(["en", "es"]),
    )


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def bench_adds(directory: Path, adds: int, rng: random.Random) -> None:
    """Clear and sealed saves interleaved, so both see the same disk and the same load."""
    create_key_pair(directory / "keys", "bench passphrase, not secret")
    sealer = Sealer(load_public_key(directory / "keys" / PUBLIC_KEY_FILE))
    clear = SqliteRequestStore(directory / "clear.sqlite3")
    sealed = SqliteRequestStore(directory / "sealed.sqlite3", sealer=sealer)
    latencies: dict[SqliteRequestStore, list[float]] = {clear: [], sealed: []}
    with clear, sealed:
        for _ in range(adds):
            request = fake_request(rng)
            for store in (clear, sealed):
                start = time.perf_counter()
                store.add(request)
                latencies[store].append((time.perf_counter() - start) * 1000)
    (p50, p95), (s50, s95) = (
        (statistics.median(values), percentile(values, 0.95)) for values in latencies.values()
    )
    print(f"durable add() x{adds}: p50 {p50:.2f} ms, p95 {p95:.2f} ms; sealed: p50 {s50:.2f} ms,"
          f" p95 {s95:.2f} ms (target < 20 ms)")  # fmt: skip
    result("Save a request durably (WAL, synchronous=FULL)", f"p50 {p50:.2f} / p95 {p95:.2f} ms",
           "-", "-", "< 20 ms", p95 < 20)  # fmt: skip
    result("Save a sealed request durably (HPKE, then commit)",
           f"p50 {s50:.2f} / p95 {s95:.2f} ms", f"p95 {p95:.2f} ms unsealed",
           f"{s95 / p95:.2f}x", "< 20 ms", s95 < 20)  # fmt: skip


def fill(path: Path, rows: int, rng: random.Random) -> None:
    """Through the real add(), but with fsync off: filling is not what is measured."""
    with SqliteRequestStore(path) as store:
        store._conn.execute("PRAGMA synchronous = OFF")
        for _ in range(rows):
            store.add(fake_request(rng))
        store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def best_of(repeat: int, action) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def bench_export(directory: Path, rows: int, repeat: int, rng: random.Random) -> None:
    db = directory / "export.sqlite3"
    start = time.perf_counter()
    fill(db, rows, rng)
    print(f"filled {rows} rows in {time.perf_counter() - start:.1f} s (not measured)")
    shell = shutil.which("sqlite3")
    ours_csv, ours_json, theirs = directory / "ours.csv", directory / "ours.json", directory / "x"
    ours_fhir = directory / "ours.fhir.json"

    def export_csv() -> None:
        with SqliteRequestStore(db) as store:
            assert write_csv(store.export_rows(), ours_csv) == rows

    def export_csv_python() -> None:
        with SqliteRequestStore(db) as store:
            requests = (request for request in store.export_rows())  # hides select_sql
            assert write_csv(requests, ours_csv) == rows

    def export_json() -> None:
        with SqliteRequestStore(db) as store:
            assert write_json(store.export_rows(), ours_json) == rows

    def export_fhir() -> None:
        with SqliteRequestStore(db) as store:
            assert write_fhir(store.export_rows(), ours_fhir) == rows

    def sqlite_shell() -> None:
        with open(theirs, "wb") as out:
            subprocess.run([shell, "-csv", "-header", str(db), "select * from requests"],
                           stdout=out, check=True)  # fmt: skip

    t_csv = best_of(repeat, export_csv)
    t_csv_python = best_of(repeat, export_csv_python)
    t_json = best_of(repeat, export_json)
    t_fhir = best_of(repeat, export_fhir)
    print(f"export {rows} to CSV  (write_csv):  {t_csv * 1000:8.1f} ms, "
          f"{ours_csv.stat().st_size / 1e6:.1f} MB")  # fmt: skip
    print(f"export {rows} to CSV, per-request path: {t_csv_python * 1000:8.1f} ms")
    print(f"export {rows} to JSON (write_json): {t_json * 1000:8.1f} ms, "
          f"{ours_json.stat().st_size / 1e6:.1f} MB")  # fmt: skip
    print(f"export {rows} to FHIR (write_fhir): {t_fhir * 1000:8.1f} ms, "
          f"{ours_fhir.stat().st_size / 1e6:.1f} MB, {t_fhir / t_json:.1f}x JSON")  # fmt: skip
    if shell is None:
        print("sqlite3 shell not found: no ratio")
        return

    def python_floor() -> None:
        """Python's own floor: raw SELECT * rows into csv.writerows, no per-row Python code."""
        connection = sqlite3.connect(db)
        try:
            with open(directory / "floor.csv", "w", encoding="utf-8-sig", newline="") as out:
                writer = csv.writer(out, lineterminator="\r\n")
                writer.writerows(connection.execute("SELECT * FROM requests"))
        finally:
            connection.close()

    def python_read() -> None:
        """Only reading the rows into Python (no CSV, no file): the bare cost of sqlite3."""
        connection = sqlite3.connect(db)
        try:
            for _row in connection.execute("SELECT * FROM requests"):
                pass
        finally:
            connection.close()

    t_shell = best_of(repeat, sqlite_shell)
    t_floor = best_of(repeat, python_floor)
    t_read = best_of(repeat, python_read)
    print(f"sqlite3 -csv -header shell:        {t_shell * 1000:8.1f} ms, "
          f"{theirs.stat().st_size / 1e6:.1f} MB")  # fmt: skip
    print(f"python floor (SELECT * -> csv.writerows): {t_floor * 1000:.1f} ms")
    print(f"ratio CSV / shell:  {t_csv / t_shell:.2f}x (target <= 2x)")
    print(f"ratio CSV per-request path / shell: {t_csv_python / t_shell:.2f}x")
    print(f"ratio floor / shell: {t_floor / t_shell:.2f}x (Python's raw SELECT * to csv)")
    print(f"ratio JSON / shell: {t_json / t_shell:.2f}x")
    ratio = t_csv / t_shell
    result(
        f"Export {rows:,} requests to CSV (`export`)",
        f"{t_csv * 1000:.0f} ms",
        f"{t_shell * 1000:.0f} ms (sqlite3 shell)",
        f"{ratio:.2f}x",
        "<= 2x",
        ratio <= 2,
    )
    result(
        "... per-request Python path (staff screen)",
        f"{t_csv_python * 1000:.0f} ms",
        f"{t_shell * 1000:.0f} ms (sqlite3 shell)",
        f"{t_csv_python / t_shell:.2f}x",
        "-",
        None,
    )
    result(
        "... Python floor: raw SELECT * to csv.writerows",
        f"{t_floor * 1000:.0f} ms",
        f"{t_shell * 1000:.0f} ms (sqlite3 shell)",
        f"{t_floor / t_shell:.2f}x",
        "-",
        None,
    )
    result(
        "... Python only reading the rows (no CSV)",
        f"{t_read * 1000:.0f} ms",
        f"{t_shell * 1000:.0f} ms (sqlite3 shell)",
        f"{t_read / t_shell:.2f}x",
        "-",
        None,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--adds", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(1)
    with tempfile.TemporaryDirectory(prefix="bench-store-") as tmp:
        bench_adds(Path(tmp), args.adds, rng)
        bench_export(Path(tmp), args.rows, args.repeat, rng)


if __name__ == "__main__":
    main()
