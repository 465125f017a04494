"""Front-desk work from the command line: export, purge, set-pin (Qt-free).

Each returns the one line to print; any problem raises StaffCommandError with a message
that names no patient data.
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from kiosk.requests.export import ExportError, write_csv, write_json
from kiosk.requests.model import Status
from kiosk.requests.store import StoreError, open_store
from kiosk.staff import pin
from kiosk.staff.audit import AuditLog


class StaffCommandError(Exception):
    """Shown to the person at the command line as one line, exit code 2."""


def export(out: Path, fmt: str, only_new: bool, data_dir: Path, region: str) -> str:
    """Write every request (or only new ones) to `out` as CSV or JSON."""
    out = Path(out).expanduser().resolve()
    try:
        store = open_store(data_dir)
        try:
            rows = store.export_rows()
            if only_new:
                rows = (r for r in rows if r.status is Status.NEW)
            if fmt == "json":
                count = write_json(rows, out)
            else:
                count = write_csv(rows, out, region=region)
        finally:
            store.close()
    except (ExportError, StoreError) as error:
        raise StaffCommandError(str(error)) from None
    AuditLog(data_dir).record("export", count=count, destination=str(out), format=fmt)
    return f"wrote {count} requests to {out}"


def purge(older_than_days: int, data_dir: Path) -> str:
    """Delete closed requests older than the given age (secure_delete wipes their bytes)."""
    if older_than_days < 0:
        raise StaffCommandError("--older-than must be 0 or more days")
    try:
        store = open_store(data_dir)
        try:
            count = store.purge_closed(older_than_days)
        finally:
            store.close()
    except StoreError as error:
        raise StaffCommandError(str(error)) from None
    AuditLog(data_dir).record("purge", count=count)
    return f"deleted {count} closed requests older than {older_than_days} days"


def set_pin(data_dir: Path) -> str:
    """Asked twice at a terminal; one line from standard input otherwise (never argv)."""
    if sys.stdin.isatty():
        first = getpass.getpass("New staff PIN (4-8 digits): ")
        if getpass.getpass("Type it again: ") != first:
            raise StaffCommandError("the two PINs were not the same; nothing was changed")
    else:
        first = sys.stdin.readline().strip()
    try:
        pin.set_pin(data_dir, first)
    except ValueError as error:
        raise StaffCommandError(str(error)) from None
    return f"staff PIN set (stored as a salted scrypt hash in {data_dir})"
