"""Small helpers shared by the bench scripts: statistics, child processes, the machine."""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
BUNDLE = ROOT / "dist" / "mild-kiosk" / "mild-kiosk"
OFFSCREEN = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (p50 of [1, 2, 3, 4] is 3)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def median(values: list[float]) -> float:
    return statistics.median(values)


@dataclass
class ChildResult:
    seconds: float  # from just before the child was started to its reported moment
    peak_rss_mb: float  # ru_maxrss of the child
    report: dict[str, str]  # the child's "key value" lines


def spawn(command: list[str], env: dict[str, str] | None = None) -> ChildResult:
    """Run `command` to its end and return its report: "key value" lines on stdout, where
    `t_mono` is the child's time.monotonic() at the moment measured (one clock for every
    process on Linux). The child is reaped with os.wait4 to read its own ru_maxrss."""
    read_end, write_end = os.pipe()
    with tempfile.TemporaryFile() as errors:
        start = time.monotonic()
        pid = os.posix_spawn(
            command[0], command, env or OFFSCREEN,
            file_actions=[(os.POSIX_SPAWN_DUP2, write_end, 1), (os.POSIX_SPAWN_CLOSE, read_end),
                          (os.POSIX_SPAWN_DUP2, errors.fileno(), 2)],
        )  # fmt: skip
        os.close(write_end)
        with os.fdopen(read_end, "rb") as pipe:
            text = pipe.read().decode()
        _, status, usage = os.wait4(pid, 0)
        if os.waitstatus_to_exitcode(status):
            errors.seek(0)
            sys.stderr.write(errors.read().decode(errors="replace"))
            raise RuntimeError(f"{' '.join(command)} failed ({os.waitstatus_to_exitcode(status)})")
    report = dict(line.split(" ", 1) for line in text.splitlines() if " " in line)
    seconds = float(report["t_mono"]) - start if "t_mono" in report else float("nan")
    return ChildResult(seconds, usage.ru_maxrss / 1024, report)


def machine() -> str:
    """One line: date, CPU model, cores, RAM, OS, Python."""
    model = "unknown CPU"
    with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="utf-8") as meminfo:
        ram_gib = int(meminfo.readline().split()[1]) / 1024**2
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (
        f"{time.strftime('%Y-%m-%d %H:%M')}, {model}, nproc {os.cpu_count()}, "
        f"{ram_gib:.1f} GiB RAM, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, load average at the start {load}"
    )


def result(name: str, value: str, baseline: str, ratio: str, target: str, met: bool | None) -> None:
    """Print one result line, and append it to $BENCH_RESULTS (JSON lines) for run_all.py."""
    verdict = {True: "yes", False: "NO", None: "-"}[met]
    print(f"RESULT {name}: {value} | baseline {baseline} | {ratio} | target {target} | {verdict}")
    if os.environ.get("BENCH_RESULTS"):
        row = {"name": name, "value": value, "baseline": baseline, "ratio": ratio,
               "target": target, "met": verdict}  # fmt: skip
        with open(os.environ["BENCH_RESULTS"], "a", encoding="utf-8") as out:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def kiosk_code_root() -> Path:
    """The checkout whose kiosk code is measured: $KIOSK_CODE (e.g. another worktree, to
    measure a baseline with the same bench scripts) or this one."""
    return Path(os.environ.get("KIOSK_CODE", ROOT)).resolve()


def offscreen_kiosk(width: int, height: int, data_dir: Path, transition_ms: int | None = None):
    """The real KioskWindow (offscreen), shown at width x height, on its own throw-away store,
    with every page built (as the idle turns after the first paint leave it);
    `transition_ms` replaces content.yaml's page slide (0: none)."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    sys.path.insert(0, str(kiosk_code_root()))
    import dataclasses

    from PySide6.QtWidgets import QApplication

    from kiosk import paths
    from kiosk.content.loader import load_content
    from kiosk.ui.app import application
    from kiosk.ui.window import KioskWindow

    content = load_content(paths.default_content_file())
    if transition_ms is not None:
        kiosk = dataclasses.replace(content.kiosk, transition_ms=transition_ms)
        content = dataclasses.replace(content, kiosk=kiosk)
    application()
    try:
        from kiosk.context import build_context
    except ImportError:  # a checkout from before the context object
        try:
            from kiosk.requests.stores import open_store
        except ImportError:  # ... and from before the store factory
            from kiosk.requests.store import open_store

        window = KioskWindow(content, open_store(data_dir), data_dir)
    else:
        window = KioskWindow(build_context(content, data_dir))
    window.resize(width, height)
    window.show()
    window.activateWindow()  # fields only take focus in the active window
    QApplication.processEvents()
    if hasattr(window, "build_all_pages"):
        window.build_all_pages()
    # The idle turns after the first paint (polishing pages ahead, where the kiosk does).
    from PySide6.QtTest import QTest

    for _ in range(1000):
        if not getattr(window, "catching_up", getattr(window, "_idle_work_queued", False)):
            break
        QTest.qWait(5)
    return window
