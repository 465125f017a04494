"""One audit trail for every desk and kiosk of a clinic, in the PostgreSQL `audit` table.

Same interface and the same allow-list as kiosk/staff/audit.py's AuditLog (one function,
`checked_entry`, checks every entry), so the staff area and the CLI use either unchanged:

- `PgAuditLog` (a front desk, or `export`/`purge` against the server) writes each entry to
  the server directly; a failure is an OSError, which `record_safely` reports without
  stopping the staff member's work.
- `ForwardedAuditLog` (a kiosk with a PostgreSQL store) keeps the local audit.log as
  before and also puts the entry in its SQLite `audit_outbox`, which the forwarder sends
  with the requests: a kiosk never waits on the network for its audit either.

Each entry has a random id, so a resent one is not recorded twice.
"""

from __future__ import annotations

import errno
import json
import sqlite3
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.requests.store import DB_NAME
from kiosk.staff.audit import AuditLog, checked_entry

if TYPE_CHECKING:
    import psycopg

INSERT_AUDIT = (
    "INSERT INTO audit (id, time, kiosk, event, details) VALUES (%s, %s, %s, %s, %s)"
    " ON CONFLICT DO NOTHING"
)


def _split(entry: dict) -> tuple[str, str, str]:
    """(time, event, the other details as JSON) of a checked entry."""
    details = {k: v for k, v in entry.items() if k not in ("time", "event")}
    return entry["time"], entry["event"], json.dumps(details, ensure_ascii=False)


class PgAuditLog:
    """Writes each entry to the server's audit table, tagged with this station's name."""

    def __init__(
        self,
        url: str,
        password: str = "",
        *,
        station: str = "",
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._url, self._password, self._station = url, password, station
        self._clock = clock
        self._conn: psycopg.Connection | None = None

    def record(self, event: str, /, **details: str | int) -> None:
        """ValueError as AuditLog.record; OSError (errno EIO, a data-free message) when the
        server cannot take it."""
        moment, name, extra = _split(checked_entry(event, details, self._clock()))
        import psycopg

        from kiosk.requests.pg_connect import connect, problem
        from kiosk.requests.store import StoreError

        try:
            if self._conn is None or self._conn.closed:
                self._conn = connect(self._url, self._password, autocommit=True)
            self._conn.execute(
                INSERT_AUDIT, (str(uuid.uuid4()), moment, self._station, name, extra)
            )
        except (psycopg.Error, StoreError) as error:
            self.close()
            text = str(error) if isinstance(error, StoreError) else problem(error)
            raise OSError(errno.EIO, f"could not write the shared audit log: {text}") from None

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


class ForwardedAuditLog(AuditLog):
    """A kiosk's audit.log, each entry also queued in its request file for the server."""

    def __init__(
        self, data_dir: Path, clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    ) -> None:
        super().__init__(data_dir, clock)
        self._db = Path(data_dir) / DB_NAME

    def record(self, event: str, /, **details: str | int) -> None:
        super().record(event, **details)  # the local file first, as without a server
        moment, name, extra = _split(checked_entry(event, details, self._clock()))
        try:
            conn = sqlite3.connect(self._db, timeout=2.0, isolation_level=None)
            try:
                conn.execute(
                    "INSERT INTO audit_outbox (id, time, event, details) VALUES (?, ?, ?, ?)",
                    (str(uuid.uuid4()), moment, name, extra),
                )
            finally:
                conn.close()
        except sqlite3.Error as error:
            code = getattr(error, "sqlite_errorname", type(error).__name__)
            raise OSError(errno.EIO, f"could not queue the audit entry ({code})") from None
