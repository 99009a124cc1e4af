"""The program as plain values: loading, days, now and next, local times, DST."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import select

from sci4dl_desktop.domain.drift import describe_delay
from sci4dl_desktop.domain.schedule import (
    NO_ROOM,
    Program,
    ScheduleError,
    SessionView,
    check_adjusted_times,
    day_span,
    filter_sessions,
    format_day,
    format_duration,
    format_range,
    format_shift,
    format_time,
    group_by_day,
    hour_marks,
    load_program,
    now_and_next,
    now_next_summary,
)
from sci4dl_desktop.store.database import Database, open_database
from sci4dl_desktop.store.enums import SessionKind
from sci4dl_desktop.store.models import (
    Event,
    Person,
    Poster,
    PosterAuthor,
    Room,
    Session,
    SessionSpeaker,
)
from sci4dl_desktop.store.setup import create_event

VIENNA = ZoneInfo("Europe/Vienna")
SAO_PAULO = ZoneInfo("America/Sao_Paulo")


def at(day: date, hhmm: str, zone: ZoneInfo = VIENNA, fold: int = 0) -> datetime:
    hour, minute = (int(p) for p in hhmm.split(":"))
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone, fold=fold)


DAY1, DAY2 = date(2026, 6, 10), date(2026, 6, 11)


@pytest.fixture
def two_day_db(tmp_path: Path) -> Iterator[Database]:
    """Two days, two rooms, parallel sessions, speakers in order, a poster session."""
    db = open_database(tmp_path / "two-days.sci4dl")
    with db.transaction() as s:
        event = create_event(
            s,
            title="Two-day workshop",
            acronym="TDW",
            timezone="Europe/Vienna",
            first_day=DAY1,
            last_day=DAY2,
            rooms=("Hall A", "Hall B"),
        )
        hall_a, hall_b = event.rooms
        ada = Person(event_id=event.id, name="Ada Łukasiewicz", affiliation="Kraków")
        bo = Person(event_id=event.id, name="Bo Nørgaard", affiliation="")
        cy = Person(event_id=event.id, name="Cy Zdeborová", affiliation="EPFL")

        def add(
            uid: str, title: str, kind: SessionKind, day: date, a: str, b: str, room: Room | None
        ) -> Session:
            session = Session(
                event_id=event.id,
                uid=uid,
                title=title,
                kind=kind,
                start_at=at(day, a),
                end_at=at(day, b),
                room=room,
            )
            s.add(session)
            return session

        keynote = add("k", "Keynote", SessionKind.INVITED_TALK, DAY1, "09:00", "10:00", hall_a)
        keynote.speaker_links = [SessionSpeaker(person=cy)]
        panel = add("p", "Panel", SessionKind.PANEL, DAY1, "09:30", "10:30", hall_b)
        panel.speaker_links = [SessionSpeaker(person=bo), SessionSpeaker(person=ada)]
        add("c", "Coffee", SessionKind.BREAK, DAY1, "10:30", "11:00", None)
        posters = add("ps", "Posters", SessionKind.POSTER_SESSION, DAY2, "09:00", "10:00", hall_b)
        talk = add("t", "Short talk", SessionKind.CONTRIBUTED_TALK, DAY2, "09:00", "09:15", hall_a)
        talk.speaker_links = [SessionSpeaker(person=ada)]
        s.flush()
        for board, title, remote in ((2, "Second board", True), (1, "First board", False)):
            poster = Poster(
                event_id=event.id,
                uid=f"poster-{board}",
                title=title,
                board=board,
                poster_session=posters,
                presented_remotely=remote,
                talk_session=talk if board == 1 else None,
            )
            poster.authors = [
                PosterAuthor(name="Ada Łukasiewicz"),
                PosterAuthor(name="Bo Nørgaard"),
            ]
            s.add(poster)
    yield db
    db.close()


def load(db: Database) -> Program:
    with db.session() as s:
        return load_program(s)


def by_title(program: Program, title: str) -> SessionView:
    return next(s for s in program.sessions if s.title == title)


def test_loads_sessions_with_rooms_speakers_and_posters(two_day_db: Database) -> None:
    program = load(two_day_db)
    assert program.zone == VIENNA
    assert [r.name for r in program.rooms] == ["Hall A", "Hall B"]
    assert [s.title for s in program.sessions] == [
        "Keynote",
        "Panel",
        "Coffee",
        "Short talk",  # same start as Posters, Hall A comes first
        "Posters",
    ]
    panel = by_title(program, "Panel")
    assert [sp.name for sp in panel.speakers] == ["Bo Nørgaard", "Ada Łukasiewicz"]
    assert panel.speakers[0].label == "Bo Nørgaard"
    assert panel.speakers[1].label == "Ada Łukasiewicz (Kraków)"
    assert panel.room_name == "Hall B" and panel.room_position == 1
    coffee = by_title(program, "Coffee")
    assert coffee.room_name == NO_ROOM and coffee.room_id is None
    posters = by_title(program, "Posters")
    assert [(p.board, p.title, p.remote) for p in posters.posters] == [
        (1, "First board", False),
        (2, "Second board", True),
    ]
    assert posters.posters[0].authors == ("Ada Łukasiewicz", "Bo Nørgaard")
    talk = by_title(program, "Short talk")
    assert [p.title for p in talk.talk_posters] == ["First board"]
    assert talk.talk_posters[0].poster_session_id == posters.id
    assert program.session(talk.id) is talk
    assert all(s.start.tzinfo is not None for s in program.sessions)


def test_groups_by_event_local_day(two_day_db: Database) -> None:
    program = load(two_day_db)
    assert program.days() == (DAY1, DAY2)
    grouped = group_by_day(program.sessions, program.zone)
    assert [s.title for s in grouped[DAY1]] == ["Keynote", "Panel", "Coffee"]
    assert [s.title for s in grouped[DAY2]] == ["Short talk", "Posters"]
    assert program.sessions_on(DAY2) == grouped[DAY2]


def test_local_day_is_the_event_zone_day_not_utc() -> None:
    # 23:30 in São Paulo on the 26th is already the 27th in UTC.
    late = SessionView(
        id=1, uid="x", title="Late", subtitle="", kind=SessionKind.SOCIAL,
        start=at(date(2026, 4, 26), "23:30", SAO_PAULO),
        end=at(date(2026, 4, 27), "00:30", SAO_PAULO),
        room_id=None, room_name=NO_ROOM, room_position=0,
    )  # fmt: skip
    assert late.start.astimezone(UTC).date() == date(2026, 4, 27)
    assert list(group_by_day([late], SAO_PAULO)) == [date(2026, 4, 26)]
    assert format_range(late.start, late.end, SAO_PAULO) == "23:30–00:30 (+1 day)"


def test_days_include_empty_event_days(two_day_db: Database) -> None:
    with two_day_db.transaction() as s:
        event = s.scalars(select(Event)).one()
        event.last_day = date(2026, 6, 12)
    assert load(two_day_db).days() == (DAY1, DAY2, date(2026, 6, 12))


def test_now_and_next_across_rooms(two_day_db: Database) -> None:
    program = load(two_day_db)
    both = now_and_next(program.sessions, at(DAY1, "09:45"))
    assert [s.title for s in both.now] == ["Keynote", "Panel"]
    assert [s.title for s in both.next] == ["Coffee"]
    # Before the day: nothing runs, the first sessions are next.
    early = now_and_next(program.sessions, at(DAY1, "07:00"))
    assert early.now == () and [s.title for s in early.next] == ["Keynote"]
    # Evening of day 1: next are the two sessions starting together on day 2.
    evening = now_and_next(program.sessions, at(DAY1, "20:00"))
    assert [s.title for s in evening.next] == ["Short talk", "Posters"]
    # A session ending at 10:00 is no longer running at 10:00.
    ten = now_and_next(program.sessions, at(DAY1, "10:00"))
    assert [s.title for s in ten.now] == ["Panel"]
    done = now_and_next(program.sessions, at(DAY2, "12:00"))
    assert done.now == () and done.next == ()
    assert both.now_ids == {by_title(program, "Keynote").id, by_title(program, "Panel").id}


def test_now_and_next_follows_projected_times(two_day_db: Database) -> None:
    program = load(two_day_db)
    keynote = by_title(program, "Keynote")
    late = {keynote.id: (at(DAY1, "09:10"), at(DAY1, "10:10"))}
    at_0905 = now_and_next(program.sessions, at(DAY1, "09:05"), late)
    assert at_0905.now == () and [s.title for s in at_0905.next] == ["Keynote"]
    at_1005 = now_and_next(program.sessions, at(DAY1, "10:05"), late)
    assert [s.title for s in at_1005.now] == ["Keynote", "Panel"]


def test_now_next_summary_reads_as_one_line(two_day_db: Database) -> None:
    program = load(two_day_db)
    moment = at(DAY1, "09:45")
    assert now_next_summary(now_and_next(program.sessions, moment), moment, VIENNA) == (
        "Now: Keynote (Hall A) until 10:00, Panel (Hall B) until 10:30"
        "   ·   Next at 10:30: Coffee (No room)"
    )
    evening = at(DAY1, "20:00")
    assert now_next_summary(now_and_next(program.sessions, evening), evening, VIENNA) == (
        "Now (20:00): nothing scheduled   ·   Next Thu 11 Jun at 09:00: Short talk (Hall A), "
        "Posters (Hall B)"
    )
    panel = by_title(program, "Panel")
    late = {panel.id: (at(DAY1, "09:40"), at(DAY1, "10:50"))}
    text = now_next_summary(now_and_next(program.sessions, moment, late), moment, VIENNA, late)
    assert "Panel (Hall B) until 10:50" in text


def test_is_live_only_on_event_days(two_day_db: Database) -> None:
    program = load(two_day_db)
    assert program.is_live(at(DAY2, "23:59"))
    assert not program.is_live(at(date(2026, 6, 12), "00:01"))
    assert program.today_or_first(at(DAY2, "08:00")) == DAY2
    assert program.today_or_first(at(date(2026, 1, 1), "08:00")) == DAY1


def test_loads_in_a_handful_of_queries_whatever_the_size(demo_db: Database) -> None:
    statements: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    sa_event.listen(demo_db.engine, "before_cursor_execute", count)
    try:
        program = load(demo_db)
    finally:
        sa_event.remove(demo_db.engine, "before_cursor_execute", count)
    assert len(program.sessions) == 16
    assert sum(len(s.posters) for s in program.sessions) == 150
    assert len(statements) <= 6, statements


def test_demo_program_facts(demo_db: Database) -> None:
    program = load(demo_db)
    assert program.days() == (date(2026, 4, 26),)
    panel = by_title(program, "Panel discussion")
    assert panel.speakers[0].name == "Lenka Zdeborová"
    assert len(panel.speakers) == 5
    first = by_title(program, "Poster session 1")
    assert len(first.posters) == 75
    assert [p.board for p in first.posters] == list(range(1, 76))
    assert any(p.remote for p in first.posters)
    talks = [s for s in program.sessions if s.kind is SessionKind.CONTRIBUTED_TALK]
    assert all(len(t.talk_posters) == 1 for t in talks)
    assert all(t.subtitle == t.talk_posters[0].title for t in talks)


def test_empty_file_and_bad_zone_give_clear_errors(tmp_path: Path) -> None:
    db = open_database(tmp_path / "empty.sci4dl")
    try:
        with pytest.raises(ScheduleError, match="holds no event"):
            load(db)
        with db.transaction() as s:
            create_event(s, title="T", acronym="T", timezone="UTC", first_day=DAY1)
        with db.transaction() as s:
            s.scalars(select(Event)).one().timezone = "Mars/Olympus_Mons"
        with pytest.raises(ScheduleError, match="'Mars/Olympus_Mons' is unknown"):
            load(db)
    finally:
        db.close()


def test_filter_is_accent_and_case_insensitive(two_day_db: Database) -> None:
    program = load(two_day_db)
    assert [s.title for s in filter_sessions(program.sessions, "zdeborova")] == ["Keynote"]
    assert [s.title for s in filter_sessions(program.sessions, "LUKASIEWICZ")] == [
        "Panel",
        "Short talk",
    ]
    assert [s.title for s in filter_sessions(program.sessions, "first board")] == ["Short talk"]
    assert len(filter_sessions(program.sessions, "")) == 5
    assert filter_sessions(program.sessions, "break hall") == ()  # every term must match


# -- DST ------------------------------------------------------------------------------


def test_spring_forward_day_axis_and_formatting() -> None:
    # Vienna, 29 March 2026: 02:00 local jumps to 03:00.
    day = date(2026, 3, 29)
    night = SessionView(
        id=1, uid="n", title="Night session", subtitle="", kind=SessionKind.SOCIAL,
        start=at(day, "01:30"), end=at(day, "03:30"), room_id=None, room_name=NO_ROOM,
        room_position=0,
    )  # fmt: skip
    assert night.duration == timedelta(hours=1)  # only one real hour passes
    assert format_range(night.start, night.end, VIENNA) == "01:30–03:30"
    assert format_duration(night.duration) == "1 h"
    span = day_span([night], VIENNA)
    assert span is not None
    start, end = span
    assert format_time(start, VIENNA) == "01:00" and format_time(end, VIENNA) == "04:00"
    assert end - start == timedelta(hours=2)
    assert [label for _, label in hour_marks(start, end, VIENNA)] == ["01:00", "03:00", "04:00"]
    assert now_and_next([night], at(day, "03:10")).now == (night,)


def test_fall_back_day_keeps_repeated_hour_apart() -> None:
    # Vienna, 25 October 2026: 03:00 local falls back to 02:00, so 02:30 happens twice.
    day = date(2026, 10, 25)
    first = SessionView(
        id=1, uid="a", title="First 02:30", subtitle="", kind=SessionKind.OTHER,
        start=at(day, "02:30", fold=0), end=at(day, "02:50", fold=0), room_id=None,
        room_name=NO_ROOM, room_position=0,
    )  # fmt: skip
    second = SessionView(
        id=2, uid="b", title="Second 02:30", subtitle="", kind=SessionKind.OTHER,
        start=at(day, "02:30", fold=1), end=at(day, "02:50", fold=1), room_id=None,
        room_name=NO_ROOM, room_position=0,
    )  # fmt: skip
    assert second.start.astimezone(UTC) - first.start.astimezone(UTC) == timedelta(hours=1)
    assert format_time(first.start, VIENNA) == format_time(second.start, VIENNA) == "02:30"
    moment = at(day, "02:40", fold=1)
    result = now_and_next([first, second], moment)
    assert result.now == (second,) and result.next == ()
    span = day_span([first, second], VIENNA)
    assert span is not None
    labels = [label for _, label in hour_marks(*span, VIENNA)]
    assert labels == ["02:00", "02:00", "03:00"]


# -- formatting and projected times -------------------------------------------------


def test_formatting() -> None:
    start = at(DAY1, "09:00")
    assert format_time(start.astimezone(UTC), VIENNA) == "09:00"
    assert format_shift(start, start + timedelta(minutes=5)) == "+5 min"
    assert format_shift(start, start - timedelta(minutes=3)) == "−3 min"
    assert format_shift(start, start + timedelta(seconds=20)) == "on time"
    # Half a minute rounds away from zero, as the chair page's delay does.
    assert format_shift(start, start + timedelta(minutes=4, seconds=30)) == "+5 min"
    assert format_shift(start, start - timedelta(minutes=2, seconds=30)) == "−3 min"
    assert describe_delay(timedelta(minutes=4, seconds=30)) == "running 5 min late"
    assert format_duration(timedelta(minutes=75)) == "1 h 15 min"
    assert format_duration(timedelta(minutes=15)) == "15 min"
    assert format_day(DAY1) == "Wednesday 10 June 2026"


def test_adjusted_times_are_checked() -> None:
    start = at(DAY1, "09:00")
    checked = check_adjusted_times({3: (start, start + timedelta(minutes=10))})
    assert checked[3][0] == start and checked[3][0].tzinfo is UTC
    with pytest.raises(ValueError, match="adjusted start of session 4 is a naive time"):
        check_adjusted_times({4: (datetime(2026, 6, 10, 9), start)})
    with pytest.raises(ValueError, match="session 5 end"):
        check_adjusted_times({5: (start, start)})
