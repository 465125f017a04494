"""The usage charts, drawn with QPainter: one module for the staff area's Usage page and for
the PNG files of `stats`, so the screen and the clinic's report look the same.

Why QPainter and not a chart library: QtCharts is deprecated since Qt 6.10, QtGraphs pulls in
Qt Quick, and pyqtgraph needs numpy; each adds megabytes to a bundle that must stay under its
budget, for a few bar charts (docs/usage.md has the measured sizes).

Legibility: text at the staff area's body size, numbers printed beside every bar (outside it,
on the background, so their contrast is the text's), labels on every bar instead of a legend,
and colours from the Okabe-Ito palette, which stays distinguishable with colour-blindness;
colour is never the only way a bar is told apart. Every bar has an outline in the text colour,
so it stands out on any theme's background. In exported charts a count of 1 to 4 is printed
"<5" and its bar drawn hatched at the length of 5 (report.SMALL), so a chart gives no more away
than usage.csv.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QImage, QPainter, QPen

from kiosk.ui.fonts import families
from kiosk.usage.report import SMALL, Bar, UsageReport, shown_count

# Okabe & Ito (2008), "Color Universal Design"; the ones with 3:1 or more against white.
BLUE, VERMILLION, GREEN, PURPLE, BLACK = "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000"
END_COLOURS = (BLUE, VERMILLION, GREEN, BLACK)  # start over, idle, after a request, error
FIELD_WORDS = {"name": "Name", "phone": "Phone", "email": "Email", "note": "Note", "": "(none)"}
PNG_BACKGROUND, PNG_TEXT, PNG_GRID = "#FFFFFF", "#1F2A33", "#6B7780"
PNG_WIDTH = 1600
PNG_FONT_PX = 30
WEEKLY_AFTER_DAYS = 31


@dataclass(frozen=True)
class Chart:
    """One chart: `rows` are horizontal bars with their labels, `columns` one per day."""

    key: str  # the PNG's name and the widget's object name suffix
    title: str
    bars: tuple[Bar, ...]
    colours: tuple[str, ...] = (BLUE,)  # one for every bar, or one each
    note: str = ""  # a line under the title (the opt-in rate, a total)
    columns: bool = False
    counts: bool = True  # values are counts of visits (False: seconds; never "<5")


@dataclass(frozen=True)
class ChartLook:
    background: QColor
    text: QColor
    grid: QColor
    font_px: int

    def font(self, scale: float = 1.0, bold: bool = False) -> QFont:
        font = QFont()
        font.setFamilies(families())
        font.setPixelSize(max(8, round(self.font_px * scale)))
        font.setBold(bold)
        return font

    @property
    def row(self) -> int:
        """Height of one bar's row: text and a little air."""
        return round(self.font_px * 1.7)


def png_look() -> ChartLook:
    return ChartLook(QColor(PNG_BACKGROUND), QColor(PNG_TEXT), QColor(PNG_GRID), PNG_FONT_PX)


def percent(share: float | None) -> str:
    return "–" if share is None else f"{100 * share:.0f}%"


def charts_for(report: UsageReport, exported: bool = False) -> list[Chart]:
    """The charts of a report, in the order the page and the PNGs show them."""
    span = f"{report.first_day:%b %-d} – {report.last_day:%b %-d, %Y}"
    opt_in = percent(report.opt_in)
    if exported and 0 < min(report.requests, report.past_welcome) < SMALL:
        opt_in = "not shown (under 5)"
    return [
        _visits_chart(report, span, exported),
        Chart("opt_in", f"Opt-in rate: {opt_in}", (
            Bar("Past the welcome screen", report.past_welcome),
            Bar("Started the form", report.form_started),
            Bar("Asked for a consultation", report.requests),
        ), (BLUE, PURPLE, GREEN), note="requests ÷ visits that went past the welcome screen"),
        Chart("funnel", "How far visits got (screens reached)", report.funnel,
              note="visits that reached each screen or went further"),
        Chart("end_reasons", "How visits ended", report.end_reasons, END_COLOURS),
        Chart("languages", "Languages", report.languages, (BLUE, VERMILLION, GREEN, PURPLE)),
        Chart("aids", "Reading aids used (visits)", report.aids, (PURPLE,)),
        Chart("abandoned", "Where the form was left without sending", tuple(
            Bar(FIELD_WORDS.get(bar.label, bar.label), bar.value) for bar in report.abandoned
        ), (VERMILLION,), note="the field last used; none yet" if not report.abandoned
            else "the field last used (never what was typed)"),
        Chart("seconds", "Average time on each screen (seconds)", report.seconds, (GREEN,),
              note="the last screen of a visit that timed out includes the wait", counts=False),
    ]  # fmt: skip


def _visits_chart(report: UsageReport, span: str, exported: bool) -> Chart:
    """Visits per day; over more than a month, per week (13 columns for 90 days instead of
    90), so every column keeps its number."""
    note = f"{shown_count(report.visits, exported)} visits in {report.days} days"
    if report.days <= WEEKLY_AFTER_DAYS:
        return Chart("visits_per_day", f"Visits per day · {span}", report.per_day, note=note,
                     columns=True)  # fmt: skip
    weeks = [
        Bar(
            report.per_day[start].label, sum(bar.value for bar in report.per_day[start : start + 7])
        )
        for start in range(0, len(report.per_day), 7)
    ]
    note += " (each column: the week from that day)"
    return Chart("visits_per_day", f"Visits per week · {span}", tuple(weeks), note=note,
                 columns=True)  # fmt: skip


def chart_height(chart: Chart, look: ChartLook) -> int:
    """The height a chart needs to give every bar a full row of text."""
    header = _header_height(chart, look)
    if chart.columns:
        return header + look.row * 7
    return header + look.row * max(1, len(chart.bars)) + look.font_px // 2


def _header_height(chart: Chart, look: ChartLook) -> int:
    lines = 1.5 + (1.2 if chart.note else 0)
    return round(look.font_px * lines) + look.font_px // 2


def paint_chart(
    painter: QPainter, rect: QRect, chart: Chart, look: ChartLook, *, exported: bool = False
) -> None:
    """Draw `chart` into `rect` (the background too)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.fillRect(rect, look.background)
    painter.setPen(look.text)
    painter.setFont(look.font(1.2, bold=True))
    title_h = round(look.font_px * 1.5)
    flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    title_rect = QRect(rect.left(), rect.top(), rect.width(), title_h)
    painter.drawText(title_rect, flags, _elided(painter, chart.title, rect.width()))
    top = rect.top() + title_h
    if chart.note:
        painter.setFont(look.font(0.85))
        note_h = round(look.font_px * 1.2)
        painter.drawText(QRect(rect.left(), top, rect.width(), note_h), flags,
                         _elided(painter, chart.note, rect.width()))  # fmt: skip
        top += note_h
    top += look.font_px // 2
    body = QRect(rect.left(), top, rect.width(), rect.bottom() - top)
    if chart.columns:
        _paint_columns(painter, body, chart, look, exported)
    else:
        _paint_rows(painter, body, chart, look, exported)
    painter.restore()


def _elided(painter: QPainter, text: str, width: int) -> str:
    return painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, width)


def _bar_brush(colour: str, hatched: bool) -> QBrush:
    return QBrush(
        QColor(colour), Qt.BrushStyle.BDiagPattern if hatched else Qt.BrushStyle.SolidPattern
    )


def _shown(value: int, exported: bool) -> tuple[str, float, bool]:
    """(text, length in counts, hatched) for one bar."""
    if exported and 0 < value < SMALL:
        return "<5", float(SMALL), True
    return f"{value:,}", float(value), False


def _paint_rows(
    painter: QPainter, body: QRect, chart: Chart, look: ChartLook, exported: bool
) -> None:
    if not chart.bars:
        return
    painter.setFont(look.font())
    metrics = QFontMetrics(painter.font())
    shown = [_shown(bar.value, exported and chart.counts) for bar in chart.bars]
    label_w = min(
        round(body.width() * 0.5), max(metrics.horizontalAdvance(b.label) for b in chart.bars) + 4
    )
    value_w = max(metrics.horizontalAdvance(text) for text, _n, _h in shown) + look.font_px // 2
    gap = look.font_px // 2
    bar_left = body.left() + label_w + gap
    bar_room = max(1, body.right() - value_w - bar_left)
    most = max([length for _t, length, _h in shown] + [1.0])
    row = look.row
    for number, (bar, (text, length, hatched)) in enumerate(zip(chart.bars, shown, strict=True)):
        y = body.top() + number * row
        painter.setPen(look.text)
        painter.drawText(QRect(body.left(), y, label_w, row),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                         _elided(painter, bar.label, label_w))  # fmt: skip
        width = bar_room * length / most
        colour = chart.colours[number % len(chart.colours)]
        inset = row * 0.14
        box = QRectF(bar_left, y + inset, max(width, 2.0), row - 2 * inset)
        painter.setPen(QPen(look.text, 1.5) if length else Qt.PenStyle.NoPen)
        painter.setBrush(_bar_brush(colour, hatched))
        if length:
            painter.drawRect(box)
        painter.setPen(look.text)
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(QRectF(box.right() + gap, y, value_w, row), left, text)


def _paint_columns(
    painter: QPainter, body: QRect, chart: Chart, look: ChartLook, exported: bool
) -> None:
    """One column per day; values on top where they fit, else on every n-th and the highest."""
    bars = chart.bars
    if not bars:
        return
    painter.setFont(look.font(0.85))
    metrics = QFontMetrics(painter.font())
    shown = [_shown(bar.value, exported) for bar in bars]
    text_h = metrics.height()
    axis_h = text_h + look.font_px // 3
    plot = QRect(body.left(), body.top() + text_h, body.width(), body.height() - text_h - axis_h)
    step = plot.width() / len(bars)
    widest = max(metrics.horizontalAdvance(text) for text, _n, _h in shown) + 6
    every = max(1, -(-widest // max(1, int(step))))  # label every n-th column so none overlap
    day_w = metrics.horizontalAdvance("Dec 30") + 8
    label_every = max(every, -(-day_w // max(1, int(step))))
    most = max([length for _t, length, _h in shown] + [1.0])
    highest = max(range(len(bars)), key=lambda n: shown[n][1])
    painter.setPen(QPen(look.grid, 1))
    painter.drawLine(plot.left(), plot.bottom(), plot.right(), plot.bottom())
    for number, (bar, (text, length, hatched)) in enumerate(zip(bars, shown, strict=True)):
        x = plot.left() + number * step
        height = (plot.height() - text_h) * length / most
        box = QRectF(x + step * 0.15, plot.bottom() - height, max(step * 0.7, 1.0), height)
        if length:
            painter.setPen(QPen(look.text, 1.0))
            painter.setBrush(_bar_brush(chart.colours[0], hatched))
            painter.drawRect(box)
        painter.setPen(look.text)
        centre = x + step / 2
        if number % every == 0 or number == highest:
            where = QRectF(_within(centre, widest, plot), box.top() - text_h, widest, text_h)
            painter.drawText(where, Qt.AlignmentFlag.AlignCenter, text)
        if number % label_every == 0:
            day = date.fromisoformat(bar.label)
            top = plot.bottom() + look.font_px // 6
            where = QRectF(_within(centre, day_w, plot), top, day_w, text_h)
            painter.drawText(where, Qt.AlignmentFlag.AlignCenter, f"{day:%b} {day.day}")


def _within(centre: float, width: float, plot: QRect) -> float:
    """The left edge of a `width` wide text centred on `centre`, kept inside the plot."""
    return max(plot.left(), min(centre - width / 2, plot.right() - width))


def save_pngs(report: UsageReport, out_dir: Path, width: int = PNG_WIDTH) -> list[Path]:
    """Every chart as `usage-<key>.png` (counts under 5 shown as "<5"); needs a
    QGuiApplication. Returns the files; OSError if one cannot be written."""
    look = png_look()
    written = []
    for chart in charts_for(report, exported=True):
        margin = look.font_px
        height = chart_height(chart, look) + 2 * margin
        if chart.columns:
            height = round(width * 0.4)
        image = QImage(width, height, QImage.Format.Format_RGB32)
        image.fill(look.background)
        painter = QPainter(image)
        paint_chart(painter, QRect(margin, margin, width - 2 * margin, height - 2 * margin), chart,
                    look, exported=True)  # fmt: skip
        painter.end()
        path = out_dir / f"usage-{chart.key}.png"
        if not image.save(str(path), "PNG"):
            raise OSError(f"could not write {path}")
        written.append(path)
    return written
