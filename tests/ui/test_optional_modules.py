"""Optional Qt modules never stop the kiosk: without QtTextToSpeech (libpulse missing, an
audio stack broken by an OS update) it starts, paints its welcome screen, hides Listen and
Volume, says once in kiosk.log what is missing and how to install it, and patients walk on.
Read-aloud is looked for only after the welcome screen has been painted."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.paths import bundle_root
from kiosk.ui.speech import AUTO, Reader
from kiosk.ui.speech_service import SpeechUnavailable, text_to_speech
from tests.support.optional_kiosk import Unimportable, start_kiosk

TTS = "PySide6.QtTextToSpeech"
MISSING = f"{TTS} cannot be loaded"


def test_without_text_to_speech_the_kiosk_starts_and_walks_to_the_form(tmp_path: Path) -> None:
    lines = start_kiosk(tmp_path, TTS)
    assert lines == [
        f"PAINTED {TTS} not imported",
        "LISTEN hidden",
        "FORM",
        f"WATCHED {TTS} not imported",
    ]
    log = (tmp_path / "kiosk.log").read_text(encoding="utf-8")
    assert log.count(MISSING) == 1, log
    (line,) = [line for line in log.splitlines() if MISSING in line]
    assert "scripts/system-deps" in line and "libpulse0" in line  # how to install it


def test_read_aloud_is_looked_for_only_after_the_welcome_screen_is_painted(
    tmp_path: Path,
) -> None:
    lines = start_kiosk(tmp_path)
    assert lines[0] == f"PAINTED {TTS} not imported"
    assert "FORM" in lines
    assert lines[-1] == f"WATCHED {TTS} imported"  # then the kiosk did look for a voice


@pytest.fixture
def without_text_to_speech(monkeypatch: pytest.MonkeyPatch) -> None:
    """This process, as if QtTextToSpeech could not load (the import hook of the kiosk test)."""
    monkeypatch.delitem(sys.modules, TTS, raising=False)
    monkeypatch.setattr(sys, "meta_path", [Unimportable([TTS]), *sys.meta_path])


@pytest.mark.usefixtures("without_text_to_speech")
def test_the_missing_module_is_named_with_how_to_install_it() -> None:
    with pytest.raises(SpeechUnavailable, match="scripts/system-deps"):
        text_to_speech()


@pytest.mark.usefixtures("without_text_to_speech")
def test_without_text_to_speech_listen_and_volume_hide_and_the_log_says_so_once(
    make_window, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="kiosk.ui.speech"):
        window = make_window(reader=Reader(AUTO))
        window.next_language()
        window.next_language()
        window.start_over()
    assert not window.listen_button.isVisibleTo(window)
    assert not window.volume_button.isVisibleTo(window)
    assert window.text_size_button.isVisibleTo(window)
    assert caplog.text.count(MISSING) == 1


def test_the_speech_service_reports_the_missing_module_instead_of_crashing() -> None:
    """`main.py speech-service` runs in its own process: it says what failed, as a report."""
    code = (
        "import sys\n"
        "from tests.support.optional_kiosk import Unimportable\n"
        f"sys.meta_path.insert(0, Unimportable([{TTS!r}]))\n"
        "from kiosk import cli\n"
        "sys.exit(cli.main(['speech-service', '--engine', 'speechd']))\n"
    )
    service = subprocess.Popen(
        [sys.executable, "-c", code], cwd=bundle_root(), text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    assert service.stdout is not None
    report = json.loads(service.stdout.readline())
    _, errors = service.communicate("", timeout=30)  # the kiosk has gone: so does the service
    assert MISSING in report["failed"]
    assert service.returncode == 0 and "Traceback" not in errors
