"""Switch the kiosk off at the wall, again and again, and check nothing it acknowledged is lost.

Each cycle starts the real kiosk (tests.support.kiosk_driver) on the same data folder; it
submits requests through its UI and prints `THANKS <code> <n>` as each thank-you screen shows.
The cycle then SIGKILLs it at a random moment: a random delay after start (often mid-typing
or mid-commit), or right as the k-th thank-you appears, or a moment after it. The next cycle
starts on whatever the kill left behind (an uncheckpointed WAL, a hot journal), so every
restart is also a crash recovery. At the end:

- every request whose THANKS line was read is in the database, with the name typed for it;
- reference codes and names are unique (nothing was saved twice);
- `PRAGMA integrity_check` is "ok".

Rows that are present but were never acknowledged (killed between the commit and the print)
are allowed and counted. Workers run in parallel, each on its own data folder; with
`sealed_workers`, those workers' kiosks seal every request to a front-desk key and their
databases are read back with the private key (a sealed row that does not open is a problem).

    python -m tests.support.kill_cycles --cycles 200 [--seed N] [--workers 2] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import select
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.paths import bundle_root
from kiosk.requests.store import DB_NAME, SqliteRequestStore
from kiosk.sealing.keys import PRIVATE_KEY_FILE, PUBLIC_KEY_FILE, create_key_pair, load_private_key
from kiosk.sealing.seal import Keyring

PER_RUN = 3  # requests each kiosk would submit if nobody killed it
MAX_DELAY_S = 2.5  # random kills land anywhere in the first MAX_DELAY_S after start
HANG_S = 60.0  # no THANKS for this long: the kiosk is stuck, which is a failure
KEY_PASSPHRASE = "kill cycles passphrase"  # a throw-away key pair made for each run


@dataclass
class WorkerResult:
    """What one worker saw: acknowledged codes -> the name typed, and how cycles ended."""

    data_dir: Path
    acknowledged: dict[str, str] = field(default_factory=dict)
    cycles: int = 0
    kills: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


@dataclass
class Report:
    cycles: int
    acknowledged: int
    found: int
    unacknowledged_rows: int
    problems: list[str]
    seconds: float
    plans: dict[str, int]

    def summary(self) -> str:
        return (
            f"{self.cycles} kill cycles in {self.seconds:.1f} s: {self.acknowledged} requests "
            f"acknowledged, {self.found} of them found, {self.unacknowledged_rows} saved but "
            f"unacknowledged (killed between commit and thank-you), "
            f"{len(self.problems)} problems; kills by plan: {self.plans}"
        )


def _lines(fd: int, buffer: bytearray, deadline: float) -> list[str] | None:
    """Complete lines available before `deadline` ([] on timeout, None at end of output)."""
    timeout = max(0.0, deadline - time.monotonic())
    ready, _, _ = select.select([fd], [], [], timeout)
    if not ready:
        return []
    chunk = os.read(fd, 65536)
    if not chunk:
        return None
    buffer.extend(chunk)
    *complete, rest = buffer.split(b"\n")
    buffer[:] = rest
    return [line.decode("utf-8", "replace") for line in complete]


def one_cycle(
    data_dir: Path,
    name: str,
    rng: random.Random,
    result: WorkerResult,
    log_dir: Path,
    public_key: Path | None,
) -> None:
    """Start the kiosk, kill it at a random moment, record what it acknowledged."""
    plan = rng.choice(["delay", "at_thanks", "after_thanks"])
    stop_after = rng.randint(1, PER_RUN)
    extra = rng.uniform(0.0, 0.4)  # after_thanks: mid-way through the next patient
    stderr_path = log_dir / f"cycle-{result.cycles}.stderr"
    with open(stderr_path, "wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.support.kiosk_driver", str(data_dir), str(PER_RUN),
             "--name", name, *(["--public-key", str(public_key)] if public_key else [])],
            cwd=bundle_root(),
            stdout=subprocess.PIPE,
            stderr=stderr,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )  # fmt: skip
    assert process.stdout is not None
    started = time.monotonic()
    kill_at = started + rng.uniform(0.0, MAX_DELAY_S) if plan == "delay" else started + HANG_S
    buffer = bytearray()
    seen = 0
    ended_by_itself = False
    try:
        while time.monotonic() < kill_at:
            lines = _lines(process.stdout.fileno(), buffer, kill_at)
            if lines is None:
                ended_by_itself = True
                break
            for line in lines:
                parts = line.split()
                if len(parts) == 3 and parts[0] == "THANKS":
                    result.acknowledged[parts[1]] = name.format(n=int(parts[2]))
                    seen += 1
                    if plan == "at_thanks" and seen >= stop_after:
                        kill_at = time.monotonic()
                    elif plan == "after_thanks" and seen >= stop_after:
                        kill_at = min(kill_at, time.monotonic() + extra)
                elif line.startswith("DRIVER-ERROR"):
                    result.problems.append(f"cycle {result.cycles}: {line}")
        if plan != "delay" and seen < stop_after and not ended_by_itself:
            result.problems.append(f"cycle {result.cycles}: no THANKS within {HANG_S:.0f} s")
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        process.stdout.close()
    if ended_by_itself or process.returncode != -signal.SIGKILL:
        tail = stderr_path.read_text(errors="replace")[-2000:]
        result.problems.append(
            f"cycle {result.cycles}: kiosk ended by itself (status {process.returncode}):\n{tail}"
        )
    else:
        stderr_path.unlink()
    result.kills[plan] = result.kills.get(plan, 0) + 1
    result.cycles += 1


def worker(
    data_dir: Path, cycles: int, seed: str, number: int, public_key: Path | None
) -> WorkerResult:
    rng = random.Random(f"{seed}-{number}")
    result = WorkerResult(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    for cycle in range(cycles):
        # Names are typed on the on-screen keyboard: letters, digits and spaces only.
        name = f"Ana W{number}C{cycle} N{{n}}"
        one_cycle(data_dir, name, rng, result, data_dir.parent, public_key)
    return result


def verify(result: WorkerResult, keyring: Keyring | None) -> tuple[int, int, list[str]]:
    """(acknowledged found, rows never acknowledged, problems) for one worker's database."""
    problems = list(result.problems)
    path = result.data_dir / DB_NAME
    if not path.exists():
        return 0, 0, [*problems, f"{path}: no database"] if result.acknowledged else problems
    with sqlite3.connect(path) as db:
        integrity = db.execute("PRAGMA integrity_check").fetchall()
    with SqliteRequestStore(path, keyring=keyring) as store:  # opens sealed rows, if any
        rows = [(request.reference_code, request.name) for request in store.list()]
        if store.unopened:
            problems.append(f"{path}: sealed requests that do not open: {store.unopened[:5]}")
    if integrity != [("ok",)]:
        problems.append(f"{path}: integrity_check says {integrity}")
    codes = [code for code, _ in rows]
    names = [name for _, name in rows]
    if len(set(codes)) != len(codes):
        problems.append(f"{path}: duplicated reference codes")
    if len(set(names)) != len(names):
        duplicates = sorted({n for n in names if names.count(n) > 1})
        problems.append(f"{path}: requests saved twice: {duplicates[:5]}")
    stored = dict(rows)
    found = 0
    for code, name in result.acknowledged.items():
        if stored.get(code) == name:
            found += 1
        else:
            problems.append(f"{path}: acknowledged {code} ({name}) is {stored.get(code)!r}")
    return found, len(set(stored) - set(result.acknowledged)), problems


def run(
    cycles: int, seed: str, workers: int, root: Path, sealed_workers: frozenset[int] = frozenset()
) -> Report:
    """`cycles` in all, shared between `workers` kiosks running side by side; the workers
    numbered in `sealed_workers` seal their requests."""
    started = time.perf_counter()
    shares = [cycles // workers + (i < cycles % workers) for i in range(workers)]
    keyring = None
    if sealed_workers:
        create_key_pair(root / "keys", KEY_PASSPHRASE)
        keyring = Keyring([load_private_key(root / "keys" / PRIVATE_KEY_FILE, KEY_PASSPHRASE)])
    public = root / "keys" / PUBLIC_KEY_FILE
    with ThreadPoolExecutor(workers) as pool:
        results = list(
            pool.map(lambda i: worker(root / f"worker{i}" / "data", shares[i], seed, i,
                                      public if i in sealed_workers else None),
                     range(workers))
        )  # fmt: skip
    found = unacknowledged = 0
    problems: list[str] = []
    for number, result in enumerate(results):
        ok, extra, trouble = verify(result, keyring if number in sealed_workers else None)
        found += ok
        unacknowledged += extra
        problems += trouble
    return Report(
        cycles=sum(r.cycles for r in results),
        acknowledged=sum(len(r.acknowledged) for r in results),
        found=found,
        unacknowledged_rows=unacknowledged,
        problems=problems,
        seconds=time.perf_counter() - started,
        plans={
            plan: sum(r.kills.get(plan, 0) for r in results)
            for plan in ("delay", "at_thanks", "after_thanks")
        },
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.support.kill_cycles")
    parser.add_argument("--cycles", type=int, default=200)
    parser.add_argument("--seed", default=str(random.randrange(2**32)))
    parser.add_argument("--workers", type=int, default=min(4, os.cpu_count() or 1))
    parser.add_argument("--keep", type=Path, help="folder to keep the databases in")
    args = parser.parse_args(argv)
    print(f"kill cycles: seed {args.seed}, {args.cycles} cycles, {args.workers} workers")
    if args.keep:
        report = run(args.cycles, args.seed, args.workers, args.keep)
    else:
        with tempfile.TemporaryDirectory(prefix="kill-cycles-") as folder:
            report = run(args.cycles, args.seed, args.workers, Path(folder))
    print(report.summary())
    for problem in report.problems:
        print(f"PROBLEM: {problem}")
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main())
