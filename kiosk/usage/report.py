"""Counters summed into what a clinic manager asks: how many visits, how far they get, how
many ask for a consultation, how visits end, in which language, with which aids.

One `UsageReport` feeds the staff area's Usage page and `stats` (its CSV and its PNG charts),
so the screen and the monthly report cannot disagree. Free of Qt.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from kiosk.content.model import Content
from kiosk.session import FORM, THANKS, EndReason
from kiosk.usage.metrics import Metric
from kiosk.usage.store import UsageRow, UsageSource

SMALL = 5  # counts from 1 to SMALL - 1 are shown as "<5" in anything exported
END_WORDS = {
    EndReason.START_OVER.value: "Start over",
    EndReason.IDLE.value: "Walked away (idle)",
    EndReason.THANKS.value: "After a request",
    EndReason.CRASH.value: "Error, restarted",
}
AID_WORDS = {Metric.LISTEN: "Listen", Metric.TEXT_SIZE: "Text size", Metric.CONTRAST: "Contrast"}
PAGE_WORDS = {FORM: "Request form", THANKS: "Thank-you screen"}


@dataclass(frozen=True)
class Bar:
    label: str
    value: int


@dataclass(frozen=True)
class UsageReport:
    first_day: date
    last_day: date
    visits: int
    past_welcome: int
    form_started: int
    requests: int
    per_day: tuple[Bar, ...]  # visits, one bar per day ("YYYY-MM-DD"), oldest first
    funnel: tuple[Bar, ...]  # visits that reached at least this far, in flow order
    end_reasons: tuple[Bar, ...]
    languages: tuple[Bar, ...]
    aids: tuple[Bar, ...]  # visits that used Listen, Text size, Contrast
    abandoned: tuple[Bar, ...]  # visits that left the form at this field
    seconds: tuple[Bar, ...]  # average whole seconds on each screen, in flow order

    @property
    def opt_in(self) -> float | None:
        """Requests per visit past the welcome screen (None before any)."""
        return self.requests / self.past_welcome if self.past_welcome else None

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1


def shown_count(value: int, exported: bool) -> str:
    """"<5" for 1 to 4 in anything exported (a count that small could point at a person)."""
    return "<5" if exported and 0 < value < SMALL else f"{value:,}"


def day_range(days: int, today: date) -> tuple[date, date]:
    return today - timedelta(days=days - 1), today


def build_report(
    rows: Iterable[UsageRow],
    first_day: date,
    last_day: date,
    flow: Sequence[tuple[str, str]],
    languages: Mapping[str, str],
) -> UsageReport:
    """`flow`: (page id, label) for every page in order, the welcome screen first;
    `languages`: code -> name. Ids no longer in the content count in the totals only."""
    totals: dict[str, Counter[str]] = defaultdict(Counter)
    per_day: Counter[str] = Counter()
    for row in rows:
        totals[row.metric][row.key] += row.value
        if row.metric == Metric.VISITS:
            per_day[row.day] += row.value

    def total(metric: Metric) -> int:
        return sum(totals[metric.value].values())

    furthest = totals[Metric.FURTHEST.value]
    funnel, reached = [], sum(furthest[page] for page, _label in flow)
    for page, label in flow:  # reached this page = got here or further
        funnel.append(Bar(label, reached))
        reached -= furthest[page]
    views, seconds = totals[Metric.SCREEN_VIEWS.value], totals[Metric.SCREEN_SECONDS.value]
    days = [first_day + timedelta(days=n) for n in range((last_day - first_day).days + 1)]
    ends = totals[Metric.END_REASON.value]
    spoken = totals[Metric.LANGUAGE.value]
    return UsageReport(
        first_day=first_day,
        last_day=last_day,
        visits=total(Metric.VISITS),
        past_welcome=total(Metric.PAST_WELCOME),
        form_started=total(Metric.FORM_STARTED),
        requests=total(Metric.REQUESTS),
        per_day=tuple(Bar(day.isoformat(), per_day[day.isoformat()]) for day in days),
        funnel=tuple(funnel),
        end_reasons=tuple(Bar(words, ends[reason]) for reason, words in END_WORDS.items()),
        languages=tuple(Bar(name, spoken[code]) for code, name in languages.items()),
        aids=tuple(Bar(words, total(metric)) for metric, words in AID_WORDS.items()),
        abandoned=tuple(
            Bar(name, count) for name, count in totals[Metric.FORM_ABANDONED.value].most_common()
        ),
        seconds=tuple(
            Bar(label, round(seconds[page] / views[page])) for page, label in flow if views[page]
        ),
    )


def flow_of(content: Content, language: str) -> list[tuple[str, str]]:
    """(page id, label) along the kiosk's flow: "1 Welcome", "2 …", then the form and the
    thank-you screen, so a funnel reads in the order patients walk it."""
    pages = [
        (screen.id, f"{number} {screen.title.get(language)}")
        for number, screen in enumerate(content.screens, start=1)
    ]
    return pages + list(PAGE_WORDS.items())


def report_for(
    source: UsageSource, content: Content, days: int, today: date, language: str = ""
) -> UsageReport:
    """The last `days` days up to `today`, labelled from `content` in `language` (default:
    the content's first language)."""
    language = language or content.default_language
    first, last = day_range(days, today)
    rows = source.rows(first.isoformat(), last.isoformat())
    names = {lang.code: lang.name for lang in content.languages}
    return build_report(rows, first, last, flow_of(content, language), names)
