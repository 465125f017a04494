"""Staff PIN: scrypt hash file, lockout with doubling, injectable clock (no sleeping)."""

from __future__ import annotations

import base64
import json
import os
import stat
from pathlib import Path

import pytest

from kiosk.staff.pin import PIN_FILE, PinGuard, has_pin, set_pin

PIN = "90817263"  # 8 digits: a chance match inside the random hex is ~1e-8


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def guard(tmp_path: Path, clock: Clock) -> PinGuard:
    set_pin(tmp_path, PIN)
    return PinGuard(tmp_path, clock=clock)


def fail(guard: PinGuard, times: int) -> None:
    for _ in range(times):
        assert guard.check("0000") is False


def test_pin_file_is_a_private_scrypt_record_without_the_pin(tmp_path: Path) -> None:
    assert not has_pin(tmp_path)
    set_pin(tmp_path, PIN)
    assert has_pin(tmp_path)
    path = tmp_path / PIN_FILE
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    record = json.loads(path.read_text())
    assert list(record) == ["algorithm", "n", "r", "p", "salt", "hash"]
    assert (record["algorithm"], record["n"], record["r"], record["p"]) == ("scrypt", 2**14, 8, 1)
    assert len(bytes.fromhex(record["salt"])) == 16
    assert len(bytes.fromhex(record["hash"])) == 32
    raw = path.read_bytes()
    for form in (
        PIN.encode(),
        PIN[::-1].encode(),
        PIN.encode().hex().encode(),
        base64.b64encode(PIN.encode()),
        PIN.encode("utf-16-le"),
        int(PIN).to_bytes(4, "big"),
        int(PIN).to_bytes(4, "little"),
    ):
        assert form not in raw
    assert [p.name for p in tmp_path.iterdir()] == [PIN_FILE]  # no temp file left


def test_same_pin_gets_a_new_salt_each_time(tmp_path: Path) -> None:
    set_pin(tmp_path, PIN)
    first = json.loads((tmp_path / PIN_FILE).read_text())
    set_pin(tmp_path, PIN)
    second = json.loads((tmp_path / PIN_FILE).read_text())
    assert first["salt"] != second["salt"] and first["hash"] != second["hash"]


@pytest.mark.parametrize(
    "bad", ["123", "123456789", "12a4", " 1234", "1234\n", "", "١٢٣٤", "１２３４", "12 34"]
)
def test_pins_must_be_4_to_8_ascii_digits(tmp_path: Path, bad: str) -> None:
    with pytest.raises(ValueError, match="4 to 8 digits") as caught:
        set_pin(tmp_path, bad)
    assert bad.strip() not in str(caught.value) or not bad.strip()
    assert not has_pin(tmp_path)


@pytest.mark.parametrize("good", ["0000", "1234", "00000000", "98765432"])
def test_valid_pins_are_accepted(tmp_path: Path, good: str) -> None:
    set_pin(tmp_path, good)
    assert PinGuard(tmp_path).check(good)


def test_check_accepts_only_the_right_pin(guard: PinGuard) -> None:
    assert guard.check(PIN)
    assert not guard.check(PIN + "0")
    assert not guard.check(PIN[:-1])
    assert not guard.check("")
    assert not guard.check("٩٠٨١٧٢٦٣")  # same digits in another script


def test_new_pin_takes_effect_immediately(tmp_path: Path, guard: PinGuard) -> None:
    set_pin(tmp_path, "4321")
    assert guard.check("4321")
    assert not guard.check(PIN)


def test_no_pin_or_a_broken_file_never_unlocks(tmp_path: Path) -> None:
    assert not PinGuard(tmp_path).check("1234")
    (tmp_path / PIN_FILE).write_text('{"algorithm": "md5", "hash": "81dc9bdb"}')
    assert not has_pin(tmp_path)
    assert not PinGuard(tmp_path).check("1234")
    (tmp_path / PIN_FILE).write_text("not json")
    assert not has_pin(tmp_path)


def test_five_wrong_pins_lock_for_a_minute(guard: PinGuard, clock: Clock) -> None:
    fail(guard, 4)
    assert guard.locked_for() == 0.0
    fail(guard, 1)
    assert guard.locked_for() == 60.0
    assert guard.failures == 5
    clock.now += 59.5
    assert guard.locked_for() == pytest.approx(0.5)
    assert guard.check(PIN) is False  # refused unchecked while locked
    assert guard.failures == 5  # and not counted
    clock.now += 0.5
    assert guard.locked_for() == 0.0
    assert guard.check(PIN) is True


def test_each_failure_after_a_lock_doubles_it_up_to_an_hour(guard: PinGuard, clock: Clock) -> None:
    fail(guard, 5)
    seen = []
    for _ in range(8):
        seen.append(guard.locked_for())
        clock.now += guard.locked_for()
        fail(guard, 1)
    assert seen == [60, 120, 240, 480, 960, 1920, 3600, 3600]


def test_success_resets_the_count_and_the_doubling(guard: PinGuard, clock: Clock) -> None:
    fail(guard, 4)
    assert guard.check(PIN)
    fail(guard, 4)
    assert guard.locked_for() == 0.0
    fail(guard, 1)
    clock.now += 60
    fail(guard, 1)
    assert guard.locked_for() == 120
    clock.now += 120
    assert guard.check(PIN)
    assert guard.failures == 0
    fail(guard, 5)
    assert guard.locked_for() == 60  # back to the first step
