"""Made-up visits for `render` and the benches: a few weeks of a plausible lobby, played
through a real Session and UsageCounter, so the sample exercises the same counting as a kiosk.
Seeded: every render draws the same charts."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta

from kiosk.session import EndReason, Session
from kiosk.usage.counter import UsageCounter
from kiosk.usage.metrics import CountKey

FIELDS = ("name", "phone", "email", "note")


class _Collected:
    """A UsageSink that keeps the counts in memory."""

    def __init__(self) -> None:
        self.counts: Counter[CountKey] = Counter()

    def add(self, kiosk: str, counts: Mapping[CountKey, int]) -> None:
        self.counts.update(counts)


def sample_counts(
    screen_ids: Sequence[str], languages: Sequence[str], today: date, days: int = 90, seed: int = 16
) -> Counter[CountKey]:
    """Counters of `days` days of made-up visits ending `today`."""
    rng = random.Random(seed)
    sink = _Collected()
    wall = datetime.combine(today, datetime.min.time())
    seconds = 0.0

    def now() -> datetime:
        return wall

    def clock() -> float:
        return seconds

    session = Session(list(screen_ids), languages[0])
    counter = UsageCounter(sink, "", [*screen_ids, "form", "thanks"], languages[0],
                           now=now, clock=clock)  # fmt: skip
    session.listeners.append(counter)
    for back in range(days - 1, -1, -1):
        day = today - timedelta(days=back)
        visits = rng.randint(4, 12) if day.weekday() >= 5 else rng.randint(14, 34)
        for _ in range(visits):
            wall = datetime.combine(day, datetime.min.time()) + timedelta(
                hours=rng.randint(8, 17), minutes=rng.randint(0, 59)
            )
            if len(languages) > 1 and rng.random() < 0.27:
                session.set_language(languages[1])
            if rng.random() < 0.12:
                session.next_text_level(3)
            if rng.random() < 0.05:
                session.set_high_contrast(True)
            steps = 1
            while steps < len(screen_ids) - 1 and rng.random() < 0.92:
                steps += 1
            for _ in range(steps):
                session.next()
                seconds += rng.uniform(8, 60)
                if rng.random() < 0.01:
                    session.listened()
            reason = EndReason.IDLE if rng.random() < 0.55 else EndReason.START_OVER
            if steps >= len(screen_ids) - 3 and rng.random() < 0.55:
                session.open_form()
                session.next()  # past the warning signs, if they came first
                fields = rng.randint(1, len(FIELDS))
                for name in FIELDS[:fields]:
                    session.field_entered(name)
                    seconds += rng.uniform(10, 40)
                    session.field_left(name)
                if rng.random() < 0.6:
                    session.submitted()
                    reason = EndReason.THANKS
            if rng.random() < 0.004:
                reason = EndReason.CRASH
            session.reset(reason)
    return sink.counts
