"""The personal agenda: stars, owners, time order, clashes, finding an attendee."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session as OrmSession

from sci4dl_desktop.domain.agenda import (
    AgendaError,
    AgendaItem,
    Target,
    attendee_from_badge,
    attendee_owner,
    check_owner,
    find_attendees_by_name,
    is_starred,
    mark_clashes,
    my_agenda,
    new_local_owner,
    owner_attendee_id,
    resolve_attendee,
    star,
    starred_targets,
    toggle_star,
    unstar,
)
from sci4dl_desktop.domain.badges import make_token
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.models import Attendee, Event, Poster, Session, Star


def demo_time(hhmm: str) -> datetime:
    hour, minute = (int(p) for p in hhmm.split(":"))
    return datetime(2026, 4, 26, hour, minute, tzinfo=ZoneInfo("America/Sao_Paulo"))


def _session(db: OrmSession, title: str) -> Session:
    return db.scalars(select(Session).where(Session.title == title)).one()


def _poster_in(db: OrmSession, session_title: str, board: int) -> Poster:
    slot = _session(db, session_title)
    return db.scalars(
        select(Poster).where(Poster.poster_session_id == slot.id, Poster.board == board)
    ).one()


def test_owner_strings() -> None:
    assert attendee_owner(42) == "attendee:42"
    local = new_local_owner()
    assert local.startswith("local:") and check_owner(local) == local
    assert new_local_owner() != local
    assert owner_attendee_id("attendee:42") == 42
    assert owner_attendee_id(local) is None
    for bad in ("attendee:", "attendee:abc", "attendee:0", "local:not-a-uuid", "bob", ""):
        with pytest.raises(AgendaError, match="not an agenda owner"):
            check_owner(bad)


def test_star_unstar_toggle_are_idempotent(demo_db: Database) -> None:
    owner = attendee_owner(1)
    with demo_db.transaction() as db:
        talk = _session(db, "Invited talk 2")
        target = Target.session(talk.id)
        assert star(db, owner, target) is True
        assert star(db, owner, target) is False  # already starred: no second row
        assert is_starred(db, owner, target)
        assert not is_starred(db, attendee_owner(2), target)  # stars are per owner
    with demo_db.transaction() as db:
        count = db.scalar(select(func.count()).select_from(Star).where(Star.owner == owner))
        assert count == 1
        assert unstar(db, owner, target) is True
        assert unstar(db, owner, target) is False
        assert toggle_star(db, owner, target) is True
        assert toggle_star(db, owner, target) is False
        assert starred_targets(db, owner) == set()


def test_star_unknown_target_says_so(demo_db: Database) -> None:
    with demo_db.transaction() as db, pytest.raises(AgendaError, match="no poster with id 99999"):
        star(db, attendee_owner(1), Target.poster(99999))


def test_my_agenda_in_time_order_with_posters_at_their_session(demo_db: Database) -> None:
    owner = new_local_owner()
    with demo_db.transaction() as db:
        panel = _session(db, "Panel discussion")
        first = _session(db, "Invited talk 1")
        poster = _poster_in(db, "Poster session 1", 3)
        for target in (
            Target.session(panel.id),
            Target.poster(poster.id),
            Target.session(first.id),
        ):
            star(db, owner, target)
    with demo_db.session() as db:
        items = my_agenda(db, owner)
    assert [i.title for i in items] == ["Invited talk 1", poster.title, "Panel discussion"]
    poster_item = items[1]
    assert poster_item.start == demo_time("11:30") and poster_item.end == demo_time("12:30")
    assert poster_item.board == 3 and poster_item.room == "Poster hall"
    assert poster_item.session_title == "Poster session 1"
    assert items[0].people == ("Jascha Sohl-Dickstein",)
    assert not any(i.clashes for i in items)


def test_clashes_marked_but_not_within_one_poster_session(demo_db: Database) -> None:
    owner = attendee_owner(7)
    with demo_db.transaction() as db:
        slot = _session(db, "Poster session 1")
        a, b = _poster_in(db, "Poster session 1", 1), _poster_in(db, "Poster session 1", 2)
        for target in (Target.session(slot.id), Target.poster(a.id), Target.poster(b.id)):
            star(db, owner, target)
    with demo_db.session() as db:
        items = my_agenda(db, owner)
    # A poster session and its posters are visited in the same hour: no clash.
    assert [i.clashes for i in items] == [False, False, False]
    assert items[0].title == "Poster session 1"  # the session before its posters

    # Move "Contributed talk 2" into the poster hour: now it clashes with all three.
    with demo_db.transaction() as db:
        talk = _session(db, "Contributed talk 2")
        talk.start_at, talk.end_at = demo_time("12:00"), demo_time("12:15")
        star(db, owner, Target.session(talk.id))
    with demo_db.session() as db:
        items = my_agenda(db, owner)
    by_title = {i.title: i for i in items}
    assert set(by_title["Contributed talk 2"].clashes_with) == {
        "Poster session 1",
        a.title,
        b.title,
    }
    assert by_title[a.title].clashes_with == ("Contributed talk 2",)
    assert by_title["Poster session 1"].clashes_with == ("Contributed talk 2",)


def _item(title: str, start: int, end: int, session_id: int) -> AgendaItem:
    base = datetime(2026, 4, 26, 12, tzinfo=UTC)
    return AgendaItem(
        target=Target.session(session_id),
        title=title,
        kind_label="Talk",
        start=base + timedelta(minutes=start),
        end=base + timedelta(minutes=end),
        session_id=session_id,
    )


def test_mark_clashes_pure() -> None:
    items = mark_clashes(
        [
            _item("C", 60, 90, 3),
            _item("A", 0, 30, 1),
            _item("B", 30, 60, 2),  # touches A and C: no clash
            _item("D", 10, 100, 4),  # overlaps all three
        ]
    )
    assert [i.title for i in items] == ["A", "D", "B", "C"]
    clashes = {i.title: set(i.clashes_with) for i in items}
    assert clashes == {"A": {"D"}, "B": {"D"}, "C": {"D"}, "D": {"A", "B", "C"}}


def test_find_attendees_by_name_shows_no_private_fields(demo_db: Database) -> None:
    with demo_db.session() as db:
        someone = db.scalars(select(Attendee).where(Attendee.name.like("%ö%"))).first()
        assert someone is not None
        plain = someone.name.replace("ö", "o").upper()
        event_id = someone.event_id
        found = find_attendees_by_name(db, event_id, plain)
        assert someone.id in [f.id for f in found]
        assert set(vars(found[0])) == {"id", "name", "affiliation"}
        # An email finds nobody: a kiosk user cannot probe addresses.
        assert find_attendees_by_name(db, event_id, someone.email or "x") == []
        assert find_attendees_by_name(db, event_id, "   ") == []


def test_resolve_attendee_by_email_serial_name(demo_db: Database) -> None:
    with demo_db.session() as db:
        person = db.scalars(select(Attendee).order_by(Attendee.id).offset(30)).first()
        assert person is not None
        event_id = person.event_id
        assert resolve_attendee(db, event_id, (person.email or "").upper()).id == person.id
        assert resolve_attendee(db, event_id, person.badge_serial.lower()).id == person.id
        assert resolve_attendee(db, event_id, f"  {person.name} ").id == person.id
        with pytest.raises(AgendaError, match="no attendee matches 'Nobody Atall'"):
            resolve_attendee(db, event_id, "Nobody Atall")
        with pytest.raises(AgendaError, match=r"matches \d+ attendees .*email or badge serial"):
            resolve_attendee(db, event_id, "a")
        with pytest.raises(AgendaError, match="no attendee given"):
            resolve_attendee(db, event_id, "  ")


def test_badge_scan_finds_the_attendee_and_refuses_the_rest(demo_db: Database) -> None:
    with demo_db.transaction() as db:
        event = db.scalars(select(Event)).one()
        attendee = db.scalars(select(Attendee).order_by(Attendee.id).offset(5)).first()
        assert attendee is not None
        token = make_token(event.badge_secret, attendee.badge_serial, attendee.badge_revision)
        found = attendee_from_badge(db, event, token.lower() + "\n")
        assert (found.id, found.name) == (attendee.id, attendee.name)
        forged = token[:-1] + ("A" if token[-1] != "A" else "B")
        with pytest.raises(AgendaError, match="could not be verified"):
            attendee_from_badge(db, event, forged)
        with pytest.raises(AgendaError, match="another event"):
            attendee_from_badge(db, event, make_token(b"other secret", attendee.badge_serial, 1))
        with pytest.raises(AgendaError, match="not a badge code"):
            attendee_from_badge(db, event, "Ana Silva")
        with pytest.raises(AgendaError, match="not registered"):
            attendee_from_badge(db, event, make_token(event.badge_secret, "S26-9999", 1))
        attendee.badge_revision = 2  # a lost badge was reissued
        with pytest.raises(AgendaError, match="replaced by a newer one"):
            attendee_from_badge(db, event, token)
