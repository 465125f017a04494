"""The PIN pad in front of the staff area: big keys, masked dots, lockout with a countdown.

Typed digits live only in this widget until OK and are never shown, logged, audited or said
aloud: each key press answers with a short tone instead, so a PIN typed beside a waiting
room is not heard. The lockout itself is `PinGuard`'s, kept for the pad's lifetime so
cancelling does not reset it.
A physical keyboard types too (digits, Backspace, Enter, Escape): the front desk's way in.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.sounds import KEY
from kiosk.staff.audit import AuditLog, record_safely
from kiosk.staff.pin import PinGuard, has_pin
from kiosk.ui.staff.support import (
    InactivityWatcher,
    SizedToWindow,
    metrics_for,
    set_icon,
    staff_button,
    staff_style,
)
from kiosk.ui.theme import Metrics
from kiosk.ui.tones import TonePlayer
from kiosk.ui.widgets.labels import wrapping_label

TITLE = "Staff area"
PROMPT = "Enter the staff PIN, then tap OK."
DESK_PROMPT = "Type the front desk's PIN, then press Enter."
NO_PIN = "No staff PIN is set.\nOn this computer, run:\npython main.py set-pin"
WRONG = "That PIN is not right. Please try again."
TOO_SHORT = "The PIN has 4 to 8 digits."
LOCKED_SECONDS = "Too many tries. Try again in {n} seconds."
LOCKED_MINUTES = "Too many tries. Try again in {n} minutes."
CLEAR, OK, CANCEL = "Clear", "OK", "Cancel"
DOTS_NAME = "{n} digits typed"
MAX_DIGITS = 8
IDLE_SECONDS = 60  # a pad left open would keep patients from the kiosk


class PinPad(SizedToWindow):
    """Emits `unlocked` after the right PIN, `cancelled` on Cancel or when left idle."""

    unlocked = Signal()
    cancelled = Signal()

    def __init__(
        self,
        data_dir: Path,
        audit: AuditLog,
        clock: Callable[[], float] = time.monotonic,
        *,
        touch: bool = True,
        no_pin_help: str = NO_PIN,
        title: str = TITLE,
    ) -> None:
        super().__init__()
        self.setObjectName("pinPad")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # so typed digits reach it
        self._touch = touch
        self._data_dir = Path(data_dir)
        self._audit = audit
        self._guard = PinGuard(self._data_dir, clock)
        self._digits = ""
        self._metrics: Metrics | None = None
        self.key_tone = TonePlayer(KEY, parent=self)

        self.title = wrapping_label("title")
        self.title.setText(title)
        self.prompt = wrapping_label("body")
        self.prompt.setText(PROMPT if touch else DESK_PROMPT)
        self.dots = wrapping_label("body")
        self.dots.setObjectName("pinDots")
        self.message = wrapping_label("error")
        self.message.setObjectName("pinMessage")
        self.no_pin = wrapping_label("body")
        self.no_pin.setObjectName("pinMissing")
        self.no_pin.setText(no_pin_help)
        for label in (self.title, self.prompt, self.dots, self.message, self.no_pin):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.keys = QWidget()
        self.grid = QGridLayout(self.keys)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.digit_keys: list[QPushButton] = []
        for index, digit in enumerate("1234567890"):
            button = self._key(digit, f"pinKey{digit}", "digit", touch)
            button.clicked.connect(lambda _=False, d=digit: self._type(d))
            self.digit_keys.append(button)
            row, column = (3, 1) if digit == "0" else divmod(index, 3)
            self.grid.addWidget(button, row, column)
        self.clear_button = self._key(CLEAR, "pinClear", "action", touch)
        self.clear_button.clicked.connect(self._clear)
        self.ok_button = self._key(OK, "pinOk", "action", touch)
        self.ok_button.setProperty("primary", True)
        self.ok_button.clicked.connect(self._submit)
        self.grid.addWidget(self.clear_button, 3, 0)
        self.grid.addWidget(self.ok_button, 3, 2)
        self.cancel_button = staff_button(CANCEL, "pinCancel", touch)
        self.cancel_button.clicked.connect(self.cancelled)
        if not touch:  # the desk has nowhere else to go
            self.cancel_button.hide()

        self.column = QVBoxLayout()
        for widget in (self.title, self.prompt, self.dots, self.message, self.keys, self.no_pin):
            self.column.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        self.column.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignHCenter)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addLayout(self.column)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._tick)
        self.idle = InactivityWatcher(self, IDLE_SECONDS)
        self.idle.expired.connect(self.cancelled)
        self.reset()

    @staticmethod
    def _key(text: str, name: str, kind: str, touch: bool) -> QPushButton:
        button = staff_button(text, name, touch)
        button.setProperty("pinKey", kind)
        return button

    # ----- public -------------------------------------------------------------------------
    def reset(self) -> None:
        """Forget typed digits and messages; show keys, the lock or the no-PIN help."""
        self._digits = ""
        self._show_dots()
        self.message.clear()
        configured = has_pin(self._data_dir)
        self.keys.setVisible(configured)
        self.prompt.setVisible(configured)
        self.dots.setVisible(configured)
        self.message.setVisible(configured)
        self.no_pin.setVisible(not configured)
        self._tick()

    def is_locked(self) -> bool:
        return self._guard.locked_for() > 0

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Digits, Backspace (one digit), Enter (OK) and Escape (cancel) from a keyboard."""
        key, text = event.key(), event.text()
        if len(text) == 1 and text in "0123456789":
            if self.ok_button.isEnabled():
                self._type(text)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._submit()
        elif key == Qt.Key.Key_Backspace:
            self._digits = self._digits[:-1]
            self._show_dots()
        elif key == Qt.Key.Key_Escape and self._touch:
            self.cancelled.emit()
        else:
            super().keyPressEvent(event)

    # ----- typing -------------------------------------------------------------------------
    def _type(self, digit: str) -> None:
        self.key_tone.play()
        if len(self._digits) < MAX_DIGITS:
            self._digits += digit
        self.message.clear()
        self._show_dots()

    def _clear(self) -> None:
        self.key_tone.play()
        self._digits = ""
        self.message.clear()
        self._show_dots()

    def _show_dots(self) -> None:
        self.dots.setText(" ".join("●" * len(self._digits)))
        self.dots.setAccessibleName(DOTS_NAME.format(n=len(self._digits)))

    def _submit(self) -> None:
        pin, self._digits = self._digits, ""
        self._show_dots()
        if self.is_locked():
            self._tick()
            return
        if len(pin) < 4:
            self.message.setText(TOO_SHORT)
            return
        if self._guard.check(pin):
            record_safely(self._audit, "staff_login")
            self.message.clear()
            self.unlocked.emit()
            return
        record_safely(self._audit, "staff_login_failed", count=self._guard.failures)
        if self.is_locked():
            record_safely(self._audit, "staff_locked", count=self._guard.failures)
            self._tick()
        else:
            self.message.setText(WRONG)

    def _tick(self) -> None:
        """Show the lock and its countdown, or lift it once the guard allows tries again."""
        left = self._guard.locked_for()
        locked = left > 0
        for button in (*self.digit_keys, self.clear_button, self.ok_button):
            button.setEnabled(not locked)
        if locked:
            seconds = math.ceil(left)
            text = LOCKED_SECONDS if seconds < 120 else LOCKED_MINUTES
            self.message.setText(text.format(n=seconds if seconds < 120 else math.ceil(left / 60)))
            if not self._countdown.isActive():
                self._countdown.start()
        elif self._countdown.isActive():
            self._countdown.stop()
            self.message.clear()

    # ----- sizing -------------------------------------------------------------------------
    def _apply_metrics(self) -> None:
        metrics = metrics_for(self, self._touch)
        if metrics == self._metrics:
            return
        self._metrics = metrics
        self.setStyleSheet(staff_style(metrics))
        self.grid.setSpacing(metrics.gap)
        self.column.setSpacing(metrics.gap)
        self.dots.setMinimumHeight(round(metrics.heading * 1.6))
        self.message.setMinimumHeight(round(metrics.body * 2.8))  # room for 2 lines: no jumps
        for key in self.digit_keys:
            key.ensurePolished()  # so the new sizes (and the theme's borders) are known
        width = 3 * self.digit_keys[0].sizeHint().width() + 2 * metrics.gap
        for label in (self.title, self.prompt, self.message, self.no_pin):
            label.setFixedWidth(max(width, round(620 * metrics.scale)))
        self.dots.setFixedWidth(width)
        self.cancel_button.setMinimumWidth(width)
        set_icon(self.cancel_button, "fa5s.times", metrics)
