"""Every kiosk's usage counters on the several-kiosks PostgreSQL server, for the front desk's
Usage page and `stats --store postgresql://…`.

Read-only (`UsageSource`): the counts arrive from the kiosks' forwarders
(kiosk/requests/forwarding.py), never from here. One connection, opened at the first read
(the desk opens none until someone looks at Usage, and then one per read, on the Usage
page's worker thread: `clone()`) and dropped after any failure, so the next read tries
afresh. psycopg is imported only when a server is used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.requests.store import StoreError
from kiosk.usage.store import UsageRow

if TYPE_CHECKING:
    import psycopg


class PgUsageSource:
    """The `usage_counts` table of the server `url` names (created by PG migration 2)."""

    def __init__(self, url: str, password: str = "") -> None:
        self.url, self._password = url, password
        self._conn: psycopg.Connection | None = None

    def open(self) -> PgUsageSource:
        """Connect now (and bring the schema up to date when this login owns it), so a
        command reports an unreachable server before it writes anything. StoreError."""
        import psycopg

        from kiosk.requests.migrations import NewerSchemaError
        from kiosk.requests.pg_connect import connect, from_pg_error
        from kiosk.requests.pg_migrations import apply_pg_migrations

        if self._conn is None or self._conn.closed:
            conn = connect(self.url, self._password, autocommit=True)
            try:
                apply_pg_migrations(conn)
            except NewerSchemaError:
                conn.close()
                raise StoreError(
                    "The request database was made by a newer kiosk version."
                ) from None
            except psycopg.Error as error:
                conn.close()
                raise from_pg_error(error, "read the usage counters") from None
            self._conn = conn
        return self

    def rows(self, first_day: str, last_day: str, *, hourly: bool = False) -> list[UsageRow]:
        import psycopg

        from kiosk.requests.pg_connect import from_pg_error

        conn = self.open()._conn
        assert conn is not None
        hour = "hour" if hourly else "NULL::smallint"
        try:
            found = conn.execute(
                f"SELECT kiosk, day, {hour}, metric, key, sum(value)::bigint FROM usage_counts"
                " WHERE day BETWEEN %s AND %s"
                f" GROUP BY day, {'hour, ' if hourly else ''}kiosk, metric, key"
                " ORDER BY day, kiosk",
                (first_day, last_day),
            ).fetchall()
        except psycopg.Error as error:
            self.close()  # a lost connection is made again at the next read
            raise from_pg_error(error, "read the usage counters") from None
        return [UsageRow(*row) for row in found]

    def clone(self) -> PgUsageSource:
        return PgUsageSource(self.url, self._password)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
