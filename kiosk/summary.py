"""The one-page summary a patient can take home, as plain words (kiosk/ui/take_home.py
lays it out, prints it and writes it as PDF and PNG).

What stenosis is, what the mild® procedure is, the warning signs, the clinic's phone and,
when a request was sent, its reference code: never the patient's name or anything else
they typed. The words come from content.yaml's screens, so the page says exactly what the
kiosk said; a clinic that leaves a screen out leaves its part out.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.content.model import Content
from kiosk.session import URGENT

# The screens the page is made of, in order: what stenosis is, what mild® is, the signs.
SUMMARY_SCREENS = ("stenosis", "what_is_mild", URGENT)


@dataclass(frozen=True)
class Part:
    heading: str
    paragraphs: tuple[str, ...]
    bullets: tuple[str, ...]


@dataclass(frozen=True)
class Summary:
    title: str
    clinic: str
    parts: tuple[Part, ...]
    call: str  # whom to call, with the phone number
    reference: str  # "" when no request was sent
    web_page: str  # "" when the clinic has none
    note: str  # it does not replace a doctor's advice


def build_summary(content: Content, language: str, reference_code: str = "") -> Summary:
    """The page's words in `language`; `reference_code` only after a request was sent."""
    ui, clinic = content.ui_text, content.clinic
    ids = {screen.id for screen in content.screens}
    parts = []
    for screen_id in SUMMARY_SCREENS:
        if screen_id not in ids:
            continue
        screen = content.screen(screen_id)
        parts.append(
            Part(
                screen.title.get(language),
                tuple(screen.paragraphs.get(language)),
                tuple(screen.bullets.get(language)),
            )
        )
    return Summary(
        title=ui("summary_title", language),
        clinic=clinic.name,
        parts=tuple(parts),
        call=ui("summary_call", language, clinic=clinic.name, phone=clinic.phone),
        reference=ui("summary_reference", language, code=reference_code)
        if reference_code
        else "",
        web_page=clinic.web_page,
        note=ui("summary_note", language),
    )
