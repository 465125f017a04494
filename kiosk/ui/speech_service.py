"""One voice engine, and the small process that runs it apart from the kiosk.

A voice engine can hang: speech-dispatcher without a working audio device stays "Speaking"
and then blocks every later call. PySide6 keeps Python's lock while Qt waits inside the
engine, so a thread would freeze the kiosk with it; a process does not, and the kiosk kills
it when it stops answering. `python main.py speech-service --engine NAME` reads commands and
writes reports as JSON lines (stdin/stdout). Only screen text passes through it, never
anything a patient typed.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from PySide6.QtCore import QCoreApplication, QLocale, QObject, QTimer, Signal

if TYPE_CHECKING:
    from PySide6.QtTextToSpeech import QTextToSpeech

EngineFactory = Callable[[str], "QTextToSpeech"]
ORPHAN_EXIT_SECONDS = 2.0  # after the kiosk closed the pipe, however stuck the engine is
HOW_TO_INSTALL = "on Debian/Ubuntu: scripts/system-deps (libpulse0, speech-dispatcher, espeak-ng)"


class SpeechUnavailable(Exception):
    """Read-aloud cannot work on this computer; the message says why and how to fix it."""


def text_to_speech() -> type[QTextToSpeech]:
    """QtTextToSpeech, imported only when a voice is wanted. It is optional: it needs
    libpulse, and an audio stack broken by an OS update must not stop the kiosk."""
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech
    except ImportError as error:
        raise SpeechUnavailable(
            f"read aloud is off: PySide6.QtTextToSpeech cannot be loaded ({error}); "
            f"{HOW_TO_INSTALL}"
        ) from None
    return QTextToSpeech


class Voice(QObject):
    """Owns one QTextToSpeech. Reports `ready` (the locales it speaks) or `failed` once,
    then `finished` after each utterance (or `failed` if one goes wrong)."""

    ready = Signal(list)  # locale names, e.g. "es_ES"
    failed = Signal(str)
    finished = Signal(int)  # the utterance number given to `say`

    def __init__(
        self, engine: str, factory: EngineFactory | None = None, parent: QObject | None = None
    ) -> None:
        """`factory`: QTextToSpeech itself unless a test brings its own engine class."""
        super().__init__(parent)
        self._engine = engine
        self._factory = factory
        self._tts: QTextToSpeech | None = None
        self._utterance = 0  # 0 until the engine is up
        self._volume: float | None = None  # the engine's own until the kiosk sets one

    def start(self) -> None:
        try:
            factory = self._factory or text_to_speech()
        except SpeechUnavailable as problem:
            self.failed.emit(str(problem))
            return
        tts = factory(self._engine)
        tts.setParent(self)
        self._tts = tts
        tts.stateChanged.connect(self._on_state)
        self._on_state(tts.state())

    def restart(self) -> None:
        """Stop reading and report ready again (an engine in this process cannot hang)."""
        self.stop()
        self._utterance = 0
        if self._tts is not None:
            self._on_state(self._tts.state())

    def say(self, utterance: int, text: str, locale: str) -> None:
        if self._tts is not None:
            self._utterance = utterance
            self._tts.setLocale(QLocale(locale))
            if self._volume is not None:
                self._tts.setVolume(self._volume)
            self._tts.say(text)

    def stop(self) -> None:
        if self._tts is not None:
            self._tts.stop()

    def set_volume(self, volume: float) -> None:
        """From the next utterance on (engines differ on changing a reading under way)."""
        self._volume = volume

    def close(self) -> None:
        self.stop()

    def _on_state(self, state: QTextToSpeech.State) -> None:
        assert self._tts is not None
        starting = self._utterance == 0
        states = type(self._tts).State  # the class is imported lazily
        if state == states.Error:
            reason = self._tts.errorString() or "no reason given"
            verb = "did not start" if starting else "reported an error"
            self.failed.emit(f"the speech engine {verb} ({reason})")
            if not starting:
                self.finished.emit(self._utterance)
        elif state == states.Ready:
            if starting:
                self._utterance = -1
                self.ready.emit([locale.name() for locale in self._tts.availableLocales()])
            else:
                self.finished.emit(self._utterance)


class _Commands(QObject):
    """Lines from the kiosk, read in a thread (blocking reads) and handed to the event loop."""

    line = Signal(str)
    closed = Signal()

    def read(self, stream: TextIO) -> None:
        for line in stream:
            self.line.emit(line)
        self.closed.emit()  # the kiosk has gone: so does the service
        # An engine stuck in its own start (speech-dispatcher without audio) blocks the event
        # loop, so the quit above may never run: leave anyway, never an orphan.
        exit_timer = threading.Timer(ORPHAN_EXIT_SECONDS, os._exit, args=(0,))
        exit_timer.daemon = True
        exit_timer.start()


def obey(voice: Voice, line: str) -> None:
    """One command: {"say": n, "text": ..., "locale": ...}, {"stop": true}, {"volume": v}."""
    command = json.loads(line)
    if "say" in command:
        voice.say(int(command["say"]), str(command["text"]), str(command["locale"]))
    elif "stop" in command:
        voice.stop()
    elif "volume" in command:
        voice.set_volume(float(command["volume"]))


def die_with_parent() -> None:
    """On Linux the kernel ends this service when the process that started it ends, even
    while a stuck engine holds the interpreter (the exit timer in `_Commands` cannot run
    then). Elsewhere the timer is the only guard."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)


def serve(engine: str, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    """Run the service until the kiosk closes its end of the pipe."""
    die_with_parent()
    app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
    voice = Voice(engine)

    def report(message: dict[str, object]) -> None:
        stdout.write(json.dumps(message) + "\n")
        stdout.flush()

    voice.ready.connect(lambda locales: report({"ready": locales}))
    voice.failed.connect(lambda problem: report({"failed": problem}))
    voice.finished.connect(lambda utterance: report({"finished": utterance}))
    commands = _Commands()
    commands.line.connect(lambda line: obey(voice, line))
    commands.closed.connect(app.quit)
    reader = threading.Thread(target=commands.read, args=(stdin,), daemon=True)
    reader.start()
    QTimer.singleShot(0, voice.start)
    code = app.exec()
    # The quit can run before the reader's `closed.emit()` has returned; Python must not
    # tear Qt's connections down under that emit (it crashed 1 exit in 50 on a busy machine).
    reader.join(ORPHAN_EXIT_SECONDS)
    return code
