"""Reading the values people write in cells: kinds, categories, roles, people, yes/no."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import TypeVar

from sci4dl_desktop.domain.text import fold
from sci4dl_desktop.store.enums import AttendeeCategory, PersonRole, SessionKind

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_BRACKETED = re.compile(r"^(?P<name>.*?)\s*\((?P<aff>[^()]*)\)$")
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)

V = TypeVar("V")
_NO_LETTER_BEFORE = r"(?<![^\W\d_])"
_NO_LETTER_AFTER = r"(?![^\W\d_])"


def word_pattern(*words: str) -> re.Pattern[str]:
    """Find any of the words in folded text, as whole words or with a plural ending.

    'poster' finds 'Poster session' and 'posters' but not 'posterior'; 'party' finds
    'parties'; a word written '*break' also ends a compound ('Lunchbreak', and '*pause'
    'Kaffeepause').
    """
    alternatives = []
    for word in words:
        stem = word.lstrip("*")
        forms = re.escape(stem) + "(?:e?s)?"
        if stem.endswith("y"):
            forms = f"(?:{forms}|{re.escape(stem[:-1])}ies)"
        alternatives.append(("" if word.startswith("*") else _NO_LETTER_BEFORE) + forms)
    return re.compile("(?:" + "|".join(alternatives) + ")" + _NO_LETTER_AFTER)


def _table(*rows: tuple[V, tuple[str, ...]]) -> tuple[tuple[V, re.Pattern[str]], ...]:
    return tuple((value, word_pattern(*words)) for value, words in rows)


# Folded words that decide a session kind, tried in this order.
_KIND_WORDS = _table(
    (SessionKind.POSTER_SESSION, ("poster",)),
    (SessionKind.INVITED_TALK, ("invited", "keynote", "plenary")),
    (SessionKind.AWARD, ("award", "prize", "ceremony", "winner")),
    (SessionKind.PANEL, ("panel", "discussion", "debate", "fireside", "q&a")),
    (SessionKind.BREAK, ("*break", "coffee", "lunch", "*pause", "tea")),
    (SessionKind.SOCIAL, ("social", "reception", "party", "dinner", "networking", "mixer")),
    (
        SessionKind.CONTRIBUTED_TALK,
        ("contributed", "oral", "spotlight", "talk", "lecture", "presentation"),
    ),
    (
        SessionKind.OTHER,
        ("other", "opening", "closing", "welcome", "workshop", "hands-on", "meeting", "tutorial"),
    ),
)

_CATEGORY_WORDS = _table(
    (AttendeeCategory.REMOTE, ("remote", "online", "virtual")),
    (
        AttendeeCategory.ORGANIZER,
        ("organizer", "organiser", "organizing", "organising", "staff", "volunteer"),
    ),
    (AttendeeCategory.SPEAKER, ("speaker", "panelist", "panellist", "presenter")),
    (
        AttendeeCategory.STUDENT,
        ("student", "phd", "msc", "master", "bachelor", "undergrad", "undergraduate", "graduate"),
    ),
    (
        AttendeeCategory.ACADEMIC,
        (
            "academic",
            "academia",
            "faculty",
            "professor",
            "postdoc",
            "researcher",
            "university",
            "lecturer",
            "scientist",
        ),
    ),
    (
        AttendeeCategory.INDUSTRY,
        (
            "industry",
            "company",
            "corporate",
            "professional",
            "commercial",
            "engineer",
            "engineering",
        ),
    ),
)

_ROLE_WORDS = _table(
    (PersonRole.INVITED_SPEAKER, ("invited", "keynote")),
    (PersonRole.CONTRIBUTED_SPEAKER, ("contributed", "oral")),
    (PersonRole.PANELIST, ("panel", "panelist", "panellist")),
    (PersonRole.MENTOR, ("mentor",)),
    (PersonRole.ORGANIZER, ("organizer", "organiser", "organizing", "organising")),
    (PersonRole.CHAIR, ("chair", "chairperson")),
)

KIND_NAMES = ", ".join(k.label.lower() for k in SessionKind)
CATEGORY_NAMES = ", ".join(c.value for c in AttendeeCategory)
ROLE_NAMES = ", ".join(r.label.lower() for r in PersonRole)

# The person role a speaker of each session kind has.
SPEAKER_ROLE: dict[SessionKind, PersonRole] = {
    SessionKind.INVITED_TALK: PersonRole.INVITED_SPEAKER,
    SessionKind.CONTRIBUTED_TALK: PersonRole.CONTRIBUTED_SPEAKER,
    SessionKind.PANEL: PersonRole.PANELIST,
}


def _by_words(text: str, table: tuple[tuple[V, re.Pattern[str]], ...]) -> V | None:
    folded = fold(text).replace("_", " ")
    return next((value for value, pattern in table if pattern.search(folded)), None)


@cache
def session_kind(text: str) -> SessionKind | None:
    """The kind a type name means ('Keynote' -> invited talk), or None if unknown."""
    return _by_words(text, _KIND_WORDS)


@cache
def attendee_category(text: str) -> AttendeeCategory | None:
    return _by_words(text, _CATEGORY_WORDS)


@cache
def person_role(text: str) -> PersonRole | None:
    return _by_words(text, _ROLE_WORDS)


def is_email(text: str) -> bool:
    return bool(_EMAIL.match(text))


def split_list(text: str) -> list[str]:
    """Keywords or roles: separated by ';' or ','."""
    return [part.strip() for part in re.split(r"[;,]", text) if part.strip()]


def split_people(text: str) -> list[str]:
    """Names separated by ';' or the word 'and' (not inside brackets): 'Ana Silva and Bo Li'.

    'and' counts only as a word of its own between spaces (also a line break or a no-break
    space), never inside a name such as 'Alexandra Anderson'.
    """
    parts: list[str] = []
    depth, start, i = 0, 0, 0
    while i < len(text):
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            if ch == ";":
                parts.append(text[start:i])
                start = i + 1
            elif ch.isspace() and (found := _AND.match(text, i)):
                parts.append(text[start:i])
                start = i = found.end()
                continue
        i += 1
    parts.append(text[start:])
    return [" ".join(p.split()) for p in parts if p.strip()]


def name_and_affiliation(text: str) -> tuple[str, str]:
    """'Ana Silva (USP)' -> ('Ana Silva', 'USP')."""
    match = _BRACKETED.match(text.strip())
    if match and match["name"]:
        return match["name"].strip(), match["aff"].strip()
    return text.strip(), ""


_TRUE = {"yes", "y", "true", "t", "1", "x", "ja", "oui", "si", "sim"}
_FALSE = {"no", "n", "false", "f", "0", "", "-", "nein", "non", "nao"}


def yes_no(text: str) -> bool | None:
    """True, False, or None when the text is not a yes/no answer."""
    folded = fold(text.strip())
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    return None


def slug(text: str, separator: str = "-") -> str:
    """ASCII letters and digits joined by a separator: 'Poster session 1' -> 'poster-session-1'."""
    plain = unicodedata.normalize("NFKD", fold(text))
    words = re.findall(r"[a-z0-9]+", plain.encode("ascii", "ignore").decode("ascii"))
    return separator.join(words)


__all__ = [
    "CATEGORY_NAMES",
    "KIND_NAMES",
    "ROLE_NAMES",
    "SPEAKER_ROLE",
    "attendee_category",
    "is_email",
    "name_and_affiliation",
    "person_role",
    "session_kind",
    "slug",
    "split_list",
    "split_people",
    "word_pattern",
    "yes_no",
]
