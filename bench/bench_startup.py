"""Start-up, peak memory and idle CPU of the kiosk against a bare PySide6 "hello" window.

1. Start to first painted attract screen, and peak memory (ru_maxrss), median of --runs
   child processes each (bench/startup_child.py: the real `main.py` code path, offscreen,
   full-screen 1920x1080, interleaved, after one unmeasured warm-up each); target: within
   1.5x of hello, both. The process's CPU time until that moment is shown beside the wall
   time: other processes on a shared machine do not inflate it. Also the kiosk without a
   read-aloud engine, to show that engine's cost.
2. The attract screen idling for --idle seconds (after 5 s to settle): CPU time of the
   process and its children (the read-aloud voice) / wall time, as % of one core; target:
   under 1%. Baseline: the hello window idling the same way. Also the one-off CPU of the
   voice process starting in the first seconds.
3. The PyInstaller bundle (dist/mild-kiosk, `make bundle`) against the venv, both running
   the same command: `render` until its first PNG (the attract screen) is written, and
   `validate` to its end. Skipped when there is no bundle.

Run: .venv/bin/python bench/bench_startup.py [--runs 10] [--idle 10]
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib import BUNDLE, OFFSCREEN, ROOT, median, result, spawn

CHILD = str(Path(__file__).with_name("startup_child.py"))


def startup(runs: int) -> None:
    modes = ("hello", "kiosk", "kiosk-no-speech")
    times: dict[str, list[float]] = {mode: [] for mode in modes}
    peaks: dict[str, list[float]] = {mode: [] for mode in modes}
    cpu: dict[str, list[float]] = {mode: [] for mode in modes}
    for run in range(runs + 1):
        for mode in modes:
            child = spawn([sys.executable, CHILD, mode])
            if run:  # the first of each only warms the disk cache and the .pyc files
                times[mode].append(child.seconds * 1000)
                peaks[mode].append(child.peak_rss_mb)
                cpu[mode].append(float(child.report["cpu"]) * 1000)
    for mode in modes:
        print(f"{mode:15s} start to first paint: median {median(times[mode]):6.0f} ms "
              f"(min {min(times[mode]):.0f}, max {max(times[mode]):.0f}), "
              f"peak RSS median {median(peaks[mode]):.0f} MB")  # fmt: skip
    hello_ms, hello_mb = median(times["hello"]), median(peaks["hello"])
    for mode, name in (("kiosk", ""), ("kiosk-no-speech", " (diagnosis: no speech engine)")):
        ratio = median(times[mode]) / hello_ms
        result(
            f"Start to first painted attract screen{name}",
            f"{median(times[mode]):.0f} ms",
            f"{hello_ms:.0f} ms (hello)",
            f"{ratio:.2f}x",
            "<= 1.5x",
            ratio <= 1.5,
        )
        ratio = median(cpu[mode]) / median(cpu["hello"])
        result(
            f"... the same, CPU time of the process until then{name}",
            f"{median(cpu[mode]):.0f} ms",
            f"{median(cpu['hello']):.0f} ms (hello)",
            f"{ratio:.2f}x",
            "<= 1.5x",
            ratio <= 1.5,
        )
        ratio = median(peaks[mode]) / hello_mb
        result(
            f"Peak memory at first paint (ru_maxrss){name}",
            f"{median(peaks[mode]):.0f} MB",
            f"{hello_mb:.0f} MB (hello)",
            f"{ratio:.2f}x",
            "<= 1.5x",
            ratio <= 1.5,
        )


def idle(seconds: float) -> None:
    share = {}
    for mode in ("hello", "kiosk"):
        command = [sys.executable, CHILD, mode, "--idle", str(seconds), "--settle", "5"]
        report = spawn(command).report
        own, children = float(report["idle_cpu"]), float(report["idle_children_cpu"])
        share[mode] = 100 * (own + children) / float(report["idle_wall"])
        print(f"{mode:6s} idle {seconds:.0f} s: {own * 1000:.1f} ms CPU + {children * 1000:.1f} ms "
              f"in child processes, {share[mode]:.3f}% of one core")  # fmt: skip
    extra = share["kiosk"] - share["hello"]
    result(f"Attract screen idle CPU ({seconds:.0f} s, with the voice process)",
           f"{share['kiosk']:.3f}% of a core", f"{share['hello']:.3f}% (hello)",
           f"+{extra:.3f} points", "< 1%", share["kiosk"] < 1)  # fmt: skip
    # The first seconds: the voice process starts 1 s after the first paint (a one-off cost).
    report = spawn([sys.executable, CHILD, "kiosk", "--idle", "5", "--settle", "0"]).report
    voice = float(report["idle_children_cpu"])
    result("... CPU of the first 5 s after the first paint, child processes (voice start)",
           f"{voice * 1000:.0f} ms", "0 ms (hello)", "-", "-", None)  # fmt: skip


def until_file(command: list[str], path: Path) -> float:
    """Seconds from starting `command` until `path` exists; then the command is stopped."""
    start = time.monotonic()
    process = subprocess.Popen(command, env=OFFSCREEN, cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
    try:
        while not path.exists():
            if process.poll() is not None:
                raise RuntimeError(f"{command[0]} ended before writing {path.name}")
            time.sleep(0.001)
        return time.monotonic() - start
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def to_end(command: list[str]) -> float:
    start = time.monotonic()
    subprocess.run(command, env=OFFSCREEN, cwd=ROOT, check=True, capture_output=True)
    return time.monotonic() - start


def bundle(runs: int) -> None:
    if not BUNDLE.exists():
        print(f"no bundle at {BUNDLE.relative_to(ROOT)} (make bundle): skipped")
        return
    programs = {"venv": [sys.executable, str(ROOT / "main.py")], "bundle": [str(BUNDLE)]}
    first_png: dict[str, list[float]] = {"venv": [], "bundle": []}
    validate: dict[str, list[float]] = {"venv": [], "bundle": []}
    with tempfile.TemporaryDirectory(prefix="bench-bundle-") as scratch:
        for run in range(runs + 1):
            for name, program in programs.items():
                out = Path(scratch, f"{name}-{run}")
                render = [*program, "render", "--out", str(out)]
                seconds = until_file(render, out / "01-attract.png")
                checked = to_end([*program, "validate"])
                if run:
                    first_png[name].append(seconds * 1000)
                    validate[name].append(checked * 1000)
    for name in programs:
        print(f"{name:6s} render to first PNG: median {median(first_png[name]):.0f} ms; "
              f"validate: median {median(validate[name]):.0f} ms")  # fmt: skip
    ratio = median(first_png["bundle"]) / median(first_png["venv"])
    result(
        "Bundle start to first attract PNG (`render`)",
        f"{median(first_png['bundle']):.0f} ms",
        f"{median(first_png['venv']):.0f} ms (venv)",
        f"{ratio:.2f}x",
        "-",
        None,
    )
    ratio = median(validate["bundle"]) / median(validate["venv"])
    result(
        "Bundle `validate`",
        f"{median(validate['bundle']):.0f} ms",
        f"{median(validate['venv']):.0f} ms (venv)",
        f"{ratio:.2f}x",
        "-",
        None,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--idle", type=float, default=10.0)
    parser.add_argument("--skip-idle", action="store_true")
    args = parser.parse_args()
    startup(args.runs)
    if not args.skip_idle:
        idle(args.idle)
    bundle(args.runs)


if __name__ == "__main__":
    main()
