"""A request the patient was told is sent survives the process being killed right then."""

from __future__ import annotations

import os
import select
import signal
import sqlite3
import subprocess
import sys

from kiosk.paths import bundle_root


def test_request_survives_sigkill_at_the_thank_you_screen(tmp_path):
    data_dir = tmp_path / "data"
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.support.kiosk_driver", str(data_dir), "1"],
        cwd=bundle_root(),
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    try:
        # Wait (at most 60 s) for the thank-you screen, then kill at once.
        ready, _, _ = select.select([process.stdout], [], [], 60)
        line = process.stdout.readline() if ready else ""
        process.send_signal(signal.SIGKILL)
    finally:
        process.kill()
        process.wait(timeout=30)
    assert line.startswith("THANKS "), line
    code = line.split()[1]
    with sqlite3.connect(data_dir / "requests.sqlite3") as db:
        rows = db.execute(
            "SELECT name, phone FROM requests WHERE reference_code = ?", (code,)
        ).fetchall()
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert rows == [("Ana Durable 0", "+12125552368")]
