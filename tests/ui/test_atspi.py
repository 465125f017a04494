"""The running kiosk as a screen reader hears it: AT-SPI, the tree Orca reads on Linux.

The kiosk runs under Xvfb with QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 inside a private D-Bus
session with its own AT-SPI bus; tests/support/atspi_walk.py (the system's python3 with
pyatspi) walks the tree on the welcome screen, an information screen, the warning signs and
the form, pressing buttons by name between them, and on the form after an empty send. Skipped,
with the reason, where those system parts are missing (scripts/system-deps test installs
them)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.paths import bundle_root

BUS_LAUNCHER = Path("/usr/libexec/at-spi-bus-launcher")
SYSTEM_PYTHON = Path("/usr/bin/python3")
WALKER = bundle_root() / "tests" / "support" / "atspi_walk.py"

# Only the walker writes to standard output; what the script started ends with it.
SCRIPT = """\
{launcher} --launch-immediately >/dev/null &
Xvfb :{display} -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
# The kiosk exits at once if the display is not up yet (a loaded machine): wait for it.
for _ in $(seq 300); do [ -S /tmp/.X11-unix/X{display} ] && break; sleep 0.1; done
DISPLAY=:{display} QT_QPA_PLATFORM=xcb QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 \\
    {python} {main} --windowed --data-dir {data} --idle-timeout 600 >/dev/null 2>&1 &
DISPLAY=:{display} {system_python} -I {walker} 60
kill $(jobs -p) 2>/dev/null
"""


def missing() -> str:
    """Why the live tree cannot be walked here ("" when it can)."""
    for tool in ("dbus-run-session", "Xvfb"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (scripts/system-deps test)"
    if not BUS_LAUNCHER.is_file():
        return f"{BUS_LAUNCHER} is missing: install at-spi2-core (scripts/system-deps test)"
    probe = subprocess.run([str(SYSTEM_PYTHON), "-I", "-c", "import pyatspi"],
                           capture_output=True, timeout=30)  # fmt: skip
    if probe.returncode != 0:
        return "the system python3 has no pyatspi: install python3-pyatspi (system-deps test)"
    return ""


def free_display() -> int:
    for number in range(140, 400):
        if not Path(f"/tmp/.X{number}-lock").exists():
            return number
    raise AssertionError("no free X display number")


@pytest.fixture(scope="module")
def steps(tmp_path_factory) -> dict[str, list[list[str]]]:
    reason = missing()
    if reason:
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("atspi")
    script = folder / "session.sh"
    script.write_text(SCRIPT.format(
        launcher=BUS_LAUNCHER, display=free_display(), python=sys.executable,
        main=bundle_root() / "main.py", data=folder / "data", system_python=SYSTEM_PYTHON,
        walker=WALKER,
    ))  # fmt: skip
    process = subprocess.Popen(
        ["dbus-run-session", "--", "bash", str(script)], stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL, text=True, start_new_session=True,
    )  # fmt: skip
    try:
        out, _ = process.communicate(timeout=240)
    finally:  # the kiosk, Xvfb and the buses started for this test, and nothing else
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    found = {}
    for line in out.splitlines():
        report = json.loads(line)
        assert "error" not in report, report.get("error")
        found[report["step"]] = report["nodes"]
    if not found:
        pytest.skip("the accessibility bus started but the kiosk never appeared on it")
    return found


def named(nodes: list[list[str]], role: str) -> list[str]:
    return [name for node_role, name, _description in nodes if node_role == role]


def test_the_welcome_picture_is_an_image_with_its_words(steps, content):
    images = named(steps["welcome"], "image")
    assert content.screens[0].caption.get("en") in images
    assert content.clinic.name in images  # the logo
    assert "Touch here to start" in named(steps["welcome"], "push button")


def test_an_information_screen_has_its_drawing_and_its_step(steps, content):
    info = steps["info"]
    caption = content.screens[1].caption.get("en")
    assert caption in named(info, "image")
    assert caption not in named(info, "filler") + named(info, "panel")  # no anonymous panel
    assert f"Step 1 of {len(content.screens) - 1}" in named(info, "progress bar")
    warning = content.screen("urgent").caption.get("en")
    assert warning in named(steps["warning_signs"], "image")


def test_the_form_names_its_fields_and_its_errors_are_alerts(steps, content):
    form = steps["form"]
    fields = named(form, "text")
    for key in ("name_label", "phone_label"):
        assert content.form_text(key, "en") in fields
    alerts = named(steps["form_errors"], "alert")
    assert content.form_text("error_name_required", "en") in alerts
    assert all(alerts)  # every alert says what is wrong
