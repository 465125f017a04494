"""The kiosk's fonts: Atkinson Hyperlegible first, then installed system fonts for the rest.

Atkinson Hyperlegible (bundled) draws Latin only. Patients type names in every script, and
the staff table shows them: without a fallback a Chinese name draws as empty boxes. At
start-up the kiosk puts the system fonts it finds for other scripts after Atkinson in one
family list (the application font and the style sheet both use it), checks which scripts
that list covers, and logs once which font package would draw the rest.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QRawFont

log = logging.getLogger(__name__)

FONT_FAMILY = "Atkinson Hyperlegible"
# Tried in this order after Atkinson; only those installed join the chain. Noto families come
# from scripts/system-deps on Debian/Ubuntu, the Segoe/YaHei ones with Windows itself.
FALLBACK_FAMILIES = (
    "Noto Sans",  # Latin with every diacritic, Vietnamese, Greek, Cyrillic
    "Noto Sans Arabic",
    "Noto Sans Hebrew",
    "Noto Sans Devanagari",
    "Noto Sans CJK SC",  # Chinese (also draws Japanese and Korean)
    "Noto Sans CJK JP",
    "Noto Sans CJK KR",
    "Noto Color Emoji",
    "Segoe UI",  # Windows: Latin, Vietnamese, Arabic, Hebrew, Greek, Cyrillic
    "Nirmala UI",
    "Microsoft YaHei",
    "Yu Gothic",
    "Malgun Gothic",
    "Segoe UI Emoji",
    "Segoe UI Symbol",
    "DejaVu Sans",  # the last resort most Linux desktops have
)
# What a name in each script looks like, and the Debian package whose font draws it.
SCRIPT_SAMPLES: dict[str, tuple[str, str]] = {
    "Latin": ("Zoë Łukasz Núñez Ğülşen Ærøskøbing Dvořák", "fonts-noto-core"),
    "Vietnamese": ("Nguyễn Thị Ánh Tuyết Đặng Hữu Phước", "fonts-noto-core"),
    "Greek": ("Γιώργος Παπαδόπουλος", "fonts-noto-core"),
    "Cyrillic": ("Наталья Щербакова", "fonts-noto-core"),
    "Arabic": ("مريم الحسن", "fonts-noto-core"),
    "Hebrew": ("שרה כהן", "fonts-noto-core"),
    "Devanagari": ("अनीता शर्मा", "fonts-noto-core"),
    "Chinese": ("王小明 陳美玲", "fonts-noto-cjk"),
    "Emoji": ("😀👍❤️🌻", "fonts-noto-color-emoji"),
}
# Joiners and selectors shape their neighbours; no font needs a glyph of its own for them.
_INVISIBLE = {0x200C, 0x200D, 0xFE0E, 0xFE0F, ord(" ")}

_chain: list[str] = [FONT_FAMILY]


def load_fonts() -> str:
    """Register the bundled Atkinson Hyperlegible faces, choose the fallback chain and make
    it the application font; return Atkinson."""
    import fontpkg_atkinson_hyperlegible as atkinson

    for face in sorted(Path(atkinson.ROOT, "files").glob("*.ttf")):
        QFontDatabase.addApplicationFont(str(face))
    chain = fallback_chain()
    if chain != _chain:
        _chain[:] = chain
        font = QGuiApplication.font()
        font.setFamilies(chain)
        QGuiApplication.setFont(font)
    return FONT_FAMILY


def report_missing_scripts() -> list[str]:
    """Log each script of SCRIPT_SAMPLES that no font of the chain draws, with the package
    that would; return those scripts. The kiosk runs it after its first paint: it opens
    every fallback font (~10 ms, ~8 MB) and only writes to kiosk.log."""
    missing = [
        script
        for script, (sample, _package) in SCRIPT_SAMPLES.items()
        if missing_characters(sample, _chain)
    ]
    for script in missing:
        log.warning(
            "fonts: no installed font draws %s names; on Debian/Ubuntu: "
            "apt-get install %s (scripts/system-deps)",
            script,
            SCRIPT_SAMPLES[script][1],
        )
    return missing


def fallback_chain() -> list[str]:
    """Atkinson Hyperlegible, then each installed FALLBACK_FAMILIES entry, in order."""
    installed = set(QFontDatabase.families())
    return [FONT_FAMILY, *(family for family in FALLBACK_FAMILIES if family in installed)]


def families() -> list[str]:
    """The chain chosen by load_fonts() (Atkinson alone before it has run)."""
    return list(_chain)


def css_families() -> str:
    """The chain as a style sheet `font-family` value."""
    return ", ".join(f'"{family}"' for family in _chain)


def missing_characters(text: str, chain: list[str]) -> list[str]:
    """The characters of `text` that no font of `chain` has a glyph for."""
    raw_fonts = [QRawFont.fromFont(QFont(family)) for family in chain]
    return [
        character
        for character in dict.fromkeys(text)
        if ord(character) not in _INVISIBLE
        and not any(raw.supportsCharacter(ord(character)) for raw in raw_fonts)
    ]
