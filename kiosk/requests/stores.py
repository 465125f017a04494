"""Which request store to open, chosen by URL: the one place stores are created.

`sqlite:///ABSOLUTE/PATH` (the text after the third slash is the path, so on POSIX it starts
with a fourth slash: `sqlite:////var/lib/kiosk/requests.sqlite3`) is a SQLite file; the
default is `requests.sqlite3` in the data folder. `postgresql://USER@HOST:PORT/DB` (or
`?host=/socket/dir`) is the several-kiosks server (kiosk/requests/postgres.py; its URL rules,
TLS and no password in it, are in pg_url.py). A bad URL is a `StoreUrlError` (a
`StoreError`) with one line that never repeats a server URL.
See docs/architecture.md.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from kiosk import paths
from kiosk.requests.pg_url import POSTGRES_SCHEMES, PgUrlError, parse_pg_url
from kiosk.requests.store import (
    DB_NAME,
    RequestStore,
    SqliteRequestStore,
    StoreError,
    from_os_error,
)

if TYPE_CHECKING:
    from kiosk.requests.postgres import PostgresRequestStore

SQLITE_PREFIX = "sqlite:///"
EXAMPLE = "sqlite:///ABSOLUTE/PATH"


class StoreUrlError(StoreError):
    """The store URL cannot be used; the message says how to write one."""


def default_store_url(data_dir: str | os.PathLike[str]) -> str:
    """The SQLite file in `data_dir` as a URL."""
    return SQLITE_PREFIX + Path(data_dir, DB_NAME).as_posix()


def sqlite_path(url: str, source: str = "--store") -> Path:
    """The database file a `sqlite:///` URL names; StoreUrlError for anything else, its
    message starting with where the URL came from (`source`)."""
    scheme, colon, _rest = url.partition(":")
    if not colon or not scheme.replace("+", "").isalpha() or len(scheme) < 2:
        raise StoreUrlError(f"{source}: not a store URL; write {EXAMPLE}")
    scheme = scheme.lower()
    if scheme in POSTGRES_SCHEMES:
        raise StoreUrlError(f"{source}: a PostgreSQL server, not a SQLite file")
    if scheme != "sqlite":
        raise StoreUrlError(
            f"{source}: unknown kind of store {scheme!r}; write {EXAMPLE} or "
            "postgresql://USER@HOST:PORT/DATABASE"
        )
    if not url.startswith(SQLITE_PREFIX) or "?" in url or "#" in url:
        raise StoreUrlError(f"{source} {url}: write {EXAMPLE} (three slashes, no options)")
    path = Path(unquote(url[len(SQLITE_PREFIX) :]))
    if not path.is_absolute():
        raise StoreUrlError(
            f"{source} {url}: the path must be absolute ({SQLITE_PREFIX}/home/… on Linux)"
        )
    if url.endswith("/") or not path.name:
        raise StoreUrlError(f"{source} {url}: name the database file, not a folder")
    return path


def check_store_url(url: str, source: str = "--store") -> str:
    """`url` if a store could be opened from it (without opening it); StoreUrlError if not.
    For the command line and the settings file, so a typo is reported before anything
    starts."""
    if is_postgres(url):
        try:
            parse_pg_url(url, source)
        except PgUrlError as error:
            raise StoreUrlError(str(error)) from None
    else:
        sqlite_path(url, source)
    return url


def is_postgres(url: str | None) -> bool:
    """Whether `url` names a PostgreSQL server (checked or not)."""
    return bool(url) and url.partition(":")[0].lower() in POSTGRES_SCHEMES


def postgres_store(url: str, password: str = "", kiosk_name: str = "") -> PostgresRequestStore:
    """The PostgreSQL store (imports psycopg and libpq only now); its tables are created or
    upgraded when this login owns them."""
    check_store_url(url)
    from kiosk.requests.postgres import PostgresRequestStore

    return PostgresRequestStore(url, password, kiosk_name=kiosk_name)


def store_from_url(url: str, password: str = "") -> RequestStore:
    """Open the store `url` names. StoreUrlError for a bad URL, StoreError if it cannot be
    opened. The folder of a SQLite file must exist (a typo must not create folders).
    `password`: the settings' store_password, for a PostgreSQL server."""
    if is_postgres(url):
        return postgres_store(url, password)
    path = sqlite_path(url)
    if not path.parent.is_dir():
        raise StoreError(f"Could not open the request database: no folder {path.parent}.")
    return SqliteRequestStore(path)


def open_store(
    where: str | os.PathLike[str] | None = None, password: str = ""
) -> RequestStore:
    """The store for `where`: a URL string, or a data folder (its default SQLite file; the
    folder is created 0700), or None for the default data folder."""
    if isinstance(where, str):
        return store_from_url(where, password)
    try:
        directory = paths.data_dir(where)
    except OSError as exc:
        raise from_os_error(exc, "open the data folder") from None
    return SqliteRequestStore(directory / DB_NAME)  # not via a URL: any folder name works
