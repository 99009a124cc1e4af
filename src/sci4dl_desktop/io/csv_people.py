"""Planning attendee and mentorship-pairing CSV files (see csvspec for the columns)."""

from __future__ import annotations

import re
from collections import Counter

from sci4dl_desktop.domain.text import fold
from sci4dl_desktop.io.csvread import ColumnMap, CsvTable
from sci4dl_desktop.io.csvspec import ATTENDEES, PAIRINGS
from sci4dl_desktop.io.problems import Location, quote
from sci4dl_desktop.io.records import (
    AttendeeRecord,
    MentorRecord,
    PairingRecord,
    PersonRecord,
)
from sci4dl_desktop.io.source import Source, csv_columns, resolve_session, shared_name
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


_FIELD_OF_COLUMN = {
    "email": "email",
    "affiliation": "affiliation",
    "category": "category",
    "roles": "roles",
    "badge_serial": "badge_serial",
    "staff_note": "staff_note",
}


class _AttendeeRows:
    """Reads the rows of an attendee CSV; one instance per file (50,000 rows must be quick)."""

    def __init__(self, table: CsvTable, columns: ColumnMap, source: Source) -> None:
        self.source = source
        self.state = source.state
        self.problems = source.builder.plan.problems
        self.title = columns.title
        self.width = len(table.header) + 1  # rows are padded; a missing column reads the pad
        self.at = {c.key: columns.index.get(c.key, self.width - 1) for c in ATTENDEES.columns}
        self.given = [(self.at[c], f) for c, f in _FIELD_OF_COLUMN.items() if columns.has(c)]
        self.given_at = [i for i, _ in self.given]
        self.provided: dict[tuple[bool, ...], frozenset[str]] = {}
        self.name_key = "name" if columns.has("name") else "first_name"
        self.first_email: dict[str, int] = {}
        self.first_serial: dict[str, int] = {}
        serial_at = self.at["badge_serial"]
        reserved = {cells[serial_at] for _, cells in table.rows if len(cells) > serial_at}
        self.serials = SerialAllocator(self.state, reserved - {""})

    def bad(self, where: Location, key: str, message: str, hint: str, value: str = "") -> None:
        self.source.problem(where, message, field=self.title(key), value=value, hint=hint)

    def fields(self, cells: list[str]) -> frozenset[str]:
        """The fields this row gives: only cells that hold something (empty keeps the stored)."""
        flags = tuple([cells[i] != "" for i in self.given_at])
        found = self.provided.get(flags)
        if found is None:
            names = {"name"} | {f for (_, f), flag in zip(self.given, flags, strict=True) if flag}
            found = self.provided[flags] = frozenset(names)
        return found

    def row(self, number: int, cells: list[str]) -> None:
        at, state = self.at, self.state
        if len(cells) < self.width:
            cells = cells + [""] * (self.width - len(cells))
        where = Location(self.source.name, number)
        before = len(self.problems)
        name = cells[at["name"]] or " ".join(
            p for p in (cells[at["first_name"]], cells[at["last_name"]]) if p
        )
        if not name:
            self.bad(where, self.name_key, "the name is empty", "every attendee needs a name")
        email, serial = cells[at["email"]], cells[at["badge_serial"]]
        key = email_key(email) if email else ""
        self._check_keys(where, number, email, key, serial)
        category_text = cells[at["category"]]
        category = attendee_category(category_text) if category_text else None
        if category_text and category is None:
            self.bad(
                where,
                "category",
                f"{quote(category_text)} is not an attendee category",
                f"use one of {CATEGORY_NAMES}",
                category_text,
            )
        roles = self._roles(where, cells[at["roles"]])
        by_email = state.attendees_by_email.get(key) if key else None
        by_serial = state.attendees_by_serial.get(serial) if serial else None
        if by_email and by_serial and by_email != by_serial:
            owner = state.attendees[by_email].record
            self.bad(
                where,
                "email",
                f"{quote(email)} already belongs to {owner.name} "
                f"(badge {owner.badge_serial}), but badge {quote(serial)} is someone else's",
                "correct the email or the badge serial",
                email,
            )
        ref = by_email or by_serial
        existing = state.attendees[ref].record if ref else None
        if existing is not None and serial and existing.badge_serial != serial and not by_serial:
            self.bad(
                where,
                "badge_serial",
                f"{existing.name} already has badge {existing.badge_serial}, not {quote(serial)}",
                "badge serials never change: leave the cell empty or correct it",
                serial,
            )
        if len(self.problems) != before:
            return
        if existing is not None:
            if existing.email and email_key(existing.email) == key:
                email = existing.email  # the same address, perhaps in other capitals: keep it
            serial = existing.badge_serial
        record = AttendeeRecord(
            name=name,
            email=email or (existing.email if existing else None),
            affiliation=cells[at["affiliation"]],
            category=category or (existing.category if existing else AttendeeCategory.ACADEMIC),
            roles=roles,
            badge_serial=serial or self.serials.next(),
            staff_note=cells[at["staff_note"]],
        )
        self.source.builder.attendee(record, where, self.fields(cells), ref)

    def _check_keys(self, where: Location, number: int, email: str, key: str, serial: str) -> None:
        if email and not is_email(email):
            self.bad(
                where,
                "email",
                f"{quote(email)} is not an e-mail address",
                "check for a missing @ or a space",
                email,
            )
        elif key in self.first_email:
            self.bad(
                where,
                "email",
                f"{quote(email)} also appears on row {self.first_email[key]}",
                "each attendee needs their own email: merge the two rows or correct one",
                email,
            )
        elif key:
            self.first_email[key] = number
        if serial in self.first_serial:
            self.bad(
                where,
                "badge_serial",
                f"badge {quote(serial)} also appears on row {self.first_serial[serial]}",
                "each attendee has their own badge serial",
                serial,
            )
        elif serial:
            self.first_serial[serial] = number
        if not email and not serial:
            self.bad(
                where,
                "email",
                "the row has neither an email nor a badge serial",
                "add the attendee's email so a later re-import finds them again",
            )

    def _roles(self, where: Location, text: str) -> tuple[str, ...]:
        if not text:
            return ()
        roles: list[str] = []
        for word in split_list(text):
            role = person_role(word)
            if role is None:
                self.bad(where, "roles", f"{quote(word)} is not a role", f"use {ROLE_NAMES}", word)
            elif role.value not in roles:
                roles.append(role.value)
        return tuple(roles)


def plan_attendees(table: CsvTable, source: Source) -> None:
    columns = csv_columns(table, source, ATTENDEES)
    if columns is None or not source.require_event():
        return
    reader = _AttendeeRows(table, columns, source)
    total = len(table.rows)
    step = source.reporter.step
    phase = f"Reading {source.name}"
    for count, (number, cells) in enumerate(table.rows):
        step(phase, count, total)
        reader.row(number, cells)


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
    title = columns.title
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
                field=title("mentor"),
                hint="give the mentor's name",
            )
            continue
        mentee, why = _find_attendee(state, mentee_name, mentee_email)
        if mentee is None:
            key = "mentee_email" if mentee_email else "mentee"
            source.problem(
                where,
                why,
                field=title(key),
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
                field=title(slot_key),
                value=slot_text,
                hint="mentorship meetings happen in breaks: give one of "
                + (", ".join(breaks[:6]) or "the breaks (none yet)"),
            )
            continue
        if shared_name(source, mentor_name, where, title("mentor")):
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
                field=title("mentee"),
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
