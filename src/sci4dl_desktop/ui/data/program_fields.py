"""The fields of sessions and posters, read with the import's own parsers.

Times are typed as in the CSV files ("13:30", "1:30 PM") and read as wall-clock times
in the event's time zone on the chosen day (`io.timeparse`), so a time that does not
exist on that day (clocks jumping forward) is refused with the import's message.
Speakers and authors are names separated by ';' or ' and ', as in the CSV files.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time

from PySide6.QtWidgets import QCheckBox, QComboBox

from sci4dl_desktop.domain.text import fold
from sci4dl_desktop.io.edit_check import DRAFT_UID, EditRecord
from sci4dl_desktop.io.problems import Location, Problem, quote
from sci4dl_desktop.io.records import PosterRecord, SessionRecord
from sci4dl_desktop.io.source import author_records
from sci4dl_desktop.io.timeparse import (
    ClockTime,
    TimeError,
    end_before_start_hint,
    localize,
    parse_clock,
    parse_moment,
)
from sci4dl_desktop.io.values import name_and_affiliation, split_list, split_people
from sci4dl_desktop.store.enums import SessionKind
from sci4dl_desktop.ui.data.form import RecordForm, line_field, text_block, text_of
from sci4dl_desktop.ui.data.rows import PageData

TALK_KINDS = (SessionKind.INVITED_TALK, SessionKind.CONTRIBUTED_TALK, SessionKind.PANEL)


def utc_offset(day: date, data: PageData) -> str:
    """The event zone's offset on a day, as 'UTC−03:00'."""
    offset = datetime.combine(day, time(12), data.zone).strftime("%z")
    sign = "−" if offset.startswith("-") else "+"
    return f"UTC{sign}{offset[1:3]}:{offset[3:]}"


class SessionFields:
    entity = "sessions"

    def __init__(self, data: PageData, before: SessionRecord | None = None) -> None:
        self.data = data
        self.before = before
        self.where = Location("this session")

    def build(self, form: RecordForm) -> None:
        data = self.data
        self.form = form
        self.title = line_field(form, "title", "&Title *")
        self.kind = QComboBox(form)
        for kind in SessionKind:
            self.kind.addItem(kind.label, kind.value)
        form.add_field("kind", "&Kind", self.kind)
        self.day = QComboBox(form)
        days = data.days()
        if self.before is not None:
            own = self.before.start_at.astimezone(data.zone).date()
            if own not in days:
                days = sorted({*days, own})
        for day in days:
            self.day.addItem(f"{day:%A %d %B %Y}", day.isoformat())
        zone = data.zone.key
        form.add_field("day", "&Day", self.day, f"Times are local times in {zone}.")
        self.start = line_field(form, "start_at", "&Start *", "13:30 or 1:30 PM")
        self.end = line_field(
            form,
            "end_at",
            "&End *",
            "14:15 or 2:15 PM",
            "A time on the same day, or a date and time for after midnight (2026-04-27 01:00).",
        )
        self.room = QComboBox(form)
        self.room.setEditable(True)
        self.room.addItem("")
        rooms = sorted(data.state.rooms.values(), key=lambda e: (e.record.position, e.record.name))
        for entry in rooms:
            self.room.addItem(entry.record.name)
        form.add_field("room", "&Room", self.room, "Choose a room, or type a new one.")
        self.speakers = line_field(
            form,
            "speakers",
            "S&peakers",
            "Ana Silva; Bo Li",
            "People from the People tab, separated by ';' or ' and '.",
        )
        self.subtitle = line_field(form, "subtitle", "Su&btitle")
        self.track = line_field(form, "track", "Trac&k")
        self.url = line_field(form, "url", "&Web page", "https://…")
        self.abstract = text_block(form, "abstract", "&Abstract")
        self.notes = text_block(form, "notes", "&Notes")
        self.day.currentIndexChanged.connect(lambda _i: self._show_zone())
        self._show_zone()

    def _show_zone(self) -> None:
        note = self.form.note("day")
        day = self.chosen_day()
        if note is not None and day is not None:
            offset = utc_offset(day, self.data)
            note.setText(f"Times are local times in {self.data.zone.key} ({offset} on this day).")

    def chosen_day(self) -> date | None:
        value = self.day.currentData()
        return date.fromisoformat(value) if isinstance(value, str) else None

    def load(self, record: EditRecord) -> None:
        assert isinstance(record, SessionRecord)
        zone = self.data.zone
        start, end = record.start_at.astimezone(zone), record.end_at.astimezone(zone)
        self.title.setText(record.title)
        self.kind.setCurrentIndex(self.kind.findData(record.kind.value))
        self.day.setCurrentIndex(self.day.findData(start.date().isoformat()))
        self.start.setText(f"{start:%H:%M}")
        self.end.setText(f"{end:%H:%M}" if end.date() == start.date() else f"{end:%Y-%m-%d %H:%M}")
        self.room.setCurrentText(record.room or "")
        self.speakers.setText("; ".join(self.data.state.person_name(p) for p in record.speakers))
        self.subtitle.setText(record.subtitle)
        self.track.setText(record.track)
        self.url.setText(record.url)
        self.abstract.setPlainText(record.abstract)
        self.notes.setPlainText(record.notes)

    def _times(self, problems: list[Problem]) -> tuple[datetime, datetime] | None:
        day = self.chosen_day()
        assert day is not None
        zone = self.data.zone
        start_text, end_text = text_of(self.start), text_of(self.end)
        start_at = end_at = None
        start_clock: ClockTime | None = None
        end_clock: ClockTime | None = None
        try:
            start_clock = parse_clock(start_text)
            start_at = localize(day, start_clock.value, zone)
        except TimeError as exc:
            problems.append(Problem(self.where, exc.message, "start_at", start_text, exc.hint))
        try:
            end_day, end_clock, instant = parse_moment(end_text)
            if instant is not None:
                end_at = instant
            else:
                assert end_clock is not None
                end_at = localize(end_day or day, end_clock.value, zone)
        except TimeError as exc:
            problems.append(Problem(self.where, exc.message, "end_at", end_text, exc.hint))
        if start_at is None or end_at is None:
            return None
        if end_at <= start_at and start_clock is not None and end_clock is not None:
            problems.append(
                Problem(
                    self.where,
                    f"{quote(end_text)} is {'before' if end_at < start_at else 'the same as'} "
                    f"start {quote(start_text)}",
                    "end_at",
                    end_text,
                    end_before_start_hint(start_clock, end_clock),
                )
            )
        return start_at, end_at

    def _speaker_refs(self, problems: list[Problem]) -> tuple[str, ...]:
        text = text_of(self.speakers)
        refs = []
        for name in split_people(text):
            found = self.data.state.people_by_name.get(fold(name), [])
            if len(found) == 1:
                refs.append(found[0])
            elif not found:
                problems.append(
                    Problem(
                        self.where,
                        f"nobody called {quote(name)} is on the People tab",
                        "speakers",
                        name,
                        "correct the name, or add the person on the People tab first",
                    )
                )
            else:
                problems.append(
                    Problem(
                        self.where,
                        f"{len(found)} people are called {quote(name)}",
                        "speakers",
                        name,
                        "rename one of them on the People tab",
                    )
                )
        return tuple(refs)

    def read(self) -> tuple[EditRecord | None, list[Problem]]:
        problems: list[Problem] = []
        times = self._times(problems)
        speakers = self._speaker_refs(problems)
        room = self.room.currentText().strip()
        note = self.form.note("room")
        if note is not None:
            new_room = room and self.data.state.room(room) is None
            note.setText(
                f"A new room {quote(room)} will be added."
                if new_room
                else "Choose a room, or type a new one."
            )
        if times is None:
            return None, problems
        record = SessionRecord(
            uid=self.before.uid if self.before else DRAFT_UID,
            title=text_of(self.title),
            kind=SessionKind(self.kind.currentData()),
            start_at=times[0],
            end_at=times[1],
            room=room or None,
            subtitle=text_of(self.subtitle),
            abstract=text_of(self.abstract),
            notes=text_of(self.notes),
            track=text_of(self.track),
            url=text_of(self.url),
            speakers=speakers,
            sequence=self.before.sequence if self.before else 0,
        )
        return record, problems


class PosterFields:
    entity = "posters"

    def __init__(self, data: PageData, before: PosterRecord | None = None) -> None:
        self.data = data
        self.before = before
        self.where = Location("this poster")

    def _sessions(
        self, box: QComboBox, none: str, kinds: tuple[SessionKind, ...], own: str | None
    ) -> None:
        box.addItem(none, None)
        listed = self.data.sessions_of(*kinds)
        if own is not None and own not in {uid for uid, _ in listed}:
            listed.append((own, self.data.state.session_label(own)))
        for uid, label in listed:
            box.addItem(label, uid)

    def build(self, form: RecordForm) -> None:
        self.form = form
        before = self.before
        self.title = line_field(form, "title", "&Title *")
        self.authors = line_field(
            form,
            "authors",
            "&Authors",
            "Ana Silva (Universidade de São Paulo); Bo Li",
            "Separated by ';' or ' and '; an affiliation may follow in brackets.",
        )
        self.poster_session = QComboBox(form)
        self._sessions(
            self.poster_session,
            "(no poster session yet)",
            (SessionKind.POSTER_SESSION,),
            before.poster_session if before else None,
        )
        form.add_field("poster_session", "&Poster session", self.poster_session)
        self.board = line_field(form, "board", "&Board", "12", " ")
        self.remote = QCheckBox("Presented &remotely", form)
        form.add_field("presented_remotely", "", self.remote)
        self.challenge = QCheckBox("Novel Phenomenon &Challenge entry", form)
        form.add_field("challenge_entry", "", self.challenge)
        self.talk = QComboBox(form)
        self._sessions(self.talk, "(no talk)", TALK_KINDS, before.talk_session if before else None)
        form.add_field(
            "talk_session", "Ta&lk", self.talk, "The talk in which the poster is also presented."
        )
        self.keywords = line_field(form, "keywords", "&Keywords", "scaling laws; grokking")
        self.abstract = text_block(form, "abstract", "Abst&ract")
        self.url = line_field(form, "url", "&Web page", "https://…")
        self.forum = line_field(form, "external_id", "OpenReview &forum", "a1B2c3D4e5")
        self.poster_session.currentIndexChanged.connect(lambda _i: self._show_free_board())
        self._show_free_board()

    def _show_free_board(self) -> None:
        note = self.form.note("board")
        uid = self.poster_session.currentData()
        if note is None:
            return
        if uid is None:
            note.setText("Boards are numbered within a poster session: choose the session first.")
            return
        own = self.before.uid if self.before else None
        taken = {
            e.record.board
            for e in self.data.state.posters.values()
            if e.record.poster_session == uid and e.record.uid != own and e.record.board
        }
        free = next(n for n in range(1, len(taken) + 2) if n not in taken)
        note.setText(f"Unique within the poster session; the first free board is {free}.")

    def load(self, record: EditRecord) -> None:
        assert isinstance(record, PosterRecord)
        self.title.setText(record.title)
        self.authors.setText(
            "; ".join(
                f"{a.name} ({a.affiliation})" if a.affiliation else a.name for a in record.authors
            )
        )
        self.poster_session.setCurrentIndex(
            max(0, self.poster_session.findData(record.poster_session))
        )
        self.board.setText("" if record.board is None else str(record.board))
        self.remote.setChecked(record.presented_remotely)
        self.challenge.setChecked(record.challenge_entry)
        self.talk.setCurrentIndex(max(0, self.talk.findData(record.talk_session)))
        self.keywords.setText("; ".join(record.keywords))
        self.abstract.setPlainText(record.abstract)
        self.url.setText(record.url)
        self.forum.setText(record.external_id or "")

    def read(self) -> tuple[EditRecord | None, list[Problem]]:
        problems: list[Problem] = []
        board_text = text_of(self.board)
        board: int | None = None
        if board_text:
            try:
                board = int(board_text)
            except ValueError:
                problems.append(
                    Problem(
                        self.where,
                        f"{quote(board_text)} is not a board number",
                        "board",
                        board_text,
                        "give a whole number, like 12, or leave it empty",
                    )
                )
        authors = [name_and_affiliation(n) for n in split_people(text_of(self.authors))]
        base = self.before or PosterRecord(uid=DRAFT_UID, title="")
        record = replace(
            base,
            title=text_of(self.title),
            authors=author_records(self.before, authors),
            poster_session=self.poster_session.currentData(),
            board=board,
            presented_remotely=self.remote.isChecked(),
            challenge_entry=self.challenge.isChecked(),
            talk_session=self.talk.currentData(),
            keywords=tuple(split_list(text_of(self.keywords))),
            abstract=text_of(self.abstract),
            url=text_of(self.url),
            external_id=text_of(self.forum) or None,
        )
        return record, problems


__all__ = ["PosterFields", "SessionFields", "utc_offset"]
