"""Status changes with one step of undo, each audited by request id (no Qt here).

`set_status` returns the previous status, which is all undo needs; the reference code is
kept only to word the messages ("K7Q4MC is now contacted"), it names no patient. Every
change says which status it expects (the one on screen), so a change made meanwhile by
another front desk is never overwritten: staff are told what it is now instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kiosk.requests.model import ConsultationRequest, Status
from kiosk.requests.store import RequestInbox, StatusConflict, StoreError
from kiosk.staff.audit import AuditLog, record_safely
from kiosk.staff.wording import STATUS_WORDS

MARKED = "{code} is now {status}."
UNDONE = "{code} is {status} again."
FAILED = "Could not change the status: {reason}"
GONE = "this request no longer exists."
CONFLICT = "Changed by another desk — now: {status}. {code} was left as it is."
MARKED_CONTACTED = "Marked {n} as contacted."
MARK_FAILED = "The file is complete, but marking them as contacted failed: {reason}"


class _Refused(Exception):
    """The store did not change the status; the text is safe to show (no patient data).
    `gone`: the request no longer exists (purged meanwhile); `current`: the status someone
    else gave it meanwhile."""

    def __init__(self, text: str, gone: bool = False, current: Status | None = None) -> None:
        super().__init__(text)
        self.gone = gone
        self.current = current


@dataclass(frozen=True)
class _Change:
    request_id: str
    code: str
    previous: Status
    status: Status  # what it was changed to: undo expects to find it still so


class StatusChanges:
    """Applies status changes; remembers the last one so it can be undone once."""

    def __init__(self, store: RequestInbox, audit: AuditLog) -> None:
        self._store, self._audit = store, audit
        self._last: _Change | None = None
        self.refused = False  # the last change or undo was not made (its message says why)

    def can_undo(self) -> bool:
        return self._last is not None

    def forget(self) -> None:
        self._last = None

    def change(self, request: ConsultationRequest, status: Status) -> str:
        """Set `status` if the request still has the status it was shown with; returns the
        message for staff."""
        self.refused = True
        try:
            previous = self._apply(request.id, status, expected=request.status)
        except _Refused as refused:
            return _refusal(refused, request.reference_code)
        self.refused = False
        self._last = _Change(request.id, request.reference_code, previous, status)
        return MARKED.format(code=request.reference_code, status=STATUS_WORDS[status].lower())

    def undo(self) -> tuple[str, str]:
        """Put the last changed request back; returns (its id, the message for staff).
        Call only when `can_undo()`."""
        last, self._last = self._last, None
        assert last is not None
        self.refused = True
        try:
            self._apply(last.request_id, last.previous, expected=last.status)
        except _Refused as refused:
            return last.request_id, _refusal(refused, last.code)
        self.refused = False
        word = STATUS_WORDS[last.previous].lower()
        return last.request_id, UNDONE.format(code=last.code, status=word)

    def _apply(self, request_id: str, status: Status, *, expected: Status) -> Status:
        try:
            previous = self._store.set_status(request_id, status, expected=expected)
        except StatusConflict as conflict:
            self._last = None
            raise _Refused(str(conflict), current=conflict.current) from None
        except StoreError as error:
            self._last = None
            raise _Refused(str(error)) from None
        except KeyError:  # purged or deleted meanwhile
            self._last = None
            raise _Refused(GONE, gone=True) from None
        record_safely(self._audit, "status_change", request_id=request_id,
                      from_status=previous.value, to_status=status.value)  # fmt: skip
        return previous

    def mark_contacted(self, request_ids: Iterable[str]) -> str:
        """Mark just-exported new requests as contacted, each audited; returns the message.
        Not undoable one by one, and it ends any pending undo (it must not cross an export)."""
        self._last = None
        marked = 0
        for request_id in request_ids:
            try:
                self._apply(request_id, Status.CONTACTED, expected=Status.NEW)
            except _Refused as refused:
                if refused.gone or refused.current is not None:
                    continue  # purged, or handled at another desk meanwhile: leave it
                return MARK_FAILED.format(reason=refused)
            marked += 1
        return MARKED_CONTACTED.format(n=marked)


def _refusal(refused: _Refused, code: str) -> str:
    """What staff read when a change was not made."""
    if refused.current is not None:
        return CONFLICT.format(status=STATUS_WORDS[refused.current], code=code)
    return FAILED.format(reason=refused)
