"""Playing the kiosk's short tones (kiosk/sounds.py makes them) through QSoundEffect.

QtMultimedia loads only when a tone is first wanted, never before the welcome screen. With
no audio device (or no audio library) QSoundEffect just reports an error status: playing
never blocks and never raises, and the kiosk goes on silently.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QUrl

from kiosk.paths import bundle_root
from kiosk.sounds import Tone


class TonePlayer(QObject):
    """One tone, loaded on first use; `plays` counts the requests (tests read it)."""

    def __init__(self, tone: Tone, volume: float = 0.7, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = bundle_root() / "assets" / "sounds" / tone.file_name
        self.plays = 0
        self._volume = volume
        self._effect = None  # a QSoundEffect once first played

    def set_volume(self, volume: float) -> None:
        self._volume = volume
        if self._effect is not None:
            self._effect.setVolume(volume)

    def play(self) -> None:
        """Start the tone (QSoundEffect plays it once loaded); a missing file plays nothing."""
        self.plays += 1
        if not self.path.is_file():
            return
        if self._effect is None:
            from PySide6.QtMultimedia import QSoundEffect  # only once a tone is wanted

            effect = QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(self.path)))
            self._effect = effect
        self._effect.setVolume(self._volume)
        self._effect.play()

    def status(self) -> str:
        """Loading, Ready or Error (no audio device here), or "" before the first play."""
        return self._effect.status().name if self._effect is not None else ""
