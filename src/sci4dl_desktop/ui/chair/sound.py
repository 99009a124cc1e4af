"""A soft chime when the timer enters a new phase, for chairs who want one (off by default)."""

from __future__ import annotations

from importlib.resources import files
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QUrl

from sci4dl_desktop.domain.timer import Phase

if TYPE_CHECKING:
    from PySide6.QtMultimedia import QSoundEffect

CHIME = "phase-chime.wav"
# Entering these phases rings; going back (a minute added) stays silent.
RINGING = (Phase.WRAP_UP, Phase.FINAL_MINUTE, Phase.QUESTIONS, Phase.OVERTIME)
_ORDER = {Phase.NORMAL: 0, Phase.WRAP_UP: 1, Phase.FINAL_MINUTE: 2, Phase.QUESTIONS: 3}


def should_ring(before: Phase | None, after: Phase) -> bool:
    """A chime on entering a later phase of the same slot, never on the way back."""
    if before is None or before is after or after not in RINGING:
        return False
    if after is Phase.OVERTIME:
        return True
    if before is Phase.OVERTIME:
        return False
    if after is Phase.FINAL_MINUTE and before is Phase.QUESTIONS:
        return True
    return _ORDER[after] > _ORDER[before]


class PhaseChime(QObject):
    """Plays the chime; the sound device is opened only once the chair switches it on."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._effect: QSoundEffect | None = None
        self.enabled = False
        self.rung = 0  # how many times it rang: shown in tests, harmless elsewhere

    def _load(self) -> QSoundEffect:
        if self._effect is None:
            # Qt Multimedia loads only now: starting the app does not wait for audio.
            from PySide6.QtMultimedia import QSoundEffect

            self._effect = QSoundEffect(self)
            path = files("sci4dl_desktop.resources") / "sounds" / CHIME
            self._effect.setSource(QUrl.fromLocalFile(str(path)))
            self._effect.setVolume(0.5)
        return self._effect

    def ring(self) -> None:
        if not self.enabled:
            return
        try:
            effect = self._load()
        except ImportError:  # QtMultimedia without the system's libpulse0: no chime
            return
        self.rung += 1
        effect.play()


__all__ = ["PhaseChime", "should_ring"]
