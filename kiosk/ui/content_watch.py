"""Watches content.yaml and assets/ for the running kiosk; the decisions are Qt-free
(kiosk/content/reload.py).

QFileSystemWatcher reports a change; a single-shot timer waits for a quiet period (the
debounce) and asks the reloader to `settle()`, again and again until the files are stable.
Editors often save by writing a new file and renaming it over the old one, which makes the
watcher forget the path: every event and every settle adds the paths back, and the folder
holding content.yaml is watched too, so a file that reappears is seen.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from kiosk.content.reload import ContentReloader, Outcome

DEBOUNCE_MS = 700


class ContentWatcher(QObject):
    """Emits `decided` when the reloader has new content pending or new problems."""

    decided = Signal()

    def __init__(
        self, reloader: ContentReloader, debounce_ms: int = DEBOUNCE_MS,
        parent: QObject | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.reloader = reloader
        self._files = QFileSystemWatcher(self)
        self._files.fileChanged.connect(self._changed)
        self._files.directoryChanged.connect(self._changed)
        self._quiet = QTimer(self)
        self._quiet.setSingleShot(True)
        self._quiet.setInterval(debounce_ms)
        self._quiet.timeout.connect(self._settle)
        self._watch()

    def _paths(self) -> list[str]:
        content, assets = self.reloader.content_file, self.reloader.assets_dir
        paths = [content, content.parent]
        if assets.is_dir():
            paths += [Path(root) for root, _dirs, _files in os.walk(assets)]
        return [str(path) for path in paths if path.exists()]

    def _watch(self) -> None:
        """(Re-)add every path the watcher has lost, e.g. after a save by rename."""
        watched = set(self._files.files()) | set(self._files.directories())
        missing = [path for path in self._paths() if path not in watched]
        if missing:
            self._files.addPaths(missing)

    def _changed(self, _path: str) -> None:
        self._watch()
        self._quiet.start()  # restarts the quiet period

    def _settle(self) -> None:
        self._watch()
        outcome = self.reloader.settle()
        if outcome is Outcome.WAIT:
            self._quiet.start()
        elif outcome is not Outcome.SAME:
            self.decided.emit()
