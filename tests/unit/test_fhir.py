"""The FHIR R4 export: a realistic store (many scripts, email-only, phone-only, notes with
quotes and newlines) through the shared export path, validated by `fhir.resources` (R4B
models, test-only) and by our own checks of what such a library does not check: the
SNOMED CT codes, E.164 phones, references, ranks and that every request is there once."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.servicerequest import ServiceRequest

from kiosk.requests.exporters import ExportError, get_exporter
from kiosk.requests.fhir import KIOSK_NOTE, PATIENT_NAMESPACE, SNOMED, UUID_SYSTEM
from kiosk.requests.model import BestTime, ContactMethod, ValidRequest
from kiosk.requests.store import DB_NAME, SqliteRequestStore
from kiosk.requests.stores import open_store
from kiosk.sealing.keys import PUBLIC_KEY_FILE, create_key_pair, load_public_key
from kiosk.sealing.seal import Sealer
from kiosk.staff.audit import AuditLog
from kiosk.staff.exporting import export_requests

E164 = re.compile(r"\+[1-9][0-9]{6,14}")
NOTE = 'She said "only after 3 pm", it\'s \\ fine\nsecond line\n\nthird — «ok»'


def request(name: str, phone: str | None, email: str | None, **more: object) -> ValidRequest:
    values: dict[str, object] = {
        "name": name, "phone": phone, "email": email, "contact_method": ContactMethod.CALL,
        "best_time": BestTime.ANY, "note": "", "self_check": (), "language": "en",
    }  # fmt: skip
    values.update(more)
    return ValidRequest(**values)  # type: ignore[arg-type]


REALISTIC = (
    request("José Núñez-Ærø", "+12125552368", "jose@example.org", language="es",
            best_time=BestTime.MORNING, note=NOTE,
            self_check=("Leg pain when I walk", "Better when I sit 🪑")),
    request("王小明", None, "wang@example.cn", contact_method=ContactMethod.EMAIL,
            language="zh"),  # email only
    request("Ana 😀 Pérez", "+34612345678", None, contact_method=ContactMethod.TEXT,
            best_time=BestTime.EVENING),  # phone only, texts first
    request("Zoë O'Brien-Łukasz", "+442079460958", None, note='"quoted"'),
    request("김민준 Müller", "+12125550147", "kim@example.com",
            contact_method=ContactMethod.EMAIL, note="x\ny"),
)  # fmt: skip


def verhoeff_ok(number: str) -> bool:
    """SNOMED CT identifiers end in a Verhoeff check digit; a mistyped code fails it."""
    d = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
         [2, 3, 4, 0, 1, 7, 8, 9, 5, 6], [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
         [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
         [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
         [8, 7, 6, 5, 9, 3, 2, 1, 0, 4], [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]]  # fmt: skip
    p = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
         [5, 8, 0, 3, 7, 9, 6, 1, 4, 2], [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
         [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
         [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8]]  # fmt: skip
    check = 0
    for i, digit in enumerate(reversed(number)):
        check = d[check][p[i % 8][int(digit)]]
    return check == 0


def snomed_concept(code: str) -> bool:
    """A SNOMED CT concept id: 6-18 digits, partition "00" (a concept), valid check digit."""
    return code.isdigit() and 6 <= len(code) <= 18 and code[-3:-1] == "00" and verhoeff_ok(code)


def export(
    tmp_path: Path, requests: tuple[ValidRequest, ...], kiosk: str = ""
) -> tuple[dict, list]:
    """Save `requests` as the kiosk named `kiosk` would, and export them as FHIR."""
    data = tmp_path / "data"
    with open_store(data) as store:
        store.kiosk_name = kiosk
        saved = [store.add(r) for r in requests]
        out = tmp_path / "requests.fhir.json"
        result = export_requests(store, out, "fhir", AuditLog(data))
    assert result.count == len(requests) and result.format == "fhir"
    assert out.stat().st_mode & 0o777 == 0o600
    return json.loads(out.read_text(encoding="utf-8")), saved


def by_url(bundle: dict) -> dict[str, dict]:
    return {entry["fullUrl"]: entry["resource"] for entry in bundle["entry"]}


@pytest.mark.parametrize("kiosk", ["", "Second floor «B» 😀"])
def test_the_export_is_a_valid_r4_bundle_every_resource_passes(tmp_path: Path, kiosk) -> None:
    bundle, saved = export(tmp_path, REALISTIC, kiosk)
    parsed = Bundle.model_validate(bundle)  # raises on any invalid element
    assert parsed.type == "collection" and len(parsed.entry) == 2 * len(saved)
    kinds = [type(entry.resource) for entry in parsed.entry]
    assert kinds == [Patient, ServiceRequest] * len(saved)
    for entry in bundle["entry"]:  # each resource alone, too
        model = Patient if entry["resource"]["resourceType"] == "Patient" else ServiceRequest
        model.model_validate(entry["resource"])
        assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", entry["fullUrl"])


def test_every_request_is_present_once_with_its_name_and_phone_exact(tmp_path: Path) -> None:
    bundle, saved = export(tmp_path, REALISTIC)
    resources = by_url(bundle)
    assert len(resources) == len(bundle["entry"])  # no full URL twice
    orders = [r for r in resources.values() if r["resourceType"] == "ServiceRequest"]
    ids = [o["identifier"][0]["value"] for o in orders]
    assert sorted(ids) == sorted(f"urn:uuid:{s.id}" for s in saved)
    for original in saved:
        [order] = [o for o in orders if o["identifier"][0]["value"] == f"urn:uuid:{original.id}"]
        assert order["identifier"][0]["system"] == UUID_SYSTEM
        assert order["identifier"][1]["value"] == original.reference_code
        assert order["subject"] == order["requester"]
        person = resources[order["subject"]["reference"]]  # the reference resolves
        assert person["resourceType"] == "Patient"
        assert person["name"] == [{"text": original.name}]
        phones = [t["value"] for t in person["telecom"] if t["system"] in ("phone", "sms")]
        emails = [t["value"] for t in person["telecom"] if t["system"] == "email"]
        assert set(phones) == ({original.phone} if original.phone else set())
        assert emails == ([original.email] if original.email else [])
        assert all(E164.fullmatch(phone) for phone in phones)
        assert order["authoredOn"] == original.created_at
        language = person["communication"][0]["language"]["coding"][0]
        assert language == {"system": "urn:ietf:bcp:47", "code": original.language}


def test_codes_status_and_intent_are_the_agreed_values(tmp_path: Path) -> None:
    bundle, _ = export(tmp_path, REALISTIC[:1])
    order = bundle["entry"][1]["resource"]
    assert (order["status"], order["intent"]) == ("active", "proposal")
    [code] = order["code"]["coding"]
    [reason] = order["reasonCode"][0]["coding"]
    assert (code["system"], code["code"]) == (SNOMED, "11429006")
    assert (reason["system"], reason["code"]) == (SNOMED, "18347007")
    assert snomed_concept(code["code"]) and snomed_concept(reason["code"])
    assert not snomed_concept("11429007") and not snomed_concept("18347070")  # typos fail


def test_rank_follows_the_preferred_contact_method(tmp_path: Path) -> None:
    bundle, _ = export(tmp_path, REALISTIC)
    patients = [r for r in by_url(bundle).values() if r["resourceType"] == "Patient"]
    first = [min(p["telecom"], key=lambda t: t["rank"])["system"] for p in patients]
    assert first == ["phone", "email", "sms", "phone", "email"]
    for person in patients:
        ranks = [t["rank"] for t in person["telecom"]]
        assert ranks == list(range(1, len(ranks) + 1))


def test_instruction_has_the_best_time_and_the_note_exactly(tmp_path: Path) -> None:
    bundle, [saved] = export(tmp_path, REALISTIC[:1])
    instruction = bundle["entry"][1]["resource"]["patientInstruction"]
    assert instruction.startswith("Best time to call: Morning.")
    assert instruction.endswith(NOTE) and saved.note == NOTE


def test_self_check_answers_only_when_the_patient_shared_them(tmp_path: Path) -> None:
    bundle, saved = export(tmp_path, REALISTIC)
    orders = [r for r in by_url(bundle).values() if r["resourceType"] == "ServiceRequest"]
    shared = [o for o, s in zip(orders, saved, strict=True) if s.self_check]
    assert len(shared) == 1 and "Better when I sit 🪑" in shared[0]["note"][0]["text"]
    assert all("note" not in o for o, s in zip(orders, saved, strict=True) if not s.self_check)


def test_every_request_names_the_kiosk_it_came_from_in_a_note(tmp_path: Path) -> None:
    bundle, saved = export(tmp_path, REALISTIC, kiosk="Lobby 1")
    orders = [r for r in by_url(bundle).values() if r["resourceType"] == "ServiceRequest"]
    for order, original in zip(orders, saved, strict=True):
        *answers, last = order["note"]
        assert (
            last
            == {"text": KIOSK_NOTE.format(kiosk="Lobby 1")}
            == {"text": "Sent from the kiosk: Lobby 1"}
        )
        assert len(answers) == (1 if original.self_check else 0)  # the answers stay first


def test_patient_urls_are_stable_across_exports(tmp_path: Path) -> None:
    import uuid

    bundle, [saved] = export(tmp_path, REALISTIC[:1])
    assert bundle["entry"][0]["fullUrl"] == f"urn:uuid:{uuid.uuid5(PATIENT_NAMESPACE, saved.id)}"


def test_zero_requests_is_a_valid_empty_bundle(tmp_path: Path) -> None:
    bundle, _ = export(tmp_path, ())
    assert Bundle.model_validate(bundle).entry is None
    assert "entry" not in bundle and bundle["type"] == "collection"


def test_sealed_requests_without_the_key_are_refused_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    create_key_pair(tmp_path / "desk", "correct horse battery staple")
    sealer = Sealer(load_public_key(tmp_path / "desk" / PUBLIC_KEY_FILE))
    with SqliteRequestStore(tmp_path / DB_NAME, sealer=sealer) as kiosk:
        kiosk.add(REALISTIC[0])
    out = tmp_path / "out.fhir.json"
    with SqliteRequestStore(tmp_path / DB_NAME) as desk, pytest.raises(ExportError) as error:
        export_requests(desk, out, "fhir", AuditLog(tmp_path))
    assert "sealed" in str(error.value) and not out.exists()


def test_an_unwritable_folder_is_an_export_error_naming_no_patient(tmp_path: Path) -> None:
    write = get_exporter("fhir").write
    with pytest.raises(ExportError) as error:
        write([], tmp_path / "missing" / "out.fhir.json", "US")
    assert "does not exist" in str(error.value)
