"""The front-desk station: every kiosk's requests in a normal desktop window.

It holds the kiosk's own staff area (PIN, the key for sealed requests, the panel) built for a
mouse and a physical keyboard (`touch=False`), and adds only what a desk needs and a kiosk
does not: the list asks the store again every few seconds (off the GUI thread, keeping the
selection and the rows in view), an undo bar, keyboard shortcuts, and a window that stays
open while it locks. Locking (the Lock button, Ctrl+L, or `staff_lock_seconds` without
input) wipes the list, the search, the detail and the phone cache, as the kiosk's does.
See docs/architecture.md ("The front desk").
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from kiosk.content.model import Content
from kiosk.context import KioskContext, usage_source_for
from kiosk.sealing.seal import Keyring
from kiosk.ui.desk.undo_bar import UndoBar
from kiosk.ui.staff.area import StaffArea
from kiosk.ui.staff.export_page import export_destinations
from kiosk.ui.staff.usage_page import OffThreadSource
from kiosk.ui.theme import Metrics, palette_for, style_sheet
from kiosk.usage.report import UsageReport, report_for
from kiosk.usage.store import UsageSource

TITLE = "Front desk"
NO_PIN = (
    "No front-desk PIN is set.\nOn this computer, run:\npython main.py set-pin --data-dir {dir}"
)
POLL_MS = 3000  # new requests show up within a few seconds
DESK_SHEET = """
#deskWindow { background: palette(window); }
#undoBar { border-top: 2px solid palette(mid); }
#undoBar[active="true"] { background: palette(base); border-top: 4px solid palette(highlight); }
"""


def read_usage(source: UsageSource, content: Content, days: int) -> UsageReport:
    """The Usage page's data, every kiosk's counters, read on the page's worker thread
    through a connection of its own (a StoreError shows on the page)."""
    reader = source.clone()
    try:
        return report_for(reader, content, days, date.today())
    finally:
        reader.close()


class DeskWindow(QWidget):
    """The front desk; `area` is the staff area (PIN pad, key page, panel) inside it."""

    def __init__(
        self,
        context: KioskContext,
        *,
        key_file: Path | None = None,
        keyring: Keyring | None = None,
        poll_ms: int = POLL_MS,
        find_destinations: Callable[[], list[Path]] = export_destinations,
    ) -> None:
        super().__init__()
        self.setObjectName("deskWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setWindowTitle(TITLE)
        self.context = context
        QApplication.setPalette(palette_for(context.content.theme))
        self.setStyleSheet(style_sheet(Metrics.for_desk()) + DESK_SHEET)
        usage = usage_source_for(context)  # only cloned, one connection per read
        self.area = StaffArea(
            context.store, context.data_dir, context.audit,
            context.settings.staff_lock_seconds,
            phone_region=context.content.clinic.phone_region,
            find_destinations=find_destinations, sealing=None, touch=False,
            key_file=key_file, no_pin_help=NO_PIN.format(dir=context.data_dir),
            standing_keyring=keyring, title=TITLE,
            usage=None if usage is None
            else OffThreadSource(partial(read_usage, usage, context.content)),
        )  # fmt: skip
        self.panel = self.area.panel
        self.undo_bar = UndoBar()
        self.undo_bar.undo_requested.connect(self.undo)
        self.undo_bar.expired.connect(self.panel.changes.forget)  # no undo out of sight
        self.panel.status_message.connect(self._status_message)
        self.area.closed.connect(self._locked)
        self.area.currentChanged.connect(lambda _index: self._page_changed())
        self.panel.pages.currentChanged.connect(lambda _index: self._show_undo_bar())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.area, 1)
        layout.addWidget(self.undo_bar)
        self._shortcuts()
        self.poll_timer = QTimer(self)
        self.poll_timer.setInterval(poll_ms)
        self.poll_timer.timeout.connect(self._poll)
        self.poll_timer.start()
        self.area.open()
        self._page_changed()

    def _shortcuts(self) -> None:
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, action in (
            (QKeySequence.StandardKey.Find, self.focus_search),
            (QKeySequence("Ctrl+L"), self.lock),
            (QKeySequence.StandardKey.Undo, self.undo),
            (QKeySequence.StandardKey.Refresh, self.panel.refresh),
        ):
            shortcut = QShortcut(keys, self.panel, context=context)
            shortcut.activated.connect(action)

    # ----- public -------------------------------------------------------------------------
    def showing_list(self) -> bool:
        """True while the request list (not the PIN, the key or the export step) shows."""
        return self.area.currentWidget() is self.panel and self.panel.pages.currentIndex() == 0

    def lock(self) -> None:
        """Wipe everything of the patients from the screen and ask for the PIN again."""
        self.area.close_area()

    def undo(self) -> None:
        if self.undo_bar.can_undo():
            self.undo_bar.clear()
            self.panel.undo()

    def focus_search(self) -> None:
        if self.showing_list():
            self.panel.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.panel.search.selectAll()

    # ----- inside -------------------------------------------------------------------------
    def _poll(self) -> None:
        if self.showing_list() and self.isVisible():
            self.panel.poll()

    def _status_message(self, text: str, undoable: bool, refused: bool) -> None:
        self.undo_bar.show_message(text, undoable=undoable, refused=refused)

    def _locked(self) -> None:
        """The area wiped itself (Lock, Ctrl+L or inactivity): the bar too."""
        self.undo_bar.clear()
        self._page_changed()

    def _page_changed(self) -> None:
        """The keyboard goes where the work is: the PIN, the passphrase, or the list."""
        page = self.area.currentWidget()
        self._show_undo_bar()
        if page is self.panel:
            self.panel.table.setFocus(Qt.FocusReason.OtherFocusReason)
        elif page is self.area.pin_pad:
            self.area.pin_pad.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.area.key_page.passphrase.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_undo_bar(self) -> None:
        """An undo of a status change belongs beside the requests, not below the charts."""
        on_charts = self.panel.pages.currentWidget() is self.panel.usage_page
        self.undo_bar.setVisible(self.area.currentWidget() is self.panel and not on_charts)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.poll_timer.stop()
        self.area.close_area()  # nothing of a patient left in memory the desk still owns
        super().closeEvent(event)
