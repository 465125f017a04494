"""Where things live: content, assets and the private data directory.

A PyInstaller bundle looks for a `content.yaml` beside the executable first, so a clinic can
edit it, and falls back to the bundled copy; the source tree uses the repository's files.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "mild-kiosk"
DATA_DIR_ENV = "KIOSK_DATA_DIR"


def bundle_root() -> Path:
    """The folder holding the bundled content.yaml and assets/ (source tree or PyInstaller)."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parent.parent


def default_content_file() -> Path:
    """content.yaml beside a frozen executable if present, else the bundled one."""
    if getattr(sys, "frozen", False):
        beside = Path(sys.executable).resolve().parent / "content.yaml"
        if beside.is_file():
            return beside
    return bundle_root() / "content.yaml"


def chosen_data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Where the data directory is, without creating it (`doctor` looks, never changes):
    --data-dir, then $KIOSK_DATA_DIR, then the platform's per-user data directory
    (~/.local/share/mild-kiosk, %LOCALAPPDATA%\\mild-kiosk: appauthor=False, or Windows
    would nest it as mild-kiosk\\mild-kiosk)."""
    default = platformdirs.user_data_dir(APP_NAME, appauthor=False)
    chosen = override or os.environ.get(DATA_DIR_ENV) or default
    return Path(chosen).expanduser().resolve()


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The private data directory (`chosen_data_dir`), created 0700."""
    path = chosen_data_dir(override)
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.name == "posix":
        path.chmod(0o700)
    return path
