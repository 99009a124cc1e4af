"""The event database: one event per database, typed SQLAlchemy 2.0 models."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.ext.orderinglist import ordering_list
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from sci4dl_desktop.store.enums import AttendeeCategory, CheckInAction, SessionKind
from sci4dl_desktop.store.types import UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


def _enum(cls: type[Any], name: str) -> Enum:
    return Enum(
        cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON, list[str]: JSON}  # noqa: RUF012


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (CheckConstraint("last_day >= first_day", name="days_in_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    acronym: Mapped[str] = mapped_column(String(60))
    timezone: Mapped[str] = mapped_column(String(64))
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    venue: Mapped[str] = mapped_column(String(300), default="")
    url: Mapped[str] = mapped_column(String(500), default="")
    badge_secret: Mapped[bytes] = mapped_column(LargeBinary(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    rooms: Mapped[list[Room]] = relationship(
        back_populates="event", order_by="Room.position", cascade="all, delete-orphan"
    )


class EventSetting(Base):
    """Event-wide settings that every desk must share (kiosk PIN hash, timer thresholds)."""

    __tablename__ = "event_settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


class Room(Base):
    __tablename__ = "rooms"
    __table_args__ = (UniqueConstraint("event_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)
    capacity: Mapped[int | None] = mapped_column(Integer, default=None)

    event: Mapped[Event] = relationship(back_populates="rooms")


class Person(Base):
    """Someone in the program: speaker, panelist, mentor, organiser, poster author."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    affiliation: Mapped[str] = mapped_column(String(300), default="")
    roles: Mapped[list[str]] = mapped_column(default=list)
    bio: Mapped[str] = mapped_column(Text, default="")
    external_id: Mapped[str | None] = mapped_column(String(200), default=None)


class Session(Base):
    """A slot in the program: a talk, panel, poster session, break, ..."""

    __tablename__ = "sessions"
    __table_args__ = (
        CheckConstraint("end_at > start_at", name="ends_after_start"),
        UniqueConstraint("event_id", "uid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    uid: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(500))
    subtitle: Mapped[str] = mapped_column(String(500), default="")
    kind: Mapped[SessionKind] = mapped_column(_enum(SessionKind, "session_kind"))
    start_at: Mapped[datetime] = mapped_column(index=True)
    end_at: Mapped[datetime]
    room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id", ondelete="SET NULL"))
    abstract: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    track: Mapped[str] = mapped_column(String(200), default="")
    url: Mapped[str] = mapped_column(String(500), default="")
    sequence: Mapped[int] = mapped_column(Integer, default=0)

    room: Mapped[Room | None] = relationship()
    speaker_links: Mapped[list[SessionSpeaker]] = relationship(
        order_by="SessionSpeaker.position",
        collection_class=ordering_list("position"),
        cascade="all, delete-orphan",
    )

    @property
    def speakers(self) -> list[Person]:
        return [link.person for link in self.speaker_links]


class SessionSpeaker(Base):
    __tablename__ = "session_speakers"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    person: Mapped[Person] = relationship(lazy="joined")


class Poster(Base):
    __tablename__ = "posters"
    __table_args__ = (
        UniqueConstraint("poster_session_id", "board"),
        UniqueConstraint("event_id", "uid"),
        CheckConstraint("board IS NULL OR board > 0", name="board_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    uid: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(500))
    abstract: Mapped[str] = mapped_column(Text, default="")
    keywords: Mapped[list[str]] = mapped_column(default=list)
    external_id: Mapped[str | None] = mapped_column(String(200), default=None, index=True)
    url: Mapped[str] = mapped_column(String(500), default="")
    board: Mapped[int | None] = mapped_column(Integer, default=None)
    poster_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("sessions.id", ondelete="SET NULL"), index=True
    )
    presented_remotely: Mapped[bool] = mapped_column(Boolean, default=False)
    challenge_entry: Mapped[bool] = mapped_column(Boolean, default=False)
    talk_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("sessions.id", ondelete="SET NULL"), default=None
    )

    poster_session: Mapped[Session | None] = relationship(foreign_keys=[poster_session_id])
    talk_session: Mapped[Session | None] = relationship(foreign_keys=[talk_session_id])
    authors: Mapped[list[PosterAuthor]] = relationship(
        order_by="PosterAuthor.position",
        collection_class=ordering_list("position"),
        cascade="all, delete-orphan",
        lazy="selectin",
    )

    @property
    def author_names(self) -> list[str]:
        return [a.name for a in self.authors]


class PosterAuthor(Base):
    __tablename__ = "poster_authors"

    poster_id: Mapped[int] = mapped_column(
        ForeignKey("posters.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    affiliation: Mapped[str] = mapped_column(String(300), default="")
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), default=None
    )


class Attendee(Base):
    __tablename__ = "attendees"
    __table_args__ = (
        UniqueConstraint("event_id", "email"),
        UniqueConstraint("event_id", "badge_serial"),
        CheckConstraint("badge_revision >= 1", name="badge_revision_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320), default=None)
    affiliation: Mapped[str] = mapped_column(String(300), default="")
    category: Mapped[AttendeeCategory] = mapped_column(_enum(AttendeeCategory, "attendee_category"))
    roles: Mapped[list[str]] = mapped_column(default=list)
    badge_serial: Mapped[str] = mapped_column(String(32))
    badge_revision: Mapped[int] = mapped_column(Integer, default=1)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), default=None
    )
    staff_note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    person: Mapped[Person | None] = relationship()


class CheckIn(Base):
    """The append-only check-in log: every admission, re-entry and undo, with desk and time."""

    __tablename__ = "check_ins"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    attendee_id: Mapped[int] = mapped_column(
        ForeignKey("attendees.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(index=True)
    desk: Mapped[str] = mapped_column(String(100))
    action: Mapped[CheckInAction] = mapped_column(_enum(CheckInAction, "check_in_action"))
    reason: Mapped[str] = mapped_column(Text, default="")
    scan_id: Mapped[str | None] = mapped_column(String(64), default=None, unique=True)


class Admission(Base):
    """Who is in right now: at most one row per attendee, guarded by the primary key.

    The first check-in of an attendee inserts here in the same transaction as its
    log row; a second desk's insert fails on the key, so the database itself
    decides who was first. An undo deletes the row (and logs the undo).
    """

    __tablename__ = "admissions"

    attendee_id: Mapped[int] = mapped_column(
        ForeignKey("attendees.id", ondelete="CASCADE"), primary_key=True
    )
    check_in_id: Mapped[int] = mapped_column(ForeignKey("check_ins.id", ondelete="CASCADE"))
    at: Mapped[datetime]
    desk: Mapped[str] = mapped_column(String(100))


class AuditEntry(Base):
    """Every staff action at a desk, including refused scans and walk-in registrations."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(index=True)
    desk: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(60))
    attendee_id: Mapped[int | None] = mapped_column(
        ForeignKey("attendees.id", ondelete="SET NULL"), default=None
    )
    detail: Mapped[str] = mapped_column(Text, default="")


class MentorProfile(Base):
    __tablename__ = "mentor_profiles"
    __table_args__ = (CheckConstraint("capacity_per_break >= 0", name="capacity_non_negative"),)

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    interests: Mapped[list[str]] = mapped_column(default=list)
    capacity_per_break: Mapped[int] = mapped_column(Integer, default=3)

    person: Mapped[Person] = relationship()


class MenteeProfile(Base):
    __tablename__ = "mentee_profiles"

    attendee_id: Mapped[int] = mapped_column(
        ForeignKey("attendees.id", ondelete="CASCADE"), primary_key=True
    )
    interests: Mapped[list[str]] = mapped_column(default=list)
    poster_id: Mapped[int | None] = mapped_column(
        ForeignKey("posters.id", ondelete="SET NULL"), default=None
    )
    available_break_ids: Mapped[list[int]] = mapped_column(JSON, default=list)

    attendee: Mapped[Attendee] = relationship()
    poster: Mapped[Poster | None] = relationship()


class Pairing(Base):
    """A mentorship meeting: mentor and mentee, in a break, at a place."""

    __tablename__ = "pairings"
    __table_args__ = (
        UniqueConstraint("mentor_id", "mentee_id"),
        UniqueConstraint("mentee_id", "slot_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    mentee_id: Mapped[int] = mapped_column(ForeignKey("attendees.id", ondelete="CASCADE"))
    slot_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    place: Mapped[str] = mapped_column(String(200), default="")
    topic: Mapped[str] = mapped_column(Text, default="")
    score: Mapped[float | None] = mapped_column(Float, default=None)
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    published: Mapped[bool] = mapped_column(Boolean, default=True)

    mentor: Mapped[Person] = relationship()
    mentee: Mapped[Attendee] = relationship()
    slot: Mapped[Session] = relationship()


class Star(Base):
    """A personal-agenda star: an owner (an attendee, or an anonymous local agenda) and a target."""

    __tablename__ = "stars"
    __table_args__ = (
        CheckConstraint("(session_id IS NULL) <> (poster_id IS NULL)", name="exactly_one_target"),
        Index("uq_stars_owner_session", "owner", "session_id", unique=True),
        Index("uq_stars_owner_poster", "owner", "poster_id", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    owner: Mapped[str] = mapped_column(String(100))
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), default=None
    )
    poster_id: Mapped[int | None] = mapped_column(
        ForeignKey("posters.id", ondelete="CASCADE"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class TimerRecord(Base):
    """What actually happened to a session: its real start and end, and a running timer's state."""

    __tablename__ = "timer_records"
    __table_args__ = (
        CheckConstraint(
            "ended_at IS NULL OR started_at IS NULL OR ended_at >= started_at",
            name="ends_after_start",
        ),
    )

    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True
    )
    started_at: Mapped[datetime | None] = mapped_column(default=None)
    ended_at: Mapped[datetime | None] = mapped_column(default=None)
    paused_at: Mapped[datetime | None] = mapped_column(default=None)
    paused_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    adjust_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    state: Mapped[dict[str, Any]] = mapped_column(default=dict)
