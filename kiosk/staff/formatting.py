"""How the staff screens write times and phone numbers (no Qt).

Formatting runs only for the cells on screen, so results are cached; the phone cache holds
patients' numbers, so `forget_phone_numbers()` empties it when the staff area locks.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache

import phonenumbers

from kiosk.staff.wording import NONE_GIVEN

TODAY, YESTERDAY = "Today", "Yesterday"
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def local_time(created_at: str) -> datetime:
    return datetime.fromisoformat(created_at).astimezone()


def _clock(moment: datetime) -> str:
    return f"{moment.hour % 12 or 12}:{moment:%M} {'AM' if moment.hour < 12 else 'PM'}"


def full_received_text(created_at: str) -> str:
    """'Tuesday, Nov 21 2026, 2:52 PM' in local time."""
    moment = local_time(created_at)
    day = f"{WEEKDAYS[moment.weekday()]}, {MONTHS[moment.month - 1]} {moment.day} {moment.year}"
    return f"{day}, {_clock(moment)}"


@lru_cache(maxsize=4096)
def received_text(created_at: str, today: date) -> str:
    """'Today 2:52 PM', 'Yesterday 9:05 AM', 'Nov 3, 4:10 PM', 'Dec 30 2025, 8:00 AM'.
    English month names whatever the computer's locale (the staff area is English)."""
    moment = local_time(created_at)
    clock = _clock(moment)
    day = moment.date()
    if day == today:
        return f"{TODAY} {clock}"
    if day == today - timedelta(days=1):
        return f"{YESTERDAY} {clock}"
    year = "" if day.year == today.year else f" {day.year}"
    return f"{MONTHS[day.month - 1]} {day.day}{year}, {clock}"


@lru_cache(maxsize=4096)
def phone_text(e164: str | None, region: str) -> str:
    """National format for the clinic's own country ('(212) 555-2368'), international
    for any other ('+44 20 7946 0958') so the country is never lost."""
    if not e164:
        return NONE_GIVEN
    try:
        number = phonenumbers.parse(e164)
    except phonenumbers.NumberParseException:
        return e164
    national = phonenumbers.region_code_for_number(number) == region or (
        number.country_code == phonenumbers.country_code_for_region(region)
    )
    style = phonenumbers.PhoneNumberFormat
    return phonenumbers.format_number(number, style.NATIONAL if national else style.INTERNATIONAL)


def forget_phone_numbers() -> None:
    """Empty the phone cache: no patient's number stays in memory once the area locks."""
    phone_text.cache_clear()
