"""Front-desk work from the command line: export, purge, set-pin (Qt-free).

Each returns the one line to print; any problem raises StaffCommandError with a message
that names no patient data.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.requests.exporters import ExportError
from kiosk.requests.store import StoreError
from kiosk.requests.stores import open_store
from kiosk.secret_input import SecretMismatch, read_secret
from kiosk.staff import pin
from kiosk.staff.audit import AuditLog, record_safely
from kiosk.staff.exporting import export_requests

if TYPE_CHECKING:
    from kiosk.sealing.seal import Keyring


class StaffCommandError(Exception):
    """Shown to the person at the command line as one line, exit code 2."""


AUDIT_FAILED = " (warning: the audit log could not be written)"


def export(
    out: Path,
    fmt: str,
    only_new: bool,
    data_dir: Path,
    region: str,
    store_url: str | None = None,
    key_files: Sequence[Path] = (),
    store_password: str = "",
) -> str:
    """Write every request (or only new ones) to `out` with the exporter `fmt`, from the
    store `store_url` (default: the one in `data_dir`), through the staff area's path.
    Sealed requests are opened with `key_files` (each passphrase: one line of stdin, or
    asked at a terminal); without a key that opens them, nothing is written."""
    out = Path(out).expanduser().resolve()
    keyring = open_keyring(key_files) if key_files else None
    try:
        with open_store(store_url or data_dir, store_password) as store:
            store.keyring = keyring
            result = export_requests(
                store, out, fmt, _audit(store, data_dir, store_password),
                only_new=only_new, region=region,
            )  # fmt: skip
    except (ExportError, StoreError) as error:
        raise StaffCommandError(str(error)) from None
    done = f"wrote {result.count} requests to {out}"
    if result.skipped:
        shown = ", ".join(result.skipped[:5]) + (", …" if len(result.skipped) > 5 else "")
        done += f"; skipped {len(result.skipped)} sealed requests altered on disk ({shown})"
    return done if result.audited else done + AUDIT_FAILED


def open_keyring(key_files: Sequence[Path]) -> Keyring:
    """The front desk's private keys, each opened with its passphrase."""
    from kiosk.sealing.keys import SealingKeyError, load_private_key
    from kiosk.sealing.seal import Keyring

    keys = []
    for path in key_files:
        passphrase = read_secret(f"Passphrase for {path}", confirm=False)
        try:
            keys.append(load_private_key(path, passphrase))
        except SealingKeyError as error:
            raise StaffCommandError(str(error)) from None
    return Keyring(keys)


def _audit(store: object, data_dir: Path, password: str) -> AuditLog:
    """The server's shared audit table for a PostgreSQL store, else data_dir's audit.log."""
    from kiosk.context import audit_for
    from kiosk.settings import DeviceSettings

    return audit_for(DeviceSettings(store_password=password), data_dir, store)


def purge(
    older_than_days: int, data_dir: Path, store_url: str | None = None, store_password: str = ""
) -> str:
    """Delete closed requests older than the given age (secure_delete wipes their bytes)."""
    if older_than_days < 0:
        raise StaffCommandError("--older-than must be 0 or more days")
    try:
        with open_store(store_url or data_dir, store_password) as store:
            count = store.purge_closed(older_than_days)
            audit = _audit(store, data_dir, store_password)
    except StoreError as error:
        raise StaffCommandError(str(error)) from None
    done = f"deleted {count} closed requests older than {older_than_days} days"
    return done if record_safely(audit, "purge", count=count) else done + AUDIT_FAILED


def set_pin(data_dir: Path) -> str:
    """Asked twice at a terminal; one line from standard input otherwise (never argv)."""
    try:
        pin.set_pin(data_dir, read_secret("New staff PIN (4-8 digits)", confirm=True).strip())
    except SecretMismatch:
        raise StaffCommandError("the two PINs were not the same; nothing was changed") from None
    except ValueError as error:
        raise StaffCommandError(str(error)) from None
    return f"staff PIN set (stored as a salted scrypt hash in {data_dir})"
