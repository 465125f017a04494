"""The staff panel: the list of consultation requests, one request's details, status changes
with undo, search on the in-app keyboard, export, and locking again after inactivity.

Every status change is audited by request id only (kiosk/staff/status.py). `reset()`
empties the list, the search, the detail and the export step, so nothing of one session is
on screen in the next. The list's queries run off the GUI thread (queries.py), and typing in
the search box waits for a pause before asking.
The kiosk's staff area uses it with `touch=True` (in-app keyboard, an Undo button, Exit);
the front desk (kiosk/ui/desk) with `touch=False`: desktop sizes, keyboard navigation, and
status messages handed to its undo bar through `status_message`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.requests.model import ConsultationRequest, Status
from kiosk.requests.store import RequestInbox
from kiosk.staff.audit import AuditLog
from kiosk.staff.status import StatusChanges
from kiosk.ui.staff.detail import RequestDetail
from kiosk.ui.staff.export_page import ExportPage, export_destinations
from kiosk.ui.staff.queries import RequestQueries
from kiosk.ui.staff.support import (
    InactivityWatcher,
    SizedToWindow,
    metrics_for,
    private_line_edit,
    set_icon,
    staff_button,
    staff_style,
)
from kiosk.ui.staff.table import RequestsTable, RequestTableModel
from kiosk.ui.staff.usage_page import UsagePage, UsageSourceFn
from kiosk.ui.theme import Metrics
from kiosk.ui.widgets.keyboard import OnScreenKeyboard
from kiosk.ui.widgets.labels import wrapping_label

TITLE = "Requests"
COUNTS = "{new} new  ·  {contacted} contacted  ·  {closed} closed"
SEARCH_HINT = "Search by name or phone"
DESK_SEARCH_HINT = "Search by name, phone or reference (Ctrl+F)"
CLEAR_SEARCH = "Clear"
EXPORT, LOCK, EXIT, EXIT_CONFIRM = "Export", "Lock", "Exit kiosk", "Tap again to exit"
USAGE = "Usage"
EXIT_CONFIRM_MS = 5000  # a second tap within this time really exits
SEARCH_PAUSE_MS = 250  # search once typing pauses, not at every keystroke
MARK_CONTACTED, MARK_CLOSED, UNDO = "Mark contacted", "Mark closed", "Undo"
UNDO_HINT = " Tap Undo to change it back."
NO_REQUESTS, NO_MATCH = "No requests yet.", "No request matches this search."
ALL_SEALED = (
    "The requests are sealed. To read them, lock this area and open it again with the front "
    "desk's key."
)
NOT_SEALED = (
    "Requests on this kiosk are not sealed: anyone who takes this PC can read them. "
    "The deployment guide explains how to seal them (\"Sealed requests\")."
)
SEALED = (
    "New requests are sealed to the front desk's key. A key opened here is forgotten "
    "when this area locks."
)
CONTENT_NOT_USED = (
    "The edited content.yaml is not used: the kiosk shows the previous content until these "
    "are corrected (kiosk.log has them too):"
)
CONTENT_MORE = "… and {n} more"
CONTENT_PROBLEMS_SHOWN = 3
ICONS = {
    "usageButton": "fa5s.chart-bar", "exportButton": "fa5s.file-export",
    "staffLeave": "fa5s.lock", "exitKiosk": "fa5s.power-off",
    "markContacted": "fa5s.phone-alt", "markClosed": "fa5s.check", "undoButton": "fa5s.undo",
    "staffSearchClear": "fa5s.times",
}  # fmt: skip


class StaffPanel(SizedToWindow):
    """Emits `closed` on Lock or after `lock_seconds` untouched; `exit_requested` on Exit;
    `listed` each time the list shows a query's answer; `status_message(text, undoable,
    refused)` after each status change or undo (shown in the panel on a touchscreen, in the
    desk's undo bar otherwise)."""

    closed = Signal()
    exit_requested = Signal()
    listed = Signal()
    status_message = Signal(str, bool, bool)

    def __init__(
        self,
        store: RequestInbox,
        audit: AuditLog,
        lock_seconds: int,
        *,
        phone_region: str = "US",
        find_destinations: Callable[[], list[Path]] = export_destinations,
        touch: bool = True,
        usage: UsageSourceFn | None = None,
    ) -> None:
        """`usage`: where the Usage page reads its counters (no Usage button without)."""
        super().__init__()
        self.setObjectName("staffPanel")
        self.touch = touch
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.store, self.audit = store, audit
        self._metrics: Metrics | None = None
        self.changes = StatusChanges(store, audit)
        self.buttons: dict[str, QPushButton] = {}

        self.title = wrapping_label("title")
        self.title.setText(TITLE)
        self.counts = wrapping_label("body")
        self.counts.setWordWrap(False)
        self.counts.setObjectName("staffCounts")
        self.queries = RequestQueries(store, self)
        self.queries.listed.connect(self._show_list)
        self.queries.failed.connect(self._show_failure)
        self._message = ""  # shown above a reading error, if the query fails
        self._select_after: str | None = None  # request id to select when the answer comes
        self._search_pause = QTimer(self)
        self._search_pause.setSingleShot(True)
        self._search_pause.setInterval(SEARCH_PAUSE_MS)
        self._search_pause.timeout.connect(self.refresh)
        self._listed_search: str | None = None  # the search the list shows the answer to
        self.search = private_line_edit(
            "staffSearch", SEARCH_HINT if touch else DESK_SEARCH_HINT, touch
        )
        self.search.textChanged.connect(lambda _text: self._search_pause.start())
        self.search.installEventFilter(self)
        self.model = RequestTableModel(phone_region, self)
        self.table = RequestsTable(self.model, touch)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_selected())
        self.table.clicked.connect(lambda _index: self.hide_keyboard())  # a tap: show the detail
        self.empty = wrapping_label("muted")
        self.empty.setObjectName("staffEmpty")
        self.detail = RequestDetail(phone_region)
        self.message = wrapping_label("body")
        self.message.setObjectName("staffMessage")
        self.keyboard = OnScreenKeyboard() if touch else None  # the desk has a real one
        if self.keyboard is not None:
            self.keyboard.hideRequested.connect(self.hide_keyboard)
            self.keyboard.hide()
        self.export_page = ExportPage(store, audit, phone_region, find_destinations, touch=touch)
        self.export_page.back.connect(self.show_list)
        self.export_page.exported.connect(self.changes.forget)  # undo must not cross an export
        self.export_page.exported.connect(self.refresh)

        self.header_bar = QWidget()  # hidden while the keyboard needs the room
        self.header = QBoxLayout(QBoxLayout.Direction.LeftToRight, self.header_bar)  # or 2 rows
        self.header.setContentsMargins(0, 0, 0, 0)
        self.heading = heading = QHBoxLayout()
        heading.addWidget(self.title)
        heading.addWidget(self.counts, 1)
        self.tools = QHBoxLayout()
        self.tools.addStretch(1)
        self.usage_page = UsagePage(usage, touch) if usage is not None else None
        if self.usage_page is not None:
            self.usage_page.back.connect(self.show_list)
            self.tools.addWidget(self._button("usageButton", USAGE, self.show_usage))
        self.tools.addWidget(self._button("exportButton", EXPORT, self.show_export))
        self.tools.addWidget(self._button("staffLeave", LOCK, self.closed))
        if touch:
            self.tools.addSpacing(48)  # keep Exit away from the everyday buttons
        self.tools.addWidget(self._button("exitKiosk", EXIT, self._exit_tapped))
        if not touch:  # the desk is a window: it just closes
            self.buttons["exitKiosk"].hide()
        self._exit_armed = QTimer(self)
        self._exit_armed.setSingleShot(True)
        self._exit_armed.timeout.connect(self._disarm_exit)
        self.header.addLayout(heading, 1)
        self.header.addLayout(self.tools)
        self.search_row = search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self._button("staffSearchClear", CLEAR_SEARCH, self.search.clear))
        table_column = QVBoxLayout()
        table_column.addWidget(self.empty)
        table_column.addWidget(self.table, 1)
        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.body.addLayout(table_column, 3)
        self.body.addWidget(self.detail, 1)
        self.actions = QWidget()
        self.action_row = action_row = QHBoxLayout(self.actions)
        action_row.setContentsMargins(0, 0, 0, 0)
        for name, text, action in (
            ("markContacted", MARK_CONTACTED, lambda: self._set_status(Status.CONTACTED)),
            ("markClosed", MARK_CLOSED, lambda: self._set_status(Status.CLOSED)),
            ("undoButton", UNDO, self.undo),
        ):
            action_row.addWidget(self._button(name, text, action))
        if not touch:  # the desk's undo bar offers it instead
            self.buttons["undoButton"].hide()
        action_row.addWidget(self.message, 1)

        list_page = QWidget()
        self.list_layout = QVBoxLayout(list_page)
        self.list_layout.setContentsMargins(0, 0, 0, 0)
        self.list_layout.addLayout(search_row)
        self.list_layout.addLayout(self.body, 1)
        self.list_layout.addWidget(self.actions)
        if self.keyboard is not None:
            self.list_layout.addWidget(self.keyboard)
        self.pages = QStackedWidget()
        self.pages.addWidget(list_page)
        self.pages.addWidget(self.export_page)
        if self.usage_page is not None:
            self.pages.addWidget(self.usage_page)
        self.sealing_note = wrapping_label("muted")  # the status area (_show_status)
        self.sealing_note.setObjectName("staffSealing")
        self._sealing_text = ""
        self._forwarding: Callable[[], str] | None = None
        self.content_problems = wrapping_label("body")
        self.content_problems.setObjectName("contentProblems")
        self.content_problems.setProperty("role", "error")
        self.content_problems.hide()
        self.outer = QVBoxLayout(self)
        self.outer.addWidget(self.header_bar)
        self.outer.addWidget(self.content_problems)
        self.outer.addWidget(self.sealing_note)
        self.outer.addWidget(self.pages, 1)

        self.idle = InactivityWatcher(self, lock_seconds)
        self.idle.expired.connect(self.closed)
        self.reset()

    def _exit_tapped(self) -> None:
        """Leaving to the desktop strands non-technical staff: it takes two taps."""
        if self._exit_armed.isActive():
            self._disarm_exit()
            self.exit_requested.emit()
        else:
            self.buttons["exitKiosk"].setText(EXIT_CONFIRM)
            self._exit_armed.start(EXIT_CONFIRM_MS)

    def _disarm_exit(self) -> None:
        self._exit_armed.stop()
        self.buttons["exitKiosk"].setText(EXIT)

    def _button(self, name: str, text: str, action: Callable[[], object]) -> QPushButton:
        button = staff_button(text, name, self.touch)
        button.clicked.connect(action)
        self.buttons[name] = button
        return button

    # ----- public -------------------------------------------------------------------------
    def set_sealing(self, on: bool | None) -> None:
        """Say whether this kiosk seals requests (a plain warning when it does not); None
        says nothing (the desk: sealing is each kiosk's own setting)."""
        self._sealing_text = {True: SEALED, False: NOT_SEALED, None: ""}[on]
        self.sealing_note.setProperty("role", "error" if on is False else "muted")
        self._show_status()

    def set_note(self, text: str) -> None:
        """A note above the list in place of the sealing one ("" for none)."""
        self._sealing_text = text
        self.sealing_note.setProperty("role", "muted")
        self._show_status()

    def set_forwarding(self, status: Callable[[], str] | None) -> None:
        """With a PostgreSQL store: `status()` says what waits to reach the server ("3
        requests waiting to send since 14:05"); shown under the sealing note at each refresh."""
        self._forwarding = status
        self._show_status()

    def _show_status(self) -> None:
        """The status area: whether requests are sealed, and what waits to be sent."""
        lines = [self._sealing_text]
        if self._forwarding is not None:
            lines.append(self._forwarding())
        self.sealing_note.setText("\n".join(line for line in lines if line))
        self._show_sealing_note()

    def _show_sealing_note(self) -> None:
        """Shown when it says something and the list has the room (not while exporting or
        typing on the on-screen keyboard)."""
        typing = self.keyboard is not None and not self.keyboard.isHidden()
        on_list = self.pages.currentIndex() == 0 and not typing
        self.sealing_note.setVisible(bool(self.sealing_note.text()) and on_list)

    def set_content_problems(self, problems: Sequence[str]) -> None:
        """Why an edited content.yaml is not shown (kept until a good one replaces it)."""
        shown = list(problems[:CONTENT_PROBLEMS_SHOWN])
        if len(problems) > len(shown):
            shown.append(CONTENT_MORE.format(n=len(problems) - len(shown)))
        self.content_problems.setText("\n".join([CONTENT_NOT_USED, *shown]) if problems else "")
        self.content_problems.setVisible(bool(problems))

    def refresh(self) -> None:
        """Reload the list (keeping the selected request) and the counts from the store;
        the list changes when the answer comes (`listed`)."""
        self._reload()

    def poll(self) -> None:
        """Ask again for the list as it is searched now, leaving the messages as they are
        (the desk's timer, so new requests show up without a click)."""
        if not self.is_loading():
            selected = self.selected()
            self._select_after = selected.id if selected else None
            self.queries.request(self.search.text())

    def reset(self) -> None:
        """Empty the search, list, selection, detail, messages, undo and the export step."""
        self.queries.cancel()  # an answer still on its way must not fill the list again
        self._search_pause.stop()
        self._select_after = None
        self.search.blockSignals(True)
        self.search.wipe()
        self.search.blockSignals(False)
        self.hide_keyboard()
        if self.keyboard is not None:
            self.keyboard.reset()
        self._listed_search = None
        self.model.set_requests([])
        self.detail.show_request(None)
        self.message.clear()
        self.counts.clear()
        self.empty.hide()
        self.changes.forget()
        self._disarm_exit()
        self.export_page.reset()
        if self.usage_page is not None:
            self.usage_page.reset()
        self.pages.setCurrentIndex(0)
        self._update_buttons()

    def is_loading(self) -> bool:
        """True while a search waits for typing to pause or the list for its answer."""
        return self._search_pause.isActive() or self.queries.busy()

    def selected(self) -> ConsultationRequest | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.request_at(rows[0].row()) if rows else None

    def select_request(self, request_id: str) -> bool:
        """Select the row of `request_id` if it is listed; True if it is."""
        row = self.model.row_of(request_id)
        if row >= 0:
            self.table.selectRow(row)
        return row >= 0

    def show_export(self) -> None:
        self.hide_keyboard()
        self.sealing_note.hide()  # it is about the list; the export step needs the room
        self.content_problems.hide()
        self.export_page.reset()
        self.pages.setCurrentWidget(self.export_page)

    def show_usage(self) -> None:
        """The Usage page, read afresh (its 7-day view first)."""
        if self.usage_page is None:
            return
        self.hide_keyboard()
        self.sealing_note.hide()
        self.pages.setCurrentWidget(self.usage_page)
        self.usage_page.show_days(self.usage_page.days)

    def show_list(self) -> None:
        self._show_sealing_note()
        self.content_problems.setVisible(bool(self.content_problems.text()))
        self.pages.setCurrentIndex(0)
        self.refresh()

    def hide_keyboard(self) -> None:
        if self.keyboard is None:
            return
        self.keyboard.hide()
        self.keyboard.set_target(None)
        self.search.clearFocus()
        for part in (self.header_bar, self.detail, self.actions):
            part.show()
        self._show_sealing_note()
        self.content_problems.setVisible(bool(self.content_problems.text()))

    # ----- list ---------------------------------------------------------------------------
    def _reload(self, message: str = "", select: str | None = None) -> None:
        """Ask for the list again; show `message` now (and any reading error after it) and
        select `select` (a request id), else the selected request, when the answer comes."""
        self._search_pause.stop()
        self._message = message
        selected = self.selected()
        self._select_after = select or (selected.id if selected else None)
        self.message.setText(message)
        self.queries.request(self.search.text())

    def _show_list(self, requests: list[ConsultationRequest], counts: dict[Status, int]) -> None:
        keep, self._select_after = self._select_after, None
        search = self.search.text()
        anchor = self.table.anchor() if search == self._listed_search else None
        self._listed_search = search
        self.model.set_requests(requests)
        self._show_status()  # what waits to be sent changes as the list does
        self.counts.setText(COUNTS.format(**{s.value: n for s, n in counts.items()}))
        if self.search.text():
            self.empty.setText(NO_MATCH)
        else:  # nothing listed but some counted: they are sealed and no key is open
            self.empty.setText(ALL_SEALED if sum(counts.values()) else NO_REQUESTS)
        self.empty.setVisible(not requests)
        selected = self.selected()
        if keep is not None and (selected is None or selected.id != keep):
            self.select_request(keep)
        self.table.restore(anchor)  # the same rows in view as before the answer
        self._show_selected()  # a status changed elsewhere shows in the detail too
        self.listed.emit()

    def _show_failure(self, error: str) -> None:
        self._select_after = None
        self.message.setText(f"{self._message}\n{error}".strip())

    def _show_selected(self) -> None:
        self.detail.show_request(self.selected())
        self._update_buttons()

    def _update_buttons(self) -> None:
        request = self.selected()
        status = request.status if request else None
        self.buttons["markContacted"].setEnabled(status not in (None, Status.CONTACTED))
        self.buttons["markClosed"].setEnabled(status not in (None, Status.CLOSED))
        self.buttons["undoButton"].setEnabled(self.changes.can_undo())

    # ----- status changes -----------------------------------------------------------------
    def _set_status(self, status: Status) -> None:
        request = self.selected()
        if request is not None and request.status is not status:
            self._reload(self._announce(self.changes.change(request, status)))

    def undo(self) -> None:
        """Put back the last status change, if there is one to undo."""
        if self.changes.can_undo():
            request_id, text = self.changes.undo()
            self._reload(self._announce(text), select=request_id)

    def _announce(self, text: str) -> str:
        """Tell listeners (the desk's undo bar); what the panel itself shows of it."""
        undoable = self.changes.can_undo()
        self.status_message.emit(text, undoable, self.changes.refused)
        if not self.touch:
            return ""
        return text + UNDO_HINT if undoable else text

    # ----- keyboard and sizing ------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            self.keyboard is not None
            and watched is self.search
            and event.type() == QEvent.Type.FocusIn
        ):
            for part in (self.header_bar, self.sealing_note, self.content_problems,
                         self.detail, self.actions):  # fmt: skip
                part.hide()  # room for results above the keyboard on a 1280x800 screen
            self.keyboard.set_target(self.search)
            self.keyboard.set_mode("letters")
            self.keyboard.show()
        return False

    def _apply_metrics(self) -> None:
        """Portrait puts the detail under the list; sizes follow the window (theme.Metrics)."""
        metrics, window = metrics_for(self, self.touch), self.window()
        portrait = window.height() > window.width() and self.touch
        direction = QBoxLayout.Direction
        self.body.setDirection(direction.TopToBottom if portrait else direction.LeftToRight)
        self.header.setDirection(direction.TopToBottom if portrait else direction.LeftToRight)
        # The detail: a third beside the list (a quarter at the desk, whose list has a kiosk
        # column and whose detail needs no finger room), two fifths below it.
        self.body.setStretch(0, 3 if portrait or not self.touch else 2)
        self.body.setStretch(1, 2 if portrait else 1)
        self.export_page.apply_metrics(metrics, portrait)
        if self.usage_page is not None:
            self.usage_page.apply_metrics(metrics, portrait)
        if metrics == self._metrics:
            return
        self._metrics = metrics
        self.setStyleSheet(staff_style(metrics))
        self.table.apply_metrics(metrics)
        primary = self.export_page.export_button
        primary.ensurePolished()
        self.table.set_selection_colours(
            primary.palette().color(QPalette.ColorRole.Button),
            primary.palette().color(QPalette.ColorRole.ButtonText),
        )
        for layout in (self.outer, self.list_layout, self.body, self.header, self.heading,
                       self.tools, self.search_row, self.action_row):  # fmt: skip
            layout.setSpacing(metrics.gap)
        self.outer.setContentsMargins(*[metrics.gap] * 4)  # staff screens may be denser
        if self.keyboard is not None:
            self.keyboard.set_key_height(metrics.key_height)
        for name, button in self.buttons.items():
            set_icon(button, ICONS[name], metrics)
