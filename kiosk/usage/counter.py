"""Turn a visit's events into counters: a session listener that keeps one visit in memory
and, when the visit ends, adds its few counts to the hour it began.

Nothing per visit is ever stored: no row, no timestamp finer than an hour, nothing that
links a count to a request. Writing waits for the end of a visit and then for `schedule`
(the window runs it a moment after the tap that ended the visit has been painted), so
counting never delays a patient's tap. Free of Qt. See docs/usage.md.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from kiosk.requests.store import StoreError
from kiosk.session import (
    AppearanceChanged,
    Event,
    FieldEntered,
    FormStarted,
    LanguageChanged,
    ListenUsed,
    RequestSent,
    ScreenShown,
    VisitEnded,
)
from kiosk.usage.metrics import CountKey, Metric
from kiosk.usage.store import UsageSink

log = logging.getLogger(__name__)
MAX_PENDING = 10_000  # counters kept for a later try while the store cannot be written


@dataclass
class _Visit:
    """One visit so far: choices and positions only."""

    day: str
    hour: int
    language: str
    screen: str  # on show now
    shown_at: float  # monotonic time it was shown
    furthest: int = 0  # index in the flow
    left_welcome: bool = False
    form_started: bool = False
    last_field: str = ""  # the form field last in focus
    requests: int = 0
    listen: bool = False
    text_size: bool = False
    contrast: bool = False
    views: Counter[str] = field(default_factory=Counter)
    seconds: Counter[str] = field(default_factory=Counter)


class UsageCounter:
    """A `session.listeners` entry. `flow` is every page in order (the welcome screen
    first, then the walkthrough, the form, the thank-you screen): "furthest" is measured
    along it. `now` gives the local wall time (the hour a visit began), `clock` monotonic
    seconds (time on a screen); `schedule(flush)` runs a flush later (None: at once)."""

    def __init__(
        self,
        sink: UsageSink,
        kiosk: str,
        flow: Sequence[str],
        default_language: str,
        *,
        now: Callable[[], datetime] = datetime.now,
        clock: Callable[[], float] = time.monotonic,
        schedule: Callable[[Callable[[], None]], None] | None = None,
    ) -> None:
        self.sink = sink
        self.kiosk = kiosk
        self.flow = list(flow)
        self.welcome = self.flow[0]
        self._position = {page: number for number, page in enumerate(self.flow)}
        self.default_language = default_language
        self._now, self._clock, self._schedule = now, clock, schedule
        self._visit: _Visit | None = None
        self._pending: Counter[CountKey] = Counter()
        self._flush_queued = False

    # ----- events ---------------------------------------------------------------------------
    def __call__(self, event: Event) -> None:
        """Count `event`; a fault in counting drops this visit's counts, never the visit."""
        try:
            self._count(event)
        except Exception as error:
            self._visit = None
            log.error("usage counter dropped a visit: %s", type(error).__name__)

    def _count(self, event: Event) -> None:
        if isinstance(event, VisitEnded):
            self._end(event.reason.value)
            return
        if isinstance(event, ScreenShown) and event.screen_id == self.welcome:
            return  # the welcome screen after a reset does not begin a visit
        visit = self._visit
        if visit is None:
            if not isinstance(event, ScreenShown | LanguageChanged | AppearanceChanged
                              | ListenUsed):  # fmt: skip
                return  # e.g. focus leaving a field as the form is wiped after a visit
            visit = self._visit = self._begin()
        if isinstance(event, ScreenShown):
            self._show(visit, event.screen_id)
        elif isinstance(event, FormStarted):
            visit.form_started = True
        elif isinstance(event, FieldEntered):
            visit.last_field = event.field_name
        elif isinstance(event, RequestSent):
            visit.requests += 1
        elif isinstance(event, LanguageChanged):
            visit.language = event.language
        elif isinstance(event, ListenUsed):
            visit.listen = True
        elif isinstance(event, AppearanceChanged):
            visit.text_size = visit.text_size or event.text_level != 0
            visit.contrast = visit.contrast or event.high_contrast

    def _begin(self) -> _Visit:
        moment = self._now()
        return _Visit(
            day=moment.strftime("%Y-%m-%d"), hour=moment.hour, language=self.default_language,
            screen=self.welcome, shown_at=self._clock(),
        )  # fmt: skip

    def _show(self, visit: _Visit, screen: str) -> None:
        """Time the screen being left (the welcome screen's wait is not timed)."""
        now = self._clock()
        if visit.screen != self.welcome:
            visit.seconds[visit.screen] += now - visit.shown_at
        visit.screen, visit.shown_at = screen, now
        if screen != self.welcome:
            visit.views[screen] += 1
            visit.left_welcome = True
            visit.furthest = max(visit.furthest, self._position.get(screen, 0))

    def _end(self, reason: str) -> None:
        visit, self._visit = self._visit, None
        if visit is None:
            return
        ended_on = visit.screen
        self._show(visit, self.welcome)  # closes the last screen's time
        counts = self._pending
        bucket = (visit.day, visit.hour)

        def add(metric: Metric, key: str = "", value: int = 1) -> None:
            counts[(*bucket, metric.value, key)] += value

        add(Metric.VISITS)
        add(Metric.END_REASON, reason)
        add(Metric.END_SCREEN, ended_on)
        add(Metric.LANGUAGE, visit.language)
        add(Metric.FURTHEST, self.flow[visit.furthest])
        flags = {
            Metric.PAST_WELCOME: visit.left_welcome, Metric.FORM_STARTED: visit.form_started,
            Metric.LISTEN: visit.listen, Metric.TEXT_SIZE: visit.text_size,
            Metric.CONTRAST: visit.contrast,
        }  # fmt: skip
        for metric, flag in flags.items():
            if flag:
                add(metric)
        if visit.requests:
            add(Metric.REQUESTS, value=visit.requests)
        elif visit.form_started:
            add(Metric.FORM_ABANDONED, visit.last_field)
        for screen, shown in visit.views.items():
            add(Metric.SCREEN_VIEWS, screen, shown)
            add(Metric.SCREEN_SECONDS, screen, round(visit.seconds[screen]))
        self._queue_flush()

    def _queue_flush(self) -> None:
        if self._schedule is None:
            self.flush()
        elif not self._flush_queued:
            self._flush_queued = True
            self._schedule(self.flush)

    # ----- writing --------------------------------------------------------------------------
    def flush(self) -> None:
        """Write what ended visits counted (one transaction). On a store error the counts
        are kept for the next try, up to MAX_PENDING of them."""
        self._flush_queued = False
        if not self._pending:
            return
        try:
            self.sink.add(self.kiosk, self._pending)
        except StoreError as error:
            log.warning("usage counters not saved: %s", error)
            if len(self._pending) > MAX_PENDING:
                self._pending.clear()
            return
        self._pending = Counter()
