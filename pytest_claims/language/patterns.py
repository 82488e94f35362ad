"""Bounded regular expressions for the ``pattern`` selector.

Python's ``re`` backtracks, so some patterns take exponential or high
polynomial time to *fail* on a sentence, and they cannot be interrupted. A
pattern is accepted only when it passes this guard:

* at most :data:`MAX_PATTERN_LENGTH` characters;
* no nested quantifiers where the inner one has a variable length, such as
  ``(a+)+``, ``(a*)*`` or ``(\\w+\\s?)+`` (exponential); ``(,\\d{3})*`` is fine;
* no two wide repetitions (``*``, ``+``, ``{n,}`` or more than
  :data:`WIDE_REPEAT` times) that can match the same character with nothing
  required between them, such as ``.*.*``, ``\\w+.*`` or ``\\s*,?\\s*``
  (polynomial in the length of the sentence: seconds to minutes on one long
  sentence); ``\\s*\\d+``, ``\\s*,\\s*`` and ``killed.*people`` are fine;
* no backreferences;
* at most :data:`MAX_WIDE_REPEATS` wide repetitions in all.

Alternatives that match the same text inside a repetition, such as
``(a|a)+``, are not detected. Patterns run over one sentence at a time.
"""

from __future__ import annotations

import re
import string
import sys
import warnings
from functools import lru_cache
from typing import Any, Callable, Iterable

if sys.version_info >= (3, 11):
    from re import _constants as _sre
    from re import _parser as _sre_parse
else:  # pragma: no cover - Python 3.10
    import sre_constants as _sre
    import sre_parse as _sre_parse

MAX_PATTERN_LENGTH = 500
MAX_WIDE_REPEATS = 8
WIDE_REPEAT = 20

_REPEATS = frozenset(getattr(_sre, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
                     if hasattr(_sre, name))
_NULLABLE_LEAVES = frozenset((_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT))
_SAMPLE = string.printable + "\u00a0’‘“”–—…éüçñ"  # characters overlap is tested on

CharSet = frozenset[str]  # the sample characters a repeat can match


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """Compile a selector pattern, case-insensitive; ValueError (editor-facing) when refused."""
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise ValueError(f"pattern is {len(pattern)} characters long; the limit is {MAX_PATTERN_LENGTH}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", FutureWarning)  # "possible nested set": ambiguous, refuse it
            compiled = re.compile(pattern, re.IGNORECASE)
    except FutureWarning as warning:
        raise ValueError(f"ambiguous pattern: {str(warning).lower()}; escape '[' inside a set as '\\['") from None
    except re.error as error:
        raise ValueError(f"invalid pattern: {error.msg} at position {error.pos}") from None
    except (OverflowError, RecursionError, ValueError) as error:
        raise ValueError(f"invalid pattern: {error}") from None
    items = list(_sre_parse.parse(pattern, re.IGNORECASE).data)
    _Guard(_SAMPLE + _own_characters(items)).check(items)
    return compiled


@lru_cache(maxsize=1024)
def cached_pattern(pattern: str) -> re.Pattern[str]:
    return compile_pattern(pattern)


class _Guard:
    """Walks a parsed pattern; raises ValueError on the shapes the module docstring lists."""

    def __init__(self, sample: str) -> None:
        self.wide_repeats = 0
        self.sample = sample  # the characters two repeats are tested for sharing

    def check(self, items: list[tuple[Any, Any]]) -> None:
        self.sequence(items, [], inside_repeat=False)
        if self.wide_repeats > MAX_WIDE_REPEATS:
            raise ValueError(f"pattern has {self.wide_repeats} unbounded repetitions (*, +, {{n,}}); "
                             f"the limit is {MAX_WIDE_REPEATS}: use near/near_all words instead")

    def sequence(self, items: Iterable[tuple[Any, Any]], open_sets: list[CharSet],
                 inside_repeat: bool) -> list[CharSet]:
        """Scan items in order; ``open_sets`` are wide repeats reachable through optional items only."""
        for op, argument in items:
            open_sets = self.item(op, argument, open_sets, inside_repeat)
        return open_sets

    def item(self, op: Any, argument: Any, open_sets: list[CharSet], inside_repeat: bool) -> list[CharSet]:
        if op in _REPEATS:
            return self.repeat(argument, open_sets, inside_repeat)
        if op is _sre.SUBPATTERN:
            return self.sequence(argument[-1], open_sets, inside_repeat)
        if op is _sre.BRANCH:
            outs = [self.sequence(alternative, list(open_sets), inside_repeat) for alternative in argument[1]]
            return [chars for out in outs for chars in out]
        if op in (_sre.GROUPREF, _sre.GROUPREF_EXISTS):
            raise ValueError("pattern uses a backreference (\\1, (?P=name) or (?(1)...)), which is not allowed")
        if op in (_sre.ASSERT, _sre.ASSERT_NOT):
            self.sequence(argument[1], [], inside_repeat)
            return open_sets
        if hasattr(_sre, "ATOMIC_GROUP") and op is _sre.ATOMIC_GROUP:
            return self.sequence(argument, open_sets, inside_repeat)
        if op in _NULLABLE_LEAVES:
            return open_sets
        return []  # a character is required here: nothing before it is adjacent to what follows

    def repeat(self, argument: Any, open_sets: list[CharSet], inside_repeat: bool) -> list[CharSet]:
        low, high, body = argument
        unbounded = high is _sre.MAXREPEAT
        if inside_repeat and (unbounded or high > 1) and low != high:
            raise ValueError("pattern has a nested quantifier such as (a+)+ or (a*)*, which can take "
                             "exponential time to fail: quantify the inner or the outer part, not both")
        repeats = unbounded or high > 1
        if not (unbounded or high > WIDE_REPEAT):
            after = self.sequence(body, list(open_sets), inside_repeat or repeats)
            return open_sets + after if low == 0 else after
        self.wide_repeats += 1
        self.sequence(body, [], inside_repeat=True)
        chars = CharSet(_chars_matched(body, self.sample))
        if chars and any(chars & earlier for earlier in open_sets):
            raise ValueError("pattern has two unbounded repetitions that can match the same characters "
                             "with nothing required between them (like .*.* or \\w+.*), which is slow to fail "
                             "on a long sentence: merge them or put a word between them")
        return open_sets + [chars] if low == 0 else [chars]


def _chars_matched(items: Iterable[tuple[Any, Any]], sample: str) -> set[str]:
    """Characters of ``sample`` any single-character item anywhere in ``items`` can match."""
    found: set[str] = set()
    for op, argument in items:
        test = _character_test(op, argument)
        if test is not None:
            found.update(ch for ch in sample if test(ch))
        for sub in _children(op, argument):
            found |= _chars_matched(sub, sample)
    return found


def _own_characters(items: Iterable[tuple[Any, Any]]) -> str:
    """The pattern's literal characters and range ends, both cases.

    Two classes that share a character share one of these or of ``_SAMPLE``
    (overlapping ranges share the larger start), so "[а-я]+[б-ю]*" is caught
    although no Cyrillic letter is in ``_SAMPLE``.
    """
    found: set[str] = set()
    for op, argument in items:
        members = argument if op is _sre.IN else [(op, argument)]
        for member_op, value in members:
            if member_op in (_sre.LITERAL, _sre.NOT_LITERAL):
                found.add(chr(value))
            elif member_op is _sre.RANGE:
                found.update(map(chr, value))
        for sub in _children(op, argument):
            found.update(_own_characters(sub))
    return "".join(sorted({variant for ch in found for variant in (ch, ch.lower(), ch.upper())}))


def _children(op: Any, argument: Any) -> list[Any]:
    if op in _REPEATS:
        return [argument[2]]
    if op is _sre.SUBPATTERN:
        return [argument[-1]]
    if op is _sre.BRANCH:
        return list(argument[1])
    if hasattr(_sre, "ATOMIC_GROUP") and op is _sre.ATOMIC_GROUP:
        return [argument]
    return []


def _character_test(op: Any, argument: Any) -> Callable[[str], bool] | None:
    """A case-insensitive test for a single-character item, or None for other items."""
    if op is _sre.LITERAL:
        return lambda ch: ch.lower() == chr(argument).lower()
    if op is _sre.NOT_LITERAL:
        return lambda ch: ch.lower() != chr(argument).lower()
    if op is _sre.ANY:
        return lambda ch: True
    if op is _sre.IN:
        return _class_test(argument)
    return None


def _class_test(members: list[tuple[Any, Any]]) -> Callable[[str], bool]:
    negated = any(op is _sre.NEGATE for op, _ in members)

    def member_matches(ch: str) -> bool:
        for op, argument in members:
            if op is _sre.LITERAL and ch.lower() == chr(argument).lower():
                return True
            if op is _sre.RANGE and any(argument[0] <= ord(c) <= argument[1] for c in (ch.lower(), ch.upper())):
                return True
            if op is _sre.CATEGORY and _CATEGORIES.get(argument, _matches_nothing)(ch):
                return True
        return False

    return lambda ch: member_matches(ch) != negated


def _matches_nothing(ch: str) -> bool:
    return False


_CATEGORIES: dict[Any, Callable[[str], bool]] = {
    _sre.CATEGORY_DIGIT: str.isdigit,
    _sre.CATEGORY_NOT_DIGIT: lambda ch: not ch.isdigit(),
    _sre.CATEGORY_SPACE: str.isspace,
    _sre.CATEGORY_NOT_SPACE: lambda ch: not ch.isspace(),
    _sre.CATEGORY_WORD: lambda ch: ch.isalnum() or ch == "_",
    _sre.CATEGORY_NOT_WORD: lambda ch: not (ch.isalnum() or ch == "_"),
}
