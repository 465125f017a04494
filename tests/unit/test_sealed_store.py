"""Sealed requests in a real SQLite store, and their export from the real command line."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import pytest

from kiosk.paths import bundle_root
from kiosk.requests.model import BestTime, ContactMethod, ValidRequest
from kiosk.requests.store import DB_NAME, SqliteRequestStore, personal_fields
from kiosk.sealing.keys import (
    PRIVATE_KEY_FILE,
    PUBLIC_KEY_FILE,
    create_key_pair,
    load_private_key,
    load_public_key,
)
from kiosk.sealing.seal import Keyring, Sealer

PASS = "correct horse battery staple"
MARKERS = ("Zqxmarker Núñez", "+12125550147", "zqx.marker@example.org", "zqx note marker")


def request(name: str = MARKERS[0], phone: str | None = MARKERS[1]) -> ValidRequest:
    return ValidRequest(
        name=name, phone=phone, email=MARKERS[2], contact_method=ContactMethod.TEXT,
        best_time=BestTime.EVENING, note=MARKERS[3], self_check=("Legs ache 🦵",), language="es",
    )  # fmt: skip


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("desk")
    create_key_pair(folder / "old", PASS)
    create_key_pair(folder / "new", PASS)
    return folder


def sealer(keys: Path, which: str = "old") -> Sealer:
    return Sealer(load_public_key(keys / which / PUBLIC_KEY_FILE))


def keyring(keys: Path, *which: str) -> Keyring:
    return Keyring(load_private_key(keys / w / PRIVATE_KEY_FILE, PASS) for w in which)


def export_cli(data_dir: Path, out: Path, *keys: Path, stdin: str = "", fmt: str = "json"):
    args = [sys.executable, str(bundle_root() / "main.py"), "export", "--out", str(out),
            "--format", fmt, "--data-dir", str(data_dir)]  # fmt: skip
    for key in keys:
        args += ["--key", str(key)]
    return subprocess.run(args, input=stdin, capture_output=True, text=True, timeout=120)


def every_byte(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def test_every_personal_field_is_sealed():
    """A field added to the request later must be sealed too: it has to be named here."""
    personal = set(personal_fields(request()))
    clear = {"language"}  # shown at the desk to pick the caller's language
    assert personal | clear == {f.name for f in fields(ValidRequest)}


def test_nothing_personal_reaches_the_disk_in_clear(tmp_path: Path, keys: Path):
    with SqliteRequestStore(tmp_path / DB_NAME, sealer=sealer(keys)) as store:
        saved = store.add(request())
        assert saved.name == MARKERS[0]  # the thank-you screen still has it, in memory
    raw = every_byte(tmp_path)
    for marker in (*MARKERS, "Nunez", "2125550147", "Legs ache"):
        assert marker.encode() not in raw and marker.encode("utf-16-le") not in raw


def test_front_desk_opens_with_the_key_and_searches(tmp_path: Path, keys: Path):
    with SqliteRequestStore(tmp_path / DB_NAME, sealer=sealer(keys)) as kiosk:
        saved = kiosk.add(request())
        kiosk.add(request(name="Ana Pérez", phone="+13055550123"))
    with SqliteRequestStore(tmp_path / DB_NAME, keyring=keyring(keys, "old")) as desk:
        assert desk.get(saved.id) == saved
        assert [r.name for r in desk.list(search="nunez")] == [MARKERS[0]]
        assert [r.name for r in desk.list(search="305555")] == ["Ana Pérez"]
        assert [r.id for r in desk.list(search=saved.reference_code)] == [saved.id]
        assert len(desk.list()) == 2 and desk.locked_count() == 0


def test_without_a_key_sealed_requests_are_neither_listed_nor_exported(
    tmp_path: Path, keys: Path
):
    with SqliteRequestStore(tmp_path / DB_NAME, sealer=sealer(keys)) as kiosk:
        kiosk.add(request())
    with SqliteRequestStore(tmp_path / DB_NAME) as desk:
        assert desk.list() == [] and desk.locked_count() == 1
        assert sum(desk.counts().values()) == 1  # the desk still sees that one is waiting
    out = tmp_path / "out.json"
    result = export_cli(tmp_path, out)
    assert result.returncode == 2 and not out.exists()
    assert "1 requests are sealed" in result.stderr and "--key" in result.stderr
    assert "Traceback" not in result.stderr


def test_export_with_the_key_returns_every_marker_exactly(tmp_path: Path, keys: Path):
    with SqliteRequestStore(tmp_path / DB_NAME, sealer=sealer(keys)) as kiosk:
        kiosk.add(request())
    out = tmp_path / "out.json"
    result = export_cli(tmp_path, out, keys / "old" / PRIVATE_KEY_FILE, stdin=PASS + "\n")
    assert result.returncode == 0, result.stderr
    [row] = json.loads(out.read_text(encoding="utf-8"))
    assert (row["name"], row["phone"], row["email"], row["note"]) == MARKERS
    assert row["contact_method"] == "text" and row["self_check"] == ["Legs ache 🦵"]
    csv_out = tmp_path / "out.csv"
    result = export_cli(
        tmp_path, csv_out, keys / "old" / PRIVATE_KEY_FILE, stdin=PASS + "\n", fmt="csv"
    )
    assert result.returncode == 0, result.stderr
    assert MARKERS[0] in csv_out.read_text(encoding="utf-8-sig")


def test_wrong_passphrase_writes_nothing(tmp_path: Path, keys: Path):
    with SqliteRequestStore(tmp_path / DB_NAME, sealer=sealer(keys)) as kiosk:
        kiosk.add(request())
    out = tmp_path / "out.json"
    result = export_cli(tmp_path, out, keys / "old" / PRIVATE_KEY_FILE, stdin="wrong one!!!!\n")
    assert result.returncode == 2 and not out.exists()
    assert "wrong passphrase" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_rotated_keys_both_open_with_two_key_files(tmp_path: Path, keys: Path):
    with SqliteRequestStore(tmp_path / DB_NAME, sealer=sealer(keys, "old")) as kiosk:
        kiosk.add(request(name="Before Rotation"))
    with SqliteRequestStore(tmp_path / DB_NAME, sealer=sealer(keys, "new")) as kiosk:
        kiosk.add(request(name="After Rotation"))
    out = tmp_path / "out.json"
    only_new = export_cli(tmp_path, out, keys / "new" / PRIVATE_KEY_FILE, stdin=PASS + "\n")
    assert only_new.returncode == 2 and "1 requests are sealed" in only_new.stderr
    both = export_cli(
        tmp_path, out, keys / "new" / PRIVATE_KEY_FILE, keys / "old" / PRIVATE_KEY_FILE,
        stdin=PASS + "\n" + PASS + "\n",
    )  # fmt: skip
    assert both.returncode == 0, both.stderr
    names = {row["name"] for row in json.loads(out.read_text(encoding="utf-8"))}
    assert names == {"Before Rotation", "After Rotation"}


def test_a_tampered_record_is_skipped_and_named_by_id(tmp_path: Path, keys: Path):
    with SqliteRequestStore(tmp_path / DB_NAME, sealer=sealer(keys)) as kiosk:
        good = kiosk.add(request(name="Intact Person"))
        bad = kiosk.add(request(name="Tampered Person"))
    with sqlite3.connect(tmp_path / DB_NAME) as conn:
        blob = bytearray(conn.execute("SELECT sealed FROM requests WHERE id = ?", (bad.id,))
                         .fetchone()[0])  # fmt: skip
        blob[-3] ^= 0x40
        conn.execute("UPDATE requests SET sealed = ? WHERE id = ?", (bytes(blob), bad.id))
    out = tmp_path / "out.json"
    result = export_cli(tmp_path, out, keys / "old" / PRIVATE_KEY_FILE, stdin=PASS + "\n")
    assert result.returncode == 0, result.stderr
    assert f"skipped 1 sealed requests altered on disk ({bad.id})" in result.stdout
    assert "Tampered" not in result.stdout + result.stderr
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert [row["id"] for row in rows] == [good.id]
    with SqliteRequestStore(tmp_path / DB_NAME, keyring=keyring(keys, "old")) as desk:
        assert [r.id for r in desk.list()] == [good.id] and desk.unopened == [bad.id]


def test_clear_and_sealed_requests_export_together(tmp_path: Path, keys: Path):
    """A kiosk that was given a key later: old clear rows and new sealed rows, one file."""
    with SqliteRequestStore(tmp_path / DB_NAME) as kiosk:
        kiosk.add(request(name="Clear Before"))
    with SqliteRequestStore(tmp_path / DB_NAME, sealer=sealer(keys)) as kiosk:
        kiosk.add(request(name="Sealed After"))
    out = tmp_path / "out.csv"
    result = export_cli(
        tmp_path, out, keys / "old" / PRIVATE_KEY_FILE, stdin=PASS + "\n", fmt="csv"
    )
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8-sig")
    assert "Clear Before" in text and "Sealed After" in text
    if os.name == "posix":
        assert out.stat().st_mode & 0o777 == 0o600
