"""Consultation requests as one FHIR R4 Bundle (JSON), for a clinic's interface engine.

Plain dicts and the standard `json` module: no FHIR library at run time (the tests validate
the output with one). The mapping, and why the Bundle is a `collection`, is in docs/fhir.md.

Per request, two entries: a Patient (the name as typed, phone in E.164, email, the visit's
language) and a ServiceRequest (a consultation proposed by the patient, for lumbar spinal
stenosis) whose subject and requester are that Patient, linked by `urn:uuid:` full URLs.
The Patient's UUID is derived from the request's, so exporting twice gives the same
references. Entries are streamed, so 100,000 requests never sit in memory as one string.
"""

from __future__ import annotations

import io
import json
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from kiosk.requests.atomic import atomic_file
from kiosk.requests.model import ConsultationRequest, ContactMethod
from kiosk.staff.wording import TIME_WORDS

SNOMED = "http://snomed.info/sct"
CONSULTATION = ("11429006", "Consultation")  # SNOMED CT, procedure
LUMBAR_SPINAL_STENOSIS = ("18347007", "Spinal stenosis of lumbar region")  # SNOMED CT, disorder
LANGUAGE_SYSTEM = "urn:ietf:bcp:47"
UUID_SYSTEM = "urn:ietf:rfc:3986"  # an identifier whose value is itself a URI (urn:uuid:…)
REFERENCE_CODE_TYPE = "Kiosk reference code"
KIOSK_NOTE = "Sent from the kiosk: {kiosk}"
# Patients' UUIDs: uuid5(this namespace, the request's id); any fixed UUID would do.
PATIENT_NAMESPACE = uuid.UUID("5b0c6f3e-6a53-4f0e-9d8a-2f8f6f7d1c11")


def patient_url(request: ConsultationRequest) -> str:
    return f"urn:uuid:{uuid.uuid5(PATIENT_NAMESPACE, request.id)}"


def request_url(request: ConsultationRequest) -> str:
    return f"urn:uuid:{request.id}"


def _telecom(request: ConsultationRequest) -> list[dict[str, object]]:
    """Phone, text (the same number) and email, ranked by the patient's preferred method
    (rank 1 = use first). A text message preference adds an `sms` point before the call."""
    points: list[tuple[str, str]] = []
    if request.phone:
        if request.contact_method is ContactMethod.TEXT:
            points.append(("sms", request.phone))
        points.append(("phone", request.phone))
    if request.email:
        first = request.contact_method is ContactMethod.EMAIL
        points.insert(0 if first else len(points), ("email", request.email))
    return [
        {"system": system, "value": value, "rank": rank}
        for rank, (system, value) in enumerate(points, start=1)
    ]


def patient(request: ConsultationRequest) -> dict[str, object]:
    """The person as they gave themselves: the name exactly as typed, in `text` (a name in
    any script cannot be split into given and family names reliably)."""
    return {
        "resourceType": "Patient",
        "name": [{"text": request.name}],
        "telecom": _telecom(request),
        "communication": [
            {
                "language": {"coding": [{"system": LANGUAGE_SYSTEM, "code": request.language}]},
                "preferred": True,
            }
        ],
    }


def _instruction(request: ConsultationRequest) -> str:
    text = f"Best time to call: {TIME_WORDS[request.best_time]}."
    return f"{text}\nNote from the patient: {request.note}" if request.note else text


def _coding(code: tuple[str, str]) -> dict[str, object]:
    return {"coding": [{"system": SNOMED, "code": code[0], "display": code[1]}], "text": code[1]}


def service_request(request: ConsultationRequest, patient: str) -> dict[str, object]:
    """The consultation the patient asked for (`patient`: the Patient's full URL).
    Self-check answers go in `note` only when the patient chose to include them (the store
    keeps them empty otherwise); so does the kiosk's name, when it has one."""
    who = {"reference": patient}
    resource: dict[str, object] = {
        "resourceType": "ServiceRequest",
        "identifier": [
            {"use": "official", "system": UUID_SYSTEM, "value": request_url(request)},
            {
                "use": "secondary",
                "type": {"text": REFERENCE_CODE_TYPE},
                "value": request.reference_code,
            },
        ],
        "status": "active",
        "intent": "proposal",
        "code": _coding(CONSULTATION),
        "subject": who,
        "authoredOn": request.created_at,
        "requester": who,
        "reasonCode": [_coding(LUMBAR_SPINAL_STENOSIS)],
        "patientInstruction": _instruction(request),
    }
    notes = []
    if request.self_check:
        answers = "\n".join(f"- {answer}" for answer in request.self_check)
        notes.append({"text": f"Self-check answers the patient chose to share:\n{answers}"})
    if request.kiosk:  # which kiosk a reference code was drawn on (codes are per kiosk)
        notes.append({"text": KIOSK_NOTE.format(kiosk=request.kiosk)})
    if notes:
        resource["note"] = notes
    return resource


def entries(request: ConsultationRequest) -> list[dict[str, object]]:
    person = patient_url(request)
    return [
        {"fullUrl": person, "resource": patient(request)},
        {"fullUrl": request_url(request), "resource": service_request(request, person)},
    ]


_ENCODE = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode  # plain dicts


def write_fhir(requests: Iterable[ConsultationRequest], path: Path) -> int:
    """Write one Bundle of type `collection` and return how many requests it holds. No
    requests: a Bundle without `entry` (FHIR JSON allows no empty arrays). Raises OSError;
    the caller turns it into an ExportError (nothing is left behind: `atomic_file`)."""
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    head = {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "type": "collection",
        "timestamp": stamp,
    }
    count = 0
    with atomic_file(Path(path)) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
        text.write(json.dumps(head, ensure_ascii=False)[:-1])  # left open: entries follow
        for request in requests:
            text.write(',\n"entry": [\n  ' if count == 0 else ",\n  ")
            first, second = entries(request)
            text.write(f"{_ENCODE(first)},\n  {_ENCODE(second)}")
            count += 1
        text.write("\n]}\n" if count else "}\n")
        text.flush()
        text.detach()
    return count
