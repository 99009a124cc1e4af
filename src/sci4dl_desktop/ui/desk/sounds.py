"""A distinct sound for each verdict, muted with a toggle that is remembered.

QtMultimedia is loaded and the QSoundEffect objects are made on the first sound
actually played, so a muted desk and the self-test never touch the audio system. On a
machine without the system's PulseAudio client library (libpulse0, which QtMultimedia
links to), QtMultimedia does not load: the desk then works in silence.
"""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, QUrl, Signal

if TYPE_CHECKING:
    from PySide6.QtMultimedia import QSoundEffect

from sci4dl_desktop.domain.verdict import VerdictState

SOUND_KEY = "desk/sound"
SOUND_FILES = {
    VerdictState.ADMITTED: "desk-admitted.wav",
    VerdictState.ALREADY: "desk-already.wav",
    VerdictState.REFUSED: "desk-refused.wav",
}


def sound_path(state: VerdictState) -> Path:
    """The bundled WAV file of a verdict state."""
    resource = files("sci4dl_desktop.resources") / "sounds" / SOUND_FILES[state]
    with as_file(resource) as path:  # a real file in an installed or bundled app
        return Path(path)


class VerdictSounds(QObject):
    """Plays the sound of a verdict state unless muted; `enabled` is kept in QSettings."""

    # emitted once, with the reason, when this machine turns out unable to play sounds
    became_unavailable = Signal(str)

    def __init__(self, settings: QSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._effects: dict[VerdictState, QSoundEffect] = {}
        self.unavailable: str | None = None  # why there is no sound on this machine

    @property
    def enabled(self) -> bool:
        return str(self._settings.value(SOUND_KEY, "true")).lower() == "true"

    def set_enabled(self, enabled: bool) -> None:
        self._settings.setValue(SOUND_KEY, "true" if enabled else "false")

    def play(self, state: VerdictState) -> bool:
        """Play the state's sound; False when muted or when this machine cannot play one."""
        if not self.enabled or self.unavailable is not None:
            return False
        try:
            self._output(state)
        except ImportError as exc:  # QtMultimedia without its system libraries
            self.unavailable = str(exc)
            self.became_unavailable.emit(self.unavailable)
            return False
        return True

    def effect(self, state: VerdictState) -> QSoundEffect:
        """The (lazily made) sound effect of a state."""
        effect = self._effects.get(state)
        if effect is None:
            # imported here: loading QtMultimedia probes the audio system, which only a
            # desk that actually plays a sound should pay for
            from PySide6.QtMultimedia import QSoundEffect

            effect = QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(sound_path(state))))
            effect.setVolume(0.8)
            self._effects[state] = effect
        return effect

    def _output(self, state: VerdictState) -> None:
        self.effect(state).play()


__all__ = ["SOUND_FILES", "SOUND_KEY", "VerdictSounds", "sound_path"]
