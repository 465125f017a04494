"""The consultation request as plain, frozen values (no Qt, no storage).

Three stages keep raw and checked data apart: the form holds a `RequestDraft` (raw text),
`validation.validate` turns it into a `ValidRequest` (cleaned, normalised), and a store
returns a `ConsultationRequest` (a saved request with id, time, status and reference code).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    NEW = "new"
    CONTACTED = "contacted"
    CLOSED = "closed"


class ContactMethod(StrEnum):
    CALL = "call"
    TEXT = "text"
    EMAIL = "email"


class BestTime(StrEnum):
    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"
    ANY = "any"


@dataclass(frozen=True, slots=True)
class RequestDraft:
    """What the form holds, exactly as typed; never stored."""

    name: str = ""
    phone: str = ""
    email: str = ""
    contact_method: str = ""  # "" until the patient taps a choice: see auto_contact_method
    best_time: str = "any"
    note: str = ""
    include_self_check: bool = False
    self_check: tuple[str, ...] = ()  # texts of the ticked self-check items
    consent: bool = False
    language: str = "en"


@dataclass(frozen=True, slots=True)
class ValidRequest:
    """A cleaned request that passed validation: safe to store."""

    name: str
    phone: str | None  # E.164, e.g. "+12125552368"
    email: str | None  # normalised by email-validator
    contact_method: ContactMethod
    best_time: BestTime
    note: str
    self_check: tuple[str, ...]  # empty unless the patient chose to include it
    language: str


@dataclass(frozen=True, slots=True)
class ConsultationRequest(ValidRequest):
    """A saved request. `reference_code` is random (never derived from the name) so it can be
    read aloud on the phone without revealing anything."""

    id: str  # uuid4
    created_at: str  # UTC, ISO 8601 to the second: "2026-11-21T19:52:04Z"
    status: Status
    reference_code: str  # e.g. "K7Q4MC", from REFERENCE_ALPHABET
    kiosk: str = ""  # the kiosk it came from (settings' kiosk_name), in a several-kiosk store


# No 0/O/Q, 1/I/L, 2/Z, 5/S, 8/B, U/V or G/6: easy to read aloud and to type back.
REFERENCE_ALPHABET = "ACDEFHJKMNPRTWXY34679"
REFERENCE_LENGTH = 6
