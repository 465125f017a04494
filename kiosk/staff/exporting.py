"""Export requests to a file: the one path the command line and the staff area share.

The format comes from the exporter registry (kiosk/requests/exporters.py); every problem is
an `ExportError` whose message names no patient data; a written file is audited once, and
an audit log that cannot be written (full or read-only disk) is reported, never raised,
since the file is already complete. See docs/architecture.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kiosk.requests.exporters import ExportError, get_exporter
from kiosk.requests.model import ConsultationRequest, Status
from kiosk.requests.store import RequestInbox, StoreError
from kiosk.staff.audit import AuditLog, record_safely


@dataclass(frozen=True, slots=True)
class ExportResult:
    count: int  # requests written
    path: Path
    format: str  # the exporter's id
    new_ids: tuple[str, ...]  # written requests that were new (to mark them contacted)
    audited: bool  # False when the audit log could not be written
    skipped: tuple[str, ...] = ()  # sealed requests altered on disk: reported by id, not written


def export_requests(
    inbox: RequestInbox,
    out: Path,
    fmt: str,
    audit: AuditLog,
    *,
    only_new: bool = False,
    note_new: bool = False,
    region: str = "US",
) -> ExportResult:
    """Write every request (or only new ones) to `out` with the exporter `fmt`; with
    `note_new`, the result lists the new requests written (to mark them contacted).
    `region` is the clinic's country, for how phones are written. Raises ExportError."""
    exporter = get_exporter(fmt)
    try:
        locked = inbox.locked_count()
    except StoreError as error:
        raise ExportError(f"Could not export: {error}") from None
    if locked:  # never a file with holes: every sealed request is opened, or none is written
        raise ExportError(
            f"{locked} requests are sealed and no key given opens them; nothing was written. "
            "Open them with the front desk's private key first (staff area: lock, then "
            "unlock with the key; command line: --key private-key.pem)"
        )
    new_ids: list[str] = []

    def rows() -> Iterator[ConsultationRequest]:
        for request in inbox.export_rows():
            if request.status is Status.NEW:
                new_ids.append(request.id)
            elif only_new:
                continue
            yield request

    # Unfiltered, the store's own rows go to the writer: a SQLite store lets the CSV
    # writer have SQLite compute the cells (export.py), several times faster.
    requests = rows() if only_new or note_new else inbox.export_rows()
    try:
        count = exporter.write(requests, Path(out), region)
    except StoreError as error:  # its message is data-free by contract
        raise ExportError(f"Could not export: {error}") from None
    skipped = tuple(inbox.unopened)
    audited = record_safely(
        audit, "export", count=count, destination=str(out), format=exporter.id,
        skipped=len(skipped),
    )  # fmt: skip
    return ExportResult(count, Path(out), exporter.id, tuple(new_ids), audited, skipped)
