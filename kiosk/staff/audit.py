"""A small append-only record of what staff did, for the clinic manager.

It must never hold health information, so events and detail keys come from allow-lists and
values are checked: a request is named only by its random id, never by name or phone.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from kiosk.requests.exporters import exporter_ids
from kiosk.requests.model import Status

log = logging.getLogger(__name__)
AUDIT_FILE = "audit.log"
EVENTS = frozenset(
    {"staff_login", "staff_login_failed", "staff_locked", "export", "status_change", "purge"}
)
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_TOKEN = re.compile(r"[a-z0-9_]{1,40}", re.ASCII)
_STATUSES = frozenset(status.value for status in Status)
# key -> check of its value. `destination` is the export path the staff member chose.
_ALLOWED: dict[str, Callable[[object], bool]] = {
    "count": lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0,
    "skipped": lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0,
    "destination": lambda v: isinstance(v, str) and 0 < len(v) <= 1024 and v.isprintable(),
    "request_id": lambda v: isinstance(v, str) and _UUID.fullmatch(v) is not None,
    "from_status": lambda v: v in _STATUSES,
    "to_status": lambda v: v in _STATUSES,
    "reason": lambda v: isinstance(v, str) and _TOKEN.fullmatch(v) is not None,
    "format": lambda v: v in exporter_ids(),
}


class AuditLog:
    """Appends one JSON object per line to data_dir/audit.log (0600), fsynced."""

    def __init__(
        self, data_dir: Path, clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    ) -> None:
        self.path = Path(data_dir) / AUDIT_FILE
        self._clock = clock

    def record(self, event: str, /, **details: str | int) -> None:
        """Raises ValueError for an unknown event, a key outside the allow-list or a value
        of the wrong shape (the message names the key, never the value)."""
        line = json.dumps(checked_entry(event, details, self._clock()), ensure_ascii=False)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            if os.name == "posix" and os.fstat(fd).st_mode & 0o077:
                os.fchmod(fd, 0o600)  # tighten a file an older build created
            os.write(fd, (line + "\n").encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)


def checked_entry(event: str, details: dict[str, str | int], moment: datetime) -> dict:
    """{"time", "event", **details} once every key and value passed the allow-list; the
    one check every audit trail (this file, the PostgreSQL table) applies."""
    if event not in EVENTS:
        raise ValueError(f"unknown audit event {event!r}")
    for key, value in details.items():
        check = _ALLOWED.get(key)
        if check is None:
            raise ValueError(f"audit detail {key!r} is not allowed (it could be personal)")
        if not check(value):
            raise ValueError(f"audit detail {key!r} has an unexpected value")
    return {"time": moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), "event": event,
            **details}  # fmt: skip


def record_safely(audit: AuditLog, event: str, /, **details: str | int) -> bool:
    """Audit without letting a full or read-only disk stop staff from doing their work:
    a failed write is logged (errno only) and reported by returning False."""
    try:
        audit.record(event, **details)
    except OSError as error:
        log.warning("could not write the audit log: errno %s", error.errno)
        return False
    return True
