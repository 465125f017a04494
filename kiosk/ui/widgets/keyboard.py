"""On-screen keyboard for the patient form: big keys, one tap each, real key events.

Patients have no physical keyboard, stiff fingers and tired eyes, so every key is a large
QPushButton that never takes focus and types by sending the same QKeyEvents a physical
keyboard would: the field's validator, maxLength and the app's key handling stay in charge.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QPalette, QShowEvent
from PySide6.QtWidgets import QApplication, QPushButton, QSizePolicy, QWidget

from kiosk.ui.icons import Layer, layered_icon

MIN_KEY = 64  # px at 1080p, about 18 mm: the design's smallest touch target
MIN_FONT_PX = 28  # the design's smallest body text
# The design asks 16 px between touch targets; a keyboard gets 8 px instead. Its keys are
# equal, adjacent and harmless to miss (a wrong letter is one Backspace away), so the pixels
# serve patients better as key area than as gutter: 11 keys of >= 64 px still fit 1280 px
# with room to stretch. Gaps grow with key height (1/8 of it, never below 8 px).
MIN_GAP = 8
ROWS = 5  # every mode has the height of five letter rows, so the form never jumps

SHIFT, BKSP, HIDE, TO_SYMBOLS, TO_LETTERS = "<shift>", "<bksp>", "<hide>", "<123>", "<abc>"
_ACTIONS = {SHIFT, BKSP, HIDE, TO_SYMBOLS, TO_LETTERS}
_NAMES = {
    SHIFT: "Shift", BKSP: "Backspace", HIDE: "Hide keyboard", TO_SYMBOLS: "Numbers and symbols",
    TO_LETTERS: "Letters", " ": "Space", "@": "at sign", ".com": "dot com", ".": "dot",
    ",": "comma", "-": "hyphen", "_": "underscore", "'": "apostrophe", "+": "plus",
}
_OBJECT_NAMES = {SHIFT: "shiftKey", BKSP: "backspaceKey", HIDE: "hideKey",
                 TO_SYMBOLS: "modeKey", TO_LETTERS: "modeKey", " ": "spaceKey"}
_LABELS = {TO_SYMBOLS: "123", TO_LETTERS: "ABC", " ": ""}
_ICONS = {SHIFT: (Layer("fa5s.arrow-up"),), BKSP: (Layer("fa5s.backspace"),),
          HIDE: (Layer("fa5s.keyboard", 0.75, (0, -0.16)),  # a keyboard over a "down" chevron
                 Layer("fa5s.chevron-down", 0.5, (0, 0.3)))}

# Neutral default built only from palette roles, so it follows the app's QPalette. A widget's
# own style sheet beats inherited ones, so a themed app passes default_style=False and styles
# `#keyboard QPushButton[keyRole="char"]`, `[keyRole="action"]`, `#shiftKey:checked` etc.
# Icons take each key's `color`, and `selection-color` while checked (Shift on).
DEFAULT_STYLE = """
#keyboard { background: palette(window); }
#keyboard QPushButton { background: palette(base); color: palette(text); padding: 0;
  border: 2px solid palette(mid); border-radius: 12px; }
#keyboard QPushButton[keyRole="action"] { background: palette(button);
  color: palette(button-text); }
#keyboard QPushButton:pressed, #keyboard QPushButton:checked { background: palette(highlight);
  color: palette(highlighted-text); border-color: palette(highlight); }
"""

Spec = list[tuple[float, float, float, float, str]]  # row, column, width, height (in keys), key


def _row(r: int, x: float, keys: str | list[str], w: float = 1.0) -> Spec:
    """Keys side by side starting at column x."""
    return [(r, x + i * w, w, 1, k) for i, k in enumerate(keys)]


# mode -> (columns, rows, widest key in key heights, keys). Accents sit on their own row so
# Spanish names need one tap, not a long press.
_PAGES: dict[str, tuple[int, int, float, Spec]] = {
    "letters": (11, 5, 99, _row(0, 2, "áéíóúñü") + _row(1, 0, [*"qwertyuiop", BKSP])
                + _row(2, 0.5, "asdfghjkl'") + [(3, 0, 2, 1, SHIFT), *_row(3, 2, "zxcvbnm,.")]
                + [(4, 0, 2, 1, TO_SYMBOLS), (4, 2, 1, 1, "-"), (4, 3, 6, 1, " "),
                   (4, 9, 2, 1, HIDE)]),
    "symbols": (11, 4, 99, _row(0, 0, [*"1234567890", BKSP]) + _row(1, 0, ".,?!'\"-:;()")
                + _row(2, 0.5, "@#&*/+%=_$")
                + [(3, 0, 2, 1, TO_LETTERS), (3, 2, 7, 1, " "), (3, 9, 2, 1, HIDE)]),
    "email": (11, 5, 99, _row(0, 0, [*"1234567890", BKSP]) + _row(1, 0, "qwertyuiop-")
              + _row(2, 0.5, "asdfghjkl_") + [(3, 0, 2, 1, SHIFT), *_row(3, 2, "zxcvbnm'+")]
              + _row(4, 0, ["@", ".", ".com"], 3) + [(4, 9, 2, 1, HIDE)]),
    # A phone keypad stretched to 1920 px would be hard to scan: cap keys at 3 key heights.
    "phone": (4, 4, 3, _row(0, 0, "123") + _row(1, 0, "456") + _row(2, 0, "789")
              + [(3, 0, 1, 1, "+"), (3, 1, 2, 1, "0"), (0, 3, 1, 2, BKSP), (2, 3, 1, 2, HIDE)]),
}
_FONT_SCALE = {"phone": 1.3}


class _Page(QWidget):
    """One mode's keys, placed by hand so columns line up exactly across rows."""

    def __init__(self, kb: OnScreenKeyboard, mode: str) -> None:
        super().__init__(kb)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.cols, self.rows, self.max_w, spec = _PAGES[mode]
        self.keys = [((r, c, w, h), kb._make_key(k, self), k) for r, c, w, h, k in spec]

    def resizeEvent(self, event: QEvent) -> None:
        self.place()

    def place(self) -> None:
        kb = self.parent()
        assert isinstance(kb, OnScreenKeyboard)
        g, kh = kb.gap(), kb.key_height()
        unit = (self.width() - 2 * g - (self.cols - 1) * g) / self.cols
        unit = min(unit, self.max_w * kh)
        x0 = (self.width() - self.cols * unit - (self.cols - 1) * g) / 2
        h = (self.height() - 2 * g - (self.rows - 1) * g) / self.rows
        for (r, c, w, hs), button, _ in self.keys:
            left, top = x0 + c * (unit + g), g + r * (h + g)
            right, bottom = left + w * unit + (w - 1) * g, top + hs * h + (hs - 1) * g
            button.setGeometry(round(left), round(top), round(right) - round(left),
                               round(bottom) - round(top))


class OnScreenKeyboard(QWidget):
    """Touch keyboard typing into a target field; modes letters, symbols, phone, email."""

    hideRequested = Signal()
    keyPressed = Signal(str)  # typed text, "\b" for Backspace; patient data: never log it
    MODES = tuple(_PAGES)

    def __init__(self, parent: QWidget | None = None, *, default_style: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("keyboard")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        if default_style:
            self.setStyleSheet(DEFAULT_STYLE)
        self._target: QWidget | None = None
        self._shift = self._auto_cap = False
        self._key_h = MIN_KEY
        self._letters: list[tuple[QPushButton, str]] = []
        self._icon_keys: list[tuple[QPushButton, tuple[Layer, ...]]] = []
        self._shift_keys: list[QPushButton] = []
        self._pages: dict[str, _Page] = {}
        self._mode = ""
        self.set_mode("letters")

    # --- public API -------------------------------------------------------------------
    def mode(self) -> str:
        return self._mode

    def set_mode(self, mode: str) -> None:
        """Show another layout; pages are built once and kept, so switching is instant."""
        if mode not in _PAGES:
            raise ValueError(f"unknown keyboard mode {mode!r}; expected one of {self.MODES}")
        if mode not in self._pages:
            self._pages[mode] = _Page(self, mode)
        self._mode = mode
        for name, page in self._pages.items():
            page.setVisible(name == mode)
        self._apply_metrics()

    def target(self) -> QWidget | None:
        return self._target

    def set_target(self, widget: QWidget | None) -> None:
        """Type into widget from now on (None: keys do nothing); shift starts off."""
        if self._target is not None and shiboken6.isValid(self._target):
            self._target.destroyed.disconnect(self._forget_target)
        self._target = widget
        if widget is not None:
            widget.destroyed.connect(self._forget_target)
        self._set_shift(False)
        self._auto_shift()

    def set_auto_capitalize(self, on: bool) -> None:
        """For names: shift turns itself on at the start of the field and after a space."""
        self._auto_cap = on
        self._set_shift(False)
        self._auto_shift()

    def is_shifted(self) -> bool:
        return self._shift

    def reset(self) -> None:
        """Forget the field and state so the next patient sees nothing of the last one."""
        self.set_target(None)
        self._set_shift(False)
        self.set_mode("letters")

    def key_height(self) -> int:
        return self._key_h

    def set_key_height(self, px: int) -> None:
        """Scale keys, gaps, fonts and icons to the screen; never below 64 px."""
        self._key_h = max(MIN_KEY, int(px))
        self._apply_metrics()

    def gap(self) -> int:
        return max(MIN_GAP, self._key_h // 8)

    # --- internals --------------------------------------------------------------------
    def _make_key(self, key: str, parent: QWidget) -> QPushButton:
        button = QPushButton(_LABELS.get(key, key.replace("&", "&&")), parent)  # && shows &
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the field keeps focus and cursor
        button.setAutoDefault(False)
        button.setObjectName(_OBJECT_NAMES.get(key, "charKey"))
        button.setProperty("keyRole", "action" if key in _ACTIONS else "char")
        button.setAccessibleName(_NAMES.get(key, key))
        if key in _ICONS:
            button.setText("")
            self._icon_keys.append((button, _ICONS[key]))
        if key == SHIFT:
            button.setCheckable(True)
            self._shift_keys.append(button)
        if len(key) == 1 and key.isalpha():
            self._letters.append((button, key))
        button.clicked.connect(lambda _=False, k=key: self._press(k))
        return button

    def _press(self, key: str) -> None:
        if key == SHIFT:
            self._set_shift(not self._shift)
        elif key == HIDE:
            self.hideRequested.emit()
        elif key in (TO_SYMBOLS, TO_LETTERS):
            self.set_mode("symbols" if key == TO_SYMBOLS else "letters")
        elif key == BKSP:
            self._send(Qt.Key.Key_Backspace.value, "")
            self._auto_shift()
        else:
            text = key.upper() if self._shift and len(key) == 1 else key
            for ch in text:
                self._send(Qt.Key.Key_Space.value if ch == " " else ord(ch.upper()), ch)
            self._set_shift(False)
            self._auto_shift()

    def _send(self, code: int, text: str) -> None:
        """Deliver a press and release exactly as a physical keyboard would."""
        target = self._target
        if target is None or not shiboken6.isValid(target):
            self._target = None
            return
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(target, QKeyEvent(kind, code, Qt.KeyboardModifier.NoModifier,
                                                     text))
        self.keyPressed.emit(text or "\b")

    def _forget_target(self, _obj: QObject | None = None) -> None:
        self._target = None

    def _auto_shift(self) -> None:
        if not self._auto_cap or self._target is None or not shiboken6.isValid(self._target):
            return
        before = self._target.inputMethodQuery(Qt.InputMethodQuery.ImTextBeforeCursor)
        before = str(before or "")
        self._set_shift(before == "" or before.endswith(" "))

    def _set_shift(self, on: bool) -> None:
        self._shift = on
        for button in self._shift_keys:
            button.setChecked(on)
        for button, ch in self._letters:
            shown = ch.upper() if on else ch
            button.setText(shown)
            button.setAccessibleName(shown)

    def _apply_metrics(self) -> None:
        kh, g = self._key_h, self.gap()
        self.setFixedHeight(ROWS * kh + (ROWS + 1) * g)
        page = self._pages[self._mode]
        self.setMinimumWidth(page.cols * MIN_KEY + (page.cols + 1) * g)
        for mode, p in self._pages.items():
            px = max(MIN_FONT_PX, kh * 0.44) * _FONT_SCALE.get(mode, 1)
            for _, button, key in p.keys:  # per key: style sheets stop font propagation
                # Thin marks such as ' , . get a bigger font so weak eyes can find them.
                thin = len(key) == 1 and not key.isalnum() and not key.isspace()
                font = QFont()  # only the size is set: family and weight come from the app
                font.setPixelSize(round(px * (1.35 if thin else 1)))
                button.setFont(font)
                icon = round(px * (1.9 if key == HIDE else 1.3))
                button.setIconSize(QSize(icon, icon))
        if self.isVisible():
            self._refresh_icons()
        page.setGeometry(self.rect())
        page.place()

    def _refresh_icons(self) -> None:
        """Paint icons in the key's own text colour, which the app's style sheet may set."""
        for button, layers in self._icon_keys:
            button.ensurePolished()
            pal = button.palette()
            button.setIcon(layered_icon(layers, pal.color(QPalette.ColorRole.ButtonText),
                                        pal.color(QPalette.ColorRole.HighlightedText)))

    def resizeEvent(self, event: QEvent) -> None:
        self._pages[self._mode].setGeometry(self.rect())

    def showEvent(self, event: QShowEvent) -> None:
        self._refresh_icons()  # the style sheets that apply are only known once placed
        super().showEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        restyled = event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange)
        if restyled and self.isVisible():
            self._refresh_icons()
        super().changeEvent(event)
