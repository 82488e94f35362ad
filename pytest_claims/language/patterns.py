"""Regular expressions from rule files (the ``pattern`` selector), run on RE2.

A pattern is written in Python's syntax and means what it means to Python's
``re``: case-insensitive, with ``\\d``, ``\\w`` and ``\\s`` over all of
Unicode. It runs on google-re2, an automaton whose time is linear in the
length of the sentence whatever the pattern, so ``(a|aa)*$``, ``\\D*\\d+x`` or
``(.{0,20}){5}x`` cannot hang a run and harmless patterns such as
``\\s*,?\\s*`` need no guard. Python's parser reads the pattern (its syntax
errors, with their positions, are the editor's) and :class:`_Writer` writes
the parse tree out again in RE2's syntax, spelling each Python meaning
explicitly: ``\\w`` as the code points Python counts as word characters,
``\\Z`` as ``\\z``. Sentences are trimmed, so Python's ``$`` (which also
holds before a final newline) is RE2's ``\\z``.

Not supported, each a :class:`ValueError` quoting the pattern and saying what
to write instead: lookarounds, backreferences and conditional groups,
possessive quantifiers and atomic groups (features that need backtracking),
and counted repetitions over 1000 (RE2's limit, also for nested counts
multiplied out). One difference is kept: ``\\b`` and ``\\B`` count only ASCII letters, digits and
``_`` as word characters (RE2 has no Unicode word boundary), so ``\\bcafé\\b``
does not match "café" (the boundary after "é" is not one).
"""

from __future__ import annotations

import re
import sys
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

import re2

if sys.version_info >= (3, 11):
    from re import _constants as _sre
    from re import _parser as _sre_parse
else:  # pragma: no cover - Python 3.10
    import sre_constants as _sre
    import sre_parse as _sre_parse

#: a rule's pattern is one line of a rule file, not a program: the limit keeps RE2's compiled program (and its
#: memory, bounded by :data:`MAX_PROGRAM_MEMORY`) small, and the schema states the same maxLength
MAX_PATTERN_LENGTH = 500
MAX_REPEAT_COUNT = 1000  # RE2 refuses {n} with n over 1000, and nested counts multiplying to more
MAX_PROGRAM_MEMORY = 32 << 20  # bytes RE2 may use for one compiled pattern (its default is 8 MiB)

_ENGINE = "patterns run on RE2, which guarantees linear time"
_REPEATS = frozenset(getattr(_sre, name) for name in ("MAX_REPEAT", "MIN_REPEAT") if hasattr(_sre, name))
_POSSESSIVE = getattr(_sre, "POSSESSIVE_REPEAT", None)
_ATOMIC = getattr(_sre, "ATOMIC_GROUP", None)
_SURROGATES = (0xD800, 0xDFFF)  # no UTF-8 text holds them: RE2 cannot match them

Ranges = tuple[tuple[int, int], ...]  # sorted, disjoint, inclusive code point ranges


@dataclass(frozen=True)
class RulePattern:
    """A rule's pattern, compiled for RE2."""

    pattern: str  #: as written in the rule file
    translated: str  #: the same pattern in RE2's syntax
    _compiled: Any = field(repr=False, compare=False)

    def search(self, sentence: str) -> bool:
        """Whether the pattern matches somewhere in ``sentence``; linear time in its length."""
        try:
            return self._compiled.search(sentence) is not None
        except UnicodeEncodeError:  # a lone surrogate (undecodable byte) cannot be UTF-8: no pattern matches it
            return self._compiled.search(sentence.encode("utf-8", "replace").decode("utf-8")) is not None


def compile_pattern(pattern: str) -> RulePattern:
    """Compile a selector pattern, case-insensitive; ValueError (editor-facing) when refused."""
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise ValueError(f"pattern is {len(pattern)} characters long; the limit is {MAX_PATTERN_LENGTH}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", FutureWarning)  # "possible nested set": ambiguous, refuse it
            re.compile(pattern, re.IGNORECASE)
            parsed = _sre_parse.parse(pattern, re.IGNORECASE)
    except FutureWarning as warning:
        raise ValueError(f"ambiguous pattern: {str(warning).lower()}; escape '[' inside a set as '\\['") from None
    except re.error as error:
        raise ValueError(f"invalid pattern: {error.msg} at position {error.pos}") from None
    except (OverflowError, RecursionError, ValueError) as error:
        raise ValueError(f"invalid pattern: {error}") from None
    try:
        translated = _Writer().top(list(parsed.data), parsed.state.flags | re.IGNORECASE)
    except _Unsupported as refusal:
        raise ValueError(f"pattern '{pattern}' {refusal}") from None
    except RecursionError:
        raise ValueError(f"pattern '{pattern}' nests groups too deeply; remove some of the parentheses") from None
    options = re2.Options()
    options.log_errors = False  # the error is raised and reported as a rule error, not printed
    options.never_capture = True  # only whether it matches is used
    options.max_mem = MAX_PROGRAM_MEMORY
    try:
        compiled = re2.compile(translated, options)
    except re2.error as error:
        raise ValueError(f"pattern '{pattern}' {_engine_refusal(str(error))}") from None
    return RulePattern(pattern, translated, compiled)


@lru_cache(maxsize=1024)
def cached_pattern(pattern: str) -> RulePattern:
    return compile_pattern(pattern)


def _engine_refusal(reason: str) -> str:
    """The editor's message for a pattern Python reads but RE2 refuses (the writer catches the known shapes)."""
    if "repetition" in reason:
        return (f"repeats more than {MAX_REPEAT_COUNT} times in one place (counts nested in each other "
                f"multiply: (a{{100}}){{20}} is 2000): counts over {MAX_REPEAT_COUNT} are not supported "
                f"({_ENGINE}); use smaller counts, or * or +")
    if "too large" in reason or "too big" in reason:
        return f"is too large to compile ({_ENGINE}); use fewer or smaller counted repetitions such as {{0,200}}"
    return f"is not supported by RE2 ({_ENGINE}): {reason}"


class _Unsupported(Exception):
    """Syntax Python reads and RE2 cannot run; the message follows "pattern '...' "."""


def _unsupported(has: str, plural: str, instead: str) -> _Unsupported:
    return _Unsupported(f"has {has}: {plural} are not supported ({_ENGINE}); {instead}")


class _Writer:
    """Writes a Python parse tree in RE2 syntax with Python's meaning; _Unsupported for what RE2 cannot do."""

    def top(self, items: list[tuple[Any, Any]], flags: int) -> str:
        body = self.sequence(items, flags)
        return f"(?i:{body})" if flags & re.IGNORECASE else body

    def sequence(self, items: Iterable[tuple[Any, Any]], flags: int) -> str:
        # loops, not generators, and groups written here: two frames per nesting level, as Python's parser
        parts = []
        for op, argument in items:
            if op is _sre.SUBPATTERN:
                parts.append(self.group(argument, flags))
            else:
                parts.append(self.item(op, argument, flags))
        return "".join(parts)

    def item(self, op: Any, argument: Any, flags: int) -> str:
        if op is _sre.LITERAL:
            return _char(argument)
        if op is _sre.NOT_LITERAL:
            return _class(((argument, argument),), negated=True)
        if op is _sre.ANY:
            return "(?s:.)" if flags & re.DOTALL else "."  # both engines: any character but "\n"
        if op is _sre.IN:
            return _class(*_set_ranges(argument, flags))
        if op in _REPEATS:
            return self.repeat(op, argument, flags)
        if op is _sre.BRANCH:
            return "(?:" + "|".join(self.sequence(alternative, flags) for alternative in argument[1]) + ")"
        if op is _sre.AT:
            return _position(argument, flags)
        if op in (_sre.ASSERT, _sre.ASSERT_NOT):
            raise _unsupported("a lookaround ((?=, (?!, (?<= or (?<!)", "lookarounds",
                               "match the text around instead, or use not_near for words that must not be near "
                               "the number")
        if op is _sre.GROUPREF:
            raise _unsupported("a backreference (\\1 or (?P=name))", "backreferences", "write the repeated text out")
        if op is _sre.GROUPREF_EXISTS:
            raise _unsupported("a conditional group ((?(1)...|...))", "conditional groups",
                               "write the alternatives out with |")
        if op is _POSSESSIVE:
            raise _unsupported("a possessive quantifier (*+, ++, ?+ or {m,n}+)", "possessive quantifiers",
                               "write the plain quantifier (* for *+): RE2 never backtracks, so needs no such hint")
        if op is _ATOMIC:
            raise _unsupported("an atomic group ((?>...))", "atomic groups",
                               "write a plain group ((?:...) for (?>...)): RE2 never backtracks, so needs no such hint")
        raise _Unsupported(f"uses {op}, which the RE2 translation does not know")  # pragma: no cover

    def repeat(self, op: Any, argument: Any, flags: int) -> str:
        low, high, body = argument
        unbounded = high is _sre.MAXREPEAT
        if low > MAX_REPEAT_COUNT or (not unbounded and high > MAX_REPEAT_COUNT):
            count = low if low > MAX_REPEAT_COUNT else high
            raise _Unsupported(f"repeats {count} times in one place: counts over {MAX_REPEAT_COUNT} are not "
                               f"supported ({_ENGINE}); use a smaller count, or * or +")
        if unbounded:
            quantifier = {0: "*", 1: "+"}.get(low, f"{{{low},}}")
        else:
            quantifier = f"{{{low}}}" if low == high else f"{{{low},{high}}}"
        lazy = "?" if op is _sre.MIN_REPEAT else ""
        return f"(?:{self.sequence(body, flags)}){quantifier}{lazy}"

    def group(self, argument: Any, flags: int) -> str:
        add, remove = argument[-3], argument[-2]
        inner = (flags | add) & ~remove
        text = self.sequence(argument[-1], inner)
        if (inner ^ flags) & re.IGNORECASE:
            return f"(?i:{text})" if inner & re.IGNORECASE else f"(?-i:{text})"
        return f"(?:{text})"


def _position(code: Any, flags: int) -> str:
    multiline = bool(flags & re.MULTILINE)
    if code is _sre.AT_BEGINNING:
        return "(?m:^)" if multiline else r"\A"
    if code is _sre.AT_BEGINNING_STRING:
        return r"\A"
    if code is _sre.AT_END:
        # Python's "$" also holds before a final "\n", which a sentence (trimmed at both ends) never has
        return "(?m:$)" if multiline else r"\z"
    if code is _sre.AT_END_STRING:
        return r"\z"
    if code is _sre.AT_BOUNDARY:
        return r"\b"  # ASCII word characters only in RE2 (the module docstring says so)
    if code is _sre.AT_NON_BOUNDARY:
        return r"\B"
    raise _Unsupported(f"uses the position {code}, which the RE2 translation does not know")  # pragma: no cover


def _char(code: int) -> str:
    ch = chr(code)
    return ch if ch.isascii() and ch.isalnum() else f"\\x{{{code:x}}}"


def _class(ranges: Ranges, negated: bool = False) -> str:
    """A set; negated in RE2, not complemented here, so that RE2 folds case before negating as Python does."""
    if not ranges:
        return r"[\x00-\x{10ffff}]" if negated else r"[^\x00-\x{10ffff}]"  # [^\s\S] matches nothing
    body = "".join(_char(low) if low == high else f"{_char(low)}-{_char(high)}" for low, high in ranges)
    return f"[^{body}]" if negated else f"[{body}]"


def _set_ranges(members: list[tuple[Any, Any]], flags: int) -> tuple[Ranges, bool]:
    """The code points a Python set ``[...]`` lists, and whether it is negated (RE2 folds case under (?i))."""
    spans: list[tuple[int, int]] = []
    negated = False
    for op, value in members:
        if op is _sre.NEGATE:
            negated = True
        elif op is _sre.LITERAL:
            spans.append((value, value))
        elif op is _sre.RANGE:
            spans.append(value)
        elif op is _sre.CATEGORY:
            spans.extend(_category(value, bool(flags & re.ASCII)))
        else:  # pragma: no cover - sre_parse puts nothing else in a set
            raise _Unsupported(f"has a set holding {op}, which the RE2 translation does not know")
    return _without_surrogates(_merge(spans)), negated


def _merge(spans: Iterable[tuple[int, int]]) -> Ranges:
    merged: list[tuple[int, int]] = []
    for low, high in sorted(spans):
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return tuple(merged)


def _complement(ranges: Ranges) -> Ranges:
    gaps, start = [], 0
    for low, high in ranges:
        if low > start:
            gaps.append((start, low - 1))
        start = max(start, high + 1)
    if start <= sys.maxunicode:
        gaps.append((start, sys.maxunicode))
    return _without_surrogates(tuple(gaps))


def _without_surrogates(ranges: Ranges) -> Ranges:
    low_s, high_s = _SURROGATES
    kept: list[tuple[int, int]] = []
    for low, high in ranges:
        if low < low_s:
            kept.append((low, min(high, low_s - 1)))
        if high > high_s:
            kept.append((max(low, high_s + 1), high))
    return tuple(kept)


_ASCII_TESTS: dict[str, Callable[[str], bool]] = {
    "digit": lambda ch: "0" <= ch <= "9",
    "space": lambda ch: ch in " \t\n\r\f\v",
    "word": lambda ch: ch.isascii() and (ch.isalnum() or ch == "_"),
}
_UNICODE_TESTS: dict[str, Callable[[str], bool]] = {  # what Python's re means by \d, \s, \w in a str pattern
    "digit": str.isdecimal,
    "space": str.isspace,
    "word": lambda ch: ch.isalnum() or ch == "_",
}


def _category(code: Any, ascii_only: bool) -> Ranges:
    name = str(code).lower()  # CATEGORY_DIGIT, CATEGORY_NOT_WORD, ...
    base = next(kind for kind in ("digit", "space", "word") if kind in name)
    ranges = _class_ranges(base, ascii_only)
    return _complement(ranges) if "_not_" in name else ranges


@cache
def _class_ranges(kind: str, ascii_only: bool) -> Ranges:
    """Code points Python's ``\\d``, ``\\s`` or ``\\w`` match (a scan of all of Unicode, once per run)."""
    test = (_ASCII_TESTS if ascii_only else _UNICODE_TESTS)[kind]
    limit = 0x80 if ascii_only else sys.maxunicode + 1
    return _merge((code, code) for code in range(limit) if test(chr(code)))
