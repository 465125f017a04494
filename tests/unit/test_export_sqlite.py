"""The SQLite store formats CSV cells in SQL (fast path); they must be exactly `_csv_row`'s."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.requests.export import write_csv
from kiosk.requests.model import BestTime, ContactMethod, Status, ValidRequest
from kiosk.requests.store import SqliteRequestStore
from tests.unit.test_export import FORMULAS, TRICKY

PHONES = [
    None, "", "+12125552368", "+18095551234", "+14165550132", "+442079460958", "+33142685300",
    "+5215512345678", "+1212555236", "+121255523689", "+1212555236x", "+1２１２５５５２３６８",
    "=+12125552368", "not a phone",
]  # fmt: skip
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\r\t\"',"))
CELL = st.one_of(TEXT, st.sampled_from(FORMULAS), st.builds("".join, st.lists(TEXT, max_size=3)))


def both_paths(store: SqliteRequestStore, region: str) -> tuple[bytes, bytes]:
    """(SQL-formatted export, the same requests through the Python path)."""
    with tempfile.TemporaryDirectory() as scratch:
        fast, slow = Path(scratch, "fast.csv"), Path(scratch, "slow.csv")
        count = write_csv(store.export_rows(), fast, region=region)
        assert write_csv(list(store.export_rows()), slow, region=region) == count
        return fast.read_bytes(), slow.read_bytes()


def valid(request, **changes: object) -> ValidRequest:
    fields = {name: getattr(request, name) for name in ValidRequest.__slots__}
    return ValidRequest(**{**fields, **changes})


def test_sql_cells_equal_python_cells_for_tricky_rows(tmp_path: Path) -> None:
    with SqliteRequestStore(tmp_path / "r.sqlite3") as store:
        for number, phone in enumerate(PHONES):
            request = TRICKY[number % len(TRICKY)]
            store.kiosk_name = request.kiosk
            store.add(valid(request, phone=phone or None, contact_method=ContactMethod.TEXT))
        saved = [store.add(valid(request)) for request in TRICKY]
        store.set_status(saved[0].id, Status.CONTACTED)
        store.set_status(saved[1].id, Status.CLOSED)
        for region in ("US", "CA", "GB", "MX"):
            fast, slow = both_paths(store, region)
            assert fast == slow, region
        assert fast.count(b"\r\n") > len(TRICKY) + len(PHONES)


@settings(max_examples=40)
@given(
    rows=st.lists(
        st.tuples(CELL, CELL, CELL, st.lists(CELL, max_size=3), st.sampled_from(PHONES), CELL),
        min_size=1,
        max_size=5,
    )
)
def test_sql_cells_equal_python_cells_for_any_text(rows) -> None:
    with (
        tempfile.TemporaryDirectory() as scratch,
        SqliteRequestStore(Path(scratch, "r.sqlite3")) as store,
    ):
        for name, email, note, checks, phone, kiosk in rows:
            store.kiosk_name = kiosk  # several kiosks' rows in one file, as a desk sees them
            store.add(
                ValidRequest(name, phone, email or None, ContactMethod.EMAIL, BestTime.EVENING,
                             note, tuple(checks), "es")
            )  # fmt: skip
        fast, slow = both_paths(store, "US")
    assert fast == slow
