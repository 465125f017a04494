"""Names in other scripts render: Atkinson Hyperlegible first, then the system fonts that
scripts/system-deps installs (fonts-noto-core, fonts-noto-cjk, fonts-noto-color-emoji), so
no name in the form or the staff table draws as empty boxes."""

from __future__ import annotations

import logging
import sys

import pytest
from PySide6.QtGui import QFont, QFontDatabase, QTextLayout
from PySide6.QtWidgets import QLabel

from kiosk.ui import fonts as fonts_module
from kiosk.ui.fonts import (
    FONT_FAMILY,
    SCRIPT_SAMPLES,
    css_families,
    families,
    load_fonts,
    missing_characters,
    report_missing_scripts,
)
from kiosk.ui.theme import Metrics, style_sheet

# The scripts the issue names; each one's font comes with scripts/system-deps on Debian/Ubuntu.
NAMES = {
    "Latin": "Zoë Łukasz Núñez Dvořák",
    "Vietnamese": "Nguyễn Thị Ánh Tuyết",
    "Arabic": "مريم الحسن",
    "Chinese": "王小明",
    "Emoji": "Ana 😀👍🌻",
}
linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the Noto fonts are the Linux set-up's"
)


@pytest.fixture(autouse=True)
def fonts(qapp) -> list[str]:
    load_fonts()
    return families()


def glyph_indexes(text: str, font: QFont) -> list[int]:
    """The glyphs Qt lays the text out with, across whatever fonts it falls back to;
    glyph 0 is the font's "missing" box."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return [index for run in layout.glyphRuns() for index in run.glyphIndexes()]


def test_the_chain_starts_with_atkinson_and_names_only_installed_fonts(fonts) -> None:
    installed = set(QFontDatabase.families())
    assert fonts[0] == FONT_FAMILY
    assert all(family in installed for family in fonts)
    assert len(fonts) == len(set(fonts))


@linux_only
@pytest.mark.parametrize("script", NAMES)
def test_every_character_of_a_name_has_a_glyph_in_the_chain(fonts, script: str) -> None:
    assert missing_characters(NAMES[script], fonts) == []


@linux_only
@pytest.mark.parametrize("script", NAMES)
def test_names_lay_out_without_missing_glyph_boxes(fonts, script: str) -> None:
    font = QFont()
    font.setFamilies(fonts)
    font.setPixelSize(30)
    glyphs = glyph_indexes(NAMES[script], font)
    assert glyphs and 0 not in glyphs


@linux_only
def test_atkinson_alone_would_draw_boxes_for_the_non_latin_names() -> None:
    """What the fallback is for (and proof that the check can fail)."""
    for script in ("Vietnamese", "Arabic", "Chinese", "Emoji"):
        assert missing_characters(NAMES[script], [FONT_FAMILY]), script


@linux_only
def test_every_script_the_kiosk_checks_at_start_up_is_covered(fonts) -> None:
    uncovered = {
        script: missing_characters(sample, fonts)
        for script, (sample, _package) in SCRIPT_SAMPLES.items()
    }
    assert {script: chars for script, chars in uncovered.items() if chars} == {}


def test_the_style_sheet_gives_labels_the_whole_chain(fonts, qtbot) -> None:
    """A style sheet's font-family replaces the application font's: it must list the chain."""
    sheet = style_sheet(Metrics.for_size(1920, 1080))  # colours come from the palette
    assert f"font-family: {css_families()};" in sheet
    label = QLabel(NAMES["Chinese"])
    label.setStyleSheet(sheet)
    qtbot.addWidget(label)
    label.ensurePolished()
    assert label.font().families() == fonts


@linux_only
def test_a_script_no_font_draws_is_logged_with_its_package(monkeypatch, caplog) -> None:
    """What the kiosk writes to kiosk.log after its first paint (proof the check can fail)."""
    monkeypatch.setattr(fonts_module, "_chain", [FONT_FAMILY])  # as if no Noto was installed
    with caplog.at_level(logging.WARNING, logger="kiosk.ui.fonts"):
        missing = report_missing_scripts()
    assert {"Vietnamese", "Arabic", "Emoji"} <= set(missing)
    assert "apt-get install fonts-noto-color-emoji" in caplog.text
