"""What the window asks of every page, so it can treat them all alike."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kiosk.content.model import Theme


class Page(QWidget):
    """A page of the kiosk's stack."""

    def set_language(self, language: str) -> None:
        raise NotImplementedError

    def set_portrait(self, portrait: bool) -> None:
        """Pages laid out as one column need nothing here."""

    def reset(self) -> None:
        """Pages that hold nothing of the patient have nothing to forget."""

    def set_theme(self, theme: Theme) -> None:
        """Pages whose icons are drawn in theme colours repaint them here."""

    def spoken_text(self) -> str:
        """What "Listen" reads aloud: the page's words in its current language."""
        raise NotImplementedError
