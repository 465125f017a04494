"""The exporter registry: every file format the front desk can export, by id.

An exporter is an id (the CLI's `--format`, the audit's `format`), a label (the staff
export page's button), a file suffix and a writer. The CLI's choices and the staff page's
buttons are built from this list, so adding a format is one `register(...)` call and
nothing else checks format strings. Writers import their libraries when first called, so
building the command line or the staff page stays cheap. See docs/architecture.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from kiosk.requests.model import ConsultationRequest

# (requests, destination, clinic's phone region) -> how many were written. Raises
# ExportError; on any failure nothing is left at the destination.
Writer = Callable[[Iterable[ConsultationRequest], Path, str], int]


class ExportError(Exception):
    """The export could not be written; nothing was left behind at the destination.
    The message names no patient data, so it can be shown and logged as it is."""


@dataclass(frozen=True, slots=True)
class Exporter:
    id: str  # lower-case token: "csv"
    label: str  # the staff page's button: "Spreadsheet (CSV, for Excel)"
    suffix: str  # file suffix without the dot: "csv"
    write: Writer


_REGISTRY: dict[str, Exporter] = {}


def register(exporter: Exporter) -> Exporter:
    """Add a format; ids are unique (a second registration of an id is a bug)."""
    if exporter.id in _REGISTRY:
        raise ValueError(f"exporter {exporter.id!r} is already registered")
    _REGISTRY[exporter.id] = exporter
    return exporter


def exporters() -> tuple[Exporter, ...]:
    """Every format, in registration order (the first is the default)."""
    return tuple(_REGISTRY.values())


def exporter_ids() -> tuple[str, ...]:
    return tuple(_REGISTRY)


def get_exporter(exporter_id: str) -> Exporter:
    """The exporter with this id; ExportError naming the known ones otherwise."""
    try:
        return _REGISTRY[exporter_id]
    except KeyError:
        known = ", ".join(_REGISTRY)
        raise ExportError(f"unknown export format {exporter_id!r} (use {known})") from None


def _write_csv(requests: Iterable[ConsultationRequest], path: Path, region: str) -> int:
    from kiosk.requests.export import write_csv

    return write_csv(requests, path, region=region)


def _write_json(requests: Iterable[ConsultationRequest], path: Path, region: str) -> int:
    from kiosk.requests.export import write_json

    return write_json(requests, path)


def _write_fhir(requests: Iterable[ConsultationRequest], path: Path, region: str) -> int:
    from kiosk.requests.export import export_failure
    from kiosk.requests.fhir import write_fhir

    try:
        return write_fhir(requests, path)
    except Exception as exc:
        raise export_failure(exc, path) from None


register(Exporter("csv", "Spreadsheet (CSV, for Excel)", "csv", _write_csv))
register(Exporter("json", "JSON (for other programs)", "json", _write_json))
register(Exporter("fhir", "FHIR (for the EHR)", "fhir.json", _write_fhir))
