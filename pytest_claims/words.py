"""Word normalization shared by claim building and rule selectors."""

from __future__ import annotations

from functools import lru_cache

import inflect

_ENGINE = inflect.engine()

# Words inflect would mangle or that news uses as collective plurals.
_SAME = frozenset({"people", "police", "personnel", "staff", "troops", "news", "series", "species",
                   "aircraft", "militia", "data", "media", "crossroads", "headquarters"})


# Singular nouns that end like plurals: inflect would cut them ("bus" -> "bu").
_SINGULAR_ENDINGS = ("ss", "us", "is", "ous")
_SINGULAR_IN_S = frozenset({"gas", "atlas", "alias", "bias", "canvas", "chaos", "lens", "yes", "has", "was",
                            "its", "this", "thus", "plus", "minus"})


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
        result = _ENGINE.singular_noun(lowered)  # type: ignore[arg-type]
    except Exception:  # inflect raises on odd input; the word is then its own singular
        return lowered
    return result if isinstance(result, str) and result else lowered
