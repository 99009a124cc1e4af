"""Generate the registration desk's verdict sounds into resources/sounds/ (run once, commit).

    .venv/bin/python scripts/generate_desk_sounds.py

Three short, clearly different sounds, 16 kHz mono 16-bit WAV (a few kB each):
desk-admitted  a rising two-note chime
desk-already   two short mid-pitch beeps
desk-refused   a low, falling, buzzy tone
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 16_000
OUT = Path(__file__).resolve().parents[1] / "src" / "sci4dl_desktop" / "resources" / "sounds"


def tone(
    freq_start: float,
    seconds: float,
    *,
    freq_end: float | None = None,
    harmonics: tuple[float, ...] = (1.0,),
    volume: float = 0.45,
) -> list[float]:
    """A tone with a short fade in and out (no clicks), optionally sliding in pitch."""
    count = int(RATE * seconds)
    fade = int(RATE * 0.008)
    end = freq_start if freq_end is None else freq_end
    samples, phase = [], 0.0
    for i in range(count):
        freq = freq_start + (end - freq_start) * i / count
        phase += 2 * math.pi * freq / RATE
        value = sum(amp * math.sin(phase * (n + 1)) for n, amp in enumerate(harmonics))
        value /= sum(harmonics)
        envelope = min(1.0, i / fade, (count - 1 - i) / fade)
        samples.append(volume * envelope * value)
    return samples


def silence(seconds: float) -> list[float]:
    return [0.0] * int(RATE * seconds)


def write(name: str, samples: list[float]) -> Path:
    path = OUT / f"desk-{name}.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(b"".join(struct.pack("<h", round(s * 32767)) for s in samples))
    return path


SOUNDS = {
    "admitted": tone(880, 0.11, harmonics=(1.0, 0.25)) + tone(1318.5, 0.18, harmonics=(1.0, 0.25)),
    "already": tone(660, 0.1, harmonics=(1.0, 0.4))
    + silence(0.07)
    + tone(660, 0.1, harmonics=(1.0, 0.4)),
    "refused": tone(300, 0.42, freq_end=190, harmonics=(1.0, 0.6, 0.45, 0.3), volume=0.5),
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, samples in SOUNDS.items():
        path = write(name, samples)
        print(f"{path} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
