"""Store reads off the GUI thread: the request list's queries and the Usage page's counts.

A search over thousands of requests can take longer than a frame, a server that does not
answer takes seconds (pg_connect's timeout), and a keystroke or a click must never wait for
either. `Background.ask(job)` runs `job()` on a one-thread pool (so answers come in order)
and reports back by signal; a job opens its own connection (`RequestInbox.clone()`, a usage
source's `clone()`: a connection belongs to its thread). Only the newest job's answer is
passed on, so a slow early answer never overwrites a later one; a job overtaken before it
starts is skipped (three clicks during an outage do not queue three timeouts); `cancel()`
(the area locking) drops answers still on their way. See docs/architecture.md.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from kiosk.requests.model import ConsultationRequest, Status
from kiosk.requests.store import RequestInbox, StoreError

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Carries a worker's answer to the GUI thread (queued: it lives there)."""

    done = Signal(int, object)  # job number, its answer
    failed = Signal(int, str)  # job number, message (data-free, from StoreError)


class _Job(QRunnable):
    def __init__(
        self, job: Callable[[], object], number: int, owner: Background, relay: _Relay
    ) -> None:
        super().__init__()
        self._job, self._number, self._owner, self._relay = job, number, owner, relay

    def run(self) -> None:
        if self._number != self._owner.newest:  # overtaken while it waited: nobody wants it
            return
        try:
            answer = self._job()
        except StoreError as error:  # its message names no patient data
            self._relay.failed.emit(self._number, str(error))
            return
        except Exception as error:  # never echo other texts: they might quote a request
            log.error("background store read failed: %s", type(error).__name__)
            self._relay.failed.emit(self._number, f"unexpected {type(error).__name__}")
            return
        self._relay.done.emit(self._number, answer)


class Background(QObject):
    """`ask(job)` runs `job()` off the GUI thread; emits `answered(answer)` or
    `failed(message)` for the newest job only."""

    answered = Signal(object)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)  # made first, so it is deleted (and waits) first
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.done.connect(self._done)
        self._relay.failed.connect(self._failed)
        self.newest = 0  # read by the worker: an int, replaced whole
        self._answered = 0

    def ask(self, job: Callable[[], object]) -> None:
        self.newest += 1
        self._pool.start(_Job(job, self.newest, self, self._relay))

    def cancel(self) -> None:
        """Forget jobs on their way (their answers are dropped; those not begun, skipped)."""
        self.newest += 1
        self._answered = self.newest

    def busy(self) -> bool:
        """True while the newest job has not answered."""
        return self._answered < self.newest

    def _done(self, number: int, answer: object) -> None:
        if number == self.newest:
            self._answered = number
            self.answered.emit(answer)

    def _failed(self, number: int, message: str) -> None:
        if number == self.newest:
            self._answered = number
            self.failed.emit(message)


def _list_and_count(
    inbox: RequestInbox, search: str
) -> tuple[list[ConsultationRequest], dict[Status, int]]:
    reader = inbox.clone()
    try:
        return reader.list(search=search), reader.counts()
    finally:
        reader.close()


class RequestQueries(Background):
    """`request(search)` lists and counts in the background; emits `listed(requests,
    counts)` or `failed(message)` for the newest request only."""

    listed = Signal(object, object)

    def __init__(self, inbox: RequestInbox, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._inbox = inbox
        self.answered.connect(lambda answer: self.listed.emit(*answer))

    def request(self, search: str) -> None:
        self.ask(partial(_list_and_count, self._inbox, search))
