"""Playing the kiosk's short tones (kiosk/sounds.py makes them).

QSoundEffect plays them where QtMultimedia is installed (a source install and the one-folder
bundle): it loads only when a tone is first wanted, never before the welcome screen. Where a
trimmed Qt lacks QtMultimedia the tone goes to the system's own player, started without
waiting for it (PipeWire's pw-play, PulseAudio's paplay or ALSA's aplay; winsound on
Windows). With no audio device, no player or no library the kiosk goes on silently and
kiosk.log says so once: playing never blocks and never raises.
"""

from __future__ import annotations

import logging
import shutil
import sys

from PySide6.QtCore import QObject, QProcess, QUrl

from kiosk.paths import bundle_root
from kiosk.sounds import Tone

log = logging.getLogger(__name__)

PLAYERS = ("pw-play", "paplay", "aplay")  # the first one found plays the WAV file


class TonePlayer(QObject):
    """One tone; `plays` counts the requests (tests read it)."""

    def __init__(self, tone: Tone, volume: float = 0.7, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = bundle_root() / "assets" / "sounds" / tone.file_name
        self.plays = 0
        self._volume = volume
        self._effect = None  # a QSoundEffect once first played
        self._fallback: str | None = None  # "" once known that there is no other player
        self._told = False

    def set_volume(self, volume: float) -> None:
        self._volume = volume
        if self._effect is not None:
            self._effect.setVolume(volume)

    def play(self) -> None:
        """Start the tone; a missing file or player plays nothing."""
        self.plays += 1
        if not self.path.is_file():
            return
        if self._effect is None and self._fallback is None:
            try:
                from PySide6.QtMultimedia import QSoundEffect  # only once a tone is wanted
            except ImportError:
                self._fallback = _system_player()
            else:
                effect = QSoundEffect(self)
                effect.setSource(QUrl.fromLocalFile(str(self.path)))
                self._effect = effect
        if self._effect is not None:
            self._effect.setVolume(self._volume)
            self._effect.play()
        elif self._fallback == "winsound":
            import winsound  # Windows' own, asynchronous

            winsound.PlaySound(str(self.path), winsound.SND_FILENAME | winsound.SND_ASYNC)
        elif self._fallback:
            QProcess.startDetached(self._fallback, [str(self.path)])
        elif not self._told:
            self._told = True
            log.warning("tones are off: no QtMultimedia and no pw-play, paplay or aplay")

    def status(self) -> str:
        """Loading, Ready or Error (no audio device here) with QSoundEffect; the system
        player's name otherwise; "" before the first play."""
        if self._effect is not None:
            return self._effect.status().name
        return self._fallback or ""


def _system_player() -> str:
    if sys.platform == "win32":
        return "winsound"
    return next((path for name in PLAYERS if (path := shutil.which(name))), "")
