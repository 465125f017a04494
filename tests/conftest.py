"""Every test runs Qt offscreen; no display is needed."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


from collections.abc import Iterator

import pytest

from tests.support import pg_server


@pytest.fixture(scope="session")
def pg() -> Iterator[pg_server.PgServer]:
    """A throwaway PostgreSQL server for this test session (one per xdist worker), on a
    temporary socket folder; skipped only when the server binaries are not installed."""
    bin_dir = pg_server.binaries()
    if bin_dir is None:
        pytest.skip("PostgreSQL server binaries not installed (scripts/system-deps test)")
    server = pg_server.PgServer.start(bin_dir)
    yield server
    server.stop_and_remove()


@pytest.fixture
def pg_db(pg: pg_server.PgServer) -> str:
    """A fresh database on `pg`, owned by the desk role; its name."""
    return pg.new_database()
