"""The kiosk's two short tones, written as small WAV files by the standard library.

Nothing is downloaded: `assets/sounds/` holds the files this module writes, and a test
checks they are still exactly what it writes (so they can be re-made and reviewed).
A warning tone (two soft beeps) goes with the idle warning; a key tone (one short click
of sound) answers each key of the staff PIN pad instead of saying the digit aloud.
"""

from __future__ import annotations

import io
import math
import struct
import wave
from dataclasses import dataclass
from pathlib import Path

RATE = 22050  # Hz: plenty for a beep, half the size of 44.1 kHz
FADE_MS = 8  # a fade in and out, or the speaker clicks


@dataclass(frozen=True)
class Tone:
    file_name: str
    beeps: tuple[tuple[int, int], ...]  # (frequency Hz, length ms); a pause of one length between
    loudness: float  # 0.0 to 1.0 of full scale


WARNING = Tone("warning.wav", ((880, 140), (660, 180)), 0.5)
KEY = Tone("key.wav", ((1200, 45),), 0.35)
TONES = (WARNING, KEY)


def _beep(frequency: int, length_ms: int, loudness: float) -> list[int]:
    count = RATE * length_ms // 1000
    fade = RATE * FADE_MS // 1000
    samples = []
    for n in range(count):
        envelope = min(1.0, n / fade, (count - 1 - n) / fade)
        value = loudness * envelope * math.sin(2 * math.pi * frequency * n / RATE)
        samples.append(round(value * 32767))
    return samples


def wav_bytes(tone: Tone) -> bytes:
    """16-bit mono PCM, deterministic to the byte."""
    samples: list[int] = []
    for index, (frequency, length_ms) in enumerate(tone.beeps):
        if index:
            samples.extend([0] * (RATE * length_ms // 2000))  # a short pause between beeps
        samples.extend(_beep(frequency, length_ms, tone.loudness))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(struct.pack(f"<{len(samples)}h", *samples))
    return buffer.getvalue()


def write_tones(folder: Path) -> list[Path]:
    """Write every tone into `folder` (python -m kiosk.sounds assets/sounds)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for tone in TONES:
        path = folder / tone.file_name
        path.write_bytes(wav_bytes(tone))
        written.append(path)
    return written


if __name__ == "__main__":
    import sys

    for path in write_tones(Path(sys.argv[1] if len(sys.argv) > 1 else "assets/sounds")):
        print(path)
