"""The staff PIN pad, driven by tapping its keys; a fake clock stands in for the lockout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.staff.audit import AuditLog
from kiosk.staff.pin import set_pin
from kiosk.ui.staff.pin_pad import PinPad
from tests.ui.test_staff_support import PIN, button, show_in_window, small_targets, tap

WRONG = "9753"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_pad(qtbot, tmp_path: Path, clock: FakeClock):
    windows = []  # qtbot holds windows weakly

    def make(with_pin: bool = True, size: tuple[int, int] = (1280, 800)) -> PinPad:
        if with_pin:
            set_pin(tmp_path, PIN)
        pad = PinPad(tmp_path, AuditLog(tmp_path), clock)
        windows.append(show_in_window(qtbot, pad, size))
        return pad

    return make


def type_pin(qtbot, pad: PinPad, pin: str, ok: bool = True) -> None:
    for digit in pin:
        tap(qtbot, button(pad, f"pinKey{digit}"))
    if ok:
        tap(qtbot, button(pad, "pinOk"))


def audit_events(data_dir: Path) -> list[dict]:
    path = data_dir / "audit.log"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def test_the_right_pin_unlocks(qtbot, make_pad, tmp_path) -> None:
    pad = make_pad()
    with qtbot.waitSignal(pad.unlocked, timeout=2000):
        type_pin(qtbot, pad, PIN)
    assert [e["event"] for e in audit_events(tmp_path)] == ["staff_login"]
    assert pad.dots.text() == ""


def test_dots_show_how_many_digits_never_which(qtbot, make_pad) -> None:
    pad = make_pad()
    type_pin(qtbot, pad, "246", ok=False)
    assert pad.dots.text().split() == ["●"] * 3
    shown = " ".join(label.text() for label in pad.findChildren(type(pad.dots)))
    assert not any(ch.isdigit() for ch in shown.replace("4 to 8", ""))
    tap(qtbot, button(pad, "pinClear"))
    assert pad.dots.text() == ""


def test_a_wrong_pin_says_so_and_clears(qtbot, make_pad, tmp_path) -> None:
    pad = make_pad()
    with qtbot.assertNotEmitted(pad.unlocked):
        type_pin(qtbot, pad, WRONG)
    assert "not right" in pad.message.text()
    assert pad.dots.text() == ""
    assert [e["event"] for e in audit_events(tmp_path)] == ["staff_login_failed"]


def test_a_too_short_pin_is_not_counted_as_a_try(qtbot, make_pad, tmp_path) -> None:
    pad = make_pad()
    type_pin(qtbot, pad, "12")
    assert "4 to 8 digits" in pad.message.text()
    assert audit_events(tmp_path) == []


def test_five_wrong_pins_lock_the_pad_until_the_clock_moves_on(
    qtbot, make_pad, clock, tmp_path
) -> None:
    pad = make_pad()
    for _ in range(5):
        type_pin(qtbot, pad, WRONG)
    keys = [button(pad, f"pinKey{d}") for d in "0123456789"] + [button(pad, "pinOk")]
    assert not any(key.isEnabled() for key in keys)
    assert pad.message.text() == "Too many tries. Try again in 60 seconds."
    assert button(pad, "pinCancel").isEnabled()

    clock.now += 45
    qtbot.waitUntil(lambda: "15 seconds" in pad.message.text(), timeout=3000)
    clock.now += 16
    qtbot.waitUntil(lambda: all(key.isEnabled() for key in keys), timeout=3000)
    assert pad.message.text() == ""
    with qtbot.waitSignal(pad.unlocked, timeout=2000):
        type_pin(qtbot, pad, PIN)

    events = audit_events(tmp_path)
    assert [e["event"] for e in events] == ["staff_login_failed"] * 5 + [
        "staff_locked",
        "staff_login",
    ]
    assert all(set(e) <= {"time", "event", "count"} for e in events)
    text = (tmp_path / "audit.log").read_text()
    assert PIN not in text and WRONG not in text


def test_reopening_while_locked_still_shows_the_lock(qtbot, make_pad) -> None:
    pad = make_pad()
    for _ in range(5):
        type_pin(qtbot, pad, WRONG)
    pad.reset()
    assert pad.is_locked()
    assert not button(pad, "pinKey1").isEnabled()
    assert "Too many tries" in pad.message.text()


def test_without_a_pin_it_explains_how_to_set_one(qtbot, make_pad) -> None:
    pad = make_pad(with_pin=False)
    digit_keys = [b for b in pad.findChildren(type(button(pad, "pinOk"))) if b.text().isdigit()]
    assert not any(key.isVisible() for key in digit_keys)
    assert not button(pad, "pinOk").isVisible()
    assert pad.no_pin.isVisible()
    assert "No staff PIN is set" in pad.no_pin.text()
    assert "python main.py set-pin" in pad.no_pin.text()
    with qtbot.waitSignal(pad.cancelled, timeout=1000):
        tap(qtbot, button(pad, "pinCancel"))


def test_cancel_and_reset_forget_what_was_typed(qtbot, make_pad) -> None:
    pad = make_pad()
    type_pin(qtbot, pad, "24", ok=False)
    with qtbot.waitSignal(pad.cancelled, timeout=1000):
        tap(qtbot, button(pad, "pinCancel"))
    pad.reset()
    assert pad.dots.text() == "" and pad.message.text() == ""
    type_pin(qtbot, pad, PIN[2:])  # "68" alone must not complete the earlier "24"
    assert "4 to 8 digits" in pad.message.text()


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080), (1080, 1920)])
@pytest.mark.parametrize("state", ["empty", "locked", "no_pin"])
def test_every_key_is_a_big_touch_target(qtbot, make_pad, size, state) -> None:
    pad = make_pad(with_pin=state != "no_pin", size=size)
    if state == "locked":
        for _ in range(5):
            type_pin(qtbot, pad, WRONG)
    assert small_targets(pad.window()) == []
    assert pad.window().size().toTuple() == size  # nothing forced the window to grow
    if state == "empty":
        assert button(pad, "pinKey5").height() >= (80 if size[1] >= 1080 else 64)


def test_each_key_answers_with_a_tone(qtbot, make_pad) -> None:
    """A tone per digit and per Clear (the digits are never said); with no audio device
    here the tone reports an error and the pad goes on."""
    pad = make_pad()
    for digit in "2468":
        tap(qtbot, button(pad, f"pinKey{digit}"))
    tap(qtbot, button(pad, "pinClear"))
    assert pad.key_tone.plays == 5
    assert pad.key_tone.path.is_file()
    qtbot.waitUntil(lambda: pad.key_tone.status() in ("Ready", "Error"), timeout=5000)
