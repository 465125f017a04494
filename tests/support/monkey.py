"""A seeded monkey for the real kiosk window: random taps, swipes, keys and idle timeouts.

A lobby kiosk is poked all day by strangers; this drives the same window the kiosk shows,
through Qt's own input path (QTest events enter at the window, so overlays, the idle
watcher, the swipe detector and the kinetic scroll filters all see them), and checks the
invariants that must survive any sequence of input. Everything random comes from one
`random.Random(seed)`, so a failure replays from its seed.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import random
import sqlite3
import string
import sys
import traceback
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QPushButton, QWidget

from kiosk.requests.model import ConsultationRequest, ValidRequest
from kiosk.requests.store import RequestStore
from kiosk.session import FORM, THANKS
from kiosk.ui.theme import TEXT_LEVELS
from kiosk.ui.window import KioskWindow
from tests.support.speech import BilingualMock
from tests.support.typing import press_keys

Modifier = Qt.KeyboardModifier
# Physical keys a stranger can reach on a kiosk with a keyboard plugged in.
KEYS = [
    *(getattr(Qt.Key, f"Key_{c}") for c in string.ascii_uppercase),
    *(getattr(Qt.Key, f"Key_{d}") for d in string.digits),
    Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Return, Qt.Key.Key_Enter,
    Qt.Key.Key_Backspace, Qt.Key.Key_Escape, Qt.Key.Key_Space, Qt.Key.Key_Left,
    Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageDown, Qt.Key.Key_Delete,
]  # fmt: skip
# Always-visible top-bar tools that restyle the whole window (~0.2 s each at 1080p). Picked
# uniformly among the visible buttons they would be tapped every few events, far more than
# a patient does and at the cost of most of the run time; a second draw lowers their share.
RESTYLING = frozenset({"textSizeButton", "contrastButton"})
# What a patient might type into a field: (valid answers, near misses and hostile text).
# Valid answers come more often, so complete requests really get sent.
FIELD_TEXT = {
    "name": (["Ana Monkey", "José Núñez", "O'Brien-Smith", "مريم\u200f أحمد"], ["", "x" * 120]),
    "phone": (["2125552368", "(212) 555-2368", "+1 212 555 2368"], ["555", "abc", ""]),
    "email": (["", "ana@example.com", "josé@example.org"], ["no-at-sign", "a@b"]),
    "note": (["", "Back pain when walking", "=HYPERLINK(\"http://x\")",
              "'); DROP TABLE requests;--", "\u202egnp.exe"], ["n" * 400]),
}  # fmt: skip


def rss_bytes() -> int:
    """Resident set size now (Linux /proc; 0 elsewhere, which disables the memory check)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE")


class ConsentSpyStore:
    """Wraps the real store and notes, at each `add`, whether the consent box was ticked.

    Looking at the box itself (not the draft) checks the whole path: the UI must never
    reach the store unless the patient ticked consent on screen.
    """

    def __init__(self, store: RequestStore) -> None:
        self._store = store
        self.consent_box: QAbstractButton | None = None
        self.adds: list[bool] = []

    def add(self, request: ValidRequest) -> ConsultationRequest:
        assert self.consent_box is not None
        self.adds.append(self.consent_box.isChecked())
        return self._store.add(request)

    def __getattr__(self, name: str) -> object:
        return getattr(self._store, name)


@dataclass
class MonkeyFailure:
    """An exception seen while the monkey ran, without locals (they may hold typed text)."""

    event: int
    action: str
    kind: str
    where: list[str]


@dataclass
class Monkey:
    """Drives `window` with random input; `allow_consent=False` keeps it off the consent box."""

    window: KioskWindow
    rng: random.Random
    allow_consent: bool = True
    counts: Counter[str] = field(default_factory=Counter)
    recent: deque[str] = field(default_factory=lambda: deque(maxlen=40))
    failures: list[MonkeyFailure] = field(default_factory=list)
    event: int = 0

    def __post_init__(self) -> None:
        self.keyboard_keys = self.window.form.keyboard.findChildren(QPushButton)
        self.actions: list[tuple[int, Callable[[], str]]] = [
            (30, self.tap_point),
            (20, self.tap_button),
            (8, self.swipe),
            (15, self.keyboard_key),
            (10, self.physical_key),
            (6, self.type_into_field),
            (3, self.idle_timeout),
            (1, self.staff_shortcut),
            (2, self.complete_form),
        ]
        self._weights = [weight for weight, _ in self.actions]
        # On the form a patient mostly types and taps the form's own controls.
        self._form_weights = [
            weight * 3 if action in (self.type_into_field, self.tap_button) else weight
            for weight, action in self.actions
        ]

    # ----- exceptions -----------------------------------------------------------------------
    def hook(self, previous: Callable[..., object]) -> Callable[..., None]:
        """A sys.excepthook that records where (type and file:line, never the message)
        and then hands the exception on to `previous` (pytest-qt's capture)."""

        def record(kind: type[BaseException], value: BaseException, tb: TracebackType | None):
            frames = [f"{f.filename}:{f.lineno} in {f.name}" for f in traceback.extract_tb(tb)]
            self.failures.append(MonkeyFailure(self.event, self._last, kind.__name__, frames))
            previous(kind, value, tb)

        return record

    # ----- driving --------------------------------------------------------------------------
    def step(self) -> str:
        """One random input event, then let Qt process what it caused."""
        self.event += 1
        weights = self._form_weights if self.window.session.page == FORM else self._weights
        (action,) = self.rng.choices([a for _, a in self.actions], weights)
        self._last = action.__name__
        done = action()
        let_qt_run()
        self.counts[done.split(" ", 1)[0]] += 1
        self.recent.append(f"{self.event}: {done}")
        if not self.allow_consent:
            assert not self.window.form.consent.isChecked(), f"consent ticked by {done}"
        return done

    def _point(self) -> QPoint:
        width, height = self.window.width(), self.window.height()
        return QPoint(self.rng.randrange(width), self.rng.randrange(height))

    def _target(self, point: QPoint) -> QWidget:
        return self.window.childAt(point) or self.window

    def _forbidden(self, widget: QWidget | None) -> bool:
        """In the no-consent phase, the consent row (box or its words) is off limits."""
        if self.allow_consent or widget is None:
            return False
        row = self.window.form.consent_row
        return widget is row or row.isAncestorOf(widget)

    def _click_at(self, point: QPoint) -> str:
        target = self._target(point)
        if self._forbidden(target):
            return "skip consent"
        QTest.mouseClick(
            target,
            Qt.MouseButton.LeftButton,
            Modifier.NoModifier,
            target.mapFrom(self.window, point),
        )
        return f"tap {target.objectName() or type(target).__name__}@{point.x()},{point.y()}"

    def tap_point(self) -> str:
        return self._click_at(self._point())

    def tap_button(self) -> str:
        """Tap the middle of a random visible button: random points alone rarely reach the
        form's Send button or a tick box, and the interesting states lie behind them."""
        on_form = self.window.session.page == FORM and self.rng.random() < 0.5
        scope = self.window.form if on_form else self.window  # the form's buttons lead further
        buttons = [
            b for b in scope.findChildren(QAbstractButton)
            if b.isVisible() and b.isEnabled() and b not in self.keyboard_keys
        ]  # fmt: skip
        if not buttons:
            return self.tap_point()
        button = self.rng.choice(buttons)
        if button.objectName() in RESTYLING and self.rng.random() < 0.75:
            button = self.rng.choice(buttons)  # see RESTYLING
        if on_form and button.visibleRegion().isEmpty():
            self.window.form.scroll.ensureWidgetVisible(button)  # the patient scrolls first
        return self._click_at(button.mapTo(self.window, button.rect().center()))

    def swipe(self) -> str:
        """Press, a few moves, release: horizontal flicks between screens or vertical drags."""
        start = self._point()
        target = self._target(start)
        if self._forbidden(target):
            return "skip consent"
        horizontal = self.rng.random() < 0.6
        dx = self.rng.randint(-600, 600) if horizontal else self.rng.randint(-40, 40)
        dy = self.rng.randint(-40, 40) if horizontal else self.rng.randint(-700, 700)
        local = target.mapFrom(self.window, start)
        QTest.mousePress(target, Qt.MouseButton.LeftButton, Modifier.NoModifier, local)
        steps = self.rng.randint(1, 5)
        for i in range(1, steps + 1):
            QTest.mouseMove(target, local + QPoint(dx * i // steps, dy * i // steps))
        QTest.mouseRelease(
            target, Qt.MouseButton.LeftButton, Modifier.NoModifier, local + QPoint(dx, dy)
        )
        return f"swipe {dx},{dy}"

    def keyboard_key(self) -> str:
        keys = [k for k in self.keyboard_keys if k.isVisible()]
        if not keys:
            return self.tap_point()
        key = self.rng.choice(keys)
        QTest.mouseClick(key, Qt.MouseButton.LeftButton)
        return f"osk {key.objectName()}"

    def physical_key(self) -> str:
        target = QApplication.focusWidget() or self.window
        key = self.rng.choice(KEYS)
        if self._forbidden(target) and key in (Qt.Key.Key_Space, Qt.Key.Key_Select):
            return "skip consent"
        modifier = Modifier.ShiftModifier if self.rng.random() < 0.1 else Modifier.NoModifier
        QTest.keyClick(target, key, modifier)
        return f"key {key.name}"

    def type_into_field(self) -> str:
        """A patient on the form taps a field and types an answer (valid or not)."""
        if self.window.session.page != FORM:
            request = self.window.request_button
            if request.isVisible() and not self.window.idle_warning.isVisible():
                return self._click_at(request.mapTo(self.window, request.rect().center()))
            return self.tap_point()
        name = self.rng.choice(list(FIELD_TEXT))
        edit = self.window.form.fields[name]
        if not edit.isVisible():
            return "skip hidden"
        self.window.form.scroll.ensureWidgetVisible(edit)
        QTest.mouseClick(edit, Qt.MouseButton.LeftButton, Modifier.NoModifier, QPoint(4, 4))
        if self.rng.random() < 0.8:
            edit.selectAll()  # typed over, so a valid answer can stay valid
        valid, invalid = FIELD_TEXT[name]
        press_keys(edit, self.rng.choice(valid if self.rng.random() < 0.75 else invalid))
        return f"type {name}"

    def complete_form(self) -> str:
        """A patient fills the form properly and taps Send, ticking consent only sometimes:
        random taps alone almost never produce a valid request, and the consent rule is
        only tested if valid requests without consent reach the Send button too."""
        if self.window.session.page != FORM:
            return self.type_into_field()  # taps "Request a consultation" first
        form = self.window.form
        for name, text in (("name", "Ana Monkey"), ("phone", "2125552368"), ("email", "")):
            form.fields[name].setFocus()
            form.fields[name].selectAll()
            press_keys(form.fields[name], text)
            form.fields[name].end(False)
        QApplication.processEvents()  # the field scrolls into view after the keyboard shows
        for key in self.keyboard_keys:
            if key.isVisible() and key.objectName() == "hideKey":
                QTest.mouseClick(key, Qt.MouseButton.LeftButton)  # done typing: room to scroll
                break
        tick = self.allow_consent and self.rng.random() < 0.5
        for target in ([form.consent] if tick != form.consent.isChecked() else []) + [
            form.submit_button
        ]:
            form.scroll.ensureWidgetVisible(target)
            QApplication.processEvents()
            if target.visibleRegion().isEmpty():
                return "form hidden"
            if self._forbidden(target):
                return "skip consent"
            QTest.mouseClick(target, Qt.MouseButton.LeftButton)
        return f"form sent consent={form.consent.isChecked()}"

    def idle_timeout(self) -> str:
        """The idle time runs out; sometimes nobody answers the warning either."""
        self.window.idle.fire_now()
        warning = self.window.idle_warning
        if warning.isVisible() and self.rng.random() < 0.5:
            for _ in range(warning.remaining + 1):  # the real countdown, tick by tick
                if not warning.isVisible():
                    break
                warning._count_down()
            return "idle expired"
        return "idle warning"

    def staff_shortcut(self) -> str:
        target = QApplication.focusWidget() or self.window
        QTest.keyClick(target, Qt.Key.Key_S, Modifier.ControlModifier | Modifier.AltModifier)
        return "staff shortcut"

    def warm_up(self) -> None:
        """Show every page, the form with each keyboard, the idle warning, the thank-you and
        the staff layer once in every text size, theme and language, so that Qt's caches
        (fonts at each size, style sheets, icons) are filled before memory is measured.
        Restyling the window is the slow part (~0.2 s), so each style is set only once."""
        window, form = self.window, self.window.form
        first = window.content.screens[1].id
        languages = [language.code for language in window.content.languages]
        for high_contrast in (False, True):
            window.start_over()
            window.set_high_contrast(high_contrast)
            for level in range(len(TEXT_LEVELS)):
                if level:
                    window.next_text_level()
                for language in languages:
                    window.set_language(language)
                    window.show_page(first)
                    while window.session.page != FORM:
                        window.go_next()
                        QApplication.processEvents()
                    for edit in form.fields.values():
                        form.scroll.ensureWidgetVisible(edit)
                        edit.setFocus()
                        QApplication.processEvents()
                    form.keyboard.set_mode("symbols")
                    window.idle.fire_now()
                    QApplication.processEvents()
                    window.idle_warning.cancel()
                    window.show_page(THANKS)
                    QApplication.processEvents()
            window.open_staff_area()
            QApplication.processEvents()
            window.close_staff_area()
        self.back_to_attract()

    # ----- checks ---------------------------------------------------------------------------
    def back_to_attract(self) -> None:
        """The way out always works: leave the staff layer by its Cancel, then start over;
        the attract screen shows and nothing of the last patient is left."""
        window = self.window
        if window.staff.isVisible():
            cancel = window.staff.pin_pad.cancel_button
            assert cancel.isVisible(), "staff layer open with no visible way out"
            QTest.mouseClick(cancel, Qt.MouseButton.LeftButton)
            QApplication.processEvents()
            assert not window.staff.isVisible(), "Cancel did not close the staff layer"
        window.start_over()
        QApplication.processEvents()
        BilingualMock.said.clear()  # it would grow for the whole run
        assert window.screens.currentWidget() is window.attract, self.describe()
        assert window.screens.currentWidget().objectName() == "screen_attract"
        assert not window.idle_warning.isVisible()
        assert all(edit.text() == "" for edit in window.form.fields.values()), "draft survived"
        assert not window.form.consent.isChecked()

    def describe(self) -> str:
        return "last events:\n  " + "\n  ".join(self.recent)


def let_qt_run() -> None:
    """What one turn of the kiosk's event loop does: handle posted events and timers, and
    delete the objects given to deleteLater(). processEvents() alone never deletes them, so
    without the second call a long run piles up every widget the kiosk replaced (the staff
    area rebuilds its export buttons on each opening: ~19 kB) and looks like a leak."""
    QApplication.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def stored_count(db: Path) -> int:
    """Rows in the request table, read with a separate connection (what is on disk)."""
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM requests").fetchone()[0])


def settle() -> None:
    """Make RSS samples compare like with like: collect garbage, forget what the mock speech
    engine recorded, and hand freed heap memory back to the system (glibc only). Qt's caches
    are NOT emptied: a cache that keeps growing is exactly what the sample must show (the
    pixmap cache is bounded at 3 MB by kiosk.ui.app.application)."""
    BilingualMock.said.clear()  # the test engine's record of everything read aloud
    gc.collect()
    let_qt_run()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def install_hook(monkey: Monkey) -> Callable[..., object]:
    """Chain the monkey's recorder in front of the current sys.excepthook; returns the old."""
    previous = sys.excepthook
    sys.excepthook = monkey.hook(previous)
    return previous
