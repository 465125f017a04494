"""CSV and JSON export: exact round trips, formula neutralising, atomic private files."""

from __future__ import annotations

import csv
import json
import os
import shutil
import stat
import subprocess
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import phonenumbers
import pytest

from kiosk.requests.export import (
    CSV_HEADERS,
    JSON_KEYS,
    ExportError,
    dial_format,
    neutralise,
    read_json,
    write_csv,
    write_json,
)
from kiosk.requests.model import BestTime, ConsultationRequest, ContactMethod, Status
from kiosk.requests.store import SqliteRequestStore, StoreError

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions and errors")
FORMULAS = ["=1+1", "+SUM(A1)", "-2", "@cmd", "\tx", "\rx", '=HYPERLINK("http://x","y")']


def saved(name: str, **changes: object) -> ConsultationRequest:
    fields: dict[str, object] = {
        "name": name, "phone": "+12125552368", "email": None,
        "contact_method": ContactMethod.CALL, "best_time": BestTime.ANY, "note": "",
        "self_check": (), "language": "en", "id": str(uuid.uuid4()),
        "created_at": "2026-11-21T19:52:04Z", "status": Status.NEW, "reference_code": "K7Q4MC",
    }  # fmt: skip
    return ConsultationRequest(**{**fields, **changes})  # type: ignore[arg-type]


TRICKY = [
    saved("José Núñez", note="Dolor al caminar, sobre todo de pie", email="josé@bücher.de",
          contact_method=ContactMethod.EMAIL, language="es", kiosk="Lobby, 1"),
    saved("李小龙", note="腰痛 😣 three years", phone="+442079460958",
          self_check=("Leg pain when standing", "Relief when sitting, or bending")),
    saved('Anne-Marie "Annie" O\'Brien', note='Said: "call after 5", thanks\nline two\r\nthree',
          status=Status.CONTACTED, best_time=BestTime.EVENING),
    saved("Nguyễn Thị Minh Khai", phone=None, email="khai@example.com", status=Status.CLOSED),
    *(saved(formula, note=formula, self_check=(formula, "ok"), email=formula, kiosk=formula)
      for formula in FORMULAS),
]  # fmt: skip


def read_csv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_csv_round_trips_with_formulas_neutralised(tmp_path: Path) -> None:
    out = tmp_path / "requests.csv"
    assert write_csv(TRICKY, out) == len(TRICKY)
    header, *rows = read_csv(out)
    assert tuple(header) == CSV_HEADERS == (
        "Reference", "Received (UTC)", "Status", "Name", "Phone", "Email", "Preferred contact",
        "Best time", "Note", "Self-check answers", "Language", "ID", "Kiosk",
    )  # fmt: skip
    assert len(rows) == len(TRICKY)
    for row, request in zip(rows, TRICKY, strict=True):
        assert row == [
            request.reference_code,
            request.created_at,
            request.status.value.capitalize(),
            neutralise(request.name),
            dial_format(request.phone),
            neutralise(request.email or ""),
            {"call": "Call", "text": "Text", "email": "Email"}[request.contact_method],
            "Any time" if request.best_time is BestTime.ANY else request.best_time.capitalize(),
            neutralise(request.note),
            neutralise("; ".join(request.self_check)),
            request.language,
            request.id,
            neutralise(request.kiosk),
        ]
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)
    formula_rows = rows[-len(FORMULAS) :]
    assert [row[3] for row in formula_rows] == ["'" + f for f in FORMULAS]
    assert formula_rows[0][9] == "'=1+1; ok"
    assert rows[1][9] == "Leg pain when standing; Relief when sitting, or bending"
    assert rows[2][8] == 'Said: "call after 5", thanks\nline two\r\nthree'
    assert [row[12] for row in rows[:3]] == ["Lobby, 1", "", ""]  # the kiosk, or unnamed
    assert [row[12] for row in formula_rows] == ["'" + f for f in FORMULAS]


def test_csv_bytes_have_bom_crlf_and_minimal_quoting(tmp_path: Path) -> None:
    out = tmp_path / "requests.csv"
    write_csv(TRICKY[:3], out)
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfReference,Received (UTC),Status,")
    assert data.count(b"\xef\xbb\xbf") == 1
    first_row = data.split(b"\r\n")[1].decode()
    assert first_row.startswith("K7Q4MC,2026-11-21T19:52:04Z,New,José Núñez,1 (212) 555-2368,")
    assert '"Dolor al caminar, sobre todo de pie"' in first_row
    assert '"Anne-Marie ""Annie"" O\'Brien"' in data.decode("utf-8-sig")


def test_phones_are_written_as_dialled_from_the_clinic(tmp_path: Path) -> None:
    assert dial_format("+12125552368") == "1 (212) 555-2368"
    assert dial_format("+442079460958") == "011 44 20 7946 0958"
    assert dial_format(None) == dial_format("") == ""
    assert dial_format("+442079460958", "GB") == "020 7946 0958"
    # The North American shortcut says exactly what phonenumbers says.
    for e164 in ("+12125552368", "+14165550132", "+18095551234", "+16502530000"):
        number = phonenumbers.parse(e164)
        for region in ("US", "CA"):
            expected = phonenumbers.format_out_of_country_calling_number(number, region)
            assert dial_format(e164, region) == expected
    for e164 in ("+12125552368", "+442079460958", "+33142685300", "+5215512345678"):
        assert dial_format(e164)[0] not in "=+-@\t\r"


def test_json_round_trips_exactly(tmp_path: Path) -> None:
    out = tmp_path / "requests.json"
    assert write_json(TRICKY, out) == len(TRICKY)
    assert read_json(out) == TRICKY
    text = out.read_text(encoding="utf-8")
    assert "李小龙" in text and "😣" in text  # ensure_ascii=False
    data = json.loads(text)
    assert all(list(item) == list(JSON_KEYS) for item in data)
    assert data[0]["phone"] == "+12125552368"  # JSON keeps exact E.164
    assert data[1]["self_check"] == list(TRICKY[1].self_check)
    assert data[0]["kiosk"] == "Lobby, 1" and data[1]["kiosk"] == ""


def test_json_from_before_the_kiosk_was_exported_still_reads(tmp_path: Path) -> None:
    out = tmp_path / "old.json"
    write_json(TRICKY[:1], out)
    items = json.loads(out.read_text(encoding="utf-8"))
    del items[0]["kiosk"]
    out.write_text(json.dumps(items), encoding="utf-8")
    assert read_json(out) == [replace(TRICKY[0], kiosk="")]


def test_empty_exports(tmp_path: Path) -> None:
    assert write_csv([], tmp_path / "e.csv") == 0
    assert read_csv(tmp_path / "e.csv") == [list(CSV_HEADERS)]
    assert write_json([], tmp_path / "e.json") == 0
    assert read_json(tmp_path / "e.json") == []


def test_exports_are_private_and_replace_the_old_file(tmp_path: Path) -> None:
    out = tmp_path / "requests.csv"
    out.write_text("old export")
    out.chmod(0o644)
    write_csv(TRICKY[:1], out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert "José" in out.read_text(encoding="utf-8-sig")
    write_json(TRICKY[:1], tmp_path / "requests.json")
    assert stat.S_IMODE((tmp_path / "requests.json").stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["requests.csv", "requests.json"]


def test_export_from_a_real_store(tmp_path: Path) -> None:
    with SqliteRequestStore(tmp_path / "r.sqlite3", kiosk_name="=Lobby") as store:
        added = [store.add(r) for r in TRICKY]
        assert write_csv(store.export_rows(), tmp_path / "a.csv") == len(TRICKY)
        assert write_json(store.export_rows(), tmp_path / "a.json") == len(TRICKY)
    assert read_json(tmp_path / "a.json") == added
    assert {request.kiosk for request in added} == {"=Lobby"}  # the store stamps its own
    rows = read_csv(tmp_path / "a.csv")[1:]
    assert [row[3] for row in rows] == [neutralise(r.name) for r in TRICKY]
    assert {row[12] for row in rows} == {"'=Lobby"}  # SQLite's cells, neutralised too


def _really_read_only(path: Path) -> bool:
    try:
        probe = path / ".probe"
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        probe.unlink()
    except OSError:
        return True
    return False


@pytest.fixture
def read_only_dir(tmp_path: Path) -> Iterator[Path]:
    """A directory nobody, not even root, can create files in: chattr +i as root (root
    ignores mode bits), chmod 0500 otherwise. Skips unless proven read-only."""
    folder = tmp_path / "usb"
    folder.mkdir()
    (folder / "requests.csv").write_text("yesterday's export")
    if os.geteuid() == 0:
        chattr = shutil.which("chattr")
        if chattr is None or subprocess.run([chattr, "+i", folder], capture_output=True).returncode:
            pytest.skip("running as root and cannot set the immutable attribute")
        undo = [chattr, "-i", str(folder)]
    else:
        folder.chmod(0o500)
        undo = ["chmod", "700", str(folder)]
    try:
        if not _really_read_only(folder):
            pytest.skip("could not make the folder read-only for this process")
        yield folder
    finally:
        subprocess.run(undo, check=True)


@pytest.mark.parametrize("writer", [write_csv, write_json])
def test_read_only_destination_fails_cleanly(
    read_only_dir: Path, writer: Callable[..., int]
) -> None:
    with pytest.raises(ExportError) as caught:
        writer(TRICKY, read_only_dir / "new.csv")
    assert "read-only" in str(caught.value)
    with pytest.raises(ExportError):
        writer(TRICKY, read_only_dir / "requests.csv")
    assert [p.name for p in read_only_dir.iterdir()] == ["requests.csv"]
    assert (read_only_dir / "requests.csv").read_text() == "yesterday's export"


@pytest.mark.parametrize("writer", [write_csv, write_json])
def test_failure_mid_export_leaves_no_file(tmp_path: Path, writer: Callable[..., int]) -> None:
    def failing() -> Iterator[ConsultationRequest]:
        yield from TRICKY[:3]
        raise StoreError("Could not read the requests: the disk is full.", "disk_full")

    with pytest.raises(ExportError) as caught:
        writer(failing(), tmp_path / "out")
    assert list(tmp_path.iterdir()) == []
    assert str(caught.value) == "Could not export: Could not read the requests: the disk is full."


def test_missing_folder_fails_cleanly(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="does not exist"):
        write_csv(TRICKY, tmp_path / "no" / "such" / "out.csv")
