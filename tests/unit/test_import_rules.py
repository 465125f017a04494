"""Only kiosk/ui imports PySide6: the Qt-free layers must stay importable (and testable,
and usable from the command line) without it. Each check runs in a fresh interpreter,
since this test process may already have imported Qt for other tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.paths import bundle_root
from kiosk.requests.model import BestTime, ContactMethod, ValidRequest
from kiosk.requests.stores import open_store

QT_FREE = [
    "kiosk.content", "kiosk.content.loader", "kiosk.requests", "kiosk.requests.store",
    "kiosk.requests.stores", "kiosk.requests.export", "kiosk.requests.exporters",
    "kiosk.staff", "kiosk.staff.audit", "kiosk.staff.status", "kiosk.staff.exporting",
    "kiosk.staff.formatting", "kiosk.staff.wording", "kiosk.session", "kiosk.paths",
    "kiosk.staff_commands", "kiosk.cli", "kiosk.context", "kiosk.settings", "kiosk.usage.counter",
    "kiosk.usage.store", "kiosk.usage.report", "kiosk.usage.table", "kiosk.usage.sample",
    "kiosk.stats_command",
    "kiosk.requests.fhir", "kiosk.doctor", "kiosk.content.reload",
]  # fmt: skip
# Run main.py's command line, then fail if anything imported PySide6.
CLI_WITHOUT_QT = (
    "import sys, runpy; sys.argv = ['main.py'] + sys.argv[1:]\n"
    "try:\n    runpy.run_path('main.py', run_name='__main__')\n"
    "except SystemExit as done:\n    code = done.code\n"
    "else:\n    code = 0\n"
    "assert 'PySide6' not in sys.modules, 'PySide6 was imported'\n"
    "assert 'pydantic' not in sys.modules, 'a test-only library was imported'\n"
    "sys.exit(code)\n"
)


def python(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=bundle_root(), capture_output=True, text=True, timeout=120
    )


def imports_qt(module: str) -> bool:
    check = f"import sys, {module}; assert 'PySide6' not in sys.modules"
    done = python("-c", check)
    assert done.returncode in (0, 1), done.stderr  # 1: the assertion; anything else: broken
    return done.returncode != 0


@pytest.mark.parametrize("module", QT_FREE)
def test_qt_free_module_does_not_import_pyside6(module: str) -> None:
    assert not imports_qt(module)


def test_the_check_fails_for_a_module_that_imports_pyside6() -> None:
    assert imports_qt("kiosk.ui.staff.table")


def test_validate_runs_without_pyside6() -> None:
    done = python("-c", CLI_WITHOUT_QT, "validate")
    assert done.returncode == 0, done.stderr


def test_export_runs_without_pyside6(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with open_store(data) as store:
        store.add(ValidRequest("Ann Lee", "+12125552368", None, ContactMethod.CALL,
                               BestTime.ANY, "", (), "en"))  # fmt: skip
    for fmt in ("csv", "json", "fhir"):  # fhir: plain JSON, never the test-only FHIR library
        out = tmp_path / f"out.{fmt}"
        args = ["export", "--out", str(out), "--format", fmt, "--data-dir", str(data)]
        done = python("-c", CLI_WITHOUT_QT, *args)
        assert done.returncode == 0, done.stderr
        assert "wrote 1 requests" in done.stdout and out.is_file()


def test_the_cli_check_fails_when_a_command_imports_pyside6(tmp_path: Path) -> None:
    done = python("-c", CLI_WITHOUT_QT, "render", "--out", str(tmp_path), "--size", "640x480")
    assert done.returncode != 0 and "PySide6 was imported" in done.stderr
