"""A bar of controls in one row when they fit, else in as many rows as they need.

At the largest text a Spanish nav bar needs more than the 1080 px of a portrait screen, and
the top bar's tools more than 1280 px beside the clinic's name. Rather than shrink words or
targets, the bar first drops its one optional part (the clinic's name: the logo stays), then
moves whole groups of controls to rows of their own, aligned right. The order of the
controls, and so the Tab order, never changes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

Group = list[tuple[QWidget, int]]  # widgets with their stretch factors


def _width(widget: QWidget) -> int:
    """The width a layout gives the widget when there is no room to spare."""
    widget.ensurePolished()  # the style sheet's font decides the width
    hint = widget.sizeHint().boundedTo(widget.maximumSize())
    return hint.expandedTo(widget.minimumSize()).width()


class WrapBar(QFrame):
    """The first group on the left; the others to its right, or on rows below when needed."""

    def __init__(self, object_name: str, groups: list[Group], optional: QWidget | None = None):
        super().__init__()
        self.setObjectName(object_name)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._optional = optional
        self._groups: list[list[QWidget]] = []
        self._boxes: list[QWidget] = []
        self._box_layouts: list[QHBoxLayout] = []
        for group in groups:
            box = QWidget()
            row = QHBoxLayout(box)
            row.setContentsMargins(0, 0, 0, 0)
            for widget, stretch in group:
                # Centred: a row of fixed-height widgets would otherwise cap the bar's height.
                row.addWidget(widget, stretch, Qt.AlignmentFlag.AlignVCenter)
            if not self._boxes:
                row.addStretch(1)  # the first group takes the spare width, its buttons do not
            self._groups.append([widget for widget, _stretch in group])
            self._boxes.append(box)
            self._box_layouts.append(row)
        self._rows = QVBoxLayout(self)
        self._spacing: tuple[int, int, int] | None = None
        self._arrangement: tuple[int, ...] = ()  # the row of each group
        self._arrange(tuple(0 for _ in groups))

    def rows(self) -> int:
        return max(self._arrangement) + 1

    def set_spacing(self, margin: int, padding: int, gap: int) -> None:
        """`margin` left and right, `padding` above and below, `gap` between everything.
        The same spacing again (a change of text size or contrast) rebuilds nothing."""
        if self._spacing == (margin, padding, gap):
            return
        self._spacing = (margin, padding, gap)
        self._rows.setContentsMargins(margin, padding, margin, padding)
        self._rows.setSpacing(gap)
        for layout in self._box_layouts:
            layout.setSpacing(gap)
        self._arrangement = ()  # rebuild the rows with the new gap
        self.relayout()

    def relayout(self) -> None:
        """Choose the rows for the current texts, sizes and visible widgets."""
        room = self.width() - self._rows.contentsMargins().left() * 2
        gap = self._rows.spacing()
        widths = []
        for widgets in self._groups:
            # A group's box stays shown even when empty: showing a control inside a hidden
            # box would not tell this bar, and the control would never appear.
            shown = [w for w in widgets if w is not self._optional and not w.isHidden()]
            widths.append(sum(map(_width, shown)) + gap * max(0, len(shown) - 1))
        optional = _width(self._optional) + gap if self._optional is not None else 0
        if _fits_one_row(widths, optional, room, gap):
            show_optional = True
        elif _fits_one_row(widths, 0, room, gap):
            show_optional = False
        else:
            show_optional = widths[0] + optional <= room
        if show_optional:
            widths[0] += optional
        self._arrange(_rows_for(widths, room, gap))
        if self._optional is not None and self._optional.isHidden() == show_optional:
            self._optional.setVisible(show_optional)

    def _arrange(self, arrangement: tuple[int, ...]) -> None:
        """Put each group box on its row; the first group takes the spare width."""
        if arrangement == self._arrangement:
            return
        self._arrangement = arrangement
        while (item := self._rows.takeAt(0)) is not None:
            old_row = item.layout()
            while old_row.takeAt(0) is not None:
                pass  # frees the boxes to be added to the new rows
            old_row.deleteLater()
        for number in range(max(arrangement) + 1):
            row = QHBoxLayout()
            row.setSpacing(self._rows.spacing())
            members = [index for index, on_row in enumerate(arrangement) if on_row == number]
            if 0 not in members:
                row.addStretch(1)  # later rows are aligned right, under the tools above
            for index in members:
                row.addWidget(self._boxes[index], 1 if index == 0 else 0)
            self._rows.addLayout(row)

    def event(self, event: QEvent) -> bool:
        """A control's size changed (new words, a restyle, one shown or hidden): choose the
        rows again once Qt has the new sizes. Choosing the same rows changes nothing, so
        this settles at once."""
        if event.type() == QEvent.Type.LayoutRequest:
            self.relayout()
        return super().event(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.relayout()


def _fits_one_row(widths: list[int], extra: int, room: int, gap: int) -> bool:
    used = [width for width in widths if width]
    return sum(used) + extra + gap * max(0, len(used) - 1) <= room


def _rows_for(widths: list[int], room: int, gap: int) -> tuple[int, ...]:
    """Groups fill a row left to right; one that does not fit starts the next row."""
    rows, row, used = [], 0, 0
    for width in widths:
        if used and width and used + gap + width > room:
            row, used = row + 1, 0
        used += (gap if used and width else 0) + width
        rows.append(row)
    return tuple(rows)
