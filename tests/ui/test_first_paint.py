"""The welcome screen's frame comes first: what waits for it runs only after the paint, and
the real start-up leaves the heavy modules until then (bench/bench_startup.py times it)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QLabel

from kiosk.ui.first_paint import FirstPaint
from tests.support.optional_kiosk import start_kiosk

# Needed by pages after the welcome screen, by sealing and by the content watcher only
# (read-aloud first: the driver walks on once it is loaded, not after a voice's time-out).
LATER = (
    "PySide6.QtTextToSpeech",
    "cryptography",
    "segno",
    "kiosk.ui.screens.walkthrough",
    "kiosk.ui.screens.form",
    "kiosk.ui.take_home",
    "kiosk.ui.content_watch",
    "phonenumbers",
)


def test_callbacks_wait_for_the_first_paint_then_run_once(qtbot) -> None:
    label = QLabel("Welcome")
    qtbot.addWidget(label)
    calls: list[str] = []
    first_paint = FirstPaint(label)
    first_paint.then(lambda: calls.append("pages"))
    QApplication.processEvents()  # a turn of the event loop without a paint: nothing ...
    assert calls == [] and not first_paint.settled
    label.show()  # ... the paint does
    qtbot.waitUntil(lambda: calls == ["pages"])
    assert first_paint.settled
    first_paint.then(lambda: calls.append("late"))  # after it: on the next turn
    qtbot.waitUntil(lambda: calls == ["pages", "late"])
    label.repaint()
    QApplication.processEvents()
    assert calls == ["pages", "late"]


def test_the_kiosk_paints_its_welcome_screen_before_loading_the_rest(tmp_path: Path) -> None:
    lines = start_kiosk(tmp_path, watch=LATER)
    assert [line for line in lines if line.startswith("PAINTED")] == [
        f"PAINTED {module} not imported" for module in LATER
    ]
    # The same walk then needs the pages after it: the check would notice an import.
    assert "FORM" in lines
    assert "WATCHED kiosk.ui.screens.walkthrough imported" in lines
    assert "WATCHED kiosk.ui.content_watch imported" in lines
