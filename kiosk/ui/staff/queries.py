"""The request list's store queries, off the GUI thread.

A search over thousands of requests can take longer than a frame, and a keystroke must
never wait for the disk. Each query runs on a one-thread pool (so they finish in order)
with its own connection (`RequestInbox.clone()`: a connection belongs to its thread), and
reports back by signal; only the newest query's answer is passed on, so a slow early
answer never overwrites a later one, and `cancel()` (the area locking) drops answers
still on their way. See docs/architecture.md.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from kiosk.requests.store import RequestInbox, StoreError

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Carries a worker's answer to the GUI thread (queued: it lives there)."""

    done = Signal(int, object, object)  # query number, requests, counts
    failed = Signal(int, str)  # query number, message (data-free, from StoreError)


class _Query(QRunnable):
    def __init__(self, inbox: RequestInbox, number: int, search: str, relay: _Relay) -> None:
        super().__init__()
        self._inbox, self._number, self._search, self._relay = inbox, number, search, relay

    def run(self) -> None:
        try:
            reader = self._inbox.clone()
            try:
                requests = reader.list(search=self._search)
                counts = reader.counts()
            finally:
                reader.close()
        except StoreError as error:  # its message names no patient data
            self._relay.failed.emit(self._number, str(error))
            return
        except Exception as error:  # never echo other texts: they might quote a request
            log.error("request list query failed: %s", type(error).__name__)
            self._relay.failed.emit(self._number, f"unexpected {type(error).__name__}")
            return
        self._relay.done.emit(self._number, requests, counts)


class RequestQueries(QObject):
    """`request(search)` lists and counts in the background; emits `listed(requests,
    counts)` or `failed(message)` for the newest request only."""

    listed = Signal(object, object)
    failed = Signal(str)

    def __init__(self, inbox: RequestInbox, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._inbox = inbox
        self._pool = QThreadPool(self)  # made first, so it is deleted (and waits) first
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.done.connect(self._done)
        self._relay.failed.connect(self._failed)
        self._newest = 0
        self._answered = 0

    def request(self, search: str) -> None:
        self._newest += 1
        self._pool.start(_Query(self._inbox, self._newest, search, self._relay))

    def cancel(self) -> None:
        """Forget queries on their way (their answers are dropped)."""
        self._newest += 1
        self._answered = self._newest

    def busy(self) -> bool:
        """True while the newest query has not answered."""
        return self._answered < self._newest

    def _done(self, number: int, requests: object, counts: object) -> None:
        if number == self._newest:
            self._answered = number
            self.listed.emit(requests, counts)

    def _failed(self, number: int, message: str) -> None:
        if number == self._newest:
            self._answered = number
            self.failed.emit(message)
