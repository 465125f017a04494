"""Small pieces shared by the PIN pad and the staff panel: sizing, styling, icons, inactivity.

The staff widgets get colours from the window's style sheet (kiosk.ui.theme) and only add
sizes the app sheet does not cover (PIN keys, the table, the search field), derived from
the same `Metrics`, so they scale with the screen exactly like the patient screens.
The same widgets serve the kiosk's touch staff area and the front-desk window (kiosk/ui/desk):
`touch=False` gives desktop sizes, controls that Tab and the arrow keys reach, and no
on-screen keyboard.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QPalette, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QGridLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from kiosk.ui.icons import icon
from kiosk.ui.theme import Metrics
from kiosk.ui.widgets.private_edit import PrivateLineEdit

# Input that shows a staff member is still there.
ACTIVITY = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.KeyPress,
        QEvent.Type.Wheel,
    }
)
# NEW requests: dark text on amber, about 12:1, whatever the theme (the word says it too).
NEW_BACKGROUND = "#FFE2A8"
NEW_TEXT = "#1F2A33"


def metrics_for(widget: QWidget, touch: bool = True) -> Metrics:
    """Metrics of the window the widget fills (the staff area is a full-window layer); the
    desk's fixed desktop sizes when not `touch`."""
    if not touch:
        return Metrics.for_desk()
    window = widget.window()
    return Metrics.for_size(window.width(), window.height())


class SizedToWindow(QWidget):
    """A staff page whose sizes follow the window it fills (`metrics_for`): it applies them
    as it is shown and at every resize, as the window may have changed while it was hidden."""

    def _apply_metrics(self) -> None:
        raise NotImplementedError

    def showEvent(self, event: QShowEvent) -> None:
        self._apply_metrics()
        super().showEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._apply_metrics()
        super().resizeEvent(event)


def pin_key_size(metrics: Metrics) -> int:
    """PIN digits are the only thing staff must hit fast: ~110 px at 1080p, never < 64."""
    return max(metrics.min_target, round(110 * metrics.scale))


def cell_padding(metrics: Metrics) -> int:
    """Space on each side of a table cell's text."""
    return max(8, metrics.gap // 2)


def staff_style(metrics: Metrics) -> str:
    """Sizes for staff-only widgets; colours come from the app's sheet and the palette."""
    m, key = metrics, pin_key_size(metrics)
    return f"""
QPushButton[pinKey="digit"], QPushButton[pinKey="action"] {{
    min-width: {key}px; min-height: {key}px; padding: 0;
}}
QPushButton[pinKey="digit"] {{ font-size: {m.heading}px; }}
QPushButton:disabled, QPushButton[primary="true"]:disabled {{ background: transparent; }}
#pinDots {{
    font-size: {m.heading}px; background: palette(base);
    border: 3px solid palette(mid); border-radius: {m.target // 4}px;
}}
#exportMessage {{ font-weight: bold; }}
QLabel[role="error"] {{ font-size: {m.body}px; font-weight: bold; }}
#staffSearch {{
    font-size: {m.body}px; min-height: {m.target}px; padding: 0 {m.gap // 2}px;
    border: 3px solid palette(mid); border-radius: {m.target // 4}px; background: palette(base);
}}
#staffSearch:focus {{ border-color: palette(highlight); }}
#requestsTable {{ font-size: {m.body}px; border: 2px solid palette(mid); }}
#requestsTable:focus {{ border: 4px solid palette(link); }}
#requestsTable::item {{ padding: 0 {cell_padding(m)}px; }}
#requestsTable QHeaderView::section {{
    font-size: {m.small}px; font-weight: bold; padding: {m.gap // 3}px {cell_padding(m)}px;
    border: none; border-bottom: 2px solid palette(mid); background: palette(window);
}}
QLabel[role="fieldName"] {{ font-size: {m.small}px; font-weight: bold; }}
"""


def staff_button(text: str, name: str, touch: bool = True) -> QPushButton:
    """On a touchscreen a button never takes focus: a focus ring is only noise there, and
    the search field must keep its focus (and keyboard) while staff tap around. At the
    desk (`touch=False`) Tab reaches it and Space presses it, as in any desktop program."""
    button = QPushButton(text)
    button.setObjectName(name)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus if touch else Qt.FocusPolicy.StrongFocus)
    button.setAutoDefault(False)
    return button


def private_line_edit(name: str, placeholder: str, touch: bool = True) -> PrivateLineEdit:
    """A field whose text cannot leave it (see PrivateLineEdit). On a touchscreen it takes
    focus, and so brings up the keyboard, only when tapped, not when its page appears; at
    the desk Tab reaches it too."""
    edit = PrivateLineEdit()
    edit.setFocusPolicy(Qt.FocusPolicy.ClickFocus if touch else Qt.FocusPolicy.StrongFocus)
    edit.setObjectName(name)
    edit.setPlaceholderText(placeholder)
    return edit


def clear_buttons(group: QButtonGroup, grid: QGridLayout) -> None:
    """Remove and delete every button of `group` from `grid`, before it is filled again
    (a USB stick may have been plugged in or pulled out)."""
    for button in group.buttons():
        group.removeButton(button)
        grid.removeWidget(button)
        button.hide()
        button.deleteLater()


def say(label: QLabel, text: str, *, error: bool) -> None:
    """Show a one-line outcome; an error in the error style (bold), restyled at once."""
    label.setText(text)
    label.setProperty("role", "error" if error else "body")
    label.style().unpolish(label)
    label.style().polish(label)


def set_icon(button: QPushButton, name: str, metrics: Metrics) -> None:
    """A qtawesome icon in the button's own (style-sheet) text colour. Qt leaves only 4 px
    between icon and text, so the text gets a leading space (not in its accessible name)."""
    text = button.text().strip()
    button.setText(f" {text}")
    button.setAccessibleName(text)
    button.ensurePolished()
    colour = button.palette().color(QPalette.ColorRole.ButtonText)
    button.setIcon(icon(name, colour))
    button.setIconSize(QSize(metrics.icon, metrics.icon))


class InactivityWatcher(QObject):
    """Emits `expired` after `seconds` without input inside `widget` while it is shown.

    The application-wide filter is installed only while the widget is visible, so hidden
    staff screens cost nothing; events count only if their receiver lies inside `widget`.
    """

    expired = Signal()

    def __init__(self, widget: QWidget, seconds: float) -> None:
        super().__init__(widget)
        self._widget = widget
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(round(seconds * 1000))
        self._timer.timeout.connect(self.expired)
        widget.installEventFilter(self)
        if widget.isVisible():
            self._watch(True)

    def is_running(self) -> bool:
        return self._timer.isActive()

    def _watch(self, on: bool) -> None:
        app = QApplication.instance()
        if on:
            app.installEventFilter(self)
            self._timer.start()
        else:
            app.removeEventFilter(self)
            self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self._widget and kind in (QEvent.Type.Show, QEvent.Type.Hide):
            self._watch(kind == QEvent.Type.Show)
        elif (
            kind in ACTIVITY
            and isinstance(watched, QWidget)
            and (watched is self._widget or self._widget.isAncestorOf(watched))
        ):
            self._timer.start()
        return False
