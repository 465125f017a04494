"""The device settings file: defaults when absent, every mistake as FILE:LINE, CLI exit 2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.content.loader import ContentError
from kiosk.context import build_context
from kiosk.paths import bundle_root
from kiosk.settings import DeviceSettings, load_settings


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "settings.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_missing_file_means_the_defaults(tmp_path: Path):
    assert load_settings(tmp_path / "settings.yaml") == DeviceSettings()


def test_a_missing_file_given_on_purpose_is_reported(tmp_path: Path):
    with pytest.raises(ContentError, match=r"settings\.yaml"):
        load_settings(tmp_path / "settings.yaml", required=True)


def test_every_setting_is_read(tmp_path: Path):
    path = write(
        tmp_path,
        "kiosk_name: lobby-1\nretention_days: 7\nstaff_lock_seconds: 60\n"
        "idle_timeout_seconds: 45\nhide_cursor: false\n"
        f"store_url: sqlite:///{tmp_path}/db/requests.sqlite3\n",
    )
    settings = load_settings(path, idle_warning_seconds=30)
    assert settings == DeviceSettings(
        kiosk_name="lobby-1",
        store_url=f"sqlite:///{tmp_path}/db/requests.sqlite3",
        retention_days=7,
        staff_lock_seconds=60,
        idle_timeout_seconds=45,
        hide_cursor=False,
    )


@pytest.mark.parametrize(
    ("text", "line", "phrase"),
    [
        ("kiosk_name: a\nretention_days: 0\n", 2, "`retention_days` must be 1 to 3650 days"),
        ("staff_lock_seconds: soon\n", 1, "`staff_lock_seconds` must be a whole number"),
        ("hide_cursor: maybe\n", 1, "`hide_cursor` must be true or false"),
        ("\n\nretension_days: 7\n", 3, "did you mean `retention_days`?"),
        ("store_url: postgres://x\n", 1, "`store_url`: name the database after the last slash"),
        ("store_url: sqlite:///db.sqlite3\n", 1, "`store_url` sqlite:///db.sqlite3: the path"),
        ("idle_timeout_seconds: 25\n", 1, "must be more than content.yaml's"),
        ("retention_days: [1\n", 1, ""),
    ],
)
def test_mistakes_are_named_by_file_and_line(tmp_path: Path, text: str, line: int, phrase: str):
    path = write(tmp_path, text)
    with pytest.raises(ContentError) as raised:
        load_settings(path, idle_warning_seconds=30)
    message = str(raised.value)
    assert f"{path}:{line}: " in message and phrase in message


def test_the_context_opens_the_store_the_settings_name(tmp_path: Path, content_file: Path):
    from kiosk.content.loader import load_content

    (tmp_path / "elsewhere").mkdir()  # the store factory creates no folders: a typo must not
    url = f"sqlite:///{tmp_path}/elsewhere/requests.sqlite3"
    context = build_context(
        load_content(content_file), tmp_path / "data", DeviceSettings(store_url=url)
    )
    try:
        assert (tmp_path / "elsewhere" / "requests.sqlite3").exists()
        assert context.idle_timeout_seconds == context.content.kiosk.idle_timeout_seconds
    finally:
        context.store.close()


def test_the_cli_reports_a_bad_settings_file_in_one_line(tmp_path: Path):
    path = write(tmp_path, "retention_days: forever\n")
    result = subprocess.run(
        [sys.executable, str(bundle_root() / "main.py"), "validate", "--settings", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"{path}:1: `retention_days` must be a whole number of days, like 30"
    )


def test_public_key_beside_the_settings_file_seals_the_store(tmp_path: Path, content_file: Path):
    from kiosk.content.loader import load_content
    from kiosk.sealing.keys import create_key_pair

    create_key_pair(tmp_path / "keys", "correct horse battery")
    settings = load_settings(write(tmp_path, "public_key: keys/public-key.pem\n"))
    assert settings.public_key == str((tmp_path / "keys" / "public-key.pem").resolve())
    context = build_context(load_content(content_file), tmp_path / "data", settings)
    try:
        assert context.store.sealer is not None and context.store.sealer.key_id
    finally:
        context.store.close()


def test_a_missing_public_key_is_named_by_file_and_line(tmp_path: Path):
    path = write(tmp_path, "kiosk_name: lobby\npublic_key: nowhere/public-key.pem\n")
    with pytest.raises(ContentError, match=rf"{path}:2: `public_key`: no file "):
        load_settings(path)


def test_run_refuses_the_private_key_in_one_line(tmp_path: Path):
    from kiosk.sealing.keys import create_key_pair

    create_key_pair(tmp_path / "keys", "correct horse battery")
    private = tmp_path / "keys" / "private-key.pem"
    result = subprocess.run(
        [sys.executable, str(bundle_root() / "main.py"), "run", "--windowed",
         "--data-dir", str(tmp_path / "data"), "--public-key", str(private)],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"error: {private}: this is the private key; the kiosk needs only public-key.pem"
    )


def test_a_store_password_only_in_a_private_file(tmp_path: Path):
    path = write(tmp_path, "store_password: s3cret-Pa55\nkeep_forwarded: true\n")
    path.chmod(0o600)
    settings = load_settings(path)
    assert settings.store_password == "s3cret-Pa55" and settings.keep_forwarded is True
    path.chmod(0o640)
    with pytest.raises(ContentError) as caught:
        load_settings(path)
    message = str(caught.value)
    assert f"{path}:1:" in message and "chmod 600" in message and "s3cret" not in message


def test_a_postgresql_store_saves_locally_and_forwards(tmp_path: Path, content_file: Path):
    """The kiosk's store stays its own SQLite file; a forwarder (and the forwarded audit)
    are added for the server. No server needed: it only has to start and wait."""
    from kiosk.content.loader import load_content
    from kiosk.staff.shared_audit import ForwardedAuditLog

    settings = DeviceSettings(
        store_url=f"postgresql://mild_kiosk@/clinic?host={tmp_path}", kiosk_name="lobby"
    )
    context = build_context(load_content(content_file), tmp_path / "data", settings)
    try:
        assert context.store.path == tmp_path / "data" / "requests.sqlite3"
        assert isinstance(context.audit, ForwardedAuditLog)
        assert context.forwarder is not None and context.forwarder.pending() == (0, None)
    finally:
        context.forwarder.stop()
        context.store.close()
