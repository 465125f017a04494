"""Logging to a rotating file in the data directory, and crash records that carry no data.

Log lines never carry what a patient typed: callers log codes and reasons, not values. As a
second line of defence, exceptions are written as their type and code locations only:
an exception's message (`ValueError: invalid literal for int(): 'Ana …'`) and the locals
of its frames can quote a form field, so neither ever reaches a file.
"""

from __future__ import annotations

import faulthandler
import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType
from typing import IO

LOG_NAME = "kiosk.log"
CRASH_NAME = "crash.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
_PACKAGE_ROOT = Path(__file__).resolve().parent.parent
_crash_file: IO[str] | None = None  # kept open for faulthandler for the process's lifetime

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def frames(tb: TracebackType | None) -> list[str]:
    """`file:line in function` for each frame, innermost last; paths inside the project are
    shown relative to it. Only code locations: no source lines, values or messages."""
    found = []
    while tb is not None:
        code = tb.tb_frame.f_code
        path = Path(code.co_filename)
        shown = path.relative_to(_PACKAGE_ROOT) if path.is_relative_to(_PACKAGE_ROOT) else path
        found.append(f"{shown.as_posix()}:{tb.tb_lineno} in {code.co_name}")
        tb = tb.tb_next
    return found


def describe(kind: type[BaseException], tb: TracebackType | None) -> str:
    """One log-safe line: the exception type (with its module) and where it was raised."""
    name = kind.__qualname__
    if kind.__module__ != "builtins":
        name = f"{kind.__module__}.{name}"
    return f"{name} at " + " <- ".join(reversed(frames(tb)) or ["?"])


class SafeFormatter(logging.Formatter):
    """A formatter whose tracebacks show type and frames only (see the module docstring)."""

    def formatException(self, ei: ExcInfo) -> str:
        kind, _value, tb = ei
        return "Traceback (message and values withheld): " + describe(kind, tb)


def setup_logging(data_dir: Path) -> Path:
    """Send INFO and above to data_dir/kiosk.log (1 MB × 5 files, mode 0600)."""
    path = data_dir / LOG_NAME
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.close(fd)
    handler = RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    handler.setFormatter(SafeFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    root.addHandler(handler)
    return path


def enable_crash_log(data_dir: Path) -> None:
    """Record hard crashes (a segfault in Qt's C++ code) to data_dir/crash.log, which
    would otherwise leave no trace at all. faulthandler writes only file:line and function
    names, never values, so its dumps are safe to keep."""
    global _crash_file
    if _crash_file is not None:
        return
    try:
        fd = os.open(data_dir / CRASH_NAME, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        _crash_file = os.fdopen(fd, "a", encoding="utf-8")
    except OSError:
        return
    faulthandler.enable(file=_crash_file, all_threads=True)
