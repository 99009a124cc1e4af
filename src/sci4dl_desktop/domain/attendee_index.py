"""An in-memory, accent-insensitive search index over attendees, fast enough per keystroke.

Results come in tiers, best first, each tier in name order:

1. the badge serial equals the query;
2. the name starts with the query;
3. every query term starts a word of the name;
4. the name contains every term;
5. the name, email, affiliation and serial together contain every term.

Entries are kept sorted by folded name, so walking any tier in index order yields
names in order and a tier can stop as soon as the result list is full. Tier 2 and
3 are bisections in sorted lists; tiers 4 and 5 look the longest term up with
`str.find` over one joined string (a C loop), mapping hits back by bisection. A
query that matches most of 50,000 attendees therefore costs about as much as one
that matches a handful.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sci4dl_desktop.domain.text import fold, fold_terms, matches
from sci4dl_desktop.store.enums import AttendeeCategory

_SEPARATOR = "\n"  # never inside a folded field: fields are single-line after folding
_PREFIX_END = "\U0010ffff"


@dataclass(frozen=True)
class IndexedAttendee:
    id: int
    name: str
    email: str | None
    affiliation: str
    category: AttendeeCategory
    badge_serial: str
    badge_revision: int


def _single_line(text: str) -> str:
    return " ".join(fold(text).split())


def haystack(entry: IndexedAttendee) -> str:
    """The folded text a query is matched against: name, email, affiliation, serial."""
    fields = (entry.name, entry.email or "", entry.affiliation, entry.badge_serial)
    return " | ".join(_single_line(field) for field in fields)


class _Blob:
    """Many texts joined into one string, searchable with str.find, hits mapped back."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.starts: list[int] = []
        offset = 0
        for text in texts:
            self.starts.append(offset)
            offset += len(text) + len(_SEPARATOR)
        self.text = _SEPARATOR.join(texts) + _SEPARATOR

    def hits(self, term: str) -> Iterator[int]:
        """Indices of the texts containing `term`, in index order, each once."""
        text, starts = self.text, self.starts
        position = text.find(term)
        while position >= 0:
            index = bisect_right(starts, position) - 1
            yield index
            following = index + 1
            if following >= len(starts):
                return
            position = text.find(term, starts[following])


class AttendeeIndex:
    """An immutable index; build a new one (or use `with_entry`) when attendees change."""

    def __init__(self, entries: Iterable[IndexedAttendee]) -> None:
        keyed = sorted(((_single_line(e.name), e.id, e) for e in entries), key=lambda k: k[:2])
        self._entries = [e for _, _, e in keyed]
        self._names = [name for name, _, _ in keyed]
        self._serials: dict[str, list[int]] = {}
        words: list[tuple[str, int]] = []
        for index, (name, _, entry) in enumerate(keyed):
            self._serials.setdefault(_single_line(entry.badge_serial), []).append(index)
            words.extend((word, index) for word in set(name.split()))
        words.sort()
        self._words = [w for w, _ in words]
        self._word_owner = [i for _, i in words]
        self._name_blob = _Blob(self._names)
        self._all_blob = _Blob([haystack(e) for e in self._entries])

    def __len__(self) -> int:
        return len(self._entries)

    def with_entry(self, entry: IndexedAttendee) -> AttendeeIndex:
        """A new index with this attendee added, or replaced if the id is already present."""
        kept = [e for e in self._entries if e.id != entry.id]
        return AttendeeIndex([*kept, entry])

    # -- tiers ---------------------------------------------------------------------------

    def _name_prefix(self, query: str) -> Iterator[int]:
        start = bisect_left(self._names, query)
        end = bisect_right(self._names, query + _PREFIX_END)
        return iter(range(start, end))

    def _word_range(self, term: str) -> range:
        return range(bisect_left(self._words, term), bisect_right(self._words, term + _PREFIX_END))

    def _word_prefixes(self, terms: list[str]) -> Iterator[int]:
        ranges = [self._word_range(t) for t in terms]
        narrowest = min(ranges, key=len)
        owners = sorted({self._word_owner[i] for i in narrowest})
        for index in owners:
            words = self._names[index].split()
            if all(any(w.startswith(t) for w in words) for t in terms):
                yield index

    def _contains(self, blob: _Blob, terms: list[str]) -> Iterator[int]:
        longest = max(terms, key=len)
        others = [t for t in terms if t is not longest]
        for index in blob.hits(longest):
            if not others or matches(blob.texts[index], others):
                yield index

    def _tiers(self, terms: list[str]) -> Iterator[Iterable[int]]:
        query = " ".join(terms)
        yield self._serials.get(query, ())
        yield self._name_prefix(query)
        yield self._word_prefixes(terms)
        yield self._contains(self._name_blob, terms)
        yield self._contains(self._all_blob, terms)

    # -- searching -----------------------------------------------------------------------

    def search(self, query: str, limit: int = 50) -> list[IndexedAttendee]:
        """Attendees whose name, email, affiliation or serial contain every term of the query,
        best matches first (exact serial, then name matches), at most `limit`."""
        terms = fold_terms(query)
        if not terms or limit <= 0:
            return []
        found: list[int] = []
        seen: set[int] = set()
        for tier in self._tiers(terms):
            for index in tier:
                if index not in seen:
                    seen.add(index)
                    found.append(index)
                    if len(found) >= limit:
                        return [self._entries[i] for i in found]
        return [self._entries[i] for i in found]

    def count_matches(self, query: str) -> int:
        """How many attendees match (all of them, not only the first `limit`)."""
        terms = fold_terms(query)
        if not terms:
            return 0
        return sum(1 for _ in self._contains(self._all_blob, terms))


__all__ = ["AttendeeIndex", "IndexedAttendee", "haystack"]
