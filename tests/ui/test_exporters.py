"""Every registered exporter through both doors: the command line and the staff area's
export page. Real SQLite, real files, read back; the same audit record either way."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from kiosk.paths import bundle_root
from kiosk.requests import exporters
from kiosk.requests.export import read_json
from kiosk.requests.exporters import Exporter, exporter_ids, register
from kiosk.requests.fhir import KIOSK_NOTE
from kiosk.requests.model import ConsultationRequest
from kiosk.requests.stores import open_store
from kiosk.staff.audit import AUDIT_FILE, AuditLog
from kiosk.ui.staff.panel import StaffPanel
from tests.ui.test_staff_support import button, fill, settle, show_in_window, tap


def read_back(path: Path, fmt: str) -> list[str]:
    """Reference codes in the file, as another program would read them."""
    if fmt == "csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return [row["Reference"] for row in csv.DictReader(handle)]
    if fmt == "json":
        return [request.reference_code for request in read_json(path)]
    if fmt == "fhir":
        entries = json.loads(path.read_text(encoding="utf-8")).get("entry", [])
        resources = [entry["resource"] for entry in entries]
        return [r["identifier"][1]["value"] for r in resources if "identifier" in r]
    return path.read_text(encoding="utf-8").split()


def kiosks_named(path: Path, fmt: str) -> set[str]:
    """Which kiosks the file says its requests came from, as another program reads it."""
    if fmt == "csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return {row["Kiosk"] for row in csv.DictReader(handle)}
    if fmt == "json":
        return {request.kiosk for request in read_json(path)}
    entries = json.loads(path.read_text(encoding="utf-8"))["entry"]
    notes = [n["text"] for e in entries for n in e["resource"].get("note", [])]
    lead = KIOSK_NOTE.format(kiosk="")
    return {note.removeprefix(lead) for note in notes if note.startswith(lead)}


def exports(data: Path) -> list[dict]:
    lines = (data / AUDIT_FILE).read_text().splitlines()
    return [event for event in map(json.loads, lines) if event["event"] == "export"]


def _write_codes(requests: Iterable[ConsultationRequest], path: Path, region: str) -> int:
    codes = [request.reference_code for request in requests]
    path.write_text("\n".join(codes), encoding="utf-8")
    return len(codes)


@pytest.fixture
def codes_exporter() -> Iterator[Exporter]:
    """A third format, registered the way a new one (FHIR) will be, then removed."""
    exporter = register(Exporter("codes", "Reference codes (test)", "txt", _write_codes))
    yield exporter
    del exporters._REGISTRY[exporter.id]


@pytest.fixture
def panel(qtbot, tmp_path: Path, codes_exporter: Exporter):
    data, usb = tmp_path / "data", tmp_path / "usb"
    usb.mkdir()
    store = open_store(data)
    store.kiosk_name = "Lobby"
    requests = fill(store, 3)
    panel = StaffPanel(store, AuditLog(data), 600, find_destinations=lambda: [usb])
    window = show_in_window(qtbot, panel, (1920, 1080))
    panel.refresh()
    settle(qtbot, panel)
    tap(qtbot, button(panel, "exportButton"))
    yield panel, requests, data, usb
    del window
    store.close()


@pytest.mark.parametrize("fmt", ["csv", "json", "fhir", "codes"])
def test_each_exporter_from_the_staff_page(qtbot, panel, fmt: str) -> None:
    panel, requests, data, usb = panel
    tap(qtbot, button(panel, f"export_{fmt}"))
    tap(qtbot, button(panel, "exportNow"))
    [path] = list(usb.iterdir())
    suffix = exporters.get_exporter(fmt).suffix
    assert path.name.endswith(f".{suffix}")
    assert sorted(read_back(path, fmt)) == sorted(r.reference_code for r in requests)
    if fmt != "codes":  # every real format says which kiosk each request came from
        assert kiosks_named(path, fmt) == {"Lobby"}
    [event] = exports(data)
    assert event == {**event, "count": 3, "destination": str(path), "format": fmt}


def test_the_page_has_one_button_per_exporter(panel) -> None:
    panel, *_ = panel
    buttons = [b.objectName() for b in panel.export_page.format_group.buttons()]
    assert buttons == [f"export_{fmt}" for fmt in exporter_ids()]
    assert "export_codes" in buttons and "export_fhir" in buttons and len(buttons) == 4


@pytest.mark.parametrize("fmt", ["csv", "json", "fhir"])
def test_each_exporter_from_the_command_line(tmp_path: Path, fmt: str) -> None:
    data = tmp_path / "data"
    with open_store(data) as store:
        store.kiosk_name = "Second floor"
        requests = fill(store, 3)
    out = tmp_path / f"requests.{fmt}"
    done = subprocess.run(
        [sys.executable, "main.py", "export", "--out", str(out), "--format", fmt,
         "--data-dir", str(data)],
        cwd=bundle_root(), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"wrote 3 requests to {out}"
    assert sorted(read_back(out, fmt)) == sorted(r.reference_code for r in requests)
    assert kiosks_named(out, fmt) == {"Second floor"}
    [event] = exports(data)
    assert event == {**event, "count": 3, "destination": str(out), "format": fmt}


def test_the_command_line_offers_every_registered_format(codes_exporter: Exporter) -> None:
    from kiosk.cli import build_parser

    parser = build_parser()
    args = parser.parse_args(["export", "--out", "x", "--format", "codes"])
    assert args.format == "codes"


def test_an_unwritable_audit_log_is_a_warning_not_a_traceback(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with open_store(data) as store:
        fill(store, 1)
    (data / AUDIT_FILE).mkdir()  # a folder where the log file should be: every write fails
    out = tmp_path / "out.csv"
    done = subprocess.run(
        [sys.executable, "main.py", "export", "--out", str(out), "--data-dir", str(data)],
        cwd=bundle_root(), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0 and "Traceback" not in done.stderr
    assert "audit log could not be written" in done.stdout and out.is_file()
