"""WCAG contrast maths for theme colours, so themes can be checked without Qt."""

from __future__ import annotations

# (foreground, background, minimum ratio): every pair of theme colours the kiosk draws.
# 7:1 for body text (WCAG AAA), 4.5:1 for other text, 3:1 for the focus ring (WCAG 1.4.11).
CONTRAST_PAIRS: tuple[tuple[str, str, float], ...] = (
    ("text", "background", 7.0),  # body text
    ("text", "surface", 7.0),  # text in bars, cards and the form
    ("muted_text", "background", 7.0),  # captions and notes are read too
    ("muted_text", "surface", 7.0),
    ("primary", "surface", 4.5),  # outlined buttons
    ("on_primary", "primary", 4.5),  # filled buttons, the scroll hint
    ("on_urgent", "urgent", 4.5),  # the urgent banner
    ("background", "text", 7.0),  # a pressed or chosen button is drawn inverted
    ("accent", "surface", 3.0),  # the focus ring
    ("accent", "background", 3.0),
)


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2.x relative luminance of a #RRGGBB colour."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    red, green, blue = linear
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio between two #RRGGBB colours (1.0 to 21.0)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
