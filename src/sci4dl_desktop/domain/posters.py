"""The posters of the event as plain values: loading, folded search, filters and sort keys.

Everything here is Qt-free. `load_posters` reads every poster in a fixed handful of
queries and folds each poster's searchable text once, so a search as the user types
is a plain substring test per poster and never touches the database.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import IntEnum
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession

from sci4dl_desktop.domain.event_info import (
    Slot,
    first_event,
    is_multi_day,
    session_slots,
    slot_when,
)
from sci4dl_desktop.domain.program import Speaker
from sci4dl_desktop.domain.text import fold, fold_terms
from sci4dl_desktop.store.models import Poster, PosterAuthor

NO_SESSION = -1  # the session filter value for posters not assigned to any poster session


class PosterError(Exception):
    """The posters cannot be read; the message says what is wrong and what to do."""


# An author is shown like a speaker: "Name (Affiliation)".
AuthorLine = Speaker


@dataclass(frozen=True, slots=True)
class PosterRow:
    """One poster with everything the table and the detail pane show."""

    id: int
    uid: str
    title: str
    abstract: str
    keywords: tuple[str, ...]
    authors: tuple[AuthorLine, ...]
    board: int | None
    session: Slot | None
    talk: Slot | None
    presented_remotely: bool
    challenge_entry: bool
    url: str
    external_id: str | None
    haystack: str  # title, authors, keywords and abstract, folded once

    @property
    def author_names(self) -> str:
        return ", ".join(a.name for a in self.authors)

    @property
    def keyword_text(self) -> str:
        return ", ".join(self.keywords)

    @property
    def board_label(self) -> str:
        return str(self.board) if self.board is not None else "–"

    @property
    def session_title(self) -> str:
        return self.session.title if self.session is not None else "No poster session"

    @property
    def link_label(self) -> str:
        """'OpenReview' for an OpenReview forum, otherwise the link's host."""
        host = urlsplit(self.url).hostname or ""
        if host == "openreview.net" or host.endswith(".openreview.net"):
            return "OpenReview"
        return host.removeprefix("www.") or self.url


@dataclass(frozen=True)
class PosterCatalog:
    """All posters of the event, the poster sessions in time order, and the keywords in use."""

    rows: tuple[PosterRow, ...]
    sessions: tuple[Slot, ...]
    keywords: tuple[str, ...]
    zone: ZoneInfo
    multi_day: bool = False
    _by_id: dict[int, PosterRow] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {r.id: r for r in self.rows})

    def when(self, slot: Slot) -> str:
        return slot_when(slot, self.zone, multi_day=self.multi_day)

    def row(self, poster_id: int) -> PosterRow | None:
        return self._by_id.get(poster_id)

    @property
    def has_unassigned(self) -> bool:
        return any(r.session is None for r in self.rows)


def searchable_text(
    title: str, authors: Sequence[str], keywords: Sequence[str], abstract: str
) -> str:
    """What a poster search looks at, folded: title, authors, keywords and abstract."""
    return fold("\n".join((title, "\n".join(authors), "\n".join(keywords), abstract)))


def load_posters(session: OrmSession) -> PosterCatalog:
    """Read every poster of the event in four queries, whatever their number."""
    event, zone = first_event(session, PosterError)
    posters = session.scalars(
        select(Poster).where(Poster.event_id == event.id).order_by(Poster.id)
    ).all()
    slots = session_slots(session, event.id)
    authors: dict[int, list[AuthorLine]] = {}
    for poster_id, name, affiliation in session.execute(
        select(PosterAuthor.poster_id, PosterAuthor.name, PosterAuthor.affiliation)
        .join(Poster, Poster.id == PosterAuthor.poster_id)
        .where(Poster.event_id == event.id)
        .order_by(PosterAuthor.poster_id, PosterAuthor.position)
    ).all():
        authors.setdefault(poster_id, []).append(AuthorLine(name, affiliation or ""))
    rows = tuple(_row(p, tuple(authors.get(p.id, ())), slots) for p in posters)
    used_sessions = {r.session.id: r.session for r in rows if r.session is not None}
    return PosterCatalog(
        rows=rows,
        sessions=tuple(sorted(used_sessions.values(), key=lambda s: (s.start, s.title, s.id))),
        keywords=tuple(sorted({k for r in rows for k in r.keywords}, key=lambda k: (fold(k), k))),
        zone=zone,
        multi_day=is_multi_day(event),
    )


def _row(poster: Poster, authors: tuple[AuthorLine, ...], slots: dict[int, Slot]) -> PosterRow:
    keywords = tuple(str(k) for k in (poster.keywords or ()) if str(k).strip())
    return PosterRow(
        id=poster.id,
        uid=poster.uid,
        title=poster.title,
        abstract=poster.abstract or "",
        keywords=keywords,
        authors=authors,
        board=poster.board,
        session=slots.get(poster.poster_session_id) if poster.poster_session_id else None,
        talk=slots.get(poster.talk_session_id) if poster.talk_session_id else None,
        presented_remotely=poster.presented_remotely,
        challenge_entry=poster.challenge_entry,
        url=poster.url or "",
        external_id=poster.external_id,
        haystack=searchable_text(
            poster.title, [a.name for a in authors], keywords, poster.abstract or ""
        ),
    )


# -- filtering ------------------------------------------------------------------------


@dataclass(frozen=True)
class PosterFilter:
    """What the user asked for: search text, a poster session, a keyword (None means all)."""

    text: str = ""
    session_id: int | None = None  # a session id, NO_SESSION, or None for every session
    keyword: str | None = None

    @property
    def terms(self) -> tuple[str, ...]:
        return tuple(fold_terms(self.text))

    @property
    def is_empty(self) -> bool:
        return not self.terms and self.session_id is None and self.keyword is None

    def accepts(self, row: PosterRow) -> bool:
        return self.predicate()(row)

    def predicate(self) -> Callable[[PosterRow], bool]:
        """A fast test for one row, with the query folded once up front."""
        terms = self.terms
        session_id, keyword = self.session_id, self.keyword

        def accepts(row: PosterRow) -> bool:
            if session_id is not None:
                row_session = row.session.id if row.session is not None else NO_SESSION
                if row_session != session_id:
                    return False
            if keyword is not None and keyword not in row.keywords:
                return False
            haystack = row.haystack
            return all(term in haystack for term in terms)

        return accepts

    def narrows(self, previous: PosterFilter) -> bool:
        """True when every row this filter accepts was accepted by `previous` too.

        Holds when only the text changed and each previous term is contained in a term
        now (typing more letters); then only the previously accepted rows need a test.
        """
        if (self.session_id, self.keyword) != (previous.session_id, previous.keyword):
            return False
        now = self.terms
        return all(any(old in new for new in now) for old in previous.terms)


class PosterIndex:
    """The searchable columns of many posters, for filtering them all in a few passes.

    One list comprehension per condition (session, keyword, each search term) over
    plain lists is several times faster than calling a predicate per poster, which
    matters when the filter runs on every keystroke over thousands of posters.
    """

    def __init__(self, rows: Sequence[PosterRow]) -> None:
        self.haystacks = [r.haystack for r in rows]
        self.session_ids = [r.session.id if r.session is not None else NO_SESSION for r in rows]
        self.keywords = [frozenset(r.keywords) for r in rows]

    def __len__(self) -> int:
        return len(self.haystacks)

    def mask(self, flt: PosterFilter, within: Sequence[bool] | None = None) -> list[bool]:
        """For each poster, whether the filter accepts it (testing only those `within`)."""
        mask = list(within) if within is not None else [True] * len(self.haystacks)
        if flt.session_id is not None:
            wanted = flt.session_id
            mask = [m and s == wanted for m, s in zip(mask, self.session_ids, strict=True)]
        if flt.keyword is not None:
            keyword = flt.keyword
            mask = [m and keyword in k for m, k in zip(mask, self.keywords, strict=True)]
        for term in flt.terms:
            mask = [m and term in h for m, h in zip(mask, self.haystacks, strict=True)]
        return mask


def search(rows: Sequence[PosterRow], flt: PosterFilter) -> list[PosterRow]:
    accepts = flt.predicate()
    return [row for row in rows if accepts(row)]


# -- sorting --------------------------------------------------------------------------


class PosterColumn(IntEnum):
    TITLE = 0
    AUTHORS = 1
    KEYWORDS = 2
    BOARD = 3
    SESSION = 4

    @property
    def header(self) -> str:
        return _HEADERS[self]


_HEADERS = {
    PosterColumn.TITLE: "Title",
    PosterColumn.AUTHORS: "Authors",
    PosterColumn.KEYWORDS: "Keywords",
    PosterColumn.BOARD: "Board",
    PosterColumn.SESSION: "Session",
}

_LATEST = datetime.max.replace(tzinfo=ZoneInfo("UTC"))


def _session_key(row: PosterRow) -> tuple[bool, datetime, str]:
    if row.session is None:
        return (True, _LATEST, "")
    return (False, row.session.start, fold(row.session.title))


def sort_key(column: PosterColumn) -> Callable[[PosterRow], Any]:
    """The key that orders rows by a column: text folded, boards as numbers, sessions by time.

    Rows without a board or session come last; ties fall back to session, board and id,
    so an order is always the same.
    """

    def board(row: PosterRow) -> tuple[bool, int]:
        return (row.board is None, row.board or 0)

    def tail(row: PosterRow) -> tuple[Any, ...]:
        return (*_session_key(row), *board(row), row.id)

    keys: dict[PosterColumn, Callable[[PosterRow], Any]] = {
        PosterColumn.TITLE: lambda r: (fold(r.title), tail(r)),
        PosterColumn.AUTHORS: lambda r: (fold(r.author_names), tail(r)),
        PosterColumn.KEYWORDS: lambda r: (fold(r.keyword_text), tail(r)),
        PosterColumn.BOARD: lambda r: (*board(r), *_session_key(r), r.id),
        PosterColumn.SESSION: lambda r: (*_session_key(r), *board(r), r.id),
    }
    return keys[column]


def sort_keys(rows: Sequence[PosterRow], column: PosterColumn) -> list[Any]:
    """Each row's key for a column, computed once and reused by every sort on that column."""
    key = sort_key(column)
    return [key(row) for row in rows]


def sorted_order(keys: Sequence[Any], descending: bool) -> list[int]:
    """Row indexes in the order of their keys (a stable sort)."""
    return sorted(range(len(keys)), key=keys.__getitem__, reverse=descending)


__all__ = [
    "NO_SESSION",
    "AuthorLine",
    "PosterCatalog",
    "PosterColumn",
    "PosterError",
    "PosterFilter",
    "PosterIndex",
    "PosterRow",
    "Slot",
    "load_posters",
    "search",
    "searchable_text",
    "slot_when",
    "sort_key",
    "sort_keys",
    "sorted_order",
]
