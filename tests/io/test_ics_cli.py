"""`sci4dl-desktop export --format ics`: every calendar from the command line."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from sqlalchemy import select

from sci4dl_desktop.cli import main
from sci4dl_desktop.domain.agenda import Target, attendee_owner, star
from sci4dl_desktop.domain.drift import adjusted_times
from sci4dl_desktop.domain.timer import TimerSnapshot
from sci4dl_desktop.domain.timer_store import save_snapshots
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.models import Attendee, Poster, Session


def run(demo_db: Database, *args: str) -> int:
    return main(["export", "--db", str(demo_db.file_path), "--format", "ics", *args])


def read_uids(path: Path) -> dict[str, tuple[datetime, datetime, int, str]]:
    """UID -> (start, end, sequence, summary), checked against a second parser."""
    data = path.read_bytes()
    ours = {
        str(e["UID"]): (
            e.start.astimezone(UTC),
            e.end.astimezone(UTC),
            int(e["SEQUENCE"]),
            str(e["SUMMARY"]),
        )
        for e in icalendar.Calendar.from_ical(data).events
    }
    theirs = {
        v.uid.value: (v.dtstart.value.astimezone(UTC), v.dtend.value.astimezone(UTC))
        for v in vobject.readOne(data.decode()).vevent_list
    }
    assert {k: v[:2] for k, v in ours.items()} == theirs
    return ours


def read(path: Path) -> dict[str, tuple[datetime, datetime, int]]:
    """Summary -> (start, end, sequence), for files whose summaries are all different."""
    entries = read_uids(path)
    by_summary = {summary: (s, e, q) for s, e, q, summary in entries.values()}
    assert len(by_summary) == len(entries)
    return by_summary


def test_program(demo_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "program.ics"
    assert run(demo_db, "--out", str(out)) == 0
    assert f"Wrote 16 calendar entries to {out}" in capsys.readouterr().out
    entries = {summary: (s, e) for s, e, _, summary in read_uids(out).values()}
    assert len(read_uids(out)) == 16
    assert entries["Invited talk 1"] == (
        datetime(2026, 4, 26, 12, tzinfo=UTC),
        datetime(2026, 4, 26, 12, 30, tzinfo=UTC),
    )
    assert run(demo_db, "--with-posters", "--alarm", "10", "--out", str(out)) == 0
    assert len(read_uids(out)) == 166
    assert out.read_bytes().count(b"TRIGGER:-PT10M") == 166


@pytest.mark.parametrize("how", ["email", "badge_serial", "name"])
def test_agenda_by_email_serial_or_name(demo_db: Database, tmp_path: Path, how: str) -> None:
    with demo_db.transaction() as db:
        attendee = db.scalars(select(Attendee).order_by(Attendee.id).offset(100)).first()
        assert attendee is not None
        talk = db.scalars(select(Session).where(Session.title == "Invited talk 3")).one()
        star(db, attendee_owner(attendee.id), Target.session(talk.id))
        key = str(getattr(attendee, how))
    out = tmp_path / "me.ics"
    assert run(demo_db, "--agenda", key, "--out", str(out)) == 0
    assert list(read(out)) == ["Invited talk 3"]


def test_clear_errors(
    demo_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.ics"
    assert run(demo_db, "--agenda", "Nobody Whatsoever", "--out", str(out)) == 2
    assert "no attendee matches 'Nobody Whatsoever'" in capsys.readouterr().err
    assert run(demo_db, "--agenda", "an", "--out", str(out)) == 2
    assert "give their email or badge serial instead" in capsys.readouterr().err
    with demo_db.session() as db:
        email = db.scalars(select(Attendee.email).order_by(Attendee.id)).first()
    assert run(demo_db, "--agenda", str(email), "--out", str(out)) == 2
    assert "has starred no sessions or posters yet" in capsys.readouterr().err
    assert run(demo_db, "--session", "999", "--out", str(out)) == 2
    assert "--session 999: no session has this id or uid" in capsys.readouterr().err
    assert run(demo_db, "--mentor", "Nobody", "--out", str(out)) == 2
    assert "no mentor matches 'Nobody'" in capsys.readouterr().err
    assert run(demo_db, "--alarm", "-3", "--out", str(out)) == 2
    assert "reminder -3 minutes before is not possible" in capsys.readouterr().err
    assert run(demo_db, "--out", str(tmp_path / "no" / "x.ics")) == 2
    assert not out.exists()


def test_session_poster_and_mentor(demo_db: Database, tmp_path: Path) -> None:
    with demo_db.session() as db:
        talk = db.scalars(select(Session).where(Session.title == "Invited talk 5")).one()
        poster = db.scalars(select(Poster).order_by(Poster.id)).first()
        assert poster is not None and poster.external_id
    out = tmp_path / "one.ics"
    assert run(demo_db, "--session", talk.uid, "--out", str(out)) == 0
    assert list(read(out)) == ["Invited talk 5"]
    assert run(demo_db, "--poster", poster.external_id, "--out", str(out)) == 0
    assert list(read(out)) == [f"Poster: {poster.title}"]
    assert run(demo_db, "--mentor", "zdeborova", "--out", str(out)) == 0
    meetings = read(out)
    assert meetings and all(title.startswith("Mentorship: ") for title in meetings)


def test_adjusted_times_follow_the_drift_and_raise_sequence(
    demo_db: Database, tmp_path: Path
) -> None:
    zone = ZoneInfo("America/Sao_Paulo")
    with demo_db.session() as db:
        sessions = list(db.scalars(select(Session)))
    uid = {s.title: f"{s.uid}@sci4dl-2026.sci4dl-desktop" for s in sessions}

    def at(hour: int, minute: int) -> datetime:
        return datetime(2026, 4, 26, hour, minute, tzinfo=zone).astimezone(UTC)

    out = tmp_path / "day.ics"
    assert run(demo_db, "--out", str(out)) == 0
    planned = read_uids(out)
    # Without any session timed, adjusted times are the planned ones.
    assert run(demo_db, "--adjusted", "--now", "2026-04-26T09:20", "--out", str(out)) == 0
    assert read_uids(out) == planned
    # The chair started the first talk 12 minutes late; it is still running at 09:20.
    started = datetime(2026, 4, 26, 9, 12, tzinfo=zone)
    first = next(s for s in sessions if s.title == "Invited talk 1")
    save_snapshots(
        demo_db,
        {first.id: TimerSnapshot(duration_s=1800, started_at=started, checkpoint_at=started)},
    )
    assert run(demo_db, "--adjusted", "--now", "2026-04-26T09:20", "--out", str(out)) == 0
    adjusted = read_uids(out)
    assert adjusted[uid["Invited talk 1"]][:3] == (at(9, 12), at(9, 42), 1)
    assert adjusted[uid["Invited talk 2"]][:3] == (at(9, 42), at(10, 12), 1)
    assert adjusted[uid["Invited talk 3"]][:3] == (at(10, 12), at(10, 42), 1)
    # The coffee break absorbs the delay: it starts late but ends as planned.
    assert adjusted[uid["Contributed talk 1"]] == planned[uid["Contributed talk 1"]]
    with demo_db.session() as db:
        expected = adjusted_times(db, datetime(2026, 4, 26, 9, 20, tzinfo=zone))
    moved = {u for u in adjusted if adjusted[u] != planned[u]}
    assert moved == {f"{s.uid}@sci4dl-2026.sci4dl-desktop" for s in sessions if s.id in expected}
    assert all(adjusted[u][2] == planned[u][2] + 1 for u in moved)
    # Exported again with the same progress: nothing moved, so no higher SEQUENCE.
    assert run(demo_db, "--adjusted", "--now", "2026-04-26T09:20", "--out", str(out)) == 0
    assert read_uids(out) == adjusted
