"""The staff PIN that guards leaving the attendee kiosk.

The organiser sets it once per event; every desk that opens the event file (or the
shared database) reads the same one. Only a salted scrypt hash is stored, in the
`EventSetting` "kiosk.staff_pin". `UnlockGuard` slows down guessing at the kiosk:
after a few wrong PINs it refuses attempts for a while, longer each time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session as OrmSession

from sci4dl_desktop.domain.clock import Clock
from sci4dl_desktop.store.models import EventSetting

PIN_SETTING_KEY = "kiosk.staff_pin"
MIN_PIN_LENGTH = 4
MAX_PIN_LENGTH = 12
# scrypt cost: ~16 MiB and a few tens of milliseconds per check on a laptop.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SALT_BYTES = 16
HASH_BYTES = 32
FREE_ATTEMPTS = 3
FIRST_LOCKOUT_SECONDS = 30
MAX_LOCKOUT_SECONDS = 15 * 60


class PinError(ValueError):
    """A PIN that cannot be used; the message says what a PIN must be."""


def check_pin_format(pin: str) -> None:
    if not pin.isascii() or not pin.isdigit():
        raise PinError("a staff PIN is made of digits only (0-9)")
    if not MIN_PIN_LENGTH <= len(pin) <= MAX_PIN_LENGTH:
        raise PinError(
            f"a staff PIN has {MIN_PIN_LENGTH} to {MAX_PIN_LENGTH} digits (this one has {len(pin)})"
        )
    if len(set(pin)) == 1:
        raise PinError("a staff PIN of one repeated digit is too easy to guess")


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        pin.encode("ascii"), salt=salt, n=n, r=r, p=p, maxmem=128 * r * n * 2, dklen=HASH_BYTES
    )


def hash_pin(pin: str, salt: bytes | None = None) -> dict[str, Any]:
    """The stored form of a PIN: scheme, cost parameters, salt and hash (hex)."""
    check_pin_format(pin)
    salt = salt if salt is not None else secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return {
        "scheme": "scrypt",
        "n": SCRYPT_N,
        "r": SCRYPT_R,
        "p": SCRYPT_P,
        "salt": salt.hex(),
        "hash": digest.hex(),
    }


def pin_matches(pin: str, record: dict[str, Any]) -> bool:
    """Whether pin is the one the record was made from (constant-time comparison)."""
    if not pin.isascii() or not pin.isdigit() or len(pin) > MAX_PIN_LENGTH:
        return False
    try:
        if record.get("scheme") != "scrypt":
            return False
        salt = bytes.fromhex(str(record["salt"]))
        expected = bytes.fromhex(str(record["hash"]))
        n, r, p = int(record["n"]), int(record["r"]), int(record["p"])
    except (KeyError, TypeError, ValueError):
        return False
    return hmac.compare_digest(_scrypt(pin, salt, n, r, p), expected)


def stored_pin(db: OrmSession) -> dict[str, Any] | None:
    setting = db.get(EventSetting, PIN_SETTING_KEY)
    if setting is None or not isinstance(setting.value, dict):
        return None
    value: dict[str, Any] = setting.value
    return value


def has_staff_pin(db: OrmSession) -> bool:
    return stored_pin(db) is not None


def set_staff_pin(db: OrmSession, pin: str) -> None:
    """Store a new staff PIN (replacing any earlier one). The caller commits."""
    record = hash_pin(pin)
    setting = db.get(EventSetting, PIN_SETTING_KEY)
    if setting is None:
        db.add(EventSetting(key=PIN_SETTING_KEY, value=record))
    else:
        setting.value = record


def verify_staff_pin(db: OrmSession, pin: str) -> bool:
    record = stored_pin(db)
    return record is not None and pin_matches(pin, record)


@dataclass(frozen=True)
class UnlockResult:
    ok: bool
    wait_seconds: int = 0  # > 0: refused without checking, try again after this long

    @property
    def message(self) -> str:
        if self.ok:
            return ""
        if self.wait_seconds:
            return f"Too many wrong PINs. Try again in {self.wait_seconds} s."
        return "Wrong PIN."


class UnlockGuard:
    """Checks PINs at the kiosk, with a growing lockout after repeated wrong ones."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._failures = 0
        self._locked_until: datetime | None = None

    def seconds_left(self) -> int:
        if self._locked_until is None:
            return 0
        left = (self._locked_until - self._clock.now()).total_seconds()
        return max(0, int(left + 0.999))

    def attempt(self, pin: str, check: Callable[[str], bool]) -> UnlockResult:
        """Try pin with check(pin) -> bool unless locked out; count and lock on failure."""
        wait = self.seconds_left()
        if wait:
            return UnlockResult(False, wait)
        if check(pin):
            self._failures = 0
            self._locked_until = None
            return UnlockResult(True)
        self._failures += 1
        if self._failures >= FREE_ATTEMPTS:
            extra = self._failures - FREE_ATTEMPTS
            seconds = min(MAX_LOCKOUT_SECONDS, FIRST_LOCKOUT_SECONDS * 2**extra)
            self._locked_until = self._clock.now() + timedelta(seconds=seconds)
            return UnlockResult(False, seconds)
        return UnlockResult(False)


__all__ = [
    "MAX_PIN_LENGTH",
    "MIN_PIN_LENGTH",
    "PIN_SETTING_KEY",
    "PinError",
    "UnlockGuard",
    "UnlockResult",
    "check_pin_format",
    "has_staff_pin",
    "hash_pin",
    "pin_matches",
    "set_staff_pin",
    "stored_pin",
    "verify_staff_pin",
]
