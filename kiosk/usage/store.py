"""Where usage counters are kept: their own table in the kiosk's SQLite file.

The counter only adds (`UsageSink`); the staff page and `stats` only read (`UsageSource`).
A store for several kiosks (PostgreSQL) can take the counters by implementing the same two
small protocols, without the counter or the charts knowing. Its own connection runs with
synchronous=NORMAL: losing the last visit's counts in a power cut is acceptable, an fsync
on the tap that ends a visit is not (a request's save keeps synchronous=FULL).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from kiosk import paths
from kiosk.requests.migrations import NewerSchemaError, apply_migrations
from kiosk.requests.store import DB_NAME, StoreError
from kiosk.requests.stores import check_store_url, is_postgres, sqlite_path
from kiosk.usage.metrics import CountKey

if TYPE_CHECKING:
    from kiosk.usage.pg_source import PgUsageSource


@dataclass(frozen=True)
class UsageRow:
    """One counter summed over a day (`hour` is None) or for one hour."""

    kiosk: str
    day: str
    hour: int | None
    metric: str
    key: str
    value: int


@runtime_checkable
class UsageSink(Protocol):
    def add(self, kiosk: str, counts: Mapping[CountKey, int]) -> None:
        """Add `counts` to the stored sums, all in one transaction."""
        ...


@runtime_checkable
class UsageSource(Protocol):
    def rows(self, first_day: str, last_day: str, *, hourly: bool = False) -> list[UsageRow]:
        """Counters of the days first_day..last_day (inclusive), summed per day unless
        `hourly`; every kiosk's."""
        ...

    def clone(self) -> UsageSource:
        """Another connection to the same counters, for reading on another thread (opened
        at its first read; it never creates them): a connection belongs to its thread."""
        ...

    def close(self) -> None: ...


@runtime_checkable
class UsageStore(UsageSink, UsageSource, Protocol): ...


class SqliteUsageStore:
    """The `usage_counts` table of a request database file (created by migration 5)."""

    def __init__(self, path: Path, *, create: bool = True) -> None:
        """Opens the file at its first use, so a kiosk's start-up pays nothing for it.
        `create=False` (for reading reports) refuses a file that does not exist yet."""
        self.path = Path(path)
        self._create = create
        self._opened: sqlite3.Connection | None = None

    @property
    def _conn(self) -> sqlite3.Connection:
        if self._opened is None:
            self._opened = self._open()
        return self._opened

    def _open(self) -> sqlite3.Connection:
        if not self._create and not self.path.is_file():
            raise StoreError(f"No request database at {self.path} (has the kiosk run here?).")
        try:  # a new file is 0600 from its first byte, as the request store makes it
            os.close(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600))
        except OSError as exc:
            raise StoreError(f"Could not open the usage counters (errno {exc.errno}).") from None
        conn = sqlite3.connect(self.path, timeout=2.0, isolation_level=None)
        try:
            conn.execute("PRAGMA busy_timeout = 2000")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            apply_migrations(conn)
        except NewerSchemaError:
            conn.close()
            raise StoreError("The request database was made by a newer kiosk version.") from None
        except sqlite3.Error as exc:
            conn.close()
            raise StoreError(f"Could not open the usage counters ({_code(exc)}).") from None
        return conn

    def add(self, kiosk: str, counts: Mapping[CountKey, int]) -> None:
        rows = [(kiosk, day, hour, metric, key, value)
                for (day, hour, metric, key), value in counts.items() if value]  # fmt: skip
        if not rows:
            return
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            self._conn.executemany(
                "INSERT INTO usage_counts (kiosk, day, hour, metric, key, value)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (day, hour, kiosk, metric, key)"
                " DO UPDATE SET value = value + excluded.value",
                rows,
            )
            self._conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise StoreError(f"Could not save the usage counters ({_code(exc)}).") from None

    def rows(self, first_day: str, last_day: str, *, hourly: bool = False) -> list[UsageRow]:
        hour = "hour" if hourly else "NULL"
        try:
            found = self._conn.execute(
                f"SELECT kiosk, day, {hour}, metric, key, sum(value) FROM usage_counts"
                " WHERE day BETWEEN ? AND ?"
                f" GROUP BY day, {'hour, ' if hourly else ''}kiosk, metric, key"
                " ORDER BY day, kiosk",
                (first_day, last_day),
            ).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"Could not read the usage counters ({_code(exc)}).") from None
        return [UsageRow(*row) for row in found]

    def clone(self) -> SqliteUsageStore:
        return SqliteUsageStore(self.path, create=False)

    def close(self) -> None:
        if self._opened is not None:
            self._opened.close()
            self._opened = None


def _code(exc: sqlite3.Error) -> str:
    return getattr(exc, "sqlite_errorname", "") or type(exc).__name__


def open_usage_store(
    where: str | os.PathLike[str] | None = None, *, create: bool = True
) -> SqliteUsageStore:
    """The counters beside the requests: `where` is a store URL (`sqlite:///…`) or a data
    folder (its requests.sqlite3), as for `stores.open_store`. StoreError if unusable."""
    if isinstance(where, str):
        path = sqlite_path(where)
    else:
        try:
            path = paths.data_dir(where) / DB_NAME
        except OSError as exc:
            raise StoreError(f"Could not open the data folder (errno {exc.errno}).") from None
    return SqliteUsageStore(path, create=create)


def open_usage_source(
    where: str | os.PathLike[str] | None, password: str = ""
) -> SqliteUsageStore | PgUsageSource:
    """The counters to report on: every kiosk's on a PostgreSQL server (`password`: the
    settings' store_password), else those of a SQLite file or data folder that exists.
    StoreError (one data-free line) when they cannot be read."""
    if isinstance(where, str) and is_postgres(where):
        from kiosk.usage.pg_source import PgUsageSource

        return PgUsageSource(check_store_url(where), password).open()
    return open_usage_store(where, create=False)
