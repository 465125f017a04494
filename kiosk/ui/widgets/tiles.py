"""Tool tiles for the top bar: an icon over one short word.

Five tools sit beside the logo and the progress even at 1280×800 with the largest text; an
icon over a word needs about half the width of an icon beside it, and the word still says
what the tile does (older patients do not guess icons).
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QSizePolicy, QToolButton

from kiosk.ui.icons import icon

GLYPH_SHARE = 0.68  # of the icon's height; the dots take the rest


def tool_tile(object_name: str) -> QToolButton:
    """A tile reached by Tab but left without a focus ring by a tap (like every button)."""
    tile = QToolButton()
    tile.setObjectName(object_name)
    tile.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
    tile.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    # Its full size, always: no explicit minimum height (a style-sheet minimum would let a
    # crowded window squeeze the word off the tile); the icon and word make it >= 64 px.
    tile.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    return tile


@cache
def level_icon(glyph: str, level: int, count: int, colour: str, size: int) -> QIcon:
    """`glyph` over a row of `count` dots, the first `level + 1` filled: the level shows by
    shape (filled or hollow), not by colour, and reads without the word. Drawn once per
    arguments (a few dozen at most): a new image at every Start over grew memory."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    glyph_px = round(size * GLYPH_SHARE)
    painter.drawPixmap((size - glyph_px) // 2, 0, icon(glyph, colour).pixmap(glyph_px))
    dot = max(5.0, size * 0.2)
    gap = dot * 0.6
    stroke = max(1.5, dot * 0.18)
    painter.setPen(QPen(QColor(colour), stroke))
    left = (size - count * dot - (count - 1) * gap) / 2
    inset = stroke / 2  # the outline stays inside the dot's square
    for index in range(count):
        painter.setBrush(QColor(colour) if index <= level else Qt.BrushStyle.NoBrush)
        x = left + index * (dot + gap)
        painter.drawEllipse(QRectF(x + inset, size - dot + inset, dot - stroke, dot - stroke))
    painter.end()
    return QIcon(pixmap)
