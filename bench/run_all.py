"""Run every bench (each in its own process) and print the results as one Markdown table.

    .venv/bin/python bench/run_all.py [--update bench/RESULTS.md] [--quick]

--update replaces the table between the `<!-- results -->` markers of that file (the rest,
the analysis, is written by hand). --quick: fewer runs and visits, for a smoke test.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib import BENCH, OFFSCREEN, machine

START, END = "<!-- results -->", "<!-- /results -->"


def scripts(quick: bool) -> list[list[str]]:
    if quick:
        return [
            ["bench_startup.py", "--runs", "2", "--idle", "2"],
            ["bench_next.py", "--rounds", "3"],
            ["bench_visits.py", "--visits", "30", "--warmup", "5"],
            ["bench_store.py", "--rows", "10000", "--adds", "100", "--repeat", "1"],
            ["bench_pg.py", "--kiosks", "2", "--requests", "100"],
            ["bench_usage.py", "--rounds", "3"],
            ["bench_monkey.py", "--events", "3000", "--warmup", "300", "--sample", "1000"],
        ]
    return [
        ["bench_startup.py"], ["bench_next.py"], ["bench_visits.py"], ["bench_store.py"],
        ["bench_pg.py"], ["bench_usage.py"], ["bench_monkey.py"],
    ]  # fmt: skip


def table(rows: list[dict[str, str]], header: str) -> str:
    lines = [
        header,
        "",
        "| measure | kiosk | baseline (same run) | ratio | target | met |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        cells = [row[key].replace("|", "/") for key in ("name", "value", "baseline", "ratio")]
        lines.append(f"| {' | '.join(cells)} | {row['target']} | {row['met']} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", type=Path, help="Markdown file whose results to replace")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    header = f"Measured {machine()}" + (" (--quick)" if args.quick else "") + "."
    with tempfile.NamedTemporaryFile(suffix=".jsonl") as collected:
        env = {**OFFSCREEN, "BENCH_RESULTS": collected.name}
        for script, *options in scripts(args.quick):
            print(f"\n=== {script} {' '.join(options)}", flush=True)
            start = time.monotonic()
            subprocess.run([sys.executable, str(BENCH / script), *options], env=env, check=True)
            print(f"=== {script}: {time.monotonic() - start:.0f} s", flush=True)
        rows = [json.loads(line) for line in Path(collected.name).read_text().splitlines()]
    text = table(rows, header)
    print("\n" + text)
    if args.update:
        document = args.update.read_text(encoding="utf-8")
        before, _, rest = document.partition(START)
        _, _, after = rest.partition(END)
        args.update.write_text(f"{before}{START}\n{text}\n{END}{after}", encoding="utf-8")
        print(f"\nupdated {os.path.relpath(args.update)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
