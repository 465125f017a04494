"""The patient's visit as a small state machine, free of Qt.

The UI shows whatever the session says; `reset()` is the single place that forgets a
patient, so "Start over", the idle timeout and the thank-you timeout cannot drift apart.

The form is read later by the front desk, so a patient with warning signs must not use it
instead of getting help: the path to the form passes the `urgent` screen at least once per
visit. A jump to the form before it shows it first, as a detour whose primary action leads
on to the form; the form and the thank-you screen can open the same detour and come back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

FORM = "form"
THANKS = "thanks"
URGENT = "urgent"  # the warning-signs screen's id in content.yaml


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
    urgent_seen: bool = False  # the warning signs were on screen during this visit
    # While the urgent screen is shown out of order: where the patient came from (a screen
    # id, FORM or THANKS); "" otherwise. Back returns there; Next leads to `detour_to`.
    detour_from: str = ""

    def __post_init__(self) -> None:
        self.reset()

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

    def back(self) -> None:
        """Back one screen; from the form, back to the last walkthrough screen; during a
        detour, back to where the patient came from."""
        if self.detour_from:
            self.go_to(self.detour_from)
        elif self.page == FORM:
            self.page = ""
        elif not self.page and self.index > 1:
            self._show_index(self.index - 1)

    def go_to(self, page_id: str) -> None:
        """Jump to a walkthrough screen id, FORM or THANKS (ends any detour)."""
        self.detour_from = ""
        if page_id in (FORM, THANKS):
            self.page = page_id
        else:
            self.page = ""
            self._show_index(list(self.screen_ids).index(page_id))

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
        self.page = THANKS

    def toggle_tick(self, item_id: str) -> None:
        self.ticked ^= {item_id}

    def next_text_level(self, levels: int) -> None:
        """One size larger; after the largest, back to normal (one button cycles them)."""
        self.text_level = (self.text_level + 1) % levels

    def next_volume_level(self, levels: int) -> None:
        self.volume_level = (self.volume_level + 1) % levels

    def reset(self) -> None:
        """Forget everything about the current patient and return to the attract screen."""
        self.index = 0
        self.page = ""
        self.language = self.default_language
        self.ticked = set()
        self.text_level = 0
        self.high_contrast = False
        self.volume_level = 1
        self.urgent_seen = False
        self.detour_from = ""
