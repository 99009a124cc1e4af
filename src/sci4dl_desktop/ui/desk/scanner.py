"""Recognises a handheld scanner's keystroke burst on the desk page, whatever has focus.

USB and Bluetooth scanners "type" what they read, a few milliseconds per character,
optionally followed by Enter. While the desk page is shown, an application-wide
event filter watches key presses aimed at the page's widgets:

* a key that could begin a badge token ("S", then "4", "D", a digit, ":") is held
  back instead of reaching the focused widget;
* if the next key comes quickly and continues the prefix, the burst is a scan: the
  rest is captured until Enter or Tab, or until the keys stop;
* otherwise the held keys are replayed to the widget they were meant for, so a
  person typing "Santos" into the search box sees no difference.

Nothing of a scan ever reaches the search box, and no mouse is needed.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from sci4dl_desktop.domain.badges import looks_like_token_start

FAST_GAP_SECONDS = 0.06  # scanners send a character every 2-40 ms; people rarely type that fast
END_GAP_MS = 150  # no key for this long ends a scan that had no Enter
MAX_SCAN_CHARS = 512

_END_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab)
_KEY_EVENTS = (QEvent.Type.KeyPress, QEvent.Type.KeyRelease)

KeyHook = Callable[[QWidget, QKeyEvent], bool]


class _HeldKey:
    __slots__ = ("key", "modifiers", "receiver", "text")

    def __init__(self, receiver: QWidget, event: QKeyEvent) -> None:
        self.receiver = receiver
        self.key = event.key()
        self.modifiers = event.modifiers()
        self.text = event.text()


class ScannerBurstFilter(QObject):
    """Emits `scanned(payload)` for every scanner burst aimed at `page` or its children.

    `key_hook(receiver, event)` sees other key presses first; returning True consumes
    the key (the desk uses it for the one-key re-entry).
    """

    scanned = Signal(str)

    def __init__(
        self,
        page: QWidget,
        *,
        fast_gap: float = FAST_GAP_SECONDS,
        end_gap_ms: int = END_GAP_MS,
        time_source: Callable[[], float] = time.monotonic,
        key_hook: KeyHook | None = None,
    ) -> None:
        super().__init__(page)
        self._page = page
        self._fast_gap = fast_gap
        self._now = time_source
        self._key_hook = key_hook
        self._held: list[_HeldKey] = []
        self._buffer: list[str] = []
        self._capturing = False
        self._last = 0.0
        self._replaying = False
        self._installed = False
        self._hold_timer = QTimer(self)
        self._hold_timer.setSingleShot(True)
        self._hold_timer.setInterval(round(fast_gap * 1000) + 20)
        self._hold_timer.timeout.connect(self._release_held)
        self._end_timer = QTimer(self)
        self._end_timer.setSingleShot(True)
        self._end_timer.setInterval(end_gap_ms)
        self._end_timer.timeout.connect(self._finish)

    # -- installation ------------------------------------------------------------------

    def install(self) -> None:
        app = QCoreApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True

    def remove(self) -> None:
        app = QCoreApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
            self._installed = False
        self._release_held()
        if self._capturing:
            self._finish()

    @property
    def busy(self) -> bool:
        """True while keys are held back or a burst is being captured."""
        return bool(self._held) or self._capturing

    # -- filtering -----------------------------------------------------------------------

    def _aimed_at_page(self, watched: QObject) -> bool:
        if not isinstance(watched, QWidget) or not isValid(self._page):
            return False
        return watched is self._page or self._page.isAncestorOf(watched)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._replaying or event.type() not in _KEY_EVENTS:
            return False
        if not self._aimed_at_page(watched):
            return False
        assert isinstance(event, QKeyEvent) and isinstance(watched, QWidget)
        if event.type() == QEvent.Type.KeyRelease:
            return self.busy  # releases of held or captured keys mean nothing to widgets
        return self._key_press(watched, event)

    def _key_press(self, receiver: QWidget, event: QKeyEvent) -> bool:
        now = self._now()
        gap = now - self._last
        text = event.text()
        plain = not (
            event.modifiers()
            & (
                Qt.KeyboardModifier.ControlModifier
                | Qt.KeyboardModifier.AltModifier
                | Qt.KeyboardModifier.MetaModifier
            )
        )
        if self._capturing:
            if gap <= self._fast_gap * 3 or event.key() in _END_KEYS:
                return self._capture(event, text, plain, now)
            self._finish()  # a long pause: that scan is over, this key starts afresh
        if self._held:
            candidate = "".join(h.text for h in self._held) + text
            if plain and text and gap <= self._fast_gap and looks_like_token_start(candidate):
                return self._hold(receiver, event, now, candidate)
            self._release_held()
        if self._key_hook is not None and self._key_hook(receiver, event):
            return True
        if plain and text and looks_like_token_start(text):
            return self._hold(receiver, event, now, text)
        return False

    def _hold(self, receiver: QWidget, event: QKeyEvent, now: float, candidate: str) -> bool:
        self._held.append(_HeldKey(receiver, event))
        self._last = now
        if len(candidate) >= 5:  # the whole prefix "S4Dn:" came as a burst: it is a scan
            self._buffer = [h.text for h in self._held]
            self._held.clear()
            self._hold_timer.stop()
            self._capturing = True
            self._end_timer.start()
        else:
            self._hold_timer.start()
        return True

    def _capture(self, event: QKeyEvent, text: str, plain: bool, now: float) -> bool:
        self._last = now
        if event.key() in _END_KEYS:
            self._finish()
            return True
        if plain and text and text.isprintable():
            if sum(len(part) for part in self._buffer) < MAX_SCAN_CHARS:
                self._buffer.append(text)
            self._end_timer.start()
            return True
        self._finish()  # a control key ends the burst and does its usual job
        return False

    def _finish(self) -> None:
        self._end_timer.stop()
        if not self._capturing:
            return
        self._capturing = False
        payload = "".join(self._buffer)
        self._buffer = []
        self.scanned.emit(payload)

    def _release_held(self) -> None:
        """Give held keys back to the widgets they were typed into (it was a person)."""
        self._hold_timer.stop()
        held, self._held = self._held, []
        self._replaying = True
        try:
            for key in held:
                if not isValid(key.receiver):
                    continue
                for kind in _KEY_EVENTS:
                    replay = QKeyEvent(kind, key.key, key.modifiers, key.text)
                    QCoreApplication.sendEvent(key.receiver, replay)
        finally:
            self._replaying = False


__all__ = ["END_GAP_MS", "FAST_GAP_SECONDS", "ScannerBurstFilter"]
