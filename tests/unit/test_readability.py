"""Readability: the scoring itself, and content.yaml held to plain-language targets.

content.yaml is read with yaml.safe_load on purpose (not kiosk.content.loader), so these
checks work on the raw file and stay independent of the loader's own validation.
"""

from __future__ import annotations

import re
import string
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest
import yaml

from kiosk.content.model import (
    EMPTY_LIST,
    REQUIRED_FORM,
    REQUIRED_UI,
    ChecklistItem,
    Screen,
    ScreenKind,
    Section,
    Text,
    TextList,
)
from kiosk.content.readability import (
    count_sentences,
    count_syllables,
    fernandez_huerta,
    flesch_kincaid_grade,
    screen_text,
)

CONTENT = Path(__file__).resolve().parents[2] / "content.yaml"
MAX_GRADE_EN = 8.0  # US school grade; most adults read comfortably at 8 or below
MIN_EASE_ES = 70.0  # Fernández-Huerta "bastante fácil" (fairly easy) is 70 to 80


# --- the scoring ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        ("the", 1),
        ("walk", 1),
        ("doctor", 2),
        ("table", 2),
        ("medicine", 3),
        ("spinal", 2),  # pyphen alone says 1: the vowel-group floor fixes it
        ("ligament", 3),
        ("sedation", 3),
        ("procedure", 3),
        ("stenosis", 3),
        ("minimally", 4),
        ("decompression", 4),
        ("walked", 1),
        ("don't", 1),
    ],
)
def test_english_syllables(word: str, syllables: int) -> None:
    assert count_syllables(word, "en") == syllables


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        ("y", 1),
        ("muy", 1),
        ("día", 2),
        ("leer", 2),
        ("cuidado", 3),
        ("columna", 3),
        ("amarillo", 4),
        ("estenosis", 4),
        ("claudicación", 4),
        ("envejecimiento", 6),
    ],
)
def test_spanish_syllables(word: str, syllables: int) -> None:
    assert count_syllables(word, "es") == syllables


def test_sentences_split_on_punctuation_and_lines_but_not_decimals() -> None:
    assert count_sentences("Pain fell by 3.6 points. Good!\nA bullet\n\n") == 3


def test_easy_text_grades_lower_than_hard_text() -> None:
    easy = "The cat sat on the mat. It was a nice day."
    hard = (
        "Percutaneous image-guided decompression of hypertrophic ligamentum flavum "
        "demonstrated statistically significant functional improvement relative to "
        "epidural corticosteroid administration."
    )
    assert flesch_kincaid_grade(easy) < 3 < 14 < flesch_kincaid_grade(hard)


def test_easy_spanish_reads_easier_than_hard_spanish() -> None:
    easy = "El gato está en la casa. Hoy es un buen día."
    hard = (
        "La descompresión percutánea guiada por imagen del ligamento amarillo hipertrófico "
        "demostró una mejoría funcional estadísticamente significativa."
    )
    assert fernandez_huerta(hard) < MIN_EASE_ES < fernandez_huerta(easy)


def test_empty_text_scores_zero() -> None:
    assert flesch_kincaid_grade("") == 0.0
    assert fernandez_huerta("  \n") == 0.0


# --- content.yaml -----------------------------------------------------------------------


def _text(value: dict[str, str]) -> Text:
    return Text(MappingProxyType(dict(value)))


def _text_list(value: dict[str, list[str]] | None) -> TextList:
    if not value:
        return EMPTY_LIST
    return TextList(MappingProxyType({lang: tuple(items) for lang, items in value.items()}))


def _screen(raw: dict[str, Any]) -> Screen:
    """Just enough of a Screen for screen_text; the real loader validates the rest."""
    return Screen(
        id=raw["id"],
        kind=ScreenKind(raw["kind"]),
        title=_text(raw["title"]),
        paragraphs=_text_list(raw.get("paragraphs")),
        bullets=_text_list(raw.get("bullets")),
        caption=_text(raw["caption"]) if raw.get("caption") else None,
        references=tuple(raw.get("references", ())),
        items=tuple(
            ChecklistItem(id=item["id"], text=_text(item["text"])) for item in raw.get("items", ())
        ),
        sections=tuple(
            Section(
                heading=_text(section["heading"]),
                paragraphs=_text_list(section.get("paragraphs")),
                bullets=_text_list(section.get("bullets")),
            )
            for section in raw.get("sections", ())
        ),
    )


@pytest.fixture(scope="module")
def content() -> dict[str, Any]:
    return yaml.safe_load(CONTENT.read_text(encoding="utf-8"))


def _screens() -> list[Screen]:
    raw = yaml.safe_load(CONTENT.read_text(encoding="utf-8"))
    return [_screen(s) for s in raw["screens"]]


@pytest.mark.parametrize("screen", _screens(), ids=lambda s: s.id)
def test_english_screen_is_grade_8_or_below(screen: Screen) -> None:
    grade = flesch_kincaid_grade(screen_text(screen, "en"))
    assert grade <= MAX_GRADE_EN, f"{screen.id}: grade {grade:.1f}; simplify the writing"


@pytest.mark.parametrize("screen", _screens(), ids=lambda s: s.id)
def test_spanish_screen_is_fairly_easy(screen: Screen) -> None:
    ease = fernandez_huerta(screen_text(screen, "es"))
    assert ease >= MIN_EASE_ES, f"{screen.id}: Fernández-Huerta {ease:.1f}; simplify"


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize(("block", "required"), [("ui", REQUIRED_UI), ("form", REQUIRED_FORM)])
def test_every_required_key_in_every_language_with_same_placeholders(
    content: dict[str, Any], block: str, required: dict[str, str]
) -> None:
    languages = [lang["code"] for lang in content["languages"]]
    for key, purpose in required.items():
        assert key in content[block], f"{block}.{key} missing"
        texts = content[block][key]
        for lang in languages:
            assert texts.get(lang), f"{block}.{key}.{lang} missing"
        expected = _placeholders(texts[languages[0]])
        # placeholders the model documents for this key must be used, in every language
        documented = set(re.findall(r"\{(\w+)\}", purpose))
        assert documented <= expected, f"{block}.{key} should use {documented}"
        for lang in languages[1:]:
            assert _placeholders(texts[lang]) == expected, f"{block}.{key}.{lang} placeholders"


def test_screen_references_resolve(content: dict[str, Any]) -> None:
    known = {ref["id"] for ref in content["references"]}
    for screen in content["screens"]:
        missing = set(screen.get("references", ())) - known
        assert not missing, f"{screen['id']} cites unknown {missing}"


BANNED = [
    r"fda[- ]approved",
    r"\bproven\b",
    r"\bideal\b",
    r"drug[- ]free",
    r"without the risks",
    r"similar to surgery",
    r"aprobado por la fda",
    r"\bprobad[oa]\b",
    r"sin medicamentos",
]


def test_no_overclaims_anywhere(content: dict[str, Any]) -> None:
    patient_text = yaml.safe_dump(
        {k: content[k] for k in ("ui", "form", "screens")}, allow_unicode=True
    ).lower()
    for pattern in BANNED:
        assert not re.search(pattern, patient_text), f"overclaim: {pattern}"
