"""Key pairs and sealing: real keys, real files, real processes for the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.paths import bundle_root
from kiosk.sealing.keys import (
    PRIVATE_KEY_FILE,
    PUBLIC_KEY_FILE,
    SealingKeyError,
    create_key_pair,
    load_private_key,
    load_public_key,
)
from kiosk.sealing.seal import SEAL_FORMAT, Keyring, SealedRecordError, seal

PASS = "correct horse battery staple"
FIELDS = {"name": "José Núñez 李小龙 👩\u200d⚕️", "phone": "+12125552368", "note": 'a "quote"\n'}


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("keys") / "desk"
    create_key_pair(folder, PASS)
    return folder


def keys_cli(*args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(bundle_root() / "main.py"), "keys", *args],
        input=stdin, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_round_trip_with_the_right_key(pair: Path):
    public = load_public_key(pair / PUBLIC_KEY_FILE)
    private = load_private_key(pair / PRIVATE_KEY_FILE, PASS)
    blob = seal(FIELDS, public, "id-1")
    assert b"Jos" not in blob and "李".encode() not in blob
    assert Keyring([private]).open(blob, public.key_id, "id-1", SEAL_FORMAT) == FIELDS


def test_each_seal_differs_even_for_the_same_fields(pair: Path):
    public = load_public_key(pair / PUBLIC_KEY_FILE)
    assert seal(FIELDS, public, "id-1") != seal(FIELDS, public, "id-1")


def test_private_key_file_is_private_and_passphrase_protected(pair: Path):
    assert (pair / PRIVATE_KEY_FILE).stat().st_mode & 0o777 == 0o600
    assert b"ENCRYPTED PRIVATE KEY" in (pair / PRIVATE_KEY_FILE).read_bytes()


def test_wrong_passphrase_is_one_clear_line(pair: Path):
    with pytest.raises(SealingKeyError, match="wrong passphrase") as caught:
        load_private_key(pair / PRIVATE_KEY_FILE, "not the passphrase")
    assert "\n" not in str(caught.value)


def test_public_key_given_where_the_private_key_belongs(pair: Path):
    with pytest.raises(SealingKeyError, match="not a private key"):
        load_private_key(pair / PUBLIC_KEY_FILE, PASS)


def test_private_key_given_to_the_kiosk_is_refused(pair: Path):
    with pytest.raises(SealingKeyError, match="this is the private key"):
        load_public_key(pair / PRIVATE_KEY_FILE)


def test_damaged_key_files(pair: Path, tmp_path: Path):
    body = (pair / PRIVATE_KEY_FILE).read_text().splitlines()
    body[2] = body[2][:10] + ("A" if body[2][10] != "A" else "B") + body[2][11:]
    damaged = tmp_path / PRIVATE_KEY_FILE
    damaged.write_text("\n".join(body) + "\n")
    with pytest.raises(SealingKeyError, match="damaged"):
        load_private_key(damaged, PASS)
    garbage = tmp_path / PUBLIC_KEY_FILE
    garbage.write_text("-----BEGIN PUBLIC KEY-----\nnonsense\n-----END PUBLIC KEY-----\n")
    with pytest.raises(SealingKeyError, match="damaged"):
        load_public_key(garbage)
    with pytest.raises(SealingKeyError, match="no such"):
        load_public_key(tmp_path / "missing.pem")


def test_flipped_byte_is_reported_by_id_only(pair: Path):
    public = load_public_key(pair / PUBLIC_KEY_FILE)
    ring = Keyring([load_private_key(pair / PRIVATE_KEY_FILE, PASS)])
    blob = bytearray(seal(FIELDS, public, "id-7"))
    blob[40] ^= 0x01
    with pytest.raises(SealedRecordError) as caught:
        ring.open(bytes(blob), public.key_id, "id-7", SEAL_FORMAT)
    assert str(caught.value) == "request id-7: altered or damaged; skipped"


def test_a_blob_moved_onto_another_record_does_not_open(pair: Path):
    public = load_public_key(pair / PUBLIC_KEY_FILE)
    ring = Keyring([load_private_key(pair / PRIVATE_KEY_FILE, PASS)])
    blob = seal(FIELDS, public, "id-a")
    with pytest.raises(SealedRecordError, match="altered"):
        ring.open(blob, public.key_id, "id-b", SEAL_FORMAT)


def test_another_clinics_key_and_rotation(pair: Path, tmp_path: Path):
    create_key_pair(tmp_path / "new", PASS)
    old_public = load_public_key(pair / PUBLIC_KEY_FILE)
    new_public = load_public_key(tmp_path / "new" / PUBLIC_KEY_FILE)
    old_private = load_private_key(pair / PRIVATE_KEY_FILE, PASS)
    new_private = load_private_key(tmp_path / "new" / PRIVATE_KEY_FILE, PASS)
    assert old_public.key_id != new_public.key_id
    before, after = seal(FIELDS, old_public, "r1"), seal(FIELDS, new_public, "r2")
    with pytest.raises(SealedRecordError, match="another key"):
        Keyring([new_private]).open(before, old_public.key_id, "r1", SEAL_FORMAT)
    both = Keyring([old_private, new_private])
    assert both.open(before, old_public.key_id, "r1", SEAL_FORMAT) == FIELDS
    assert both.open(after, new_public.key_id, "r2", SEAL_FORMAT) == FIELDS


def test_unknown_format_is_refused(pair: Path):
    public = load_public_key(pair / PUBLIC_KEY_FILE)
    ring = Keyring([load_private_key(pair / PRIVATE_KEY_FILE, PASS)])
    with pytest.raises(SealedRecordError, match="unknown format"):
        ring.open(seal(FIELDS, public, "x"), public.key_id, "x", SEAL_FORMAT + 1)


def test_cli_creates_keys_from_one_line_of_stdin(tmp_path: Path):
    result = keys_cli("create", "--out", str(tmp_path / "k"), stdin=PASS + "\n")
    assert result.returncode == 0, result.stderr
    assert load_private_key(tmp_path / "k" / PRIVATE_KEY_FILE, PASS).key_id == load_public_key(
        tmp_path / "k" / PUBLIC_KEY_FILE
    ).key_id
    if os.name == "posix":
        assert (tmp_path / "k" / PRIVATE_KEY_FILE).stat().st_mode & 0o777 == 0o600


def test_cli_refuses_a_short_passphrase_and_overwriting(tmp_path: Path):
    short = keys_cli("create", "--out", str(tmp_path / "k"), stdin="too short\n")
    assert short.returncode == 2 and "at least 12 characters" in short.stderr
    assert not (tmp_path / "k" / PRIVATE_KEY_FILE).exists()
    assert keys_cli("create", "--out", str(tmp_path / "k"), stdin=PASS + "\n").returncode == 0
    before = (tmp_path / "k" / PRIVATE_KEY_FILE).read_bytes()
    again = keys_cli("create", "--out", str(tmp_path / "k"), stdin=PASS + "\n")
    assert again.returncode == 2 and "already exists" in again.stderr
    assert "Traceback" not in again.stderr
    assert (tmp_path / "k" / PRIVATE_KEY_FILE).read_bytes() == before
