"""Keyboard and switch access: Enter presses the focused button, and the focus ring shows
only while someone is using keys.

Switch-access devices and scanning software send Tab, Space and Enter. Qt buttons answer
Space but (outside dialogs) not Enter; tick boxes and tool buttons neither. A tap on the
touchscreen must not leave a ring behind, so the ring follows the last kind of input.
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from kiosk.ui.widgets.focus_ring import FocusRing

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_POINTER = (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin)


class KeyboardAccess(QObject):
    """Application-wide filter for `window`: Enter activates buttons; drives `ring`."""

    def __init__(self, window: QWidget, ring: FocusRing) -> None:
        super().__init__(window)
        self._window = window
        self.ring = ring
        self.using_keys = False
        QApplication.instance().focusChanged.connect(self._on_focus_changed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in _POINTER and self.using_keys:
            self.using_keys = False
            self.ring.show_around(None)
        elif kind == QEvent.Type.KeyPress and event.spontaneous():  # not the on-screen keys
            return self._on_key(watched, event)
        return False

    def _on_key(self, watched: QObject, event: QKeyEvent) -> bool:
        if not self.using_keys:
            self.using_keys = True
            self._ring_focus()
        if (
            event.key() in _ENTER
            and not event.isAutoRepeat()
            and isinstance(watched, QAbstractButton)
            and watched.hasFocus()
            and self._window.isAncestorOf(watched)
        ):
            watched.click()
            return True
        return False

    def _on_focus_changed(self, _old: QWidget | None, _new: QWidget | None) -> None:
        if self.using_keys:
            self._ring_focus()

    def _ring_focus(self) -> None:
        focused = QApplication.focusWidget()
        inside = focused is not None and self._window.isAncestorOf(focused)
        self.ring.show_around(focused if inside else None)


def chain_tab_order(widgets: list[QWidget]) -> None:
    """Tab visits `widgets` in this order (hidden or disabled ones are skipped by Qt)."""
    for first, second in pairwise(widgets):
        QWidget.setTabOrder(first, second)
