"""An SVG (or PNG) drawing that scales to its space, keeps its shape and paints from a cache.

Rendering an SVG costs milliseconds; caching the pixmap per size keeps a page change under
one frame once the page has been shown.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QSizePolicy, QWidget


class Illustration(QWidget):
    """Draws one picture centred in its rectangle at the largest size that fits."""

    def __init__(self, path: Path, description: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.set_picture(path)
        self.setAccessibleName(description)
        self.setProperty("accessibleRole", "image")  # an image to a screen reader, named
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(120, 90)

    def set_picture(self, path: Path) -> None:
        """Draw `path` from now on (new content: the clinic's new logo)."""
        self._path = path
        self._svg = QSvgRenderer(str(path)) if path.suffix.lower() == ".svg" else None
        self._bitmap = None if self._svg else QPixmap(str(path))
        self._cache = QPixmap()
        self.updateGeometry()
        self.update()

    def natural_size(self) -> QSize:
        if self._svg:
            return self._svg.defaultSize()
        assert self._bitmap is not None
        return self._bitmap.size()

    def sizeHint(self) -> QSize:
        return self.natural_size()

    def set_description(self, description: str) -> None:
        self.setAccessibleName(description)

    def _target(self) -> QRectF:
        fitted = self.natural_size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        x = (self.width() - fitted.width()) / 2
        y = (self.height() - fitted.height()) / 2
        return QRectF(x, y, fitted.width(), fitted.height())

    def prepare(self) -> bool:
        """Draw the picture for the current size into the cache now (a hidden page's idle
        turn) rather than in the paint of the tap that shows it; False if there is no room."""
        ratio = self.devicePixelRatioF()
        target = self._target()
        wanted = QSize(round(target.width() * ratio), round(target.height() * ratio))
        if wanted.isEmpty():
            return False
        if self._cache.size() != wanted:
            self._cache = self._draw(wanted)
            self._cache.setDevicePixelRatio(ratio)
        return True

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.prepare():
            QPainter(self).drawPixmap(self._target().topLeft(), self._cache)

    def _draw(self, size: QSize) -> QPixmap:
        if self._bitmap is not None:
            return self._bitmap.scaled(
                size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        assert self._svg is not None
        self._svg.render(painter)
        painter.end()
        return pixmap
