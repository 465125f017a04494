"""Icons: drawn once per name and colour, from Font Awesome's own glyphs, in the colour asked
for, and without importing qtawesome (its import was the biggest start-up cost)."""

import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QIcon, QImage

from kiosk.ui.icons import Layer, UnknownIcon, glyph, icon, layered_icon

ROOT = Path(__file__).resolve().parents[2]
NAME = re.compile(r"""["'](fa5s?\.[a-z0-9-]+)["']""")


def used_icon_names() -> set[str]:
    """Every icon name written in the kiosk's code."""
    return {
        name
        for path in (ROOT / "kiosk").rglob("*.py")
        for name in NAME.findall(path.read_text(encoding="utf-8"))
    }


def opaque_pixels(pixmap) -> list[QColor]:
    image = pixmap.toImage().convertToFormat(QImage.Format.Format_ARGB32)
    return [
        colour
        for y in range(image.height())
        for x in range(image.width())
        if (colour := image.pixelColor(x, y)).alpha() == 255
    ]


def glyph_height(pixmap) -> int:
    image = pixmap.toImage().convertToFormat(QImage.Format.Format_ARGB32)
    rows = [y for y in range(image.height()) for x in range(image.width())
            if image.pixelColor(x, y).alpha()]
    return max(rows) - min(rows) + 1


def test_the_same_icon_is_reused_for_string_and_qcolor(qapp):
    first = icon("fa5s.globe", "#1D5C7A")
    assert icon("fa5s.globe", "#1D5C7A") is first
    assert not icon("fa5s.globe", QColor("#1D5C7A")).isNull()
    assert icon("fa5s.globe", "#FFFFFF") is not first


def test_every_icon_name_in_the_kiosk_is_a_font_awesome_glyph():
    names = used_icon_names()
    assert {"fa5s.globe", "fa5s.adjust", "fa5s.keyboard", "fa5.circle"} <= names
    for name in sorted(names):
        glyph(name)  # raises UnknownIcon, naming the icon, for a typo


def test_an_unknown_name_is_a_clear_error_and_a_logged_blank_icon(qapp, caplog):
    with pytest.raises(UnknownIcon, match=r"'fa5s\.no-such-icon'"):
        glyph("fa5s.no-such-icon")
    with pytest.raises(UnknownIcon, match=r"'mdi\.globe'"):
        glyph("mdi.globe")
    with caplog.at_level(logging.ERROR, logger="kiosk.ui.icons"):
        assert icon("fa5s.no-such-icon", "#000000").isNull()
        assert icon("fa5s.no-such-icon", "#FFFFFF").isNull()
    assert [r.getMessage() for r in caplog.records] == [
        "icon left blank: unknown icon 'fa5s.no-such-icon': not a Font Awesome 5 name "
        "(fa5s.*, fa5.*)"
    ]


@pytest.mark.parametrize("name", ["fa5s.globe", "fa5s.check", "fa5.circle"])
def test_an_icon_paints_its_glyph_in_the_colour_asked_for(qapp, name):
    opaque = opaque_pixels(icon(name, "#1D5C7A").pixmap(48))
    assert len(opaque) > 20
    assert {c.name() for c in opaque} == {"#1d5c7a"}


def test_the_glyph_is_drawn_at_the_size_asked_for_not_scaled(qapp):
    """A 16 px glyph is 14 px high and a 128 px one is 112 px: painted anew at each size."""
    globe = icon("fa5s.globe", "#000000")
    assert glyph_height(globe.pixmap(16)) in range(13, 16)
    assert glyph_height(globe.pixmap(128)) in range(108, 116)


def test_a_layered_icon_uses_the_on_colour_when_checked_and_grey_when_disabled(qapp):
    layers = (Layer("fa5s.keyboard", 0.75, (0, -0.16)), Layer("fa5s.chevron-down", 0.5, (0, 0.3)))
    hide = layered_icon(layers, "#112233", QColor("#FFFFFF"))
    size = QSize(64, 64)
    off = opaque_pixels(hide.pixmap(size, QIcon.Mode.Normal, QIcon.State.Off))
    on = opaque_pixels(hide.pixmap(size, QIcon.Mode.Normal, QIcon.State.On))
    disabled = opaque_pixels(hide.pixmap(size, QIcon.Mode.Disabled, QIcon.State.Off))
    assert {c.name() for c in off} == {"#112233"}
    assert {c.name() for c in on} == {"#ffffff"}
    assert {c.name() for c in disabled} - {"#112233", "#ffffff"}
    keyboard_only = opaque_pixels(icon("fa5s.keyboard", "#112233").pixmap(size))
    assert len(off) < len(keyboard_only)  # both glyphs smaller than one at full size


def test_the_window_and_its_icons_do_not_import_qtawesome():
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "import kiosk.ui.window\n"
        "from kiosk.ui.icons import icon\n"
        "app = QApplication([])\n"
        "assert not icon('fa5s.globe', '#000000').pixmap(32).isNull()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('qtawesome', 'qtpy')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
