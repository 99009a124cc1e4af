"""Phone QR codes: compact iCalendar text that a real decoder reads back."""

from __future__ import annotations

from datetime import UTC, datetime

import icalendar
import numpy as np
import pytest
import zxingcpp
from sqlalchemy import select

from sci4dl_desktop.io.ics_entries import CalendarEntry, program_entries
from sci4dl_desktop.io.phone_qr import (
    QrTooLarge,
    make_qr,
    phone_agenda_text,
    phone_event_text,
)
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.models import Event


def decode(modules: list[list[bool]], scale: int = 4) -> str:
    image = np.where(np.array(modules, dtype=bool), 0, 255).astype(np.uint8)
    image = np.kron(image, np.ones((scale, scale), dtype=np.uint8))
    (result,) = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    return str(result.text)


def entries(demo_db: Database, posters: bool = False) -> list[CalendarEntry]:
    with demo_db.session() as db:
        event = db.scalars(select(Event)).one()
        return program_entries(db, event, include_posters=posters)


def test_one_event_round_trips_through_a_real_decoder(demo_db: Database) -> None:
    talk = next(e for e in entries(demo_db) if e.summary == "Invited talk 2")
    text = phone_event_text(talk)
    assert text.startswith("BEGIN:VEVENT") and text.rstrip().endswith("END:VEVENT")
    code = make_qr(text)
    decoded = decode(code.modules)
    assert decoded == text
    event = icalendar.Event.from_ical(decoded)
    assert event.start == datetime(2026, 4, 26, 12, 30, tzinfo=UTC)  # 09:30 in Sao Paulo
    assert event.end == datetime(2026, 4, 26, 13, 0, tzinfo=UTC)
    assert str(event["LOCATION"]) == "Main hall"
    assert "DTSTART:20260426T123000Z" in decoded  # UTC, no VTIMEZONE needed
    assert code.version <= 10  # small enough to scan from across a desk


def test_agenda_fits_or_says_it_does_not(demo_db: Database) -> None:
    program = entries(demo_db, posters=True)
    few = program[:6]
    text = phone_agenda_text(few)
    calendar = icalendar.Calendar.from_ical(decode(make_qr(text).modules))
    assert [str(e["SUMMARY"]) for e in calendar.events] == [e.summary for e in few]
    assert [e.start for e in calendar.events] == [e.start for e in few]
    with pytest.raises(QrTooLarge, match="do not fit"):
        make_qr(phone_agenda_text(program[:40]))
    with pytest.raises(ValueError, match="empty agenda"):
        phone_agenda_text([])
