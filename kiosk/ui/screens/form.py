"""The opt-in consultation request form, typed on the in-app keyboard.

Nothing is stored until the patient ticks consent and the store has committed the request;
if saving fails the answers stay on screen and the patient is asked to see the front desk.
Until the patient taps a contact method, the choice follows what they typed (email when
they gave only an address), so nobody is told to change a choice they never made.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QButtonGroup,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.content.model import Content, Theme
from kiosk.requests.model import BestTime, ContactMethod, RequestDraft
from kiosk.requests.store import RequestStore, StoreError
from kiosk.requests.validation import (
    EMAIL_MAX,
    NAME_MAX,
    NOTE_MAX,
    auto_contact_method,
    expected_digits,
    validate,
)
from kiosk.ui.accessibility import announce
from kiosk.ui.icons import icon
from kiosk.ui.screens.page import Page
from kiosk.ui.speech import speech_text
from kiosk.ui.theme import Metrics
from kiosk.ui.widgets.keyboard import OnScreenKeyboard
from kiosk.ui.widgets.kinetic_scroll import KineticScrollArea
from kiosk.ui.widgets.labels import wrapping_label
from kiosk.ui.widgets.private_edit import PrivateLineEdit
from kiosk.ui.widgets.urgent_notice import UrgentNotice
from kiosk.ui.widgets.wrapping_check import WrappingCheck

log = logging.getLogger(__name__)

RELAYOUT = (QEvent.Type.Resize, QEvent.Type.LayoutRequest)
CHOICE_GAP = 16  # px between choice buttons: the design's smallest gap between targets
# field name -> (object name from the testing contract, keyboard mode, auto-capitalise)
FIELDS = {
    "name": ("nameField", "letters", True),
    "phone": ("phoneField", "phone", False),
    "email": ("emailField", "email", False),
    "note": ("noteField", "letters", True),
}


class Choice(QWidget):
    """Big toggle buttons, exactly one checked (no tiny radio circles), in as many columns
    as fit: four Spanish choices at the largest text need two rows on a portrait screen.

    The chosen one is drawn inverted with a thick border and a tick in a circle; the others
    show an empty circle: the choice reads from the shapes, not only from the colours.
    """

    def __init__(self, object_name: str, values: list[str]) -> None:
        super().__init__()
        self.setObjectName(object_name)
        self._theme: Theme | None = None
        self.group = QButtonGroup(self)
        self.group.buttonToggled.connect(self._paint_marks)
        self.buttons: dict[str, QPushButton] = {}
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(CHOICE_GAP)
        self._columns = 0
        for value in values:
            button = QPushButton()
            button.setObjectName(f"{object_name}_{value}")
            button.setCheckable(True)
            button.setProperty("choice", True)
            self.group.addButton(button)
            self.buttons[value] = button
        self._place(len(values))
        self.reset()

    def _place(self, columns: int) -> None:
        """Buttons row by row; an empty last column takes the spare width."""
        if columns == self._columns:
            return
        self._columns = columns
        for button in self.buttons.values():
            self.grid.removeWidget(button)
        for index, button in enumerate(self.buttons.values()):
            self.grid.addWidget(button, index // columns, index % columns)
        for column in range(len(self.buttons) + 1):
            self.grid.setColumnStretch(column, 1 if column == columns else 0)

    def _fit(self) -> None:
        widest = max(button.sizeHint().width() for button in self.buttons.values())
        fitting = (self.width() + CHOICE_GAP) // (widest + CHOICE_GAP)
        self._place(max(1, min(len(self.buttons), fitting)))

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # new words or a new text size
            self._fit()
        return super().event(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def value(self) -> str:
        return next(v for v, b in self.buttons.items() if b.isChecked())

    def set_value(self, value: str) -> None:
        self.buttons[value].setChecked(True)

    def reset(self) -> None:
        next(iter(self.buttons.values())).setChecked(True)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self._paint_marks()

    def _paint_marks(self) -> None:
        theme = self._theme
        if theme is None:
            return
        for button in self.buttons.values():
            if button.isChecked():  # drawn inverted: background colour on text colour
                button.setIcon(icon("fa5s.check-circle", theme.background))
            else:
                button.setIcon(icon("fa5.circle", theme.primary))


class FormScreen(Page):
    """Fields, error labels, consent and the send button, above a docked keyboard."""

    submitted = Signal(str)  # the reference code of the request just saved
    typing = Signal()  # the keyboard opened or closed: the window makes room for it
    warning_signs_requested = Signal()
    errors_shown = Signal(list)  # the messages of a failed send, in screen order (list[str])

    def __init__(self, content: Content, store: RequestStore, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("screen_form")
        self.content = content
        self.store = store
        self._language = content.default_language
        self._self_check: tuple[str, ...] = ()
        self._method_chosen = False  # the patient tapped a contact method themselves

        self.title = wrapping_label("title")
        self.intro = wrapping_label("body")
        self.labels: dict[str, QLabel] = {}
        self.fields: dict[str, PrivateLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        body = QWidget()
        self.body_layout = QVBoxLayout(body)
        self.urgent = UrgentNotice(content)
        self.urgent.warning_signs_requested.connect(self.warning_signs_requested)
        self.body_layout.addWidget(self.urgent)
        self.body_layout.addWidget(self.intro)
        for field, (object_name, _mode, _caps) in FIELDS.items():
            self._add_text_field(field, object_name)
            if field == "email":
                self._add_choices()
        self.include_row = WrappingCheck("includeSelfCheck")
        self.consent_row = WrappingCheck("consentCheck")
        self.include_self_check = self.include_row.box
        self.consent = self.consent_row.box
        self.body_layout.addWidget(self.include_row)
        self.body_layout.addWidget(self.consent_row)
        self.errors["consent"] = self._error_label("consentError")
        self.submit_button = QPushButton()
        self.submit_button.setObjectName("submitButton")
        self.submit_button.setProperty("primary", True)
        self.submit_button.clicked.connect(self.submit)
        self.body_layout.addWidget(self.submit_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.save_error = self._error_label("saveError")
        self.body_layout.addStretch(1)
        self.scroll = KineticScrollArea(body)
        body.installEventFilter(self)  # its new layouts: `eventFilter`
        self._reveal_timer = QTimer(self, singleShot=True, interval=0, timeout=self._reveal)

        self.keyboard = OnScreenKeyboard(default_style=False)
        self.keyboard.hideRequested.connect(self.hide_keyboard)
        self.keyboard.hide()
        self._low = self._portrait = False
        self.arrangement = QBoxLayout(QBoxLayout.Direction.TopToBottom, self)
        self.arrangement.addWidget(self.title)
        self.arrangement.addWidget(self.scroll, 1)
        self.arrangement.addWidget(self.keyboard)
        QApplication.instance().focusChanged.connect(self._on_focus_changed)
        self.set_language(self._language)

    # ----- building -------------------------------------------------------------------------
    def _add_text_field(self, field: str, object_name: str) -> None:
        label = wrapping_label("body")
        edit = PrivateLineEdit()  # nothing typed here may leave it, nor outlive the visit
        edit.setObjectName(object_name)
        edit.setMaxLength({"name": NAME_MAX, "note": NOTE_MAX}.get(field, EMAIL_MAX))
        edit.textEdited.connect(lambda _text, f=field: self._clear_error(f))
        if field in ("phone", "email"):
            edit.textChanged.connect(self._follow_contact)
        label.setBuddy(edit)
        self.labels[field] = label
        self.fields[field] = edit
        self.body_layout.addWidget(label)
        self.body_layout.addWidget(edit)
        self.errors[field] = self._error_label(f"{field}Error")

    def _add_choices(self) -> None:
        self.contact_label = wrapping_label("body")
        self.contact = Choice("contactChoice", [m.value for m in ContactMethod])
        self.time_label = wrapping_label("body")
        self.contact.group.buttonClicked.connect(self._choose_method)
        self.best_time = Choice("timeChoice", [t.value for t in BestTime])
        for widget in (self.contact_label, self.contact, self.time_label, self.best_time):
            self.body_layout.addWidget(widget)

    def _error_label(self, object_name: str) -> QLabel:
        label = wrapping_label("error")
        label.setObjectName(object_name)
        label.hide()
        self.body_layout.addWidget(label)
        return label

    # ----- language and reset ---------------------------------------------------------------
    def set_language(self, language: str) -> None:
        """Relabel everything; typed text stays, error messages are re-worded."""
        self._language = language
        text = self.content.form_text
        self.title.setText(text("title", language))
        self.intro.setText(text("intro", language))
        self.urgent.set_language(language)
        for field in FIELDS:
            key = f"{field}_label"
            label = text(key, language, max=NOTE_MAX) if field == "note" else text(key, language)
            self.labels[field].setText(label)
            self.fields[field].setAccessibleName(label)
        self.contact_label.setText(text("contact_label", language))
        for value, button in self.contact.buttons.items():
            button.setText(text(f"contact_{value}", language))
        self.time_label.setText(text("time_label", language))
        for value, button in self.best_time.buttons.items():
            button.setText(text(f"time_{value}", language))
        self.include_row.set_text(text("include_self_check", language))
        self.consent_row.set_text(text("consent", language))
        self.scroll.set_hint_text(self.content.ui_text("scroll_hint", language))
        self.submit_button.setText(text("submit", language))
        self.save_error.setText(text("save_failed", language))
        for field, label in self.errors.items():
            code = label.property("code")
            if code:
                self._show_error(field, code)

    def set_low(self, low: bool) -> None:
        self._low = low
        self._arrange()

    def set_portrait(self, portrait: bool) -> None:
        self._portrait = portrait
        self._arrange()

    def set_theme(self, theme: Theme) -> None:
        self.urgent.set_theme(theme)
        self.contact.set_theme(theme)
        self.best_time.set_theme(theme)
        for row in (self.include_row, self.consent_row):
            row.set_tick_colour(theme.on_primary)

    def spoken_text(self) -> str:
        """The heading, the warning-signs note and what the form is for; the fields speak
        for themselves."""
        text = self.content.form_text
        language = self._language
        return speech_text([text("title", language), self.urgent.text(), text("intro", language)])

    def spoken_label(self, field: str) -> str:
        """A field's label, and its error when one is shown (listening mode)."""
        error = self.errors[field]
        return speech_text([self.labels[field].text(), error.text() if error.isVisibleTo(self)
                            else ""])  # fmt: skip

    def set_self_check(self, ticked_texts: tuple[str, ...]) -> None:
        """The self-check answers the patient may choose to attach."""
        self._self_check = ticked_texts
        self.include_self_check.setEnabled(bool(ticked_texts))
        if not ticked_texts:
            self.include_self_check.setChecked(False)

    def reset(self) -> None:
        """Wipe every field, choice, error and the keyboard's state."""
        for edit in self.fields.values():
            edit.wipe()
        self.contact.reset()
        self._method_chosen = False
        self.best_time.reset()
        self.include_self_check.setChecked(False)
        self.consent.setChecked(False)
        for field in self.errors:
            self._clear_error(field)
        self.save_error.hide()
        self._self_check = ()
        self.hide_keyboard()
        self.keyboard.reset()
        self.scroll.scroll_to_top()

    # ----- contact method ------------------------------------------------------------------
    def _choose_method(self) -> None:
        self._method_chosen = True
        for field in ("phone", "email"):  # a "you chose…" message is out of date now
            if self.errors[field].property("code") in ("phone_required", "email_required"):
                self._clear_error(field)

    def _follow_contact(self) -> None:
        """Show the method validation will use, until the patient picks one."""
        if not self._method_chosen:
            phone, email = self.fields["phone"].text(), self.fields["email"].text()
            self.contact.set_value(auto_contact_method(phone, email).value)

    # ----- keyboard -------------------------------------------------------------------------
    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        field = next((f for f, edit in self.fields.items() if edit is new), None)
        if field is None or not self.isVisible():
            return
        _object_name, mode, caps = FIELDS[field]
        self.keyboard.set_target(new)
        self.keyboard.set_mode(mode)
        self.keyboard.set_auto_capitalize(caps)
        self._show_keyboard(True)
        # After the keyboard has taken its space, bring the field and its error into view.
        self._reveal_timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The fields move while the keyboard arranges itself, after the first reveal (lowered
        controls put them beside it, where their words wrap anew): reveal again once settled."""
        if watched is self.scroll.widget() and event.type() in RELAYOUT:
            self._reveal_timer.start()
        return False

    def _reveal(self) -> None:
        """The field being typed in above all, then its label, then its error, as far as
        the room allows."""
        target = self.keyboard.target()
        field = next((f for f, edit in self.fields.items() if edit is target), None)
        if field is None or not self.is_typing():
            return
        error = self.errors[field]
        shown = [error] if not error.isHidden() else []  # a hidden label's place is stale
        for widget in [*shown, self.labels[field], self.fields[field]]:
            # Whole: ensureWidgetVisible would settle for a field's text cursor.
            middle = widget.mapTo(self.scroll.widget(), widget.rect().center())
            self.scroll.ensureVisible(middle.x(), middle.y(), 0, widget.height() // 2 + 8)

    def _show_keyboard(self, visible: bool) -> None:
        """While typing, the keyboard takes the title's place (and the window's top bar):
        at 1280×800 with the largest text the field and its error need that height."""
        self.keyboard.setVisible(visible)
        self.title.setVisible(not visible)
        self._arrange()
        self.typing.emit()

    def _arrange(self) -> None:
        """With the controls lowered on a landscape screen the fields sit beside the keyboard:
        above it they would be in the upper half (at 1280×800 the keys take 368 of its 400 px)."""
        beside = self._low and self.is_typing() and not self._portrait
        direction = QBoxLayout.Direction
        self.arrangement.setDirection(direction.LeftToRight if beside else direction.TopToBottom)
        # Beside them it shares the width and sits at the bottom, where the hand is.
        self.arrangement.setStretchFactor(self.keyboard, 1 if beside else 0)
        bottom = Qt.AlignmentFlag.AlignBottom if beside else Qt.AlignmentFlag(0)
        self.arrangement.setAlignment(self.keyboard, bottom)

    def is_typing(self) -> bool:
        return not self.keyboard.isHidden()

    def hide_keyboard(self) -> None:
        self._show_keyboard(False)
        self.keyboard.set_target(None)

    def set_metrics(self, metrics: Metrics) -> None:
        """The keyboard's keys grow with the screen, as the staff keyboards' do (at 4K they
        stayed 64 px: a quarter of the size they were meant to be)."""
        self.keyboard.set_key_height(metrics.key_height)

    # ----- submitting -----------------------------------------------------------------------
    def draft(self) -> RequestDraft:
        return RequestDraft(
            name=self.fields["name"].text(),
            phone=self.fields["phone"].text(),
            email=self.fields["email"].text(),
            contact_method=self.contact.value() if self._method_chosen else "",
            best_time=self.best_time.value(),
            note=self.fields["note"].text(),
            include_self_check=self.include_self_check.isChecked(),
            self_check=self._self_check,
            consent=self.consent.isChecked(),
            language=self._language,
        )

    def submit(self) -> None:
        """Validate; save only with consent; say what to fix or that it went through."""
        for field in self.errors:
            self._clear_error(field)
        self.save_error.hide()
        result = validate(self.draft(), self.content.clinic.phone_region)
        if isinstance(result, dict):
            for field, code in result.items():
                self._show_error(field, code)
            self.errors_shown.emit([self.errors[f].text() for f in self.errors if f in result])
            first = next((f for f in self.fields if f in result), None)
            if first:
                self.fields[first].setFocus()
            else:
                self.hide_keyboard()
                consent = self.consent_row
                QTimer.singleShot(0, self, lambda: self.scroll.ensureWidgetVisible(consent))
            return
        try:
            saved = self.store.add(result)
        except StoreError as error:
            log.error("saving a consultation request failed: %s (%s)", error.reason, error)
            self.save_error.show()
            announce(self.save_error, self.save_error.text())
            self.scroll.ensureWidgetVisible(self.save_error)
            self.errors_shown.emit([self.save_error.text()])
            return
        self.hide_keyboard()
        self.submitted.emit(saved.reference_code)

    def _message(self, code: str) -> str:
        values = {
            "digits": expected_digits(self.content.clinic.phone_region),
            "max": NOTE_MAX if code == "note_too_long" else NAME_MAX,
        }
        return self.content.form_text(f"error_{code}", self._language, **values)

    def _show_error(self, field: str, code: str) -> None:
        label = self.errors[field]
        label.setProperty("code", code)
        label.setText(self._message(code))
        label.show()
        announce(label, label.text())  # a screen reader says it as it appears
        self._described(field).setAccessibleDescription(label.text())  # read with the field

    def _clear_error(self, field: str) -> None:
        label = self.errors[field]
        label.setProperty("code", None)
        label.clear()
        label.hide()
        self._described(field).setAccessibleDescription("")

    def _described(self, field: str) -> QWidget:
        """The control whose error a screen reader should announce with it."""
        return self.consent if field == "consent" else self.fields[field]
