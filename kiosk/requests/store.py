"""Where consultation requests are kept.

The kiosk sees only the `RequestSink` protocol (add) and the front desk only `RequestInbox`
(list, change, export, purge), so the planned encrypted store and the PostgreSQL store
(several kiosks) can replace `SqliteRequestStore` without touching either; `stores.py`
chooses one by URL. See docs/architecture.md.
Errors reach the UI as `StoreError` with a `reason` it can act on and a message that never
contains anything a patient typed (it may be logged).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import secrets
import sqlite3
import stat
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol, runtime_checkable

from kiosk.requests.atomic import fsync_dir
from kiosk.requests.migrations import NewerSchemaError, apply_migrations
from kiosk.requests.model import (
    REFERENCE_ALPHABET,
    REFERENCE_LENGTH,
    BestTime,
    ConsultationRequest,
    ContactMethod,
    Status,
    ValidRequest,
)
from kiosk.requests.validation import clean_text

if TYPE_CHECKING:  # sealing (and its cryptography) loads only where a key is configured
    from kiosk.sealing.seal import Keyring, Sealer

DB_NAME = "requests.sqlite3"
Reason = Literal["disk_full", "read_only", "locked", "other"]


class StoreError(Exception):
    """Saving or reading failed. `reason`: "disk_full" | "read_only" | "locked" | "other"."""

    def __init__(self, message: str, reason: Reason = "other") -> None:
        super().__init__(message)
        self.reason: Reason = reason


class StatusConflict(StoreError):
    """`set_status(..., expected=...)` found another status: someone else (another front
    desk) changed the request since it was read. `current` is its status now."""

    def __init__(self, current: Status) -> None:
        super().__init__(f"This request was changed by another desk: it is now {current.value}.")
        self.current = current


@runtime_checkable
class RequestSink(Protocol):
    """The kiosk's side: it only ever adds a request (it never reads one back)."""

    # With one, personal fields are sealed to the front desk's key before they reach disk.
    sealer: Sealer | None
    # This kiosk's name (settings `kiosk_name`), saved with each request; "" if unnamed.
    kiosk_name: str

    def add(self, request: ValidRequest) -> ConsultationRequest:
        """Save; the request is durable (committed, on disk) when this returns."""
        ...

    def close(self) -> None: ...


@runtime_checkable
class RequestInbox(Protocol):
    """The front desk's side: list, search, change status, export, purge."""

    def list(self, *, status: Status | None = None, search: str = "") -> list[ConsultationRequest]:
        """Newest first; `search` matches the name (any case or accents), phone digits or
        the exact reference code."""
        ...

    def get(self, request_id: str) -> ConsultationRequest | None: ...

    def set_status(
        self, request_id: str, status: Status, *, expected: Status | None = None
    ) -> Status:
        """Returns the previous status, so the UI can offer undo. KeyError if unknown.
        With `expected` (the status the desk showed) the change is made only if the stored
        status is still that one, in one atomic step; otherwise StatusConflict (with the
        status now stored) and nothing changes: two desks never overwrite each other."""
        ...

    def counts(self) -> dict[Status, int]: ...

    def purge_closed(self, older_than_days: int, now: datetime | None = None) -> int:
        """Delete requests closed more than `older_than_days` ago; returns how many."""
        ...

    def export_rows(self) -> Iterator[ConsultationRequest]:
        """Every request, oldest first, streamed (for exporting many rows)."""
        ...

    def locked_count(self) -> int:
        """Sealed requests that none of the opened private keys can open."""
        ...

    # Ids of sealed requests the last list()/export_rows() skipped: altered, or no key fits.
    unopened: list[str]
    # The front desk's opened private keys (kiosk/sealing), set while the desk is unlocked.
    keyring: Keyring | None

    def clone(self) -> RequestInbox:
        """Another handle on the same requests with its own connection, for another thread
        (a connection belongs to the thread that uses it). Close it when done."""
        ...

    def close(self) -> None: ...


@runtime_checkable
class RequestStore(RequestSink, RequestInbox, Protocol):
    """Both sides, as one kiosk with its own front desk uses them (see stores.open_store)."""

    def __enter__(self) -> RequestStore: ...

    def __exit__(self, *exc_info: object) -> None: ...


def utc_iso(moment: datetime) -> str:
    """'2026-11-21T19:52:04Z'; a naive datetime is taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def fold(text: str) -> str:
    """Case- and accent-free form for search: 'Núñez' and 'NUNEZ' both give 'nunez'."""
    decomposed = unicodedata.normalize("NFKD", clean_text(text))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


_REASON_TEXT = {
    "disk_full": "the disk is full",
    "read_only": "the storage is read-only",
    "locked": "the database is busy in another program",
    "other": "the database reported an error",
}
_COLUMNS = (
    "name, phone, email, contact_method, best_time, note, self_check, language,"
    " id, created_at, status, reference_code, sealed, key_id, seal_format, kiosk"
)
_PHONEISH = re.compile(r"[0-9 +().-]+")
_STATUS = {status.value: status for status in Status}
_METHOD = {method.value: method for method in ContactMethod}
_TIME = {time.value: time for time in BestTime}


@lru_cache(maxsize=1024)
def _self_check(text: str) -> tuple[str, ...]:
    """Decoded self-check answers; cached because they come from a few content.yaml items."""
    return tuple(json.loads(text))


def _row_to_request(row: tuple, kiosk: str) -> ConsultationRequest:
    name, phone, email, method, best, note, checks, lang, rid, created, status, code = row
    method = _METHOD.get(method, ContactMethod.CALL)  # blank beside a seal
    return ConsultationRequest(
        name, phone, email, method, _TIME.get(best, BestTime.ANY), note, _self_check(checks),
        lang, rid, created, _STATUS[status], code, kiosk,
    )  # fmt: skip


def personal_fields(request: ValidRequest) -> dict[str, object]:
    """What a patient told us: everything that is sealed when the kiosk has a public key.
    A field added to ValidRequest later must be added here (a test checks that)."""
    return {
        "name": request.name, "phone": request.phone, "email": request.email,
        "contact_method": ContactMethod(request.contact_method).value,
        "best_time": BestTime(request.best_time).value, "note": request.note,
        "self_check": list(request.self_check),
    }  # fmt: skip


def _with_personal_fields(request: ConsultationRequest, fields: dict) -> ConsultationRequest:
    return replace(
        request, name=str(fields["name"]), phone=fields["phone"], email=fields["email"],
        contact_method=_METHOD[fields["contact_method"]], best_time=_TIME[fields["best_time"]],
        note=str(fields["note"]), self_check=tuple(fields["self_check"]),
    )  # fmt: skip


def new_request(request: ValidRequest, created_at: str, kiosk: str) -> ConsultationRequest:
    """A request as any store saves it: a new id and reference code, status new."""
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
    return ConsultationRequest(
        name=request.name, phone=request.phone, email=request.email,
        contact_method=ContactMethod(request.contact_method),
        best_time=BestTime(request.best_time), note=request.note,
        self_check=tuple(request.self_check), language=request.language,
        id=str(uuid.uuid4()), created_at=created_at, status=Status.NEW, reference_code=code,
        kiosk=kiosk,
    )  # fmt: skip


def stored_columns(saved: ConsultationRequest, sealer: Sealer | None) -> tuple:
    """The personal columns as every store keeps them (name … search_name, sealed, key_id,
    seal_format): in clear, or blank beside their seal."""
    if sealer is None:
        return (
            saved.name, saved.phone, saved.email, saved.contact_method.value,
            saved.best_time.value, saved.note,
            json.dumps(list(saved.self_check), ensure_ascii=False), saved.language,
            fold(saved.name), None, None, None,
        )  # fmt: skip
    blob = sealer.seal(personal_fields(saved), saved.id)
    return ("", None, None, "", "", "", "[]", saved.language, "", blob,
            sealer.key_id, sealer.format)  # fmt: skip


def decode_row(
    row: tuple, keyring: Keyring | None, unopened: list[str]
) -> ConsultationRequest | None:
    """A row of `_COLUMNS` as a request; a sealed one opened with `keyring`, or None (its
    id added to `unopened`) when no key fits or its bytes were altered."""
    blob, key_id, fmt, kiosk = row[12:16]
    request = _row_to_request(row[:12], kiosk)
    if blob is None:
        return request
    fields = keyring.try_open(bytes(blob), key_id, request.id, fmt) if keyring else None
    if fields is None:
        unopened.append(request.id)
        return None
    return _with_personal_fields(request, fields)


@dataclass(frozen=True)
class StaffSearch:
    """A staff search box's text, parsed once for both stores: the SQL of `list` takes
    `params()` (folded name, phone digits twice, reference code) and matches plain rows;
    sealed rows are matched here once opened (`keep_matching`)."""

    query: str  # case- and accent-free
    digits: str  # phone digits, only when the query looks like a phone number
    code: str  # as a reference code

    @classmethod
    def parse(cls, text: str) -> StaffSearch | None:
        if not (query := fold(text)):
            return None
        phoneish = _PHONEISH.fullmatch(query) is not None
        digits = "".join(ch for ch in query if ch in "0123456789") if phoneish else ""
        return cls(query, digits, query.replace(" ", "").upper())

    def params(self) -> list[str]:
        return [self.query, self.digits, self.digits, self.code]

    def matches(self, request: ConsultationRequest) -> bool:
        return (
            self.query in fold(request.name)
            or (self.digits != "" and self.digits in (request.phone or ""))
            or request.reference_code == self.code
        )


def keep_matching(
    rows: Iterable[tuple],
    decode: Callable[[tuple], ConsultationRequest | None],
    search: StaffSearch | None,
) -> list[ConsultationRequest]:
    """The listed rows' requests (those that open), with sealed rows (column 12), which
    SQL cannot search, kept only if they match once opened."""
    found = []
    for row in rows:
        request = decode(row)
        if request is not None and (row[12] is None or not search or search.matches(request)):
            found.append(request)
    return found


def _can_create_in(directory: Path) -> bool:
    """Really try (os.access lies for root and for read-only mounts)."""
    probe = directory / f".probe-{secrets.token_hex(6)}"
    try:
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError:
        return False
    os.unlink(probe)
    return True


def from_os_error(exc: OSError, action: str) -> StoreError:
    if exc.errno == errno.ENOSPC:
        reason: Reason = "disk_full"
    elif exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        reason = "read_only"
    else:
        reason = "other"
    return StoreError(f"Could not {action}: {_REASON_TEXT[reason]} (errno {exc.errno}).", reason)


def _from_sqlite_error(exc: sqlite3.Error, action: str, directory: Path) -> StoreError:
    """Map by SQLite's result code, falling back on the (English, data-free) message."""
    code = getattr(exc, "sqlite_errorname", "") or type(exc).__name__
    text = str(exc).lower()
    if code.startswith("SQLITE_FULL") or "disk is full" in text:
        reason: Reason = "disk_full"
    elif code.startswith("SQLITE_READONLY") or "readonly" in text:
        reason = "read_only"
    elif code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in text:
        reason = "locked"
    elif code.startswith("SQLITE_CANTOPEN") and not _can_create_in(directory):
        reason = "read_only"  # e.g. the -wal/-shm files cannot be created
    else:
        reason = "other"
    return StoreError(f"Could not {action}: {_REASON_TEXT[reason]} ({code}).", reason)


def _make_private(path: Path) -> None:
    """0600 for the database and its -wal/-shm files, even if an older build left them open.
    Best effort: on read-only media chmod fails, but then nothing can be written either."""
    with contextlib.suppress(OSError):
        if stat.S_IMODE(path.stat().st_mode) != 0o600:
            path.chmod(0o600)


class SqliteRequestStore:
    """One SQLite file in WAL mode with synchronous=FULL: add() is on disk when it returns."""

    def __init__(
        self,
        path: Path,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        busy_timeout: float = 2.0,
        sealer: Sealer | None = None,
        keyring: Keyring | None = None,
        kiosk_name: str = "",
    ) -> None:
        self.path = Path(path)
        self.kiosk_name = kiosk_name  # saved with each request this store adds
        self._clock = clock
        self._busy_timeout = busy_timeout
        self.sealer = sealer  # with one, personal fields are sealed before they reach disk
        self.keyring = keyring  # the front desk's opened private keys, while unlocked
        self.unopened: list[str] = []  # ids of sealed requests the last read had to skip
        self._dir = self.path.parent
        try:  # create it ourselves, 0600 from the first byte (SQLite reuses its mode for -wal)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
            os.close(fd)
            fsync_dir(self._dir)
        except FileExistsError:
            _make_private(self.path)
        except OSError as exc:
            raise from_os_error(exc, "create the request database") from None
        self._conn = sqlite3.connect(self.path, timeout=busy_timeout, isolation_level=None)
        try:
            self._conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000):d}")
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute("PRAGMA synchronous = FULL")
            self._conn.execute("PRAGMA secure_delete = ON")
            self._conn.execute("PRAGMA foreign_keys = ON")
            apply_migrations(self._conn)
        except NewerSchemaError:
            self._conn.close()
            raise StoreError("The request database was made by a newer kiosk version.") from None
        except sqlite3.Error as exc:
            self._conn.close()
            raise _from_sqlite_error(exc, "open the request database", self._dir) from None
        for suffix in ("-wal", "-shm"):
            _make_private(self.path.with_name(self.path.name + suffix))

    def __enter__(self) -> SqliteRequestStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield self._conn
            self._conn.execute("COMMIT")
        except BaseException:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise

    def _fail(self, exc: sqlite3.Error, action: str) -> StoreError:
        return _from_sqlite_error(exc, action, self._dir)

    def add(self, request: ValidRequest) -> ConsultationRequest:
        now = utc_iso(self._clock())
        for _attempt in range(8):  # a reference-code collision is rare: draw another
            saved = new_request(request, now, self.kiosk_name)
            try:
                with self._transaction() as conn:
                    conn.execute(
                        "INSERT INTO requests (id, reference_code, created_at, status,"
                        " status_changed_at, name, phone, email, contact_method, best_time,"
                        " note, self_check, language, search_name, sealed, key_id,"
                        " seal_format, kiosk)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (saved.id, saved.reference_code, now, saved.status.value, now,
                         *stored_columns(saved, self.sealer), saved.kiosk),
                    )
            except sqlite3.IntegrityError:
                continue
            except sqlite3.Error as exc:
                raise self._fail(exc, "save the request") from None
            return saved
        raise StoreError("Could not save the request: no free reference code.")

    def _decode(self, row: tuple) -> ConsultationRequest | None:
        return decode_row(row, self.keyring, self.unopened)

    def locked_count(self) -> int:
        """Sealed requests that no key in the keyring can open (needs the right key)."""
        known = sorted(self.keyring.key_ids()) if self.keyring else []
        marks = ", ".join("?" * len(known))
        try:
            return self._conn.execute(
                "SELECT count(*) FROM requests WHERE sealed IS NOT NULL"
                + (f" AND key_id NOT IN ({marks})" if known else ""),
                known,
            ).fetchone()[0]
        except sqlite3.Error as exc:
            raise self._fail(exc, "count the sealed requests") from None

    def list(self, *, status: Status | None = None, search: str = "") -> list[ConsultationRequest]:
        self.unopened = []
        where, params = [], []
        if status is not None:
            where.append("status = ?")
            params.append(Status(status).value)
        if found := StaffSearch.parse(search):
            where.append(  # sealed rows are searched once opened (keep_matching)
                "(instr(search_name, ?) > 0 OR (? != '' AND instr(phone, ?) > 0)"
                " OR reference_code = ? OR sealed IS NOT NULL)"
            )
            params += found.params()
        sql = f"SELECT {_COLUMNS} FROM requests"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY created_at DESC, seq DESC"
        try:
            rows = self._conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise self._fail(exc, "read the requests") from None
        return keep_matching(rows, self._decode, found)

    def get(self, request_id: str) -> ConsultationRequest | None:
        try:
            row = self._conn.execute(
                f"SELECT {_COLUMNS} FROM requests WHERE id = ?", (request_id,)
            ).fetchone()
        except sqlite3.Error as exc:
            raise self._fail(exc, "read the request") from None
        return self._decode(row) if row else None

    def set_status(
        self, request_id: str, status: Status, *, expected: Status | None = None
    ) -> Status:
        """One transaction; with `expected`, one conditional UPDATE whose row count says
        whether the status was still the expected one (see RequestInbox.set_status)."""
        status = Status(status)
        changed_at = utc_iso(self._clock())
        try:
            with self._transaction() as conn:
                if expected is not None:
                    updated = conn.execute(
                        "UPDATE requests SET status = ?, status_changed_at = ?"
                        " WHERE id = ? AND status = ?",
                        (status.value, changed_at, request_id, Status(expected).value),
                    ).rowcount
                    if updated == 1:
                        return Status(expected)
                row = conn.execute(
                    "SELECT status FROM requests WHERE id = ?", (request_id,)
                ).fetchone()
                if row is None:
                    raise KeyError("no request with this id")
                if expected is not None:
                    raise StatusConflict(_STATUS[row[0]])
                conn.execute(
                    "UPDATE requests SET status = ?, status_changed_at = ? WHERE id = ?",
                    (status.value, changed_at, request_id),
                )
        except sqlite3.Error as exc:
            raise self._fail(exc, "change the status") from None
        return _STATUS[row[0]]

    def counts(self) -> dict[Status, int]:
        totals = dict.fromkeys(Status, 0)
        try:
            for status, count in self._conn.execute(
                "SELECT status, count(*) FROM requests GROUP BY status"
            ):
                totals[_STATUS[status]] = count
        except sqlite3.Error as exc:
            raise self._fail(exc, "count the requests") from None
        return totals

    def purge_closed(self, older_than_days: int, now: datetime | None = None) -> int:
        """Deleted rows are overwritten (secure_delete) and the WAL is checkpointed and
        truncated so their old copies leave the -wal file too (unless another connection is
        reading at that moment; the next checkpoint then finishes the job)."""
        if older_than_days < 0:
            raise ValueError("older_than_days must be 0 or more")
        cutoff = utc_iso((now or self._clock()) - timedelta(days=older_than_days))
        try:
            with self._transaction() as conn:
                deleted = conn.execute(
                    "DELETE FROM requests WHERE status = ? AND status_changed_at < ?",
                    (Status.CLOSED.value, cutoff),
                ).rowcount
            if deleted:
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        except sqlite3.Error as exc:
            raise self._fail(exc, "delete old requests") from None
        return deleted

    def export_rows(self) -> ExportRows:
        """Oldest first, in batches; one SELECT, so a consistent snapshot. Sealed requests
        are opened with the keyring; those it cannot open are skipped (see `unopened`)."""
        self.unopened = []
        try:
            sealed = self._conn.execute(
                "SELECT EXISTS (SELECT 1 FROM requests WHERE sealed IS NOT NULL)"
            ).fetchone()[0]
        except sqlite3.Error as exc:
            raise self._fail(exc, "read the requests") from None
        return ExportRows(self._conn, self._fail, self._decode, sealed=bool(sealed))

    def clone(self) -> SqliteRequestStore:
        return SqliteRequestStore(
            self.path, clock=self._clock, busy_timeout=self._busy_timeout,
            sealer=self.sealer, keyring=self.keyring, kiosk_name=self.kiosk_name,
        )  # fmt: skip

    def close(self) -> None:
        self._conn.close()


class ExportRows(Iterator[ConsultationRequest]):
    """What `SqliteRequestStore.export_rows()` returns: every request, oldest first, read by
    one SELECT (a consistent snapshot) once iteration starts.

    An exporter may instead call `select_sql()` once, to have SQLite compute the cells it
    writes: for 100,000 requests that is several times faster than building a
    ConsultationRequest per row (see kiosk/requests/export.py and bench/RESULTS.md). Not when
    `sealed`: sealed cells must be opened in Python first.
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        fail: Callable[[sqlite3.Error, str], StoreError],
        decode: Callable[[tuple], ConsultationRequest | None],
        *,
        sealed: bool,
    ) -> None:
        self._conn = conn
        self._fail = fail
        self._decode = decode
        self.sealed = sealed
        self._requests: Iterator[ConsultationRequest] | None = None

    def __next__(self) -> ConsultationRequest:
        if self._requests is None:
            batches = self.select_sql([column.strip() for column in _COLUMNS.split(",")])
            decoded = (self._decode(row) for batch in batches for row in batch)
            self._requests = (request for request in decoded if request is not None)
        return next(self._requests)

    def select_sql(
        self,
        columns: Sequence[str],
        functions: Mapping[str, Callable[..., object]] | None = None,
    ) -> Iterator[list[tuple]]:
        """Batches of rows of `columns`, SQL expressions over the `requests` table (see
        migrations.py), oldest first. `functions` are made callable from those expressions
        (any number of arguments). Read errors raise StoreError."""
        try:
            for name, function in (functions or {}).items():
                self._conn.create_function(name, -1, function, deterministic=True)
            cursor = self._conn.execute(
                f"SELECT {', '.join(columns)} FROM requests ORDER BY created_at, seq"
            )
            while batch := cursor.fetchmany(2000):
                yield batch
        except sqlite3.Error as exc:
            raise self._fail(exc, "read the requests") from None
