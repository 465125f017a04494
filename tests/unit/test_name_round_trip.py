"""Names and notes with joiners and non-joiners come back byte for byte from the store and
from every export; bidi overrides never reach either."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.requests.export import read_json, write_csv, write_json
from kiosk.requests.model import RequestDraft, ValidRequest
from kiosk.requests.store import SqliteRequestStore
from kiosk.requests.validation import BIDI_CONTROLS, validate

PERSIAN = "مهرداد\u200c زمانی"  # Mehrdad Zamani: the non-joiner keeps the final dāl apart
DOCTOR = "👩\u200d⚕️ Ana"  # woman + ZWJ + staff of Aesculapius + VS16: one emoji
NOTE = "پیاده\u200cروی سخت است 👨\u200d👩\u200d👧"  # "walking is hard", a family emoji


def stored(tmp_path: Path, name: str, note: str = "") -> tuple[SqliteRequestStore, str]:
    result = validate(RequestDraft(name=name, note=note, email="a@example.com", consent=True))
    assert isinstance(result, ValidRequest), result
    store = SqliteRequestStore(tmp_path / "requests.sqlite3")
    return store, store.add(result).id


@pytest.mark.parametrize("name", [PERSIAN, DOCTOR])
def test_joined_names_come_back_byte_identical_from_store_csv_and_json(
    tmp_path: Path, name: str
) -> None:
    store, request_id = stored(tmp_path, name, NOTE)
    with store:
        saved = store.get(request_id)
        assert saved.name.encode() == name.encode() and saved.note.encode() == NOTE.encode()
        write_csv(store.export_rows(), tmp_path / "fast.csv")  # SQLite computes the cells
        write_csv(store.list(), tmp_path / "plain.csv")  # the same cells in Python
        write_json(store.list(), tmp_path / "out.json")
    for csv_file in ("fast.csv", "plain.csv"):
        data = (tmp_path / csv_file).read_bytes()
        assert name.encode() in data and NOTE.encode() in data, csv_file
    data = (tmp_path / "out.json").read_bytes()
    assert name.encode() in data and NOTE.encode() in data  # written as UTF-8, not \u escapes
    (row,) = json.loads(data)
    assert row["name"].encode() == name.encode() and row["note"].encode() == NOTE.encode()
    (back,) = read_json(tmp_path / "out.json")
    assert back.name == name


def test_bidi_overrides_are_still_removed_before_storing_and_exporting(tmp_path: Path) -> None:
    store, request_id = stored(tmp_path, f"\u202e{PERSIAN}\u202c \u2067Ana\u2069", "x\u202dy")
    with store:
        saved = store.get(request_id)
        write_csv(store.export_rows(), tmp_path / "out.csv")
        write_json(store.list(), tmp_path / "out.json")
    assert saved.name == f"{PERSIAN} Ana" and saved.note == "xy"
    for out in ("out.csv", "out.json"):
        text = (tmp_path / out).read_text(encoding="utf-8-sig")
        assert not BIDI_CONTROLS & set(text), out
        assert PERSIAN in text
