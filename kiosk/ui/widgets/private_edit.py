"""A text field for what a patient (or staff) types: it stays in the field, and a wipe leaves
nothing behind, not even in the field's undo history.

QLineEdit.clear() is undoable: after it, Ctrl+Z brought the previous patient's name back,
and each visit's keystrokes piled up in the history (memory that grew visit by visit).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWidget


class PrivateLineEdit(QLineEdit):
    """No context menu and no dragging (nothing typed may leave the field); `wipe()`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDragEnabled(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)

    def wipe(self) -> None:
        """Empty, with no undo or redo left and not modified: as if never typed in."""
        self.setText("")  # unlike clear(), setText() empties the undo/redo history
        self.setModified(False)
