"""Content hot reload, decided without Qt: is there new content to switch to, or problems?

Clinic IT edits `content.yaml` and `assets/` on a running kiosk. A watcher (kiosk/ui/
content_watch.py) calls `settle()` each time the files have been quiet for a debounce
period. New files are taken only when they are *stable* (every size, modification time and
inode the same at two calls in a row: an editor that saves in two steps, or a copy still
under way, is not read half-written; a save by rename is a new inode, seen even where two
saves a millisecond apart get the same timestamp) and *valid* (the loader's full check,
pictures included). A valid change waits in `pending` for the window to take at the next
start over (never in the middle of a visit); an invalid one keeps the running content and
lists its `FILE:LINE` problems, which are logged once (they quote content.yaml, never a
patient). Every later save is looked at again: a file that fails for minutes while it is
being edited costs nothing but a log line per distinct set of problems. See
docs/architecture.md.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from enum import Enum
from pathlib import Path

from kiosk.content.loader import ContentError, load_content
from kiosk.content.model import Content

log = logging.getLogger(__name__)

# (path, size, modification time in ns, inode) of every watched file; size -1: missing.
Snapshot = tuple[tuple[str, int, int, int], ...]


class Outcome(Enum):
    WAIT = "wait"  # the files changed since the last look: look again after a quiet period
    SAME = "same"  # nothing new since the last decision
    VALID = "valid"  # new content waits in `pending`
    INVALID = "invalid"  # `problems` lists why; the running content stays


def snapshot(content_file: Path, assets_dir: Path) -> Snapshot:
    """Sizes and times of content.yaml and every file under assets/ (a few dozen files)."""
    entries = [_entry(content_file)]
    for root, dirs, files in os.walk(assets_dir):
        dirs.sort()
        entries.extend(_entry(Path(root, name)) for name in sorted(files))
    return tuple(entries)


def _entry(path: Path) -> tuple[str, int, int, int]:
    """The inode too: many kernels stamp files one clock tick (1-4 ms) at a time, so two
    same-size saves by rename within one tick would otherwise look like one."""
    try:
        info = path.stat()
    except OSError:
        return (str(path), -1, 0, 0)
    return (str(path), info.st_size, info.st_mtime_ns, info.st_ino)


class ContentReloader:
    """Decides what the watched files mean for the running kiosk."""

    def __init__(
        self,
        running: Content,
        content_file: Path | None = None,
        assets_dir: Path | None = None,
        load: Callable[[Path], Content] = load_content,
    ) -> None:
        self.content_file = Path(content_file or running.source)
        self.assets_dir = Path(assets_dir or self.content_file.parent / "assets")
        self.running = running
        self.pending: Content | None = None  # valid new content, for the next start over
        self.problems: tuple[str, ...] = ()  # FILE:LINE lines of the newest files, if invalid
        self._load = load
        self._decided = self.snapshot()  # the files behind the last decision
        self._seen: Snapshot | None = None  # the files at the previous call of settle()

    def snapshot(self) -> Snapshot:
        return snapshot(self.content_file, self.assets_dir)

    def settle(self) -> Outcome:
        """Look at the files once more (call it after each quiet period)."""
        now = self.snapshot()
        if now != self._seen:
            self._seen = now
            return Outcome.WAIT  # not stable yet: it must look the same after another period
        if now == self._decided:
            return Outcome.SAME
        try:
            content = self._load(self.content_file)
        except ContentError as error:
            return self._invalid(now, error)
        if self.snapshot() != now:  # written to while being read
            self._seen = None
            return Outcome.WAIT
        self._decided = now
        self.problems = ()
        self.pending = None if content == self.running else content
        log.info("content: new content is valid; it is shown from the next start over")
        return Outcome.VALID

    def _invalid(self, now: Snapshot, error: ContentError) -> Outcome:
        self._decided = now
        self.pending = None  # an older valid edit is superseded by this one
        problems = tuple(str(error).splitlines())
        if problems != self.problems:
            log.warning("content: the changed content is not used; the kiosk keeps showing "
                        "the previous one. Problems:")  # fmt: skip
            for line in problems:
                log.warning("content: %s", line)
        self.problems = problems
        return Outcome.INVALID

    def take(self) -> Content | None:
        """The pending content, now running (None if there is none)."""
        content, self.pending = self.pending, None
        if content is not None:
            self.running = content
        return content
