"""Check and normalise what a patient typed into the consultation form.

`validate` never raises for anything a patient can type: it returns either a `ValidRequest`
or a dict {field: error_code} for the UI to turn into words. It raises ValueError only for
programming errors (a contact method, best time or language the UI never offers).

Error codes, by field (every field with a problem is reported at once):
  name:    name_required, name_too_long (over 100 characters)
  phone:   phone_invalid (wrong length or not a number: the UI can say "N digits" with
           `expected_digits(region)`), phone_area_code (right length, but no number has that
           area code), phone_check (right length and area code, other digits impossible),
           phone_or_email (both left empty),
           phone_required (the patient chose a call or text but gave only an email)
  email:   email_invalid, email_required (the patient chose email but gave only a phone)
  note:    note_too_long (over 300 characters after cleaning)
  consent: consent
A contact method the patient did not choose (`contact_method=""`) follows what they gave
(`auto_contact_method`) and is never an error. A method the patient did choose that needs
the missing channel is an error, not silently switched: calling someone who asked for an
email (or the reverse) would go against what they chose.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import TYPE_CHECKING

from kiosk.requests.model import BestTime, ContactMethod, RequestDraft, ValidRequest

if TYPE_CHECKING:
    import phonenumbers

NAME_MAX = 100
NOTE_MAX = 300
EMAIL_MAX = 254
_LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{1,8})*", re.ASCII)
# Bidirectional embeddings, overrides and isolates (LRE RLE PDF LRO RLO, LRI RLI FSI PDI):
# they reorder whole runs of text, so "Ana\u202eZyx" shows as "AnaxyZ" on the staff screen
# and in a spreadsheet ("Trojan Source"). The marks LRM, RLM and ALM (U+200E, U+200F,
# U+061C) are kept: they only set the direction of the neutral characters beside them,
# cannot reverse letters, and people writing Arabic, Hebrew or Persian type them.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Cc: control (breaks rows and terminals), Cs: lone surrogates (not storable as UTF-8).
_DROPPED_CATEGORIES = frozenset({"Cc", "Cs"})
# Characters that show nothing by themselves: a name made only of these is no name.
_BLANK_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zs", "Zl", "Zp", "Mn", "Me"})


def _dropped(ch: str) -> bool:
    return ch in BIDI_CONTROLS or unicodedata.category(ch) in _DROPPED_CATEGORIES


def clean_text(text: str) -> str:
    """A name or note as typed, made safe: NFC, control characters and bidi embeddings,
    overrides and isolates removed, whitespace of any kind (tabs, newlines, U+2028, NBSP…)
    to one space, and like extra spaces, pieces between spaces that show nothing dropped.
    Every other character stays: the zero-width non-joiner and joiner (U+200C, U+200D)
    spell Persian, Hindi and Malayalam names and emoji such as 👩‍⚕️."""
    text = unicodedata.normalize("NFC", text)
    kept = "".join(" " if ch.isspace() else ch for ch in text if not _dropped(ch) or ch.isspace())
    words = [word for word in kept.split() if not is_blank(word)]
    # Removing characters can bring a base letter and a combining mark together: NFC again.
    return unicodedata.normalize("NFC", " ".join(words))


def _contact_text(text: str) -> str:
    """A phone number or address with every invisible character gone: these are parsed,
    never shown as typed, and a stray zero-width space must not make them invalid."""
    visible = (ch for ch in clean_text(text) if unicodedata.category(ch) != "Cf")
    return "".join(visible)


def is_blank(text: str) -> bool:
    """True when nothing in `text` would show on screen (spaces, marks, invisibles)."""
    return all(unicodedata.category(ch) in _BLANK_CATEGORIES for ch in text)


def auto_contact_method(phone: str, email: str) -> ContactMethod:
    """How to reach a patient who did not choose: a call if they gave a phone number,
    email if they gave only an address."""
    if not _contact_text(phone) and _contact_text(email):
        return ContactMethod.EMAIL
    return ContactMethod.CALL


@cache
def expected_digits(region: str) -> int:
    """How many digits a national phone number has in `region` (10 for "US"), for the
    "Please enter a 10-digit phone number" message. 0 if the region is unknown."""
    import phonenumbers  # here, not at the top: the store imports this module before the
    # welcome screen's first paint, which needs neither library (docs/architecture.md)

    example = phonenumbers.example_number(region)
    return len(str(example.national_number)) if example else 0


def _area_code_exists(number: phonenumbers.PhoneNumber) -> bool:
    """Whether some valid number shares this number's area code: the area code of the
    country's example number swapped into that example must still be a valid number."""
    import phonenumbers

    region = phonenumbers.region_code_for_country_code(number.country_code)
    example = phonenumbers.example_number(region)
    if example is None:
        return True  # nothing to compare with: do not blame the area code
    length = phonenumbers.length_of_national_destination_code(example)
    if not length:
        return True
    digits = phonenumbers.national_significant_number(number)[:length]
    rest = phonenumbers.national_significant_number(example)[length:]
    candidate = phonenumbers.parse(f"+{number.country_code}{digits}{rest}")
    return phonenumbers.is_valid_number(candidate)


def _phone(text: str, region: str) -> tuple[str | None, str]:
    """(E.164 form, "") for a valid number, else (None, the error code that is true)."""
    import phonenumbers

    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None, "phone_invalid"
    if phonenumbers.is_valid_number(number):
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), ""
    home = phonenumbers.country_code_for_region(region)
    possible = phonenumbers.is_possible_number_with_reason(number)
    if possible != phonenumbers.ValidationResult.IS_POSSIBLE:
        # Too short, too long, or a local number without its area code: "N digits" is true
        # at home; abroad the home count would mislead.
        return None, "phone_invalid" if number.country_code == home else "phone_check"
    return None, "phone_check" if _area_code_exists(number) else "phone_area_code"


def _email(text: str) -> str | None:
    """The normalised address, or None if it is not a plausible address."""
    from email_validator import EmailNotValidError, validate_email

    if len(text) > EMAIL_MAX:
        return None
    try:
        result = validate_email(text, check_deliverability=False)
    except (EmailNotValidError, UnicodeError):
        return None
    return result.normalized if len(result.normalized) <= EMAIL_MAX else None


def validate(draft: RequestDraft, region: str = "US") -> ValidRequest | dict[str, str]:
    """The cleaned request, or {field: error_code} (see the module docstring)."""
    chosen = ContactMethod(draft.contact_method) if draft.contact_method else None
    best_time = BestTime(draft.best_time)  # ValueError: the UI offered a bad value
    if not _LANGUAGE.fullmatch(draft.language):
        raise ValueError("language must be a code such as 'en' or 'es'")

    errors: dict[str, str] = {}
    name = clean_text(draft.name)
    if is_blank(name):
        errors["name"] = "name_required"
    elif len(name) > NAME_MAX:
        errors["name"] = "name_too_long"

    phone_text, email_text = _contact_text(draft.phone), _contact_text(draft.email)
    phone, phone_error = _phone(phone_text, region) if phone_text else (None, "")
    email = _email(email_text) if email_text else None
    if phone_error:
        errors["phone"] = phone_error
    if email_text and email is None:
        errors["email"] = "email_invalid"
    if not phone_text and not email_text:
        errors["phone"] = "phone_or_email"
    elif chosen in (ContactMethod.CALL, ContactMethod.TEXT) and not phone_text:
        errors["phone"] = "phone_required"
    elif chosen is ContactMethod.EMAIL and not email_text:
        errors["email"] = "email_required"

    note = clean_text(draft.note)
    if len(note) > NOTE_MAX:
        errors["note"] = "note_too_long"
    if not draft.consent:
        errors["consent"] = "consent"
    if errors:
        return errors

    self_check = tuple(filter(None, map(clean_text, draft.self_check)))
    return ValidRequest(
        name=name,
        phone=phone,
        email=email,
        contact_method=chosen or auto_contact_method(phone_text, email_text),
        best_time=best_time,
        note=note,
        self_check=self_check if draft.include_self_check else (),
        language=draft.language,
    )
