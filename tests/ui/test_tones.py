"""The tones play with QSoundEffect where QtMultimedia is installed and never block or raise
without it (the one-folder bundle) or without an audio device (here)."""

from __future__ import annotations

import os
import subprocess
import sys

from kiosk.paths import bundle_root
from kiosk.sounds import WARNING
from kiosk.ui.tones import TonePlayer


def test_with_qt_multimedia_a_tone_loads_or_reports_no_device(qapp, qtbot):
    tone = TonePlayer(WARNING)
    tone.play()
    tone.play()
    assert tone.plays == 2
    qtbot.waitUntil(lambda: tone.status() in ("Ready", "Error"), timeout=5000)


def test_without_qt_multimedia_the_system_player_or_silence(tmp_path):
    """As in the bundle: QtMultimedia cannot be imported; play() still returns at once."""
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'PySide6.QtMultimedia':\n"
        "            raise ImportError(name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "from PySide6.QtCore import QCoreApplication\n"
        "app = QCoreApplication([])\n"
        "from kiosk.sounds import KEY\n"
        "from kiosk.ui.tones import TonePlayer\n"
        "tone = TonePlayer(KEY)\n"
        "tone.play(); tone.play()\n"
        "print(tone.plays, repr(tone.status()))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, cwd=bundle_root(),
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})  # fmt: skip
    assert done.returncode == 0, done.stderr
    plays, player = done.stdout.split(maxsplit=1)
    assert plays == "2"
    assert player.strip() == "''" or any(name in player for name in ("pw-play", "paplay", "aplay"))
    assert done.stderr.count("tones are off") <= 1
