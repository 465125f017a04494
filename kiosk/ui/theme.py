"""Sizes and the style sheet, derived from the window size, the text level and a Theme.

Everything is sized from one scale factor so the layout holds from 1280×800 to 3840×2160;
touch targets never shrink below 64 px whatever the scale (design.md touch rules).
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.content.model import Theme

# The fonts live in kiosk/ui/fonts.py; these names stay importable from here.
from kiosk.ui.fonts import FONT_FAMILY as FONT_FAMILY
from kiosk.ui.fonts import css_families
from kiosk.ui.fonts import load_fonts as load_fonts

MIN_TARGET = 64
TEXT_LEVELS = (1.0, 1.2, 1.4)  # normal, large, largest


@dataclass(frozen=True)
class Metrics:
    """Pixel sizes for one window size and text level."""

    scale: float
    text_level: int = 0

    @classmethod
    def for_size(cls, width: int, height: int, text_level: int = 0) -> Metrics:
        # 1080 px on the short side is the design size; 1280×800 gives ~0.74, 4K gives 2.
        return cls(scale=max(0.7, min(width, height) / 1080), text_level=text_level)

    def _px(self, design_px: float, grows_with_text: bool = True) -> int:
        factor = TEXT_LEVELS[self.text_level] if grows_with_text else 1.0
        return round(design_px * self.scale * factor)

    @property
    def body(self) -> int:
        return self._px(30)

    @property
    def heading(self) -> int:
        return self._px(50)

    @property
    def attract_heading(self) -> int:
        """Already the largest text: it stays put while the rest grows (or it would not fit)."""
        return max(self.heading, self._px(72, grows_with_text=False))

    @property
    def small(self) -> int:
        return self._px(24)

    @property
    def button_text(self) -> int:
        return self._px(28)

    @property
    def target(self) -> int:
        """Height of every touch target."""
        return max(MIN_TARGET, self._px(84, grows_with_text=False))

    @property
    def gap(self) -> int:
        """Space between targets: at least 16 px (design.md)."""
        return max(16, self._px(24, grows_with_text=False))

    @property
    def margin(self) -> int:
        return max(16, self._px(40, grows_with_text=False))

    @property
    def icon(self) -> int:
        return self._px(34)

    @property
    def tile_icon(self) -> int:
        """Icons over a word (the top bar's tools) carry more of the meaning: larger."""
        return self._px(46)


def style_sheet(theme: Theme, metrics: Metrics) -> str:
    """The whole application's QSS for one theme and size."""
    t, m = theme, metrics
    radius = m.target // 4
    return f"""
* {{ font-family: {css_families()}; }}
#kioskWindow, #kioskWindow QStackedWidget, QScrollArea, QScrollArea > QWidget > QWidget {{
    background: {t.background}; color: {t.text};
}}
QLabel {{ color: {t.text}; font-size: {m.body}px; }}
QLabel[role="title"] {{ font-size: {m.heading}px; font-weight: bold; }}
QLabel[role="attractTitle"] {{ font-size: {m.attract_heading}px; font-weight: bold; }}
QLabel[role="caption"], QLabel[role="muted"] {{ color: {t.muted_text}; font-size: {m.small}px; }}
QLabel[role="progress"] {{ color: {t.muted_text}; font-size: {m.small}px; font-weight: bold; }}
QLabel[role="clinic"] {{ color: {t.text}; font-size: {m.small}px; font-weight: bold; }}
QLabel[role="hint"] {{
    color: {t.on_primary}; background: {t.primary}; font-size: {m.small}px;
    border-radius: {radius}px; padding: 4px 18px;
}}
#topBar, #navBar {{ background: {t.surface}; }}
QPushButton {{
    qproperty-iconSize: {m.icon}px {m.icon}px;
    min-height: {m.target}px; min-width: {m.target}px; font-size: {m.button_text}px;
    padding: 0 {m.gap}px; border-radius: {radius}px; font-weight: bold;
    color: {t.primary}; background: {t.surface}; border: 3px solid {t.primary};
}}
QPushButton:pressed, QPushButton:checked {{ background: {t.text}; color: {t.background}; }}
QPushButton:focus {{ border: 5px solid {t.accent}; }}
QPushButton[primary="true"] {{ color: {t.on_primary}; background: {t.primary}; }}
QPushButton[primary="true"]:focus {{ border: 5px solid {t.accent}; }}
QPushButton:disabled {{ color: {t.muted_text}; border-color: {t.muted_text}; }}
QPushButton[choice="true"]:checked {{ border: 5px solid {t.text}; }}
QToolButton {{
    qproperty-iconSize: {m.tile_icon}px {m.tile_icon}px;
    min-width: {m.target}px; font-size: {m.small}px;
    padding: 4px {m.gap // 2}px; border-radius: {radius}px; font-weight: bold;
    color: {t.primary}; background: {t.surface}; border: 3px solid {t.primary};
}}
QToolButton:pressed, QToolButton:checked {{ background: {t.text}; color: {t.background}; }}
QToolButton:focus {{ border: 5px solid {t.accent}; }}
#urgentBanner {{ background: {t.urgent}; border-radius: {radius}px; }}
#urgentBanner QLabel {{ color: {t.on_urgent}; }}
#urgentNotice {{
    background: {t.surface}; border: 4px solid {t.urgent}; border-radius: {radius}px;
}}
QCheckBox {{
    font-size: {m.body}px; color: {t.text}; spacing: {m.gap}px; min-height: {m.target}px;
}}
QCheckBox::indicator {{
    width: {m.target - 16}px; height: {m.target - 16}px; border: 3px solid {t.primary};
    border-radius: 8px; background: {t.surface};
}}
QCheckBox::indicator:checked {{ background: {t.primary}; }}
QCheckBox:focus {{ outline: none; background: {t.surface}; border: 3px solid {t.accent}; }}
QFrame[role="card"] {{ background: {t.surface}; border-radius: {radius}px; }}
QScrollBar:vertical {{ background: {t.background}; width: {max(16, m.gap)}px; }}
QScrollBar::handle:vertical {{ background: {t.muted_text}; border-radius: 8px; min-height: 60px; }}
QScrollBar::add-line, QScrollBar::sub-line {{ height: 0; }}
QProgressBar {{
    background: {t.background}; border: 2px solid {t.muted_text}; border-radius: 8px;
    min-height: 16px; max-height: 16px;
}}
QProgressBar::chunk {{ background: {t.primary}; border-radius: 6px; }}
#keyboard {{ background: {t.surface}; }}
#keyboard QPushButton {{
    min-width: 0; min-height: 0; padding: 0; font-size: {round(m.target * 0.44)}px;
    color: {t.text}; background: {t.background}; border: 2px solid {t.muted_text};
    selection-color: {t.background};
}}
#keyboard QPushButton[keyRole="action"] {{ color: {t.primary}; border-color: {t.primary}; }}
#keyboard QPushButton:pressed, #keyboard QPushButton:checked {{
    background: {t.text}; color: {t.background};
}}
QLineEdit {{
    min-height: {m.target}px; font-size: {m.body}px; padding: 0 12px; color: {t.text};
    background: {t.surface}; border: 3px solid {t.muted_text}; border-radius: 8px;
}}
QLineEdit:focus {{ border: 5px solid {t.accent}; }}
QLabel[role="error"] {{ color: {t.urgent}; font-size: {m.body}px; font-weight: bold; }}
#idleWarning {{ background: rgba(0, 0, 0, 150); }}
#idleCard {{
    background: {t.surface}; border-radius: {radius}px; border: 4px solid {t.primary};
}}
"""
