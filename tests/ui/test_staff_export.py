"""Exporting from the staff panel: real files in tmp folders, read back as a spreadsheet would."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from kiosk.requests.export import read_json
from kiosk.requests.model import Status
from kiosk.requests.stores import open_store
from kiosk.staff.audit import AuditLog
from kiosk.ui.staff.panel import StaffPanel
from tests.ui.test_staff_support import button, fill, settle, show_in_window, tap

FILE_NAME = re.compile(r"consultation-requests-\d{8}-\d{4}\.(csv|json)")


@pytest.fixture
def setup(qtbot, tmp_path: Path):
    """A panel over 3 requests (the middle one contacted) exporting to tmp_path/usb."""
    data = tmp_path / "data"
    usb = tmp_path / "usb"
    usb.mkdir()
    destinations = [usb, Path.home()]
    store = open_store(data)
    store.kiosk_name = "=Lobby"  # a name a spreadsheet would take for a formula
    requests = fill(store, 3)
    store.set_status(requests[1].id, Status.CONTACTED)
    panel = StaffPanel(store, AuditLog(data), 600, find_destinations=lambda: destinations)
    window = show_in_window(qtbot, panel, (1280, 800))
    panel.refresh()
    settle(qtbot, panel)
    tap(qtbot, button(panel, "exportButton"))
    yield panel, requests, destinations, window
    store.close()


def export(qtbot, panel: StaffPanel) -> None:
    tap(qtbot, button(panel, "exportNow"))


def written(folder: Path) -> list[Path]:
    return sorted(folder.iterdir())


def audit(panel: StaffPanel) -> list[dict]:
    path = panel.audit.path
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def test_export_page_offers_drives_and_home(qtbot, setup) -> None:
    panel, _requests, _destinations, _window = setup
    page = panel.export_page
    assert panel.pages.currentWidget() is page
    labels = [b.text() for b in page.where_group.buttons()]
    assert labels == ["USB drive: usb", "Home folder"]
    assert page.where_group.checkedId() == 0  # the drive first: that is what staff want
    tap(qtbot, button(panel, "exportBack"))
    assert panel.pages.currentIndex() == 0


def test_csv_export_reads_back_in_a_spreadsheet(qtbot, setup) -> None:
    panel, requests, (usb, _home), _window = setup
    export(qtbot, panel)
    [path] = written(usb)
    assert FILE_NAME.fullmatch(path.name)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 3
    assert {row["Name"] for row in rows} == {r.name for r in requests}
    assert {row["Kiosk"] for row in rows} == {"'=Lobby"}  # which kiosk, shown as text
    assert panel.export_page.message.text() == f"Wrote 3 requests to {path}"
    [event] = [e for e in audit(panel) if e["event"] == "export"]
    assert event == {**event, "count": 3, "destination": str(path), "format": "csv"}
    assert path.stat().st_mode & 0o077 == 0


def test_only_new_requests_and_mark_them_contacted(qtbot, setup) -> None:
    panel, requests, (usb, _home), _window = setup
    tap(qtbot, panel.export_page.only_new)
    tap(qtbot, panel.export_page.mark)
    export(qtbot, panel)
    [path] = written(usb)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted(row["Reference"] for row in rows) == sorted(
        r.reference_code for r in (requests[0], requests[2])
    )
    assert {row["Status"] for row in rows} == {"New"}
    assert {panel.store.get(r.id).status for r in requests} == {Status.CONTACTED}
    assert "Marked 2 as contacted." in panel.export_page.message.text()
    settle(qtbot, panel)
    assert panel.counts.text() == "0 new  ·  3 contacted  ·  0 closed"
    changes = [e for e in audit(panel) if e["event"] == "status_change"]
    assert {e["request_id"] for e in changes} == {requests[0].id, requests[2].id}


def test_json_export(qtbot, setup) -> None:
    panel, requests, (usb, _home), _window = setup
    tap(qtbot, button(panel, "export_json"))
    export(qtbot, panel)
    [path] = written(usb)
    assert path.suffix == ".json"
    assert [(r.id, r.kiosk) for r in read_json(path)] == [(r.id, "=Lobby") for r in requests]


def test_a_second_export_keeps_the_first(qtbot, setup) -> None:
    panel, _requests, (usb, _home), _window = setup
    export(qtbot, panel)
    export(qtbot, panel)
    assert len(written(usb)) == 2


def test_an_unwritable_destination_shows_why_and_leaves_nothing(qtbot, setup, tmp_path) -> None:
    panel, requests, destinations, _window = setup
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a regular file where the drive should be")  # fails even for root
    destinations[:] = [blocker / "usb"]
    tap(qtbot, button(panel, "exportRescan"))
    tap(qtbot, panel.export_page.mark)
    export(qtbot, panel)
    message = panel.export_page.message.text()
    assert message.startswith("Could not write the export to")
    assert not message.startswith("Wrote")
    assert panel.export_page.message.property("role") == "error"
    assert blocker.is_file() and not list(tmp_path.glob("**/consultation-requests-*"))
    assert [e for e in audit(panel) if e["event"] == "export"] == []
    assert panel.store.get(requests[0].id).status is Status.NEW  # nothing marked either
