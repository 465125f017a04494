"""The hidden press-and-hold on the clinic logo: only a deliberate, still hold opens."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel

from kiosk.ui.staff.gesture import HoldGesture

HOLD_MS = 200
LEFT = Qt.MouseButton.LeftButton
START = QPoint(40, 40)


@pytest.fixture
def logo(qtbot) -> QLabel:
    label = QLabel("Clinic logo")
    qtbot.addWidget(label)
    label.resize(240, 120)
    label.show()
    qtbot.waitExposed(label)
    return label


def not_triggered_within(qtbot, gesture: HoldGesture, ms: int) -> bool:
    """Wait up to `ms` for `triggered`; True if it did not come."""
    with qtbot.waitSignal(gesture.triggered, timeout=ms, raising=False) as blocker:
        pass
    return not blocker.signal_triggered


def test_a_still_hold_triggers(qtbot, logo) -> None:
    gesture = HoldGesture(logo, hold_ms=HOLD_MS)
    with qtbot.waitSignal(gesture.triggered, timeout=2000):
        qtbot.mousePress(logo, LEFT, pos=START)
    qtbot.mouseRelease(logo, LEFT, pos=START)
    assert not gesture.is_holding()


def test_a_small_wobble_still_counts(qtbot, logo) -> None:
    gesture = HoldGesture(logo, hold_ms=HOLD_MS)
    with qtbot.waitSignal(gesture.triggered, timeout=2000):
        qtbot.mousePress(logo, LEFT, pos=START)
        qtbot.mouseMove(logo, START + QPoint(8, 6))
    qtbot.mouseRelease(logo, LEFT, pos=START + QPoint(8, 6))


def test_a_quick_tap_never_triggers(qtbot, logo) -> None:
    gesture = HoldGesture(logo, hold_ms=HOLD_MS)
    qtbot.mouseClick(logo, LEFT, pos=START)
    assert not gesture.is_holding()
    assert not_triggered_within(qtbot, gesture, 3 * HOLD_MS)


def test_releasing_before_time_never_triggers(qtbot, logo) -> None:
    gesture = HoldGesture(logo, hold_ms=HOLD_MS)
    qtbot.mousePress(logo, LEFT, pos=START)
    assert gesture.is_holding()
    assert not_triggered_within(qtbot, gesture, HOLD_MS // 2)
    qtbot.mouseRelease(logo, LEFT, pos=START)
    assert not_triggered_within(qtbot, gesture, 3 * HOLD_MS)


def test_moving_while_holding_never_triggers(qtbot, logo) -> None:
    gesture = HoldGesture(logo, hold_ms=HOLD_MS)
    qtbot.mousePress(logo, LEFT, pos=START)
    qtbot.mouseMove(logo, START + QPoint(60, 0))  # a swipe through the top bar
    assert not gesture.is_holding()
    assert not_triggered_within(qtbot, gesture, 3 * HOLD_MS)
    qtbot.mouseRelease(logo, LEFT, pos=START + QPoint(60, 0))


def test_the_default_hold_is_three_seconds(logo) -> None:
    gesture = HoldGesture(logo)
    assert gesture.hold_ms == 3000
