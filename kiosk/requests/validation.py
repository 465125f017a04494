"""Check and normalise what a patient typed into the consultation form.

`validate` never raises for anything a patient can type: it returns either a `ValidRequest`
or a dict {field: error_code} for the UI to turn into words. It raises ValueError only for
programming errors (a contact method, best time or language the UI never offers).

Error codes, by field (every field with a problem is reported at once):
  name:    name_required, name_too_long (over 100 characters)
  phone:   phone_invalid (the UI can say "N digits" with `expected_digits(region)`),
           phone_or_email (both left empty),
           phone_required (contact method "call" or "text" but no phone; email given)
  email:   email_invalid, email_required (contact method "email" but no email; phone given)
  note:    note_too_long (over 300 characters after cleaning)
  consent: consent
A method that needs the missing channel is an error, not silently switched: calling someone
who asked for an email (or the reverse) would go against what they chose.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from kiosk.requests.model import BestTime, ContactMethod, RequestDraft, ValidRequest

NAME_MAX = 100
NOTE_MAX = 300
EMAIL_MAX = 254
_LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{1,8})*", re.ASCII)
# Cc: control, Cf: format (zero-width, bidi overrides, BOM), Cs: lone surrogates (not UTF-8).
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})


def clean_text(text: str) -> str:
    """NFC, whitespace of any kind (tabs, newlines, U+2028, NBSP…) to one space, control and
    format characters removed, trimmed. Invisible characters are dropped so a name cannot
    hide or reorder text (bidi overrides) on the staff screen or in a spreadsheet."""
    text = unicodedata.normalize("NFC", text)
    kept = []
    for ch in text:
        if ch.isspace():
            kept.append(" ")
        elif unicodedata.category(ch) not in _DROPPED_CATEGORIES:
            kept.append(ch)
    # Removing characters can bring a base letter and a combining mark together: NFC again.
    return unicodedata.normalize("NFC", " ".join("".join(kept).split()))


@cache
def expected_digits(region: str) -> int:
    """How many digits a national phone number has in `region` (10 for "US"), for the
    "Please enter a 10-digit phone number" message. 0 if the region is unknown."""
    import phonenumbers  # here, not at the top: the store imports this module before the
    # welcome screen's first paint, which needs neither library (docs/architecture.md)

    example = phonenumbers.example_number(region)
    return len(str(example.national_number)) if example else 0


def _phone(text: str, region: str) -> str | None:
    """E.164 form of a valid number, else None."""
    import phonenumbers

    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


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
    method = ContactMethod(draft.contact_method)  # ValueError: the UI offered a bad value
    best_time = BestTime(draft.best_time)
    if not _LANGUAGE.fullmatch(draft.language):
        raise ValueError("language must be a code such as 'en' or 'es'")

    errors: dict[str, str] = {}
    name = clean_text(draft.name)
    if not name:
        errors["name"] = "name_required"
    elif len(name) > NAME_MAX:
        errors["name"] = "name_too_long"

    phone_text, email_text = clean_text(draft.phone), clean_text(draft.email)
    phone = _phone(phone_text, region) if phone_text else None
    email = _email(email_text) if email_text else None
    if phone_text and phone is None:
        errors["phone"] = "phone_invalid"
    if email_text and email is None:
        errors["email"] = "email_invalid"
    if not phone_text and not email_text:
        errors["phone"] = "phone_or_email"
    elif method in (ContactMethod.CALL, ContactMethod.TEXT) and not phone_text:
        errors["phone"] = "phone_required"
    elif method is ContactMethod.EMAIL and not email_text:
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
        contact_method=method,
        best_time=best_time,
        note=note,
        self_check=self_check if draft.include_self_check else (),
        language=draft.language,
    )
