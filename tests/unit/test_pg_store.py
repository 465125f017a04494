"""PostgresRequestStore against a real throwaway server (tests/conftest.py `pg`): the store
contract, the conflict check between two desks, sealed rows, purge, export, the schema
version, and the kiosk role's least privilege (a real permission error from the server)."""

from __future__ import annotations

import csv
import threading
import uuid
from pathlib import Path

import psycopg
import pytest

from kiosk.requests.model import Status
from kiosk.requests.pg_connect import connect
from kiosk.requests.pg_migrations import PG_MIGRATIONS, pg_schema_version
from kiosk.requests.postgres import PostgresRequestStore, insert_stored
from kiosk.requests.store import RequestStore, StatusConflict, StoreError
from kiosk.requests.stores import store_from_url
from kiosk.sealing.keys import (
    PRIVATE_KEY_FILE,
    PUBLIC_KEY_FILE,
    create_key_pair,
    load_private_key,
    load_public_key,
)
from kiosk.sealing.seal import Keyring, Sealer
from tests.support.pg_server import DESK, DESK_PASSWORD, KIOSK, KIOSK_PASSWORD, PgServer
from tests.unit.test_store import Clock, request
from tests.unit.test_store_factory import main_py

PASS = "pg store test passphrase"


@pytest.fixture
def desk(pg: PgServer, pg_db: str):
    with PostgresRequestStore(pg.url(DESK, pg_db), DESK_PASSWORD, kiosk_name="lobby") as store:
        yield store


def test_the_store_contract_on_postgresql(desk: PostgresRequestStore) -> None:
    assert isinstance(desk, RequestStore)
    first = desk.add(request("José Núñez"))
    second = desk.add(request("Ana Pérez", phone="+13105550101"))
    assert first.kiosk == "lobby" and desk.get(first.id) == first
    assert [r.id for r in desk.list()] == [second.id, first.id]
    assert [r.id for r in desk.list(search="NUNEZ")] == [first.id]
    assert [r.id for r in desk.list(search="310 555")] == [second.id]
    assert [r.id for r in desk.list(search=first.reference_code.lower())] == [first.id]
    assert desk.set_status(first.id, Status.CONTACTED) is Status.NEW
    assert [r.id for r in desk.list(status=Status.CONTACTED)] == [first.id]
    assert desk.counts() == {Status.NEW: 1, Status.CONTACTED: 1, Status.CLOSED: 0}
    assert [r.id for r in desk.export_rows()] == [first.id, second.id]
    assert desk.get(str(uuid.uuid4())) is None and desk.get("not-a-uuid") is None
    with pytest.raises(KeyError):
        desk.set_status(str(uuid.uuid4()), Status.CLOSED)


def test_two_desks_changing_one_request_never_lose_an_update(
    pg: PgServer, pg_db: str, desk: PostgresRequestStore
) -> None:
    saved = desk.add(request())
    other = desk.clone()
    try:
        assert desk.set_status(saved.id, Status.CONTACTED, expected=Status.NEW) is Status.NEW
        with pytest.raises(StatusConflict) as conflict:
            other.set_status(saved.id, Status.CLOSED, expected=Status.NEW)
        assert conflict.value.current is Status.CONTACTED
        assert "another desk" in str(conflict.value)
        assert other.get(saved.id).status is Status.CONTACTED  # the first change stands
    finally:
        other.close()


def test_simultaneous_changes_are_serialised_by_the_row_lock(pg: PgServer, pg_db: str) -> None:
    """Many desks race to move one new request on: exactly one wins, the rest see the
    conflict and the status the winner set."""
    url = pg.url(DESK, pg_db)
    with PostgresRequestStore(url, DESK_PASSWORD) as store:
        saved = store.add(request())
    targets = [Status.CONTACTED, Status.CLOSED] * 4
    outcomes: list[object] = []
    start = threading.Barrier(len(targets))

    def race(target: Status) -> None:
        with PostgresRequestStore(url, DESK_PASSWORD, migrate=False) as mine:
            start.wait()
            try:
                outcomes.append(mine.set_status(saved.id, target, expected=Status.NEW))
            except StatusConflict as conflict:
                outcomes.append(conflict)

    threads = [threading.Thread(target=race, args=(t,)) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [o for o in outcomes if o is Status.NEW]
    conflicts = [o for o in outcomes if isinstance(o, StatusConflict)]
    assert len(winners) == 1 and len(conflicts) == len(targets) - 1
    with PostgresRequestStore(url, DESK_PASSWORD) as store:
        final = store.get(saved.id).status
    assert {c.current for c in conflicts} == {final}


def test_purge_and_retention_are_held_on_the_server(pg: PgServer, pg_db: str) -> None:
    clock = Clock()
    with PostgresRequestStore(pg.url(DESK, pg_db), DESK_PASSWORD, clock=clock) as store:
        old, recent, open_ = (store.add(request(f"P {n}")) for n in range(3))
        store.set_status(old.id, Status.CLOSED)
        clock.advance(days=31)
        store.set_status(recent.id, Status.CLOSED)
        assert store.purge_closed(30) == 1
        assert {r.id for r in store.list()} == {recent.id, open_.id}
        with pytest.raises(ValueError):
            store.purge_closed(-1)


def test_sealed_requests_open_only_with_the_key(pg: PgServer, pg_db: str, tmp_path: Path):
    create_key_pair(tmp_path / "k", PASS)
    url = pg.url(DESK, pg_db)
    with PostgresRequestStore(url, DESK_PASSWORD) as store:
        store.sealer = Sealer(load_public_key(tmp_path / "k" / PUBLIC_KEY_FILE))
        saved = store.add(request("Sellada Núñez"))
        store.sealer = None
        assert store.list() == [] and store.unopened == [saved.id]
        assert store.locked_count() == 1
        store.keyring = Keyring([load_private_key(tmp_path / "k" / PRIVATE_KEY_FILE, PASS)])
        assert store.locked_count() == 0
        assert [r.name for r in store.list(search="nunez")] == ["Sellada Núñez"]
        assert [r.id for r in store.export_rows()] == [saved.id]
    with psycopg.connect(f"host={pg.root} port={pg.port} user=postgres dbname={pg_db}") as conn:
        name, sealed = conn.execute("SELECT name, sealed FROM requests").fetchone()
    assert name == "" and b"Sellada" not in bytes(sealed)


def test_the_schema_is_versioned_and_a_newer_one_is_refused(pg: PgServer, pg_db: str) -> None:
    url = pg.url(DESK, pg_db)
    with PostgresRequestStore(url, DESK_PASSWORD) as store:
        saved = store.add(request())
    with connect(url, DESK_PASSWORD, autocommit=True) as conn:
        assert pg_schema_version(conn) == len(PG_MIGRATIONS)
    with PostgresRequestStore(url, DESK_PASSWORD) as again:  # reopening changes nothing
        assert again.get(saved.id) == saved
    pg.psql(f"UPDATE kiosk_schema SET version = {len(PG_MIGRATIONS) + 1}", pg_db)
    with pytest.raises(StoreError, match="newer kiosk version"):
        PostgresRequestStore(url, DESK_PASSWORD)


def test_the_kiosk_role_inserts_but_cannot_read_back(pg: PgServer, pg_db: str) -> None:
    with PostgresRequestStore(pg.url(DESK, pg_db), DESK_PASSWORD) as store:  # creates tables
        saved = store.add(request())
        row = store.stored_row(saved, saved.created_at)
    with connect(pg.url(KIOSK, pg_db), KIOSK_PASSWORD) as kiosk:
        fresh = (str(uuid.uuid4()), *row[1:])
        with kiosk.transaction(), kiosk.cursor() as cursor:
            assert insert_stored(cursor, [row, fresh], "upstairs") == 1  # the copy is ignored
        for sql in ("SELECT * FROM requests", "SELECT id FROM requests", "DELETE FROM requests",
                    "UPDATE requests SET status = 'closed'", "SELECT * FROM audit"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege), kiosk.transaction():
                kiosk.execute(sql)
    with PostgresRequestStore(pg.url(DESK, pg_db), DESK_PASSWORD) as store:
        assert {r.kiosk for r in store.list()} == {"", "upstairs"}


def test_a_wrong_password_is_a_clear_error_without_secrets(pg: PgServer, pg_db: str) -> None:
    with pytest.raises(StoreError) as caught:
        store_from_url(pg.url(DESK, pg_db), "not-the-password")
    message = str(caught.value)
    assert "refused the login" in message and "not-the-password" not in message
    assert str(pg.root) not in message


def test_export_from_the_server_with_the_settings_files_password(
    pg: PgServer, pg_db: str, tmp_path: Path
) -> None:
    url = pg.url(DESK, pg_db)
    with PostgresRequestStore(url, DESK_PASSWORD, kiosk_name="Second floor") as store:
        store.add(request("Server Sam"))
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    settings = data / "settings.yaml"
    settings.write_text(f"store_password: {DESK_PASSWORD}\n")
    settings.chmod(0o600)
    out = tmp_path / "out.csv"
    done = main_py("export", "--out", str(out), "--store", url, "--data-dir", str(data))
    assert done.returncode == 0, done.stderr
    with out.open(encoding="utf-8-sig", newline="") as file:
        [row] = list(csv.DictReader(file))
    assert (row["Name"], row["Kiosk"]) == ("Server Sam", "Second floor")  # which kiosk
    with connect(url, DESK_PASSWORD, autocommit=True) as conn:  # the shared audit trail
        assert conn.execute("SELECT event FROM audit").fetchall() == [("export",)]
    settings.chmod(0o644)
    done = main_py("export", "--out", str(out), "--store", url, "--data-dir", str(data))
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert "chmod 600" in done.stderr and DESK_PASSWORD not in done.stderr


def test_a_bad_kiosk_name_is_one_line_and_exit_2(tmp_path: Path) -> None:
    done = main_py("run", "--kiosk-name", "x" * 61, "--data-dir", str(tmp_path))
    assert done.returncode == 2 and "--kiosk-name" in done.stderr
    assert done.stderr.count("\n") == 1
