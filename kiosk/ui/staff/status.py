"""Status changes with one step of undo, each audited by request id (no Qt here).

`set_status` returns the previous status, which is all undo needs; the reference code is
kept only to word the messages ("K7Q4MC is now contacted"), it names no patient.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.requests.model import ConsultationRequest, Status
from kiosk.requests.store import RequestStore, StoreError
from kiosk.staff.audit import AuditLog
from kiosk.ui.staff.support import record
from kiosk.ui.staff.table import STATUS_WORDS

MARKED = "{code} is now {status}. Tap Undo to change it back."
UNDONE = "{code} is {status} again."
FAILED = "Could not change the status: {reason}"
GONE = "this request no longer exists."


class _Refused(Exception):
    """The store did not change the status; the text is safe to show (no patient data)."""


@dataclass(frozen=True)
class _Change:
    request_id: str
    code: str
    previous: Status


class StatusChanges:
    """Applies status changes; remembers the last one so it can be undone once."""

    def __init__(self, store: RequestStore, audit: AuditLog) -> None:
        self._store, self._audit = store, audit
        self._last: _Change | None = None

    def can_undo(self) -> bool:
        return self._last is not None

    def forget(self) -> None:
        self._last = None

    def change(self, request: ConsultationRequest, status: Status) -> str:
        """Set `status`; returns the message for staff."""
        try:
            previous = self._apply(request.id, status)
        except _Refused as refused:
            return FAILED.format(reason=refused)
        self._last = _Change(request.id, request.reference_code, previous)
        return MARKED.format(code=request.reference_code, status=STATUS_WORDS[status].lower())

    def undo(self) -> tuple[str, str]:
        """Put the last changed request back; returns (its id, the message for staff).
        Call only when `can_undo()`."""
        last, self._last = self._last, None
        assert last is not None
        try:
            self._apply(last.request_id, last.previous)
        except _Refused as refused:
            return last.request_id, FAILED.format(reason=refused)
        word = STATUS_WORDS[last.previous].lower()
        return last.request_id, UNDONE.format(code=last.code, status=word)

    def _apply(self, request_id: str, status: Status) -> Status:
        try:
            previous = self._store.set_status(request_id, status)
        except StoreError as error:
            self._last = None
            raise _Refused(str(error)) from None
        except KeyError:  # purged or deleted meanwhile
            self._last = None
            raise _Refused(GONE) from None
        record(self._audit, "status_change", request_id=request_id,
               from_status=previous.value, to_status=status.value)  # fmt: skip
        return previous
