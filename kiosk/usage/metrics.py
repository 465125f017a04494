"""What is counted, by name: the `metric` column of the usage table (migration 3).

Each counter adds 1 per visit (or seconds, for `SCREEN_SECONDS`) to the hour the visit began.
Its key, where it has one, is a screen id, form field name, language code or end reason:
words from the code or content.yaml, never anything a patient typed. docs/usage.md explains
each one.
"""

from __future__ import annotations

from enum import StrEnum


class Metric(StrEnum):
    VISITS = "visits"  # visits that ended (counted in the hour they began)
    PAST_WELCOME = "past_welcome"  # visits that left the welcome screen
    FURTHEST = "furthest"  # key: the furthest screen in the flow the visit reached
    END_SCREEN = "end_screen"  # key: the screen on show when the visit ended
    END_REASON = "end_reason"  # key: start_over | idle | thanks | crash
    FORM_STARTED = "form_started"  # visits that put a form field in focus
    FORM_ABANDONED = "form_abandoned"  # key: the field last in focus; no request sent
    REQUESTS = "requests"  # consultation requests sent
    LANGUAGE = "language"  # key: the language the visit ended in
    LISTEN = "listen"  # visits that used Listen
    TEXT_SIZE = "text_size"  # visits that changed the text size
    CONTRAST = "contrast"  # visits that turned high contrast on
    SCREEN_VIEWS = "screen_views"  # key: screen; times it was shown
    SCREEN_SECONDS = "screen_seconds"  # key: screen; whole seconds it was on show, summed


# (day "YYYY-MM-DD", hour 0-23, metric, key) -> amount
CountKey = tuple[str, int, str, str]
