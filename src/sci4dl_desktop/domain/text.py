"""Text folding for search: case-, accent- and compatibility-insensitive matching."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

# Letters that NFKD does not decompose into a base letter plus a mark.
_EXTRA_FOLDS = str.maketrans(
    {
        "ø": "o",
        "Ø": "o",
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "ß": "ss",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ı": "i",
        "þ": "th",
        "ð": "d",
    }
)


def fold(text: str) -> str:
    """Fold text for matching: 'Zdeborová' -> 'zdeborova', the ligature 'ﬁ' -> 'fi'."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_EXTRA_FOLDS))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold()


def fold_terms(query: str) -> list[str]:
    """The folded, whitespace-separated terms of a search query."""
    return fold(query).split()


def matches(haystack_folded: str, terms: Iterable[str]) -> bool:
    """True when every term occurs in the already-folded haystack."""
    return all(term in haystack_folded for term in terms)
