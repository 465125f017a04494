"""Reading a screen aloud with the computer's own offline voice (QtTextToSpeech).

The real engine runs in a process of its own (kiosk/ui/speech_service.py says why), so
nothing it does can freeze the kiosk. The kiosk keeps its own "speaking" flag with a
deadline: an engine that never says it has finished is killed and started afresh, and the
Listen button comes back whatever the engine reports. Qt's "mock" engine (tests) cannot
hang and runs in this process.

Read-aloud is optional: QtTextToSpeech is imported only once the engine starts, and with
`wait_for` the kiosk's own reader does not even look for an engine before the welcome screen
is painted. Without the module, an engine or a voice, the Listen tiles hide and kiosk.log
says once what is missing and how to install it.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Iterable

from PySide6.QtCore import QLocale, QObject, QProcess, QTimer, Signal

from kiosk.paths import bundle_root
from kiosk.ui.first_paint import FirstPaint
from kiosk.ui.speech_service import (
    HOW_TO_INSTALL,
    EngineFactory,
    SpeechUnavailable,
    Voice,
    text_to_speech,
)

log = logging.getLogger(__name__)

AUTO = "auto"  # speechd on Linux when installed, else the platform's own engine
NONE = "none"  # no reading aloud
VOLUMES = (0.4, 0.7, 1.0)  # quiet, medium, loud
WORDS_PER_MINUTE = 150
SERVICE_DELAY_MS = 1000  # let the kiosk paint its first screen before the service starts
# A service not ready by then counts as broken. speech-dispatcher with espeak-ng lists about
# 13,000 voice variants before it is ready: 10-15 s on a busy 2-core Debian 12 machine.
SERVICE_START_MS = 45000


def default_engine() -> str:
    """The engine to use here: the test-only "mock" engine never counts. Raises
    SpeechUnavailable when QtTextToSpeech itself cannot load."""
    engines = [name for name in text_to_speech().availableEngines() if name != "mock"]
    if not engines:
        return NONE
    if sys.platform.startswith("linux") and "speechd" in engines:
        return "speechd"
    return ""  # Qt picks the platform's engine (WinRT or SAPI on Windows)


def speaking_time_ms(text: str) -> int:
    """How long reading may take before the engine counts as stuck: twice the time at
    150 words a minute, plus 5 s for the voice to start."""
    minutes = len(text.split()) / WORDS_PER_MINUTE
    return round((minutes * 60 * 2 + 5) * 1000)


def speech_text(parts: Iterable[str]) -> str:
    """A screen's texts as one script; a full stop after a title makes the voice pause."""
    lines = []
    for part in parts:
        part = part.strip()
        if part:
            lines.append(part if part[-1] in ".!?:;…" else f"{part}.")
    return "\n".join(lines)


def service_command(engine: str) -> tuple[str, list[str]]:
    """How to start the speech service: this same program with the `speech-service` command."""
    arguments = ["speech-service", "--engine", engine]
    if getattr(sys, "frozen", False):
        return sys.executable, arguments
    return sys.executable, [str(bundle_root() / "main.py"), *arguments]


class ServiceVoice(QObject):
    """A `Voice` in the speech service process: the same signals and commands."""

    ready = Signal(list)
    failed = Signal(str)
    finished = Signal(int)

    def __init__(self, engine: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._engine = engine
        self._volume: float | None = None
        self._process: QProcess | None = None
        self._starting = QTimer(self)
        self._starting.setSingleShot(True)
        self._starting.timeout.connect(self._on_too_slow)

    def start(self) -> None:
        process = QProcess(self)
        process.setProcessChannelMode(QProcess.ProcessChannelMode.ForwardedErrorChannel)
        process.readyReadStandardOutput.connect(self._read)
        process.errorOccurred.connect(self._on_error)
        self._process = process
        program, arguments = service_command(self._engine)
        process.start(program, arguments)
        self._starting.start(SERVICE_START_MS)
        if self._volume is not None:
            self.set_volume(self._volume)

    def restart(self) -> None:
        """Kill the service (it may be stuck inside the engine) and start a new one."""
        self.close()
        self.start()

    def say(self, utterance: int, text: str, locale: str) -> None:
        self._send({"say": utterance, "text": text, "locale": locale})

    def stop(self) -> None:
        self._send({"stop": True})

    def set_volume(self, volume: float) -> None:
        self._volume = volume
        self._send({"volume": volume})

    def close(self) -> None:
        self._starting.stop()
        process, self._process = self._process, None
        if process is not None:
            process.errorOccurred.disconnect(self._on_error)
            process.kill()  # never waits on an engine: a stuck one ignores gentler requests
            process.waitForFinished(1000)
            process.deleteLater()

    def _send(self, command: dict[str, object]) -> None:
        if self._process is not None:  # QProcess buffers: writing never blocks the kiosk
            self._process.write((json.dumps(command) + "\n").encode())

    def _read(self) -> None:
        process = self._process
        while process is not None and process.canReadLine():
            report = json.loads(bytes(process.readLine().data()))
            if "ready" in report:
                self._starting.stop()
                self.ready.emit(list(report["ready"]))
            elif "failed" in report:
                self.failed.emit(str(report["failed"]))
            elif "finished" in report:
                self.finished.emit(int(report["finished"]))

    def _on_error(self, error: QProcess.ProcessError) -> None:
        self.close()
        self.failed.emit(f"the speech service stopped ({error.name})")

    def _on_too_slow(self) -> None:
        self.close()
        self.failed.emit(f"the speech engine did not start in {SERVICE_START_MS // 1000} s")


class Reader(QObject):
    """Says a text in a language, or tells that it cannot; `speaking_changed` follows it."""

    speaking_changed = Signal(bool)
    voices_changed = Signal()  # the engine has (re)started or failed: can_speak may differ

    def __init__(
        self,
        engine: str = AUTO,
        parent: QObject | None = None,
        *,
        factory: EngineFactory | None = None,
        isolated: bool | None = None,
        wait_for: FirstPaint | None = None,
    ) -> None:
        """`isolated`: run the engine in the speech service (default: all but "mock").
        `wait_for`: choose and start the engine only once that widget has been painted."""
        super().__init__(parent)
        self.timeout_ms: Callable[[str], int] = speaking_time_ms  # tests shorten it
        self._locales: list[str] = []
        self._utterance = 0
        self._speaking = False
        self._settled = False  # the engine has started, failed, or there is none
        self._told: set[str] = set()  # problems already logged: each is logged once
        self._deadline = QTimer(self)
        self._deadline.setSingleShot(True)
        self._deadline.timeout.connect(self._on_stuck)
        self._voice: Voice | ServiceVoice | None = None
        self._volume: float | None = None
        self._engine, self._factory, self._isolated = engine, factory, isolated
        if wait_for is None:
            self._choose_engine()
        else:
            wait_for.then(self._choose_engine)

    def _choose_engine(self) -> None:
        """Pick the engine and start it (in the background unless it is Qt's mock)."""
        try:
            name = default_engine() if self._engine == AUTO else self._engine
        except SpeechUnavailable as problem:
            self._give_up(str(problem))
            return
        if name == NONE:
            self._give_up(f"read aloud is off: no speech engine is installed; {HOW_TO_INSTALL}")
            return
        isolated = self._isolated if self._isolated is not None else name != "mock"
        if isolated:
            voice: Voice | ServiceVoice = ServiceVoice(name, self)
        else:
            voice = Voice(name, self._factory, self)
        voice.ready.connect(self._on_ready)
        voice.failed.connect(self._on_failed)
        voice.finished.connect(self._on_finished)
        self._voice = voice
        if self._volume is not None:
            voice.set_volume(self._volume)
        QTimer.singleShot(SERVICE_DELAY_MS if isolated else 0, self, voice.start)

    def _give_up(self, problem: str) -> None:
        self._tell(problem)
        self._settled = True
        self.voices_changed.emit()

    # ----- what the window asks -------------------------------------------------------------
    def is_settled(self) -> bool:
        """Whether `can_speak` gives its final answer (the engine starts in the background)."""
        return self._settled

    def can_speak(self, language: str) -> bool:
        if self._locale_for(language):
            return True
        if self._locales:
            self._tell(
                f"read aloud is off for '{language}': no voice for it is installed; "
                "on Debian/Ubuntu: apt-get install espeak-ng speech-dispatcher-espeak-ng"
            )
        return False

    def is_speaking(self) -> bool:
        return self._speaking

    def speak(self, text: str, language: str) -> None:
        """Start reading `text`; a text already being read is stopped first."""
        locale = self._locale_for(language)
        if self._voice is None or locale is None or not text:
            return
        self.stop()
        self._utterance += 1
        self._voice.say(self._utterance, text, locale)
        self._deadline.start(self.timeout_ms(text))
        self._set_speaking(True)

    def set_volume(self, volume: float) -> None:
        """0.0 to 1.0, from the next reading on (kept until the engine has started)."""
        self._volume = volume
        if self._voice is not None:
            self._voice.set_volume(volume)

    def stop(self) -> None:
        if self._speaking and self._voice is not None:
            self._voice.stop()
            self._set_speaking(False)

    def shutdown(self) -> None:
        """The window closes: no voice, no process left behind."""
        self.stop()
        if self._voice is not None:
            self._voice.close()

    # ----- engine reports -------------------------------------------------------------------
    def _locale_for(self, language: str) -> str | None:
        """A voice for the language, preferring this computer's region (es_US in the US)."""
        wanted = QLocale(language).language()
        matches = [name for name in self._locales if QLocale(name).language() == wanted]
        if not matches:
            return None
        region = QLocale.system().territory()
        preferred = [name for name in matches if QLocale(name).territory() == region]
        default = QLocale(language).name()
        return (preferred or [m for m in matches if m == default] or matches)[0]

    def _on_ready(self, locales: list[str]) -> None:
        self._locales = locales
        self._settled = True
        self.voices_changed.emit()

    def _on_failed(self, problem: str) -> None:
        self._tell(problem)
        if self._speaking:
            self._set_speaking(False)
        if self._locales:
            return  # one utterance failed; the next may work
        self._tell("read aloud is off")
        self._settled = True
        self.voices_changed.emit()

    def _on_finished(self, utterance: int) -> None:
        if utterance == self._utterance:
            self._set_speaking(False)

    def _on_stuck(self) -> None:
        """The engine did not finish in twice the time reading takes: start it afresh."""
        if not self._speaking or self._voice is None:
            return
        self._tell("the speech engine did not finish in time; it was restarted")
        self._set_speaking(False)
        self._locales, self._settled = [], False
        self.voices_changed.emit()  # Listen hides until the engine is ready again
        self._voice.restart()

    def _set_speaking(self, speaking: bool) -> None:
        if not speaking:
            self._deadline.stop()
        if speaking != self._speaking:
            self._speaking = speaking
            self.speaking_changed.emit(speaking)

    def _tell(self, message: str) -> None:
        if message not in self._told:
            self._told.add(message)
            log.warning(message)
