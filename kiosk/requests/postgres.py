"""The several-kiosks request store: one PostgreSQL database for every kiosk and desk.

The front desk opens it as a `RequestInbox` (list, search, status changes with a conflict
check, counts, purge, export); kiosks do not write here directly but forward their local
SQLite rows (kiosk/requests/forwarding.py) with `insert_stored`, an idempotent insert keyed
by the request's UUID. `add` exists for the `RequestSink` contract (and a kiosk that is
happy to wait on the network). Same request model, same sealed columns as SQLite.
See docs/architecture.md ("Several kiosks").
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import psycopg

from kiosk.requests.migrations import NewerSchemaError
from kiosk.requests.model import (
    ConsultationRequest,
    Status,
    ValidRequest,
)
from kiosk.requests.pg_connect import connect, from_pg_error
from kiosk.requests.pg_migrations import apply_pg_migrations
from kiosk.requests.store import (
    _STATUS,
    StaffSearch,
    StatusConflict,
    StoreError,
    decode_row,
    keep_matching,
    new_request,
    stored_columns,
    utc_iso,
)

if TYPE_CHECKING:
    from kiosk.sealing.seal import Keyring, Sealer

_COLUMNS = (
    "name, phone, email, contact_method, best_time, note, self_check, language, id::text,"
    " created_at, status, reference_code, sealed, key_id, seal_format, kiosk"
)
# The stored form of a request, in this order: what a kiosk forwards (see forwarding.py).
STORED_COLUMNS = (
    "id", "reference_code", "created_at", "status", "status_changed_at", "name", "phone",
    "email", "contact_method", "best_time", "note", "self_check", "language", "search_name",
    "sealed", "key_id", "seal_format",
)  # fmt: skip
INSERT_STORED = (
    f"INSERT INTO requests ({', '.join(STORED_COLUMNS)}, kiosk)"
    f" VALUES ({', '.join(['%s'] * (len(STORED_COLUMNS) + 1))})"
    " ON CONFLICT DO NOTHING"
)


def insert_stored(cur: psycopg.Cursor, rows: Sequence[Sequence[object]], kiosk: str) -> int:
    """Insert rows in their stored form (STORED_COLUMNS), skipping ids already there:
    sending the same row twice (a kiosk killed before it noted the first send) changes
    nothing. ON CONFLICT without a conflict target: naming `(id)` would need SELECT on it,
    and `id` is the only unique key a forwarded row can meet (`seq` is generated). So the
    kiosk's login needs INSERT only (no RETURNING either). Returns how many were new. The
    caller commits."""
    cur.executemany(INSERT_STORED, [(*row, kiosk) for row in rows], returning=False)
    return max(cur.rowcount, 0)


class PostgresRequestStore:
    """A RequestStore over one PostgreSQL connection (a connection per thread: `clone`)."""

    def __init__(
        self,
        url: str,
        password: str = "",
        *,
        kiosk_name: str = "",
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        sealer: Sealer | None = None,
        keyring: Keyring | None = None,
        migrate: bool = True,
    ) -> None:
        self.url, self._password, self.kiosk_name = url, password, kiosk_name
        self._clock = clock
        self.sealer = sealer
        self.keyring = keyring
        self.unopened: list[str] = []
        self._conn = connect(url, password, autocommit=True)
        if migrate:
            try:
                apply_pg_migrations(self._conn)
            except NewerSchemaError:
                self._conn.close()
                raise StoreError(
                    "The request database was made by a newer kiosk version."
                ) from None
            except psycopg.Error as error:
                self._conn.close()
                raise from_pg_error(error, "prepare the request database") from None

    def __enter__(self) -> PostgresRequestStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _sql(self, action: str) -> Iterator[psycopg.Connection]:
        """Run statements, turning any server error into a data-free StoreError."""
        try:
            yield self._conn
        except psycopg.Error as error:
            raise from_pg_error(error, action) from None

    def add(self, request: ValidRequest) -> ConsultationRequest:
        now = utc_iso(self._clock())
        saved = new_request(request, now, self.kiosk_name)
        with self._sql("save the request") as conn, conn.transaction(), conn.cursor() as cur:
            insert_stored(cur, [self.stored_row(saved, now)], self.kiosk_name)
        return saved

    def stored_row(self, saved: ConsultationRequest, changed_at: str) -> tuple:
        """`saved` in its stored form (STORED_COLUMNS): clear, or blank beside its seal."""
        head = (saved.id, saved.reference_code, saved.created_at, saved.status.value, changed_at)
        return (*head, *stored_columns(saved, self.sealer))

    def _decode(self, row: tuple) -> ConsultationRequest | None:
        return decode_row(row, self.keyring, self.unopened)

    def list(self, *, status: Status | None = None, search: str = "") -> list[ConsultationRequest]:
        self.unopened = []
        where, params = [], []
        if status is not None:
            where.append("status = %s")
            params.append(Status(status).value)
        if found := StaffSearch.parse(search):
            where.append(
                "(strpos(search_name, %s) > 0 OR (%s != '' AND strpos(phone, %s) > 0)"
                " OR reference_code = %s OR sealed IS NOT NULL)"
            )
            params += found.params()
        sql = f"SELECT {_COLUMNS} FROM requests"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY created_at DESC, seq DESC"
        with self._sql("read the requests") as conn:
            rows = conn.execute(sql, params).fetchall()
        return keep_matching(rows, self._decode, found)

    def get(self, request_id: str) -> ConsultationRequest | None:
        if not _is_uuid(request_id):
            return None
        with self._sql("read the request") as conn:
            row = conn.execute(
                f"SELECT {_COLUMNS} FROM requests WHERE id = %s", (request_id,)
            ).fetchone()
        return self._decode(row) if row else None

    def set_status(
        self, request_id: str, status: Status, *, expected: Status | None = None
    ) -> Status:
        """The row is locked (SELECT … FOR UPDATE) from the check to the change, so two desks
        changing one request are serialised: the second sees StatusConflict, not a silent
        overwrite."""
        status = Status(status)
        if not _is_uuid(request_id):
            raise KeyError("no request with this id")
        with self._sql("change the status") as conn, conn.transaction():
            row = conn.execute(
                "SELECT status FROM requests WHERE id = %s FOR UPDATE", (request_id,)
            ).fetchone()
            if row is None:
                raise KeyError("no request with this id")
            if expected is not None and row[0] != Status(expected).value:
                raise StatusConflict(_STATUS[row[0]])
            conn.execute(
                "UPDATE requests SET status = %s, status_changed_at = %s WHERE id = %s",
                (status.value, utc_iso(self._clock()), request_id),
            )
        return _STATUS[row[0]]

    def counts(self) -> dict[Status, int]:
        totals = dict.fromkeys(Status, 0)
        with self._sql("count the requests") as conn:
            for status, count in conn.execute(
                "SELECT status, count(*) FROM requests GROUP BY status"
            ):
                totals[_STATUS[status]] = count
        return totals

    def locked_count(self) -> int:
        known = sorted(self.keyring.key_ids()) if self.keyring else []
        with self._sql("count the sealed requests") as conn:
            return conn.execute(
                "SELECT count(*) FROM requests WHERE sealed IS NOT NULL"
                " AND NOT (key_id = ANY(%s))",
                (known,),
            ).fetchone()[0]

    def purge_closed(self, older_than_days: int, now: datetime | None = None) -> int:
        """One retention for every kiosk's requests, held here rather than per kiosk."""
        if older_than_days < 0:
            raise ValueError("older_than_days must be 0 or more")
        cutoff = utc_iso((now or self._clock()) - timedelta(days=older_than_days))
        with self._sql("delete old requests") as conn, conn.transaction():
            return conn.execute(
                "DELETE FROM requests WHERE status = %s AND status_changed_at < %s",
                (Status.CLOSED.value, cutoff),
            ).rowcount

    def export_rows(self) -> Iterator[ConsultationRequest]:
        """Oldest first, streamed by a server-side cursor in one transaction (a consistent
        snapshot); sealed requests opened with the keyring, the others skipped (`unopened`)."""
        self.unopened = []
        return self._export()

    def _export(self) -> Iterator[ConsultationRequest]:
        with (
            self._sql("read the requests") as conn,
            conn.transaction(),
            conn.cursor(name="export") as cursor,
        ):
            cursor.itersize = 2000
            cursor.execute(f"SELECT {_COLUMNS} FROM requests ORDER BY created_at, seq")
            for row in cursor:
                request = self._decode(row)
                if request is not None:
                    yield request

    def clone(self) -> PostgresRequestStore:
        return PostgresRequestStore(
            self.url, self._password, kiosk_name=self.kiosk_name, clock=self._clock,
            sealer=self.sealer, keyring=self.keyring, migrate=False,
        )  # fmt: skip

    def close(self) -> None:
        self._conn.close()


def _is_uuid(text: str) -> bool:
    """An id the server can compare (a malformed one would be a SQL error, not 'unknown')."""
    try:
        uuid.UUID(text)
    except (ValueError, TypeError, AttributeError):
        return False
    return True
