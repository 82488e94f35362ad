"""Numbers that are not quantities: names, clock times, parts of dates, ordinals, the article of a rate.

quantulum3 and our grammar read every number in a sentence; many of them
name or order things rather than count or measure them. Given a sentence and
the span of a candidate reading, :func:`not_a_quantity` says which of these
it is, or None for a real quantity:

- identifiers: "S&P 500", "Windows 11", "Game 7", "Category 3 storm", "level-two alert", "Mission 66",
  "12 Downing Street", "SW1A 2AA", "the No 10 shirt" (but "7 games", "3 categories" are counts);
  a short number after any capitalised name inside a sentence ("Mission 66", "Super Bowl 50") unless a
  plural after it is what it counts ("Texas 14 people"), a capitalised number word before a capitalised
  word ("the Thirty Years' War"), and the idioms "24/7" and "9/11";
- clock times: "8:15 PM", "11.30pm", "0630 GMT", "10:30 am", "at 1900 hours";
- parts of dates: "on June 3 and 4", "Nov. 3-7", "between 2 and 9 May", and time references written
  with an article ("a year earlier", "a week ago");
- ordinals: "fourth quarter", "the second half", "the third-costliest", "a fifth term", "finished third";
- the article of a rate: "600,000 barrels a day" is one rate, not also "a day"; so is "Rs 45,000
  (about $540) a month".

Headlines in title case ("Storm Kills 12 People") are not read for names: every word is capitalised.

All patterns are linear (no nested unbounded quantifiers) and look at a few
dozen characters around the span, so hostile input cannot make them slow.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .words import MONTH_PATTERN

IDENTIFIER = "identifier"
CLOCK_TIME = "clock time"
DATE_PART = "date part"
ORDINAL = "ordinal"
RATE_ARTICLE = "rate article"

# How far around a span the recognisers look: a name or a date list is a few words.
_WINDOW = 48

# --- identifiers ---------------------------------------------------------------------------
# Names followed by a number that names a member: written capitalised, as names are
# ("Game 7"; "in the game 7 players were sent off" counts players).
_NAME_HEADS = (
    r"S&P|Nikkei|FTSE|DAX|CAC|Stoxx|STOXX|Nasdaq|Topix|Sensex|Nifty|ASX|"
    r"Windows|iPhone|iPad|iOS|Android|Pixel|PlayStation|Xbox|"
    r"Apollo|Artemis|Soyuz|Formula|Boeing|Airbus|Embraer|Interstate|Highway|Route|"
    r"Game|Week|Season|Episode|Volume|Version|Model|Category|Cat|Tier|Level|Stage|Phase|"
    r"Terminal|Gate|Platform|Pier|Channel|Ward|Precinct|Unit"
)
# Common nouns that name a member even in lower case: "a category 3 storm", "a level-two alert".
_COMMON_HEADS = r"category|level|tier|interstate|defcon"
_HEAD_BEFORE = re.compile(
    rf"(?:(?<![\w&])(?:{_NAME_HEADS})|(?<![\w&])(?i:{_COMMON_HEADS}))(?:\s+|-)(?:No\.?\s*|#)?$"
)
_STREET_AFTER = re.compile(
    r"^\s+(?:[A-Z][\w'’.]*\s+){1,3}"
    r"(?:Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Lane|Boulevard|Blvd\.?|Drive|Terrace|Crescent)"
    r"(?!\w)(?!\s+[a-z]+s\b)"  # "5 Wall Street banks" counts banks
)
# Any capitalised name written just before a short whole number names a member ("Mission 66", "Super Bowl
# 50", "Apollo 11 mission") unless a plural after it says the number counts ("Texas 14 people"), the
# sentence is in title case (a headline: "Storm Kills 12"), or the word is a date or a function word.
_NAME_BEFORE = re.compile(r"(?<![\w&.'’])(?P<name>[A-Z][a-z]+[A-Za-z]*|[A-Z]{2,})\s$")
_NOT_NAMES = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december jan feb mar apr jun jul aug sep sept oct nov dec
    the a an in on at by of to from for with and but or nor than as since until till after before about
    around nearly almost some only just over under more less fewer roughly approximately estimated between
    among including plus minus all another another's its their his her our some than then there here
    rs usd eur gbp jpy cny inr chf aud cad nzd hkd sgd zar brl mxn krw rub cop ars php idr""".split())
_PLURAL_AFTER = re.compile(
    r"^\s+(?:[a-z][\w'-]*\s+){0,2}?(?:[a-z][\w'-]{1,}[a-rtv-z]s|people|children|men|women|staff|police|troops)\b")
_WORD = re.compile(r"[^\W\d_]+")
_CAPITALISED_WORD = re.compile(r"[A-Z][^\W\d_]*")


def _is_title_case(sentence: str) -> bool:
    long_words = [word for word in _WORD.findall(sentence)[1:] if len(word) > 3]
    return len(long_words) >= 3 and all(_CAPITALISED_WORD.fullmatch(word) for word in long_words)


def _named_member(sentence: str, start: int, surface: str, before: str, after: str) -> bool:
    """ "Mission 66": a short whole number right after a capitalised name (see _NAME_BEFORE)."""
    if not re.fullmatch(r"\d{1,4}", surface):
        return False
    name = _NAME_BEFORE.search(before)
    if name is None or name.group("name").lower() in _NOT_NAMES:
        return False
    name_start = start - len(before) + name.start()
    if not sentence[:name_start].strip(" \"'“‘(["):
        return False  # the sentence's first word is capitalised anyway
    if re.search(r"[:;!?]\s*[\"'“‘]?\s*$", sentence[:name_start]):
        return False  # a new clause starts capitalised
    return not _PLURAL_AFTER.match(after) and not _is_title_case(sentence)


# A capitalised number word inside a sentence, before another capitalised word, is part of a name:
# "the Thirty Years' War", "the Three Gorges Dam", "the Big Four" aside.
_CAPITALISED_NUMBER = re.compile(r"[A-Z][a-z]+(?:[- ][a-z]+)*")
_CAPITAL_AFTER = re.compile(r"^[\s-]+[A-Z][a-z]")


def _capitalised_name(sentence: str, start: int, surface: str, after: str) -> bool:
    return bool(_CAPITALISED_NUMBER.fullmatch(surface) and _CAPITAL_AFTER.match(after)
                and sentence[:start].strip(" \"'“‘([") and not re.search(r"[.:;!?]\s*[\"'“‘]?\s*$", sentence[:start])
                and not _is_title_case(sentence))


_SHIRT_AFTER = re.compile(r"^\s+(?:shirt|jersey)\b", re.IGNORECASE)
_POSTCODE = re.compile(
    r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b"  # UK: "SW1A 2AA"
    r"|,\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?\b"  # US: "New York, NY 10001"
)

# --- clock times ---------------------------------------------------------------------------
_ZONE = r"(?:GMT|UTC|BST|CET|CEST|EET|IST|JST|[ECMP][SD]T|Z)\b"
_CLOCK = re.compile(
    # "8:15 PM", "11.30pm", "10:30 am", "17.45 GMT": hours and minutes with a marker
    rf"(?<![\d.:,])(?:[01]?\d|2[0-3])[:.][0-5]\d(?:[:.][0-5]\d)?\s?(?:(?i:[ap]\.m\.|[ap]m\b)|{_ZONE})"
    # "14:30", "9:05:12": a colon between hours and two-digit minutes is a time
    r"|(?<![\d.:,])(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?![\d:])"
    # "8 pm", "8pm", "8 p.m."
    r"|(?<![\d.:,])(?:1[0-2]|0?[1-9])\s?(?i:[ap]\.m\.|[ap]m\b)"
    # "0630 GMT", "1430 UTC", "0600 hours" (a leading zero: "1200 hours" may be a duration)
    rf"|(?<![\d.,])(?:(?:[01]\d|2[0-3])[0-5]\d\s?{_ZONE}|0\d[0-5]\d\s?(?:hrs|hours)\b)"
    r"|(?<![\d.,])(?:1[0-2]|0?[1-9])\s?o['’]clock\b"
    # "at 1900 hours", "by 2200 hrs": military time after "at" or "by"
    r"|(?<=\b(?:at|by|At|By) )(?:[01]\d|2[0-3])[0-5]\d\s?(?:hrs|hours|h)\b"
)
# numbers that are words of their own: "24/7", "9/11"
_IDIOM = re.compile(r"(?<![\d/.,-])(?:24/7|24-7|9/11|7/7)(?![\d/])")

# --- parts of dates ------------------------------------------------------------------------
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
_DAY_JOIN = r"(?:\s*,?\s*(?:and|&|or|to|through|until|till)\s+|\s*[-–—]\s*)"
# Months written capitalised: "between 20 and 30 may have died" is no date.
_MONTH = rf"(?:{MONTH_PATTERN})\b\.?"
_DATE_LIST = re.compile(
    rf"\b{_MONTH}\s*{_DAY}(?:\s*,\s*{_DAY}){{0,6}}{_DAY_JOIN}{_DAY}"  # "June 3 and 4", "Nov. 3-7", "May 2, 9 and 16"
    # "between 2 and 9 May"; a list starts at its first day only (not after ", "), so a scan stays linear
    rf"|(?<![\d.,])(?<!,\s)\b{_DAY}(?:\s*,\s*{_DAY}){{0,6}}{_DAY_JOIN}{_DAY}\s+(?:of\s+)?{_MONTH}"
)

# --- ordinals ------------------------------------------------------------------------------
_ORDINAL_WORDS = (
    r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    r"final|last|next|previous|same|latest|current|opening|closing|this|that|each|every|"
    r"\d+(?:st|nd|rd|th)"
)
_SINGULAR_ORDINALS = r"second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth"
_PERIOD = re.compile(r"(?:an?\s+|the\s+)?(?:half|quarter)", re.IGNORECASE)
_ORDINAL_BEFORE_PERIOD = re.compile(rf"(?<!\w)(?:{_ORDINAL_WORDS})[\s-]+$", re.IGNORECASE)
_BARE_PERIOD = re.compile(r"half|quarter", re.IGNORECASE)
_THE_BEFORE = re.compile(r"(?<!\w)the\s+$", re.IGNORECASE)
_OF_AFTER = re.compile(r"^\s+of\b", re.IGNORECASE)
_ORDINAL_PERIOD = re.compile(
    rf"(?:an?\s+|the\s+)?(?:{_SINGULAR_ORDINALS}|first)[\s-]+(?:half|quarter)", re.IGNORECASE)
_PLACED_BEFORE = re.compile(
    r"(?<!\w)(?:finish(?:ed|es|ing)?|came|come|comes|coming|plac(?:ed|es|ing)|rank(?:ed|s|ing)?|end(?:ed|s)|"
    r"rated|seeded|slipped\s+to|climbed\s+to|rose\s+to|fell\s+to|dropped\s+to)\s+$", re.IGNORECASE)
_ORDINAL_WORD = re.compile(rf"(?:(?P<article>an?)\s+)?(?:{_SINGULAR_ORDINALS})", re.IGNORECASE)
_DETERMINER_BEFORE = re.compile(r"(?<!\w)(?:the|its|his|her|their|our|my|your|this|that|\w+['’]s)\s+$",
                                re.IGNORECASE)
# Words after "a third ..." that make it an ordinal ("a fifth term"), not a share ("a third more").
_ORDINAL_NOUN_AFTER = re.compile(
    r"^(?:-[^\W\d_]"  # "third-costliest", "second-quarter"
    r"|\s+(?:time|round|term|place|day|week|month|year|quarter|half|consecutive|straight|successive|"
    r"generation|wave|leg|stage|set|game|match|season|century|edition|person|child|son|daughter|"
    r"case|death|victim|attempt|vote|ballot|floor|grade|party|country|state|city|night|morning|evening|"
    r"afternoon|hour|session|meeting|lap|inning|innings|period|shift|trial|bid|try|visit|win|loss|defeat|victory|"
    r"title|goal|strike|attack|quake|earthquake|aftershock|storm|flood|wave|[^\W\d_]+est)\b)",
    re.IGNORECASE,
)

# --- the article of a rate -----------------------------------------------------------------
_ARTICLE_PERIOD = re.compile(
    r"(?:an?|per)\s+(?:day|night|week|month|year|hour|minute|second|quarter|season|decade)", re.IGNORECASE)
# A number and the plural it counts just before "a day": "600,000 barrels a day", "5% a year"
# ("the 3 men met a week later" has no rate: "met" counts nothing).
_RATE_BEFORE = re.compile(
    r"(?:(?<![\w.,])\d[\d,.]*|(?<!\w)(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|"
    r"forty|fifty|hundred|thousand|million|billion|dozen))"
    r"(?:\s*(?:%|per\s?cent|percent)|\s+(?:[\w'-]+\s+){0,3}?(?:[\w'-]*[^\W\d_]s|people|children|men|women|staff))"
    r"\s+$",
    re.IGNORECASE,
)
# a price before "a pound", "a share", "a barrel": the article is the rate's
_ARTICLE_MEASURE = re.compile(
    r"(?:an?|per)\s+(?:pound|barrel|gallon|litre|liter|ton|tonne|kilo|kilogram|bushel|share|head|unit|ounce)",
    re.IGNORECASE)
_PRICE_BEFORE = re.compile(
    r"(?:(?<![\w.,])\d[\d,.]*\s*(?:cents?|pence|p|dollars?|euros?|pounds?|yen|yuan|rupees?)"
    r"|[$£€¥₹]\s?\d[\d,.]*(?:\s?(?:million|billion|bn|m|k))?)\s+$", re.IGNORECASE)
# "Rs 45,000 (about $540) a month": the rate's amount and its conversion
_CONVERSION_BEFORE = re.compile(r"\d[^()]{0,24}\)\s+$")
_TIME_REFERENCE_AFTER = re.compile(r"^\s+(?:earlier|ago|later|before|previously|since|prior)\b", re.IGNORECASE)
_NOT_RATE_AFTER = re.compile(r"^\s+(?:later|ago|earlier|before|after|since|into|of)\b", re.IGNORECASE)


@lru_cache(maxsize=256)
def _spans(sentence: str) -> tuple[tuple[tuple[int, int], str], ...]:
    """Spans of clock times, date lists and postcodes: scanned once per sentence, not per number."""
    return tuple((m.span(), kind) for pattern, kind in ((_CLOCK, CLOCK_TIME), (_DATE_LIST, DATE_PART),
                                                         (_POSTCODE, IDENTIFIER), (_IDIOM, IDENTIFIER))
                 for m in pattern.finditer(sentence))


def not_a_quantity(sentence: str, start: int, end: int) -> str | None:
    """What the reading ``sentence[start:end]`` is if not a quantity (:data:`IDENTIFIER`, :data:`CLOCK_TIME`,
    :data:`DATE_PART`, :data:`ORDINAL`, :data:`RATE_ARTICLE`), or None for a quantity.

    >>> not_a_quantity("The S&P 500 fell 2%.", 8, 11)
    'identifier'
    >>> not_a_quantity("The S&P 500 fell 2%.", 17, 19) is None
    True
    """
    for (span_start, span_end), kind in _spans(sentence):
        if span_start < end and start < span_end:
            return kind
    surface = sentence[start:end]
    before = sentence[max(0, start - _WINDOW):start]
    after = sentence[end:end + _WINDOW]
    if _HEAD_BEFORE.search(before) or _STREET_AFTER.match(after) or _SHIRT_AFTER.match(after) \
            or _named_member(sentence, start, surface, before, after) \
            or _capitalised_name(sentence, start, surface, after):
        return IDENTIFIER
    return _ordinal_or_rate(surface, before, after)


def _ordinal_or_rate(surface: str, before: str, after: str) -> str | None:
    """Ordinals ("the second half", "a fifth term") and the article of a rate ("barrels a day")."""
    if _ORDINAL_PERIOD.fullmatch(surface):
        return ORDINAL  # "fourth quarter" read as a sixteenth
    if _PERIOD.fullmatch(surface):
        if _ORDINAL_BEFORE_PERIOD.search(before):
            return ORDINAL  # "the second half", "the first quarter of 2024"
        if _BARE_PERIOD.fullmatch(surface) and _THE_BEFORE.search(before) and not _OF_AFTER.match(after):
            return ORDINAL  # "profit in the quarter": a period, not a share
    ordinal = _ORDINAL_WORD.fullmatch(surface)
    if ordinal and ordinal.group("article") is None and _PLACED_BEFORE.search(before) and not _OF_AFTER.match(after):
        return ORDINAL  # "finished third", "ranked second"
    if ordinal:
        if _ORDINAL_NOUN_AFTER.match(after):
            return ORDINAL  # "a fifth term", "the third-costliest"
        if ordinal.group("article") is None and _DETERMINER_BEFORE.search(before) and not _OF_AFTER.match(after):
            return ORDINAL  # "the third to die", "its fifth"
    if _ARTICLE_MEASURE.fullmatch(surface) and _PRICE_BEFORE.search(before):
        return RATE_ARTICLE  # "1 cent a pound", "12 cents a share": the price's rate, not one pound
    if _ARTICLE_PERIOD.fullmatch(surface):
        if _TIME_REFERENCE_AFTER.match(after):
            return DATE_PART  # "from EUR 2.9bn a year earlier", "a week ago": when, not how long
        if (_RATE_BEFORE.search(before) or _CONVERSION_BEFORE.search(before)) and not _NOT_RATE_AFTER.match(after):
            return RATE_ARTICLE
    return None
