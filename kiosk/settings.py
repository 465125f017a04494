"""This kiosk's own settings: `settings.yaml` in its data folder (or `--settings FILE`).

content.yaml is the clinic's words, pictures and the timings a patient feels, and is the same
on every kiosk of a clinic; what differs per device, or is a matter of privacy policy rather
than of wording (where requests are stored, how long closed ones are kept, how soon the staff
area locks, whether a mouse pointer is shown), lives here. The file is optional: a missing
file means every default. It is read with the content loader's reader, so it gets the same
safety (no anchors, no tags, size limits) and the same `FILE:LINE: message` errors.
See docs/architecture.md ("The context").
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.content.loader import _parse, _read_text, _Reader
from kiosk.requests.store import StoreError
from kiosk.requests.stores import check_store_url

SETTINGS_FILE = "settings.yaml"
RANGES = {
    "retention_days": (1, 3650),
    "staff_lock_seconds": (30, 3600),
    "idle_timeout_seconds": (20, 3600),
}
MAX_NAME = 60


@dataclass(frozen=True)
class DeviceSettings:
    """Settings of this one device; every field has a default."""

    kiosk_name: str = ""  # how staff tell kiosks apart (e.g. "lobby-1"); never shown to patients
    store_url: str = ""  # "" = requests.sqlite3 in the data folder; else a URL (stores.py)
    retention_days: int = 30  # closed requests are deleted after this many days
    staff_lock_seconds: int = 120
    idle_timeout_seconds: float | None = None  # None: content.yaml's patient-facing timeout
    hide_cursor: bool = True  # False where a mouse is attached (a desk demo, a test bench)
    public_key: str = ""  # the front desk's public-key.pem: seal every request to it
    store_password: str = ""  # a PostgreSQL store's password: only here, in a 0600 file
    keep_forwarded: bool = False  # keep a local copy of requests the server has confirmed


def load_settings(
    path: Path | str, *, required: bool = False, idle_warning_seconds: int = 0
) -> DeviceSettings:
    """Read and check a settings file; a missing file gives the defaults unless `required`
    (a path given with --settings must exist). An idle timeout must leave room for
    content.yaml's `idle_warning_seconds`. Raises ContentError with every problem."""
    reader = _Reader(Path(path))
    if not reader.file.exists() and not required:
        return DeviceSettings()
    root = _parse(_read_text(reader), reader)
    entry = reader.block(
        root,
        "the settings file",
        optional=[field.name for field in dataclasses.fields(DeviceSettings)],
    )
    values: dict[str, Any] = {}
    for key, (low, high) in RANGES.items():
        item, unit = entry.get(key), key.rsplit("_", 1)[1]
        if item is None or (key == "idle_timeout_seconds" and item.value is None):
            continue
        if not isinstance(item.value, int) or isinstance(item.value, bool):
            example = getattr(DeviceSettings(), key) or 90
            reader.problem(item.line, f"`{key}` must be a whole number of {unit}, like {example}")
        elif not low <= item.value <= high:
            reader.problem(
                item.line, f"`{key}` must be {low} to {high} {unit} (it is {item.value})"
            )
        elif key == "idle_timeout_seconds" and item.value <= idle_warning_seconds:
            reader.problem(
                item.line,
                f"`idle_timeout_seconds` ({item.value}) must be more than content.yaml's "
                f"`idle_warning_seconds` ({idle_warning_seconds})",
            )
        else:
            values[key] = item.value
    for key in ("hide_cursor", "keep_forwarded"):
        if (item := entry.get(key)) is not None:
            if isinstance(item.value, bool):
                values[key] = item.value
            else:
                reader.problem(item.line, f"`{key}` must be true or false")
    if (item := entry.get("store_password")) is not None:
        password = reader.string(item, "`store_password`")
        if password and os.name == "posix" and reader.file.stat().st_mode & 0o077:
            reader.problem(  # the value itself is never repeated
                item.line,
                f"`store_password`: others can read this file; run chmod 600 {reader.file}",
            )
        else:
            values["store_password"] = password
    if (item := entry.get("kiosk_name")) is not None:
        name = reader.string(item, "`kiosk_name`")
        if len(name) > MAX_NAME or not name.isprintable():
            reader.problem(
                item.line, f"`kiosk_name` must be one line of at most {MAX_NAME} characters"
            )
        else:
            values["kiosk_name"] = name
    if (item := entry.get("store_url")) is not None:
        url = reader.string(item, "`store_url`")
        try:
            values["store_url"] = check_store_url(url, "`store_url`") if url else ""
        except StoreError as error:
            reader.problem(item.line, str(error))
    if (item := entry.get("public_key")) is not None:
        text = reader.string(item, "`public_key`")
        key = reader.file.parent / text  # a relative path is beside the settings file
        if text and not key.is_file():
            reader.problem(item.line, f"`public_key`: no file {key}")
        elif text:
            values["public_key"] = str(key.resolve())
    reader.stop_if_problems()
    return DeviceSettings(**values)
