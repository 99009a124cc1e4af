"""The kiosk's staff PIN: stored hashed with a salt, checked in constant time, rate limited."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from sci4dl_desktop.domain.clock import FakeClock
from sci4dl_desktop.domain.kiosk_pin import (
    FIRST_LOCKOUT_SECONDS,
    PIN_SETTING_KEY,
    PinError,
    UnlockGuard,
    has_staff_pin,
    hash_pin,
    pin_matches,
    set_staff_pin,
    verify_staff_pin,
)
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.models import EventSetting


def test_pin_is_stored_hashed_and_salted(demo_db: Database) -> None:
    with demo_db.session() as db:
        assert not has_staff_pin(db)
        assert not verify_staff_pin(db, "2468")
    with demo_db.transaction() as db:
        set_staff_pin(db, "2468")
    with demo_db.session() as db:
        assert has_staff_pin(db)
        assert verify_staff_pin(db, "2468")
        assert not verify_staff_pin(db, "2469")
        assert not verify_staff_pin(db, "")
        stored = db.scalars(select(EventSetting).where(EventSetting.key == PIN_SETTING_KEY)).one()
        text = json.dumps(stored.value)
    assert "2468" not in text
    assert stored.value["scheme"] == "scrypt" and len(bytes.fromhex(stored.value["salt"])) == 16
    # The same PIN hashes differently each time (fresh salt).
    assert hash_pin("2468")["hash"] != hash_pin("2468")["hash"]
    # Changing it replaces the old one.
    with demo_db.transaction() as db:
        set_staff_pin(db, "13579")
    with demo_db.session() as db:
        assert verify_staff_pin(db, "13579") and not verify_staff_pin(db, "2468")


@pytest.mark.parametrize(
    ("pin", "message"),
    [
        ("12a4", "digits only"),
        ("１２３４", "digits only"),  # full-width digits are not ASCII
        ("123", "4 to 12 digits"),
        ("1234567890123", "4 to 12 digits"),
        ("0000", "one repeated digit"),
    ],
)
def test_bad_pins_are_refused(pin: str, message: str) -> None:
    with pytest.raises(PinError, match=message):
        hash_pin(pin)


def test_corrupt_record_never_matches() -> None:
    record = hash_pin("2580")
    assert pin_matches("2580", record)
    assert not pin_matches("2580", {**record, "salt": "zz"})
    assert not pin_matches("2580", {**record, "scheme": "plain"})
    assert not pin_matches("2580", {"hash": record["hash"]})


def test_guard_locks_out_after_repeated_wrong_pins() -> None:
    clock = FakeClock()
    guard = UnlockGuard(clock)
    calls: list[str] = []

    def check(pin: str) -> bool:
        calls.append(pin)
        return pin == "2580"

    assert guard.attempt("1111", check).message == "Wrong PIN."
    assert not guard.attempt("1112", check).ok
    third = guard.attempt("1113", check)
    assert third.wait_seconds == FIRST_LOCKOUT_SECONDS
    # Locked: even the right PIN is not checked now.
    locked = guard.attempt("2580", check)
    assert not locked.ok and locked.wait_seconds == FIRST_LOCKOUT_SECONDS
    assert "Try again in 30 s" in locked.message
    assert calls == ["1111", "1112", "1113"]
    clock.advance(FIRST_LOCKOUT_SECONDS)
    assert guard.attempt("9999", check).wait_seconds == 2 * FIRST_LOCKOUT_SECONDS  # longer
    clock.advance(2 * FIRST_LOCKOUT_SECONDS)
    assert guard.attempt("2580", check).ok
    assert guard.attempt("1111", check).wait_seconds == 0  # the count starts again
