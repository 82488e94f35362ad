"""Our own grammar of news numbers, for what quantulum3 misreads or misses.

Spelled-out numbers, fractions of scales ("half a million") and dozens are
read by :mod:`pytest_claims.numerals`. Each reader here finds phrases in one
sentence and returns ``Phrase`` records in sentence coordinates; extraction
then prefers them over whatever quantulum3 reported for overlapping text. All patterns are linear (no nested
unbounded quantifiers) so hostile input cannot make them slow.

- vague amounts: "dozens of", "hundreds", "tens of thousands", "several
  hundred" -> an interval ("hundreds" is [200, 1000));
- rates: "one in five", "a one-in-three chance", "two out of five" -> the shares 0.2, 1/3, 0.4 ("9 out of 10" is a count and its total);
- scores and changes: "122 to 13" (a vote), "rose from 200 to 300" are two
  numbers, not a range.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .numerals import NUMBER_WORD_PATTERN, number_value
from .scales import SCALE_WORDS

#: a cardinal of at most a few words: "forty-four", "one hundred", "32", "1,500"
CARDINAL = (
    rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?"
    rf"|(?:(?:{NUMBER_WORD_PATTERN})(?:[- ](?:{NUMBER_WORD_PATTERN}))?)"
    rf"(?:\s+hundred(?:\s+(?:and\s+)?(?:{NUMBER_WORD_PATTERN})(?:-(?:{NUMBER_WORD_PATTERN}))?)?)?)"
)


def is_year(value: float) -> bool:
    """Whether a whole number could be a year in news prose (1800-2100)."""
    return value == int(value) and 1800 <= value <= 2100


@dataclass(frozen=True)
class Phrase:
    """A quantity our grammar read: its span, value and, for vague amounts, its band."""

    start: int
    end: int
    value: float
    kind: str  # "count" or "share"
    #: [low, high) for vague amounts ("hundreds" -> (200, 1000)); None for exact numbers
    band: Optional[tuple[float, float]] = None


# --- vague amounts -------------------------------------------------------------

_VAGUE_SCALE = {"dozens": 12} | {word + "s": value for word, value in SCALE_WORDS.items()}
# "tens of thousands", "hundreds of thousands", "dozens of", "thousands of", "several hundred",
# "a few thousand"; the plural alone ("thousands fled") counts too.
_VAGUE = re.compile(
    r"\b(?:(?P<mult>tens|hundreds|several|a\s+few|few)\s+(?:of\s+)?)?"
    r"(?P<scale>dozens|hundreds|thousands|millions|billions|dozen|hundred|thousand|million|billion)\b",
    re.IGNORECASE,
)


def _vague_amounts(sentence: str) -> list[Phrase]:
    found = []
    for match in _VAGUE.finditer(sentence):
        scale_word = match.group("scale").lower()
        mult = (match.group("mult") or "").lower()
        mult = re.sub(r"\s+", " ", mult)
        plural = scale_word.endswith("s")
        if plural:
            unit = _VAGUE_SCALE[scale_word]
            # "hundreds" is at least two hundred and fewer than a thousand
            low, high = 2 * unit, 10 * unit if unit != 12 else 100
            if mult in ("tens", "hundreds"):
                factor = 10 if mult == "tens" else 100
                low, high = low * factor, high * factor
            elif mult:
                continue  # "several thousands" is unusual English: leave it
        else:
            if mult not in ("several", "a few", "few") or scale_word == "dozen":
                continue  # "hundred" on its own is an exact number that quantulum3 reads
            unit = SCALE_WORDS[scale_word]
            low, high = (3 if mult == "several" else 2) * unit, 10 * unit
        if _is_number_before(sentence, match.start()):
            continue  # "two hundred", "5 million": exact numbers
        found.append(Phrase(match.start(), match.end(), float(low), "count", (float(low), float(high))))
    return found


_NUMBER_BEFORE = re.compile(rf"(?:\d|[$£€]|\b(?:{NUMBER_WORD_PATTERN}|a|an|half|quarter|third))[\s-]*$",
                            re.IGNORECASE)


def _is_number_before(sentence: str, start: int) -> bool:
    return bool(_NUMBER_BEFORE.search(sentence[max(0, start - 24):start]))


# --- rates: "one in five" -------------------------------------------------------------

_RATE = re.compile(
    rf"\b(?P<a>{CARDINAL})(?:\s+|-)(?:in|(?P<out_of>out(?:\s+|-)of))(?:\s+|-)(?:every\s+)?(?P<b>{CARDINAL})\b",
    re.IGNORECASE)
_TIME_AFTER = re.compile(
    r"^\s*(?:-\s*)?(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centuries|"
    r"%|percent|per\s*cent|[a-z]*metres?|[a-z]*meters?|km|miles?)\b",
    re.IGNORECASE,
)


def _rates(sentence: str) -> list[Phrase]:
    found = []
    for match in _RATE.finditer(sentence):
        a, b = number_value(match.group("a")), number_value(match.group("b"))
        if a is None or b is None or not (0 < a < b) or is_year(b):
            continue  # "32 in 2016" is a year
        if _TIME_AFTER.match(sentence[match.end():]) or re.search(r"[\d,.]$", sentence[:match.start()]):
            continue  # "3 in 2 days", "killed 12 in five hours" are not rates
        if match.group("out_of") and re.search(r"\d", match.group(0)):
            continue  # "9 out of 10 residents" is a count and its total; "two out of five" is a share
        found.append(Phrase(match.start(), match.end(), a / b, "share"))
    return found


# --- multiples: "fivefold", "a 10-fold rise" ------------------------------------------------

_FOLD = re.compile(rf"(?<![\w.,-])(?P<n>\d+(?:\.\d+)?|(?:{NUMBER_WORD_PATTERN})(?:-(?:{NUMBER_WORD_PATTERN}))?)-?fold\b",
                   re.IGNORECASE)


def _multiples(sentence: str) -> list[Phrase]:
    """ "fivefold", "a 10-fold rise": the number of times, read as quantulum3 reads "5 times"."""
    found = []
    for match in _FOLD.finditer(sentence):
        value = number_value(match.group("n"))
        if value is not None and value > 0:
            found.append(Phrase(match.start(), match.end(), value, "count"))
    return found


# --- scores and changes: two numbers, not a range --------------------------------------

_SCORE = re.compile(r"(?<![\d.,-])(?P<a>\d[\d,]*)\s+to\s+(?P<b>\d[\d,]*)\b(?![.,]\d)")
_CHANGE_BEFORE = re.compile(
    r"\b(?:rose|risen|rising|rises|fell|fallen|falling|falls|increased|increasing|increases|decreased|"
    r"decreasing|decreases|dropped|dropping|climbed|climbing|jumped|grew|grown|declined|declining|"
    r"went\s+up|went\s+down|soared|surged|plunged|plummeted|slipped|raised|lowered|cut|revised|"
    r"up|down)\s+(?:\w+\s+){0,2}from\s+$",
    re.IGNORECASE,
)


def two_numbers(sentence: str, start: int, end: int) -> Optional[tuple[tuple[int, int], tuple[int, int]]]:
    """Spans of the two numbers when "X to Y" at [start, end) is a score or a change, not a range.

    A vote "122 to 13" is read high to low; a range is written low to high.
    "rose from 200 to 300" gives two states of one count.
    """
    text = sentence[start:end]
    inner = re.search(r"(?P<a>\d[\d,.]*)\s*(?:[a-zA-Z%]+\s*)?(?:to|-|–)\s*(?P<b>\d[\d,.]*)", text)
    if not inner:
        return None
    a_text, b_text = inner.group("a").rstrip(",."), inner.group("b").rstrip(",.")
    try:
        a, b = float(a_text.replace(",", "")), float(b_text.replace(",", ""))
    except ValueError:
        return None
    opener = re.search(r"\bfrom\s+$", sentence[:start])
    change = _CHANGE_BEFORE.search(sentence[:start + inner.start()]) is not None
    descending = a > b and not opener and not re.search(r"\bbetween\s+$", sentence[:start])
    if not (change or descending):
        return None
    a_start = start + inner.start("a")
    b_start = start + inner.start("b")
    return (a_start, a_start + len(a_text)), (b_start, b_start + len(b_text))


def scores(sentence: str) -> list[tuple[int, int]]:
    """Spans of numbers in "122 to 13" that quantulum3 drops altogether."""
    spans = []
    for match in _SCORE.finditer(sentence):
        a = float(match.group("a").replace(",", ""))
        b = float(match.group("b").replace(",", ""))
        if a > b and not re.search(r"\b(?:between|from)\s+$", sentence[:match.start()]):
            spans.append((match.start("a"), match.end("a")))
            spans.append((match.start("b"), match.end("b")))
    return spans


def find_phrases(sentence: str) -> list[Phrase]:
    """Every phrase our grammar reads in ``sentence``, longest first where they overlap."""
    candidates = _rates(sentence) + _vague_amounts(sentence) + _multiples(sentence)
    chosen: list[Phrase] = []
    for phrase in sorted(candidates, key=lambda p: (p.start, -(p.end - p.start))):
        if any(phrase.start < other.end and other.start < phrase.end for other in chosen):
            continue
        chosen.append(phrase)
    return sorted(chosen, key=lambda p: p.start)
