"""Which request store to open, chosen by URL: the one place stores are created.

`sqlite:///ABSOLUTE/PATH` (the text after the third slash is the path, so on POSIX it starts
with a fourth slash: `sqlite:////var/lib/kiosk/requests.sqlite3`) is a SQLite file; the
default is `requests.sqlite3` in the data folder. `postgresql://...` is reserved for the
several-kiosks store and refused for now. A bad URL is a `StoreUrlError` (a `StoreError`)
with one line that never repeats a server URL, which may hold a password.
See docs/architecture.md.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote

from kiosk import paths
from kiosk.requests.store import DB_NAME, SqliteRequestStore, StoreError, from_os_error

SQLITE_PREFIX = "sqlite:///"
POSTGRES_SCHEMES = ("postgresql", "postgres")
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
        raise StoreUrlError(
            f"{source}: PostgreSQL stores are not supported yet; use a SQLite file ({EXAMPLE})"
        )
    if scheme != "sqlite":
        raise StoreUrlError(f"{source}: unknown kind of store {scheme!r}; write {EXAMPLE}")
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
    sqlite_path(url, source)
    return url


def store_from_url(url: str) -> SqliteRequestStore:
    """Open the store `url` names. StoreUrlError for a bad URL, StoreError if it cannot be
    opened. The folder of a SQLite file must exist (a typo must not create folders)."""
    path = sqlite_path(url)
    if not path.parent.is_dir():
        raise StoreError(f"Could not open the request database: no folder {path.parent}.")
    return SqliteRequestStore(path)


def open_store(where: str | os.PathLike[str] | None = None) -> SqliteRequestStore:
    """The store for `where`: a URL string, or a data folder (its default SQLite file; the
    folder is created 0700), or None for the default data folder."""
    if isinstance(where, str):
        return store_from_url(where)
    try:
        directory = paths.data_dir(where)
    except OSError as exc:
        raise from_os_error(exc, "open the data folder") from None
    return SqliteRequestStore(directory / DB_NAME)  # not via a URL: any folder name works
