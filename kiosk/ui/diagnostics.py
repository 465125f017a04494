"""What `doctor` asks of Qt: the voices the speech engine offers, glyphs the installed fonts
lack, the printers. Kept here because only kiosk/ui imports PySide6 (kiosk/doctor.py runs
the checks). Nothing here may block for long: the voices are asked of the speech service,
a separate process killed at its deadline, as the kiosk itself does."""

from __future__ import annotations

import json
import os
import subprocess
import threading
from typing import IO

from kiosk.ui.speech_service import HOW_TO_INSTALL, SpeechUnavailable

STUCK = (
    "speech-dispatcher may be stuck without a sound device: check the sound output, then "
    "restart it (systemctl --user restart speech-dispatcher, or log out and in)"
)


class SpeechProblem(Exception):
    """Read-aloud cannot work; `fix` says what to do."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.fix = fix


def _application() -> None:
    """A QGuiApplication for the font database (offscreen: doctor may run over ssh)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        QGuiApplication([])


def _first_line(stream: IO[str], seconds: float) -> str | None:
    """The first line of `stream`, or None after `seconds` (a thread: pipes cannot be
    polled on Windows)."""
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.append(stream.readline()), daemon=True)
    reader.start()
    reader.join(seconds)
    return lines[0] if lines and lines[0] else None


def voice_locales(seconds: float) -> list[str]:
    """Locale names the kiosk's speech engine offers ("es_ES", ...), asked of a speech
    service that is killed after `seconds` at most. Raises SpeechProblem."""
    # Qt Multimedia's note that PipeWire is absent (PulseAudio is used) is not a finding.
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.symbolsresolver=false")
    from kiosk.ui.speech import NONE, default_engine, service_command

    try:
        engine = default_engine()
    except SpeechUnavailable as problem:
        raise SpeechProblem(str(problem), HOW_TO_INSTALL) from None
    if engine == NONE:
        raise SpeechProblem("no speech engine is installed", HOW_TO_INSTALL)
    program, arguments = service_command(engine)
    process = subprocess.Popen(
        [program, *arguments], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL, text=True, encoding="utf-8",
    )  # fmt: skip
    try:
        assert process.stdout is not None
        line = _first_line(process.stdout, seconds)
    finally:
        process.kill()  # a stuck engine ignores anything gentler
        process.wait(5)
    if line is None:
        raise SpeechProblem(f"the speech engine did not answer within {seconds:g} s", STUCK)
    report = json.loads(line)
    if "failed" in report:
        raise SpeechProblem(str(report["failed"]), HOW_TO_INSTALL)
    return [str(locale) for locale in report.get("ready", [])]


def missing_glyphs(text: str) -> list[str]:
    """Characters of `text` that neither the bundled font nor an installed fallback draws."""
    _application()
    from kiosk.ui.fonts import families, load_fonts, missing_characters

    load_fonts()
    return missing_characters(text, families())


def printers() -> list[str] | None:
    """Installed printer names; None when this build has no printing support at all."""
    try:
        from PySide6.QtPrintSupport import QPrinterInfo
    except ImportError:
        return None
    _application()
    return list(QPrinterInfo.availablePrinterNames())


def qt_version() -> str:
    import PySide6

    return PySide6.__version__
