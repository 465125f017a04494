"""SqliteRequestStore on real files: ordering, status, search, permissions, durability,
error reasons, purging and schema migrations."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import stat
import subprocess
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.requests.migrations import MIGRATIONS, apply_migrations, schema_version
from kiosk.requests.model import (
    REFERENCE_ALPHABET,
    BestTime,
    ConsultationRequest,
    ContactMethod,
    Status,
    ValidRequest,
)
from kiosk.requests.store import (
    DB_NAME,
    RequestStore,
    SqliteRequestStore,
    StatusConflict,
    StoreError,
)
from kiosk.requests.stores import open_store

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions and errors")


class Clock:
    """A settable UTC clock, so ordering and purging need no sleeping."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 21, 19, 52, 4, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def request(name: str = "José Núñez", **changes: object) -> ValidRequest:
    fields: dict[str, object] = {
        "name": name, "phone": "+12125552368", "email": None,
        "contact_method": ContactMethod.CALL, "best_time": BestTime.MORNING, "note": "",
        "self_check": (), "language": "en",
    }  # fmt: skip
    return ValidRequest(**{**fields, **changes})  # type: ignore[arg-type]


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> Iterator[SqliteRequestStore]:
    with SqliteRequestStore(tmp_path / DB_NAME, clock=clock) as opened:
        yield opened


def _really_read_only(path: Path) -> bool:
    try:
        if path.is_dir():
            probe = path / ".probe"
            os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            probe.unlink()
        else:
            os.close(os.open(path, os.O_WRONLY))
    except OSError:
        return True
    return False


@pytest.fixture
def make_read_only() -> Iterator[Callable[[Path], None]]:
    """Make a file or directory read-only in a way that also stops root: root ignores mode
    bits, so as root use the immutable attribute (chattr +i, needs CAP_LINUX_IMMUTABLE);
    otherwise chmod. Skips unless the result is proven to refuse writes."""
    undo: list[Callable[[], object]] = []

    def make(path: Path) -> None:
        if os.geteuid() == 0:
            chattr = shutil.which("chattr")
            if (
                chattr is None
                or subprocess.run([chattr, "+i", path], capture_output=True).returncode
            ):
                pytest.skip("running as root and cannot set the immutable attribute")
            undo.append(lambda: subprocess.run([chattr, "-i", path], check=True))
        else:
            mode = stat.S_IMODE(path.stat().st_mode)
            path.chmod(0o500 if path.is_dir() else 0o400)
            undo.append(lambda: path.chmod(mode))
        if not _really_read_only(path):
            pytest.skip("could not make the path read-only for this process")

    yield make
    for step in reversed(undo):
        step()


def test_sqlite_store_satisfies_the_protocol(store: SqliteRequestStore) -> None:
    assert isinstance(store, RequestStore)


def test_add_returns_a_saved_request(store: SqliteRequestStore) -> None:
    saved = store.add(request(self_check=("Leg pain when standing",)))
    assert isinstance(saved, ConsultationRequest)
    assert uuid.UUID(saved.id).version == 4
    assert saved.created_at == "2026-11-21T19:52:04Z"
    assert saved.status is Status.NEW
    assert re.fullmatch(f"[{REFERENCE_ALPHABET}]{{6}}", saved.reference_code)
    assert (saved.name, saved.phone, saved.self_check) == (
        "José Núñez", "+12125552368", ("Leg pain when standing",),
    )  # fmt: skip
    assert store.get(saved.id) == saved
    assert store.get(str(uuid.uuid4())) is None


def test_reference_codes_are_random_not_derived_from_the_name(store: SqliteRequestStore) -> None:
    codes = {store.add(request("Same Name")).reference_code for _ in range(20)}
    assert len(codes) == 20
    assert not any(set(code) & set("0O1IL25S8B") for code in codes)


def test_list_is_newest_first(store: SqliteRequestStore, clock: Clock) -> None:
    first = store.add(request("First"))
    clock.advance(minutes=5)
    second = store.add(request("Second"))
    third = store.add(request("Third"))  # same second as Second: insertion order decides
    assert [r.name for r in store.list()] == ["Third", "Second", "First"]
    assert [r.id for r in store.export_rows()] == [first.id, second.id, third.id]


def test_status_changes_return_the_previous_status(store: SqliteRequestStore) -> None:
    a, b, _c = (store.add(request(n)) for n in ("A", "B", "C"))
    assert store.counts() == {Status.NEW: 3, Status.CONTACTED: 0, Status.CLOSED: 0}
    assert store.set_status(a.id, Status.CONTACTED) is Status.NEW
    assert store.set_status(a.id, Status.CLOSED) is Status.CONTACTED
    assert store.set_status(b.id, Status.CLOSED) is Status.NEW
    assert store.counts() == {Status.NEW: 1, Status.CONTACTED: 0, Status.CLOSED: 2}
    assert [r.name for r in store.list(status=Status.CLOSED)] == ["B", "A"]
    assert store.set_status(a.id, Status.CONTACTED) is Status.CLOSED  # undo
    assert store.get(a.id).status is Status.CONTACTED  # type: ignore[union-attr]
    with pytest.raises(KeyError):
        store.set_status(str(uuid.uuid4()), Status.CLOSED)


def test_two_desks_on_one_file_never_overwrite_each_other(tmp_path: Path) -> None:
    """Two real connections to one file: the second change, made on a stale view, is
    refused with the status now stored, and the first one stays."""
    path = tmp_path / DB_NAME
    with SqliteRequestStore(path) as kiosk, SqliteRequestStore(path) as desk_a, \
            SqliteRequestStore(path) as desk_b:  # fmt: skip
        saved = kiosk.add(request())
        shown_a, shown_b = desk_a.get(saved.id), desk_b.get(saved.id)
        assert shown_a is not None and shown_b is not None
        assert desk_a.set_status(saved.id, Status.CONTACTED, expected=shown_a.status) is Status.NEW
        with pytest.raises(StatusConflict) as conflict:
            desk_b.set_status(saved.id, Status.CLOSED, expected=shown_b.status)
        assert conflict.value.current is Status.CONTACTED
        assert isinstance(conflict.value, StoreError)
        assert desk_b.get(saved.id).status is Status.CONTACTED  # type: ignore[union-attr]
        # With the status it sees now, the second desk's change goes through.
        assert desk_b.set_status(saved.id, Status.CLOSED, expected=Status.CONTACTED) is (
            Status.CONTACTED
        )
        assert desk_a.get(saved.id).status is Status.CLOSED  # type: ignore[union-attr]
        with pytest.raises(KeyError):
            desk_a.set_status(str(uuid.uuid4()), Status.CLOSED, expected=Status.NEW)


def test_each_request_keeps_the_name_of_its_kiosk(tmp_path: Path) -> None:
    path = tmp_path / DB_NAME
    with SqliteRequestStore(path, kiosk_name="lobby") as lobby, \
            SqliteRequestStore(path, kiosk_name="floor-2") as upstairs, \
            SqliteRequestStore(path) as desk:  # fmt: skip
        a = lobby.add(request("A"))
        b = upstairs.add(request("B"))
        assert (a.kiosk, b.kiosk) == ("lobby", "floor-2")
        assert [(r.name, r.kiosk) for r in desk.list()] == [("B", "floor-2"), ("A", "lobby")]
        assert [r.kiosk for r in desk.export_rows()] == ["lobby", "floor-2"]
        assert desk.add(request("C")).kiosk == ""
        clone = lobby.clone()
        assert clone.kiosk_name == "lobby"
        clone.close()


def test_search_by_name_phone_and_reference(store: SqliteRequestStore) -> None:
    jose = store.add(request("José Núñez", phone="+12125552368"))
    li = store.add(request("李小龙", phone="+442079460958"))
    anne = store.add(request("Anne-Marie O'Brien", phone=None, email="anne@example.com"))

    def names(query: str) -> set[str]:
        return {r.name for r in store.list(search=query)}

    assert names("núñez") == names("NUNEZ") == names("  jose ") == {jose.name}
    assert names("小龙") == {li.name}
    assert names("o'brien") == names("anne-marie") == {anne.name}
    assert names("555 2368") == names("(212) 555") == names("2125552368") == {jose.name}
    assert names("7946") == {li.name}
    assert names(jose.reference_code.lower()) == {jose.name}
    assert names("") == {jose.name, li.name, anne.name}
    for hostile in ("%", "_", "' OR 1=1 --", '"', "\\", "nobody"):
        assert names(hostile) == set()
    store.set_status(li.id, Status.CLOSED)
    assert store.list(status=Status.NEW, search="小龙") == []


def test_data_dir_database_and_wal_are_private(tmp_path: Path) -> None:
    with open_store(tmp_path / "data") as store:
        store.add(request())
        assert stat.S_IMODE((tmp_path / "data").stat().st_mode) == 0o700
        for name in (DB_NAME, DB_NAME + "-wal", DB_NAME + "-shm"):
            assert stat.S_IMODE((tmp_path / "data" / name).stat().st_mode) == 0o600, name


def test_an_existing_open_database_is_made_private(tmp_path: Path) -> None:
    path = tmp_path / DB_NAME
    SqliteRequestStore(path).close()
    path.chmod(0o644)
    with SqliteRequestStore(path):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_add_is_durable_when_it_returns(tmp_path: Path) -> None:
    path = tmp_path / DB_NAME
    with SqliteRequestStore(path) as store:
        assert store._conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert store._conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store._conn.execute("PRAGMA secure_delete").fetchone()[0] == 1
        saved = store.add(request("Durable Dora"))
        other = sqlite3.connect(path)  # another connection, as another process would see it
        try:
            assert other.execute(
                "SELECT name FROM requests WHERE id = ?", (saved.id,)
            ).fetchall() == [("Durable Dora",)]
        finally:
            other.close()
    with SqliteRequestStore(path) as reopened:
        assert reopened.get(saved.id) == saved


def test_read_only_directory_gives_reason_read_only(
    tmp_path: Path, make_read_only: Callable[[Path], None]
) -> None:
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    make_read_only(folder)
    with pytest.raises(StoreError) as caught:
        open_store(folder)
    assert caught.value.reason == "read_only"
    assert not (folder / DB_NAME).exists()


def test_read_only_database_can_be_read_but_not_written(
    tmp_path: Path, make_read_only: Callable[[Path], None]
) -> None:
    path = tmp_path / DB_NAME
    with SqliteRequestStore(path) as store:
        store.add(request("Kept Karl"))
    make_read_only(path)
    with SqliteRequestStore(path) as store:
        assert [r.name for r in store.list()] == ["Kept Karl"]
        with pytest.raises(StoreError) as caught:
            store.add(request("Secret Sam", note="sciatica"))
    assert caught.value.reason == "read_only"
    assert "Sam" not in str(caught.value) and "sciatica" not in str(caught.value)


def test_full_database_gives_reason_disk_full(store: SqliteRequestStore) -> None:
    # SQLite's page limit produces the same SQLITE_FULL as a full disk.
    pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
    store._conn.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(StoreError) as caught:
        store.add(request("Full Fiona", note="x" * 20_000))
    assert caught.value.reason == "disk_full"
    assert "Fiona" not in str(caught.value)
    assert store.counts()[Status.NEW] == 0


def test_busy_database_gives_reason_locked(tmp_path: Path) -> None:
    path = tmp_path / DB_NAME
    with SqliteRequestStore(path, busy_timeout=0) as store:
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        try:
            with pytest.raises(StoreError) as caught:
                store.add(request())
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert caught.value.reason == "locked"
        store.add(request())  # works again once the other writer is done


def test_not_a_database_gives_reason_other(tmp_path: Path) -> None:
    path = tmp_path / DB_NAME
    path.write_bytes(b"Name: Private Patricia " * 100)
    with pytest.raises(StoreError) as caught:
        SqliteRequestStore(path)
    assert caught.value.reason == "other"
    assert "Patricia" not in str(caught.value)


def _file_bytes(path: Path) -> bytes:
    sidecars = [path.with_name(path.name + s) for s in ("-wal", "-shm")]
    return b"".join(p.read_bytes() for p in [path, *sidecars] if p.exists()).lower()


def test_purge_deletes_only_old_closed_requests_and_their_bytes(
    tmp_path: Path, clock: Clock
) -> None:
    path = tmp_path / DB_NAME
    with SqliteRequestStore(path, clock=clock) as store:
        old_closed = store.add(request("Zebulon Quaxworth", phone="+16502530000",
                                       note="Numbness in both legs"))  # fmt: skip
        old_new = store.add(request("Old Open Olga"))
        old_contacted = store.add(request("Old Contacted Cora"))
        recent = store.add(request("Recent Rita"))
        store.set_status(old_closed.id, Status.CLOSED)
        store.set_status(old_contacted.id, Status.CONTACTED)
        clock.advance(days=25)
        store.set_status(recent.id, Status.CLOSED)
        clock.advance(days=10)  # old ones closed 35 days ago, Rita 10 days ago

        assert store.purge_closed(30) == 1
        assert store.get(old_closed.id) is None
        assert {r.id for r in store.list()} == {old_new.id, old_contacted.id, recent.id}
        assert store.purge_closed(30) == 0
        raw = _file_bytes(path)
        assert b"old open olga" in raw  # the byte search does find names that are stored
        for gone in ("Zebulon", "Quaxworth", "Numbness in both legs", "16502530000"):
            assert gone.lower().encode() not in raw, gone
        assert store.purge_closed(5, now=clock.now) == 1  # Rita, closed 10 days ago
    with pytest.raises(ValueError):
        SqliteRequestStore(path).purge_closed(-1)


def test_empty_file_is_upgraded_and_reopening_is_idempotent(tmp_path: Path) -> None:
    path = tmp_path / DB_NAME
    path.touch(mode=0o600)  # v0: zero bytes
    with SqliteRequestStore(path) as store:
        saved = store.add(request())
    conn = sqlite3.connect(path)
    schema_before = conn.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall()
    assert schema_version(conn) == len(MIGRATIONS) == 7
    conn.close()
    for _ in range(2):
        with SqliteRequestStore(path) as store:
            assert store.list() == [saved]
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall() == schema_before
    assert schema_version(conn) == len(MIGRATIONS)
    conn.close()


def test_a_first_release_database_upgrades_and_keeps_its_requests(tmp_path: Path) -> None:
    """A kiosk updated from the first release (schema 1, no sealing columns)."""
    path = tmp_path / DB_NAME
    conn = sqlite3.connect(path, isolation_level=None)
    apply_migrations(conn, MIGRATIONS[:1])
    conn.execute(
        "INSERT INTO requests (id, reference_code, created_at, status, status_changed_at, name,"
        " phone, email, contact_method, best_time, note, self_check, language, search_name)"
        " VALUES ('0b9c3c52-6a51-4a57-9f0e-1f2d3c4b5a69', 'K7Q4MC', '2026-11-21T19:52:04Z',"
        " 'new', '2026-11-21T19:52:04Z', 'Ana Pérez', '+12125552368', NULL, 'call', 'any',"
        " '', '[]', 'es', 'ana perez')"
    )
    conn.close()
    with SqliteRequestStore(path) as store:
        assert [r.name for r in store.list(search="perez")] == ["Ana Pérez"]
        assert schema_version(store._conn) == len(MIGRATIONS)


def test_version_zero_database_keeps_other_tables(tmp_path: Path) -> None:
    path = tmp_path / DB_NAME
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (text TEXT)")
    conn.execute("INSERT INTO notes VALUES ('kept')")
    conn.commit()
    conn.close()
    with SqliteRequestStore(path) as store:
        store.add(request())
        assert store._conn.execute("SELECT text FROM notes").fetchall() == [("kept",)]
        assert schema_version(store._conn) == len(MIGRATIONS)


def test_database_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / DB_NAME
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(StoreError) as caught:
        SqliteRequestStore(path)
    assert caught.value.reason == "other" and "newer" in str(caught.value)
    conn = sqlite3.connect(path)
    assert schema_version(conn) == 99
    conn.close()


def test_migrations_apply_in_order_once_and_roll_back_on_failure(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "m.sqlite3", isolation_level=None)
    two = (*MIGRATIONS, ("ALTER TABLE requests ADD COLUMN callback_at TEXT",))
    assert apply_migrations(conn) == len(MIGRATIONS)
    assert apply_migrations(conn, two) == len(two)
    assert apply_migrations(conn, two) == len(two)  # idempotent: not added twice
    columns = [row[1] for row in conn.execute("PRAGMA table_info(requests)")]
    assert columns.count("callback_at") == 1
    broken = (*two, ("CREATE TABLE extra (x)",), ("THIS IS NOT SQL",))
    with pytest.raises(sqlite3.OperationalError):
        apply_migrations(conn, broken)
    assert schema_version(conn) == len(two)
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'extra'").fetchone() == (
        0,
    )
    conn.close()
