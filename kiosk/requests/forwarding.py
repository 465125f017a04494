"""Forwarding a kiosk's requests to the several-kiosks PostgreSQL server, in the background.

With a PostgreSQL store the kiosk still saves each request in its own SQLite file first and
thanks the patient as soon as that commit is on disk: the patient never waits on the network.
This plain thread (no Qt) then sends every row not yet confirmed, oldest first, in batches:

1. read up to BATCH rows with `forwarded_at IS NULL` (their stored form: clear or sealed);
2. insert them on the server in one transaction, `ON CONFLICT DO NOTHING` on the request's
   UUID, and commit;
3. only then, in one local transaction, delete them (or, with `keep_forwarded`, stamp
   `forwarded_at`).

A kill between 2 and 3 sends the batch again on the next start, and the server ignores
the ids it has: nothing is lost (local rows go only after the server's commit) and nothing
is doubled (the id is the primary key). Any failure (server down, network cut, wrong
password, TLS) closes the connection and retries with a growing pause (BACKOFF, capped so a
server that comes back is used within seconds); it is logged as a fixed phrase, never with
the URL or a row. `pending()` says how many wait and since when, for the staff area and
`doctor`. The same pass sends the staff audit outbox and the usage counters that changed
(absolute values, upserted per kiosk installation: a resend sets the same number, and
kiosks sharing a name add up). See docs/architecture.md
("Several kiosks").
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.requests.store import StoreError, utc_iso

if TYPE_CHECKING:
    import psycopg

log = logging.getLogger(__name__)
BATCH = 500
POLL_SECONDS = 1.0  # how soon a new request (from this or another process) is noticed
BACKOFF = (1.0, 2.0, 4.0, 8.0, 15.0)  # seconds after the 1st, 2nd, … failure in a row
Pending = tuple[int, datetime | None]  # (how many wait, the oldest one's creation time)
# An upsert needs SELECT and UPDATE (value) on usage_counts: pg_migrations grants them.
# Keyed by the installation too: a kiosk sets only its own numbers, even under a shared name.
UPSERT_USAGE = (
    "INSERT INTO usage_counts (installation, kiosk, day, hour, metric, key, value)"
    " VALUES (%s, %s, %s, %s, %s, %s, %s)"
    " ON CONFLICT (day, hour, kiosk, installation, metric, key)"
    " DO UPDATE SET value = excluded.value"
)


def unsent(conn: sqlite3.Connection) -> Pending:
    """How many requests in this kiosk's file the server has not confirmed, and the
    creation time of the oldest (UTC), or (0, None)."""
    count, oldest = conn.execute(
        "SELECT count(*), min(created_at) FROM requests WHERE forwarded_at IS NULL"
    ).fetchone()
    when = datetime.strptime(oldest, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC) if oldest else None
    return count, when


def waiting_text(pending: Pending) -> str:
    """'3 waiting to send since 14:05' (local time), or '' when nothing waits."""
    count, oldest = pending
    if not count or oldest is None:
        return ""
    noun = "request" if count == 1 else "requests"
    return f"{count} {noun} waiting to send since {oldest.astimezone():%H:%M}"


class Forwarder:
    """Sends the kiosk file's unsent requests to the server; start() runs it on a thread."""

    def __init__(
        self,
        db_path: Path,
        url: str,
        password: str = "",
        *,
        kiosk: str = "",
        keep_forwarded: bool = False,
        poll_seconds: float = POLL_SECONDS,
        batch: int = BATCH,
    ) -> None:
        self.db_path = Path(db_path)
        self._url, self._password, self._kiosk = url, password, kiosk
        self._keep = keep_forwarded
        self._poll = poll_seconds
        self._batch = batch
        self._pending: Pending = (0, None)
        self.problem = ""  # the last failure as a fixed phrase ("" while sending works)
        self.sent_total = 0  # rows the server took as new since start (for bench/ and tests)
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._local: sqlite3.Connection | None = None
        self._server: psycopg.Connection | None = None

    def pending(self) -> Pending:
        """(count, oldest) as of the last pass (at most POLL_SECONDS old). Never blocks."""
        return self._pending

    def status_line(self) -> str:
        """For the staff area: what waits, since when, and why if sending fails now."""
        waiting = waiting_text(self._pending)
        if not waiting:
            return "Every request has reached the front desk's server."
        return f"{waiting} ({self.problem})." if self.problem else f"{waiting}."

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="forwarder", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        """Look for new rows now rather than at the next poll (e.g. right after an add)."""
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        """Finish the current step and end the thread (a kill at any point is safe too)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
        self._close_server()
        if self._local is not None:
            self._local.close()
            self._local = None

    def _run(self) -> None:
        failures = 0
        while not self._stop.is_set():
            try:
                sent = self.forward_batch()
            except Exception as error:  # the thread must outlive any failure, and retry
                self._close_server()
                failures += 1
                pause = BACKOFF[min(failures, len(BACKOFF)) - 1]
                self._note_problem(error)
            else:
                if failures or self.problem:
                    log.info("forwarding to the server works again")
                failures, self.problem = 0, ""
                if sent == self._batch:
                    continue  # more are waiting: no pause
                pause = self._poll
            self._wake.wait(pause)
            self._wake.clear()

    def _note_problem(self, error: Exception) -> None:
        from kiosk.requests.pg_connect import problem

        if isinstance(error, StoreError):  # already a data-free sentence
            phrase = str(error).rstrip(".")
        elif type(error).__module__.startswith("psycopg"):
            phrase = problem(error)
        else:  # e.g. sqlite3 or a bug: its type only (a message could quote a row)
            phrase = type(error).__name__
        if phrase != self.problem:  # log a change of state, not every retry
            log.warning("cannot forward requests yet (%s); retrying", phrase)
        self.problem = phrase

    def _local_db(self) -> sqlite3.Connection:
        if self._local is None:
            conn = sqlite3.connect(  # used by one thread at a time: the sender, then stop()
                self.db_path, timeout=5.0, isolation_level=None, check_same_thread=False
            )
            conn.execute("PRAGMA busy_timeout = 5000")
            # NORMAL: a settle lost to a power cut only means sending those rows again (the
            # server ignores ids it has), and it keeps fsyncs off the patient's commits.
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA secure_delete = ON")
            self._local = conn
        return self._local

    def forward_batch(self) -> int:
        """One pass: send up to `batch` unsent rows and settle them locally; returns how many
        were settled. Raises on any failure (the caller retries)."""
        from kiosk.requests.postgres import STORED_COLUMNS, insert_stored

        local = self._local_db()
        rows = local.execute(
            f"SELECT seq, {', '.join(STORED_COLUMNS)} FROM requests"
            " WHERE forwarded_at IS NULL ORDER BY seq LIMIT ?",
            (self._batch,),
        ).fetchall()
        self._pending = unsent(local)  # before the network: right even while it fails
        if rows:
            server = self._connect()
            with server.transaction(), server.cursor() as cursor:
                self.sent_total += insert_stored(cursor, [row[1:] for row in rows], self._kiosk)
            self._settle(local, [row[0] for row in rows])  # the server has committed them
        self._forward_audit(local)
        self._forward_usage(local)
        self._pending = unsent(local)
        return len(rows)

    def _forward_audit(self, local: sqlite3.Connection) -> None:
        """Staff audit entries queued by ForwardedAuditLog, the same way: insert (ids make
        a resend harmless), then delete locally."""
        from kiosk.staff.shared_audit import INSERT_AUDIT

        rows = local.execute(
            "SELECT seq, id, time, event, details FROM audit_outbox ORDER BY seq LIMIT ?",
            (self._batch,),
        ).fetchall()
        if not rows:
            return
        server = self._connect()
        with server.transaction(), server.cursor() as cursor:
            cursor.executemany(
                INSERT_AUDIT, [(rid, when, self._kiosk, event, details)
                               for _seq, rid, when, event, details in rows],
            )  # fmt: skip
        marks = ", ".join("?" * len(rows))
        local.execute(f"DELETE FROM audit_outbox WHERE seq IN ({marks})", [r[0] for r in rows])

    def _forward_usage(self, local: sqlite3.Connection) -> None:
        """Usage counters whose value moved since the server last confirmed it: each is sent
        as its absolute value (an upsert that sets it, so a resend never double-counts), then
        `sent_value` notes what was sent. A count that grew meanwhile stays unsent.

        The server keys them by this file's installation id as well as the kiosk's name: a
        clinic that gives two kiosks the same kiosk_name (or none) sees their visits added
        up under that name, as one would expect of "the lobby", never one kiosk's numbers
        replacing the other's. (Adding sent differences instead would double-count a resend.)"""
        while True:
            rows = local.execute(
                # The planner scans the table without the hint (4 ms per pass at 40,000
                # rows, every second); the partial index holds only the unsent ones.
                "SELECT kiosk, day, hour, metric, key, value FROM usage_counts"
                " INDEXED BY usage_unsent WHERE value != sent_value LIMIT ?",
                (self._batch,),
            ).fetchall()
            if not rows:
                return  # (most passes: read nothing more)
            (installation,) = local.execute("SELECT id FROM installation").fetchone()
            server = self._connect()
            with server.transaction(), server.cursor() as cursor:
                cursor.executemany(UPSERT_USAGE, [(installation, *row) for row in rows])
            local.execute("BEGIN IMMEDIATE")
            try:
                local.executemany(
                    "UPDATE usage_counts SET sent_value = ? WHERE kiosk = ? AND day = ?"
                    " AND hour = ? AND metric = ? AND key = ?",
                    [(row[5], *row[:5]) for row in rows],
                )
                local.execute("COMMIT")
            except BaseException:
                if local.in_transaction:
                    local.execute("ROLLBACK")
                raise
            if len(rows) < self._batch:
                return

    def _settle(self, local: sqlite3.Connection, seqs: list[int]) -> None:
        marks = ", ".join("?" * len(seqs))
        local.execute("BEGIN IMMEDIATE")
        try:
            if self._keep:
                local.execute(
                    f"UPDATE requests SET forwarded_at = ? WHERE seq IN ({marks})",
                    (utc_iso(datetime.now(UTC)), *seqs),
                )
            else:
                local.execute(f"DELETE FROM requests WHERE seq IN ({marks})", seqs)
            local.execute("COMMIT")
            # Checkpoint here, on this thread: left to SQLite, the WAL the deletes grew would
            # be checkpointed by whichever commit crosses 1,000 pages, often a patient's add.
            local.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except BaseException:
            if local.in_transaction:
                local.execute("ROLLBACK")
            raise

    def _connect(self) -> psycopg.Connection:
        if self._server is None or self._server.closed:
            from kiosk.requests.pg_connect import connect

            self._server = connect(self._url, self._password)
        return self._server

    def _close_server(self) -> None:
        if self._server is not None:
            with contextlib.suppress(Exception):
                self._server.close()
            self._server = None

