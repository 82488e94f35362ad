"""Word tables and normalization shared by documents, extraction, claims and selectors."""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

# Words inflect would mangle or that news uses as collective plurals.
_SAME = frozenset({"people", "police", "personnel", "staff", "troops", "news", "series", "species",
                   "aircraft", "militia", "data", "media", "crossroads", "headquarters"})


# Singular nouns that end like plurals: inflect would cut them ("bus" -> "bu").
_SINGULAR_ENDINGS = ("ss", "us", "is")
_SINGULAR_IN_S = frozenset({"gas", "atlas", "alias", "bias", "canvas", "chaos", "lens", "yes", "has", "was",
                            "its"})


_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "′": "'"})


def normalize_word(text: str) -> str:
    """Lower case, straight apostrophes: the form tokens and selector words compare in."""
    return text.translate(_APOSTROPHES).lower()


@lru_cache(maxsize=65536)
def singular(word: str) -> str:
    """Lower-case singular form: "Neighbourhoods" -> "neighbourhood", "children" -> "child".

    "people" stays "people" (it is how counts of persons are written).
    """
    lowered = normalize_word(word)
    if lowered in ("person", "persons"):
        return "people"  # counts of persons are counts of people
    if lowered in _SAME or len(lowered) < 3 or lowered in _SINGULAR_IN_S or lowered.endswith(_SINGULAR_ENDINGS):
        return lowered
    try:
        result = _inflect().singular_noun(lowered)
    except Exception:  # inflect raises on odd input; the word is then its own singular
        return lowered
    return result if isinstance(result, str) and result else lowered


#: month names and their abbreviations, lower case, with their numbers
MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11,
    "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7,
    "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
#: a regex alternation of the month names, capitalized ("may" is a verb), longest
#: first so "Sept" is not read as "Sep" followed by junk
MONTH_PATTERN = "|".join(sorted((month.capitalize() for month in MONTHS), key=len, reverse=True))


def plural(count: int, noun: str, plural_form: str = "") -> str:
    """``1 claim``, ``2 claims``; ``plural_form`` for irregular nouns (``quantities``)."""
    return f"{count} {noun}" if count == 1 else f"{count} {plural_form or noun + 's'}"


@cache
def _inflect() -> Any:
    """inflect's engine, imported on first use: importing inflect takes seconds, and a plain
    pytest run (which loads this plugin) never needs it."""
    import inflect

    return inflect.engine()
