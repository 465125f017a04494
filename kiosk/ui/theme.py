"""Sizes and the style sheet, derived from the window size, the text level and a Theme.

Everything is sized from one scale factor so the layout holds from 1280×800 to 3840×2160;
touch targets never shrink below 64 px whatever the scale (docs/architecture.md, "Appearance").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from PySide6.QtGui import QColor, QPalette

from kiosk.content.model import Theme

# The fonts live in kiosk/ui/fonts.py; these names stay importable from here.
from kiosk.ui.fonts import FONT_FAMILY as FONT_FAMILY
from kiosk.ui.fonts import css_families
from kiosk.ui.fonts import load_fonts as load_fonts

MIN_TARGET = 64
MIN_POINTER_TARGET = 40  # a mouse needs less than a finger; still easy for older staff
DESK_SCALE = 0.62  # the front desk: ~19 px body text, ~31 px titles, whatever the monitor
TEXT_LEVELS = (1.0, 1.2, 1.4)  # normal, large, largest


@dataclass(frozen=True)
class Metrics:
    """Pixel sizes for one window size and text level."""

    scale: float
    text_level: int = 0
    min_target: int = MIN_TARGET  # no control smaller (the touch rules; less for a mouse)

    @classmethod
    def for_size(cls, width: int, height: int, text_level: int = 0) -> Metrics:
        # 1080 px on the short side is the design size; 1280×800 gives ~0.74, 4K gives 2.
        return cls(scale=max(0.7, min(width, height) / 1080), text_level=text_level)

    @classmethod
    def for_desk(cls) -> Metrics:
        """A desktop window used with a mouse and a keyboard at arm's length: one size
        whatever the window's (it is resized at will), smaller than the touch sizes."""
        return cls(scale=DESK_SCALE, min_target=MIN_POINTER_TARGET)

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
        return max(self.min_target, self._px(84, grows_with_text=False))

    @property
    def key_height(self) -> int:
        """An on-screen keyboard's key: a little lower than a button, so five rows and the
        field fit the lower half of the screen; never below a finger's 64 px."""
        return max(MIN_TARGET, round(self.target * 0.85))

    @property
    def gap(self) -> int:
        """Space between targets: at least 16 px (docs/architecture.md, "Appearance")."""
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


# The window's own sheet, set once: its background and the stack behind the pages.
WINDOW_SHEET = "#kioskWindow, #screens { background: palette(window); }"


def palette_for(theme: Theme) -> QPalette:
    """The theme as the application palette; `style_sheet` refers to these roles only.
    Qt has no roles named after ours, so: background=window, surface=base, text=text,
    muted_text=tooltip-text, primary=highlight, on_primary=highlighted-text, accent=link,
    urgent=bright-text, on_urgent=link-visited. Roles that Qt draws with by itself (button,
    frames, the disabled group) keep Qt's defaults, as they had before the palette was used."""
    roles = {
        QPalette.ColorRole.Window: theme.background,
        QPalette.ColorRole.Base: theme.surface,
        QPalette.ColorRole.Text: theme.text,
        QPalette.ColorRole.ToolTipText: theme.muted_text,
        QPalette.ColorRole.Highlight: theme.primary,
        QPalette.ColorRole.HighlightedText: theme.on_primary,
        QPalette.ColorRole.Link: theme.accent,
        QPalette.ColorRole.BrightText: theme.urgent,
        QPalette.ColorRole.LinkVisited: theme.on_urgent,
    }
    palette = QPalette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        for role, colour in roles.items():
            palette.setColor(group, role, QColor(colour))
    return palette


@cache
def style_sheet(metrics: Metrics) -> str:
    """The QSS of one part of the window (a page, a bar, the staff area) at one size. Colours
    are palette roles (see `palette_for`), so a theme change re-polishes; it never re-parses."""
    m = metrics
    radius = m.target // 4
    return f"""
* {{ font-family: {css_families()}; }}
QStackedWidget, QScrollArea, QScrollArea > QWidget > QWidget {{
    background: palette(window); color: palette(text);
}}
QLabel {{ color: palette(text); font-size: {m.body}px; }}
QLabel[role="title"] {{ font-size: {m.heading}px; font-weight: bold; }}
QLabel[role="attractTitle"] {{ font-size: {m.attract_heading}px; font-weight: bold; }}
QLabel[role="caption"], QLabel[role="muted"] {{
    color: palette(tooltip-text); font-size: {m.small}px;
}}
QLabel[role="progress"] {{
    color: palette(tooltip-text); font-size: {m.small}px; font-weight: bold;
}}
QLabel[role="clinic"] {{ color: palette(text); font-size: {m.small}px; font-weight: bold; }}
QLabel[role="hint"] {{
    color: palette(highlighted-text); background: palette(highlight); font-size: {m.small}px;
    border-radius: {radius}px; padding: 4px 18px;
}}
#topBar, #navBar {{ background: palette(base); }}
QPushButton {{
    qproperty-iconSize: {m.icon}px {m.icon}px;
    min-height: {m.target}px; min-width: {m.target}px; font-size: {m.button_text}px;
    padding: 0 {m.gap}px; border-radius: {radius}px; font-weight: bold;
    color: palette(highlight); background: palette(base); border: 3px solid palette(highlight);
}}
QPushButton:pressed, QPushButton:checked {{ background: palette(text); color: palette(window); }}
QPushButton:focus {{ border: 5px solid palette(link); }}
QPushButton[primary="true"] {{ color: palette(highlighted-text); background: palette(highlight); }}
QPushButton[primary="true"]:focus {{ border: 5px solid palette(link); }}
QPushButton:disabled {{ color: palette(tooltip-text); border-color: palette(tooltip-text); }}
QPushButton[choice="true"]:checked {{ border: 5px solid palette(text); }}
QToolButton {{
    qproperty-iconSize: {m.tile_icon}px {m.tile_icon}px;
    min-width: {m.target}px; font-size: {m.small}px;
    padding: 4px {m.gap // 2}px; border-radius: {radius}px; font-weight: bold;
    color: palette(highlight); background: palette(base); border: 3px solid palette(highlight);
}}
QToolButton:pressed, QToolButton:checked {{ background: palette(text); color: palette(window); }}
QToolButton:focus {{ border: 5px solid palette(link); }}
#urgentBanner {{ background: palette(bright-text); border-radius: {radius}px; }}
#urgentBanner QLabel {{ color: palette(link-visited); }}
#urgentNotice {{
    background: palette(base); border: 4px solid palette(bright-text); border-radius: {radius}px;
}}
QCheckBox {{
    font-size: {m.body}px; color: palette(text); spacing: {m.gap}px; min-height: {m.target}px;
}}
QCheckBox::indicator {{
    width: {m.target - 16}px; height: {m.target - 16}px; border: 3px solid palette(highlight);
    border-radius: 8px; background: palette(base);
}}
QCheckBox::indicator:checked {{ background: palette(highlight); }}
QCheckBox:focus {{ outline: none; background: palette(base); border: 3px solid palette(link); }}
QFrame[role="card"] {{ background: palette(base); border-radius: {radius}px; }}
QScrollBar:vertical {{ background: palette(window); width: {max(16, m.gap)}px; }}
QScrollBar::handle:vertical {{
    background: palette(tooltip-text); border-radius: 8px; min-height: 60px;
}}
QScrollBar::add-line, QScrollBar::sub-line {{ height: 0; }}
QProgressBar {{
    background: palette(window); border: 2px solid palette(tooltip-text); border-radius: 8px;
    min-height: 16px; max-height: 16px;
}}
QProgressBar::chunk {{ background: palette(highlight); border-radius: 6px; }}
#keyboard {{ background: palette(base); }}
#keyboard QPushButton {{
    min-width: 0; min-height: 0; padding: 0; font-size: {round(m.target * 0.44)}px;
    color: palette(text); background: palette(window); border: 2px solid palette(tooltip-text);
    selection-color: palette(window);
}}
#keyboard QPushButton[keyRole="action"] {{
    color: palette(highlight); border-color: palette(highlight);
}}
#keyboard QPushButton:pressed, #keyboard QPushButton:checked {{
    background: palette(text); color: palette(window);
}}
QLineEdit {{
    min-height: {m.target}px; font-size: {m.body}px; padding: 0 12px; color: palette(text);
    background: palette(base); border: 3px solid palette(tooltip-text); border-radius: 8px;
}}
QLineEdit:focus {{ border: 5px solid palette(link); }}
QLabel[role="error"] {{ color: palette(bright-text); font-size: {m.body}px; font-weight: bold; }}
#idleWarning {{ background: rgba(0, 0, 0, 150); }}
#idleCard {{
    background: palette(base); border-radius: {radius}px; border: 4px solid palette(highlight);
}}
"""
