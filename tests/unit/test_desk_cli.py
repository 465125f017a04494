"""`python main.py desk` refuses what it cannot use before any window opens: one line on
stderr, exit code 2, never a traceback (real processes, real files)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.sealing.keys import PRIVATE_KEY_FILE, PUBLIC_KEY_FILE, create_key_pair
from tests.unit.test_cli import ROOT, run

PASS = "correct horse battery staple"


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("keys")
    create_key_pair(folder, PASS)
    return folder


def refused(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    return lines[0]


def test_bad_store_urls_are_one_line(tmp_path: Path) -> None:
    data = ("--data-dir", str(tmp_path / "data"))
    assert "the path must be absolute" in refused(run("desk", "--store", "sqlite:///x.db", *data))
    assert "not a store URL" in refused(run("desk", "--store", "requests.db", *data))
    missing = f"sqlite:///{tmp_path}/no-such-folder/requests.sqlite3"
    assert "no folder" in refused(run("desk", "--store", missing, *data))


def test_an_unusable_key_file_is_one_line(tmp_path: Path, keys: Path) -> None:
    data = ("--data-dir", str(tmp_path / "data"))
    missing = refused(run("desk", "--key", str(tmp_path / "nope.pem"), *data))
    assert "no such private key file" in missing
    public = refused(run("desk", "--key", str(keys / PUBLIC_KEY_FILE), *data))
    assert "this is not a private key" in public


def test_a_wrong_piped_passphrase_is_one_line(tmp_path: Path, keys: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "desk", "--key", str(keys / PRIVATE_KEY_FILE),
         "--data-dir", str(tmp_path / "data")],
        input="not the passphrase\n", capture_output=True, text=True, timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    line = refused(result)
    assert "wrong passphrase" in line and "not the passphrase" not in line


def test_help_says_how_to_set_the_desks_pin() -> None:
    result = run("desk", "--help")
    assert result.returncode == 0
    assert "set-pin" in result.stdout and "--data-dir" in result.stdout



def test_a_piped_passphrase_opens_the_key_and_no_input_asks_on_screen(
    keys: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiosk.desk import check_key_file, piped_keyring

    key = check_key_file(keys / PRIVATE_KEY_FILE)
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASS + "\n"))
    keyring = piped_keyring(key)
    assert keyring is not None and len(keyring.key_ids()) == 1
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # nothing piped: asked in the window
    assert piped_keyring(key) is None


def test_an_unreachable_postgresql_server_is_one_line(tmp_path: Path) -> None:
    """The desk opens the server itself (not the desk PC's own file) and says why it cannot."""
    url = f"postgresql://mild_desk@/clinic?host={tmp_path}&port=5999"
    line = refused(run("desk", "--store", url, "--data-dir", str(tmp_path / "data")))
    assert "PostgreSQL server: the server could not be reached." in line
    assert not (tmp_path / "data" / "requests.sqlite3").exists()
