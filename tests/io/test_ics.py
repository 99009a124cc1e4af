"""iCalendar exports, read back by two parsers that do not share time-zone code.

`icalendar` resolves a TZID through the system's zoneinfo; `vobject` builds its time
zones from the VTIMEZONE components inside the file. Both must give the same exact
UTC instants: the first proves the local times are right, the second that the
VTIMEZONE we ship describes the zone correctly (on DST days too).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from sqlalchemy import select

from sci4dl_desktop.domain.agenda import Target, attendee_owner, star
from sci4dl_desktop.domain.session_times import move_session
from sci4dl_desktop.io.ics import (
    IcsError,
    agenda_calendar,
    calendar_bytes,
    mentor_calendar,
    poster_calendar,
    program_calendar,
    session_calendar,
    write_calendar,
)
from sci4dl_desktop.store.database import Database, open_database
from sci4dl_desktop.store.enums import SessionKind
from sci4dl_desktop.store.models import Attendee, Pairing, Poster, Room, Session
from sci4dl_desktop.store.setup import create_event

NOW = datetime(2026, 4, 20, 8, 0, tzinfo=UTC)


def _utc(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def parse_both(data: bytes) -> dict[str, dict[str, Any]]:
    """UID -> what icalendar and vobject read, after checking that they agree."""
    ours = icalendar.Calendar.from_ical(data)
    theirs = vobject.readOne(data.decode("utf-8"))
    read: dict[str, dict[str, Any]] = {}
    for event in ours.events:
        assert isinstance(event.start, datetime), "a timed session became an all-day event"
        read[str(event["UID"])] = {
            "start": event.start.astimezone(UTC),
            "end": event.end.astimezone(UTC),
            "sequence": int(event.get("SEQUENCE", 0)),
            "summary": str(event["SUMMARY"]),
            "location": str(event.get("LOCATION", "")),
            "description": str(event.get("DESCRIPTION", "")),
            "url": str(event.get("URL", "")),
            "alarms": [a for a in event.walk("VALARM")],
        }
    vevents = getattr(theirs, "vevent_list", [])
    assert len(vevents) == len(read)
    for vevent in vevents:
        entry = read[vevent.uid.value]
        start, end = vevent.dtstart.value, vevent.dtend.value
        assert isinstance(start, datetime) and start.tzinfo is not None
        assert start.astimezone(UTC) == entry["start"]
        assert end.astimezone(UTC) == entry["end"]
        assert vevent.summary.value == entry["summary"]
    return read


def assert_well_formed(data: bytes, zone: str) -> None:
    text = data.decode("utf-8")
    for line in text.splitlines():
        if line.startswith(("DTSTART", "DTEND")) and "VALUE=DATE" in line:
            pytest.fail(f"all-day value in {line!r}")
    assert re.search(rf"^DTSTART;TZID={re.escape(zone)}:\d{{8}}T\d{{6}}\r?$", text, re.M)
    calendar = icalendar.Calendar.from_ical(data)
    assert calendar.get_missing_tzids() == set()
    assert [tz.tz_name for tz in calendar.timezones] == [zone]
    assert "DTSTAMP:" in text and "PRODID:" in text


# -- the demo event -------------------------------------------------------------------


def test_demo_program_has_the_exact_instants(demo_db: Database) -> None:
    data = calendar_bytes(program_calendar(demo_db, now=NOW))
    assert_well_formed(data, "America/Sao_Paulo")
    read = parse_both(data)
    with demo_db.session() as db:
        sessions = list(db.scalars(select(Session)))
    assert len(read) == len(sessions) == 16
    by_summary = {entry["summary"]: entry for entry in read.values()}
    # 09:00 in Sao Paulo (UTC-3, no DST since 2019) is 12:00 UTC.
    assert by_summary["Invited talk 1"]["start"] == _utc(2026, 4, 26, 12)
    assert by_summary["Poster session 2"]["end"] == _utc(2026, 4, 26, 21)
    for session in sessions:
        entry = read[f"{session.uid}@sci4dl-2026.sci4dl-desktop"]
        assert (entry["start"], entry["end"]) == (session.start_at, session.end_at)
    panel = by_summary["Panel discussion"]
    assert panel["location"] == "Main hall"
    assert "Panelists: Lenka Zdeborová" in panel["description"]
    poster_session = by_summary["Poster session 1"]["description"]
    assert "Posters (75):" in poster_session and "Board 1: " in poster_session
    assert b"DTSTAMP:20260420T080000Z" in data
    assert not any(entry["alarms"] for entry in read.values())


def test_program_with_posters_and_reminders(demo_db: Database) -> None:
    data = calendar_bytes(
        program_calendar(demo_db, now=NOW, alarm_minutes=15, include_posters=True)
    )
    read = parse_both(data)
    assert len(read) == 16 + 150
    for entry in read.values():
        (alarm,) = entry["alarms"]
        assert alarm["ACTION"] == "DISPLAY"
        assert alarm.get("TRIGGER").dt == timedelta(minutes=-15)
    theirs = vobject.readOne(data.decode("utf-8"))
    assert theirs.vevent.valarm.trigger.value == timedelta(minutes=-15)


def test_reminder_out_of_range_is_refused(demo_db: Database) -> None:
    with pytest.raises(IcsError, match="between 0 and 10080 minutes"):
        program_calendar(demo_db, alarm_minutes=-5)


def test_one_poster_sits_at_its_session_with_its_board(demo_db: Database) -> None:
    with demo_db.session() as db:
        poster = db.scalars(select(Poster).where(Poster.board == 12).order_by(Poster.id)).first()
        assert poster is not None and poster.poster_session is not None
        slot = poster.poster_session
    read = parse_both(calendar_bytes(poster_calendar(demo_db, poster.id, now=NOW)))
    (entry,) = read.values()
    assert (entry["start"], entry["end"]) == (slot.start_at, slot.end_at)
    assert entry["location"] == "Board 12, Poster hall"
    assert entry["summary"] == f"Poster: {poster.title}"
    assert entry["url"] == poster.url
    assert f"Authors: {poster.authors[0].name}" in entry["description"]
    with pytest.raises(IcsError, match="no poster with id 424242"):
        poster_calendar(demo_db, 424242)


def test_agenda_holds_only_the_stars(demo_db: Database) -> None:
    with demo_db.transaction() as db:
        attendee = db.scalars(select(Attendee).order_by(Attendee.id)).first()
        assert attendee is not None
        owner = attendee_owner(attendee.id)
        talk = db.scalars(select(Session).where(Session.title == "Invited talk 5")).one()
        poster = db.scalars(select(Poster).where(Poster.board == 1)).first()
        assert poster is not None
        star(db, owner, Target.session(talk.id))
        star(db, owner, Target.poster(poster.id))
    read = parse_both(calendar_bytes(agenda_calendar(demo_db, owner, now=NOW)))
    assert sorted(e["summary"] for e in read.values()) == sorted(
        ["Invited talk 5", f"Poster: {poster.title}"]
    )


def test_mentor_calendar_lists_meetings_without_emails(demo_db: Database) -> None:
    with demo_db.session() as db:
        pairing = db.scalars(select(Pairing).order_by(Pairing.id)).first()
        assert pairing is not None
        mentor_id = pairing.mentor_id
        mine = list(db.scalars(select(Pairing).where(Pairing.mentor_id == mentor_id)))
        expected = {(p.mentee.name, p.slot.start_at, p.place) for p in mine}
        emails = [a.email for a in db.scalars(select(Attendee)) if a.email]
    data = calendar_bytes(mentor_calendar(demo_db, mentor_id, now=NOW))
    read = parse_both(data)
    got = {
        (e["summary"].removeprefix("Mentorship: "), e["start"], e["location"])
        for e in read.values()
    }
    assert got == expected
    text = data.decode("utf-8").replace("\r\n ", "")
    assert not [email for email in emails if email in text]
    with pytest.raises(IcsError, match="no person with id 9999"):
        mentor_calendar(demo_db, 9999)


# -- UIDs and SEQUENCE over re-exports ------------------------------------------------------


def test_uids_stable_and_sequence_rises_when_a_session_moves(demo_db: Database) -> None:
    first = parse_both(calendar_bytes(program_calendar(demo_db, now=NOW)))
    again = parse_both(calendar_bytes(program_calendar(demo_db, now=NOW)))
    assert first == again  # no change, no new sequence
    with demo_db.transaction() as db:
        talk = db.scalars(select(Session).where(Session.title == "Invited talk 4")).one()
        move_session(
            talk, talk.start_at + timedelta(minutes=15), talk.end_at + timedelta(minutes=15)
        )
        uid = f"{talk.uid}@sci4dl-2026.sci4dl-desktop"
    moved = parse_both(calendar_bytes(program_calendar(demo_db, now=NOW)))
    assert set(moved) == set(first)
    assert moved[uid]["sequence"] == first[uid]["sequence"] + 1
    assert moved[uid]["start"] == first[uid]["start"] + timedelta(minutes=15)
    unchanged = [u for u in first if u != uid]
    assert all(moved[u]["sequence"] == first[u]["sequence"] for u in unchanged)


def test_sequence_rises_with_adjusted_times_and_never_falls(demo_db: Database) -> None:
    with demo_db.session() as db:
        slot = db.scalars(select(Session).where(Session.title == "Poster session 1")).one()
        poster = db.scalars(select(Poster).where(Poster.poster_session_id == slot.id)).first()
        assert poster is not None
    session_uid = f"{slot.uid}@sci4dl-2026.sci4dl-desktop"

    def export(delay: int | None) -> dict[str, dict[str, Any]]:
        adjusted = (
            {
                slot.id: (
                    slot.start_at + timedelta(minutes=delay),
                    slot.end_at + timedelta(minutes=delay),
                )
            }
            if delay is not None
            else None
        )
        calendar = program_calendar(demo_db, now=NOW, adjusted=adjusted, include_posters=True)
        return parse_both(calendar_bytes(calendar))

    scheduled = export(None)
    late = export(10)
    later = export(20)
    back = export(None)
    sequences = [r[session_uid]["sequence"] for r in (scheduled, late, later, back)]
    assert sequences == [0, 1, 2, 3]
    assert later[session_uid]["start"] == slot.start_at + timedelta(minutes=20)
    assert "20 min later than scheduled (11:30–12:30)" in later[session_uid]["description"]
    # The posters of the session move with it.
    poster_uid = next(u for u in later if u.startswith("poster-") and poster.uid.split(":")[1] in u)
    assert later[poster_uid]["start"] == slot.start_at + timedelta(minutes=20)
    assert later[poster_uid]["sequence"] == late[poster_uid]["sequence"] + 1
    assert back[session_uid]["start"] == slot.start_at


def test_one_session_export_shares_uids_with_the_program(demo_db: Database) -> None:
    with demo_db.session() as db:
        talk = db.scalars(select(Session).where(Session.title == "Contributed talk 3")).one()
    one = parse_both(calendar_bytes(session_calendar(demo_db, talk.id, now=NOW)))
    program = parse_both(calendar_bytes(program_calendar(demo_db, now=NOW)))
    (uid,) = one
    assert uid in program and one[uid] == program[uid]
    with pytest.raises(IcsError, match="no session with id 31337"):
        session_calendar(demo_db, 31337)


# -- other zones, across daylight-saving changes ------------------------------------------


def _zone_db(tmp_path: Path, zone: str, sessions: list[tuple[str, datetime, datetime]]) -> Database:
    database = open_database(tmp_path / f"{zone.replace('/', '-')}.sci4dl")
    days = sorted({s.date() for _, s, _ in sessions})
    with database.transaction() as db:
        event = create_event(
            db,
            title="Zone test",
            acronym="ZT 2026",
            timezone=zone,
            first_day=days[0],
            last_day=days[-1],
            rooms=("Aula",),
        )
        room = db.scalars(select(Room)).one()
        for index, (title, start, end) in enumerate(sessions):
            db.add(
                Session(
                    event_id=event.id,
                    uid=f"zt-{index}",
                    title=title,
                    kind=SessionKind.INVITED_TALK,
                    start_at=start,
                    end_at=end,
                    room=room,
                )
            )
    return database


ZONE_CASES = {
    # Central Europe springs forward at 02:00 -> 03:00 on 2026-03-29.
    "Europe/Berlin": [
        (
            "Before the change",
            (2026, 3, 28, 9, 0),
            (2026, 3, 28, 10, 0),
            _utc(2026, 3, 28, 8),
            _utc(2026, 3, 28, 9),
        ),
        (
            "Across the gap",
            (2026, 3, 29, 1, 30),
            (2026, 3, 29, 4, 0),
            _utc(2026, 3, 29, 0, 30),
            _utc(2026, 3, 29, 2),
        ),
        (
            "Summer time",
            (2026, 3, 29, 9, 0),
            (2026, 3, 29, 10, 0),
            _utc(2026, 3, 29, 7),
            _utc(2026, 3, 29, 8),
        ),
    ],
    # Sydney falls back 03:00 AEDT -> 02:00 AEST on 2026-04-05, springs forward on 2026-10-04.
    "Australia/Sydney": [
        (
            "Autumn change",
            (2026, 4, 5, 1, 0),
            (2026, 4, 5, 4, 0),
            _utc(2026, 4, 4, 14),
            _utc(2026, 4, 4, 18),
        ),
        (
            "Autumn evening",
            (2026, 4, 5, 18, 0),
            (2026, 4, 5, 19, 0),
            _utc(2026, 4, 5, 8),
            _utc(2026, 4, 5, 9),
        ),
        (
            "Spring change",
            (2026, 10, 4, 1, 30),
            (2026, 10, 4, 3, 30),
            _utc(2026, 10, 3, 15, 30),
            _utc(2026, 10, 3, 16, 30),
        ),
    ],
    # New Zealand falls back on 2026-04-05 too (03:00 NZDT -> 02:00 NZST).
    "Pacific/Auckland": [
        (
            "Morning after",
            (2026, 4, 5, 9, 0),
            (2026, 4, 5, 10, 0),
            _utc(2026, 4, 4, 21),
            _utc(2026, 4, 4, 22),
        ),
        (
            "Day before",
            (2026, 4, 4, 9, 0),
            (2026, 4, 4, 10, 0),
            _utc(2026, 4, 3, 20),
            _utc(2026, 4, 3, 21),
        ),
    ],
}


@pytest.mark.parametrize("zone", sorted(ZONE_CASES))
def test_exact_instants_across_dst_in_any_zone(tmp_path: Path, zone: str) -> None:
    tz = ZoneInfo(zone)
    cases = ZONE_CASES[zone]
    database = _zone_db(
        tmp_path,
        zone,
        [(title, datetime(*s, tzinfo=tz), datetime(*e, tzinfo=tz)) for title, s, e, _, _ in cases],
    )
    try:
        data = calendar_bytes(program_calendar(database, now=NOW, alarm_minutes=5))
    finally:
        database.close()
    assert_well_formed(data, zone)
    read = parse_both(data)
    by_summary = {entry["summary"]: entry for entry in read.values()}
    for title, local_start, _, utc_start, utc_end in cases:
        assert (by_summary[title]["start"], by_summary[title]["end"]) == (utc_start, utc_end), title
        wall = "{:04d}{:02d}{:02d}T{:02d}{:02d}00".format(*local_start)
        assert f"DTSTART;TZID={zone}:{wall}".encode() in data
    assert all(uid.endswith("@zt-2026.sci4dl-desktop") for uid in read)


def test_write_calendar_is_atomic_and_checks_the_folder(demo_db: Database, tmp_path: Path) -> None:
    target = tmp_path / "program.ics"
    target.write_bytes(b"old contents")
    write_calendar(program_calendar(demo_db, now=NOW), target)
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".program")] == []
    with pytest.raises(IcsError, match="does not exist"):
        write_calendar(program_calendar(demo_db, now=NOW), tmp_path / "missing" / "x.ics")
    assert b"DTSTAMP:20260420T080000Z" in target.read_bytes()
