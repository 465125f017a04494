"""The request list: a model over what the store returned and the table (touch or desk).

The model formats only the cells Qt asks for (the visible ones), with the small caches of
kiosk/staff/formatting.py, and
the rows have a fixed height, so 10,000 requests scroll as smoothly as 30.
A new answer from the store changes the rows in place when it can (new requests on top,
changed statuses), so a list refreshed every few seconds keeps its selection and the rows
in view; `anchor()`/`restore()` keep the rows in view across a full reset too.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QAbstractTableModel, QLocale, QModelIndex, QObject, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QScroller, QTableView

from kiosk.requests.model import ConsultationRequest, Status
from kiosk.staff.formatting import phone_text, received_text
from kiosk.staff.wording import STATUS_WORDS
from kiosk.ui.staff.support import NEW_BACKGROUND, NEW_TEXT, cell_padding
from kiosk.ui.theme import FONT_FAMILY, Metrics

COLUMNS = ("Received", "Reference", "Name", "Phone", "Status", "Kiosk")
RECEIVED, REFERENCE, NAME, PHONE, STATUS, KIOSK = range(len(COLUMNS))
# Widest cell texts, to size the columns once instead of measuring 10,000 rows.
# International numbers and long kiosk names may be cut short with "…": the detail shows
# them whole.
SAMPLES = {RECEIVED: "Yesterday 12:59 PM", REFERENCE: "MWMWMW", PHONE: "(000) 000-0000",
           STATUS: "Contacted", KIOSK: "Satellite office 2"}  # fmt: skip
NAME_SAMPLE = "Dolores Fernández"  # the Reference column gives way below this much room


def language_name(code: str) -> str:
    """'es' -> 'Spanish (es)'."""
    name = QLocale.languageToString(QLocale(code).language())
    return f"{name} ({code})" if name and name != "C" else code


class RequestTableModel(QAbstractTableModel):
    """Read-only rows over a list of requests, newest first as the store returns them."""

    def __init__(self, phone_region: str = "US", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._region = phone_region
        self._rows: list[ConsultationRequest] = []
        self._ids: list[str] = []  # the rows' ids and statuses, to compare a new answer with
        self._statuses: list[Status] = []
        self._today = date.today()
        self._bold = QFont()
        self._bold.setBold(True)
        self._new_background = QColor(NEW_BACKGROUND)
        self._new_text = QColor(NEW_TEXT)

    def set_requests(self, requests: list[ConsultationRequest]) -> None:
        """Show `requests`. The same rows (perhaps with other statuses), or the same rows
        under new ones, update in place: selection and scrolling stay as they were. Only
        ids and statuses are compared (nothing else of a saved request changes), which
        keeps a poll's answer cheap on the GUI thread (bench/bench_desk.py)."""
        ids = [request.id for request in requests]
        statuses = [request.status for request in requests]
        added = len(ids) - len(self._ids)
        today = date.today()  # "Today" moves on with each refresh
        in_place = self._ids and added >= 0 and ids[added:] == self._ids
        if not in_place or today != self._today:
            self.beginResetModel()
            self._rows, self._ids, self._statuses, self._today = requests, ids, statuses, today
            self.endResetModel()
            return
        if added:
            self.beginInsertRows(QModelIndex(), 0, added - 1)
            self._rows = requests[:added] + self._rows
            self._ids, self._statuses = ids, statuses[:added] + self._statuses
            self.endInsertRows()
        old, self._rows, self._statuses = self._statuses, requests, statuses
        if statuses != old:
            changed = [row for row, (a, b) in enumerate(zip(statuses, old, strict=True)) if a != b]
            self.dataChanged.emit(
                self.index(changed[0], 0), self.index(changed[-1], len(COLUMNS) - 1)
            )

    def has_kiosk_names(self) -> bool:
        """True if any listed request names its kiosk (requests from several kiosks)."""
        return any(request.kiosk for request in self._rows)

    def request_at(self, row: int) -> ConsultationRequest | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, request_id: str) -> int:
        """The row showing `request_id`, or -1."""
        return next((i for i, r in enumerate(self._rows) if r.id == request_id), -1)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        request, column = self._rows[index.row()], index.column()
        is_new = request.status is Status.NEW
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(request, column)
        if role == Qt.ItemDataRole.ToolTipRole and column in (NAME, KIOSK):
            return self._text(request, column)  # whole, where "…" cut it short (a mouse)
        if role == Qt.ItemDataRole.FontRole and is_new:
            return self._bold
        if column == STATUS and is_new:
            if role == Qt.ItemDataRole.BackgroundRole:
                return self._new_background
            if role == Qt.ItemDataRole.ForegroundRole:
                return self._new_text
        return None

    def _text(self, request: ConsultationRequest, column: int) -> str:
        if column == RECEIVED:
            return received_text(request.created_at, self._today)
        if column == REFERENCE:
            return request.reference_code
        if column == NAME:
            return request.name
        if column == PHONE:
            return phone_text(request.phone, self._region)
        if column == KIOSK:
            return request.kiosk
        return STATUS_WORDS[request.status]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None


class RequestsTable(QTableView):
    """Single-row selection, big fixed-height rows, never editable; finger scrolling on a
    touchscreen, or (`touch=False`, the desk) the arrow keys and the mouse wheel."""

    def __init__(self, model: RequestTableModel, touch: bool = True) -> None:
        super().__init__()
        self.setObjectName("requestsTable")
        self.setModel(model)
        self._model = model
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Tapping a row must not steal the search field's focus; at the desk the arrow keys
        # move through the list, so it takes focus there.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus if touch else Qt.FocusPolicy.StrongFocus)
        self.setTabKeyNavigation(False)  # Tab leaves the table for the next control
        self.setWordWrap(False)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        rows = self.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row measuring
        header = self.horizontalHeader()
        header.setSectionsClickable(False)
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self._name_room = 0
        if touch:
            QScroller.grabGesture(
                self.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture
            )
        model.modelReset.connect(self._fit_columns)
        model.rowsInserted.connect(self._fit_columns)

    def anchor(self) -> tuple[str, int] | None:
        """The request at the top of the view and how far it is scrolled past, or None at
        the very top (new requests then show up there)."""
        bar = self.verticalScrollBar()
        if bar.value() == 0:
            return None
        row = self.rowAt(0)
        request = self._model.request_at(row)
        if request is None:
            return None
        return request.id, self.rowViewportPosition(row)  # 0 or less: partly scrolled out

    def restore(self, anchor: tuple[str, int] | None) -> None:
        """Scroll so the anchored request is where it was (if it is still listed)."""
        if anchor is None:
            return
        row = self._model.row_of(anchor[0])
        if row >= 0:
            self.updateGeometries()  # the scroll range for the new number of rows
            self.verticalScrollBar().setValue(row * self.rowHeight(row) - anchor[1])

    def apply_metrics(self, metrics: Metrics) -> None:
        """Row height and column widths for the screen, measured on sample texts."""
        self.verticalHeader().setDefaultSectionSize(
            max(metrics.min_target, round(metrics.target * 0.9))
        )
        font = QFont(FONT_FAMILY)
        font.setPixelSize(metrics.body)
        font.setBold(True)
        measure = QFontMetrics(font)
        slack = 2 * cell_padding(metrics) + 4
        for column, sample in SAMPLES.items():
            self.setColumnWidth(column, measure.horizontalAdvance(sample) + slack)
        self._name_room = measure.horizontalAdvance(NAME_SAMPLE) + slack
        self._fit_columns()

    def set_selection_colours(self, background: QColor, text: QColor) -> None:
        """Selected rows in the theme's primary colours (Qt's default blue is under 4.5:1)."""
        palette = self.palette()
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, QPalette.ColorRole.Highlight, background)
            palette.setColor(group, QPalette.ColorRole.HighlightedText, text)
        self.setPalette(palette)

    def _fit_columns(self) -> None:
        """The kiosk column only when requests come from named kiosks; names need room more
        than reference codes (the detail shows the code too)."""
        self.setColumnHidden(KIOSK, not self._model.has_kiosk_names())
        shown = [c for c in SAMPLES if c != REFERENCE and not self.isColumnHidden(c)]
        others = sum(self.columnWidth(c) for c in shown)
        room = self.viewport().width() - others - self.columnWidth(REFERENCE)
        self.setColumnHidden(REFERENCE, room < self._name_room)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_columns()
