"""Opening sealed requests at the kiosk: the front desk's private key, from a USB stick, and
its passphrase, typed on the in-app keyboard.

The key is looked for where the export step looks for drives (no file dialog: it would open
the whole file system), and kept only in memory by the staff area until it locks. Staff may
go on without it: the list then shows only requests that are not sealed. The front desk
(`touch=False`) names its key file on the command line, so the page only asks its passphrase.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kiosk.sealing.keys import PRIVATE_KEY_FILE, SealingKeyError, load_private_key
from kiosk.sealing.seal import Keyring
from kiosk.ui.staff.export_page import destination_label, export_destinations
from kiosk.ui.staff.support import (
    SizedToWindow,
    clear_buttons,
    metrics_for,
    private_line_edit,
    say,
    staff_button,
)
from kiosk.ui.widgets.keyboard import OnScreenKeyboard
from kiosk.ui.widgets.labels import wrapping_label

TITLE = "Sealed requests"
EXPLAIN = (
    "{n} requests are sealed: only the front desk's private key opens them. Insert the USB "
    "stick with the key file ({file}), choose it, and type its passphrase. The key is "
    "forgotten as soon as the staff area locks."
)
NO_KEY_FOUND = "No key file found. Insert the USB stick with the key, then look again."
RESCAN = "Look again"
PASSPHRASE = "Passphrase"
OPEN, SKIP = "Open the requests", "Continue without the key"
KEY_LABEL = "Key in {place}"
DESK_EXPLAIN = (
    "Sealed requests open only with the front desk's private key ({file}). Type its "
    "passphrase to read them; it is forgotten when the desk locks."
)
SEARCH_DEPTH_GLOBS = (PRIVATE_KEY_FILE, f"*/{PRIVATE_KEY_FILE}")  # the drive, or one folder in
MAX_KEYS = 12


def find_private_keys(folders: list[Path]) -> list[Path]:
    """`private-key.pem` files at the top of each folder or one folder down."""
    found: list[Path] = []
    for folder in folders:
        for pattern in SEARCH_DEPTH_GLOBS:
            try:
                found += sorted(path for path in folder.glob(pattern) if path.is_file())
            except OSError:
                continue  # a drive pulled out while looking
    return found[:MAX_KEYS]


class KeyPage(SizedToWindow):
    """Emits `opened(Keyring)` with the opened key, or `skipped` to go on without one."""

    opened = Signal(object)
    skipped = Signal()

    def __init__(
        self,
        find_folders: Callable[[], list[Path]] = export_destinations,
        *,
        touch: bool = True,
        key_file: Path | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("keyPage")
        self._find_folders = find_folders
        self._touch = touch
        self._key_file = key_file  # the one key to open, instead of looking on drives
        self.keys: list[Path] = []
        self.title = wrapping_label("title")
        self.title.setText(TITLE)
        self.explain = wrapping_label("body")
        self.key_group = QButtonGroup(self)
        self.key_grid = QGridLayout()
        self.rescan = staff_button(RESCAN, "keyRescan", touch)
        self.rescan.clicked.connect(self.find_keys)
        if key_file is not None:  # (never show() a widget without a parent: it is a window)
            self.rescan.hide()
        self.passphrase = private_line_edit("keyPassphrase", PASSPHRASE, touch)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.installEventFilter(self)
        self.passphrase.returnPressed.connect(self.open_key)
        self.message = wrapping_label("body")
        self.message.setObjectName("keyMessage")
        self.keyboard = OnScreenKeyboard() if touch else None
        if self.keyboard is not None:
            self.keyboard.hideRequested.connect(self.keyboard.hide)
            self.keyboard.hide()
        self.skip_button = staff_button(SKIP, "keySkip", touch)
        self.skip_button.clicked.connect(self._skip)
        self.open_button = staff_button(OPEN, "keyOpen", touch)
        self.open_button.setProperty("primary", True)
        self.open_button.clicked.connect(self.open_key)
        buttons = QHBoxLayout()
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.open_button)
        self.buttons_row = buttons
        self.outer = layout = QVBoxLayout(self)
        for part in (self.title, self.explain, self.key_grid, self.passphrase):
            if isinstance(part, QWidget):
                layout.addWidget(part)
            else:
                layout.addLayout(part)
        layout.addStretch(1)
        if self.keyboard is not None:
            layout.addWidget(self.keyboard)
        layout.addLayout(buttons)

    def _apply_metrics(self) -> None:
        """The staff panel's spacing and keyboard size, from the window's size."""
        metrics = metrics_for(self, self._touch)
        for layout in (self.outer, self.key_grid, self.buttons_row):
            layout.setSpacing(metrics.gap)
        self.outer.setContentsMargins(*[metrics.gap] * 4)
        if self.keyboard is not None:
            self.keyboard.set_key_height(metrics.key_height)

    def show_for(self, locked: int) -> None:
        """Fresh page for `locked` sealed requests: no passphrase, keys looked for again."""
        if self._key_file is None:
            self.explain.setText(EXPLAIN.format(n=locked, file=PRIVATE_KEY_FILE))
        else:
            self.explain.setText(DESK_EXPLAIN.format(file=self._key_file.name))
        self.reset()

    def reset(self) -> None:
        self.passphrase.wipe()
        if self.keyboard is not None:
            self.keyboard.reset()
            self.keyboard.hide()
        say(self.message, "", error=False)
        self.find_keys()

    def find_keys(self) -> None:
        """One button per key file found; the first is chosen."""
        clear_buttons(self.key_group, self.key_grid)
        self.key_grid.removeWidget(self.rescan)
        if self._key_file is not None:
            self.keys = [self._key_file]
        else:
            self.keys = find_private_keys(self._find_folders())
        home = Path.home()
        for index, path in enumerate(self.keys):
            place = destination_label(path.parent, home).split(": ")[-1]
            button = staff_button(KEY_LABEL.format(place=place), f"keyFile_{index}", self._touch)
            button.setCheckable(True)
            button.setAccessibleDescription(str(path))
            self.key_group.addButton(button, index)
            self.key_grid.addWidget(button, *divmod(index, 2))
            if self._key_file is not None:
                button.hide()  # the one key, named in the text: nothing to choose
        self.key_grid.addWidget(self.rescan, *divmod(len(self.keys), 2))
        if self.keys:
            self.key_group.button(0).setChecked(True)
        elif not self.message.text():
            say(self.message, NO_KEY_FOUND, error=False)

    def open_key(self) -> None:
        """Open the chosen key with the typed passphrase; say why not, in one line."""
        index = self.key_group.checkedId()
        if index < 0:
            say(self.message, NO_KEY_FOUND, error=True)
            return
        passphrase = self.passphrase.text()
        self.passphrase.wipe()  # typed once; never kept in the field
        try:
            key = load_private_key(self.keys[index], passphrase)
        except SealingKeyError as error:
            say(self.message, str(error), error=True)
            return
        if self.keyboard is not None:
            self.keyboard.hide()
        self.opened.emit(Keyring([key]))

    def _skip(self) -> None:
        self.passphrase.wipe()
        self.skipped.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            self.keyboard is not None
            and watched is self.passphrase
            and event.type() == QEvent.Type.FocusIn
        ):
            self.keyboard.set_target(self.passphrase)
            self.keyboard.set_mode("letters")
            self.keyboard.show()
        return super().eventFilter(watched, event)

