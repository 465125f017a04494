"""Checking a `postgresql://` store URL and turning it into connection settings.

Plain string work, no psycopg import: `check_store_url` runs at every start-up and a SQLite
kiosk must not load libpq for it. Two rules are enforced here so that no configuration can
break them:
- no password in the URL (it would show in `ps`, shell history and any message that quotes
  the URL): the password lives in the 0600 settings file (`store_password`), or libpq's own
  ~/.pgpass;
- TLS over a network: a TCP host needs `sslmode=require`, `verify-ca` or `verify-full`
  (`require` is added when none is given); only a local Unix socket may go without.
Messages never repeat the URL, only which part is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlsplit

from kiosk.requests.store import StoreError

POSTGRES_SCHEMES = ("postgresql", "postgres")
PG_EXAMPLE = "postgresql://USER@HOST:PORT/DATABASE"
TLS_MODES = ("require", "verify-ca", "verify-full")
# libpq options a clinic may need; anything else (password, service files…) is refused.
OPTIONS = frozenset(
    {"host", "port", "sslmode", "sslrootcert", "sslcert", "sslkey", "sslcrl",
     "connect_timeout", "application_name"}
)  # fmt: skip


class PgUrlError(StoreError):
    """The PostgreSQL URL cannot be used; the message says which part, never the URL."""


@dataclass(frozen=True)
class PgTarget:
    """What to connect to: libpq keywords (no password) and whether it is a local socket."""

    params: dict[str, str]
    local: bool

    def conninfo(self) -> str:
        """A libpq key=value string (values quoted), for psycopg.connect."""
        quoted = (
            "{}='{}'".format(key, value.replace("\\", "\\\\").replace("'", "\\'"))
            for key, value in self.params.items()
        )
        return " ".join(quoted)


def parse_pg_url(url: str, source: str = "--store") -> PgTarget:
    """The connection settings of a `postgresql://USER@HOST:PORT/DB[?host=/socket/dir]` URL.
    PgUrlError (one line, starting with `source`) for anything unusable."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise PgUrlError(f"{source}: not a PostgreSQL URL; write {PG_EXAMPLE}") from None
    if parts.password is not None or ":" in parts.netloc.rpartition("@")[0]:
        raise PgUrlError(
            f"{source}: do not put the password in the URL; write it as `store_password` in "
            "the settings file (chmod 600) or in ~/.pgpass"
        )
    if parts.fragment:
        raise PgUrlError(f"{source}: a PostgreSQL URL has no #part; write {PG_EXAMPLE}")
    params: dict[str, str] = {}
    if parts.username:
        params["user"] = unquote(parts.username)
    if parts.hostname:
        params["host"] = unquote(parts.hostname)  # a socket folder: ?host=/dir instead
    if port is not None:
        params["port"] = str(port)
    database = unquote(parts.path.lstrip("/"))
    if not database or "/" in database:
        raise PgUrlError(f"{source}: name the database after the last slash; write {PG_EXAMPLE}")
    params["dbname"] = database
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key == "password":
            raise PgUrlError(
                f"{source}: do not put the password in the URL; write it as `store_password` "
                "in the settings file (chmod 600) or in ~/.pgpass"
            )
        if key not in OPTIONS:
            raise PgUrlError(
                f"{source}: unknown option {key!r} in the PostgreSQL URL "
                f"(allowed: {', '.join(sorted(OPTIONS))})"
            )
        params[key] = value
    if "user" not in params:
        raise PgUrlError(f"{source}: name the login before the @; write {PG_EXAMPLE}")
    host = params.get("host", "")
    local = host == "" or host.startswith("/")
    mode = params.get("sslmode", "")
    if not local and mode == "":
        params["sslmode"] = "require"
    elif not local and mode not in TLS_MODES:
        raise PgUrlError(
            f"{source}: a server over the network needs TLS: use sslmode=require or "
            "sslmode=verify-full (or a local socket, host=/run/postgresql)"
        )
    return PgTarget(params, local)

