"""A whole event built from spreadsheets: sessions, attendees, posters, pairings, papers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from import_support import CSV_EVENT, counts, data, fresh_event, imported, plan, write
from sqlalchemy import select

from sci4dl_desktop.io.apply import apply_plan
from sci4dl_desktop.store.database import Database, open_database
from sci4dl_desktop.store.enums import AttendeeCategory, SessionKind
from sci4dl_desktop.store.models import Attendee, Pairing, Person, Poster, Room, Session

ALL_FILES = (
    "sessions-12h.csv",
    "attendees-utf8.csv",
    "attendees-bom-semicolon.csv",
    "attendees-cp1252-tab.csv",
    "posters-semicolon.csv",
    "pairings.csv",
)


@pytest.fixture
def event(tmp_path: Path) -> Iterator[Database]:
    database = fresh_event(tmp_path)
    yield database
    database.close()


def test_twelve_hour_times_become_the_right_instants(event: Database) -> None:
    imported(event, data("sessions-12h.csv"))
    with event.session() as s:
        sessions = {x.title: x for x in s.scalars(select(Session))}
        speakers = {title: [p.name for p in x.speakers] for title, x in sessions.items()}
        rooms = [r.name for r in s.scalars(select(Room).order_by(Room.position))]
    # New York is at UTC-4 in June.
    assert sessions["Opening keynote"].start_at == datetime(2026, 6, 12, 13, 0, tzinfo=UTC)
    assert sessions["Coffee break"].end_at == datetime(2026, 6, 12, 14, 15, tzinfo=UTC)
    assert sessions["Lunch"].start_at == datetime(2026, 6, 12, 16, 30, tzinfo=UTC)
    assert sessions["Lunch"].kind is SessionKind.BREAK
    assert sessions["Opening keynote"].kind is SessionKind.INVITED_TALK
    assert sessions["Contributed talk 2"].kind is SessionKind.CONTRIBUTED_TALK
    assert sessions["Opening keynote"].abstract == "Why scale works, and when it does not."
    assert speakers["Opening keynote"] == ["Ana Souza", "Bo Chen"]
    assert speakers["Panel on scaling"] == [
        "Ana Souza",
        "Carla Díaz",
        "Dmitri Ivanov",
    ]
    assert rooms == ["Main hall", "Foyer", "Poster hall"]


def test_a_session_in_the_hour_the_clocks_go_back_keeps_its_length(tmp_path: Path) -> None:
    # Vienna, 25 October 2026: 02:00 to 03:00 happens twice; 02:30 summer time plus an
    # hour is 02:30 winter time, later although the clock shows the same.
    database = fresh_event(tmp_path, timezone="Europe/Vienna", day=date(2026, 10, 25))
    path = write(tmp_path, "night.csv", "Title,Start,Duration,Room\nNight shift,02:30,60,Lab\n")
    imported(database, path)
    with database.session() as s:
        night = s.scalars(select(Session)).one()
        assert (night.start_at, night.end_at) == (
            datetime(2026, 10, 25, 0, 30, tzinfo=UTC),
            datetime(2026, 10, 25, 1, 30, tzinfo=UTC),
        )
    database.close()


def test_every_file_at_once_then_again_changes_nothing(event: Database) -> None:
    first = imported(event, *(data(n) for n in ALL_FILES), data("openreview-notes.json"))
    assert counts(first)["attendees"] == (12, 0, 0)
    assert counts(first)["pairings"] == (2, 0, 0)
    with event.session() as s:
        people = {a.email: a for a in s.scalars(select(Attendee))}
        assert people["jose.munoz@example.cl"].name == "José Muñoz"
        assert people["jose.munoz@example.cl"].staff_note == "vegetarian"
        assert people["zoe@example.se"].category is AttendeeCategory.REMOTE
        assert people["hanna.mueller@example.de"].name == "Hanna Müller"
        assert people["joanna.k@example.pl"].category is AttendeeCategory.ACADEMIC
        assert people["ana.souza@example.org"].roles == ["invited_speaker", "mentor"]
        serials = sorted(a.badge_serial for a in people.values())
        assert serials[0] == "S26-0001" and len(set(serials)) == 12
        poster = s.scalars(select(Poster).where(Poster.title.like("Scaling laws%"))).one()
        assert [(a.name, a.affiliation) for a in poster.authors] == [
            ("Bo Chen", "Tsinghua University"),
            ("Chloé Dubois", "Université Paris-Saclay"),
        ]
        assert poster.keywords == ["scaling laws", "double descent"]
        assert poster.board == 1 and poster.poster_session is not None
        assert poster.poster_session.title == "Poster session A"
    again = plan(event, *(data(n) for n in ALL_FILES), data("openreview-notes.json"))
    assert again.ok and not again.writes_anything


def test_a_newer_spreadsheet_updates_and_adds(event: Database, tmp_path: Path) -> None:
    imported(event, data("sessions-12h.csv"), data("attendees-utf8.csv"))
    newer = write(
        tmp_path,
        "attendees.csv",
        "Name,Email,Affiliation,Category\n"
        "Ana Souza,ANA.SOUZA@example.org,Universidade Federal do Rio de Janeiro,speaker\n"
        "Bo Chen,bo.chen@example.org,Tsinghua University,academic\n"
        "Olga Petrova,olga@example.org,EPFL,academic\n",
    )
    result = imported(event, newer)
    assert counts(result) == {"attendees": (1, 1, 1)}
    (change,) = [c for c in result.attendees if c.action == "change"]
    assert [d.render() for d in change.diffs] == [
        "affiliation: Universidade de São Paulo → Universidade Federal do Rio de Janeiro"
    ]
    with event.session() as s:
        assert s.scalar(select(Attendee.roles).where(Attendee.name == "Ana Souza")) == [
            "invited_speaker",
            "mentor",
        ]  # no Roles column: roles kept
        assert len(s.scalars(select(Attendee)).all()) == 7


def test_a_moved_session_gets_a_higher_calendar_sequence(event: Database, tmp_path: Path) -> None:
    imported(event, data("sessions-12h.csv"))
    moved = write(
        tmp_path,
        "s.csv",
        "Title,Start,End,Room\n"
        "Opening keynote,9:00 AM,9:40 AM,Main hall\n"
        "Lunch,12:30,13:30,Foyer\n",
    )
    result = imported(event, moved)
    assert counts(result) == {"sessions": (0, 1, 1)}
    with event.session() as s:
        keynote = s.scalars(select(Session).where(Session.title == "Opening keynote")).one()
        lunch = s.scalars(select(Session).where(Session.title == "Lunch")).one()
        assert keynote.end_at == datetime(2026, 6, 12, 13, 40, tzinfo=UTC)
        assert (keynote.sequence, lunch.sequence) == (1, 0)
        assert [p.name for p in keynote.speakers] == ["Ana Souza", "Bo Chen"]  # no column


def test_mentors_from_pairings_become_people_with_the_role(event: Database) -> None:
    imported(event, data("sessions-12h.csv"), data("attendees-utf8.csv"), data("pairings.csv"))
    with event.session() as s:
        pairings = s.scalars(select(Pairing)).all()
        assert sorted((p.mentor.name, p.mentee.email, p.place) for p in pairings) == [
            ("Ana Souza", "chloe.dubois@example.fr", "Table 1"),
            ("Bo Chen", "eve@example.com", "Table 2"),
        ]
        ana = s.scalars(select(Person).where(Person.name == "Ana Souza")).one()
        assert "mentor" in ana.roles and "invited_speaker" in ana.roles


def test_new_event_from_the_command_line_options(tmp_path: Path) -> None:
    result = plan(None, data("sessions-12h.csv"), new_event=CSV_EVENT)
    assert result.ok and counts(result)["event"] == (1, 0, 0)
    database = open_database(tmp_path / "new.sci4dl")
    apply_plan(database, result)
    assert database.event().title == "Summer Workshop on Scaling"
    assert database.event().timezone == "America/New_York"
    database.close()
