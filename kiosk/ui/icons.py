"""Icons drawn from Font Awesome 5: Solid ("fa5s.*") and, for one hollow circle, Regular
("fa5.*"), the only icon fonts the kiosk uses.

The fonts and their name-to-character maps come from the qtawesome package's data folder, but
the qtawesome module itself is never imported: it brought its qtpy layer, extra Qt modules and
all twelve of its fonts at the first icon (~30% of the time to the first paint, +35 MB).
A glyph is painted as text at the size asked for, so it is crisp at every size, in exactly
the way qtawesome painted it (same font size rule, same centring), so icons look as before.

Making a new QIcon at every restyle or "Start over" left stale entries in Qt's pixmap cache:
+11 MB over 1,000 simulated visits (bench/bench_visits.py). Each (name, colour) is made once.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QIcon,
    QIconEngine,
    QPainter,
    QPalette,
    QPixmap,
    QPixmapCache,
)

GLYPH_SHARE = 0.875  # of the icon's height: qtawesome's rule (a 16 px icon has a 14 px glyph)

log = logging.getLogger(__name__)
_logged: set[str] = set()  # each failure is logged once, not once per icon


class IconFont(NamedTuple):
    """A font in qtawesome's fonts folder and the style qtawesome asked Qt for."""

    file: str
    charmap: str
    style: str


# qtawesome's prefixes ("fa5s.globe"), so names read as they did with it. Both faces share one
# family; the style name picks Solid, and Qt's default weight picks Regular.
FONTS = {
    "fa5s": IconFont("fontawesome5-solid-webfont-5.15.4.ttf",
                     "fontawesome5-solid-webfont-charmap-5.15.4.json", "Solid"),
    "fa5": IconFont("fontawesome5-regular-webfont-5.15.4.ttf",
                    "fontawesome5-regular-webfont-charmap-5.15.4.json", ""),
}


class UnknownIcon(LookupError):
    """An icon name that is in none of FONTS (a typo in the code)."""


class Layer(NamedTuple):
    """One glyph of a layered icon: its size as a share of the icon and its offset as a
    share of the icon's width and height (qtawesome's scale_factor and offset)."""

    name: str
    scale: float = 1.0
    offset: tuple[float, float] = (0.0, 0.0)


def fonts_dir() -> Path:
    """qtawesome's fonts folder, found without running qtawesome's code; a PyInstaller
    bundle holds only the two files the kiosk needs there (pyinstaller.spec)."""
    spec = importlib.util.find_spec("qtawesome")
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)), "fonts")
    return Path(getattr(sys, "_MEIPASS", "."), "qtawesome", "fonts")


@cache
def charmap(prefix: str) -> dict[str, str]:
    """Glyph name (without the prefix) → the character that draws it."""
    path = fonts_dir() / FONTS[prefix].charmap
    codes = json.loads(path.read_text(encoding="utf-8"))
    return {name: chr(int(code, 16)) for name, code in codes.items()}


def glyph(name: str) -> tuple[str, str]:
    """The prefix and character for `name` ("fa5s.globe"); UnknownIcon if there is none."""
    prefix, _, bare = name.partition(".")
    char = charmap(prefix).get(bare) if prefix in FONTS else None
    if char is None:
        known = ", ".join(f"{p}.*" for p in FONTS)
        raise UnknownIcon(f"unknown icon {name!r}: not a Font Awesome 5 name ({known})")
    return prefix, char


@cache
def _family(prefix: str) -> str:
    """Registers the font with Qt once (needs the QGuiApplication); its family name."""
    path = fonts_dir() / FONTS[prefix].file
    families = QFontDatabase.applicationFontFamilies(QFontDatabase.addApplicationFont(str(path)))
    if not families:
        raise OSError(f"cannot load the icon font {path}")
    return families[0]


@cache
def _font(prefix: str, pixel_size: int) -> QFont:
    """The icon font at `pixel_size`, built as qtawesome built it (the app's font, then
    the family, size and style), so glyphs come out pixel for pixel as before."""
    font = QFont()
    font.setFamily(_family(prefix))
    font.setPixelSize(pixel_size)
    if FONTS[prefix].style:
        font.setStyleName(FONTS[prefix].style)
    return font


class _GlyphEngine(QIconEngine):
    """Paints one or more glyphs as text at whatever size is asked for: `colour`, or
    `on_colour` for a checked button, or the palette's disabled text colour."""

    def __init__(self, glyphs: Sequence[tuple[str, str, Layer]], colour: QColor,
                 on_colour: QColor) -> None:
        super().__init__()
        self._glyphs = list(glyphs)
        self._colour, self._on_colour = colour, on_colour
        # What it draws, not which engine: an equal one may reuse the cached pixmaps.
        self._key = f"kiosk-icon:{self._glyphs!r}:{colour.rgba()}:{on_colour.rgba()}"

    def clone(self) -> QIconEngine:
        return _GlyphEngine(self._glyphs, self._colour, self._on_colour)

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        if mode == QIcon.Mode.Disabled:
            colour = QGuiApplication.palette().color(
                QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text
            )
        else:
            colour = self._on_colour if state == QIcon.State.On else self._colour
        for prefix, char, layer in self._glyphs:
            painter.save()
            painter.setPen(colour)
            px = max(1, round(GLYPH_SHARE * rect.height() * layer.scale))
            painter.setFont(_font(prefix, px))
            dx, dy = layer.offset
            place = rect.translated(round(dx * rect.width()), round(dy * rect.height()))
            painter.drawText(place, Qt.AlignmentFlag.AlignCenter, char)
            painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        """Drawn once per size, mode and state while Qt's pixmap cache keeps it: buttons ask
        at every paint, and drawing the glyphs anew cost ~10 text layouts per window
        repaint. The cache is the application's bounded one (kiosk/ui/app.py)."""
        disabled = QGuiApplication.palette().color(  # the one colour that is not ours
            QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text
        ).rgba() if mode == QIcon.Mode.Disabled else 0
        key = f"{self._key}:{size.width()}x{size.height()}:{mode.value}:{state.value}:{disabled}"
        pixmap = QPixmapCache.find(key)
        if pixmap is None:
            pixmap = QPixmap(size)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            self.paint(painter, QRect(QPoint(0, 0), size), mode, state)
            painter.end()
            QPixmapCache.insert(key, pixmap)
        return pixmap


def icon(name: str, colour: str | QColor) -> QIcon:
    """The Font Awesome 5 icon `name` (e.g. "fa5s.globe") in `colour`."""
    key = _key(colour)
    return layered_icon((Layer(name),), key, key)


def layered_icon(layers: Sequence[Layer], colour: str | QColor, on_colour: str | QColor) -> QIcon:
    """Glyphs drawn over each other (e.g. a keyboard over a "down" chevron), in `colour`,
    or `on_colour` while the button is checked."""
    return _icon(tuple(layers), _key(colour), _key(on_colour))


def _key(colour: str | QColor) -> str:
    return colour if isinstance(colour, str) else colour.name(QColor.NameFormat.HexArgb)


@cache
def _icon(layers: tuple[Layer, ...], colour: str, on_colour: str) -> QIcon:
    """A blank icon, logged once, if a name is unknown or the font is missing: a kiosk in
    the lobby keeps running with a missing picture rather than stopping."""
    try:
        glyphs = [(*glyph(layer.name), layer) for layer in layers]
        for prefix in {prefix for prefix, _char, _layer in glyphs}:
            _family(prefix)
    except (LookupError, OSError, ValueError) as error:
        if str(error) not in _logged:
            _logged.add(str(error))
            log.error("icon left blank: %s", error)
        return QIcon()
    return QIcon(_GlyphEngine(glyphs, QColor(colour), QColor(on_colour)))
