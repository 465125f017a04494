"""Labels for patient text: wrapped, plain text, styled by a `role` property."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from kiosk.content.model import TextList


def wrapping_label(role: str = "body") -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setProperty("role", role)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label


def label_count(texts: TextList) -> int:
    """Labels needed so that every language's list fits."""
    return max((len(v) for v in texts.by_language.values()), default=0)


def fill_labels(labels: list[QLabel], texts: list[str] | tuple[str, ...]) -> None:
    """Put texts into labels; labels beyond the texts (shorter translation) are hidden."""
    for index, label in enumerate(labels):
        label.setText(texts[index] if index < len(texts) else "")
        label.setVisible(index < len(texts))
