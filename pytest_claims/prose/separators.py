"""Typographic separators and marks in numbers, read the way a reader sees them.

News text writes numbers with characters quantulum3 and our grammar do not know: no-break, thin,
narrow no-break and figure spaces between digit groups ("250 000") or between a number and its
scale ("$12.6 million"), an en or em dash glued to a number ("residents–1,204,330"), the minus
sign (U+2212), the fraction slash ("3⁄16"), and invisible zero-width and direction marks inside a
number. :func:`read` rewrites a sentence into plain characters before extraction reads it:

- a typographic space, or a zero-width or direction mark, between a group of one to three digits
  and groups of three is a thousands comma ("250 000" -> "250,000"; marks around a comma or such
  a space go with it); any other typographic space is a space. A plain space is left as written:
  this step never makes "on June 3 100 people" one number;
- an en or em dash between a word and a digit is a space ("residents–1,204"): a dash between
  digits stays a range ("2014–2016"), and one after a capitalised word stays ("COVID–19");
- U+2212 is "-" and U+2044 is "/";
- other zero-width and direction marks next to a digit are dropped, since nothing shows there;
- the word "minus" before a number is a minus sign ("minus 5 degrees" -> -5), unless a number
  or "plus or" stands before it ("5 minus 3", "plus or minus 2");
- "sub-" glued to a number or amount is the word "sub " ("sub-5 nm" -> "sub 5 nm", "sub-$500"), which extraction reads as
  "less than": quantulum3 would read the letters as units.

Every substitution keeps the length except those that drop marks or read "minus " as "-", so :class:`Reading` keeps, for each
character it reads, the index of the character it came from: extraction maps every span back and
takes surfaces from the original sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..records.model import Quantity
from .numerals import NUMBER_WORDS

#: no-break, figure, thin and narrow no-break spaces
TYPOGRAPHIC_SPACES = "\u00a0\u2007\u2009\u202f"
#: zero-width space, non-joiner, joiner, word joiner, byte-order mark, and the direction marks,
#: embeddings, overrides and isolates
INVISIBLE_MARKS = "\u200b\u200c\u200d\u2060\ufeff\u200e\u200f" + "".join(
    map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))
_MINUS_SIGN = "\u2212"
_FRACTION_SLASH = "\u2044"

_ANY = re.compile(rf"[{TYPOGRAPHIC_SPACES}{INVISIBLE_MARKS}{_MINUS_SIGN}{_FRACTION_SLASH}\u2013\u2014]|minus|sub-[$£€¥₹]?\d",
                  re.IGNORECASE)
_SUB = re.compile(r"(?<![^\W_])sub-(?=[$£€¥₹]?\d)", re.IGNORECASE)
_MARKS = re.compile(rf"[{INVISIBLE_MARKS}]+")
# a gap between digit groups: a typographic space or comma with marks around it, or marks alone
_GAP = rf"(?:[{INVISIBLE_MARKS}]*+[{TYPOGRAPHIC_SPACES},][{INVISIBLE_MARKS}]*+|[{INVISIBLE_MARKS}]++)"
_GROUPS = re.compile(rf"(?<![\d.,])\d{{1,3}}(?:{_GAP}\d{{3}})+(?!\d)")
_GAPS = re.compile(_GAP)
_SEPARATOR = re.compile(rf"[{TYPOGRAPHIC_SPACES},]")
_SPACE = re.compile(rf"[{TYPOGRAPHIC_SPACES}]")
# an em dash after any letter is a space; an en dash only after a word in lower case (not "COVID–19")
_DASH_AFTER_LETTER = re.compile(r"(?<=[^\W\d_])[\u2013\u2014](?=\d)")
_LETTERS_BEFORE = re.compile(r"[^\W\d_]+$")
_MINUS_WORD = re.compile(r"(?<![^\W_])minus\s+(?=\d)", re.IGNORECASE)
_WORD_BEFORE = re.compile(r"([^\W_]+)[\s,]*$")
#: characters read before a "minus" or a dash: a window, so that a sentence of many costs linear time
_LOOK_BACK = 32


@dataclass(frozen=True)
class Reading:
    """A sentence as extraction reads it: ``text``, and for each of its characters the index in ``original``."""

    original: str
    text: str
    #: ``origin[i]`` is where ``text[i]`` comes from in ``original``
    origin: Sequence[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of ``original`` that ``text[start:end]`` was read from."""
        if start >= end:
            at = self.origin[start] if start < len(self.origin) else len(self.original)
            return at, at
        return self.origin[start], self.origin[end - 1] + 1

    def restore(self, quantity: Quantity) -> Quantity:
        """``quantity`` read from ``text``, with span, surface and number text of ``original``."""
        start, end = self.span(*quantity.span)
        number_text = quantity.number_text
        inside = self.text.find(number_text, *quantity.span) if number_text else -1
        if inside >= 0:
            number_start, number_end = self.span(inside, inside + len(number_text))
            number_text = self.original[number_start:number_end]
        return replace(quantity, span=(start, end), surface=self.original[start:end], number_text=number_text)


def _is_arithmetic(before: str) -> bool:
    """Whether "minus" after ``before`` is an operator or part of "plus or minus", not a sign."""
    if re.search(r"[\d%)]\s*$", before):
        return True
    word = _WORD_BEFORE.search(before)
    return word is not None and (word.group(1).lower() in NUMBER_WORDS or word.group(1).lower() == "or")


def read(sentence: str) -> Reading:
    """``sentence`` with its separators and marks read as plain characters (module doc)."""
    if _ANY.search(sentence) is None:
        return Reading(sentence, sentence, range(len(sentence)))
    # edits as (start, end, replacement) of the original; a replacement of the same length maps
    # character to character, a shorter one maps what is left to where the edit starts
    edits: list[tuple[int, int, str]] = []
    for groups in _GROUPS.finditer(sentence):
        for gap in _GAPS.finditer(sentence, groups.start(), groups.end()):
            # the gap's space or comma, else its first mark, is the comma; its other marks go
            separator = _SEPARATOR.search(sentence, gap.start(), gap.end())
            at = gap.start() if separator is None else separator.start()
            edits.extend(((gap.start(), at, ""), (at, at + 1, ","), (at + 1, gap.end(), "")))
    for marks in _MARKS.finditer(sentence):  # a run of marks is found once: no search inside it
        if sentence[marks.start() - 1:marks.start()].isdecimal() or sentence[marks.end():marks.end() + 1].isdecimal():
            edits.append((marks.start(), marks.end(), ""))
    for minus in _MINUS_WORD.finditer(sentence):
        if not _is_arithmetic(sentence[max(0, minus.start() - _LOOK_BACK):minus.start()]):
            edits.append((minus.start(), minus.end(), "-"))
    for sub in _SUB.finditer(sentence):
        edits.append((sub.end() - 1, sub.end(), " "))
    text, origin = _edited(sentence, edits)
    chars = list(text)
    for dash in _DASH_AFTER_LETTER.finditer(text):
        word = _LETTERS_BEFORE.search(text, max(0, dash.start() - _LOOK_BACK), dash.start())
        if dash.group() == "\u2014" or (word is not None and word.group().islower()):
            chars[dash.start()] = " "
    text = _SPACE.sub(" ", "".join(chars)).replace(_MINUS_SIGN, "-").replace(_FRACTION_SLASH, "/")
    return Reading(sentence, text, origin)


def _edited(sentence: str, edits: list[tuple[int, int, str]]) -> tuple[str, tuple[int, ...]]:
    """``sentence`` with ``edits`` applied, and where each character comes from.

    Of edits that overlap the first to start wins, a separator before a deletion at the same place.
    """
    pieces: list[str] = []
    origin: list[int] = []
    cursor = 0
    for start, end, replacement in sorted(edits, key=lambda edit: (edit[0], not edit[2])):
        if start < cursor:
            continue
        pieces.append(sentence[cursor:start])
        origin.extend(range(cursor, start))
        pieces.append(replacement)
        origin.extend(start + min(i, end - start - 1) for i in range(len(replacement)))
        cursor = end
    pieces.append(sentence[cursor:])
    origin.extend(range(cursor, len(sentence)))
    return "".join(pieces), tuple(origin)
