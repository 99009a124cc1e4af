"""Editing records from the app: checks, writes, conflicts, delete and restore (Qt-free)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from pg_support import all_rows
from sci4dl_desktop.domain.agenda import attendee_owner
from sci4dl_desktop.domain.checkin import CheckInService
from sci4dl_desktop.domain.clock import FakeClock
from sci4dl_desktop.io.edit_check import DRAFT_UID, check_record, describe
from sci4dl_desktop.io.edit_delete import (
    AUDIT_DELETED,
    AUDIT_RESTORED,
    delete_record,
    deletion_impact,
    restore_record,
)
from sci4dl_desktop.io.edit_store import (
    EditConflict,
    EditRefused,
    load_event_state,
    read_record,
    save_fields,
    save_record,
)
from sci4dl_desktop.io.records import AttendeeRecord, PosterRecord, SessionRecord
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.enums import SessionKind
from sci4dl_desktop.store.models import (
    Admission,
    Attendee,
    AuditEntry,
    CheckIn,
    MenteeProfile,
    Pairing,
    Poster,
    Session,
    Star,
)

TALK_1 = "sci4dl-2026-05-contributed-talk-1"
POSTERS_1 = "sci4dl-2026-07-poster-session-1"
COFFEE = "sci4dl-2026-04-coffee-break"


def _session(db: Database, uid: str) -> tuple[str, SessionRecord]:
    state = load_event_state(db)
    entry = state.sessions[uid]
    return entry.ref, entry.record


def _count(db: Database, model: type, *where: object) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def test_moving_a_session_raises_its_sequence_and_undo_raises_it_again(demo_db: Database) -> None:
    ref, before = _session(demo_db, TALK_1)
    later = replace(before, end_at=before.end_at - timedelta(minutes=5))
    saved = save_record(demo_db, later, ref, before)
    assert saved.record.end_at == later.end_at
    assert saved.record.sequence == before.sequence + 1
    undone = save_fields(
        demo_db, "sessions", ref, {"end_at": later.end_at}, {"end_at": before.end_at}
    )
    assert undone.record.end_at == before.end_at
    assert undone.record.sequence == before.sequence + 2


def test_a_title_edit_leaves_the_sequence(demo_db: Database) -> None:
    ref, before = _session(demo_db, TALK_1)
    saved = save_record(demo_db, replace(before, title="Opening talk"), ref, before)
    assert saved.record.title == "Opening talk"
    assert saved.record.sequence == before.sequence


def test_an_overlap_in_the_room_is_refused_with_the_import_message(demo_db: Database) -> None:
    ref, before = _session(demo_db, TALK_1)
    longer = replace(before, end_at=before.end_at + timedelta(minutes=10))
    with pytest.raises(EditRefused) as caught:
        save_record(demo_db, longer, ref, before)
    problem = caught.value.problems[0]
    assert problem.field == "start_at"
    assert "overlaps 'Contributed talk 2' (11:15–11:30" in describe(problem)
    assert _session(demo_db, TALK_1)[1] == before


def test_a_session_that_ends_before_it_starts_is_refused(demo_db: Database) -> None:
    state = load_event_state(demo_db)
    record = state.sessions[TALK_1].record
    problems = check_record(state, replace(record, end_at=record.start_at - timedelta(hours=1)))
    assert [p.field for p in problems] == ["end_at"]
    assert "ends before it starts" in problems[0].message


def test_turning_a_poster_session_into_a_talk_is_refused(demo_db: Database) -> None:
    state = load_event_state(demo_db)
    record = state.sessions[POSTERS_1].record
    problems = check_record(state, replace(record, kind=SessionKind.PANEL))
    assert problems and {p.field for p in problems} == {"kind"}
    assert "which is a panel, not a poster session" in problems[0].message


def test_a_board_taken_in_the_same_session_is_refused(demo_db: Database) -> None:
    state = load_event_state(demo_db)
    first, second = (e.record for e in list(state.posters.values())[:2])
    assert first.poster_session == second.poster_session == POSTERS_1
    problems = check_record(state, replace(second, board=first.board))
    assert [p.field for p in problems] == ["board"]
    assert f"board {first.board} in 'Poster session 1' is also given to" in problems[0].message


def test_a_duplicate_email_ignoring_case_is_refused(demo_db: Database) -> None:
    state = load_event_state(demo_db)
    first, second = list(state.attendees.values())[:2]
    assert first.record.email
    twin = replace(second.record, email=first.record.email.upper())
    problems = check_record(state, twin, second.ref)
    assert [p.field for p in problems] == ["email"]
    assert "is also the email of Jascha Sohl-Dickstein" in problems[0].message
    assert check_record(state, second.record, second.ref) == []


def test_an_edit_made_elsewhere_meanwhile_is_not_overwritten(demo_db: Database) -> None:
    ref, before = _session(demo_db, TALK_1)
    save_record(demo_db, replace(before, title="Changed at the other desk"), ref, before)
    with pytest.raises(EditConflict, match="title was changed elsewhere meanwhile"):
        save_record(demo_db, replace(before, title="Mine"), ref, before)
    assert _session(demo_db, TALK_1)[1].title == "Changed at the other desk"


def test_a_new_attendee_gets_the_next_badge_serial(demo_db: Database) -> None:
    record = AttendeeRecord(name="Noa Field", email="noa.field@example.org")
    saved = save_record(demo_db, record)
    assert isinstance(saved.record, AttendeeRecord)
    assert saved.record.badge_serial == "S26-0701"
    with pytest.raises(EditRefused, match="is also the email of Noa Field"):
        save_record(demo_db, AttendeeRecord(name="Other", email="NOA.FIELD@example.org"))


def test_a_new_poster_gets_a_uid_and_its_board(demo_db: Database) -> None:
    state = load_event_state(demo_db)
    boards = {
        e.record.board for e in state.posters.values() if e.record.poster_session == POSTERS_1
    }
    free = max(b for b in boards if b is not None) + 1
    draft = PosterRecord(
        uid=DRAFT_UID, title="Grokking, again", poster_session=POSTERS_1, board=free
    )
    saved = save_record(demo_db, draft)
    assert isinstance(saved.record, PosterRecord)
    assert saved.record.uid == "poster-grokking-again"
    assert saved.record.board == free and saved.record.poster_session == POSTERS_1


def test_deleting_an_attendee_with_check_ins_and_undoing_it(demo_db: Database) -> None:
    clock = FakeClock(current=datetime(2026, 4, 26, 9, 5, tzinfo=ZoneInfo("America/Sao_Paulo")))
    with demo_db.session() as s:
        attendee_id = s.scalar(select(Attendee.id).where(Attendee.badge_serial == "S26-0100"))
    assert attendee_id is not None
    desk = CheckInService(demo_db, clock, "Desk 1")
    assert desk.check_in_attendee(attendee_id).admitted
    with demo_db.transaction() as s:
        s.add(Star(event_id=1, owner=attendee_owner(attendee_id), session_id=1))
    ref = f"#{attendee_id}"

    impact = deletion_impact(demo_db, "attendees", ref)
    assert impact.warn and impact.check_ins == 1 and impact.checked_in_now
    assert "1 check-in in the desk log" in impact.lines
    assert "1 agenda star" in impact.lines

    deleted = delete_record(demo_db, "attendees", ref, desk="Organisers")
    assert _count(demo_db, CheckIn, CheckIn.attendee_id == attendee_id) == 0
    assert _count(demo_db, Admission) == 0
    assert _count(demo_db, Star, Star.owner == attendee_owner(attendee_id)) == 0
    with demo_db.session() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == AUDIT_DELETED)).one()
        assert entry.desk == "Organisers" and "with 1 check-in" in entry.detail

    restored = restore_record(demo_db, deleted)
    assert restored.ref == ref
    assert _count(demo_db, CheckIn, CheckIn.attendee_id == attendee_id) == 1
    assert _count(demo_db, Admission, Admission.attendee_id == attendee_id) == 1
    assert _count(demo_db, Star, Star.owner == attendee_owner(attendee_id)) == 1
    assert _count(demo_db, AuditEntry, AuditEntry.action == AUDIT_RESTORED) == 1


def test_restoring_when_the_id_was_taken_meanwhile_moves_everything_to_a_new_id(
    demo_db: Database,
) -> None:
    with demo_db.session() as s:
        last = s.scalar(select(func.max(Attendee.id)))
        mentee = s.scalar(
            select(MenteeProfile.attendee_id).order_by(MenteeProfile.attendee_id.desc())
        )
    assert last is not None and mentee is not None
    with demo_db.transaction() as s:
        s.add(Star(event_id=1, owner=attendee_owner(last), poster_id=1))
    deleted = delete_record(demo_db, "attendees", f"#{last}")
    # A walk-in at another desk takes the freed id.
    taker = save_record(demo_db, AttendeeRecord(name="Walk In", email="walk.in@example.org"))
    assert taker.ref == f"#{last}"
    assert isinstance(taker.record, AttendeeRecord)
    assert taker.record.badge_serial == "S26-0701"  # the deleted badge's serial is not reused
    restored = restore_record(demo_db, deleted)
    assert restored.ref != f"#{last}"
    new_id = int(restored.ref[1:])
    assert _count(demo_db, Star, Star.owner == attendee_owner(new_id)) == 1
    assert _count(demo_db, Star, Star.owner == attendee_owner(last)) == 0


def test_deleting_a_session_frees_its_posters_and_undo_puts_them_back(demo_db: Database) -> None:
    ref, _record = _session(demo_db, POSTERS_1)
    session_id = int(ref[1:])
    posters = _count(demo_db, Poster, Poster.poster_session_id == session_id)
    assert posters == 75
    impact = deletion_impact(demo_db, "sessions", ref)
    assert "75 posters lose their poster session" in impact.lines
    unplaced = _count(demo_db, Poster, Poster.poster_session_id.is_(None))
    deleted = delete_record(demo_db, "sessions", ref)
    assert _count(demo_db, Poster, Poster.poster_session_id.is_(None)) == unplaced + 75
    restore_record(demo_db, deleted)
    assert _count(demo_db, Poster, Poster.poster_session_id == session_id) == 75


def _availability(db: Database) -> list[tuple[int, list[int]]]:
    with db.session() as s:
        rows = s.execute(
            select(MenteeProfile.attendee_id, MenteeProfile.available_break_ids).order_by(
                MenteeProfile.attendee_id
            )
        ).all()
    return [(int(a), list(b or [])) for a, b in rows]


def test_deleting_a_break_takes_its_meetings_and_availability(demo_db: Database) -> None:
    ref, _record = _session(demo_db, COFFEE)
    session_id = int(ref[1:])
    before = _availability(demo_db)
    available = sum(session_id in breaks for _a, breaks in before)
    meetings = _count(demo_db, Pairing, Pairing.slot_id == session_id)
    assert available and meetings

    impact = deletion_impact(demo_db, "sessions", ref)
    assert f"{meetings} mentorship meetings" in impact.lines
    assert f"{available} mentees lose this break from their availability" in impact.lines
    deleted = delete_record(demo_db, "sessions", ref)
    assert _count(demo_db, Session, Session.id == session_id) == 0
    assert _count(demo_db, Pairing, Pairing.slot_id == session_id) == 0
    assert not any(session_id in breaks for _a, breaks in _availability(demo_db))

    restore_record(demo_db, deleted)
    assert _availability(demo_db) == before  # each break back in its place in the list
    assert _count(demo_db, Pairing, Pairing.slot_id == session_id) == meetings
    with demo_db.session() as s:
        record = read_record(s, "sessions", ref)
    assert record is not None and record.title == "Coffee break"


def test_restoring_into_a_taken_board_is_refused_with_the_reason(demo_db: Database) -> None:
    state = load_event_state(demo_db)
    entry = next(iter(state.posters.values()))
    deleted = delete_record(demo_db, "posters", entry.ref)
    save_record(
        demo_db,
        PosterRecord(
            uid=DRAFT_UID,
            title="Newcomer",
            poster_session=entry.record.poster_session,
            board=entry.record.board,
        ),
    )
    with pytest.raises(EditRefused, match=f"board {entry.record.board} in 'Poster session 1'"):
        restore_record(demo_db, deleted)


def test_delete_then_restore_gives_back_every_row(demo_db: Database) -> None:
    clock = FakeClock(current=datetime(2026, 4, 26, 9, 5, tzinfo=ZoneInfo("America/Sao_Paulo")))
    desk = CheckInService(demo_db, clock, "Desk 1")
    person = desk.search("Preetum")[0]  # a speaker and mentor
    assert desk.check_in_attendee(person.id).admitted
    state = load_event_state(demo_db)
    speaker = state.sessions["sci4dl-2026-02-invited-talk-2"].record.speakers[0]
    before = all_rows(demo_db)
    steps = [
        delete_record(demo_db, "attendees", f"#{person.id}"),
        delete_record(demo_db, "people", speaker),
        delete_record(demo_db, "sessions", state.sessions[POSTERS_1].ref),
    ]
    for deleted in reversed(steps):
        restore_record(demo_db, deleted)
    after = all_rows(demo_db)
    assert {t: r for t, r in after.items() if t != "audit_log"} == {
        t: r for t, r in before.items() if t != "audit_log"
    }
