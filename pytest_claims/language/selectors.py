"""Which claims a rule is about: the ``select:`` block of a rule file.

A :class:`Selector` is a conjunction of conditions on one claim: what the
number counts, its kind, the words near it, a regex over its sentence, the
document's outlet and file name, who the sentence attributes it to, and its unit. Word lists are alternatives
("any of"), except ``near_all`` (every one) and ``not_near`` (none).

Words match whole tokens of the sentence, case-insensitively, with curly
apostrophes read as straight ones; a phrase matches consecutive tokens and a
trailing ``*`` makes its last word a prefix ("besieg*" matches "besieged").
"Near" is a distance in tokens from the quantity's own tokens, which never
count as near themselves.

``pattern`` is a regex searched in the sentence, case-insensitively, on RE2
(linear time; :mod:`pytest_claims.language.patterns`).

``source`` entries are words or phrases matched like ``near`` words, but
against the claim's source: its normalized name or the name as written with
its appositive ("Rami Abdulrahman, the observatory's director"), with a
possessive ``'s`` ignored on both sides. So ``Observatory`` matches "Syrian
Observatory for Human Rights", ``UN`` matches "UN" and "UN human rights
office" but not "unknown", and ``"Russia's defence ministry"`` matches
"Russia's defence ministry". A claim without a source never matches.

``unit`` entries are currency codes or unit names or symbols, read by
:func:`~pytest_claims.language.units.resolve_unit`: a claim matches when its
unit is one of them, as written (``km/h`` does not select "145 mph"; list
both to select speeds in either). Counts and shares have no unit and never match.
"""

from __future__ import annotations

import fnmatch
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Iterable, Iterator, Optional, Sequence

from ..records.model import KINDS, Claim
from .patterns import cached_pattern
from .units import resolve_unit, unit_key
from ..prose.sentences import Token, sentence_words, tokenize
from ..prose.words import normalize_word, singular

#: the keys of a selector in rule files (``select:`` and a check's own selectors), in the order docs list them
SELECTOR_KEYS = ("counts", "near", "near_all", "not_near", "window", "kind", "unit", "pattern", "outlet",
                 "source", "document")
#: the selector keys that take a word or a list of words
WORD_LIST_KEYS = ("counts", "near", "near_all", "not_near", "kind", "unit", "outlet", "source", "document")

# ---------------------------------------------------------------- phrases


@dataclass(frozen=True)
class Phrase:
    """A word or phrase of a selector, as consecutive token tests.

    ``words`` are normalized tokens; when ``prefix`` is true the last one
    matches any token starting with it.
    """

    text: str
    words: tuple[str, ...]
    prefix: bool

    @classmethod
    def parse(cls, text: str) -> Phrase:
        cleaned = normalize_word(" ".join(text.split()))
        prefix = cleaned.endswith("*")
        stem = cleaned.rstrip("*")
        if "*" in stem:
            raise ValueError(f"'{text}': '*' is only allowed at the end of a word list entry")
        words = tuple(token.text for token in tokenize(stem))
        if not words:
            raise ValueError(f"'{text}' has no words (letters or digits)")
        if prefix and not stem.endswith(words[-1]):
            raise ValueError(f"'{text}': '*' must directly follow a word")
        return cls(cleaned, words, prefix)

    def occurrences(self, words: Sequence[str]) -> Iterator[tuple[int, int]]:
        """(first, last) token indices, inclusive, of each place the phrase matches."""
        size = len(self.words)
        if size == 1 and self.prefix:
            starts: Iterable[int] = range(len(words))
        else:  # only where the phrase's first word stands
            starts = _positions(tuple(words)).get(self.words[0], ())
        for first in starts:
            if first + size <= len(words) and self._matches_at(words, first):
                yield first, first + size - 1

    def _matches_at(self, words: Sequence[str], first: int) -> bool:
        last = len(self.words) - 1
        for i, word in enumerate(self.words):
            token = words[first + i]
            if i == last and self.prefix:
                if not token.startswith(word):
                    return False
            elif token != word:
                return False
        return True


@lru_cache(maxsize=4096)
def _positions(words: tuple[str, ...]) -> dict[str, list[int]]:
    """Each word of a sentence and the token indices it stands at (selectors look many words up in one)."""
    positions: dict[str, list[int]] = {}
    for index, word in enumerate(words):
        positions.setdefault(word, []).append(index)
    return positions


# ---------------------------------------------------------------- tokens


@dataclass(frozen=True)
class _Context:
    """A claim's sentence as normalized words, and where its quantity sits among them."""

    words: tuple[str, ...]
    first: int  # first token index of the quantity
    last: int  # last token index of the quantity (first - 1 when it has no token)

    def distance(self, first: int, last: int) -> Optional[int]:
        """Tokens from the quantity to an occurrence; None when it overlaps the quantity."""
        if first > self.last:
            return first - self.last
        if last < self.first:
            return self.first - last
        return None


def _context(claim: Claim, tokens: Optional[Sequence[Token]]) -> _Context:
    if tokens is None:
        words, starts, ends = sentence_words(claim.sentence, claim.sentence_start)
    else:
        words = tuple(token.low for token in tokens)
        starts = tuple(token.start for token in tokens)
        ends = tuple(token.end for token in tokens)
    start, end = claim.quantity.span
    # tokens are in order and do not overlap: those inside the quantity end after its start and begin before
    # its end
    first = bisect_right(ends, start)
    after = bisect_left(starts, end)
    if first < after:
        return _Context(words, first, after - 1)
    return _Context(words, after, after - 1)


# ---------------------------------------------------------------- selector


def _words(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(normalize_word(" ".join(value.split())) for value in values)


@dataclass(frozen=True)
class Selector:
    """Conditions a claim must all meet; an empty selector matches every claim.

    Word fields hold lower-case words or phrases (``counts`` compare through
    :func:`~pytest_claims.words.singular`); ``also`` holds selectors merged in with :meth:`merge`, each keeping
    its own ``window``.
    """

    counts: tuple[str, ...] = ()
    near: tuple[str, ...] = ()
    near_all: tuple[str, ...] = ()
    not_near: tuple[str, ...] = ()
    window: Optional[int] = None
    kind: tuple[str, ...] = ()
    #: units as the editor wrote them (``USD``, ``km/h``); ``_unit_keys`` holds what they name
    unit: tuple[str, ...] = ()
    pattern: Optional[str] = None
    outlet: tuple[str, ...] = ()
    document: tuple[str, ...] = ()
    source: tuple[str, ...] = ()
    also: tuple[Selector, ...] = ()
    _phrases: dict[str, tuple[Phrase, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False)
    _unit_keys: frozenset[str] = field(default=frozenset(), init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        set_ = object.__setattr__  # frozen: normalize once, at construction
        set_(self, "counts", _words(self.counts))
        for name in ("near", "near_all", "not_near"):
            words = _words(getattr(self, name))
            set_(self, name, words)
            self._phrases[name] = tuple(Phrase.parse(word) for word in words)
        set_(self, "kind", tuple(kind.lower() for kind in self.kind))
        set_(self, "unit", tuple(" ".join(unit.split()) for unit in self.unit))
        set_(self, "_unit_keys", frozenset(resolve_unit(unit) for unit in self.unit))
        set_(self, "outlet", tuple(outlet.strip() for outlet in self.outlet))
        set_(self, "source", tuple(" ".join(source.split()) for source in self.source))
        self._phrases["source"] = tuple(_without_possessives(Phrase.parse(word)) for word in self.source)
        for kind in self.kind:
            if kind not in KINDS:
                raise ValueError(f"unknown kind '{kind}'; valid kinds: {', '.join(KINDS)}")
        if self.window is not None and (isinstance(self.window, bool) or not isinstance(self.window, int)
                                        or self.window < 1):
            raise ValueError(f"window must be a whole number of words, at least 1 (got {self.window!r})")
        if self.pattern is not None:
            cached_pattern(self.pattern)

    def merge(self, other: Selector) -> Selector:
        """A selector matching the claims both match."""
        if other.is_empty():
            return self
        if self.is_empty():
            return other
        return replace(self, also=self.also + (other,))

    def is_empty(self) -> bool:
        return self == Selector()

    def matches(self, claim: Claim, tokens: Optional[Sequence[Token]] = None) -> bool:
        return self.reject_reason(claim, tokens) is None

    def reject_reason(self, claim: Claim, tokens: Optional[Sequence[Token]] = None) -> Optional[str]:
        """Why ``claim`` is not selected, in a few words; None when it is."""
        reason = (self._kind_reason(claim) or self._unit_reason(claim) or self._counts_reason(claim)
                  or self._outlet_reason(claim)
                  or self._source_reason(claim) or self._document_reason(claim) or self._pattern_reason(claim)
                  or self._near_reason(claim, tokens))
        if reason is not None:
            return reason
        for other in self.also:
            reason = other.reject_reason(claim, tokens)
            if reason is not None:
                return reason
        return None

    @property
    def unit_keys(self) -> frozenset[str]:
        """What the ``unit`` entries name (:func:`~pytest_claims.language.units.resolve_unit`)."""
        return self._unit_keys

    def counts_match(self, counted: str) -> bool:
        """Whether a ``counts`` entry names the singular noun ``counted``."""
        return any(_count_matches(word, counted) for word in self.counts)

    def tests_sentence(self) -> bool:
        """Whether the selector (or one merged into it) asks about the sentence: near, near_all or pattern."""
        return bool(self.near or self.near_all or self.pattern is not None) or \
            any(other.tests_sentence() for other in self.also)

    def sentence_may_match(self, sentence: str) -> bool:
        """False only when no claim of ``sentence`` can meet the selector's ``near``, ``near_all`` and ``pattern``
        (merged selectors' too), tested on the text alone, without tokens: for skipping sentences cheaply.

        A phrase stands in a sentence only where each of its words is a token of it, and tokens are slices of
        the sentence in the form words compare in (:func:`~pytest_claims.prose.words.normalize_word`); so a
        phrase with a word that is no substring of that form stands nowhere in it. When that form changes the
        text's length (a letter whose lower case is two), tokens are cut otherwise, and the answer is True."""
        if self.pattern is not None and not cached_pattern(self.pattern).search(sentence):
            return False
        if self.near or self.near_all:
            lowered = normalize_word(sentence)
            if len(lowered) == len(sentence):
                def stands(phrase: Phrase) -> bool:
                    return all(word in lowered for word in phrase.words)
                if self.near and not any(stands(phrase) for phrase in self._phrases["near"]):
                    return False
                if not all(stands(phrase) for phrase in self._phrases["near_all"]):
                    return False
        return all(other.sentence_may_match(sentence) for other in self.also)

    def conditions(self) -> tuple[Selector, ...]:
        """One selector per condition (near words keep the window), merged ones included."""
        own: list[Selector] = []
        for name in ("counts", "kind", "unit", "outlet", "source", "document", "pattern"):
            if getattr(self, name):
                own.append(Selector(**{name: getattr(self, name)}))
        for name in ("near", "near_all", "not_near"):
            if getattr(self, name):
                own.append(Selector(**{name: getattr(self, name)}, window=self.window))
        conditions = own + [part for other in self.also for part in other.conditions()]
        return tuple(condition for i, condition in enumerate(conditions) if condition not in conditions[:i])

    def describe(self) -> str:
        """The conditions as the editor wrote them, e.g. ``counts [people], near [trapped]``."""
        parts = self._describe_own()
        for other in self.also:
            parts.append(other.describe())
        return ", ".join(parts) if parts else "any claim"

    # -- reasons

    def _kind_reason(self, claim: Claim) -> Optional[str]:
        if not self.kind or claim.kind in self.kind:
            return None
        return f"kind is {claim.kind}, not {_one_of(self.kind)}"

    def _unit_reason(self, claim: Claim) -> Optional[str]:
        if not self.unit:
            return None
        key = unit_key(claim.quantity.unit)
        if key is None:
            return f"a {claim.kind} has no unit, not {_one_of(self.unit)}"
        if key in self._unit_keys:
            return None
        return f"unit is {key}, not {_one_of(self.unit)}"

    def _counts_reason(self, claim: Claim) -> Optional[str]:
        if not self.counts:
            return None
        if claim.counts is None:
            return f"counts nothing that was recognized, not {_one_of(self.counts)}"
        if self.counts_match(singular(claim.counts)):
            return None
        return f"counts '{claim.counts}', not {_one_of(self.counts)}"

    def _outlet_reason(self, claim: Claim) -> Optional[str]:
        if not self.outlet:
            return None
        if claim.outlet is None:
            return f"document '{claim.document}' has no outlet, not {_one_of(self.outlet)}"
        if claim.outlet.strip().casefold() in {outlet.casefold() for outlet in self.outlet}:
            return None
        return f"outlet is '{claim.outlet}', not {_one_of(self.outlet)}"

    def _source_reason(self, claim: Claim) -> Optional[str]:
        if not self.source:
            return None
        if claim.source is None:
            return f"the sentence names no source, not {_one_of(self.source)}"
        names = {_source_words(claim.source), _source_words(claim.source_text)}
        if any(next(phrase.occurrences(words), None) is not None
               for phrase in self._phrases["source"] for words in names):
            return None
        return f"source is '{claim.source}', not {_one_of(self.source)}"

    def _document_reason(self, claim: Claim) -> Optional[str]:
        if not self.document or any(fnmatch.fnmatchcase(claim.document, glob) for glob in self.document):
            return None
        return f"document '{claim.document}' matches none of: {', '.join(self.document)}"

    def _pattern_reason(self, claim: Claim) -> Optional[str]:
        if self.pattern is None or cached_pattern(self.pattern).search(claim.sentence):
            return None
        return f"pattern '{self.pattern}' did not match the sentence"

    def _near_reason(self, claim: Claim, tokens: Optional[Sequence[Token]]) -> Optional[str]:
        if not (self.near or self.near_all or self.not_near):
            return None
        context = _context(claim, tokens)
        where = "in the sentence" if self.window is None else f"within {self.window} words"
        if self.near and not any(self._distance(p, context) is not None for p in self._phrases["near"]):
            return f"no word of [{', '.join(self.near)}] {where}"
        for phrase in self._phrases["near_all"]:
            if self._distance(phrase, context) is None:
                return f"'{phrase.text}' is not {where}"
        for phrase in self._phrases["not_near"]:
            distance = self._distance(phrase, context)
            if distance is not None:
                return f"'{phrase.text}' is near ({distance} {'word' if distance == 1 else 'words'} away)"
        return None

    def _distance(self, phrase: Phrase, context: _Context) -> Optional[int]:
        """Smallest distance of the phrase from the quantity within the window, or None."""
        distances = [d for first, last in phrase.occurrences(context.words)
                     if (d := context.distance(first, last)) is not None]
        if not distances:
            return None
        nearest = min(distances)
        return nearest if self.window is None or nearest <= self.window else None

    def _describe_own(self) -> list[str]:
        parts = []
        for name in ("counts", "near", "near_all", "not_near", "kind", "unit", "outlet", "source", "document"):
            values = getattr(self, name)
            if values:
                parts.append(f"{name} [{', '.join(values)}]")
        if self.window is not None:
            parts.append(f"window {self.window}")
        if self.pattern is not None:
            parts.append(f"pattern '{self.pattern}'")
        return parts


def _strip_possessive(word: str) -> str:
    return word[:-2] if word.endswith("'s") and len(word) > 2 else word


def _without_possessives(phrase: Phrase) -> Phrase:
    return replace(phrase, words=tuple(_strip_possessive(word) for word in phrase.words))


@lru_cache(maxsize=4096)
def _source_words(text: str) -> tuple[str, ...]:
    return tuple(_strip_possessive(token.low) for token in tokenize(text))


def _count_matches(word: str, counted: str) -> bool:
    """Whether a ``counts`` entry names the (singular) counted noun; ``neighbo*`` is a prefix."""
    if word.endswith("*"):
        return counted.startswith(word[:-1])
    return singular(word) == counted


def _one_of(values: Sequence[str]) -> str:
    if len(values) == 1:
        return values[0]
    return "one of: " + ", ".join(values)
