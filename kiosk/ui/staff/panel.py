"""The staff panel: the list of consultation requests, one request's details, status changes
with undo, search on the in-app keyboard, export, and locking again after inactivity.

Every status change is audited by request id only (kiosk/staff/status.py). `reset()`
empties the list, the search, the detail and the export step, so nothing of one session is
on screen in the next. The list's queries run off the GUI thread (queries.py), and typing in
the search box waits for a pause before asking.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QPalette, QResizeEvent, QShowEvent
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
    metrics_for,
    private_line_edit,
    set_icon,
    staff_style,
    touch_button,
)
from kiosk.ui.staff.table import RequestsTable, RequestTableModel
from kiosk.ui.theme import MIN_TARGET, Metrics
from kiosk.ui.widgets.keyboard import OnScreenKeyboard
from kiosk.ui.widgets.labels import wrapping_label

TITLE = "Requests"
COUNTS = "{new} new  ·  {contacted} contacted  ·  {closed} closed"
SEARCH_HINT = "Search by name or phone"
CLEAR_SEARCH = "Clear"
EXPORT, LOCK, EXIT, EXIT_CONFIRM = "Export", "Lock", "Exit kiosk", "Tap again to exit"
EXIT_CONFIRM_MS = 5000  # a second tap within this time really exits
SEARCH_PAUSE_MS = 250  # search once typing pauses, not at every keystroke
MARK_CONTACTED, MARK_CLOSED, UNDO = "Mark contacted", "Mark closed", "Undo"
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
    "exportButton": "fa5s.file-export", "staffLeave": "fa5s.lock", "exitKiosk": "fa5s.power-off",
    "markContacted": "fa5s.phone-alt", "markClosed": "fa5s.check", "undoButton": "fa5s.undo",
    "staffSearchClear": "fa5s.times",
}  # fmt: skip


class StaffPanel(QWidget):
    """Emits `closed` on Lock or after `lock_seconds` untouched; `exit_requested` on Exit;
    `listed` each time the list shows a query's answer."""

    closed = Signal()
    exit_requested = Signal()
    listed = Signal()

    def __init__(
        self,
        store: RequestInbox,
        audit: AuditLog,
        lock_seconds: int,
        *,
        phone_region: str = "US",
        find_destinations: Callable[[], list[Path]] = export_destinations,
    ) -> None:
        super().__init__()
        self.setObjectName("staffPanel")
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
        self.search = private_line_edit("staffSearch", SEARCH_HINT)
        self.search.textChanged.connect(lambda _text: self._search_pause.start())
        self.search.installEventFilter(self)
        self.model = RequestTableModel(phone_region, self)
        self.table = RequestsTable(self.model)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_selected())
        self.table.clicked.connect(lambda _index: self.hide_keyboard())  # a tap: show the detail
        self.empty = wrapping_label("muted")
        self.empty.setObjectName("staffEmpty")
        self.detail = RequestDetail(phone_region)
        self.message = wrapping_label("body")
        self.message.setObjectName("staffMessage")
        self.keyboard = OnScreenKeyboard()
        self.keyboard.hideRequested.connect(self.hide_keyboard)
        self.keyboard.hide()
        self.export_page = ExportPage(store, audit, phone_region, find_destinations)
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
        self.tools.addWidget(self._button("exportButton", EXPORT, self.show_export))
        self.tools.addWidget(self._button("staffLeave", LOCK, self.closed))
        self.tools.addSpacing(48)  # keep Exit away from the everyday buttons
        self.tools.addWidget(self._button("exitKiosk", EXIT, self._exit_tapped))
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
            ("undoButton", UNDO, self._undo),
        ):
            action_row.addWidget(self._button(name, text, action))
        action_row.addWidget(self.message, 1)

        list_page = QWidget()
        self.list_layout = QVBoxLayout(list_page)
        self.list_layout.setContentsMargins(0, 0, 0, 0)
        self.list_layout.addLayout(search_row)
        self.list_layout.addLayout(self.body, 1)
        self.list_layout.addWidget(self.actions)
        self.list_layout.addWidget(self.keyboard)
        self.pages = QStackedWidget()
        self.pages.addWidget(list_page)
        self.pages.addWidget(self.export_page)
        self.sealing_note = wrapping_label("muted")
        self.sealing_note.setObjectName("staffSealing")
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
        button = touch_button(text, name)
        button.clicked.connect(action)
        self.buttons[name] = button
        return button

    # ----- public -------------------------------------------------------------------------
    def set_sealing(self, on: bool) -> None:
        """Say whether this kiosk seals requests (a plain warning when it does not)."""
        self.sealing_note.setText(SEALED if on else NOT_SEALED)
        self.sealing_note.setProperty("role", "muted" if on else "error")

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

    def reset(self) -> None:
        """Empty the search, list, selection, detail, messages, undo and the export step."""
        self.queries.cancel()  # an answer still on its way must not fill the list again
        self._search_pause.stop()
        self._select_after = None
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.hide_keyboard()
        self.keyboard.reset()
        self.model.set_requests([])
        self.detail.show_request(None)
        self.message.clear()
        self.counts.clear()
        self.empty.hide()
        self.changes.forget()
        self._disarm_exit()
        self.export_page.reset()
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

    def show_list(self) -> None:
        self.sealing_note.show()
        self.content_problems.setVisible(bool(self.content_problems.text()))
        self.pages.setCurrentIndex(0)
        self.refresh()

    def hide_keyboard(self) -> None:
        self.keyboard.hide()
        self.keyboard.set_target(None)
        self.search.clearFocus()
        for part in (self.header_bar, self.sealing_note, self.detail, self.actions):
            part.show()
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
        self.model.set_requests(requests)
        self.counts.setText(COUNTS.format(**{s.value: n for s, n in counts.items()}))
        if self.search.text():
            self.empty.setText(NO_MATCH)
        else:  # nothing listed but some counted: they are sealed and no key is open
            self.empty.setText(ALL_SEALED if sum(counts.values()) else NO_REQUESTS)
        self.empty.setVisible(not requests)
        if keep is None or not self.select_request(keep):
            self._show_selected()
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
            self._reload(self.changes.change(request, status))

    def _undo(self) -> None:
        if self.changes.can_undo():
            request_id, text = self.changes.undo()
            self._reload(text, select=request_id)

    # ----- keyboard and sizing ------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.FocusIn:
            for part in (self.header_bar, self.sealing_note, self.content_problems,
                         self.detail, self.actions):  # fmt: skip
                part.hide()  # room for results above the keyboard on a 1280x800 screen
            self.keyboard.set_target(self.search)
            self.keyboard.set_mode("letters")
            self.keyboard.show()
        return False

    def _apply_metrics(self) -> None:
        """Portrait puts the detail under the list; sizes follow the window (theme.Metrics)."""
        metrics, window = metrics_for(self), self.window()
        portrait = window.height() > window.width()
        direction = QBoxLayout.Direction
        self.body.setDirection(direction.TopToBottom if portrait else direction.LeftToRight)
        self.header.setDirection(direction.TopToBottom if portrait else direction.LeftToRight)
        self.body.setStretch(0, 3 if portrait else 2)  # the detail: a third beside the list,
        self.body.setStretch(1, 2 if portrait else 1)  # two fifths below it
        self.export_page.apply_metrics(metrics, portrait)
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
        self.keyboard.set_key_height(max(MIN_TARGET, round(metrics.target * 0.85)))
        for name, button in self.buttons.items():
            set_icon(button, ICONS[name], metrics)

    def showEvent(self, event: QShowEvent) -> None:
        self._apply_metrics()
        super().showEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._apply_metrics()
        super().resizeEvent(event)
