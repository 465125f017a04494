"""The shipped tones are exactly what kiosk/sounds.py writes: short, small, re-makeable."""

from __future__ import annotations

import io
import wave

from kiosk.paths import bundle_root
from kiosk.sounds import KEY, TONES, WARNING, wav_bytes, write_tones


def test_the_shipped_tones_are_what_the_generator_writes(tmp_path):
    shipped = bundle_root() / "assets" / "sounds"
    for path in write_tones(tmp_path):
        assert (shipped / path.name).read_bytes() == path.read_bytes(), (
            f"assets/sounds/{path.name} is stale: run python -m kiosk.sounds assets/sounds"
        )


def test_tones_are_short_mono_and_small():
    for tone, longest_ms in ((WARNING, 600), (KEY, 100)):
        data = wav_bytes(tone)
        with wave.open(io.BytesIO(data)) as wav:
            assert (wav.getnchannels(), wav.getsampwidth()) == (1, 2)
            assert 0 < wav.getnframes() * 1000 / wav.getframerate() <= longest_ms
        assert len(data) < 32_000
    assert len({tone.file_name for tone in TONES}) == len(TONES)
