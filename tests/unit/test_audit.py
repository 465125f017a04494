"""Audit log: one private JSON line per event; anything that could be personal is refused."""

from __future__ import annotations

import json
import os
import stat
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk.staff.audit import AUDIT_FILE, AuditLog

MOMENT = datetime(2026, 11, 21, 19, 52, 4, tzinfo=UTC)


@pytest.fixture
def audit(tmp_path: Path) -> AuditLog:
    return AuditLog(tmp_path, clock=lambda: MOMENT)


def lines(tmp_path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in (tmp_path / AUDIT_FILE).read_text().splitlines()]


def test_each_event_is_one_json_line(tmp_path: Path, audit: AuditLog) -> None:
    request_id = str(uuid.uuid4())
    audit.record("staff_login")
    audit.record("staff_login_failed", count=2)
    audit.record("staff_locked", count=5)
    audit.record("export", count=12, destination="/media/usb/requests.csv", format="csv")
    audit.record("status_change", request_id=request_id, from_status="new", to_status="closed")
    audit.record("purge", count=3, reason="retention")
    assert lines(tmp_path) == [
        {"time": "2026-11-21T19:52:04Z", "event": "staff_login"},
        {"time": "2026-11-21T19:52:04Z", "event": "staff_login_failed", "count": 2},
        {"time": "2026-11-21T19:52:04Z", "event": "staff_locked", "count": 5},
        {"time": "2026-11-21T19:52:04Z", "event": "export", "count": 12,
         "destination": "/media/usb/requests.csv", "format": "csv"},
        {"time": "2026-11-21T19:52:04Z", "event": "status_change", "request_id": request_id,
         "from_status": "new", "to_status": "closed"},
        {"time": "2026-11-21T19:52:04Z", "event": "purge", "count": 3, "reason": "retention"},
    ]  # fmt: skip


def test_the_log_is_private_and_appended_to(tmp_path: Path) -> None:
    AuditLog(tmp_path).record("staff_login")
    AuditLog(tmp_path).record("purge", count=0)
    assert [line["event"] for line in lines(tmp_path)] == ["staff_login", "purge"]
    assert lines(tmp_path)[0]["time"].endswith("Z")  # type: ignore[union-attr]
    if os.name == "posix":
        assert stat.S_IMODE((tmp_path / AUDIT_FILE).stat().st_mode) == 0o600


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_an_open_existing_log_is_made_private(tmp_path: Path) -> None:
    path = tmp_path / AUDIT_FILE
    path.write_text("")
    path.chmod(0o644)
    AuditLog(tmp_path).record("staff_login")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    "details",
    [
        {"name": "José Núñez"},
        {"phone": "+12125552368"},
        {"note": "back pain"},
        {"email": "ana@example.com"},
        {"reference_code": "K7Q4MC"},
        {"time": "1999-01-01T00:00:00Z"},
        {"event": "staff_login"},
    ],
)
def test_keys_outside_the_allow_list_are_refused(
    tmp_path: Path, audit: AuditLog, details: dict[str, str]
) -> None:
    with pytest.raises(ValueError, match="not allowed") as caught:
        audit.record("export", **details)
    assert str(next(iter(details.values()))) not in str(caught.value)
    assert not (tmp_path / AUDIT_FILE).exists()


@pytest.mark.parametrize(
    "details",
    [
        {"request_id": "José Núñez"},  # a request is named only by its uuid
        {"count": -1},
        {"count": True},
        {"count": "3"},
        {"from_status": "maybe"},
        {"to_status": 3},
        {"reason": "patient José said no"},
        {"format": "xlsx"},
        {"destination": "line\nbreak"},
    ],
)
def test_values_of_the_wrong_shape_are_refused(
    tmp_path: Path, audit: AuditLog, details: dict[str, object]
) -> None:
    with pytest.raises(ValueError, match="unexpected value") as caught:
        audit.record("status_change", **details)  # type: ignore[arg-type]
    assert "José" not in str(caught.value)
    assert not (tmp_path / AUDIT_FILE).exists()


def test_unknown_events_are_refused(tmp_path: Path, audit: AuditLog) -> None:
    with pytest.raises(ValueError, match="unknown audit event"):
        audit.record("José Núñez called")
    assert not (tmp_path / AUDIT_FILE).exists()
