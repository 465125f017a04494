"""Forwarding kiosk requests to a real PostgreSQL server (tests/support/pg_server.py):

- the server stops mid-run: the kiosk keeps saving (acknowledging) locally, shows what waits,
  and once the server is back everything arrives exactly once;
- SIGKILL of a forwarding kiosk at random moments, many times: nothing acknowledged is
  lost, nothing doubled, and the usage counters it keeps beside them arrive exactly
  (PG_KILL_CYCLES, default 8; `make soak` runs more);
- two real kiosk processes (the UI driven by tests.support.kiosk_driver) submit into one
  server, and the front desk's inbox lists both kiosks' requests.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from kiosk.paths import bundle_root
from kiosk.requests.forwarding import Forwarder, unsent, waiting_text
from kiosk.requests.postgres import PostgresRequestStore
from kiosk.requests.store import DB_NAME, SqliteRequestStore
from kiosk.staff.audit import record_safely
from kiosk.staff.shared_audit import ForwardedAuditLog, PgAuditLog
from kiosk.usage.pg_source import PgUsageSource
from tests.support.forward_child import USAGE_KEY
from tests.support.pg_server import DESK, DESK_PASSWORD, KIOSK, KIOSK_PASSWORD, PgServer, binaries
from tests.support.waiting import wait_until
from tests.unit.test_store import request

CYCLES = int(os.environ.get("PG_KILL_CYCLES", "8"))
SEED = int(os.environ.get("PG_KILL_SEED", str(random.randrange(1_000_000))))


@pytest.fixture
def own_pg() -> Iterator[PgServer]:
    """A server of this test's own, which the test may stop and start."""
    bin_dir = binaries()
    if bin_dir is None:
        pytest.skip("PostgreSQL server binaries not installed (scripts/system-deps test)")
    server = PgServer.start(bin_dir)
    yield server
    server.stop_and_remove()


def server_rows(server: PgServer, database: str) -> list[tuple[str, str, str]]:
    """(id, name, kiosk) of every request on the server, read as the desk."""
    with PostgresRequestStore(server.url(DESK, database), DESK_PASSWORD) as desk:
        return [(r.id, r.name, r.kiosk) for r in desk.export_rows()]


def test_server_down_mid_run_keeps_acknowledging_and_catches_up(
    own_pg: PgServer, tmp_path: Path
) -> None:
    database = own_pg.new_database()
    server_rows(own_pg, database)  # the desk opens it first: tables and the kiosk's grant
    store = SqliteRequestStore(tmp_path / DB_NAME)
    forwarder = Forwarder(store.path, own_pg.url(KIOSK, database), KIOSK_PASSWORD,
                          kiosk="lobby", poll_seconds=0.05)  # fmt: skip
    forwarder.start()
    try:
        before = [store.add(request(f"Before {n}")).id for n in range(5)]
        wait_until(lambda: len(server_rows(own_pg, database)) == 5, 30, "the first five")
        own_pg.pg_ctl("stop")
        during = [store.add(request(f"During {n}")).id for n in range(20)]  # all acknowledged
        wait_until(lambda: forwarder.pending()[0] == 20 and forwarder.problem, 30, "a problem")
        assert "could not be reached" in forwarder.problem
        assert waiting_text(forwarder.pending()).startswith("20 requests waiting to send since")
        own_pg.pg_ctl("start")
        wait_until(lambda: unsent(store._conn)[0] == 0, 60, "everything to be forwarded")
        rows = server_rows(own_pg, database)
        assert sorted(r[0] for r in rows) == sorted(before + during)  # none lost, none doubled
        assert {r[2] for r in rows} == {"lobby"}
        assert store.list() == []  # local copies go once the server has them
        wait_until(lambda: forwarder.problem == "", 10, "the problem to clear")
    finally:
        forwarder.stop()
        store.close()


def test_keep_forwarded_keeps_the_local_copy_marked_sent(pg: PgServer, tmp_path: Path):
    database = pg.new_database()
    server_rows(pg, database)
    store = SqliteRequestStore(tmp_path / DB_NAME)
    saved = store.add(request("Kept Copy"))
    forwarder = Forwarder(store.path, pg.url(KIOSK, database), KIOSK_PASSWORD,
                          keep_forwarded=True)  # fmt: skip
    try:
        assert forwarder.forward_batch() == 1 and forwarder.forward_batch() == 0
        assert [r.id for r in store.list()] == [saved.id] and unsent(store._conn) == (0, None)
        assert [r[0] for r in server_rows(pg, database)] == [saved.id]
    finally:
        forwarder.stop()
        store.close()


def test_a_wrong_password_is_retried_quietly_and_nothing_is_lost(pg: PgServer, tmp_path: Path):
    database = pg.new_database()
    server_rows(pg, database)
    store = SqliteRequestStore(tmp_path / DB_NAME)
    saved = store.add(request("Waiting Wanda"))
    forwarder = Forwarder(store.path, pg.url(KIOSK, database), "wrong", poll_seconds=0.05)
    forwarder.start()
    try:
        wait_until(lambda: forwarder.problem, 30, "the login problem")
        assert "refused the login" in forwarder.problem and "wrong" not in forwarder.problem
        assert [r.id for r in store.list()] == [saved.id]
        assert server_rows(pg, database) == []
    finally:
        forwarder.stop()
        store.close()


def _child(data_dir: Path, url: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.support.forward_child", str(data_dir), url, *args],
        cwd=bundle_root(), stdout=subprocess.PIPE, text=True,
        env={**os.environ, "KIOSK_STORE_PASSWORD": KIOSK_PASSWORD},
    )  # fmt: skip


def _kill_after(child: subprocess.Popen[str], acks: int) -> list[str]:
    """SIGKILL `child` once it has acknowledged `acks` requests (it forwards meanwhile);
    the ids it acknowledged."""
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(child.stdout), daemon=True)
    reader.start()
    wait_until(lambda: len(lines) >= acks, 60, "acknowledgements")
    child.send_signal(signal.SIGKILL)
    child.wait()
    reader.join()
    return [line.split()[1] for line in lines if line.startswith("ACK ")]


def test_sigkill_during_forwarding_loses_and_doubles_nothing(pg: PgServer, tmp_path: Path):
    print(f"PG_KILL_SEED={SEED} PG_KILL_CYCLES={CYCLES}")
    rng = random.Random(SEED)
    database = pg.new_database()
    server_rows(pg, database)
    url, data = pg.url(KIOSK, database), tmp_path / "kiosk"
    acknowledged: list[str] = []
    for cycle in range(CYCLES):
        acknowledged += _kill_after(
            _child(data, url, "--count", "40", "--prefix", f"Kill {cycle}", "--batch", "3",
                   "--kiosk", "lobby", "--usage"),
            rng.randrange(1, 40),
        )
    drain = _child(data, url, "--drain")
    out, _ = drain.communicate(timeout=120)
    assert drain.returncode == 0 and "DRAINED" in out
    rows = server_rows(pg, database)
    ids, names = [r[0] for r in rows], [r[1] for r in rows]
    replay = f"replay: PG_KILL_SEED={SEED} PG_KILL_CYCLES={CYCLES}"
    assert set(acknowledged) <= set(ids), f"acknowledged requests lost; {replay}"
    assert len(names) == len(set(names)), f"a request arrived twice; {replay}"
    with sqlite3.connect(data / DB_NAME) as local:
        assert local.execute("SELECT count(*) FROM requests").fetchone()[0] == 0
        assert local.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        counted = local.execute("SELECT sum(value) FROM usage_counts").fetchone()[0]
    # The visits counted beside them: the server holds exactly the kiosk's own sum.
    source = PgUsageSource(pg.url(DESK, database), DESK_PASSWORD)
    try:
        on_server = [(r.kiosk, r.value) for r in source.rows(USAGE_KEY[0], USAGE_KEY[0])]
    finally:
        source.close()
    assert counted and on_server == [("lobby", counted)], f"usage lost or doubled; {replay}"


def test_two_kiosks_through_the_ui_reach_one_front_desk(pg: PgServer, tmp_path: Path) -> None:
    database = pg.new_database()
    server_rows(pg, database)
    kiosks = {}
    for name in ("lobby", "upstairs"):
        kiosks[name] = subprocess.Popen(
            [sys.executable, "-m", "tests.support.kiosk_driver", str(tmp_path / name), "2",
             "--store", pg.url(KIOSK, database), "--kiosk-name", name,
             "--name", f"Ana {name} {{n}}"],
            cwd=bundle_root(), stdout=subprocess.PIPE, text=True,
            env={**os.environ, "KIOSK_STORE_PASSWORD": KIOSK_PASSWORD},
        )  # fmt: skip
    try:
        wait_until(lambda: len(server_rows(pg, database)) == 4, 120, "four requests")
        rows = server_rows(pg, database)
        assert sorted((r[2], r[1]) for r in rows) == [
            ("lobby", "Ana lobby 0"), ("lobby", "Ana lobby 1"),
            ("upstairs", "Ana upstairs 0"), ("upstairs", "Ana upstairs 1"),
        ]  # fmt: skip
        with PostgresRequestStore(pg.url(DESK, database), DESK_PASSWORD) as desk:
            assert {r.kiosk for r in desk.list()} == {"lobby", "upstairs"}
    finally:
        for process in kiosks.values():
            process.kill()
            process.wait()


def test_desks_and_kiosks_write_one_audit_trail(pg: PgServer, tmp_path: Path) -> None:
    database = pg.new_database()
    server_rows(pg, database)
    store = SqliteRequestStore(tmp_path / DB_NAME)  # the kiosk's file, with its outbox
    saved = store.add(request("Audit Ana"))
    kiosk_audit = ForwardedAuditLog(tmp_path)
    kiosk_audit.record("staff_login")
    assert '"staff_login"' in (tmp_path / "audit.log").read_text()  # the local file too
    desk_audit = PgAuditLog(pg.url(DESK, database), DESK_PASSWORD, station="desk-1")
    desk_audit.record("status_change", request_id=saved.id, from_status="new",
                      to_status="contacted")  # fmt: skip
    with pytest.raises(ValueError, match="not allowed"):
        desk_audit.record("export", name="Audit Ana")  # the same allow-list
    forwarder = Forwarder(store.path, pg.url(KIOSK, database), KIOSK_PASSWORD, kiosk="lobby")
    try:
        forwarder.forward_batch()
        forwarder.forward_batch()  # nothing left: nothing sent twice
    finally:
        forwarder.stop()
        store.close()
    with psycopg.connect(f"host={pg.root} port={pg.port} user=postgres dbname={database}") as c:
        trail = c.execute("SELECT kiosk, event, details FROM audit ORDER BY seq").fetchall()
    assert sorted(trail, key=lambda row: row[0]) == [
        ("desk-1", "status_change",
         {"request_id": saved.id, "from_status": "new", "to_status": "contacted"}),
        ("lobby", "staff_login", {}),
    ]  # fmt: skip
    desk_audit.close()
    broken = PgAuditLog(pg.url(DESK, database), "wrong password")
    assert record_safely(broken, "purge", count=1) is False  # reported, never raised
