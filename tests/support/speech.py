"""A speech engine for tests: Qt's real "mock" engine, taught Spanish, keeping what it says.

Qt's mock plugin only has English, Norwegian and Finnish voices; this one also offers es_ES
(spoken by the mock's English voice: the words and the timing are what tests look at).
"""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QLocale
from PySide6.QtTextToSpeech import QTextToSpeech

from kiosk.ui.speech import Reader

SPANISH = QLocale(QLocale.Language.Spanish, QLocale.Country.Spain)


class BilingualMock(QTextToSpeech):
    """Records every text handed to `say`, with the locale and volume it was to be read at."""

    said: ClassVar[list[tuple[str, str, float]]] = []  # (locale name, text, volume)

    def __init__(self, _engine: str = "mock") -> None:
        super().__init__("mock")
        self._spanish = False

    def availableLocales(self) -> list[QLocale]:
        return [*super().availableLocales(), SPANISH]

    def setLocale(self, locale: QLocale) -> None:
        self._spanish = locale.language() == QLocale.Language.Spanish
        super().setLocale(QLocale("en_GB") if self._spanish else locale)

    def say(self, text: str) -> None:
        locale = "es_ES" if self._spanish else super().locale().name()
        BilingualMock.said.append((locale, text, round(self.volume(), 2)))
        super().say(text)


class NeverFinishes(BilingualMock):
    """Stays in the middle of its first word, as speech-dispatcher without a sound card does."""

    def say(self, text: str) -> None:
        super().say(text)
        self.pause()  # the mock pauses after its first word and never reports Ready


def bilingual_reader() -> Reader:
    return Reader("mock", factory=BilingualMock)


def stuck_reader() -> Reader:
    return Reader("mock", factory=NeverFinishes)
