"""Validation of what patients type, plus a property test from validate to the CSV file."""

from __future__ import annotations

import csv
import tempfile
import unicodedata
from pathlib import Path

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from kiosk.requests.export import neutralise, write_csv
from kiosk.requests.model import BestTime, ContactMethod, RequestDraft, ValidRequest
from kiosk.requests.store import SqliteRequestStore
from kiosk.requests.validation import (
    BIDI_CONTROLS,
    NOTE_MAX,
    auto_contact_method,
    clean_text,
    expected_digits,
    validate,
)


def draft(**changes: object) -> RequestDraft:
    base = {"name": "Ana Pérez", "phone": "(212) 555-2368", "consent": True}
    return RequestDraft(**{**base, **changes})  # type: ignore[arg-type]


def ok(**changes: object) -> ValidRequest:
    result = validate(draft(**changes))
    assert isinstance(result, ValidRequest), result
    return result


def errors(**changes: object) -> dict[str, str]:
    result = validate(draft(**changes))
    assert isinstance(result, dict), result
    return result


@pytest.mark.parametrize(
    "name", ["José Núñez", "李小龙", "O'Brien", "Anne-Marie", "Nguyễn Thị Minh Khai"]
)
def test_names_in_any_script_are_kept_as_typed(name: str) -> None:
    assert ok(name=name).name == name


def test_names_are_nfc_normalised_and_whitespace_collapsed() -> None:
    decomposed = unicodedata.normalize("NFD", "José Núñez")
    assert decomposed != "José Núñez"
    assert ok(name=f"  {decomposed}\t\n ").name == "José Núñez"
    assert ok(name="Anne \u00a0  Marie\u2028Smith").name == "Anne Marie Smith"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("John \u202eevil\u202c", "John evil"),  # right-to-left override + pop
        ("\u202aJo\u202bhn\u202d", "John"),  # embeddings, left-to-right override
        ("\u2066John\u2069 \u2067Smith\u2068", "John Smith"),  # isolates
        ("Jo\x00hn\x07\x1b\x7f", "John"),  # C0 controls, DEL
        ("Jo\x85hn", "Jo hn"),  # NEL is whitespace: becomes a space
        ("Anne \u200b\ufeff Marie", "Anne Marie"),  # a piece that shows nothing: a space
    ],
)
def test_control_and_bidi_override_characters_are_removed(raw: str, expected: str) -> None:
    assert ok(name=raw).name == expected


@pytest.mark.parametrize(
    "name",
    [
        "مهرداد\u200c زمانی",  # Persian: the non-joiner ends "Mehrdad" in its proper form
        "می\u200cخواهم",
        "👩\u200d⚕️ Ana",  # woman health worker: woman, joiner, staff of Aesculapius, VS16
        "\u0d28\u0d3f\u0d24\u0d4d\u0d2f\u0d3e\u0d28\u0d28\u0d4d\u200d",  # Malayalam
        "\u0915\u094d\u200d\u0937 Kumar",  # Hindi: joiner asks for a half form
        "\u05e9\u05e8\u05d4 \u200fCohen",  # RLM: only sets neutral characters' direction
        "Jo\u200bhn",  # a zero-width space inside a word is what was typed
    ],
)
def test_joiners_non_joiners_and_marks_are_kept_byte_for_byte(name: str) -> None:
    assert ok(name=name).name.encode() == name.encode()
    assert ok(note=f"Call {name} please").note == f"Call {name} please"


@pytest.mark.parametrize("name", ["", "   ", "\t\n", "\u200b\u200b", "\u202e \ufeff"])
def test_empty_or_invisible_name_is_required(name: str) -> None:
    assert errors(name=name) == {"name": "name_required"}


def test_name_limit_is_100_characters_after_cleaning() -> None:
    assert ok(name="a" * 100).name == "a" * 100
    assert ok(name="  " + "a" * 100 + " \u200b\u202e").name == "a" * 100
    assert errors(name="a" * 101) == {"name": "name_too_long"}


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("(212) 555-2368", "+12125552368"),
        ("212.555.2368", "+12125552368"),
        ("1-212-555-2368", "+12125552368"),
        ("+1 212 555 2368", "+12125552368"),
        (" 212\u00a0555\u200b2368 ", "+12125552368"),
        ("(650) 253-0000", "+16502530000"),
        ("+44 20 7946 0958", "+442079460958"),
        ("+33 1 42 68 53 00", "+33142685300"),
    ],
)
def test_valid_phones_are_stored_as_e164(raw: str, e164: str) -> None:
    assert ok(phone=raw).phone == e164


@pytest.mark.parametrize(
    "raw",
    [
        "12345",
        "555-0100",  # too short: a local number without its area code
        "(212) 555-23689",  # one digit too many
        "abc",
        "call me",
        "+",
        "2" * 300,
    ],
)
def test_phones_of_the_wrong_length_say_how_many_digits(raw: str) -> None:
    assert errors(phone=raw) == {"phone": "phone_invalid"}


@pytest.mark.parametrize(
    "raw",
    [
        "123 555 0100",  # no area code starts with 1
        "(012) 555-2368",  # nor with 0
        "(911) 555-0100",  # N11 codes are service numbers, never area codes
        "411-555-0100",
        "(555) 010-0199",  # 555 is not an area code
    ],
)
def test_ten_digits_with_an_unassigned_area_code_ask_to_check_it(raw: str) -> None:
    assert errors(phone=raw) == {"phone": "phone_area_code"}


@pytest.mark.parametrize("raw", ["(212) 055-2368", "212-155-2368", "+44 20 7946 095"])
def test_right_length_and_area_code_but_impossible_digits_ask_to_check_the_number(
    raw: str,
) -> None:
    assert errors(phone=raw) == {"phone": "phone_check"}


def test_expected_digits_comes_from_the_region() -> None:
    assert expected_digits("US") == 10
    assert expected_digits("ES") == 9
    assert expected_digits("ZZ") == 0


def test_phone_region_is_used_for_national_numbers() -> None:
    result = validate(draft(phone="020 7946 0958"), region="GB")
    assert isinstance(result, ValidRequest) and result.phone == "+442079460958"


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("ana@example.com", "ana@example.com"),
        ("  Ana.Perez@EXAMPLE.COM ", "Ana.Perez@example.com"),
        ("ana+kiosk@example.co.uk", "ana+kiosk@example.co.uk"),
        ("josé@bücher.de", "josé@bücher.de"),
        ("ana@exa\u200bmple.com", "ana@example.com"),
    ],
)
def test_valid_emails_are_normalised(raw: str, normalised: str) -> None:
    assert ok(email=raw).email == normalised


@pytest.mark.parametrize(
    "raw",
    ["ana", "ana@", "@example.com", "ana@@example.com", "ana perez@example.com",
     "ana@example", "ana@-example.com", "a" * 250 + "@example.com"],
)  # fmt: skip
def test_invalid_emails_are_rejected(raw: str) -> None:
    assert errors(email=raw) == {"email": "email_invalid"}


def test_phone_or_email_is_needed() -> None:
    assert errors(phone="", email="") == {"phone": "phone_or_email"}
    assert errors(phone=" \u200b", email="\t") == {"phone": "phone_or_email"}
    only_email = ok(phone="", email="ana@example.com", contact_method="email")
    assert only_email.phone is None and only_email.email == "ana@example.com"


def test_a_method_the_patient_did_not_choose_follows_what_they_gave() -> None:
    only_email = ok(phone="", email="ana@example.com", contact_method="")
    assert only_email.contact_method is ContactMethod.EMAIL
    only_phone = ok(phone="(212) 555-2368", email="", contact_method="")
    assert only_phone.contact_method is ContactMethod.CALL
    both = ok(phone="(212) 555-2368", email="ana@example.com", contact_method="")
    assert both.contact_method is ContactMethod.CALL
    assert auto_contact_method("\u200b", "ana@example.com") is ContactMethod.EMAIL


def test_a_method_the_patient_chose_needs_its_channel() -> None:
    assert errors(phone="", email="ana@example.com", contact_method="call") == {
        "phone": "phone_required"
    }
    assert errors(phone="", email="ana@example.com", contact_method="text") == {
        "phone": "phone_required"
    }
    assert errors(email="", contact_method="email") == {"email": "email_required"}
    both = ok(email="ana@example.com", contact_method="email", best_time="evening")
    assert both.contact_method is ContactMethod.EMAIL and both.best_time is BestTime.EVENING


def test_note_limit_is_300_characters_after_cleaning() -> None:
    assert ok(note="x" * NOTE_MAX).note == "x" * NOTE_MAX
    assert ok(note="\n" + "x" * NOTE_MAX + "\u202e  ").note == "x" * NOTE_MAX
    assert errors(note="x" * (NOTE_MAX + 1)) == {"note": "note_too_long"}
    assert ok(note="line one\r\n\r\nline\ttwo").note == "line one line two"


def test_consent_is_required() -> None:
    assert errors(consent=False) == {"consent": "consent"}


def test_every_problem_is_reported_at_once() -> None:
    assert validate(RequestDraft(name=" ", phone="12", email="x@", note="n" * 301)) == {
        "name": "name_required",
        "phone": "phone_invalid",
        "email": "email_invalid",
        "note": "note_too_long",
        "consent": "consent",
    }


def test_self_check_is_kept_only_when_included() -> None:
    items = ("Leg pain when standing", "Relief when sitting")
    assert ok(self_check=items).self_check == ()
    assert ok(self_check=items, include_self_check=True).self_check == items


@pytest.mark.parametrize(
    "change", [{"contact_method": "fax"}, {"best_time": "noon"}, {"language": ""},
               {"language": "English"}],
)  # fmt: skip
def test_values_the_ui_never_offers_are_programming_errors(change: dict[str, str]) -> None:
    with pytest.raises(ValueError):
        validate(draft(**change))


# Every code point, lone surrogates included (st.text() leaves them out by default).
_ANY_TEXT = st.text(st.characters(exclude_categories=()))


@given(_ANY_TEXT)
def test_clean_text_is_idempotent_and_leaves_nothing_dangerous(text: str) -> None:
    cleaned = clean_text(text)
    assert clean_text(cleaned) == cleaned
    assert cleaned == cleaned.strip() and "  " not in cleaned
    assert not any(unicodedata.category(ch) in ("Cc", "Cs") for ch in cleaned)
    assert not BIDI_CONTROLS & set(cleaned)
    cleaned.encode("utf-8")  # no lone surrogates left: always storable


@given(
    name=_ANY_TEXT,
    phone=_ANY_TEXT,
    email=_ANY_TEXT,
    method=st.sampled_from(list(ContactMethod)),
    consent=st.booleans(),
)
def test_validate_never_raises_on_anything_typed(
    name: str, phone: str, email: str, method: ContactMethod, consent: bool
) -> None:
    draft_ = RequestDraft(name=name, phone=phone, email=email, contact_method=method,
                          consent=consent)  # fmt: skip
    assert isinstance(validate(draft_), dict | ValidRequest)


@settings(max_examples=60)
@given(
    name=st.one_of(_ANY_TEXT, st.sampled_from(["=1+1", "@cmd", "-2", "+SUM(A1)"])),
    note=_ANY_TEXT,
    checks=st.lists(_ANY_TEXT, max_size=3),
    phone=st.sampled_from(["(212) 555-2368", "+44 20 7946 0958"]),
)
def test_any_name_and_note_validate_or_are_refused_and_valid_ones_export_safely(
    name: str, note: str, checks: list[str], phone: str
) -> None:
    result = validate(
        RequestDraft(name=name, note=note, phone=phone, consent=True,
                     include_self_check=True, self_check=tuple(checks))
    )  # fmt: skip
    assert isinstance(result, dict | ValidRequest)
    event("valid" if isinstance(result, ValidRequest) else "refused")
    if isinstance(result, dict):
        assert set(result) <= {"name", "note"}
        return
    with tempfile.TemporaryDirectory() as tmp:
        with SqliteRequestStore(Path(tmp) / "r.sqlite3") as store:
            saved = store.add(result)
            assert store.get(saved.id) == saved
            out = Path(tmp) / "out.csv"
            assert write_csv(store.export_rows(), out) == 1
        with open(out, encoding="utf-8-sig", newline="") as handle:
            _header, row, *rest = list(csv.reader(handle))
    assert rest == []
    assert row[3] == neutralise(saved.name)
    assert row[8] == neutralise(saved.note)
    assert row[9] == neutralise("; ".join(saved.self_check))
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)
