"""The command line as a clinic's IT person uses it: real processes, real files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from kiosk.paths import bundle_root

ROOT = bundle_root()


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})},
    )


def test_validate_bundled_content_prints_a_summary():
    result = run("validate")
    assert result.returncode == 0, result.stderr
    assert "OK" in result.stdout and "screens" in result.stdout


def test_validate_broken_content_names_file_and_line(tmp_path: Path):
    text = (ROOT / "content.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "content.yaml"
    broken.write_text(text.replace("idle_timeout_seconds:", "idle_timout_seconds:", 1), "utf-8")
    (tmp_path / "assets").symlink_to(ROOT / "assets")
    line = text[: text.index("idle_timeout_seconds:")].count("\n") + 1
    result = run("validate", "--content", str(broken))
    assert result.returncode == 2
    assert f"{broken}:{line}:" in result.stderr
    assert "idle_timeout_seconds" in result.stderr  # the did-you-mean hint
    assert "Traceback" not in result.stderr


def test_validate_missing_file_is_a_message_not_a_traceback(tmp_path: Path):
    result = run("validate", "--content", str(tmp_path / "nope.yaml"))
    assert result.returncode == 2
    assert "nope.yaml" in result.stderr and "Traceback" not in result.stderr


def test_render_bad_size_is_refused():
    result = run("render", "--out", "/tmp/unused", "--size", "big")
    assert result.returncode == 2
    assert "WIDTHxHEIGHT" in result.stderr
