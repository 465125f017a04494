"""Every test runs Qt offscreen; no display is needed. Hypothesis times nothing."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

from tests.support import pg_server

# Hypothesis's deadline (200 ms an example) and too_slow check (1 s to generate the first
# examples) are wall-clock limits. The first example to call validate() imports
# phonenumbers and email_validator (~100 ms): 260-430 ms on a loaded machine, its replay
# 0.14 ms, and "Unreliable test timings" failed the run. Speed is measured in bench/.
settings.register_profile(
    "untimed", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("untimed")


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
