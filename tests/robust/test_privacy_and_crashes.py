"""What a patient typed lives in the database and nowhere else, even when the kiosk errs.

The end-to-end test runs the real kiosk (started as `main.py` starts it) in a subprocess whose
HOME, XDG folders and TMPDIR all point into tmp_path, makes a slot raise an exception that
quotes the typed name, lets the kiosk recover, submits a request with marker values through
the UI, exits, and then reads every file the process could have written. The in-process
tests check the exception hook itself: type and file:line logged, message never, and the
kiosk back on the welcome screen.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton

from kiosk.logs import LOG_NAME, SafeFormatter, setup_logging
from kiosk.paths import bundle_root
from kiosk.requests.store import DB_NAME
from kiosk.sealing.keys import PRIVATE_KEY_FILE, PUBLIC_KEY_FILE, create_key_pair
from kiosk.session import FORM
from kiosk.ui.app import EXIT_CRASH_LOOP, CrashGuard

NAME = "Zyxmarker Qwvtest"
PHONE = "2125557319"
NOTE = "marker-note-8831"
# Every form in which the data could be written: as typed, normalised (E.164), formatted.
MARKERS = ["zyxmarker", "qwvtest", NOTE, PHONE, "+1" + PHONE, "555-7319", "5557319"]
DATABASE_FILES = {DB_NAME, DB_NAME + "-wal", DB_NAME + "-shm", DB_NAME + "-journal"}


def leaks(data: bytes) -> list[str]:
    """Markers found in a file's bytes, as UTF-8 or UTF-16 (Qt writes both), any case."""
    found = []
    for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
        text = data.decode(encoding, "ignore").casefold()
        found += [f"{m} ({encoding})" for m in MARKERS if m in text]
    return found


def private_environment(root: Path) -> dict[str, str]:
    """Everything a process might write to, moved under `root`."""
    folders = {
        "HOME": root / "home",
        "XDG_CONFIG_HOME": root / "home" / ".config",
        "XDG_DATA_HOME": root / "home" / ".local" / "share",
        "XDG_CACHE_HOME": root / "home" / ".cache",
        "XDG_STATE_HOME": root / "home" / ".local" / "state",
        "XDG_RUNTIME_DIR": root / "runtime",
        "TMPDIR": root / "tmp",
    }
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "NOTIFY_"))}
    return {**env, **{k: str(v) for k, v in folders.items()}, "QT_QPA_PLATFORM": "offscreen"}


def test_typed_data_reaches_no_file_but_the_database(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    result = subprocess.run(
        [sys.executable, "-m", "tests.support.kiosk_driver", str(data_dir), "1", "--cli",
         "--quit", "--crash-first", "--name", NAME, "--phone", PHONE, "--note", NOTE],
        cwd=bundle_root(), env=private_environment(tmp_path), capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    assert "RECOVERED" in result.stdout and "THANKS" in result.stdout, result.stdout
    assert not leaks(result.stderr.encode()), "stderr (the journal under systemd) leaks"

    scanned, leaked = [], {}
    for path in sorted(p for p in tmp_path.rglob("*") if p.is_file() and not p.is_symlink()):
        scanned.append(path.relative_to(tmp_path).as_posix())
        found = leaks(path.read_bytes())
        if path.parent == data_dir and path.name in DATABASE_FILES:
            continue
        if found:
            leaked[str(path.relative_to(tmp_path))] = found
    assert not leaked, f"patient data found outside the database: {leaked}"
    database = b"".join((data_dir / n).read_bytes() for n in DATABASE_FILES
                        if (data_dir / n).exists())  # fmt: skip
    assert leaks(database), "the scan cannot see the markers even where they must be"

    log = (data_dir / LOG_NAME).read_text(encoding="utf-8")
    assert "uncaught ValueError at " in log and "kiosk_driver.py:" in log, log
    assert f"data/{LOG_NAME}" in scanned and "data/heartbeat" in scanned, scanned
    print("scanned:", scanned)


def test_sealed_kiosk_keeps_no_typed_data_anywhere_and_the_desk_reads_it(tmp_path: Path) -> None:
    """With a front-desk public key, not even the database holds what was typed: every file
    the kiosk process could write is scanned; then `export --key` returns it exactly."""
    keys, data_dir = tmp_path / "desk-keys", tmp_path / "data"
    create_key_pair(keys, "front desk passphrase")
    env = private_environment(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "tests.support.kiosk_driver", str(data_dir), "2", "--cli",
         "--quit", "--name", NAME + " {n}", "--phone", PHONE, "--note", NOTE,
         "--public-key", str(keys / PUBLIC_KEY_FILE)],
        cwd=bundle_root(), env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    assert result.stdout.count("THANKS") == 2, result.stdout
    leaked = {
        str(path.relative_to(tmp_path)): found
        for path in sorted(p for p in tmp_path.rglob("*") if p.is_file() and not p.is_symlink())
        if (found := leaks(path.read_bytes()))
    }
    assert not leaked, f"typed data found in clear: {leaked}"
    assert (data_dir / DB_NAME).stat().st_size > 0

    out = tmp_path / "desk" / "requests.json"
    out.parent.mkdir()
    export = subprocess.run(
        [sys.executable, str(bundle_root() / "main.py"), "export", "--format", "json",
         "--out", str(out), "--data-dir", str(data_dir), "--key", str(keys / PRIVATE_KEY_FILE)],
        input="front desk passphrase\n", env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert export.returncode == 0, export.stderr
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert sorted(row["name"] for row in rows) == [f"{NAME} 0", f"{NAME} 1"]
    assert {row["note"] for row in rows} == {NOTE} and {row["phone"] for row in rows} == {
        "+1" + PHONE
    }


@pytest.fixture
def kiosk_log(data_dir: Path):
    """The kiosk's real rotating log file, attached to the root logger for one test."""
    data_dir.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    path = setup_logging(data_dir)
    yield path
    for handler in root.handlers[:]:
        if handler not in before:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


@pytest.fixture
def guard_for(qtbot):
    """Install a CrashGuard as sys.excepthook (as run() does), restoring the old hook."""
    previous = sys.excepthook
    exits: list[int] = []

    def install(window, **options) -> CrashGuard:
        guard = CrashGuard(window, quit_app=exits.append, **options)
        guard.exits = exits  # type: ignore[attr-defined]
        sys.excepthook = guard
        return guard

    yield install
    sys.excepthook = previous


def test_an_exception_in_a_slot_returns_to_the_welcome_screen(
    kiosk_window, kiosk_log: Path, guard_for, qtbot
) -> None:
    window = kiosk_window((1280, 800))
    guard_for(window)
    window.show_page(FORM)
    name = window.form.fields["name"]
    name.setText(NAME)

    def broken_slot() -> None:
        raise KeyError(f"no entry for {name.text()}")

    window.form.submit_button.clicked.connect(broken_slot)  # test-only connection
    window.form.scroll.ensureWidgetVisible(window.form.submit_button)
    QApplication.processEvents()
    QTest.mouseClick(window.form.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.screens.currentWidget() is window.attract, timeout=2000)
    assert window.screens.currentWidget().objectName() == "screen_attract"
    assert name.text() == ""

    log = kiosk_log.read_text(encoding="utf-8")
    assert "uncaught KeyError at tests/robust/test_privacy_and_crashes.py:" in log
    assert "in broken_slot" in log
    assert not leaks(log.encode()), log


def test_an_exception_in_the_staff_area_closes_it(kiosk_window, guard_for, qtbot) -> None:
    window = kiosk_window((1280, 800))
    guard_for(window)
    window.open_staff_area()
    assert window.staff.isVisible()
    trigger = QPushButton(window.staff)
    trigger.clicked.connect(lambda: 1 / 0)
    trigger.click()
    qtbot.waitUntil(lambda: not window.staff.isVisible(), timeout=2000)
    assert window.screens.currentWidget() is window.attract


class _Worker(QObject):
    """Something living in another thread (as the speech engine's worker does)."""

    poke = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.poke.connect(self.fail)

    @Slot()
    def fail(self) -> None:
        raise OSError("the engine choked on Zyxmarker")


def test_an_exception_in_another_thread_recovers_in_the_gui_thread(
    kiosk_window, guard_for, qtbot
) -> None:
    """The hook then runs in the worker's thread; touching widgets there would crash Qt."""
    window = kiosk_window((1280, 800))
    guard_for(window)
    window.show_page(FORM)
    thread = QThread()
    worker = _Worker()
    worker.moveToThread(thread)
    thread.start()
    try:
        worker.poke.emit()  # queued to the worker's thread, where the slot raises
        qtbot.waitUntil(lambda: window.screens.currentWidget() is window.attract, timeout=3000)
    finally:
        thread.quit()
        thread.wait(5000)


def test_errors_that_keep_coming_end_the_process_for_a_fresh_start(kiosk_window, guard_for) -> None:
    """Starting over is not helping if errors keep coming: exit, and let systemd restart."""
    now = [0.0]
    guard = guard_for(kiosk_window((1280, 800)), limit=5, period=60.0, clock=lambda: now[0])
    for _ in range(4):
        now[0] += 10.0
        guard(RuntimeError, RuntimeError("x"), None)
    assert guard.exits == []  # type: ignore[attr-defined]
    now[0] += 70.0  # the old ones have aged out
    guard(RuntimeError, RuntimeError("x"), None)
    assert guard.exits == []  # type: ignore[attr-defined]
    for _ in range(4):
        guard(RuntimeError, RuntimeError("x"), None)
    assert guard.exits == [EXIT_CRASH_LOOP]  # type: ignore[attr-defined]


def test_logged_tracebacks_carry_no_message(tmp_path: Path) -> None:
    """Anything in the kiosk that logs an exception (log.exception) gets type and frames
    only: the message of e.g. int("Zyxmarker") quotes the patient's text."""
    record = logging.LogRecord("kiosk.x", logging.ERROR, __file__, 1, "saving failed", None, None)
    try:
        int(NAME)
    except ValueError:
        record.exc_info = sys.exc_info()
    text = SafeFormatter("%(levelname)s %(message)s").format(record)
    assert "ValueError at tests/robust/test_privacy_and_crashes.py:" in text
    assert not leaks(text.encode()), text
