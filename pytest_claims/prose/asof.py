"""When a claim holds: the document date, unless the sentence says otherwise.

A report dated Monday that says "219 civilians were killed on Sunday" makes
a claim about Sunday. :func:`as_of` reads the date phrases of a sentence and
resolves the one nearest the quantity against the document date:

=====================================  ==========================================
phrase                                 date
=====================================  ==========================================
"on Sunday", "Sunday's", "Sunday       the most recent Sunday before the document
morning", "last Sunday"                date; the document date itself when it is
                                       a Sunday (but "last Sunday" then means a
                                       week before)
"yesterday", "last night"              the day before
"today", "tonight", "this morning",    the document date
"earlier today"
"over the weekend", "last weekend"     the most recent Sunday before the document
                                       date (the document date on a weekend)
"last week", "a week ago"              7 days before: an approximation, marked
                                       "(approximate)" in the reason
"two days ago", "three weeks ago"      that many days before
"on November 13", "13 Nov", "Nov. 13"  that day in the year (before, of or after
"as of 4 June", "by 12 June"           the document's) that puts it nearest the
                                       document date: "5 June" in a 4 June report
                                       is the day after
"between 2 and 9 May", "from 14 to    the last day of the period, the reason
17 August"                             ending "(end of period)": the claim holds
                                       as of the period's end
"November 13, 2016", "2016-11-13"      that day (even without a document date)
=====================================  ==========================================

Phrases that mark the start or end of a period are not when a claim holds
and are skipped: after "since", "from", "until", "till", "after", "before",
"began", "started", "launched", "beginning" ("has killed 341 people since
Sunday" holds as of the document date). "next Monday" is skipped (the
future), and so is a full date later than the document date. "this week",
"last month", "in November" and "earlier this month" are too vague to be
a date and leave the document date in place.

When the sentence has several date phrases, the one nearest the quantity
(in characters) within its ``;``-delimited clause wins, else the nearest in
the sentence. Tense is not read: "talks on Wednesday" in a Tuesday report
resolves to the Wednesday before. The result never lies after the
document date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Optional

from .documents import find_dates
from ..records.model import span_distance
from .words import MONTH_PATTERN, MONTHS

DOCUMENT_DATE = "document date"

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                 "seven": 7, "eight": 8, "nine": 9, "ten": 10}

# Month and weekday names are capitalized in English ("may" is a verb); the
# other words match in any case. Every repetition is a single \s+ between
# literal words or a bounded digit run: the patterns are linear.
_AGO_NUMBER = "|".join(_NUMBER_WORDS)  # "a", "an", "one" .. "ten" (days|weeks) ago
_WEEKDAY = "|".join(day.capitalize() for day in _WEEKDAYS)
_PHRASE = re.compile(
    rf"""
    (?<![A-Za-z0-9])
    (?:
        (?:(?P<wmod>(?i:on|last|this|next|early|late))\s+)?(?P<weekday>{_WEEKDAY})(?:['’]s)?
            (?:\s+(?i:morning|afternoon|evening|night))?
      | (?:(?i:on)\s+)?(?P<month1>{MONTH_PATTERN})\.?\s+(?P<day1>[0-9]{{1,2}})(?:st|nd|rd|th)?(?![0-9A-Za-z])(?!,[0-9])
      | (?:(?i:on)\s+)?(?P<day2>[0-9]{{1,2}})(?:st|nd|rd|th)?\s+(?P<month2>{MONTH_PATTERN})\.?
      | (?P<yesterday>(?i:yesterday|last\s+night))
      | (?P<today>(?i:today|tonight|this\s+morning|this\s+afternoon|this\s+evening|earlier\s+today))
      | (?P<weekend>(?:(?i:over|at|during|on)\s+)?(?i:the|this|last)\s+(?i:weekend))
      | (?P<lastweek>(?i:last\s+week))
      | (?P<agon>(?i:{_AGO_NUMBER})|[0-9]{{1,2}})\s+
            (?P<agounit>(?i:days?|weeks?))\s+(?i:ago)
    )
    (?![A-Za-z0-9])
    """,
    re.VERBOSE,
)
_PERIOD_EDGE = re.compile(
    r"(?i:since|from|until|till|after|before|began|begun|begins|beginning|started|starting|launched)"
    r"\s+(?i:on\s+|in\s+)?$")
_LOOK_BEHIND = 24
#: the reason of a phrase that counts back past 0001-01-01, often a CMS's stand-in for "no date"
_BEFORE_CALENDAR = " (before 0001-01-01: date unknown; is the document date a placeholder?)"
# "between 2 and 9 May", "from 14 to 17 August": the day before the month is a period's end
_PERIOD_START = re.compile(
    r"(?i:between|from)\s+[0-9]{1,2}(?:st|nd|rd|th)?\s*(?:(?i:and|to|until|till)\s+|[-–]\s*)$")


@dataclass(frozen=True)
class AsOf:
    """The date a claim holds and why.

    ``reason`` is the phrase the date was read from, quoted (``"'on
    Sunday'"``; ``"'last week' (approximate)"`` for weeks), or
    ``"document date"``; both are None when there is no date at all.
    ``span`` is where the phrase is in the sentence.
    """

    date: Optional[date]
    reason: Optional[str]
    span: Optional[tuple[int, int]] = None


@dataclass(frozen=True)
class DatePhrase:
    """A date phrase of a sentence, resolved: where it is, its date, and the reason text.

    ``date`` is None when the phrase counts back past the calendar's first day (a document dated
    0001-01-01, a CMS's "no date", said "yesterday"): the claim's date is unknown, and the reason says so.
    """

    span: tuple[int, int]
    date: Optional[date]
    reason: str


def as_of(sentence: str, document_date: Optional[date],
          span: Optional[tuple[int, int]] = None) -> AsOf:
    """When the claim at ``span`` (offsets in ``sentence``) holds; see the module doc.

    Without a span the first date phrase of the sentence counts.

    >>> as_of("The Observatory said 219 civilians were killed on Sunday.", date(2016, 11, 28), (21, 24))
    AsOf(date=datetime.date(2016, 11, 27), reason="'on Sunday'", span=(47, 56))
    """
    phrases = _date_phrases(sentence, document_date)
    chosen = _nearest(sentence, phrases, span)
    if chosen is not None:
        return AsOf(chosen.date, chosen.reason, chosen.span)
    if document_date is None:
        return AsOf(None, None)
    return AsOf(document_date, DOCUMENT_DATE)


def date_phrases(sentence: str, document_date: Optional[date]) -> list[DatePhrase]:
    """Every date phrase of ``sentence`` that resolves, in order."""
    return list(_date_phrases(sentence, document_date))


@lru_cache(maxsize=1024)
def _date_phrases(sentence: str, document_date: Optional[date]) -> tuple[DatePhrase, ...]:
    """:func:`date_phrases`, read once per sentence however many of its claims ask."""
    found: list[DatePhrase] = []
    taken: list[tuple[int, int]] = []  # full dates, used or not: no part of one is read again
    for day, offset, surface in find_dates(sentence):
        taken.append((offset, offset + len(surface)))
        if document_date is None or day <= document_date:
            found.append(DatePhrase(taken[-1], day, _quote(surface)))
    if document_date is not None:
        for match in _PHRASE.finditer(sentence):
            if any(start < match.end() and match.start() < end for start, end in taken):
                continue
            if _PERIOD_EDGE.search(sentence, max(0, match.start() - _LOOK_BEHIND), match.start()):
                continue
            resolved = _resolve(match, document_date)
            month_day = bool(match.group("month1") or match.group("month2"))
            if resolved is None:
                continue
            if resolved[0] is None:
                found.append(DatePhrase(match.span(), None, _quote(match.group()) + _BEFORE_CALENDAR))
                continue
            if not (month_day or resolved[0] <= document_date):
                continue
            period = _PERIOD_START.search(sentence, max(0, match.start() - _LOOK_BEHIND), match.start())
            if month_day and period is not None:
                found.append(DatePhrase((period.start(), match.end()), resolved[0],
                                        _quote(sentence[period.start():match.end()]) + " (end of period)"))
            else:
                found.append(DatePhrase(match.span(), resolved[0], _quote(match.group(), resolved[1])))
    return tuple(sorted(found, key=lambda phrase: phrase.span))


def _quote(text: str, approximate: bool = False) -> str:
    quoted = "'" + " ".join(text.split()) + "'"
    return quoted + " (approximate)" if approximate else quoted


def _resolve(match: re.Match[str], document_date: date) -> Optional[tuple[Optional[date], bool]]:
    """(date, approximate) of a phrase, or None when it names no usable day; the date is None when it
    would fall before the calendar's first day."""
    groups = match.groupdict()
    if groups["weekday"]:
        modifier = (groups["wmod"] or "").lower()
        if modifier == "next":
            return None
        back = (document_date.weekday() - _WEEKDAYS.index(groups["weekday"].lower())) % 7
        if modifier == "last" and back == 0:
            back = 7
        return _days_before(document_date, back), False
    if groups["month1"] or groups["month2"]:
        month = MONTHS[(groups["month1"] or groups["month2"]).lower()]
        return _month_day(month, int(groups["day1"] or groups["day2"]), document_date)
    if groups["yesterday"]:
        return _days_before(document_date, 1), False
    if groups["today"]:
        return document_date, False
    if groups["weekend"]:
        back = 0 if document_date.weekday() >= 5 else document_date.weekday() + 1
        return _days_before(document_date, back), False
    if groups["lastweek"]:
        return _days_before(document_date, 7), True
    if groups["agon"]:
        amount = groups["agon"].lower()
        count = int(amount) if amount.isdigit() else _NUMBER_WORDS[amount]
        unit = 7 if groups["agounit"].lower().startswith("week") else 1
        return _days_before(document_date, count * unit), unit == 7
    return None


def _days_before(day: date, days: int) -> Optional[date]:
    """``days`` before ``day``, or None before 0001-01-01 (where date arithmetic overflows)."""
    try:
        return day - timedelta(days=days)
    except OverflowError:
        return None


def _month_day(month: int, day: int, document_date: date) -> Optional[tuple[date, bool]]:
    """The day in the year before, of, or after the document's that lies nearest the document date.

    Ties go to the earlier day: reports look back more often than ahead.
    """
    candidates = []
    for year in (document_date.year - 1, document_date.year, document_date.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:  # 29 February outside a leap year, 31 April
            continue
    if not candidates:
        return None
    return min(candidates, key=lambda day_: (abs((day_ - document_date).days), day_)), False


def _nearest(sentence: str, phrases: Sequence[DatePhrase], span: Optional[tuple[int, int]]) -> Optional[DatePhrase]:
    if not phrases:
        return None
    if span is None:
        return phrases[0]
    clause = _clause(sentence, span[0])
    inside = [phrase for phrase in phrases if clause[0] <= phrase.span[0] and phrase.span[1] <= clause[1]]
    # ties go to the later phrase: adverbials of time usually follow what they date
    return min(inside or phrases, key=lambda phrase: (span_distance(phrase.span, span), -phrase.span[0]))


def _clause(sentence: str, offset: int) -> tuple[int, int]:
    start = sentence.rfind(";", 0, offset) + 1
    end = sentence.find(";", offset)
    return start, len(sentence) if end < 0 else end
