"""The patient's visit as a small state machine, free of Qt, and the events it emits.

The UI shows whatever the session says; `reset(reason)` is the single place that forgets a
patient, so "Start over", the idle timeout, the thank-you timeout and crash recovery cannot
drift apart, and each says which it was. Listeners (plain callables: a usage counter, a
log) see typed events that hold ids and choices only, never anything a patient typed.
See docs/architecture.md ("The event stream").

The form is read later by the front desk, so a patient with warning signs must not use it
instead of getting help: the path to the form passes the `urgent` screen at least once per
visit. A jump to the form before it shows it first, as a detour whose primary action leads
on to the form; the form and the thank-you screen can open the same detour and come back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

FORM = "form"
THANKS = "thanks"
URGENT = "urgent"  # the warning-signs screen's id in content.yaml


class EndReason(StrEnum):
    """How a visit ended."""

    START_OVER = "start_over"  # the Start over button (or Back from the first screen)
    IDLE = "idle"  # nobody answered the idle warning
    THANKS = "thanks"  # the thank-you screen timed out after a request was sent
    CRASH = "crash"  # an uncaught error sent the kiosk back to the welcome screen


@dataclass(frozen=True)
class ScreenShown:
    screen_id: str  # a walkthrough screen id, FORM or THANKS


@dataclass(frozen=True)
class FormStarted:
    """The patient put a form field in focus for the first time this visit."""


@dataclass(frozen=True)
class FieldEntered:
    field_name: str  # the field's name ("phone"), never its text


@dataclass(frozen=True)
class FieldLeft:
    field_name: str  # the field's name ("phone"), never its text


@dataclass(frozen=True)
class RequestSent:
    """A consultation request was saved (which one, and what it says, is not told)."""


@dataclass(frozen=True)
class VisitEnded:
    reason: EndReason


@dataclass(frozen=True)
class AppearanceChanged:
    text_level: int
    high_contrast: bool


@dataclass(frozen=True)
class LanguageChanged:
    language: str


@dataclass(frozen=True)
class ListenUsed:
    """The patient asked for the screen to be read aloud (not what it says)."""


Event = (
    ScreenShown | FormStarted | FieldEntered | FieldLeft | RequestSent | VisitEnded
    | AppearanceChanged | LanguageChanged | ListenUsed
)  # fmt: skip
Listener = Callable[[Event], None]


@dataclass
class Session:
    """Where the patient is, and what they chose, for one visit."""

    screen_ids: Sequence[str]  # the walkthrough in order; the first is the attract screen
    default_language: str
    index: int = 0
    page: str = ""  # "" while in the walkthrough, else FORM or THANKS
    language: str = ""
    ticked: set[str] = field(default_factory=set)  # self-check item ids
    # How the patient chose to see and hear the kiosk: part of the visit, so the next patient
    # starts with the defaults rather than a stranger's larger text or high contrast.
    text_level: int = 0  # index into the UI's text sizes
    high_contrast: bool = False
    volume_level: int = 1  # index into the UI's read-aloud volumes (the middle one)
    listening: bool = False  # listening mode: each screen is read aloud as it opens
    low_controls: bool = False  # every control in the lower part of the screen
    urgent_seen: bool = False  # the warning signs were on screen during this visit
    # While the urgent screen is shown out of order: where the patient came from (a screen
    # id, FORM or THANKS); "" otherwise. Back returns there; Next leads to `detour_to`.
    detour_from: str = ""
    listeners: list[Listener] = field(default_factory=list, repr=False)
    _shown: str = field(default="", init=False, repr=False)  # the screen last announced
    _form_started: bool = field(default=False, init=False, repr=False)
    # Left the welcome screen or changed something since the last reset.
    _in_visit: bool = field(default=False, init=False, repr=False)

    def __post_init__(self) -> None:
        self._forget()
        self._shown = self.current

    def emit(self, event: Event) -> None:
        for listener in list(self.listeners):
            listener(event)

    def _announce(self) -> None:
        """ScreenShown when the current screen changed; any step away from the welcome
        screen begins a visit."""
        if self.current != self._shown:
            self._shown = self.current
            self._in_visit = True
            self.emit(ScreenShown(self.current))

    @property
    def current(self) -> str:
        return self.page or self.screen_ids[self.index]

    @property
    def on_attract(self) -> bool:
        return not self.page and self.index == 0

    @property
    def has_urgent(self) -> bool:
        return URGENT in self.screen_ids

    @property
    def detour_to(self) -> str:
        """Where the urgent screen's primary action leads during a detour ("" if none)."""
        if not self.detour_from:
            return ""
        return THANKS if self.detour_from == THANKS else FORM

    @property
    def step(self) -> int:
        """1-based step among the screens after the attract screen (0 on attract)."""
        return self.index

    @property
    def total_steps(self) -> int:
        return len(self.screen_ids) - 1

    def next(self) -> None:
        """Forward one screen; past the last walkthrough screen comes the form; during a
        detour, on to where it leads."""
        if self.detour_from:
            self.go_to(self.detour_to)
        elif self.page:
            return
        elif self.index < len(self.screen_ids) - 1:
            self._show_index(self.index + 1)
        else:
            self.open_form()
            return
        self._announce()

    def back(self) -> None:
        """Back one screen; from the form, back to the last walkthrough screen; during a
        detour, back to where the patient came from."""
        if self.detour_from:
            self.go_to(self.detour_from)
        elif self.page == FORM:
            self.page = ""
        elif not self.page and self.index > 1:
            self._show_index(self.index - 1)
        self._announce()

    def go_to(self, page_id: str) -> None:
        """Jump to a walkthrough screen id, FORM or THANKS (ends any detour)."""
        self.detour_from = ""
        if page_id in (FORM, THANKS):
            self.page = page_id
        else:
            self.page = ""
            self._show_index(list(self.screen_ids).index(page_id))
        self._announce()

    def open_form(self) -> None:
        """The form, unless the warning signs have not been shown yet this visit: then
        them first, with the form one tap further."""
        if self.urgent_seen or not self.has_urgent:
            self.go_to(FORM)
        else:
            self.show_warning_signs()

    def show_warning_signs(self) -> None:
        """The urgent screen as a detour from where the patient is now."""
        if not self.has_urgent:
            return
        origin = self.current
        self.go_to(URGENT)
        self.detour_from = origin

    def _show_index(self, index: int) -> None:
        self.index = index
        if self.screen_ids[index] == URGENT:
            self.urgent_seen = True

    def submitted(self) -> None:
        self.emit(RequestSent())
        self.page = THANKS
        self._announce()

    def field_entered(self, field_name: str) -> None:
        if not self._form_started:
            self._form_started = True
            self.emit(FormStarted())
        self.emit(FieldEntered(field_name))

    def field_left(self, field_name: str) -> None:
        self.emit(FieldLeft(field_name))

    def set_language(self, language: str) -> None:
        if language != self.language:
            self.language = language
            self._in_visit = True
            self.emit(LanguageChanged(language))

    def listened(self) -> None:
        """Read-aloud started (on the welcome screen too: that begins a visit)."""
        self._in_visit = True
        self.emit(ListenUsed())

    def set_high_contrast(self, on: bool) -> None:
        if on != self.high_contrast:
            self.high_contrast = on
            self._changed_appearance()

    def _changed_appearance(self) -> None:
        self._in_visit = True
        self.emit(AppearanceChanged(self.text_level, self.high_contrast))

    def set_listening(self, on: bool) -> None:
        self.listening = on
        self._in_visit = True

    def set_low_controls(self, on: bool) -> None:
        self.low_controls = on
        self._in_visit = True

    def toggle_tick(self, item_id: str) -> None:
        self.ticked ^= {item_id}

    def next_text_level(self, levels: int) -> None:
        """One size larger; after the largest, back to normal (one button cycles them)."""
        self.text_level = (self.text_level + 1) % levels
        self._changed_appearance()

    def next_volume_level(self, levels: int) -> None:
        self.volume_level = (self.volume_level + 1) % levels

    def reset(self, reason: EndReason = EndReason.START_OVER) -> None:
        """Forget everything about the current patient and return to the attract screen;
        a visit that had begun ends with `reason`."""
        ended = self._in_visit
        self._forget()
        if ended:
            self.emit(VisitEnded(reason))
        self._announce()
        self._in_visit = False

    @property
    def in_visit(self) -> bool:
        """Someone has left the welcome screen or changed something since the last reset."""
        return self._in_visit

    def use_screens(self, screen_ids: Sequence[str], default_language: str) -> None:
        """New content between visits (hot reload): a new walkthrough and default language.
        Only right after `reset()`: the welcome screen stays the welcome screen."""
        self.screen_ids = list(screen_ids)
        self.default_language = default_language
        self._forget()
        self._shown = self.current

    def _forget(self) -> None:
        self._in_visit = False
        self._form_started = False
        self.index = 0
        self.page = ""
        self.language = self.default_language
        self.ticked = set()
        self.text_level = 0
        self.high_contrast = False
        self.volume_level = 1
        self.listening = False
        self.low_controls = False
        self.urgent_seen = False
        self.detour_from = ""
