"""What the window asks of every page, so it can treat them all alike."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from kiosk.content.model import Theme

if TYPE_CHECKING:
    from kiosk.ui.theme import Metrics


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

    def set_metrics(self, metrics: Metrics) -> None:
        """Pages with sizes the style sheet cannot give (the form's keyboard) take them here."""

    def set_low(self, low: bool) -> None:
        """Controls lowered: leave out what the window's upper panel shows (`reach_view`)."""

    def reach_view(self) -> tuple[str, Path | None, str]:
        """What the upper panel shows while the controls are lowered: a heading, a drawing
        and its caption (pages that keep their own heading give "")."""
        return "", None, ""

    def spoken_text(self) -> str:
        """What "Listen" reads aloud: the page's words in its current language."""
        raise NotImplementedError
