"""Offline readability scores for the kiosk's patient-facing text.

Why: most patients are over 50 and reading while standing, often anxious, so every screen is
held to a plain-language target (English Flesch-Kincaid grade <= 8, Spanish Fernández-Huerta
>= 70). The tests in tests/unit/test_readability.py check content.yaml against it, so an edit
that drifts into jargon fails before it reaches the lobby.

Qt-free and network-free: syllables come from pyphen's bundled hyphenation dictionaries.
Hyphenation points are not syllable breaks: pyphen never splits near word edges and skips
many breaks ("spinal", "medicine" and "area" come back whole), so it under-counts. Each word
therefore counts max(pyphen parts, vowel-group estimate); the estimate is tuned to err low
as well, so taking the larger of two low guesses stays close to the truth without
inflating it. The scores remain slightly generous for words with hidden hiatus
("anesthesia"), which is why the thresholds are treated as ceilings, not goals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pyphen

from kiosk.content.model import Screen

# Words are runs of letters, with inner apostrophes ("don't", "it's"); digits are not words.
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# A sentence ends at . ! ? (or a run of them) followed by whitespace or the end of the block,
# so "3.6" and "mild®." behave. Each block (line) also ends a sentence: titles and bullets
# rarely carry a full stop but are read as separate units.
_SENTENCE_END_RE = re.compile(r"[.!?…]+(?=\s|$)")

_PYPHEN_LANGUAGE = {"en": "en_US", "es": "es"}

_EN_VOWEL_GROUP_RE = re.compile(r"[aeiouy]+")
_ES_VOWELS = set("aeiouáéíóúü")
# In Spanish, two "strong" vowels side by side (or an accented i/u next to a vowel) are
# separate syllables (hiatus: "le-er", "dí-a"); anything else in a vowel run is one syllable.
_ES_STRONG = set("aeoáéóíú")


@dataclass(frozen=True)
class TextCounts:
    """Raw counts behind the scores, exposed so callers can report or compare formulas."""

    words: int
    sentences: int
    syllables: int


@lru_cache(maxsize=4)
def _dictionary(language: str) -> pyphen.Pyphen:
    return pyphen.Pyphen(lang=_PYPHEN_LANGUAGE.get(language, language))


def _english_vowel_groups(word: str) -> int:
    """Vowel-group syllable estimate with the common silent-e/-ed/-es corrections."""
    w = word.lower().replace("’", "'").split("'")[0]  # "don't" -> "don", "it's" -> "it"
    count = len(_EN_VOWEL_GROUP_RE.findall(w))
    if count > 1:
        if w.endswith("e") and not re.search(r"[^aeiouy]le$", w) and not w.endswith("ee"):
            count -= 1  # silent final e: "ache", "time"; but "table", "people" keep it
        elif re.search(r"[^aeiouytd]ed$", w):
            count -= 1  # "walked", "helped"; but "needed", "added" keep it
        elif re.search(r"[^aeiouyszxcgl]es$", w) and not re.search(r"[cs]hes$", w):
            count -= 1  # "makes", "times"; but "uses", "places", "tables" keep it
    return max(1, count)


def _spanish_vowel_nuclei(word: str) -> int:
    """Count vowel nuclei: a vowel run is one syllable except across a hiatus."""
    w = word.lower()
    count = 0
    previous = ""
    for index, char in enumerate(w):
        # "y" is a vowel only at the end of a word after a vowel ("muy", "hoy") or alone ("y").
        is_vowel = char in _ES_VOWELS or (
            char == "y" and index == len(w) - 1 and (index == 0 or w[index - 1] in _ES_VOWELS)
        )
        if not is_vowel:
            previous = ""
            continue
        if not previous or (previous in _ES_STRONG and char in _ES_STRONG):
            count += 1
        previous = char
    return max(1, count)


def count_syllables(word: str, language: str = "en") -> int:
    """Syllables in one word: the larger of pyphen's parts and a vowel-group estimate."""
    parts = len(_dictionary(language).positions(word)) + 1
    estimate = _spanish_vowel_nuclei(word) if language == "es" else _english_vowel_groups(word)
    return max(1, parts, estimate)


def words(text: str) -> list[str]:
    """The words of `text` (runs of letters, inner apostrophes kept)."""
    return _WORD_RE.findall(text)


def count_sentences(text: str) -> int:
    """Sentences in `text`: each line is a block, split further on . ! ? and the like.

    A piece counts only if it holds a word, so stray punctuation and bullets of digits
    never add phantom sentences.
    """
    total = 0
    for block in text.splitlines():
        total += sum(1 for piece in _SENTENCE_END_RE.split(block) if _WORD_RE.search(piece))
    return total


def text_counts(text: str, language: str = "en") -> TextCounts:
    """Words, sentences and syllables of `text` in `language`."""
    found = words(text)
    return TextCounts(
        words=len(found),
        sentences=count_sentences(text),
        syllables=sum(count_syllables(w, language) for w in found),
    )


def flesch_kincaid_grade(text: str, language: str = "en") -> float:
    """Flesch-Kincaid grade level (US school grade); lower is easier. Empty text scores 0.

    0.39 * words/sentence + 11.8 * syllables/word - 15.59. The formula was fitted on
    English; `language` only selects the syllable dictionary.
    """
    counts = text_counts(text, language)
    if counts.words == 0 or counts.sentences == 0:
        return 0.0
    return 0.39 * counts.words / counts.sentences + 11.8 * counts.syllables / counts.words - 15.59


def fernandez_huerta(text: str) -> float:
    """Fernández-Huerta reading ease for Spanish (0-100+; higher is easier, 70+ fairly easy).

    206.84 - 0.60 * P - 1.02 * F, with P = syllables per 100 words. F is used as *words per
    sentence*, the Flesch term Fernández Huerta adapted (and what textstat and legible.es
    compute). The often-quoted "sentences per 100 words" reading is a known transcription
    slip: with it, shorter sentences would lower the score, the opposite of the intent.
    Empty text scores 0.
    """
    counts = text_counts(text, "es")
    if counts.words == 0 or counts.sentences == 0:
        return 0.0
    syllables_per_100_words = 100.0 * counts.syllables / counts.words
    words_per_sentence = counts.words / counts.sentences
    return 206.84 - 0.60 * syllables_per_100_words - 1.02 * words_per_sentence


def screen_text(screen: Screen, language: str) -> str:
    """Everything a patient reads on `screen` in `language`, one block per line.

    Title, paragraphs, bullets, sections, checklist items and the caption (also the spoken
    alt text) are all read, so all are scored.
    """
    parts: list[str] = [screen.title.get(language)]
    parts.extend(screen.paragraphs.get(language))
    parts.extend(screen.bullets.get(language))
    for section in screen.sections:
        parts.append(section.heading.get(language))
        parts.extend(section.paragraphs.get(language))
        parts.extend(section.bullets.get(language))
    parts.extend(item.text.get(language) for item in screen.items)
    if screen.caption is not None:
        parts.append(screen.caption.get(language))
    return "\n".join(p.strip() for p in parts if p and p.strip())
