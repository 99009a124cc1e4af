"""Planning attendee and mentorship-pairing CSV files (see csvspec for the columns)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from sci4dl_desktop.domain.text import fold
from sci4dl_desktop.io.csvread import CsvTable
from sci4dl_desktop.io.csvspec import ATTENDEES, PAIRINGS
from sci4dl_desktop.io.problems import Location, quote
from sci4dl_desktop.io.records import (
    AttendeeRecord,
    MentorRecord,
    PairingRecord,
    PersonRecord,
)
from sci4dl_desktop.io.source import Source, csv_columns, resolve_session
from sci4dl_desktop.io.state import EventState, email_key
from sci4dl_desktop.io.values import (
    CATEGORY_NAMES,
    ROLE_NAMES,
    attendee_category,
    is_email,
    person_role,
    split_list,
)
from sci4dl_desktop.store.enums import AttendeeCategory, PersonRole, SessionKind

_SERIAL = re.compile(r"^(.*?)(\d+)$")


class SerialAllocator:
    """Gives new attendees the next free badge serials, in the style already in use."""

    def __init__(self, state: EventState, reserved: set[str]) -> None:
        self._taken = set(state.attendees_by_serial) | reserved
        prefixes: Counter[str] = Counter()
        widths: dict[str, int] = {}
        highest: dict[str, int] = {}
        for serial in self._taken:
            match = _SERIAL.match(serial)
            if match:
                prefix, digits = match[1], match[2]
                prefixes[prefix] += 1
                widths[prefix] = max(widths.get(prefix, 0), len(digits))
                highest[prefix] = max(highest.get(prefix, 0), int(digits))
        if prefixes:
            self._prefix = prefixes.most_common(1)[0][0]
        else:
            event = state.event.record if state.event else None
            letter = next((c for c in (event.acronym if event else "") if c.isalnum()), "A")
            year = f"{event.first_day.year % 100:02d}" if event else ""
            self._prefix = f"{letter.upper()}{year}-"
        self._width = max(4, widths.get(self._prefix, 4))
        self._next = highest.get(self._prefix, 0) + 1

    def next(self) -> str:
        while True:
            serial = f"{self._prefix}{self._next:0{self._width}d}"
            self._next += 1
            if serial not in self._taken:
                self._taken.add(serial)
                return serial


@dataclass(slots=True)
class _Row:
    where: Location
    record: AttendeeRecord
    provided: frozenset[str]
    ref: str | None


_FIELD_OF_COLUMN = {
    "email": "email",
    "affiliation": "affiliation",
    "category": "category",
    "roles": "roles",
    "badge_serial": "badge_serial",
    "staff_note": "staff_note",
}


def plan_attendees(table: CsvTable, source: Source) -> None:
    columns = csv_columns(table, source, ATTENDEES)
    if columns is None or not source.require_event():
        return
    state = source.state
    new_fields = {"name"} | {f for c, f in _FIELD_OF_COLUMN.items() if columns.has(c)}
    title = {key: columns.title_of(key, table) for key in columns.index}
    first_email: dict[str, int] = {}
    first_serial: dict[str, int] = {}
    rows: list[_Row] = []
    total = len(table.rows)
    for count, (number, cells) in enumerate(table.rows):
        source.reporter.step(f"Reading {source.name}", count, total)
        where = source.where(number)
        before = len(source.builder.plan.problems)

        def bad(
            key: str, message: str, hint: str, value: str = "", where: Location = where
        ) -> None:
            source.problem(where, message, field=title.get(key, key), value=value, hint=hint)

        name = columns.cell(cells, "name")
        if not name:
            name = " ".join(
                p
                for p in (columns.cell(cells, "first_name"), columns.cell(cells, "last_name"))
                if p
            )
        if not name:
            bad(
                "name" if columns.has("name") else "first_name",
                "the name is empty",
                "every attendee needs a name",
            )
        email = columns.cell(cells, "email")
        serial = columns.cell(cells, "badge_serial")
        key = email_key(email) if email else ""
        if email and not is_email(email):
            bad(
                "email",
                f"{quote(email)} is not an e-mail address",
                "check for a missing @ or a space",
                email,
            )
        elif key in first_email:
            bad(
                "email",
                f"{quote(email)} also appears on row {first_email[key]}",
                "each attendee needs their own email: merge the two rows or correct one",
                email,
            )
        elif key:
            first_email[key] = number
        if serial in first_serial:
            bad(
                "badge_serial",
                f"badge {quote(serial)} also appears on row {first_serial[serial]}",
                "each attendee has their own badge serial",
                serial,
            )
        elif serial:
            first_serial[serial] = number
        if not email and not serial:
            bad(
                "email",
                "the row has neither an email nor a badge serial",
                "add the attendee's email so a later re-import finds them again",
            )
        # Only the cells that hold something: an empty cell keeps what is stored.
        provided = {"name"} | {f for c, f in _FIELD_OF_COLUMN.items() if columns.cell(cells, c)}
        category: AttendeeCategory | None = None
        text = columns.cell(cells, "category")
        if text:
            category = attendee_category(text)
            if category is None:
                bad(
                    "category",
                    f"{quote(text)} is not an attendee category",
                    f"use one of {CATEGORY_NAMES}",
                    text,
                )
        roles: list[str] = []
        for word in split_list(columns.cell(cells, "roles")):
            role = person_role(word)
            if role is None:
                bad("roles", f"{quote(word)} is not a role", f"use {ROLE_NAMES}", word)
            elif role.value not in roles:
                roles.append(role.value)
        by_email = state.attendees_by_email.get(key) if key else None
        by_serial = state.attendees_by_serial.get(serial) if serial else None
        if by_email and by_serial and by_email != by_serial:
            owner = state.attendees[by_email].record
            bad(
                "email",
                f"{quote(email)} already belongs to {owner.name} "
                f"(badge {owner.badge_serial}), but badge {quote(serial)} is someone else's",
                "correct the email or the badge serial",
                email,
            )
        ref = by_email or by_serial
        existing = state.attendees[ref].record if ref else None
        conflict = by_email and by_serial and by_email != by_serial
        if existing is not None and serial and existing.badge_serial != serial and not conflict:
            bad(
                "badge_serial",
                f"{existing.name} already has badge {existing.badge_serial}, not {quote(serial)}",
                "badge serials never change: leave the cell empty or correct it",
                serial,
            )
        if len(source.builder.plan.problems) != before:
            continue
        if existing is not None and existing.email and email_key(existing.email) == key:
            email = existing.email  # the same address, perhaps in other capitals: keep it
        record = AttendeeRecord(
            name=name,
            email=email or (existing.email if existing else None),
            affiliation=columns.cell(cells, "affiliation"),
            category=category or (existing.category if existing else AttendeeCategory.ACADEMIC),
            roles=tuple(roles),
            badge_serial=serial or (existing.badge_serial if existing else ""),
            staff_note=columns.cell(cells, "staff_note"),
        )
        rows.append(_Row(where, record, source.provided(provided), ref))
    if source.builder.plan.problems:
        return
    serials = SerialAllocator(state, set(first_serial))
    new_with_serial = source.provided(new_fields | {"badge_serial"})
    for row in rows:
        if row.ref is None and not row.record.badge_serial:
            record = AttendeeRecord(
                row.record.name,
                row.record.email,
                row.record.affiliation,
                row.record.category,
                row.record.roles,
                serials.next(),
                staff_note=row.record.staff_note,
            )
            source.builder.attendee(record, row.where, new_with_serial)
        else:
            source.builder.attendee(row.record, row.where, row.provided, row.ref)


def _find_attendee(state: EventState, name: str, email: str) -> tuple[str | None, str]:
    if email:
        ref = state.attendees_by_email.get(email_key(email))
        return (ref, "") if ref else (None, f"no attendee has the email {quote(email)}")
    folded = fold(name)
    refs = [ref for ref, e in state.attendees.items() if fold(e.record.name) == folded]
    if len(refs) == 1:
        return refs[0], ""
    if not refs:
        return None, f"no attendee is called {quote(name)}"
    return None, f"{len(refs)} attendees are called {quote(name)}"


def plan_pairings(table: CsvTable, source: Source) -> None:
    columns = csv_columns(table, source, PAIRINGS)
    if columns is None or not source.require_event():
        return
    state = source.state
    title = {key: columns.title_of(key, table) for key in columns.index}
    mentor_fields = source.provided({"person"})
    person_fields = source.provided({"name", "roles"})
    seen: dict[tuple[str, str], int] = {}
    for count, (number, cells) in enumerate(table.rows):
        source.reporter.step(f"Reading {source.name}", count, len(table.rows))
        where = source.where(number)
        mentor_name = columns.cell(cells, "mentor")
        mentee_name = columns.cell(cells, "mentee")
        mentee_email = columns.cell(cells, "mentee_email")
        if not mentor_name:
            source.problem(
                where,
                "the mentor is empty",
                field=title.get("mentor", "mentor"),
                hint="give the mentor's name",
            )
            continue
        mentee, why = _find_attendee(state, mentee_name, mentee_email)
        if mentee is None:
            key = "mentee_email" if mentee_email else "mentee"
            source.problem(
                where,
                why,
                field=title.get(key, key),
                value=mentee_email or mentee_name,
                hint="import the attendees first, or give the mentee's email",
            )
            continue
        slot_text = columns.cell(cells, "slot_id") or columns.cell(cells, "slot")
        slot_key = "slot_id" if columns.cell(cells, "slot_id") else "slot"
        slot, why = resolve_session(state, slot_text, (SessionKind.BREAK,))
        if slot is None:
            breaks = sorted(
                state.session_label(e.record.uid)
                for e in state.sessions.values()
                if e.record.kind is SessionKind.BREAK
            )
            source.problem(
                where,
                f"{why} among the breaks",
                field=title.get(slot_key, slot_key),
                value=slot_text,
                hint="mentorship meetings happen in breaks: give one of "
                + (", ".join(breaks[:6]) or "the breaks (none yet)"),
            )
            continue
        mentor = state.find_person(mentor_name)
        if mentor is None:
            mentor = source.builder.person(
                PersonRecord(mentor_name, roles=(PersonRole.MENTOR.value,)), where, person_fields
            )
        elif PersonRole.MENTOR.value not in state.people[mentor].record.roles:
            roles = (*state.people[mentor].record.roles, PersonRole.MENTOR.value)
            source.builder.person(
                PersonRecord(mentor_name, roles=roles), where, source.provided({"roles"}), mentor
            )
        if mentor not in state.mentors:
            source.builder.mentor(MentorRecord(mentor), where, mentor_fields)
        pair = (mentor, mentee)
        if pair in seen:
            source.problem(
                where,
                f"{mentor_name} and {state.attendee_label(mentee)} "
                f"are already paired on row {seen[pair]}",
                field=title.get("mentee", "mentee"),
                hint="a mentor meets a mentee once: remove one of the rows",
            )
            continue
        seen[pair] = number
        record = PairingRecord(
            mentor=mentor,
            mentee=mentee,
            slot=slot,
            place=columns.cell(cells, "place"),
            topic=columns.cell(cells, "topic"),
        )
        given = {k for k in ("place", "topic") if columns.cell(cells, k)}
        source.builder.pairing(record, where, source.provided({"mentor", "mentee", "slot"} | given))


__all__ = ["SerialAllocator", "plan_attendees", "plan_pairings"]
