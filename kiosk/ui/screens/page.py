"""What the window asks of every page, so it can treat them all alike."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


class Page(QWidget):
    """A page of the kiosk's stack."""

    def set_language(self, language: str) -> None:
        raise NotImplementedError

    def set_portrait(self, portrait: bool) -> None:
        """Pages laid out as one column need nothing here."""

    def reset(self) -> None:
        """Pages that hold nothing of the patient have nothing to forget."""
