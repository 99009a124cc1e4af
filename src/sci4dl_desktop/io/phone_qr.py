"""Calendar entries as QR codes a phone camera can add: compact iCalendar text, then modules.

A phone camera (iOS Camera, Google Lens, most QR apps) offers "Add to calendar" for a
code that holds a VEVENT. The text is built with `icalendar`, with UTC times (no
VTIMEZONE needed) and only what a phone shows, so the code stays small enough to
scan from a screen. A personal agenda goes in one VCALENDAR code when it fits;
otherwise the caller offers a file instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC
from zoneinfo import ZoneInfo

import qrcode
from icalendar import Calendar
from icalendar import Event as VEvent
from qrcode.constants import ERROR_CORRECT_L, ERROR_CORRECT_M
from qrcode.exceptions import DataOverflowError

from sci4dl_desktop.io.ics import PRODID
from sci4dl_desktop.io.ics_entries import CalendarEntry

# Larger codes have modules too small to scan from a laptop screen at arm's length.
MAX_SCREEN_VERSION = 30
MAX_URL_LENGTH = 120


class QrTooLarge(ValueError):
    """The text does not fit in a QR code that a phone can read from a screen."""


@dataclass(frozen=True)
class QrCode:
    text: str
    modules: list[list[bool]]  # True = dark, quiet zone included
    version: int

    @property
    def size(self) -> int:
        return len(self.modules)


def _compact_vevent(entry: CalendarEntry, *, with_url: bool = True) -> VEvent:
    url = entry.url if with_url and len(entry.url) <= MAX_URL_LENGTH else None
    event = VEvent.new(
        summary=entry.summary,
        start=entry.start.astimezone(UTC),
        end=entry.end.astimezone(UTC),
        location=entry.location or None,
        url=url or None,
    )
    # VEvent.new adds a stamp and a random UID: a camera import uses neither, and every
    # byte makes the code denser.
    event.pop("DTSTAMP", None)
    event.pop("UID", None)
    return event


def _text(component: VEvent | Calendar) -> str:
    data: bytes = component.to_ical()
    return data.decode("utf-8")


def phone_event_text(entry: CalendarEntry) -> str:
    """BEGIN:VEVENT ... END:VEVENT with UTC times: what a phone camera adds as one event."""
    return _text(_compact_vevent(entry))


def phone_agenda_text(entries: Sequence[CalendarEntry]) -> str:
    """One entry as a VEVENT; several as a VCALENDAR of compact VEVENTs (without URLs)."""
    if not entries:
        raise ValueError("an empty agenda has nothing to put in a code")
    if len(entries) == 1:
        return phone_event_text(entries[0])
    calendar = Calendar.new(prodid=PRODID)
    # Calendar.new adds a random UID; a QR code has no use for it.
    calendar.pop("UID", None)
    for entry in entries:
        calendar.add_component(_compact_vevent(entry, with_url=False))
    return _text(calendar)


def make_qr(text: str, max_version: int = MAX_SCREEN_VERSION) -> QrCode:
    """The QR modules for text, at the smallest version that holds it.

    Medium error correction when it fits, low otherwise; QrTooLarge beyond max_version.
    """
    data = text.encode("utf-8")
    for level in (ERROR_CORRECT_M, ERROR_CORRECT_L):
        code = qrcode.QRCode(version=None, error_correction=level, border=4)
        code.add_data(data, optimize=0)
        try:
            code.make(fit=True)
        except (DataOverflowError, ValueError):
            continue
        if code.version is not None and code.version <= max_version:
            modules = [[bool(cell) for cell in row] for row in code.get_matrix()]
            return QrCode(text=text, modules=modules, version=code.version)
    raise QrTooLarge(
        f"{len(data)} bytes do not fit in a QR code a phone can read from a screen "
        f"(version {max_version} at most)"
    )


@dataclass(frozen=True)
class PhoneCode:
    """One code to show: what it holds, and the code (None when it would not fit)."""

    label: str
    code: QrCode | None
    note: str = ""
    entries: int = 1


def phone_codes(entries: Sequence[CalendarEntry], zone: str = "UTC") -> list[PhoneCode]:
    """The codes for a set of entries: all in one (when they fit), then one per entry.

    Every phone camera adds a single VEVENT; some only that. So each entry gets its
    own code, and several entries also get a combined code when it fits on a screen.
    """
    tz = ZoneInfo(zone)
    codes: list[PhoneCode] = []
    if len(entries) > 1:
        label = f"All {len(entries)} entries in one code"
        try:
            whole = make_qr(phone_agenda_text(entries))
        except QrTooLarge:
            codes.append(
                PhoneCode(
                    label,
                    None,
                    "Too many entries for one code a phone can read from a screen. Scan them "
                    "one at a time (below), or save the agenda as an .ics file and open it "
                    "on your phone.",
                    len(entries),
                )
            )
        else:
            codes.append(
                PhoneCode(
                    label,
                    whole,
                    "Phones that open calendar files add every entry at once; others add "
                    "only the first. In that case, scan the entries one at a time.",
                    len(entries),
                )
            )
    for entry in entries:
        start = entry.start.astimezone(tz)
        codes.append(
            PhoneCode(
                f"{start:%H:%M} {entry.summary}",
                make_qr(phone_event_text(entry)),
                "Point your phone's camera at the code and tap “Add to calendar”.",
            )
        )
    return codes


__all__ = [
    "MAX_SCREEN_VERSION",
    "PhoneCode",
    "QrCode",
    "QrTooLarge",
    "make_qr",
    "phone_agenda_text",
    "phone_codes",
    "phone_event_text",
]
