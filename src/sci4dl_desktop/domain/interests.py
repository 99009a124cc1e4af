"""Research interests as free keywords: normalisation, the overlap score, and suggestions.

Two interests are the same when their folded words match ('In-context learning in
Transformers' = 'in context learning in transformer'); related wording still counts a
little, through the Jaccard similarity of the words of both lists.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

from sci4dl_desktop.domain.text import fold

# One exactly shared interest counts 1; related wording adds up to this much.
WORDING_WEIGHT = 0.5

_STOPWORDS = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or"}
    | {"the", "to", "via", "vs", "with"}
)
_WORD = re.compile(r"[^\W_]+")


def _stem(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def normalise(term: str) -> str:
    """The matching key of an interest: folded, punctuation dropped, plurals trimmed."""
    return " ".join(_stem(w) for w in _WORD.findall(fold(term)))


@dataclass(frozen=True)
class Interests:
    """One person's interests, normalised once so that comparing two is only set work."""

    by_key: dict[str, str]  # normalised key -> the person's own wording
    words: frozenset[str]  # content words, stemmed

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(self.by_key)


@lru_cache(maxsize=4096)
def interests(terms: tuple[str, ...]) -> Interests:
    by_key: dict[str, str] = {}
    for term in terms:
        key = normalise(term)
        if key and key not in by_key:
            by_key[key] = " ".join(term.split())
    words = frozenset(
        _stem(w) for term in terms for w in _WORD.findall(fold(term)) if w not in _STOPWORDS
    )
    return Interests(by_key, words)


@dataclass(frozen=True)
class Overlap:
    score: float
    shared: tuple[str, ...]  # the shared interests, in the mentee's wording


def _score(shared: int, common: int, union: int) -> float:
    """1 per shared interest plus WORDING_WEIGHT x the Jaccard similarity of the words."""
    return shared + WORDING_WEIGHT * (common / union if union else 0.0)


def overlap_of(mentor: Interests, mentee: Interests) -> Overlap:
    shared_keys = mentor.by_key.keys() & mentee.by_key.keys()
    shared = tuple(mentee.by_key[k] for k in sorted(shared_keys))
    common = len(mentor.words & mentee.words)
    union = len(mentor.words) + len(mentee.words) - common
    return Overlap(_score(len(shared_keys), common, union), shared)


def overlap_matrix(
    mentors: Sequence[Sequence[str]], mentees: Sequence[Sequence[str]]
) -> list[list[float]]:
    """Every mentee's overlap score with every mentor (a row per mentee, a column per
    mentor): the same numbers as `overlap`, with each person's interests normalised once."""
    offered = [(i.keys, i.words, len(i.words)) for i in (interests(tuple(t)) for t in mentors)]
    matrix = []
    for wanted in (interests(tuple(t)) for t in mentees):
        keys, words, n_words = wanted.keys, wanted.words, len(wanted.words)
        row = []
        for mentor_keys, mentor_words, n_mentor_words in offered:
            common = len(mentor_words & words)
            row.append(_score(len(mentor_keys & keys), common, n_mentor_words + n_words - common))
        matrix.append(row)
    return matrix


def overlap(mentor_interests: Sequence[str], mentee_interests: Sequence[str]) -> Overlap:
    """Topic overlap: 1 per shared interest, plus WORDING_WEIGHT x the Jaccard of their words."""
    return overlap_of(interests(tuple(mentor_interests)), interests(tuple(mentee_interests)))


def distinct_terms(terms: Iterable[str]) -> list[str]:
    """Terms with their spaces tidied, without empty ones or repeats (same normal form)."""
    seen: set[str] = set()
    out: list[str] = []
    for term in terms:
        clean = " ".join(term.split())
        key = normalise(clean)
        if key and key not in seen:
            seen.add(key)
            out.append(clean)
    return out


def split_terms(text: str) -> list[str]:
    """Interests typed as one line, separated by commas or semicolons, without duplicates."""
    return distinct_terms(re.split(r"[;,\n]", text))


def suggestions(*sources: Iterable[str]) -> list[str]:
    """Distinct interests from several sources (event topics first), in the order first seen."""
    return distinct_terms(chain.from_iterable(sources))
