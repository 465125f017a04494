"""The staff area's Usage page: visits, how far they get, the opt-in rate, how visits end,
languages and reading aids, over the last 7, 30 or 90 days.

Self-contained: it takes a `source` (days -> UsageReport) and knows nothing of where the
counters live, so the front-desk station can show the same page for every kiosk with a
source of its own. The charts are kiosk/ui/charts.py, the same drawing as `stats`' PNGs.
Charts are as tall as their bars need (a full line of text each) and the page scrolls by
finger; in landscape they sit in two columns.

A kiosk reads its own SQLite file in a moment, on the GUI thread, as it always has (its
source first writes the visit that just ended). The desk's server may take seconds to
answer, or not answer at all: its source is an `OffThreadSource`, read through the staff
area's `Background` (queries.py), while the page says it is reading and keeps showing the
counts it read last, saying from when, if the server cannot be reached.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QBoxLayout,
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.requests.store import StoreError
from kiosk.ui.charts import Chart, ChartLook, chart_height, charts_for, paint_chart, percent
from kiosk.ui.staff.queries import Background
from kiosk.ui.staff.support import staff_button
from kiosk.ui.theme import Metrics
from kiosk.ui.widgets.kinetic_scroll import KineticScrollArea
from kiosk.ui.widgets.labels import wrapping_label
from kiosk.usage.report import UsageReport

TITLE = "Usage"
RANGES = (7, 30, 90)
RANGE_TEXT = "{days} days"
BACK = "Back to requests"
SUMMARY = "{visits}  ·  {requests}  ·  opt-in rate {rate}"
NO_VISITS = "No visits counted in these days yet."
SCROLL_HINT = "More charts below"
READING = "Reading the counts…"
FAILED = "{problem} Choose a range to try again."
FAILED_KEPT = "{problem} Showing the counts read at {time}; choose a range to try again."
UsageSourceFn = Callable[[int], UsageReport]  # days -> the report of the last `days` days


@dataclass(frozen=True)
class OffThreadSource:
    """A source that may be called on a worker thread (each call opens and closes its own
    connection): the page reads it off the GUI thread. Still a days -> report function."""

    read: UsageSourceFn

    def __call__(self, days: int) -> UsageReport:
        return self.read(days)


def counted(number: int, noun: str) -> str:
    """ "1 visit", "1,734 visits"."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


class ChartView(QWidget):
    """One chart, painted by kiosk.ui.charts at the height its bars need."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.setObjectName(f"usageChart_{key}")
        self.chart: Chart | None = None
        self.look: ChartLook | None = None

    def show_chart(self, chart: Chart, look: ChartLook) -> None:
        self.chart, self.look = chart, look
        self.setAccessibleName(chart.title)
        self.setFixedHeight(chart_height(chart, look))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(400, self.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.chart is None or self.look is None:
            return
        painter = QPainter(self)
        room = self.rect().adjusted(0, 0, -self.look.font_px // 2, 0)  # clear of the scroll bar
        paint_chart(painter, room, self.chart, self.look)
        painter.end()


class UsagePage(QWidget):
    """Emits `back` when staff are done. `refresh()` asks the source again."""

    back = Signal()
    settled = Signal()  # an off-thread read answered or failed: the page shows its outcome

    def __init__(self, source: UsageSourceFn, touch: bool = True) -> None:
        super().__init__()
        self.setObjectName("usagePage")
        self.source = source
        self.days = RANGES[0]
        self.report: UsageReport | None = None
        self._metrics: Metrics | None = None
        self._portrait = False
        self.title = wrapping_label("title")
        self.title.setText(TITLE)
        self.ranges = QButtonGroup(self)
        self.header = QBoxLayout(QBoxLayout.Direction.LeftToRight)  # two rows in portrait
        self.header.addWidget(self.title, 1)
        self.tools = QHBoxLayout()
        self.header.addLayout(self.tools)
        for days in RANGES:
            button = staff_button(RANGE_TEXT.format(days=days), f"usageRange{days}", touch)
            button.setCheckable(True)
            button.setProperty("choice", True)
            button.clicked.connect(lambda _checked=False, d=days: self.show_days(d))
            self.ranges.addButton(button, days)
            self.tools.addWidget(button)
        self.tools.addSpacing(32)
        self.back_button = staff_button(BACK, "usageBack", touch)
        self.back_button.clicked.connect(self.back)
        self.tools.addWidget(self.back_button)
        self.summary = wrapping_label("body")
        self.summary.setObjectName("usageSummary")
        self.message = wrapping_label("error")
        self.message.setObjectName("usageMessage")
        self.status = wrapping_label("muted")  # reading, or the counts shown are older
        self.status.setObjectName("usageStatus")
        self.status.hide()
        self._reads: Background | None = None
        self._kept: dict[int, tuple[UsageReport, datetime]] = {}  # days -> last read, when
        if isinstance(source, OffThreadSource):
            self._reads = Background(self)
            self._reads.answered.connect(self._read)
            self._reads.failed.connect(self._read_failed)
        self.views = {key: ChartView(key) for key in (
            "visits_per_day", "opt_in", "funnel", "end_reasons", "languages", "aids", "abandoned",
            "seconds")}  # fmt: skip
        board = QWidget()
        board.setObjectName("usageCharts")
        self.grid = QGridLayout(board)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.scroll = KineticScrollArea(board)
        self.scroll.set_hint_text(SCROLL_HINT)
        self.outer = QVBoxLayout(self)
        self.outer.setContentsMargins(0, 0, 0, 0)
        self.outer.addLayout(self.header)
        self.outer.addWidget(self.summary)
        self.outer.addWidget(self.message)
        self.outer.addWidget(self.status)
        self.outer.addWidget(self.scroll, 1)
        self._place(portrait=False)

    def range_button(self, days: int) -> QPushButton:
        return self.ranges.button(days)  # type: ignore[return-value]

    def show_days(self, days: int) -> None:
        """Read the last `days` days from the source and draw them (off-thread: draw them
        when they come, the last ones read for these days until then)."""
        self.days = days
        self.range_button(days).setChecked(True)
        if self._reads is not None:
            kept = self._kept.get(days)
            self.report = kept[0] if kept else None
            self._say(status=READING)
            self._draw()
            source = self.source
            self._reads.ask(lambda: (days, source(days)))
            return
        try:
            self.report = self.source(days)
        except StoreError as error:  # its message names no patient data
            self.report = None
            self._say(problem=str(error))
        else:
            self._say()
        self._draw()

    def refresh(self) -> None:
        self.show_days(self.days)

    def is_loading(self) -> bool:
        """True while an off-thread read has not answered."""
        return self._reads is not None and self._reads.busy()

    def reset(self) -> None:
        """Forget the numbers shown (the area locks); the next opening reads them afresh."""
        if self._reads is not None:
            self._reads.cancel()
        self._kept.clear()
        self.report = None
        self.days = RANGES[0]
        self._say()
        self._draw()
        self.scroll.scroll_to_top()

    def _read(self, answer: object) -> None:
        """The newest read's answer: it is always for the days shown (each range asks)."""
        days, report = answer  # type: ignore[misc]
        self._kept[days] = (report, datetime.now())
        self.report = report
        self._say()
        self._draw()
        self.settled.emit()

    def _read_failed(self, problem: str) -> None:
        kept = self._kept.get(self.days)
        if kept is None:
            self._say(problem=FAILED.format(problem=problem))
        else:  # the last counts are still worth seeing, said to be older
            self._say(status=FAILED_KEPT.format(problem=problem, time=f"{kept[1]:%H:%M}"))
        self.settled.emit()

    def _say(self, *, status: str = "", problem: str = "") -> None:
        """One line under the header: a calm `status`, a `problem` (nothing to show), or none."""
        self.status.setText(status)
        self.status.setVisible(bool(status))
        self.message.setText(problem)
        self.message.setVisible(bool(problem))

    def apply_metrics(self, metrics: Metrics, portrait: bool) -> None:
        """Text at the staff body size; two columns of charts in landscape, one in portrait."""
        for layout in (self.outer, self.header, self.tools, self.grid):
            layout.setSpacing(metrics.gap)
        direction = QBoxLayout.Direction
        self.header.setDirection(direction.TopToBottom if portrait else direction.LeftToRight)
        if portrait != self._portrait:
            self._place(portrait)
        if metrics != self._metrics:
            self._metrics = metrics
            self._draw()

    def _place(self, portrait: bool) -> None:
        self._portrait = portrait
        for view in self.views.values():
            self.grid.removeWidget(view)
        top = Qt.AlignmentFlag.AlignTop
        if portrait:
            for row, view in enumerate(self.views.values()):
                self.grid.addWidget(view, row, 0)
        else:  # the two tall per-screen charts on the left, the others stacked beside them
            tall = [self.views["funnel"], self.views["seconds"]]
            others = [view for view in self.views.values() if view not in tall]
            self.grid.addWidget(tall[0], 0, 0, 3, 1, top)
            self.grid.addWidget(tall[1], 3, 0, len(others) - 3, 1, top)
            for row, view in enumerate(others):
                self.grid.addWidget(view, row, 1, top)
        self.grid.setRowStretch(len(self.views), 1)  # spare room below the last chart
        self.grid.setColumnStretch(0, 1 if portrait else 6)  # the funnel's long labels
        self.grid.setColumnStretch(1, 0 if portrait else 5)

    def _look(self) -> ChartLook:
        palette = self.palette()
        metrics = self._metrics or Metrics.for_size(1920, 1080)
        return ChartLook(
            background=palette.color(QPalette.ColorRole.Window),
            text=palette.color(QPalette.ColorRole.WindowText),
            grid=palette.color(QPalette.ColorRole.WindowText),
            font_px=metrics.body,
        )

    def _draw(self) -> None:
        report = self.report
        if report is None:
            self.summary.setText("")
            for view in self.views.values():
                view.hide()
            return
        self.summary.setText(
            SUMMARY.format(
                visits=counted(report.visits, "visit"),
                requests=counted(report.requests, "consultation request"),
                rate=percent(report.opt_in),
            )
            if report.visits
            else NO_VISITS
        )
        look = self._look()
        for chart in charts_for(report):
            view = self.views[chart.key]
            view.show_chart(chart, look)
            view.show()
