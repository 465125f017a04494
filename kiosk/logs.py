"""Logging to a rotating file in the data directory.

Log lines never carry what a patient typed: callers log codes and reasons, not values.
"""

from __future__ import annotations

import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_NAME = "kiosk.log"


def setup_logging(data_dir: Path) -> Path:
    """Send INFO and above to data_dir/kiosk.log (1 MB × 5 files, mode 0600)."""
    path = data_dir / LOG_NAME
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.close(fd)
    handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    root.addHandler(handler)
    return path
