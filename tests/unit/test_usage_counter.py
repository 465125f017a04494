"""A scripted set of visits through a real Session into a real SQLite file gives exactly the
expected counters, funnel and opt-in rate, in the hour each visit began."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

import pytest

from kiosk.requests.store import StoreError
from kiosk.session import FORM, THANKS, EndReason, Session
from kiosk.usage.counter import UsageCounter
from kiosk.usage.metrics import Metric
from kiosk.usage.report import build_report
from kiosk.usage.store import SqliteUsageStore, UsageSink, UsageSource, open_usage_store

SCREENS = ["attract", "s1", "s2", "s3", "s4", "s5", "s6"]
FLOW = [*SCREENS, FORM, THANKS]


class Clocks:
    """The wall time a visit begins at, and monotonic seconds, both set by the test."""

    def __init__(self) -> None:
        self.wall = datetime(2026, 12, 1, 10, 15)
        self.seconds = 0.0

    def at(self, hour: int, minute: int, day: int = 1) -> None:
        self.wall = datetime(2026, 12, day, hour, minute)

    def wait(self, seconds: float) -> None:
        self.seconds += seconds


@pytest.fixture
def kiosk(tmp_path):
    store = SqliteUsageStore(tmp_path / "requests.sqlite3")
    clocks = Clocks()
    session = Session(SCREENS, "en")
    counter = UsageCounter(
        store, "lobby-1", FLOW, "en", now=lambda: clocks.wall, clock=lambda: clocks.seconds
    )
    session.listeners.append(counter)
    yield session, clocks, store
    store.close()


def walk(session: Session, clocks: Clocks, steps: int, seconds: float = 10) -> None:
    for _ in range(steps):
        session.next()
        clocks.wait(seconds)


def scripted_visits(session: Session, clocks: Clocks) -> None:
    # 1: walk to screen 5 and leave with Start over
    clocks.at(10, 15)
    walk(session, clocks, 5)
    session.reset(EndReason.START_OVER)
    # 2: a request, then the thank-you screen times out
    clocks.at(10, 40)
    walk(session, clocks, 1)
    session.open_form()
    session.field_entered("name")
    session.field_left("name")
    session.field_entered("phone")
    session.submitted()
    session.reset(EndReason.THANKS)
    # 3: two screens, then walked away
    clocks.at(11, 5)
    walk(session, clocks, 2)
    session.reset(EndReason.IDLE)
    # 4: Spanish, Listen, text size, contrast; the form left at the name field
    clocks.at(11, 20)
    session.set_language("es")
    walk(session, clocks, 1)
    session.listened()
    session.next_text_level(3)
    session.set_high_contrast(True)
    session.open_form()
    session.field_entered("name")
    session.reset(EndReason.IDLE)


def counts(store: SqliteUsageStore, first: str = "2026-12-01", last: str = "2026-12-02"):
    return {(row.metric, row.key): row.value for row in store.rows(first, last)}


def test_scripted_visits_give_exactly_the_expected_counters(kiosk):
    session, clocks, store = kiosk
    scripted_visits(session, clocks)
    assert counts(store) == {
        ("visits", ""): 4,
        ("past_welcome", ""): 4,
        ("furthest", "s5"): 1,
        ("furthest", THANKS): 1,
        ("furthest", "s2"): 1,
        ("furthest", FORM): 1,
        ("end_screen", "s5"): 1,
        ("end_screen", THANKS): 1,
        ("end_screen", "s2"): 1,
        ("end_screen", FORM): 1,
        ("end_reason", "start_over"): 1,
        ("end_reason", "thanks"): 1,
        ("end_reason", "idle"): 2,
        ("form_started", ""): 2,
        ("form_abandoned", "name"): 1,
        ("requests", ""): 1,
        ("language", "en"): 3,
        ("language", "es"): 1,
        ("listen", ""): 1,
        ("text_size", ""): 1,
        ("contrast", ""): 1,
        # s1 shown in all four visits, 10 s each (visit 4's s1 visit is 10 s as well)
        ("screen_views", "s1"): 4, ("screen_seconds", "s1"): 40,
        ("screen_views", "s2"): 2, ("screen_seconds", "s2"): 20,
        ("screen_views", "s3"): 1, ("screen_seconds", "s3"): 10,
        ("screen_views", "s4"): 1, ("screen_seconds", "s4"): 10,
        ("screen_views", "s5"): 1, ("screen_seconds", "s5"): 10,
        ("screen_views", FORM): 2,  # no time passed on the form: a 0 is not stored
        ("screen_views", THANKS): 1,
    }  # fmt: skip


def test_the_report_gives_the_funnel_and_opt_in_rate(kiosk):
    session, clocks, store = kiosk
    scripted_visits(session, clocks)
    flow = [(page, page.upper()) for page in FLOW]
    report = build_report(
        store.rows("2026-12-01", "2026-12-01"), date(2026, 12, 1), date(2026, 12, 1), flow,
        {"en": "English", "es": "Español"},
    )  # fmt: skip
    # reached at least: all 4 left the welcome screen; s3 and beyond: visit 1 (s5), 2 and 4
    # (the form comes after every screen); the thank-you screen: visit 2 only
    assert [(bar.label, bar.value) for bar in report.funnel] == [
        ("ATTRACT", 4), ("S1", 4), ("S2", 4), ("S3", 3), ("S4", 3), ("S5", 3), ("S6", 2),
        ("FORM", 2), ("THANKS", 1),
    ]  # fmt: skip
    assert report.visits == 4 and report.requests == 1 and report.past_welcome == 4
    assert report.opt_in == pytest.approx(0.25)
    assert [(bar.label, bar.value) for bar in report.languages] == [("English", 3), ("Español", 1)]
    assert [bar.value for bar in report.end_reasons] == [1, 2, 1, 0]  # start over, idle, ...
    assert [bar.value for bar in report.aids] == [1, 1, 1]
    assert [(bar.label, bar.value) for bar in report.abandoned] == [("name", 1)]
    assert report.per_day == (report.per_day[0],) and report.per_day[0].value == 4


def test_counters_are_per_hour_and_nothing_finer(kiosk, tmp_path):
    session, clocks, store = kiosk
    scripted_visits(session, clocks)
    hourly = {(row.hour, row.metric): row.value for row in store.rows(
        "2026-12-01", "2026-12-01", hourly=True) if not row.key}  # fmt: skip
    assert hourly[(10, "visits")] == 2 and hourly[(11, "visits")] == 2
    assert hourly[(10, "requests")] == 1 and (11, "requests") not in hourly
    with sqlite3.connect(tmp_path / "requests.sqlite3") as conn:
        columns = [row[1] for row in conn.execute("PRAGMA table_info(usage_counts)")]
        days = {row[0] for row in conn.execute("SELECT day FROM usage_counts")}
    # sent_value: the number a PostgreSQL server last confirmed (forwarding), nothing more
    assert columns == ["kiosk", "day", "hour", "metric", "key", "value", "sent_value"]
    assert days == {"2026-12-01"}  # a date, not a time: the hour is its own 0-23 column


def test_a_visit_spanning_midnight_counts_on_the_day_and_hour_it_began(kiosk):
    session, clocks, store = kiosk
    clocks.at(23, 55)
    walk(session, clocks, 3, seconds=200)
    clocks.at(0, 6, day=2)  # Start over tapped after midnight
    session.reset(EndReason.START_OVER)
    rows = store.rows("2026-12-01", "2026-12-02", hourly=True)
    assert {(row.day, row.hour) for row in rows} == {("2026-12-01", 23)}
    assert counts(store)[("visits", "")] == 1


def test_only_a_visit_that_began_is_counted_and_only_once(kiosk):
    session, _clocks, store = kiosk
    session.reset(EndReason.IDLE)
    session.next()
    session.back()  # the first screen's Back: the window then starts over
    session.reset(EndReason.START_OVER)
    assert counts(store)[("visits", "")] == 1
    session.field_left("name")  # focus leaving a field as the form is wiped: no new visit
    session.reset(EndReason.START_OVER)
    assert counts(store)[("visits", "")] == 1


def test_a_scheduled_flush_writes_only_when_it_runs(tmp_path):
    store = SqliteUsageStore(tmp_path / "requests.sqlite3")
    queued = []
    session = Session(SCREENS, "en")
    session.listeners.append(UsageCounter(store, "", FLOW, "en", schedule=queued.append))
    for _ in range(3):
        session.next()
        session.reset(EndReason.START_OVER)
    assert store.rows("2000-01-01", "2100-01-01") == [] and len(queued) == 1
    queued[0]()
    assert counts(store, "2000-01-01", "2100-01-01")[("visits", "")] == 3
    store.close()


def test_counts_wait_for_a_store_that_cannot_be_written(tmp_path):
    class Refusing:  # a store that is full, then has room again
        def __init__(self) -> None:
            self.full = True
            self.added: list[dict] = []

        def add(self, kiosk, counts):
            if self.full:
                raise StoreError("Could not save the usage counters (SQLITE_FULL).")
            self.added.append(dict(counts))

    sink = Refusing()
    assert isinstance(sink, UsageSink)
    session = Session(SCREENS, "en")
    counter = UsageCounter(sink, "", FLOW, "en")
    session.listeners.append(counter)
    session.next()
    session.reset(EndReason.START_OVER)
    sink.full = False
    session.next()
    session.reset(EndReason.IDLE)
    visits = [value for key, value in sink.added[0].items() if key[2] == Metric.VISITS]
    assert visits == [2]


def test_the_store_keeps_counters_beside_the_requests(tmp_path):
    from kiosk.requests.stores import open_store

    with open_store(tmp_path):
        pass
    store = open_usage_store(tmp_path, create=False)
    assert isinstance(store, UsageSource)
    store.add("lobby", {("2026-12-01", 9, "visits", ""): 2})
    store.add("lobby", {("2026-12-01", 9, "visits", ""): 3})
    assert counts(store)[("visits", "")] == 5
    store.close()
    assert (tmp_path / "requests.sqlite3").stat().st_mode & 0o777 == 0o600
    with pytest.raises(StoreError, match="No request database"):
        open_usage_store(tmp_path / "elsewhere", create=False).rows("2026-12-01", "2026-12-01")


def test_a_fault_in_counting_never_reaches_the_patient(tmp_path, caplog):
    store = SqliteUsageStore(tmp_path / "requests.sqlite3")
    session = Session(SCREENS, "en")
    counter = UsageCounter(store, "", FLOW, "en", now=lambda: None)  # type: ignore[arg-type]
    session.listeners.append(counter)
    session.next()  # the counter cannot read the time: it drops the visit, quietly
    session.next()
    session.reset(EndReason.START_OVER)
    assert session.on_attract and store.rows("2000-01-01", "2100-01-01") == []
    assert "usage counter dropped a visit: AttributeError" in caplog.text
    store.close()
