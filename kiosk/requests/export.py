"""Export requests for the front desk: CSV for a spreadsheet, JSON for other programs.

Files are written atomically and privately (see `atomic.atomic_file`): a failed export leaves
no partial file, and the message of `ExportError` names no patient data.

CSV safety (OWASP "CSV injection"): a cell starting with = + - @ TAB or CR is prefixed with a
single quote, so Excel and LibreOffice show it as text instead of running it as a formula.

Phones in the CSV are written as the front desk dials them from the clinic's country
(phonenumbers' "out of country" format: "1 (212) 555-2368" for a US number from a US clinic,
"011 44 20 7946 0958" for a UK one). That never starts with "+", so it needs no quote prefix
and spreadsheets keep it as text, whereas E.164 "+12125552368" would become the number
12125552368 and "+1 212-555-2368" a broken formula. The JSON keeps exact E.164.

Every format says which kiosk a request came from (settings `kiosk_name`, "" when unnamed),
as the last column or key, so spreadsheets and programs that read the older columns by
position still find them where they were.
"""

from __future__ import annotations

import codecs
import csv
import errno
import io
import json
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import phonenumbers

from kiosk.requests.atomic import atomic_file
from kiosk.requests.exporters import ExportError
from kiosk.requests.model import BestTime, ConsultationRequest, ContactMethod, Status
from kiosk.requests.store import StoreError
from kiosk.staff.wording import CSV_METHOD_WORDS, STATUS_WORDS, TIME_WORDS  # the JSON keeps codes

CSV_HEADERS = (
    "Reference", "Received (UTC)", "Status", "Name", "Phone", "Email", "Preferred contact",
    "Best time", "Note", "Self-check answers", "Language", "ID", "Kiosk",
)  # fmt: skip
JSON_KEYS = (
    "reference_code", "created_at", "status", "name", "phone", "email", "contact_method",
    "best_time", "note", "self_check", "language", "id", "kiosk",
)  # fmt: skip
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """Quote-prefix a cell a spreadsheet would otherwise treat as a formula."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def _slow_dial_format(e164: str, region: str) -> str:
    try:
        number = phonenumbers.parse(e164)
    except phonenumbers.NumberParseException:
        return neutralise(e164)
    return neutralise(phonenumbers.format_out_of_country_calling_number(number, region))


def dial_format(e164: str | None, region: str = "US") -> str:
    """The phone as dialled from `region`; see the module docstring."""
    if not e164:
        return ""
    # A North American number from a North American clinic: the same text phonenumbers
    # gives, without its per-number cost (it would dominate exporting 100,000 rows).
    if len(e164) == 12 and e164.startswith("+1") and e164[1:].isdigit() and _is_nanp(region):
        return f"1 ({e164[2:5]}) {e164[5:8]}-{e164[8:]}"
    return _slow_dial_format(e164, region)  # not cached: no phone numbers linger in memory


@lru_cache(maxsize=64)
def _is_nanp(region: str) -> bool:
    return phonenumbers.country_code_for_region(region) == 1


def _csv_row(request: ConsultationRequest, region: str) -> list[str]:
    cells = [
        request.reference_code,
        request.created_at,
        STATUS_WORDS[request.status],
        request.name,
        request.email or "",
        CSV_METHOD_WORDS[request.contact_method],
        TIME_WORDS[request.best_time],
        request.note,
        "; ".join(request.self_check),
        request.language,
        request.id,
        request.kiosk,
    ]
    # Inlined `neutralise` (this runs for every cell of 100,000 rows).
    cells = [cell if not cell.startswith(_FORMULA_START) else "'" + cell for cell in cells]
    cells.insert(4, dial_format(request.phone, region))
    return cells


@lru_cache(maxsize=1024)
def _checks_cell(self_check_json: str) -> str:
    """Cached like the store's decoding: the answers are content.yaml's texts, not typing."""
    return neutralise("; ".join(json.loads(self_check_json)))


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _sql_neutralised(expression: str) -> str:
    codes = ", ".join(str(ord(start)) for start in _FORMULA_START)
    quoted = "'''' || " + expression
    return f"CASE WHEN unicode({expression}) IN ({codes}) THEN {quoted} ELSE {expression} END"


def _sql_words(column: str, words: dict) -> str:
    cases = " ".join(
        f"WHEN {_sql_text(code)} THEN {_sql_text(text)}" for code, text in words.items()
    )
    return f"CASE {column} {cases} ELSE {column} END"


def _sql_cells(region: str) -> list[str]:
    """`_csv_row` as SQL over the requests table, for `ExportRows.select_sql`: the same cells,
    computed by SQLite (the North American phone shortcut too); other phones and the
    self-check answers call back into Python (kiosk_dial, kiosk_checks)."""
    phone = "kiosk_dial(phone)"
    if _is_nanp(region):
        digits = "[0-9]" * 10
        phone = (
            f"CASE WHEN phone GLOB '+1{digits}' THEN '1 (' || substr(phone, 3, 3) || ') '"
            f" || substr(phone, 6, 3) || '-' || substr(phone, 9) ELSE {phone} END"
        )
    return [
        _sql_neutralised("reference_code"),
        _sql_neutralised("created_at"),
        _sql_words("status", STATUS_WORDS),
        _sql_neutralised("name"),
        phone,
        _sql_neutralised("coalesce(email, '')"),
        _sql_words("contact_method", CSV_METHOD_WORDS),
        _sql_words("best_time", TIME_WORDS),
        _sql_neutralised("note"),
        "CASE self_check WHEN '[]' THEN '' ELSE kiosk_checks(self_check) END",
        _sql_neutralised("language"),
        _sql_neutralised("id"),
        _sql_neutralised("kiosk"),
    ]


def _csv_batches(requests: Iterable[ConsultationRequest], region: str) -> Iterator[list]:
    """Rows of CSV cells, in batches. A SQLite store's `export_rows()` has SQLite compute
    them (`select_sql`, ~1.6x faster for 100,000 rows) unless some are sealed; anything else
    goes through `_csv_row`."""
    select_sql = getattr(requests, "select_sql", None)
    if select_sql is not None and not getattr(requests, "sealed", False):
        functions = {
            "kiosk_dial": lambda e164: dial_format(e164, region),
            "kiosk_checks": _checks_cell,
        }
        yield from select_sql(_sql_cells(region), functions)
        return
    batch = []
    for request in requests:
        batch.append(_csv_row(request, region))
        if len(batch) == 1000:
            yield batch
            batch = []
    if batch:
        yield batch


class _Chunks(list[str]):
    """csv.writer target collecting text, flushed as one encoded write per batch of rows."""

    write = list.append


def export_failure(exc: BaseException, path: Path) -> ExportError:
    """The ExportError for a failed write: why, in words, never an exception's own text."""
    if isinstance(exc, OSError):
        if exc.errno == errno.ENOSPC:
            why = "the disk or USB stick is full"
        elif exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            why = "that folder is read-only or not writable"
        elif exc.errno == errno.ENOENT:
            why = "that folder does not exist"
        else:
            why = exc.strerror or f"error {exc.errno}"
    elif isinstance(exc, StoreError):  # its message is data-free by contract
        return ExportError(f"Could not export: {exc}")
    else:  # never echo other exception texts: they might quote a request
        why = f"unexpected {type(exc).__name__}"
    return ExportError(f"Could not write the export to {path.parent}: {why}.")


def write_csv(requests: Iterable[ConsultationRequest], path: Path, *, region: str = "US") -> int:
    """Write a UTF-8 CSV with BOM (so Excel reads accents) and return the row count.
    `region` is the clinic's country, for how phones are written."""
    path = Path(path)
    count = 0
    chunks = _Chunks()
    writer = csv.writer(chunks, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(CSV_HEADERS)
    try:
        with atomic_file(path) as handle:
            handle.write(codecs.BOM_UTF8)
            for batch in _csv_batches(requests, region):
                writer.writerows(batch)
                count += len(batch)
                handle.write("".join(chunks).encode("utf-8"))
                chunks.clear()
            handle.write("".join(chunks).encode("utf-8"))
    except Exception as exc:
        raise export_failure(exc, path) from None
    return count


def to_json_dict(request: ConsultationRequest) -> dict[str, object]:
    """Plain JSON values under JSON_KEYS, in that order."""
    return {
        "reference_code": request.reference_code,
        "created_at": request.created_at,
        "status": request.status.value,
        "name": request.name,
        "phone": request.phone,
        "email": request.email,
        "contact_method": request.contact_method.value,
        "best_time": request.best_time.value,
        "note": request.note,
        "self_check": list(request.self_check),
        "language": request.language,
        "id": request.id,
        "kiosk": request.kiosk,
    }


def from_json_dict(data: dict[str, object]) -> ConsultationRequest:
    """Inverse of `to_json_dict` (for re-import and tests)."""
    return ConsultationRequest(
        name=str(data["name"]),
        phone=data["phone"],  # type: ignore[arg-type]
        email=data["email"],  # type: ignore[arg-type]
        contact_method=ContactMethod(data["contact_method"]),
        best_time=BestTime(data["best_time"]),
        note=str(data["note"]),
        self_check=tuple(data["self_check"]),  # type: ignore[arg-type]
        language=str(data["language"]),
        id=str(data["id"]),
        created_at=str(data["created_at"]),
        status=Status(data["status"]),
        reference_code=str(data["reference_code"]),
        kiosk=str(data.get("kiosk", "")),  # files exported before the kiosk was named
    )


def write_json(requests: Iterable[ConsultationRequest], path: Path) -> int:
    """Write a UTF-8 JSON list of objects (keys JSON_KEYS) and return the count. Streams,
    so 100,000 requests never sit in memory as one string."""
    path = Path(path)
    count = 0
    try:
        with atomic_file(path) as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
            text.write("[")
            for request in requests:
                text.write(",\n  " if count else "\n  ")
                text.write(json.dumps(to_json_dict(request), ensure_ascii=False))
                count += 1
            text.write("\n]\n" if count else "]\n")
            text.flush()
            text.detach()
    except Exception as exc:
        raise export_failure(exc, path) from None
    return count


def read_json(path: Path) -> list[ConsultationRequest]:
    """Load a file written by `write_json`."""
    with open(path, encoding="utf-8") as handle:
        return [from_json_dict(item) for item in json.load(handle)]
