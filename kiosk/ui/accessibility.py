"""Keyboard and switch access: Enter presses the focused button, and the focus ring shows
only while someone is using keys. And what a screen reader (Orca, through AT-SPI) is told a
picture or an error is: `install_roles`.

Switch-access devices and scanning software send Tab, Space and Enter. Qt buttons answer
Space but (outside dialogs) not Enter; tick boxes and tool buttons neither. A tap on the
touchscreen must not leave a ring behind, so the ring follows the last kind of input.
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QAccessibleInterface,
    QKeyEvent,
)
from PySide6.QtWidgets import QAbstractButton, QAccessibleWidget, QApplication, QLabel, QWidget

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


IMAGE = "image"  # the `accessibleRole` property of a drawn picture (its alternative text: name)


class _AlertLabel(QAccessibleWidget):
    """An error message: the alert role, named by the words it shows."""

    def __init__(self, label: QLabel) -> None:
        super().__init__(label, QAccessible.Role.AlertMessage)

    def text(self, kind: QAccessible.Text) -> str:
        if kind == QAccessible.Text.Name:
            return self.widget().text()
        return super().text(kind)


def _roles(_key: str, target: QObject) -> QAccessibleInterface | None:
    """Qt's own interfaces, except that a drawn picture is an image (Qt would call a plain
    widget a filler panel) and an error message is an alert, as Orca expects them."""
    if isinstance(target, QWidget) and target.property("accessibleRole") == IMAGE:
        return QAccessibleWidget(target, QAccessible.Role.Graphic)
    if isinstance(target, QLabel) and target.property("role") == "error":
        return _AlertLabel(target)
    return None


_installed = False


def install_roles() -> None:
    """Once per process, before the first widget is asked for its interface."""
    global _installed
    if not _installed:
        QAccessible.installFactory(_roles)
        _installed = True


def announce(widget: QWidget, text: str) -> None:
    """Have a screen reader say `text` now, interrupting (an error that just appeared)."""
    if QAccessible.isActive() and text:
        event = QAccessibleAnnouncementEvent(widget, text)
        event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive)
        QAccessible.updateAccessibility(event)
