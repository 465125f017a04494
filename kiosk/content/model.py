"""The content model: what content.yaml says, validated, frozen and free of Qt.

Patient-facing text is stored per language (`Text`, `TextList`) so that a second or third
language is only a content.yaml edit; the loader guarantees every language is present.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType


# Kinds of walkthrough screen; each maps to one screen widget in kiosk.ui.screens.
class ScreenKind(StrEnum):
    ATTRACT = "attract"  # the welcome page shown while nobody is using the kiosk
    INFO = "info"  # title, paragraphs and/or bullets, one illustration
    CHECKLIST = "checklist"  # the non-diagnostic "does this sound like you?" self-check
    URGENT = "urgent"  # red-flag warning signs: emergency styling
    SOURCES = "sources"  # lists the references
    NEXT_STEP = "next_step"  # last screen, leads to the consultation form


@dataclass(frozen=True)
class Text:
    """One piece of patient-facing text in every configured language."""

    by_language: Mapping[str, str]

    def get(self, language: str) -> str:
        return self.by_language[language]


@dataclass(frozen=True)
class TextList:
    """A list of strings (paragraphs, bullets) per language; lengths may differ by language."""

    by_language: Mapping[str, tuple[str, ...]]

    def get(self, language: str) -> tuple[str, ...]:
        return self.by_language.get(language, ())


EMPTY_LIST = TextList(MappingProxyType({}))


@dataclass(frozen=True)
class Language:
    code: str  # e.g. "en", "es"
    name: str  # the language's own name, shown on the language button ("Español")


@dataclass(frozen=True)
class Clinic:
    name: str
    phone: str  # as patients should read it, e.g. "(555) 010-0199"
    phone_region: str  # ISO 3166 region for parsing patients' phone numbers, e.g. "US"
    logo: Path  # absolute path, checked to exist
    web_page: str = ""  # the clinic's patient page (https://…), shown as a QR code to take home


@dataclass(frozen=True)
class Theme:
    """One palette, colours as #RRGGBB strings (Content has a standard and a high-contrast one)."""

    background: str
    surface: str
    text: str
    muted_text: str
    primary: str
    on_primary: str
    accent: str
    urgent: str
    on_urgent: str


@dataclass(frozen=True)
class KioskSettings:
    """The timings a patient feels. What differs per device (retention, staff lock, cursor,
    store) is in kiosk.settings (docs/architecture.md, "The context")."""

    idle_timeout_seconds: int = 90  # a device may override it in its settings file
    idle_warning_seconds: int = 30
    thanks_seconds: int = 15
    transition_ms: int = 150  # page slide; 0 turns it off


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    text: Text


@dataclass(frozen=True)
class Section:
    """A sub-heading with its own text, shown after a screen's main bullets.

    Why: some screens need two lists with different actions, e.g. the warning signs screen
    (911 now, then a calmer "tell the front desk today" tier).
    """

    heading: Text
    paragraphs: TextList = EMPTY_LIST
    bullets: TextList = EMPTY_LIST


@dataclass(frozen=True)
class Screen:
    id: str
    kind: ScreenKind
    title: Text
    paragraphs: TextList = EMPTY_LIST
    bullets: TextList = EMPTY_LIST
    illustration: Path | None = None  # absolute path, checked to exist
    caption: Text | None = None  # required whenever there is an illustration
    references: tuple[str, ...] = ()  # ids from Content.references, checked to resolve
    items: tuple[ChecklistItem, ...] = ()  # CHECKLIST only
    sections: tuple[Section, ...] = ()  # shown after the bullets, in order


@dataclass(frozen=True)
class Reference:
    id: str
    citation: str  # a citation is not translated


@dataclass(frozen=True)
class Content:
    source: Path  # the content.yaml this came from
    languages: tuple[Language, ...]  # first is the default
    clinic: Clinic
    theme: Theme
    high_contrast: Theme
    kiosk: KioskSettings
    ui: Mapping[str, Text]  # chrome strings: next, back, start_over, ... (see REQUIRED_UI)
    form: Mapping[str, Text]  # form labels, hints, errors, consent, thanks (see REQUIRED_FORM)
    screens: tuple[Screen, ...]
    references: tuple[Reference, ...] = field(default=())

    @property
    def default_language(self) -> str:
        return self.languages[0].code

    def ui_text(self, key: str, language: str, **values: object) -> str:
        """A chrome string in `language`, with {placeholders} filled from `values`."""
        text = self.ui[key].get(language)
        return text.format(**values) if values else text

    def form_text(self, key: str, language: str, **values: object) -> str:
        text = self.form[key].get(language)
        return text.format(**values) if values else text

    def screen(self, screen_id: str) -> Screen:
        return next(s for s in self.screens if s.id == screen_id)

    def reference(self, reference_id: str) -> Reference:
        return next(r for r in self.references if r.id == reference_id)


# Placeholders screen text may use; the loader fills them from `clinic:` when it loads.
SCREEN_PLACEHOLDERS: dict[str, str] = {
    "clinic": "the clinic's name",
    "phone": "the clinic's phone number",
}

# Keys the `ui:` block must define. The {braces} in each description are the placeholders the
# app fills, and the loader allows exactly those: keep them when rewording a description.
REQUIRED_UI: dict[str, str] = {
    "tap_to_start": "attract screen call to action",
    "next": "Next button",
    "back": "Back button",
    "start_over": "Start over button",
    "request_consultation": "button on every screen that opens the form",
    "progress": "progress label; placeholders {step} and {total}",
    "scroll_hint": "hint shown while more text is below",
    "language": "language button label (names the *other* language(s) is up to the text)",
    "idle_title": "idle warning heading",
    "idle_body": "idle warning text; placeholder {seconds}",
    "still_here": "idle warning button",
    "self_check_note": "shown under the self-check; must not diagnose",
    "sources_intro": "first line of the sources screen",
    "references_label": "small 'Sources:' prefix under a screen's text",
    "text_size": "short label of the button that cycles the text size",
    "text_size_state": "spoken state of that button; placeholders {level} and {count}",
    "contrast": "short label of the high-contrast on/off button",
    "listen": "short label of the button that reads the screen aloud",
    "stop_listening": "the same button while it is reading",
    "volume": "short label of the button that cycles the reading volume",
    "volume_state": "spoken state of that button; placeholders {level} and {count}",
    "urgent_note": "on the form and thank-you screens: the form is read later, not by a "
    "doctor now; with a warning sign, tell the front desk now",
    "warning_signs": "button on the form and thank-you screens that shows the warning signs",
    "continue_to_form": "primary button on the warning signs when shown before the form",
    "back_to_form": "primary button on the warning signs when opened from the form",
    "listen_hint": "welcome screen line: how to start listening mode without sight",
    "listening_on": "said when listening mode starts: what it does and how to stop it",
    "listening_off": "said when listening mode stops",
    "repeat": "short label of the tile that reads the screen again in listening mode",
    "typed_private": "said in listening mode after typing in a field (never the typed text)",
    "seconds_left": "said in listening mode as the idle countdown runs; placeholder {seconds}",
    "lower_controls": "short label of the tile that moves the controls low on the screen",
    "lower_controls_hint": "spoken description of that tile",
    "take_home": "heading of the QR code and print choice on the last screens",
    "take_home_scan": "line above the QR code: scan it to open the clinic's web page",
    "print_summary": "button that prints a one-page summary",
    "printing": "shown after the print button was tapped",
    "summary_title": "heading of the printed summary",
    "summary_call": "printed summary: whom to call; placeholders {clinic} and {phone}",
    "summary_reference": "printed summary: the request's code; placeholder {code}",
    "summary_note": "printed summary footer: it does not replace a doctor's advice",
}

# Keys the `form:` block must define.
REQUIRED_FORM: dict[str, str] = {
    "title": "form heading",
    "intro": "one or two sentences above the fields",
    "name_label": "",
    "phone_label": "",
    "email_label": "",
    "contact_label": "preferred contact method",
    "contact_call": "",
    "contact_text": "",
    "contact_email": "",
    "time_label": "best time to reach you",
    "time_morning": "",
    "time_afternoon": "",
    "time_evening": "",
    "time_any": "",
    "note_label": "optional note; placeholder {max}",
    "include_self_check": "attach self-check answers",
    "consent": "consent checkbox text",
    "submit": "send button",
    "error_name_required": "",
    "error_name_too_long": "placeholder {max}",
    "error_phone_or_email": "neither phone nor email given",
    "error_phone_invalid": "wrong length or not a phone number; placeholder {digits}",
    "error_phone_area_code": "right length, but no phone number has that area code",
    "error_phone_check": "right length and area code, but the other digits cannot be right",
    "error_email_invalid": "",
    "error_phone_required": "the patient chose a call or text but gave no phone number",
    "error_email_required": "the patient chose email but gave no email address",
    "error_note_too_long": "placeholder {max}",
    "error_consent": "consent not ticked",
    "save_failed": "calm message when saving fails: ask the front desk",
    "thanks_title": "",
    "thanks_body": "what happens next; placeholders {clinic} {phone}",
    "thanks_callback": "when the clinic will call back, e.g. within one business day",
    "thanks_reference": "placeholder {code}",
}
