"""Usage counters on the several-kiosks PostgreSQL server (a real throwaway server,
tests/support/pg_server.py): two kiosks' files forwarded sum per kiosk; sending again, or
after a kill between the server's commit and the local mark, never double-counts; two kiosks
under one name add up; the kiosk login may upsert counters and still cannot read requests;
`stats --store postgresql://…` reports every kiosk."""

from __future__ import annotations

import csv
import os
import sqlite3
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import psycopg
import pytest

from kiosk.paths import bundle_root
from kiosk.requests.forwarding import Forwarder
from kiosk.requests.migrations import MIGRATIONS, apply_migrations
from kiosk.requests.postgres import PostgresRequestStore
from kiosk.requests.store import DB_NAME
from kiosk.requests.stores import open_store
from kiosk.usage.pg_source import PgUsageSource
from kiosk.usage.store import open_usage_store
from tests.support.pg_server import DESK, DESK_PASSWORD, KIOSK, KIOSK_PASSWORD, PgServer

TODAY = date.today().isoformat()
YESTERDAY = (date.today() - timedelta(days=1)).isoformat()
LOBBY = {(TODAY, 9, "visits", ""): 8, (TODAY, 9, "language", "es"): 3,
         (YESTERDAY, 16, "visits", ""): 20, (YESTERDAY, 16, "requests", ""): 6}  # fmt: skip
UPSTAIRS = {(TODAY, 9, "visits", ""): 5, (TODAY, 11, "visits", ""): 2}


def server_with_schema(pg: PgServer) -> str:
    """A fresh database the desk has opened once (tables, and the kiosk role's grants)."""
    database = pg.new_database()
    PostgresRequestStore(pg.url(DESK, database), DESK_PASSWORD).close()
    return database


def kiosk_file(root: Path, name: str, counts: dict) -> Path:
    """A kiosk's data folder whose SQLite file holds `counts` for the kiosk `name`."""
    folder = root / name
    open_store(folder).close()
    add(folder, name, counts)
    return folder


def add(folder: Path, name: str, counts: dict) -> None:
    usage = open_usage_store(folder)
    usage.add(name, counts)
    usage.close()


def forward(pg: PgServer, database: str, folder: Path) -> None:
    """One forwarding pass as the kiosk login, as the kiosk's background thread runs it."""
    forwarder = Forwarder(folder / DB_NAME, pg.url(KIOSK, database), KIOSK_PASSWORD)
    try:
        forwarder.forward_batch()
    finally:
        forwarder.stop()


def on_server(pg: PgServer, database: str) -> dict[tuple[str, str, str], int]:
    """{(kiosk, day, metric): value} summed per day, read as the desk."""
    source = PgUsageSource(pg.url(DESK, database), DESK_PASSWORD)
    try:
        rows = source.rows(YESTERDAY, TODAY)
    finally:
        source.close()
    return {(r.kiosk, r.day, f"{r.metric}:{r.key}"): r.value for r in rows}


def unsent_rows(folder: Path) -> int:
    conn = sqlite3.connect(folder / DB_NAME)
    try:
        return conn.execute(
            "SELECT count(*) FROM usage_counts WHERE value != sent_value"
        ).fetchone()[0]
    finally:
        conn.close()


EXPECTED = {
    ("lobby", TODAY, "visits:"): 8, ("lobby", TODAY, "language:es"): 3,
    ("lobby", YESTERDAY, "visits:"): 20, ("lobby", YESTERDAY, "requests:"): 6,
    ("upstairs", TODAY, "visits:"): 7,
}  # fmt: skip


def test_two_kiosks_counters_sum_per_kiosk_and_a_resend_never_doubles(
    pg: PgServer, tmp_path: Path
) -> None:
    database = server_with_schema(pg)
    lobby = kiosk_file(tmp_path, "lobby", LOBBY)
    upstairs = kiosk_file(tmp_path, "upstairs", UPSTAIRS)
    for folder in (lobby, upstairs):
        assert unsent_rows(folder) > 0
        forward(pg, database, folder)
        assert unsent_rows(folder) == 0
    assert on_server(pg, database) == EXPECTED
    forward(pg, database, lobby)  # nothing changed: nothing sent, nothing added
    assert on_server(pg, database) == EXPECTED

    # Killed after the server committed, before the local mark: the rows go again as the
    # same absolute values, so the server's numbers stay right.
    conn = sqlite3.connect(lobby / DB_NAME)
    with conn:
        conn.execute("UPDATE usage_counts SET sent_value = 0")
    conn.close()
    forward(pg, database, lobby)
    assert on_server(pg, database) == EXPECTED and unsent_rows(lobby) == 0

    add(lobby, "lobby", {(TODAY, 9, "visits", ""): 4, (TODAY, 15, "visits", ""): 1})
    assert unsent_rows(lobby) == 2  # only what moved goes again
    forward(pg, database, lobby)
    assert on_server(pg, database) == {**EXPECTED, ("lobby", TODAY, "visits:"): 13}
    hourly = PgUsageSource(pg.url(DESK, database), DESK_PASSWORD)
    try:
        hours = {(r.kiosk, r.hour): r.value for r in hourly.rows(TODAY, TODAY, hourly=True)
                 if r.metric == "visits"}  # fmt: skip
    finally:
        hourly.close()
    assert hours == {("lobby", 9): 12, ("lobby", 15): 1, ("upstairs", 9): 5, ("upstairs", 11): 2}


def test_the_kiosk_login_upserts_counters_but_still_cannot_read_requests(
    pg: PgServer, tmp_path: Path
) -> None:
    database = server_with_schema(pg)
    forward(pg, database, kiosk_file(tmp_path, "lobby", LOBBY))  # its upsert was allowed
    with psycopg.connect(
        host=str(pg.socket_dir), port=pg.port, user=KIOSK, password=KIOSK_PASSWORD,
        dbname=database,
    ) as conn:  # fmt: skip
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT name FROM requests")
        conn.rollback()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM usage_counts")


def test_stats_over_postgresql_writes_every_kiosks_rows(pg: PgServer, tmp_path: Path) -> None:
    database = server_with_schema(pg)
    for name, counts in (("lobby", LOBBY), ("upstairs", UPSTAIRS)):
        forward(pg, database, kiosk_file(tmp_path, name, counts))
    settings = tmp_path / "desk" / "settings.yaml"
    settings.parent.mkdir()
    settings.write_text(f"store_password: {DESK_PASSWORD}\n", encoding="utf-8")
    settings.chmod(0o600)
    out = tmp_path / "report"
    result = subprocess.run(
        [sys.executable, str(bundle_root() / "main.py"), "stats", "--out", str(out), "--days",
         "2", "--data-dir", str(settings.parent), "--store", pg.url(DESK, database)],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    with (out / "usage.csv").open(encoding="utf-8-sig", newline="") as file:
        rows = {(row["day"], row["kiosk"]): row for row in csv.DictReader(file)}
    assert sorted(rows) == [(YESTERDAY, "lobby"), (YESTERDAY, "upstairs"),
                            (TODAY, "lobby"), (TODAY, "upstairs")]  # fmt: skip
    assert rows[(TODAY, "lobby")]["visits"] == "8"
    assert rows[(TODAY, "upstairs")]["visits"] == "7"
    assert rows[(YESTERDAY, "lobby")]["requests"] == "6"
    assert rows[(YESTERDAY, "upstairs")]["visits"] == "0"
    assert (out / "usage-funnel.png").is_file()


def installation_of(folder: Path) -> str:
    conn = sqlite3.connect(folder / DB_NAME)
    try:
        return conn.execute("SELECT id FROM installation").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.parametrize("name", ["lobby", ""])
def test_two_kiosks_under_one_name_add_up_and_never_overwrite_each_other(
    pg: PgServer, tmp_path: Path, name: str
) -> None:
    """A clinic that gives two kiosks the same kiosk_name (or none) sees their visits added
    up under it; each still sets only its own numbers, so a resend never double-counts."""
    database = server_with_schema(pg)
    first, second = tmp_path / "first", tmp_path / "second"
    for folder, visits in ((first, 8), (second, 5)):
        open_store(folder).close()
        add(folder, name, {(TODAY, 9, "visits", ""): visits})
    assert installation_of(first) != installation_of(second)  # random, one per kiosk file
    forward(pg, database, first)
    forward(pg, database, second)
    assert on_server(pg, database) == {(name, TODAY, "visits:"): 13}

    add(first, name, {(TODAY, 9, "visits", ""): 1})
    forward(pg, database, first)  # first's 9 replaces first's 8, not second's 5
    conn = sqlite3.connect(second / DB_NAME)
    with conn:
        conn.execute("UPDATE usage_counts SET sent_value = 0")  # killed before the local mark
    conn.close()
    forward(pg, database, second)
    assert on_server(pg, database) == {(name, TODAY, "visits:"): 14}


def test_a_file_from_before_installation_ids_sends_every_counter_again(tmp_path: Path) -> None:
    """The server dropped the rows keyed by name only (PG migration 3): an upgraded kiosk's
    file has them all, and offers them again under its installation id."""
    folder = tmp_path / "old"
    folder.mkdir()
    conn = sqlite3.connect(folder / DB_NAME, isolation_level=None)
    apply_migrations(conn, MIGRATIONS[:6])
    conn.execute(
        "INSERT INTO usage_counts (kiosk, day, hour, metric, key, value, sent_value)"
        " VALUES ('lobby', ?, 9, 'visits', '', 8, 8)",
        (TODAY,),
    )
    conn.close()
    assert unsent_rows(folder) == 0  # all sent, under the name only
    open_store(folder).close()  # the new version starts: migration 7
    assert unsent_rows(folder) == 1 and len(installation_of(folder)) == 32
