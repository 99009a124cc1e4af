"""Planning an event package: a full restore into an empty database, or an update.

Into a database without an event, the package is restored exactly: every table, with
its ids (the plan lists the records for the preview and the checks; `apply_plan`
inserts the rows as they are). Into a database that holds the same event (the same
badge secret: a copy made from a package of it), the program, people, posters,
attendees and mentorship are updated like any other import: people matched by their
package id then name, sessions and posters by uid, attendees by badge serial then
email. Check-ins, stars, the audit log, timers and settings are not merged into an
existing event. A package of another event is refused.
"""

from __future__ import annotations

from typing import Any

from sci4dl_desktop.io.package import PackageData
from sci4dl_desktop.io.records import (
    AttendeeRecord,
    AuthorRecord,
    EventRecord,
    MenteeRecord,
    MentorRecord,
    PairingRecord,
    PersonRecord,
    PosterRecord,
    RoomRecord,
    SessionRecord,
    existing_ref,
    field_names,
)
from sci4dl_desktop.io.source import Source
from sci4dl_desktop.io.state import email_key

_OPERATIONAL = ("check_ins", "admissions", "audit_log", "stars", "timer_records", "event_settings")


def _all(record_type: type, *dropping: str) -> frozenset[str]:
    return frozenset(n for n in field_names(record_type) if n not in dropping)


def plan_package(data: PackageData, source: Source) -> None:
    state, builder = source.state, source.builder
    event_row = data.table("events")[0]
    where = source.where(element="events[0]")
    restoring = state.event is None
    if not restoring:
        if state.badge_secret != event_row["badge_secret"]:
            assert state.event is not None
            source.problem(
                where,
                f"this database holds another event "
                f"({state.event.record.title!r}); the package is of "
                f"{event_row['title']!r}",
                field="badge_secret",
                hint="import the package into a new event file "
                "(sci4dl-desktop import --db NEW_FILE PACKAGE)",
            )
            return
        left_out = [t for t in _OPERATIONAL if data.table(t)]
        if left_out:
            source.note(
                "not merged into the existing event (this database keeps its own): "
                + ", ".join(t.replace("_", " ") for t in left_out)
            )
    else:
        source.builder.plan.restore = data
    builder.event(
        EventRecord(
            event_row["title"],
            event_row["acronym"],
            event_row["timezone"],
            event_row["first_day"],
            event_row["last_day"],
            event_row.get("venue", ""),
            event_row.get("url", ""),
        ),
        where,
        _all(EventRecord),
    )
    rooms: dict[int, str] = {}
    for index, row in enumerate(data.table("rooms")):
        record = RoomRecord(row["name"], row.get("position", 0), row.get("capacity"))
        rooms[row["id"]] = builder.room(
            record, source.where(element=f"rooms[{index}]"), _all(RoomRecord)
        )
    people: dict[int, str] = {}
    for index, row in enumerate(data.table("people")):
        known = existing_ref(row["id"])
        record_p = PersonRecord(
            row["name"],
            row.get("affiliation", ""),
            tuple(row.get("roles") or ()),
            row.get("bio", ""),
            row.get("external_id"),
        )
        people[row["id"]] = builder.person(
            record_p,
            source.where(element=f"people[{index}]"),
            _all(PersonRecord),
            known if not restoring and known in state.people else None,
            match=not restoring,
        )
    _sessions_and_posters(data, source, rooms, people)
    _attendees_and_mentoring(data, source, people)


def _sessions_and_posters(
    data: PackageData, source: Source, rooms: dict[int, str], people: dict[int, str]
) -> None:
    builder = source.builder
    speakers: dict[int, list[tuple[int, str]]] = {}
    for row in data.table("session_speakers"):
        speakers.setdefault(row["session_id"], []).append(
            (row.get("position", 0), people[row["person_id"]])
        )
    session_uid: dict[int, str] = {}
    for index, row in enumerate(data.table("sessions")):
        session_uid[row["id"]] = row["uid"]
        record = SessionRecord(
            uid=row["uid"],
            title=row["title"],
            kind=row["kind"],
            start_at=row["start_at"],
            end_at=row["end_at"],
            room=rooms.get(row["room_id"]) if row.get("room_id") is not None else None,
            subtitle=row.get("subtitle", ""),
            abstract=row.get("abstract", ""),
            notes=row.get("notes", ""),
            track=row.get("track", ""),
            url=row.get("url", ""),
            speakers=tuple(ref for _, ref in sorted(speakers.get(row["id"], []))),
            sequence=row.get("sequence", 0),
        )
        builder.session(record, source.where(element=f"sessions[{index}]"), _all(SessionRecord))
    authors: dict[int, list[tuple[int, AuthorRecord]]] = {}
    for row in data.table("poster_authors"):
        person = people.get(row["person_id"]) if row.get("person_id") is not None else None
        authors.setdefault(row["poster_id"], []).append(
            (row["position"], AuthorRecord(row["name"], row.get("affiliation", ""), person))
        )
    state = source.state
    for index, row in enumerate(data.table("posters")):

        def uid_of(key: str, row: dict[str, Any] = row) -> str | None:
            value = row.get(key)
            return session_uid.get(value) if value is not None else None

        record_p = PosterRecord(
            uid=row["uid"],
            title=row["title"],
            abstract=row.get("abstract", ""),
            keywords=tuple(row.get("keywords") or ()),
            external_id=row.get("external_id"),
            url=row.get("url", ""),
            board=row.get("board"),
            poster_session=uid_of("poster_session_id"),
            presented_remotely=row.get("presented_remotely", False),
            challenge_entry=row.get("challenge_entry", False),
            talk_session=uid_of("talk_session_id"),
            authors=tuple(a for _, a in sorted(authors.get(row["id"], []), key=lambda p: p[0])),
        )
        match = row["uid"] if row["uid"] in state.posters else None
        if match is None and record_p.external_id:
            match = state.posters_by_external.get(record_p.external_id)
        builder.poster(
            record_p, source.where(element=f"posters[{index}]"), _all(PosterRecord), match
        )


def _attendees_and_mentoring(data: PackageData, source: Source, people: dict[int, str]) -> None:
    state, builder = source.state, source.builder
    attendees: dict[int, str] = {}
    provided = _all(AttendeeRecord)
    for index, row in enumerate(data.table("attendees")):
        source.reporter.step(f"Reading {source.name}", index)
        email = row.get("email")
        ref = state.attendees_by_serial.get(row["badge_serial"])
        if ref is None and email:
            ref = state.attendees_by_email.get(email_key(email))
        record = AttendeeRecord(
            name=row["name"],
            email=email,
            affiliation=row.get("affiliation", ""),
            category=row["category"],
            roles=tuple(row.get("roles") or ()),
            badge_serial=row["badge_serial"],
            badge_revision=row.get("badge_revision", 1),
            person=people.get(row["person_id"]) if row.get("person_id") is not None else None,
            staff_note=row.get("staff_note", ""),
        )
        change = builder.attendee(
            record, source.where(element=f"attendees[{index}]"), provided, ref
        )
        attendees[row["id"]] = change.ref
    session_uid = {row["id"]: row["uid"] for row in data.table("sessions")}
    poster_uid = {row["id"]: row["uid"] for row in data.table("posters")}
    for index, row in enumerate(data.table("mentor_profiles")):
        record_m = MentorRecord(
            people[row["person_id"]],
            tuple(row.get("interests") or ()),
            row.get("capacity_per_break", 3),
        )
        builder.mentor(
            record_m, source.where(element=f"mentor_profiles[{index}]"), _all(MentorRecord)
        )
    for index, row in enumerate(data.table("mentee_profiles")):
        poster = row.get("poster_id")
        record_e = MenteeRecord(
            attendees[row["attendee_id"]],
            tuple(row.get("interests") or ()),
            poster_uid.get(poster) if poster is not None else None,
            tuple(session_uid[i] for i in row.get("available_break_ids") or () if i in session_uid),
        )
        builder.mentee(
            record_e, source.where(element=f"mentee_profiles[{index}]"), _all(MenteeRecord)
        )
    for index, row in enumerate(data.table("pairings")):
        record_p = PairingRecord(
            mentor=people[row["mentor_id"]],
            mentee=attendees[row["mentee_id"]],
            slot=session_uid[row["slot_id"]],
            place=row.get("place", ""),
            topic=row.get("topic", ""),
            score=row.get("score"),
            locked=row.get("locked", False),
            published=row.get("published", True),
        )
        builder.pairing(record_p, source.where(element=f"pairings[{index}]"), _all(PairingRecord))


__all__ = ["plan_package"]
