"""Opening a connection to the several-kiosks PostgreSQL server, and naming what went wrong.

The one place that imports psycopg for connecting (libpq, loaded only when a PostgreSQL URL
is configured). Failures become a `StoreError` whose message is a fixed phrase plus the
server's SQLSTATE: never the URL, the password, or a value from a row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.requests.pg_url import parse_pg_url
from kiosk.requests.store import StoreError

if TYPE_CHECKING:
    import psycopg

CONNECT_TIMEOUT = 5  # seconds; the forwarder retries, the desk shows the error


def connect(url: str, password: str = "", *, autocommit: bool = False) -> psycopg.Connection:
    """A new connection to the server `url` names (TLS enforced by parse_pg_url).
    StoreError when it cannot be made."""
    import psycopg

    target = parse_pg_url(url)
    extra: dict[str, object] = {"application_name": "mild-kiosk"}
    if "connect_timeout" not in target.params:
        extra["connect_timeout"] = CONNECT_TIMEOUT
    if password:
        extra["password"] = password
    try:
        return psycopg.connect(target.conninfo(), autocommit=autocommit, **extra)
    except psycopg.Error as error:
        raise from_pg_error(error, "connect to the PostgreSQL server") from None


def problem(error: BaseException) -> str:
    """A short, data-free phrase for `error` (a psycopg error), for messages and logs."""
    state = getattr(error, "sqlstate", None) or ""
    text = str(error).lower()
    if state.startswith("28") or "password" in text or "authentication" in text:
        return "the server refused the login (check the user and store_password)"
    if state == "42501":
        return "this login may not do that (see the roles in docs/deploy.md)"
    if state in ("42P01", "3D000"):
        return "the database or its tables do not exist yet (see docs/deploy.md)"
    if "ssl" in text or "certificate" in text or "tls" in text:
        return "the TLS connection failed (check sslmode and the server's certificate)"
    if not state or state.startswith(("08", "57P")):  # no answer, lost, or shutting down
        return "the server could not be reached"
    return f"the server reported an error (SQLSTATE {state})"


def from_pg_error(error: BaseException, action: str) -> StoreError:
    return StoreError(f"Could not {action}: {problem(error)}.")
