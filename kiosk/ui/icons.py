"""Icons made once and reused.

Making a new QIcon at every restyle or "Start over" left stale entries in Qt's pixmap cache:
+11 MB over 1,000 simulated visits (bench/bench_visits.py). Each (name, colour) is drawn once.
"""

from __future__ import annotations

from functools import cache

import qtawesome as qta
from PySide6.QtGui import QIcon


@cache
def icon(name: str, colour: str) -> QIcon:
    """The Font Awesome icon `name` (e.g. "fa5s.globe") in `colour` (#RRGGBB)."""
    return qta.icon(name, color=colour)
