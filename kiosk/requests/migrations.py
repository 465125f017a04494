"""Schema versions of the request database, applied in order and recorded in
PRAGMA user_version, so an old kiosk's file upgrades itself when a new version starts.

Append new migrations; never edit one that has shipped.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

Migration = tuple[str, ...]  # SQL statements, run in one transaction

MIGRATIONS: tuple[Migration, ...] = (
    # 1: the requests table. `search_name` is the name folded (no case, no accents) for
    # search; `status_changed_at` tells how long a request has been closed (for purging).
    (
        """CREATE TABLE requests (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            reference_code TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('new', 'contacted', 'closed')),
            status_changed_at TEXT NOT NULL,
            name TEXT NOT NULL,
            phone TEXT,
            email TEXT,
            contact_method TEXT NOT NULL,
            best_time TEXT NOT NULL,
            note TEXT NOT NULL,
            self_check TEXT NOT NULL DEFAULT '[]',
            language TEXT NOT NULL,
            search_name TEXT NOT NULL
        )""",
        "CREATE INDEX requests_by_created ON requests (created_at, seq)",
        "CREATE INDEX requests_by_status ON requests (status, status_changed_at)",
    ),
    # 2: sealed requests. With a front-desk public key the personal columns stay blank and
    # `sealed` holds them encrypted (kiosk/sealing); `key_id` names the key pair, so
    # requests sealed before a key rotation stay readable with the old private key.
    (
        "ALTER TABLE requests ADD COLUMN sealed BLOB",
        "ALTER TABLE requests ADD COLUMN key_id TEXT",
        "ALTER TABLE requests ADD COLUMN seal_format INTEGER",
    ),
    # 3: the name of the kiosk a request came from (settings `kiosk_name`), so a front desk
    # that lists several kiosks' requests can tell them apart. Not personal: never sealed.
    ("ALTER TABLE requests ADD COLUMN kiosk TEXT NOT NULL DEFAULT ''",),
    # 4: forwarding to a PostgreSQL store (kiosk/requests/forwarding.py). NULL `forwarded_at`
    # = not yet confirmed by the server; the partial index keeps "what is left to send"
    # cheap to ask every second however many sent copies a kiosk keeps. `audit_outbox`:
    # staff audit entries waiting for the server's shared trail (kiosk/staff/shared_audit.py).
    (
        "ALTER TABLE requests ADD COLUMN forwarded_at TEXT",
        "CREATE INDEX requests_unsent ON requests (seq) WHERE forwarded_at IS NULL",
        """CREATE TABLE audit_outbox (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            time TEXT NOT NULL,
            event TEXT NOT NULL,
            details TEXT NOT NULL
        )""",
    ),
    # 5: usage counters (kiosk/usage): sums per kiosk, local day and hour, never a row per
    # visit and never a link to a request. `key` is a screen id, field name, language code
    # or end reason from the code or content.yaml, never anything a patient typed.
    (
        """CREATE TABLE usage_counts (
            kiosk TEXT NOT NULL,
            day TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            hour INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
            metric TEXT NOT NULL,
            key TEXT NOT NULL DEFAULT '',
            value INTEGER NOT NULL CHECK (value >= 0),
            PRIMARY KEY (day, hour, kiosk, metric, key)
        ) WITHOUT ROWID""",
    ),
    # 6: forwarding the counters to a PostgreSQL store (forwarding.py): `sent_value` is the
    # value the server last confirmed, so only rows whose count moved since are sent again
    # (the partial index keeps that question cheap every second).
    (
        "ALTER TABLE usage_counts ADD COLUMN sent_value INTEGER NOT NULL DEFAULT 0",
        "CREATE INDEX usage_unsent ON usage_counts (day, hour, kiosk, metric, key)"
        " WHERE value != sent_value",
    ),
    # 7: which kiosk counted, beyond its name: a random id made once per file. The server
    # keys each kiosk's counters by it too (PG migration 3), so two kiosks given the same
    # kiosk_name (or none) add up instead of overwriting each other's numbers. Every counter
    # goes to the server again under it (the file keeps them all; the server's older rows,
    # keyed by name only, are gone).
    (
        "CREATE TABLE installation (id TEXT NOT NULL)",
        "INSERT INTO installation (id) VALUES (lower(hex(randomblob(16))))",
        "UPDATE usage_counts SET sent_value = 0",
    ),
)


class NewerSchemaError(Exception):
    """The file was written by a newer kiosk; refusing to touch it protects its data."""


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def apply_migrations(conn: sqlite3.Connection, migrations: Sequence[Migration] = MIGRATIONS) -> int:
    """Bring the database up to len(migrations); return the resulting version.

    All pending migrations and the version bump commit in one transaction, so a failure
    leaves the file exactly as it was. `conn` must be in autocommit mode (isolation_level=None).
    """
    target = len(migrations)
    if schema_version(conn) == target:  # the common case: no write lock taken
        return target
    conn.execute("BEGIN IMMEDIATE")  # re-read under the lock: another process may migrate
    try:
        version = schema_version(conn)
        if version > target:
            raise NewerSchemaError(f"database schema {version} is newer than {target}")
        for number in range(version + 1, target + 1):
            for statement in migrations[number - 1]:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number:d}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return target
