"""The export step of the staff panel: pick a USB drive (or the home folder), a format, go.

No file dialog: staff are not technical and a native dialog on a kiosk opens the whole file
system. Destinations are the mounted removable drives plus the home folder, as big buttons;
the formats are the exporter registry's, one button each (kiosk/requests/exporters.py); the
writing is `kiosk.staff.exporting.export_requests`, as for the command line.
File names carry only the date and time, never patient data.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QButtonGroup,
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from kiosk.requests.exporters import ExportError, exporters, get_exporter
from kiosk.requests.store import RequestInbox
from kiosk.staff.audit import AuditLog
from kiosk.staff.exporting import export_requests
from kiosk.staff.status import StatusChanges
from kiosk.ui.staff.support import clear_buttons, say, staff_button
from kiosk.ui.theme import Metrics
from kiosk.ui.widgets.kinetic_scroll import KineticScrollArea
from kiosk.ui.widgets.labels import wrapping_label

MEDIA_GLOBS = ("/media/*/*", "/run/media/*/*")  # udisks mounts: /media/USER/LABEL (Debian,
# Ubuntu), /run/media/USER/LABEL (Fedora, Arch)
FILE_NAME = "consultation-requests-{moment:%Y%m%d-%H%M}"
TITLE = "Export requests"
WHERE = "1. Where to save"
FORMAT = "2. What kind of file"
OPTIONS = "3. Which requests"
HOME = "Home folder"
DRIVE = "USB drive: {name}"
RESCAN = "Look for USB drives again"
ONLY_NEW = "Only new requests"
MARK = "Mark exported requests as contacted"
BACK, EXPORT = "Back to the list", "Export now"
WROTE = "Wrote {n} {requests} to {path}"
MORE_BELOW = "More below"
LABEL_CHARS = 20  # a long volume label must not push the buttons off the screen


def _windows_drives() -> list[str]:
    """Drive roots other than C: (Windows only; os.listdrives exists from Python 3.12)."""
    listdrives = getattr(os, "listdrives", None)
    return [d for d in listdrives() if not d.upper().startswith("C:")] if listdrives else []


def export_destinations(
    media_globs: Iterable[str] = MEDIA_GLOBS,
    home: Path | None = None,
    drives: Iterable[str] | None = None,
) -> list[Path]:
    """Mounted removable drives (folders matching `media_globs`, plus Windows `drives`;
    None means this computer's), then the home folder. Folders that vanished are skipped."""
    found: list[Path] = []
    for pattern in media_globs:
        found += [Path(p) for p in sorted(glob.glob(pattern)) if os.path.isdir(p)]
    found += [Path(d) for d in (_windows_drives() if drives is None else drives)]
    found.append(Path.home() if home is None else home)
    unique: list[Path] = []
    for path in found:
        if path not in unique:
            unique.append(path)
    return unique


def destination_label(path: Path, home: Path) -> str:
    if path == home:
        return HOME
    name = path.name or path.drive or str(path)
    return DRIVE.format(name=name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1] + "…")


def free_path(folder: Path, stem: str, suffix: str) -> Path:
    """folder/stem.suffix, or stem-2, stem-3… so a second export that minute keeps the first."""
    path, number = folder / f"{stem}.{suffix}", 2
    while path.exists():
        path, number = folder / f"{stem}-{number}.{suffix}", number + 1
    return path


class ExportPage(QWidget):
    """Emits `back` when staff are done, `exported` after a file was written."""

    back = Signal()
    exported = Signal()

    def __init__(
        self,
        store: RequestInbox,
        audit: AuditLog,
        phone_region: str = "US",
        find_destinations: Callable[[], list[Path]] = export_destinations,
        *,
        touch: bool = True,
    ) -> None:
        super().__init__()
        self.setObjectName("exportPage")
        self._touch = touch
        self._store, self._audit, self._region = store, audit, phone_region
        self._changes = StatusChanges(store, audit)
        self._find = find_destinations
        self.destinations: list[Path] = []

        body = QWidget()
        self.body_layout = QVBoxLayout(body)
        self.body_layout.setContentsMargins(0, 0, 0, 0)
        self.title = wrapping_label("title")
        self.title.setText(TITLE)
        self.where_group = QButtonGroup(self)
        self.where_grid = QGridLayout()
        self.rescan = staff_button(RESCAN, "exportRescan", touch)
        self.rescan.clicked.connect(self.find_destinations)
        self.format_group = QButtonGroup(self)
        self.format_grid = QGridLayout()  # rows of `_columns`, as the destinations
        self.formats: list[str] = []  # exporter ids, in the order of the buttons
        for exporter in exporters():
            button = staff_button(exporter.label, f"export_{exporter.id}", touch)
            button.setCheckable(True)
            self.format_group.addButton(button, len(self.formats))
            self.formats.append(exporter.id)
        self.only_new = QCheckBox(ONLY_NEW)
        self.only_new.setObjectName("exportOnlyNew")
        self.mark = QCheckBox(MARK)
        self.mark.setObjectName("exportMarkContacted")
        self._columns = 3  # destination buttons a row; 2 in portrait
        self.options = QBoxLayout(QBoxLayout.Direction.LeftToRight)  # stacked in portrait
        self.options.addWidget(self.only_new)
        self.options.addWidget(self.mark)
        self.options.addStretch(1)
        self._place_formats()
        for part in (self.title, self._heading(WHERE), self.where_grid, self._heading(FORMAT),
                     self.format_grid, self._heading(OPTIONS), self.options):  # fmt: skip
            if isinstance(part, QWidget):
                self.body_layout.addWidget(part)
            else:
                self.body_layout.addLayout(part)
        self.body_layout.addStretch(1)
        self.scroll = KineticScrollArea(body)
        self.scroll.set_hint_text(MORE_BELOW)

        self.back_button = staff_button(BACK, "exportBack", self._touch)
        self.back_button.clicked.connect(self.back)
        self.export_button = staff_button(EXPORT, "exportNow", self._touch)
        self.export_button.setProperty("primary", True)
        self.export_button.clicked.connect(self.export)
        self.message = wrapping_label("body")
        self.message.setObjectName("exportMessage")
        self.buttons_row = QHBoxLayout()
        self.buttons_row.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignBottom)
        self.buttons_row.addWidget(self.message, 1)  # always in view, never scrolled away
        self.buttons_row.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignBottom)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.outer = outer
        outer.addWidget(self.scroll, 1)
        outer.addLayout(self.buttons_row)
        self.reset()

    def apply_metrics(self, metrics: Metrics, portrait: bool) -> None:
        """At least 16 px between touch targets (the touch rules); options stacked in portrait."""
        direction = QBoxLayout.Direction
        self.options.setDirection(direction.TopToBottom if portrait else direction.LeftToRight)
        for layout in (self.outer, self.body_layout, self.where_grid, self.format_grid,
                       self.options, self.buttons_row):  # fmt: skip
            layout.setSpacing(metrics.gap)
        if self._columns != (2 if portrait else 3):
            self._columns = 2 if portrait else 3
            self._place_destinations()
            self._place_formats()

    def _heading(self, text: str) -> QLabel:
        label = wrapping_label("fieldName")
        label.setText(text)
        return label

    def reset(self) -> None:
        """Defaults: first drive (else home), the first format (CSV), all requests, nothing
        marked, no message."""
        self.format_group.buttons()[0].setChecked(True)
        self.only_new.setChecked(False)
        self.mark.setChecked(False)
        say(self.message, "", error=False)
        self.find_destinations()
        self.scroll.scroll_to_top()

    def find_destinations(self) -> None:
        """Rebuild the destination buttons (a USB stick may have been plugged in)."""
        clear_buttons(self.where_group, self.where_grid)
        self.destinations = self._find()
        home = Path.home()
        for index, path in enumerate(self.destinations):
            button = staff_button(destination_label(path, home), f"exportTo_{index}", self._touch)
            button.setCheckable(True)
            button.setAccessibleDescription(str(path))
            self.where_group.addButton(button, index)
        if self.destinations:
            self.where_group.button(0).setChecked(True)
        self._place_destinations()

    def _place_destinations(self) -> None:
        """Drives and home in rows of `_columns`, then "look again", left-aligned."""
        self._place(self.where_grid, [*self.where_group.buttons(), self.rescan])

    def _place_formats(self) -> None:
        """The formats in rows of `_columns`: four labels do not fit one portrait row."""
        self._place(self.format_grid, self.format_group.buttons())

    def _place(self, grid: QGridLayout, buttons: list) -> None:
        for button in buttons:
            grid.removeWidget(button)
        for index, button in enumerate(buttons):
            grid.addWidget(button, *divmod(index, self._columns))
        for column in range(4):
            grid.setColumnStretch(column, 1 if column == self._columns else 0)

    def export(self) -> None:
        """Write the file; say how many and where, or why not (nothing partial is left)."""
        index, fmt_index = self.where_group.checkedId(), self.format_group.checkedId()
        if index < 0 or fmt_index < 0:
            return
        fmt = self.formats[fmt_index]
        suffix = get_exporter(fmt).suffix
        stem = FILE_NAME.format(moment=datetime.now())
        path = free_path(self.destinations[index], stem, suffix)
        try:
            result = export_requests(
                self._store, path, fmt, self._audit, only_new=self.only_new.isChecked(),
                note_new=self.mark.isChecked(), region=self._region,
            )  # fmt: skip
        except ExportError as error:
            say(self.message, str(error), error=True)
            return
        n = result.count
        text = WROTE.format(n=n, requests="request" if n == 1 else "requests", path=path)
        if self.mark.isChecked():
            text += "\n" + self._changes.mark_contacted(result.new_ids)
        say(self.message, text, error=False)
        self.exported.emit()

