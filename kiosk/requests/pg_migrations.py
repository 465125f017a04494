"""Schema versions of the several-kiosks PostgreSQL database, recorded in `kiosk_schema`.

Applied in order, in one transaction, under an advisory lock (two desks starting together
migrate once). Only the database's owner (the desk's login, docs/deploy.md) migrates; a
kiosk's login may only insert, so it never tries. Append new migrations; never edit one
that has shipped.

The columns mirror SQLite's (kiosk/requests/migrations.py): the same stored form, clear or
sealed, so a kiosk forwards its rows unchanged. Differences: `kiosk` names the kiosk a
request came from; `reference_code` is not unique (two kiosks draw codes independently; a
search for a code lists both in that rare case); `id` is the primary key the forwarder's
idempotent insert relies on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.requests.migrations import NewerSchemaError

if TYPE_CHECKING:
    import psycopg

KIOSK_ROLE = "mild_kiosk"  # the kiosks' group role: never SELECT on requests (docs/deploy.md)
_LOCK = 0x6D696C64  # pg_advisory_xact_lock key: "mild"

PG_MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE requests (
            seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
            id uuid PRIMARY KEY,
            kiosk text NOT NULL DEFAULT '',
            reference_code text NOT NULL,
            created_at text NOT NULL,
            received_at timestamptz NOT NULL DEFAULT now(),
            status text NOT NULL CHECK (status IN ('new', 'contacted', 'closed')),
            status_changed_at text NOT NULL,
            name text NOT NULL,
            phone text,
            email text,
            contact_method text NOT NULL,
            best_time text NOT NULL,
            note text NOT NULL,
            self_check text NOT NULL DEFAULT '[]',
            language text NOT NULL,
            search_name text NOT NULL,
            sealed bytea,
            key_id text,
            seal_format integer
        )""",
        "CREATE INDEX requests_by_created ON requests (created_at, seq)",
        "CREATE INDEX requests_by_status ON requests (status, status_changed_at)",
        "CREATE INDEX requests_by_code ON requests (reference_code)",
        # One audit trail for every desk and kiosk; `id` makes a forwarded line idempotent.
        """CREATE TABLE audit (
            seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
            id uuid PRIMARY KEY,
            time text NOT NULL,
            kiosk text NOT NULL DEFAULT '',
            event text NOT NULL,
            details jsonb NOT NULL DEFAULT '{}'
        )""",
    ),
    # 2: every kiosk's usage counters (kiosk/usage), as in SQLite: sums per kiosk, local day
    # and hour, no personal data. A kiosk upserts its own absolute values (forwarding.py).
    (
        """CREATE TABLE usage_counts (
            kiosk text NOT NULL,
            day text NOT NULL CHECK (day ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
            hour smallint NOT NULL CHECK (hour BETWEEN 0 AND 23),
            metric text NOT NULL,
            key text NOT NULL DEFAULT '',
            value bigint NOT NULL CHECK (value >= 0),
            PRIMARY KEY (day, hour, kiosk, metric, key)
        )""",
    ),
    # 3: counters keyed by the kiosk's installation id too (SQLite migration 7: random, one
    # per kiosk file), so two kiosks sharing a kiosk_name (or both unnamed) add up instead of
    # setting each other's numbers; reports sum them per name. Rows keyed by name only
    # cannot be told apart: they go, and every upgraded kiosk sends its own again in full.
    (
        "DELETE FROM usage_counts",
        "ALTER TABLE usage_counts ADD COLUMN installation text NOT NULL"
        " CHECK (installation ~ '^[0-9a-f]{32}$')",
        "ALTER TABLE usage_counts DROP CONSTRAINT usage_counts_pkey",
        "ALTER TABLE usage_counts ADD PRIMARY KEY (day, hour, kiosk, installation, metric, key)",
    ),
)

# Run by the owner at every open (idempotent): a kiosk role created after the tables still
# gets its INSERT, and never SELECT on requests. On usage_counts (no personal data) the
# forwarder's upsert also needs SELECT (its conflict key and `excluded.value` are read) and
# UPDATE of `value`; still no DELETE.
_GRANTS = f"""DO $$ BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = '{KIOSK_ROLE}') THEN
        GRANT INSERT ON requests, audit TO {KIOSK_ROLE};
        GRANT SELECT, INSERT, UPDATE (value) ON usage_counts TO {KIOSK_ROLE};
    END IF;
END $$"""


def pg_schema_version(conn: psycopg.Connection) -> int:
    if conn.execute("SELECT to_regclass('kiosk_schema')").fetchone()[0] is None:
        return 0
    return int(conn.execute("SELECT version FROM kiosk_schema").fetchone()[0])


def apply_pg_migrations(conn: psycopg.Connection) -> int:
    """Bring the database up to len(PG_MIGRATIONS) and renew the kiosk role's grant when
    this login owns the tables; return the version. NewerSchemaError for a newer database;
    psycopg errors (e.g. no privilege to create tables) propagate."""
    target = len(PG_MIGRATIONS)
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK,))
        version = pg_schema_version(conn)
        if version > target:
            raise NewerSchemaError(f"database schema {version} is newer than {target}")
        if version == 0:
            conn.execute("CREATE TABLE kiosk_schema (version integer NOT NULL)")
            conn.execute("INSERT INTO kiosk_schema VALUES (0)")
        for number in range(version + 1, target + 1):
            for statement in PG_MIGRATIONS[number - 1]:
                conn.execute(statement)
            conn.execute("UPDATE kiosk_schema SET version = %s", (number,))
        owner = conn.execute(
            "SELECT pg_get_userbyid(relowner) = current_user FROM pg_class"
            " WHERE oid = 'requests'::regclass"
        ).fetchone()[0]
        if owner:
            conn.execute(_GRANTS)
    return target
