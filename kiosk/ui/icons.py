"""Icons made once and reused.

Making a new QIcon at every restyle or "Start over" left stale entries in Qt's pixmap cache:
+11 MB over 1,000 simulated visits (bench/bench_visits.py). Each (name, colour) is drawn once.
"""

from __future__ import annotations

from functools import cache

import qtawesome as qta
from PySide6.QtGui import QColor, QIcon


def icon(name: str, colour: str | QColor) -> QIcon:
    """The Font Awesome icon `name` (e.g. "fa5s.globe") in `colour`."""
    key = colour if isinstance(colour, str) else colour.name(QColor.NameFormat.HexArgb)
    return _icon(name, key)


@cache
def _icon(name: str, colour: str) -> QIcon:
    return qta.icon(name, color=QColor(colour))
