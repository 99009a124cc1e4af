"""Generate the session chair's soft phase chime into resources/sounds/ (run once, commit).

    .venv/bin/python scripts/generate_chair_sounds.py

phase-chime  two soft bell-like notes (E5 then C5) with a gentle decay, 16 kHz mono
             16-bit WAV, under a second: heard by the speaker, not by the back row.
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 16_000
OUT = Path(__file__).resolve().parents[1] / "src" / "sci4dl_desktop" / "resources" / "sounds"


def bell(freq: float, seconds: float, volume: float) -> list[float]:
    """A sine with a soft attack, a quiet octave overtone and an exponential decay."""
    count = int(RATE * seconds)
    attack = int(RATE * 0.012)
    samples = []
    for i in range(count):
        t = i / RATE
        envelope = min(1.0, i / attack) * math.exp(-4.5 * t / seconds)
        tail = min(1.0, (count - 1 - i) / attack)  # no click at the end
        value = math.sin(2 * math.pi * freq * t) + 0.18 * math.sin(4 * math.pi * freq * t)
        samples.append(volume * envelope * tail * value / 1.18)
    return samples


def main() -> None:
    samples = bell(659.25, 0.38, 0.28)
    second = bell(523.25, 0.55, 0.28)
    offset = int(RATE * 0.22)
    mixed = samples + [0.0] * (offset + len(second) - len(samples))
    for i, value in enumerate(second):
        mixed[offset + i] += value
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "phase-chime.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(
            b"".join(struct.pack("<h", round(max(-1, min(1, s)) * 32767)) for s in mixed)
        )
    print(f"{path} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
