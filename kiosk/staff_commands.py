"""Front-desk work from the command line: export, purge, set-pin (Qt-free).

Each returns the one line to print; any problem raises StaffCommandError with a message
that names no patient data.
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from kiosk.requests.exporters import ExportError
from kiosk.requests.store import StoreError
from kiosk.requests.stores import open_store
from kiosk.staff import pin
from kiosk.staff.audit import AuditLog, record_safely
from kiosk.staff.exporting import export_requests


class StaffCommandError(Exception):
    """Shown to the person at the command line as one line, exit code 2."""


AUDIT_FAILED = " (warning: the audit log could not be written)"


def export(
    out: Path, fmt: str, only_new: bool, data_dir: Path, region: str, store_url: str | None = None
) -> str:
    """Write every request (or only new ones) to `out` with the exporter `fmt`, from the
    store `store_url` (default: the one in `data_dir`), through the staff area's path."""
    out = Path(out).expanduser().resolve()
    try:
        with open_store(store_url or data_dir) as store:
            result = export_requests(
                store, out, fmt, AuditLog(data_dir), only_new=only_new, region=region
            )
    except (ExportError, StoreError) as error:
        raise StaffCommandError(str(error)) from None
    done = f"wrote {result.count} requests to {out}"
    return done if result.audited else done + AUDIT_FAILED


def purge(older_than_days: int, data_dir: Path, store_url: str | None = None) -> str:
    """Delete closed requests older than the given age (secure_delete wipes their bytes)."""
    if older_than_days < 0:
        raise StaffCommandError("--older-than must be 0 or more days")
    try:
        with open_store(store_url or data_dir) as store:
            count = store.purge_closed(older_than_days)
    except StoreError as error:
        raise StaffCommandError(str(error)) from None
    done = f"deleted {count} closed requests older than {older_than_days} days"
    return done if record_safely(AuditLog(data_dir), "purge", count=count) else done + AUDIT_FAILED


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
