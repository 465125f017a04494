"""The staff area as one full-window layer: the PIN pad first, then (when sealed requests
need it) the front desk's key, then the panel.

The window only calls `open()` and listens to `closed` and `exit_requested`; whichever way
the area closes (Cancel, Lock, inactivity), every page is wiped before the next opening, the
opened private key is forgotten, and no patient's phone number stays cached.
The front desk (kiosk/ui/desk) holds the same area in its own window (`touch=False`); its
key file comes from the command line, and a passphrase given there on standard input opens
a `standing_keyring` that each unlock uses instead of asking.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QStackedWidget

from kiosk.requests.store import RequestInbox, StoreError
from kiosk.sealing.seal import Keyring
from kiosk.staff.audit import AuditLog
from kiosk.staff.formatting import forget_phone_numbers
from kiosk.ui.staff.export_page import export_destinations
from kiosk.ui.staff.key_page import KeyPage
from kiosk.ui.staff.panel import StaffPanel
from kiosk.ui.staff.pin_pad import NO_PIN, PinPad
from kiosk.ui.staff.pin_pad import TITLE as PIN_TITLE
from kiosk.ui.staff.usage_page import UsageSourceFn

DESK_LOCKED = (
    "{n} sealed requests are not shown: start the desk with --key and the front desk's "
    "private key to read them."
)


class StaffArea(QStackedWidget):
    """PIN pad, then the staff panel. Emits `closed` and `exit_requested`."""

    closed = Signal()
    exit_requested = Signal()

    def __init__(
        self,
        store: RequestInbox,
        data_dir: Path,
        audit: AuditLog,
        lock_seconds: int,
        *,
        phone_region: str = "US",
        clock: Callable[[], float] = time.monotonic,
        find_destinations: Callable[[], list[Path]] = export_destinations,
        sealing: bool | None = False,
        forwarding: Callable[[], str] | None = None,
        usage: UsageSourceFn | None = None,
        touch: bool = True,
        key_file: Path | None = None,
        no_pin_help: str = NO_PIN,
        standing_keyring: Keyring | None = None,
        title: str = PIN_TITLE,
    ) -> None:
        super().__init__()
        self.setObjectName("staffArea")
        self.store = store
        self._standing_keyring = standing_keyring
        self._ask_key = key_file is not None and standing_keyring is None
        # The desk opens only the key named on its command line; the kiosk looks on drives.
        self._offer_key = touch or self._ask_key
        self.pin_pad = PinPad(
            data_dir, audit, clock, touch=touch, no_pin_help=no_pin_help, title=title
        )
        self.panel = StaffPanel(
            store, audit, lock_seconds,
            phone_region=phone_region, find_destinations=find_destinations, touch=touch,
            usage=usage,
        )  # fmt: skip
        self.panel.set_sealing(sealing)
        self.panel.set_forwarding(forwarding)  # a PostgreSQL store: what waits to be sent
        self.key_page = KeyPage(find_destinations, touch=touch, key_file=key_file)
        self.key_page.opened.connect(self._key_opened)
        self.key_page.skipped.connect(self._show_panel)
        self.addWidget(self.pin_pad)
        self.addWidget(self.key_page)
        self.addWidget(self.panel)
        self.pin_pad.unlocked.connect(self._unlocked)
        self.pin_pad.cancelled.connect(self.close_area)
        self.panel.closed.connect(self.close_area)
        self.panel.exit_requested.connect(self.exit_requested)

    def open(self) -> None:
        """Show a fresh PIN pad (the lockout, if any, carries on)."""
        self.panel.reset()
        self.pin_pad.reset()
        self.setCurrentWidget(self.pin_pad)

    def close_area(self) -> None:
        """Wipe both pages and the phone cache, go back to the PIN pad and tell the window
        to hide the layer."""
        self.panel.reset()
        self.store.keyring = None
        self.key_page.reset()
        forget_phone_numbers()
        self.pin_pad.reset()
        self.setCurrentWidget(self.pin_pad)
        self.closed.emit()

    def is_unlocked(self) -> bool:
        """True while a staff member is past the PIN pad."""
        return self.currentWidget() is not self.pin_pad

    def _unlocked(self) -> None:
        """The key first if some requests are sealed to a key not yet opened (at the desk
        started with a key file: always, as sealed requests may arrive while it is open)."""
        if self._standing_keyring is not None:
            self.store.keyring = self._standing_keyring
        try:
            locked = self.store.locked_count()
        except StoreError:
            locked = 0  # the panel reports the store's problem itself
        if not self._offer_key:
            self.panel.set_note(DESK_LOCKED.format(n=locked) if locked else "")
            self._show_panel()
        elif locked or self._ask_key:
            self.key_page.show_for(locked)
            self.setCurrentWidget(self.key_page)
        else:
            self._show_panel()

    def _key_opened(self, keyring: Keyring) -> None:
        self.store.keyring = keyring
        self._show_panel()

    def _show_panel(self) -> None:
        self.panel.reset()
        self.panel.refresh()
        self.setCurrentWidget(self.panel)
