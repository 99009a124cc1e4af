"""The desk's check-in service on a real SQLite copy of the demo event."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from sci4dl_desktop.domain.badges import make_token
from sci4dl_desktop.domain.checkin import CheckInService
from sci4dl_desktop.domain.checkin_types import AuditAction, CheckInError, WalkInError
from sci4dl_desktop.domain.clock import FakeClock
from sci4dl_desktop.domain.verdict import (
    NOTE_PHOTO_ID,
    NOTE_SPEAKER,
    RefusalReason,
    VerdictState,
)
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.enums import AttendeeCategory, CheckInAction
from sci4dl_desktop.store.models import Admission, Attendee, AuditEntry, CheckIn


@pytest.fixture
def desk(demo_db: Database, fake_clock: FakeClock) -> CheckInService:
    return CheckInService(demo_db, fake_clock, "Desk 1")


def attendee_named(db: Database, name: str) -> Attendee:
    with db.session() as s:
        return s.scalars(select(Attendee).where(Attendee.name == name)).one()


def first_of(db: Database, category: AttendeeCategory) -> Attendee:
    with db.session() as s:
        return s.scalars(
            select(Attendee).where(Attendee.category == category).order_by(Attendee.id)
        ).first()  # type: ignore[return-value]


def count(db: Database, model: type, *where: object) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def audit_actions(db: Database) -> list[str]:
    with db.session() as s:
        return list(s.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_scan_admits_with_notes_for_staff(desk: CheckInService, demo_db: Database) -> None:
    lenka = attendee_named(demo_db, "Lenka Zdeborová")
    verdict = desk.scan(desk.token_for(lenka) + "\r\n")
    assert verdict.state is VerdictState.ADMITTED and verdict.colour == "green"
    assert verdict.headline == "Welcome, Lenka Zdeborová"
    assert verdict.category is AttendeeCategory.SPEAKER and verdict.affiliation == "EPFL"
    assert (
        verdict.notes[0].startswith(NOTE_SPEAKER) and "Panel discussion, 15:30" in verdict.notes[0]
    )
    assert NOTE_PHOTO_ID in verdict.notes
    with demo_db.session() as s:
        admission = s.get(Admission, lenka.id)
        log = s.get(CheckIn, verdict.check_in_id)
    assert admission is not None and admission.desk == "Desk 1"
    assert log is not None and log.action is CheckInAction.CHECK_IN and log.scan_id
    assert audit_actions(demo_db) == [AuditAction.CHECK_IN]


def test_second_scan_elsewhere_is_amber_with_time_and_desk(
    desk: CheckInService, demo_db: Database, fake_clock: FakeClock
) -> None:
    student = first_of(demo_db, AttendeeCategory.STUDENT)
    token = desk.token_for(student)
    assert desk.scan(token).admitted
    fake_clock.advance(600)
    other = CheckInService(demo_db, fake_clock, "Desk 2")
    verdict = other.scan(token)
    assert verdict.state is VerdictState.ALREADY and verdict.colour == "amber"
    assert verdict.headline == "Already checked in at 10:35 at Desk 1"
    assert verdict.first_desk == "Desk 1" and verdict.name == student.name
    assert count(demo_db, CheckIn) == 1  # a repeated scan is not a check-in
    assert audit_actions(demo_db) == [AuditAction.CHECK_IN, AuditAction.ALREADY]


def test_first_check_in_on_another_day_names_the_day(
    desk: CheckInService, demo_db: Database, fake_clock: FakeClock
) -> None:
    student = first_of(demo_db, AttendeeCategory.STUDENT)
    desk.scan(desk.token_for(student))
    fake_clock.advance(86_400)
    assert desk.scan(desk.token_for(student)).headline == (
        "Already checked in at 10:35 on 26 Apr at Desk 1"
    )


def test_double_read_within_two_seconds_counts_once(
    desk: CheckInService, demo_db: Database, fake_clock: FakeClock
) -> None:
    token = desk.token_for(first_of(demo_db, AttendeeCategory.ACADEMIC))
    first = desk.scan(token)
    fake_clock.advance(1.5)
    again = desk.scan(token.lower() + "\n")
    assert again.repeat and again.state is VerdictState.ADMITTED
    assert again.check_in_id == first.check_in_id
    fake_clock.advance(1.9)  # still within two seconds of the previous read
    assert desk.scan(token).repeat
    fake_clock.advance(2.1)
    later = desk.scan(token)
    assert not later.repeat and later.state is VerdictState.ALREADY
    assert audit_actions(demo_db) == [AuditAction.CHECK_IN, AuditAction.ALREADY]


def test_retried_write_with_the_same_scan_id_is_applied_once(
    demo_db: Database, fake_clock: FakeClock
) -> None:
    desk = CheckInService(demo_db, fake_clock, "Desk 1")
    person = first_of(demo_db, AttendeeCategory.INDUSTRY)
    first = desk.scan(desk.token_for(person), scan_id="scan-0001")
    restarted = CheckInService(demo_db, fake_clock, "Desk 1")  # e.g. after a crash and retry
    retry = restarted.scan(desk.token_for(person), scan_id="scan-0001")
    assert retry.admitted and retry.replayed and retry.check_in_id == first.check_in_id
    assert count(demo_db, CheckIn) == 1
    retry_by_id = restarted.check_in_attendee(person.id, scan_id="scan-0001")
    assert retry_by_id.replayed and count(demo_db, CheckIn) == 1


@pytest.mark.parametrize(
    ("make_payload", "reason"),
    [
        (lambda secret: make_token(secret, "S26-0100", 1)[:-1] + "Q", RefusalReason.FORGED),
        (lambda secret: make_token(secret, "S26-0100", 2), RefusalReason.INVALID),
        (lambda secret: make_token(b"another event" * 3, "S26-0100", 1), RefusalReason.OTHER_EVENT),
        (lambda secret: make_token(secret, "NOBODY-1", 1), RefusalReason.INVALID),
        (lambda secret: "978-3-16-148410-0", RefusalReason.INVALID),
    ],
    ids=["forged", "future-revision", "other-event", "unknown-serial", "not-a-badge"],
)
def test_refused_scans_are_red_and_audited(
    desk: CheckInService, demo_db: Database, make_payload: object, reason: RefusalReason
) -> None:
    secret = demo_db.event().badge_secret
    payload = make_payload(secret)  # type: ignore[operator]
    if reason is RefusalReason.FORGED and payload == make_token(secret, "S26-0100", 1):
        payload = payload[:-1] + "R"
    verdict = desk.scan(payload)
    assert verdict.state is VerdictState.REFUSED and verdict.colour == "red"
    assert verdict.reason is reason and verdict.headline == reason.headline
    assert count(demo_db, Admission) == 0 and count(demo_db, CheckIn) == 0
    with demo_db.session() as s:
        entry = s.scalars(select(AuditEntry)).one()
    assert entry.action == AuditAction.REFUSED and entry.desk == "Desk 1"
    assert entry.detail.startswith(reason.value)


def test_reissued_badge_revokes_the_old_one(
    desk: CheckInService, demo_db: Database, fake_clock: FakeClock
) -> None:
    person = first_of(demo_db, AttendeeCategory.STUDENT)
    old_token = desk.token_for(person)
    reissued = desk.reissue_badge(person.id)
    assert reissued.badge_revision == 2
    verdict = desk.scan(old_token)
    assert verdict.reason is RefusalReason.REVOKED and verdict.name == person.name
    new_verdict = desk.scan(desk.token_for(reissued))
    assert new_verdict.admitted
    assert AuditAction.REISSUE in audit_actions(demo_db)


def test_remote_participant_is_refused(desk: CheckInService, demo_db: Database) -> None:
    remote = first_of(demo_db, AttendeeCategory.REMOTE)
    verdict = desk.scan(desk.token_for(remote))
    assert verdict.reason is RefusalReason.REMOTE and verdict.name == remote.name
    assert desk.check_in_attendee(remote.id).reason is RefusalReason.REMOTE
    assert count(demo_db, Admission) == 0


def test_re_entry_and_undo(desk: CheckInService, demo_db: Database, fake_clock: FakeClock) -> None:
    person = first_of(demo_db, AttendeeCategory.ACADEMIC)
    assert desk.check_in_attendee(person.id).admitted
    fake_clock.advance(3600)
    back = desk.re_entry(person.id)
    assert back.admitted and back.action is CheckInAction.RE_ENTRY
    assert back.headline == f"Welcome back, {person.name}" and "10:35" in back.notes[0]
    with pytest.raises(CheckInError, match="say why"):
        desk.undo(person.id, "   ")
    summary = desk.undo(person.id, "scanned the wrong badge")
    assert not summary.checked_in
    assert count(demo_db, Admission) == 0
    with pytest.raises(CheckInError, match="not checked in"):
        desk.undo(person.id, "again")
    with demo_db.session() as s:
        actions = list(s.scalars(select(CheckIn.action).order_by(CheckIn.id)))
        reason = s.scalars(select(CheckIn.reason).where(CheckIn.action == "undo")).one()
    assert actions == [CheckInAction.CHECK_IN, CheckInAction.RE_ENTRY, CheckInAction.UNDO]
    assert reason == "scanned the wrong badge"
    # after an undo the badge admits again, and a re-entry of someone not in is a check-in
    assert desk.re_entry(person.id).action is CheckInAction.CHECK_IN


def test_unknown_attendee_id_is_a_clear_error(desk: CheckInService) -> None:
    with pytest.raises(CheckInError, match="no attendee with id 99999"):
        desk.check_in_attendee(99999)


def test_walk_in_registration(desk: CheckInService, demo_db: Database) -> None:
    first = desk.register_walk_in(
        "  Ana   Souza ", "ana@usp.example", "USP", AttendeeCategory.STUDENT
    )
    second = desk.register_walk_in("Bo Li", "", "", AttendeeCategory.INDUSTRY)
    assert (first.name, first.badge_serial, second.badge_serial) == (
        "Ana Souza",
        "W-0001",
        "W-0002",
    )
    assert second.email is None
    assert [r.name for r in desk.search("souza")] == ["Ana Souza"]
    assert desk.scan(desk.token_for(first)).admitted
    assert audit_actions(demo_db)[:2] == [AuditAction.WALK_IN, AuditAction.WALK_IN]


@pytest.mark.parametrize(
    ("name", "email", "category", "field", "message"),
    [
        ("  ", "", AttendeeCategory.STUDENT, "name", "enter the walk-in's name"),
        ("Ana", "not-an-email", AttendeeCategory.STUDENT, "email", "not an email address"),
        (
            "Ana",
            "LENKA.zdeborova@speakers.example.org",
            AttendeeCategory.STUDENT,
            "email",
            "already registered to Lenka Zdeborová",
        ),
        ("Ana", "", AttendeeCategory.REMOTE, "category", "on site"),
    ],
)
def test_walk_in_validation_names_the_field(
    desk: CheckInService,
    demo_db: Database,
    name: str,
    email: str,
    category: AttendeeCategory,
    field: str,
    message: str,
) -> None:
    before = count(demo_db, Attendee)
    with pytest.raises(WalkInError, match=message) as raised:
        desk.register_walk_in(name, email, "", category)
    assert raised.value.field == field
    assert count(demo_db, Attendee) == before


def test_search_is_accent_insensitive_and_ranked(desk: CheckInService) -> None:
    assert [r.name for r in desk.search("Zdeborova")] == ["Lenka Zdeborová"]
    assert [r.name for r in desk.search("ZDEBOROVÁ lenka")] == ["Lenka Zdeborová"]
    assert desk.search("s26-0006")[0].name == "Lenka Zdeborová"
    assert desk.search("lenka.zdeb")[0].name == "Lenka Zdeborová"
    epfl = desk.search("epfl", limit=500)
    assert epfl and all("EPFL" in r.affiliation for r in epfl)
    assert desk.search("   ") == []
    assert desk.search("no such person xyz") == []


def test_search_results_show_check_in_state(desk: CheckInService, demo_db: Database) -> None:
    lenka = attendee_named(demo_db, "Lenka Zdeborová")
    desk.check_in_attendee(lenka.id)
    [result] = desk.search("zdeborova")
    assert result.checked_in and result.checked_in_desk == "Desk 1"


def test_stats_and_audit_log(
    desk: CheckInService, demo_db: Database, fake_clock: FakeClock
) -> None:
    students = [
        first_of(demo_db, AttendeeCategory.STUDENT),
        first_of(demo_db, AttendeeCategory.ACADEMIC),
    ]
    for person in students:
        desk.check_in_attendee(person.id)
        fake_clock.advance(60)
    desk.scan("garbage")
    stats = desk.stats()
    by_category = {c.category: c for c in stats.categories}
    assert by_category[AttendeeCategory.STUDENT].checked_in == 1
    assert by_category[AttendeeCategory.REMOTE].expected == 0
    assert stats.checked_in == 2 and stats.refused_scans == 1
    assert stats.expected == sum(
        c.registered for c in stats.categories if c.category is not AttendeeCategory.REMOTE
    )
    log = desk.audit_log()
    assert [e.action for e in log] == [
        AuditAction.REFUSED,
        AuditAction.CHECK_IN,
        AuditAction.CHECK_IN,
    ]
    assert log[1].attendee_name == students[1].name and log[1].desk == "Desk 1"
    assert log[0].at - log[2].at == timedelta(seconds=120)
    arrivals = desk.arrivals()
    assert [a.name for a in arrivals] == [p.name for p in students]


def test_desk_name_is_validated(demo_db: Database, fake_clock: FakeClock) -> None:
    with pytest.raises(CheckInError, match="needs a name"):
        CheckInService(demo_db, fake_clock, "  ")
    desk = CheckInService(demo_db, fake_clock, " Desk   3 ")
    assert desk.desk_name == "Desk 3"


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.one_of(
        st.text(max_size=300),
        st.builds(lambda t, n: t[:n], st.just("S4D1:"), st.integers(0, 5)).map(
            lambda prefix: prefix + "AAAAAA:S26-0001:1:AAAAAAAAAAAAAAAA"
        ),
        st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
    )
)
def test_no_random_payload_is_admitted_or_crashes_the_service(
    desk: CheckInService, fake_clock: FakeClock, payload: str
) -> None:
    fake_clock.advance(3)  # past the double-read window: every payload is judged afresh
    verdict = desk.scan(payload)
    assert verdict.state is VerdictState.REFUSED
    assert verdict.reason in (RefusalReason.INVALID, RefusalReason.OTHER_EVENT)
