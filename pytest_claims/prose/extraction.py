"""Quantity extraction: quantulum3, one sentence at a time, plus news grammar.

``extract`` is a pure function of (text, EXTRACTOR_VERSION): the same text
always gives the same quantities, so results can be cached by content hash.

quantulum3 finds numbers and units; around it we add what news prose needs:
qualifiers become intervals ("more than 341" -> (341, inf)), shares are told
from counts ("a third", "85%"), and things that are not claims are dropped
(years, days of a month, clock times, units quantulum3 invents for ordinary
words such as "a key" -> exayear).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Callable, Optional

from . import grammar, money, nonquantities, quantulum, separators
from ..records.model import COUNT, DURATION, MEASURE, SHARE, Quantity, Sentence
from .numerals import NUMBER_WORD_PATTERN, NUMBER_WORDS, Numeral, find_numerals, number_value
from .scales import SCALES
from .limits import sentence_over
from .sentences import split_sentences
from .words import MONTH_PATTERN, singular

#: Bump when extraction output changes for some input (cache key component).
EXTRACTOR_VERSION = "3.3"

_MONTH_BEFORE = re.compile(rf"\b(?:{MONTH_PATTERN})\.?\s*$", re.IGNORECASE)
def _is_month(found: Optional[re.Match[str]]) -> bool:
    """A month name matched case-blind, but not the verb "may" ("Between 20 and 30 may have died")."""
    return found is not None and not re.search(r"\bmay\b", found.group())


_MONTH_AFTER = re.compile(rf"^(?:st|nd|rd|th)?\s*(?:of\s+)?(?:{MONTH_PATTERN})\b", re.IGNORECASE)
_YEAR_CONTEXT_BEFORE = re.compile(
    r"\b(?:in|since|of|until|till|by|from|to|before|after|during|early|late|mid|summer|winter|"
    r"spring|autumn|fall|year|years|season|,)\s*-?$",
    re.IGNORECASE,
)

# Qualifier phrases written just before a number, longest first.
_QUALIFIER_WORDS: tuple[tuple[str, str], ...] = (
    ("no more than", "up_to"),
    ("no fewer than", "at_least"),
    ("no less than", "at_least"),
    ("not more than", "up_to"),
    ("more than", "more_than"),
    ("greater than", "more_than"),
    ("in excess of", "more_than"),
    ("upwards of", "more_than"),
    ("less than", "less_than"),
    ("fewer than", "less_than"),
    ("as many as", "up_to"),
    ("as much as", "up_to"),
    ("as few as", "at_least"),
    ("at least", "at_least"),
    ("at most", "up_to"),
    ("up to", "up_to"),
    ("an estimated", "about"),
    ("approximately", "about"),
    ("roughly", "about"),
    ("around", "about"),
    ("about", "about"),
    ("almost", "nearly"),
    ("nearly", "nearly"),
    ("close to", "nearly"),
    ("some", "about"),
    ("approx.", "about"),
    ("exceeding", "more_than"),
    ("over", "more_than"),
    ("above", "more_than"),
    ("under", "less_than"),
    ("below", "less_than"),
    ("just over", "more_than"),
    ("just under", "less_than"),
    ("sub", "less_than"),  # "sub-5 nm", read as "sub 5 nm" (separators)
    ("~", "about"),
    (">", "more_than"),
    ("<", "less_than"),
    (">=", "at_least"),
    ("<=", "up_to"),
    ("≥", "at_least"),
    ("≤", "up_to"),
    ("larger than", "more_than"),
    ("bigger than", "more_than"),
    ("higher than", "more_than"),
    ("smaller than", "less_than"),
    ("lower than", "less_than"),
    ("exceeds", "more_than"),
    ("exceeded", "more_than"),
    ("surpassed", "more_than"),
    ("topped", "more_than"),
    ("well over", "more_than"),
    ("well above", "more_than"),
    ("well under", "less_than"),
    ("well below", "less_than"),
    ("less than or equal to", "up_to"),
    ("fewer than or equal to", "up_to"),
    ("more than or equal to", "at_least"),
    ("greater than or equal to", "at_least"),
    ("equal to or less than", "up_to"),
    ("equal to or fewer than", "up_to"),
    ("equal to or more than", "at_least"),
    ("equal to or greater than", "at_least"),
    *((f"{word} or equal {to}", "at_least") for word in ("more", "greater", "larger", "bigger", "higher")
      for to in ("to", "than")),
    *((f"{word} or equal {to}", "up_to") for word in ("less", "fewer", "smaller", "lower")
      for to in ("to", "than")),
    ("exceed", "more_than"),
    ("surpass", "more_than"),
    # headline verbs of a rising figure: "toll passes 5,000", "tops 35,000"
    # ("passed" is left out: "they passed 5 checkpoints" counts checkpoints)
    ("passes", "more_than"),
    ("tops", "more_than"),
    ("topping", "more_than"),
    ("surpasses", "more_than"),
    *((f"{verb} past", "more_than") for verb in ("climbed", "climbs", "rose", "rises", "climbing", "rising")),
    ("surpassing", "more_than"),
    ("a minimum of", "at_least"),
    ("a maximum of", "up_to"),
    ("an estimate of", "about"),
    ("somewhere around", "about"),
    ("some estimated", "about"),
    ("more or less", "about"),
    ("in the region of", "about"),
    ("on the order of", "about"),
)

# Qualifiers written after the number: "50 or more people", "200 or so".
_QUALIFIER_AFTER = re.compile(
    r"^\s+(?:(?P<at_least>or\s+(?:more|greater|higher|above|over)|and\s+(?:more|above|over)|plus)"
    r"|(?P<up_to>or\s+(?:less|fewer|lower|below|under))"
    r"|(?P<about>or\s+so))\b(?!\s+than\s*[\w$£€])",
    re.IGNORECASE,
)
_QUALIFIER_BEFORE = re.compile(
    r"(?P<q>(?:(?<=\W)|^)(?:"
    + "|".join(re.escape(w) for w, _ in sorted(_QUALIFIER_WORDS, key=lambda p: -len(p[0])) if w[0].isalpha())
    + r")|"
    + r"(?<![<>=])(?:"
    + "|".join(re.escape(w) for w, _ in sorted(_QUALIFIER_WORDS, key=lambda p: -len(p[0])) if not w[0].isalpha())
    + r"))\s*$",
    re.IGNORECASE,
)
_QUALIFIER_LABEL = {w: label for w, label in _QUALIFIER_WORDS}

_FRACTION_WORDS = re.compile(
    r"\b(?:half|halves|third|thirds|quarter|quarters|fifth|fifths|sixth|sixths|seventh|sevenths|"
    r"eighth|eighths|ninth|ninths|tenth|tenths)\b",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"%|\bper\s?cent\b|\bpercent(?:age)?\b", re.IGNORECASE)
_SCALE_AFTER = re.compile(r"^\s+(million|billion|trillion|thousand|bn|bln|tln|mln|mn|m|k)\b", re.IGNORECASE)
_NUMBER_WORDS = NUMBER_WORD_PATTERN + "|hundred|thousand|million|billion|trillion|dozen|half|quarter|a|an|and"
_NUMBER_PART = re.compile(
    rf"^(?:[-+]?[$£€¥]?\d[\d,]*(?:\.\d+)?|(?:(?:{_NUMBER_WORDS})(?:[\s-]+|$))+)",
    re.IGNORECASE,
)
_DIGITS_INSIDE = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])|(?<![\d.,])\d+(?:\.\d+)?(?![\d,])")
_ARTICLE_ONLY = re.compile(r"an?", re.IGNORECASE)
_REAL_WORD_AFTER_ARTICLE = re.compile(
    rf"^an?\s+(?:{_NUMBER_WORDS}|third|thirds|quarter|quarters|fifth|sixth|seventh|eighth|ninth|tenth)\b",
    re.IGNORECASE,
)
_TIME_ENTITY = "time"
_SLASH_BEFORE = re.compile(r"\d/$")
_PERIODS = re.compile(rf"(?P<n>{NUMBER_WORD_PATTERN}|\d+)\s+(?:quarters|halves)", re.IGNORECASE)
_PERIOD_DETERMINER = re.compile(
    r"\b(?:(?P<order>last|past|previous|preceding|next|first|final|coming|following|consecutive|straight|"
    r"successive)|the|its|their|our)\s+$", re.IGNORECASE)
_OF_AFTER = re.compile(r"\s+of\b", re.IGNORECASE)
_RANGE_OPENER = re.compile(r"\b(?:between|from)\s+$", re.IGNORECASE)


def _is_article(number_text: str) -> bool:
    """Whether the "number" quantulum3 read is only the article "a"/"an"."""
    return bool(_ARTICLE_ONLY.fullmatch(number_text.strip()))


@dataclass(frozen=True)
class _Raw:
    """What quantulum3 reported, in sentence coordinates."""

    start: int
    end: int
    surface: str
    value: float
    unit_name: str
    entity: str
    uncertainty: Optional[float]
    unit: Any
    #: set by our grammar: the kind it read, and [low, high) of a vague amount
    kind: Optional[str] = None
    band: Optional[tuple[float, float]] = None
    #: the text of each unit part quantulum3 matched ("mg"; "W", "min"), copied at parse
    #: time because quantulum3 shares and later mutates its Unit objects
    unit_parts: tuple[str, ...] = ()


def _quantulum(sentence: str) -> list[_Raw]:
    try:
        found = quantulum.parse(sentence)
    except Exception:  # quantulum3 raises on some odd inputs; a sentence then yields nothing
        return []
    raws = []
    for q in found:
        start, end = q.span
        start = max(start, 0)  # quantulum3 reports -1 for a range that opens the sentence
        if not (0 <= start < end <= len(sentence)):
            continue
        value = float(q.value)
        if math.isnan(value) or math.isinf(value):
            continue
        if value < 0 and sentence[start] == "(" and sentence[end - 1] == ")" \
                and not re.match(r"\(\s*(?:[-−–]|minus\b)", sentence[start:end], re.IGNORECASE):
            # parentheses in prose are a conversion or an aside ("5,400 yuan ($760)"), not an accountant's minus
            start, end, value = start + 1, end - 1, -value
            if re.fullmatch(r"\d{4}\s\S+", sentence[start:end]) and grammar.is_year(value):
                continue  # "(2020 USD)": the year of a currency's value, not an amount
        dimensions = getattr(q.unit, "original_dimensions", None) or []
        parts = tuple(str(d.get("surface") or "") for d in dimensions)
        raws.append(
            _Raw(start, end, sentence[start:end], value, q.unit.name, q.unit.entity.name,
                 None if q.uncertainty is None else float(q.uncertainty), q.unit, unit_parts=parts)
        )
    return raws


def _dimensions_written_whole(raw: _Raw, following: str) -> bool:
    """Whether every unit part quantulum3 matched is a whole token of the surface.

    "44 mg to 50 mg", "-1e-3 W/min", "4e14 s-1" are real; in "a key" the part
    "ey" sits inside a word, and "U" in "U.S." is an abbreviation.
    """
    text = raw.surface + following.ljust(2)[:2]
    parts = raw.unit_parts
    if parts and all(parts) and all(_whole_token(text, part) for part in parts):
        return True
    # quantulum3 shares one Unit object between the quantities of a sentence and
    # overwrites its parts, so also accept any of the unit's own names written whole.
    unit = raw.unit
    names = [*getattr(unit, "symbols", []), *getattr(unit, "surfaces", []), unit.name]
    return any(len(name) > 1 and _whole_token(text, name) for name in names) or \
        any(len(name) == 1 and not name.isalpha() and name in text for name in names)


def _whole_token(text: str, part: str) -> bool:
    """Whether ``part`` occurs in ``text`` not glued to letters and not as an abbreviation ("U.S.").

    ``text`` is the surface followed by the two characters after it in the sentence.
    """
    start = text.find(part)
    while 0 <= start < len(text) - 2:
        end = start + len(part)
        before = text[start - 1] if start else " "
        after = text[end:end + 2]
        if not before.isalpha() and not (after[:1].isalpha()) and not re.match(r"\.[^\W\d_]", after):
            return True
        start = text.find(part, start + 1)
    return False


def _unit_text_is_real(raw: _Raw, following: str) -> bool:
    """Whether the unit words in the surface are really that unit's name or symbol.

    quantulum3 builds units from fragments of ordinary words ("a key" ->
    k + ey = exayear); a real unit is written as one of its surfaces or
    symbols ("hours", "km", "%").
    """
    number = _NUMBER_PART.match(raw.surface)
    unit_text = raw.surface[number.end():] if number else raw.surface
    unit_text = unit_text.strip().strip(".").lower()
    if unit_text == "a" or unit_text in money.WORDS_WITHOUT_SCALE:
        return False  # "for 1972 a further rise": an article, never "annum"; "20 won the race"
    if not unit_text:
        # Symbols written before the number ("$5", "£5 million").
        return bool(re.match(r"^[-+]?[$£€¥]", raw.surface))
    if re.match(r"\.[^\W\d_]", following) and re.search(r"(?:^|\W)[^\W\d_]$", raw.surface):
        return False  # "2 U.S. soldiers": a letter of an abbreviation, not a unit symbol
    unit = raw.unit
    names = {s.lower() for s in getattr(unit, "surfaces", [])} | {s.lower() for s in getattr(unit, "symbols", [])}
    names.add(unit.name.lower())
    if _is_article(raw.surface[: number.end()] if number else ""):
        # After "a"/"an" only a unit's full name counts ("an hour"); a
        # symbol there is a word ("a U.S.-backed" is not atomic mass units).
        surfaces = {s.lower() for s in getattr(unit, "surfaces", [])}
        if unit.name in ("percentage", "per cent", "percent"):
            return False  # "a percentage", "a small percent" are no amount
        return len(unit_text) >= 3 and unit_text in surfaces
    if unit_text in names:
        return True
    if singular(unit_text) in names or unit_text.rstrip("s") in names:
        return True
    if _dimensions_written_whole(raw, following):
        return True
    # "per cent", "km/h" and other compounds quantulum3 writes as names.
    compact = unit_text.replace(" ", "")
    return any(compact == n.replace(" ", "") for n in names) or bool(re.fullmatch(r"[a-zµ°]+/[a-z]+", unit_text))


def _about_width(number_text: str, value: float, is_share_fraction: bool) -> float:
    """Half-width of the band "about N" asserts, from how precisely N is written.

    A round number is a loose estimate: "about 100,000" (one significant digit)
    spans +-10%, "about 85%" (two) +-5%, "about 103,500" (three or more) +-2%.
    """
    digits = re.sub(r"\D", "", number_text)
    if is_share_fraction or value == 0 or not digits:  # fractions, spelled-out numbers: "about forty"
        return abs(value) * 0.10
    # trailing zeros of a whole number are not significant; after a decimal point they are
    significant = len(digits.lstrip("0")) if "." in number_text else len(digits.strip("0"))
    relative = {0: 0.10, 1: 0.10, 2: 0.05}.get(significant, 0.02)
    return abs(value) * relative


def _kind_and_unit(raw: _Raw) -> tuple[str, str]:
    if raw.unit_name in ("percentage", "per cent") or _PERCENT.search(raw.surface):
        return SHARE, "percent"
    if raw.unit_name == "dimensionless":
        if _FRACTION_WORDS.search(raw.surface):
            return SHARE, ""
        return COUNT, ""
    if raw.entity == _TIME_ENTITY:
        return DURATION, raw.unit_name
    if raw.unit_name in _ARC_AS_TIME and _TIME_WORD.search(raw.surface):
        return DURATION, _ARC_AS_TIME[raw.unit_name]  # "six minutes after take-off", "a 10-minute walk"
    return MEASURE, raw.unit_name


# quantulum3 reads "minutes" and "seconds" as angles; prose writing the words means time
_ARC_AS_TIME = {"minute of arc": "minute", "second of arc": "second"}
_TIME_WORD = re.compile(r"\b(?:minutes?|seconds?|mins?|secs?)\b", re.IGNORECASE)


_NUMERIC_DATE = re.compile(r"(?<![\d/.-])(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{1,2}-\d{1,2})(?![\d/-])")
_DIGIT_CODE = re.compile(r"\+?\d+(?:[-/.]\d+){2,}")
_DECIMAL_RANGE = re.compile(r"\d+(?:\.\d+)?-\d+(?:\.\d+)?")  # "1.5-2", "2.4-2.6": a range, not a code
_URL = re.compile(r"\S*(?:://|www\.|%[0-9A-Fa-f]{2})\S*")


def _is_date_or_time(sentence: str, raw: _Raw) -> bool:
    before = sentence[: raw.start]
    after = sentence[raw.end:]
    bounds = _range_bounds(raw)
    if bounds and raw.unit_name == "dimensionless" and len(re.findall(r"\b\d{4}\b", raw.surface)) == 2 and (
            all(grammar.is_year(end) for end in bounds)
            or (re.search(r"\(\s*$", before) and all(1000 <= end <= 2100 for end in bounds))):
        return True  # "from 2012 to 2016", "2014-2016", "(1712–1786)": a span of years
    for date_match in _NUMERIC_DATE.finditer(sentence, max(0, raw.start - 11), raw.end + 11):
        if date_match.start() <= raw.start and raw.end <= date_match.end():
            return True  # "5/17/2018", "2016-12-08"
    integer = raw.value == int(raw.value) and raw.unit_name == "dimensionless"
    if not integer:
        return False
    if 1 <= raw.value <= 31 and (_is_month(_MONTH_BEFORE.search(before)) or _is_month(_MONTH_AFTER.match(after))):
        return True
    # clock times "10:30", "10.30am"
    if re.search(r"\d[:.]$", before) or re.match(r"^[:.]\d", after) or re.match(r"^\s*(?:a\.?m\.?|p\.?m\.?)\b", after, re.I):
        return True
    if re.search(r"\(\s*$", before) and re.fullmatch(r"\d{4}", raw.surface) and 1000 <= raw.value <= 2100:
        return True  # "(1648)", "(2015 prices)", "(2021 census)": a year in parentheses dates what is beside it
    if re.fullmatch(r"\d{4}", raw.surface) and grammar.is_year(raw.value):
        if _YEAR_CONTEXT_BEFORE.search(before) or _MONTH_BEFORE.search(before.rstrip(", ")):
            return True
        if re.match(r"^s\b|^['’]s\b|^\s*[-–/]\s*\d", after):  # "the 1990s", "2012-13"
            return True
        # a bare year with no noun after it ("2016 was ...", "(2016)")
        if not re.match(r"^\s+[a-z]+s\b", after) and not re.match(r"^\s+(?:people|children|men|women)\b", after):
            return True
    return False


_DIGIT_GROUPS = re.compile(r"[-+]?\d+(?:[ \u00a0\u202f]\d+)+(?![\d/])")
_THOUSANDS_GROUPS = re.compile(r"[-+]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+")


@lru_cache(maxsize=256)
def _codes_and_urls(sentence: str) -> tuple[tuple[int, int], ...]:
    """Spans of phone numbers, codes and web addresses: scanned once per sentence, not per number."""
    return tuple(m.span() for pattern in (_DIGIT_CODE, _URL) for m in pattern.finditer(sentence)
                 if not _DECIMAL_RANGE.fullmatch(m.group()))


def _is_identifier(sentence: str, raw: _Raw) -> bool:
    before = sentence[: raw.start]
    after = sentence[raw.end:]
    if any(start <= raw.start < end for start, end in _codes_and_urls(sentence)):
        return True  # "+1-222-2222-2222", numbers inside web addresses
    groups = _DIGIT_GROUPS.match(raw.surface)
    if groups and not _THOUSANDS_GROUPS.fullmatch(groups.group()):
        return True  # "7946 0958" is a phone number, not thousands grouped by spaces
    if re.search(r"[A-Za-z]$", before) or re.match(r"^[A-Za-z](?![a-z])", after) and not re.match(r"^[kKmM]\b", after):
        return True  # glued to letters: "G7", "F16", "7B"
    if re.match(r"^(?:st|nd|rd|th)\b", after):
        return True  # ordinals "22nd"
    if re.fullmatch(r"\d[GD]", raw.surface) and not after[:1].isalnum():
        return True  # "5G networks", "3D printers": names of technologies
    if re.search(r"\b(?:route|section|row|room|flight|no\.?|number|highway|article|resolution|chapter|page|line|war|phase|stage|level|grade|type|class)\s*#?$", before, re.I):
        return True
    return False


_OR_EQUAL_AFTER = re.compile(r"^\s+or\s+equal(?:\s+to)?\b(?!\s*[-+]?\d)", re.IGNORECASE)
_INCLUSIVE = {"more_than": "at_least", "less_than": "up_to"}


def _qualify(sentence: str, raw: _Raw, kind: str) -> tuple[int, int, Optional[str]]:
    """The qualifier written around the number: (start, end of the qualified surface, label).

    Before the number ("more than 341"), after it ("50 or more"), or both
    ("about 500 or more" is at least about 500; "less than 30 or equal" is up to 30).
    """
    start, end, label = raw.start, raw.end, None
    match = _QUALIFIER_BEFORE.search(sentence[: raw.start])
    if match:
        words = match.group("q").lower()
        if words in ("over", "under", "above", "below", "some") and kind not in (COUNT, SHARE, MEASURE) \
                and not re.match(r"\s+old\b", sentence[raw.end:]):
            pass  # "over five years" is a span of time, unless it is an age ("over 30 years old")
        elif words == "some" and raw.kind != MEASURE and not re.match(r"^[\d$£€]", raw.surface) \
                and not re.match(r"^(?:few|several)", raw.surface):
            pass  # "some" qualifies a written number ("some 2 million"), not a noun phrase
        else:
            start, label = match.start("q"), _QUALIFIER_LABEL[words]
    after_text = sentence[raw.end:]
    or_equal = _OR_EQUAL_AFTER.match(after_text)
    if or_equal and label in _INCLUSIVE:
        return start, raw.end + or_equal.end(), _INCLUSIVE[label]
    after = _QUALIFIER_AFTER.match(after_text)
    if after and raw.unit_name == "dimensionless" and label in (None, "about"):
        return start, raw.end + after.end(), after.lastgroup
    return start, end, label


def _range_bounds(raw: _Raw) -> Optional[tuple[float, float]]:
    if raw.uncertainty is None or raw.uncertainty <= 0:
        return None
    return raw.value - raw.uncertainty, raw.value + raw.uncertainty


def _apply_scale_fix(sentence: str, raw: _Raw) -> _Raw:
    """quantulum3 drops the scale word after some qualifiers ("some 2 million" -> 2)."""
    after = sentence[raw.end:]
    m = _SCALE_AFTER.match(after)
    if not m or raw.unit_name != "dimensionless" or re.search(r"[a-zA-Z]", raw.surface):
        return raw
    factor = SCALES[m.group(1).lower()]
    end = raw.end + m.end()
    unc = None if raw.uncertainty is None else raw.uncertainty * factor
    return _Raw(raw.start, end, sentence[raw.start:end], raw.value * factor, raw.unit_name, raw.entity, unc, raw.unit)


_MULTIPLIED = re.compile(r"(?P<n>[-+]?\d[\d,]*(?:\.\d+)?)(?:(?P<glued>M|MM|bn|bln|tln|mil|mln|mn)|\s*k)")
# "K" (kelvin, kibibytes) and "b"/"B" (bits, bytes) are left to quantulum3: both readings are common;
# a glued "m" is metres ("10m"), only "M" and "MM" are millions


def _multiplied(raw: _Raw, following: str) -> Optional[_Raw]:
    """ "10k", "2mil", "10 bln": a number times a multiplier that quantulum3 reads as a unit (kelvin, mill)."""
    match = _MULTIPLIED.fullmatch(raw.surface)
    if match is None or following[:1].isalpha():
        return None
    try:
        number = float(match.group("n").replace(",", ""))
    except ValueError:
        return None
    factor = SCALES[(match.group("glued") or "k").lower()]
    return replace(raw, value=number * factor, unit_name="dimensionless", entity="dimensionless",
                   uncertainty=None, unit=None, unit_parts=())


_ARTICLE_TIME = re.compile(r"an?\s+times?", re.IGNORECASE)
_ORDINAL_START = re.compile(
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))\b", re.I)


def _cleaned(sentence: str, raw: _Raw) -> Optional[_Raw]:
    """quantulum3's reading with invented units, articles, decades and lost scales fixed; None to drop it."""
    multiplied = _multiplied(raw, sentence[raw.end:raw.end + 1]) if raw.unit_name != "dimensionless" else None
    if multiplied is not None:
        return multiplied
    if raw.surface.lower() == "absolute zero":
        return raw  # a temperature written without a number
    if raw.unit_name == "count" and (_ORDINAL_START.match(raw.surface) or _ARTICLE_TIME.fullmatch(raw.surface)):
        return None  # "the third time": an ordinal, not a number of times; "a time to look ahead"
    if raw.unit_name.endswith(" inch") and raw.unit_name != "inch" and re.search(r"\S\s+in$", raw.surface):
        shorter = [r for r in _quantulum(raw.surface[:-3].rstrip()) if r.start == 0]
        if len(shorter) == 1:  # "3/8 inch in diameter": the preposition "in" is no second inch
            raw = replace(shorter[0], start=raw.start, end=raw.start + shorter[0].end)
    if raw.unit_name != "dimensionless" and not _unit_text_is_real(raw, sentence[raw.end:raw.end + 2]):
        number = _NUMBER_PART.match(raw.surface)
        digits = _DIGITS_INSIDE.search(raw.surface) if number is None else None
        if digits is not None:  # "aabsolute 0": a unit misread before the number; the number stays
            return _cleaned(sentence, _Raw(raw.start + digits.start(), raw.start + digits.end(), digits.group(),
                                           float(digits.group().replace(",", "")), "dimensionless",
                                           "dimensionless", None, None))
        if not number or _is_article(raw.surface[: number.end()]):
            return None  # "a key", "a backdrop", "a U.S.": an article read as the number one
        text = raw.surface[: number.end()].rstrip(" -")
        reparsed = [r for r in _quantulum(text) if r.unit_name == "dimensionless"]
        if len(reparsed) != 1:
            return None
        raw = _Raw(raw.start, raw.start + len(text), text, reparsed[0].value, "dimensionless",
                   "dimensionless", None, reparsed[0].unit)
    if re.fullmatch(r"\d*0['’]?s", raw.surface):
        return None  # decades and ages: "the 1990s", "in her late 20s"
    if raw.surface.lower() in ("a", "an", "one") or (
            raw.unit_name == "dimensionless" and re.fullmatch(r"an?\s+\w+", raw.surface, re.I)
            and not _REAL_WORD_AFTER_ARTICLE.match(raw.surface)):
        return None
    return _apply_scale_fix(sentence, raw)


def _to_quantity(sentence: str, raw: _Raw) -> Optional[Quantity]:
    if raw.kind is None:
        cleaned = _cleaned(sentence, raw)
        if cleaned is None:
            return None
        raw = cleaned
    if _is_date_or_time(sentence, raw) or _is_identifier(sentence, raw) \
            or nonquantities.not_a_quantity(sentence, raw.start, raw.end) is not None:
        return None
    if raw.kind is not None:  # our readers' phrases: money and scaled measures carry their unit
        kind, unit = raw.kind, raw.unit_name if raw.kind in (MEASURE, DURATION) else ""
    else:
        kind, unit = _kind_and_unit(raw)
    start, end, label = _qualify(sentence, raw, kind)
    number_text = raw.surface
    value = raw.value
    low: Optional[float] = value
    high: Optional[float] = value
    low_inc = high_inc = True
    # counts, shares and most measures cannot go below zero; temperatures and negative numbers can
    floor = 0.0 if value >= 0 and not re.search(r"celsius|fahrenheit|kelvin", unit, re.I) else None
    bounds = _range_bounds(raw)
    if raw.band is not None:
        low, high = raw.band
        high_inc = False
        if label in ("more_than", "at_least"):
            high = None  # "more than hundreds": at least the band's floor
        elif label in ("up_to", "less_than"):
            low = floor
        else:
            label = "vague"
    elif bounds is not None:
        low, high = bounds
        label = "range"
        opener = _RANGE_OPENER.search(sentence[: raw.start])
        if start == raw.start and opener:
            start = opener.start()
    elif label == "about":
        width = _about_width(number_text, value, kind == SHARE and unit == "")
        low, high = value - width, value + width
        if floor is not None:
            low = max(low, floor)
    elif label == "nearly":
        width = _about_width(number_text, value, kind == SHARE and unit == "")
        low, high = value - width, value
        label = "about"
    elif label == "more_than":
        high, low_inc = None, False
    elif label == "at_least":
        high = None
    elif label == "less_than":
        # "fewer than 0 people": the floor would leave no value at all; the bound is open below instead
        low, high_inc = (floor if floor is not None and floor < value else None), False
    elif label == "up_to":
        low = floor
    return Quantity(
        value=value,
        low=low,
        high=high,
        qualifier=label,
        unit=unit,
        kind=kind,
        surface=sentence[start:end],
        span=(start, end),
        low_inclusive=low_inc,
        high_inclusive=high_inc,
        number_text=number_text,
    )


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _number_raw(sentence: str, start: int, end: int, kind: Optional[str] = None,
                band: Optional[tuple[float, float]] = None, value: Optional[float] = None) -> Optional[_Raw]:
    text = sentence[start:end]
    if value is None:
        value = number_value(text)
    if value is None:
        return None
    return _Raw(start, end, text, value, "dimensionless", "dimensionless", None, None, kind=kind, band=band)


def _split_changes(sentence: str, raw: _Raw) -> list[_Raw]:
    """A count "range" that is really two numbers ("rose from 200 to 300") as two raws."""
    if raw.uncertainty is None or raw.uncertainty <= 0 or raw.unit_name != "dimensionless":
        return [raw]
    spans = grammar.two_numbers(sentence, raw.start, raw.end)
    if spans is None:
        return [raw]
    parts = [_number_raw(sentence, start, end) for start, end in spans]
    return [part for part in parts if part is not None]


# Units quantulum3 reads that are only numbers of things: "a dozen" is 12, not 1 dozen.
_COUNTING_UNITS = frozenset({"dozen", "per dozen", "gross", "baker's dozen"})


def _plain_or_quantulum(sentence: str, shortcuts: bool) -> list[_Raw]:
    """quantulum3's readings of the sentence; for a sentence of plain numbers, known without asking it."""
    plain = quantulum.plain_numbers(sentence) if shortcuts else None
    if plain is None:
        return _quantulum(sentence)
    return [_Raw(number.start, number.end, sentence[number.start:number.end], number.value,
                 "percentage" if number.percent else "dimensionless", "dimensionless", None, number.unit(),
                 unit_parts=("%",) if number.percent else ())
            for number in plain]


def _amount_raw(sentence: str, amount: money.Amount) -> _Raw:
    """Money, a scaled count or a dotted speed as read by :mod:`~pytest_claims.prose.money`.

    A range keeps quantulum3's shape (its middle and half-width) so qualifiers and "from"/"between" read alike.
    """
    value, uncertainty = amount.value, None
    if amount.bounds is not None:
        low, high = amount.bounds
        value, uncertainty = (low + high) / 2, (high - low) / 2
    return _Raw(amount.start, amount.end, sentence[amount.start:amount.end], value, amount.unit or "dimensionless",
                amount.kind, uncertainty, None, kind=amount.kind)


def _numeral_value(raw: _Raw, numeral: Numeral) -> _Raw:
    """quantulum3's reading with a unit, valued as our numeral reads its number: "half a million euros" is
    500,000 euros (quantulum3 says 1,500,000)."""
    if raw.start != numeral.start or numeral.end > raw.end or (raw.uncertainty or 0) > 0 \
            or raw.unit_name == "dimensionless" or raw.value == numeral.value \
            or not _FRACTION_WORDS.search(raw.surface, 0, numeral.end - numeral.start):
        return raw
    return replace(raw, value=numeral.value)


def _raws(sentence: str, shortcuts: bool = True) -> list[_Raw]:
    """What to read in a sentence: our grammar's phrases first, quantulum3 for the rest.

    Spelled-out numbers that our reader parses replace quantulum3's plain-number
    readings of the same words ("one hundred and three and two thirds"); a
    reading with a unit ("twenty-one years") stays quantulum3's.
    """
    raws = [_amount_raw(sentence, amount) for amount in money.find_amounts(sentence)]
    for phrase in grammar.find_phrases(sentence):
        if any(_overlaps((phrase.start, phrase.end), (raw.start, raw.end)) for raw in raws):
            continue
        raw = _number_raw(sentence, phrase.start, phrase.end, phrase.kind, phrase.band, phrase.value)
        if raw is not None:
            raws.append(raw)
    taken = [(raw.start, raw.end) for raw in raws]
    found = [r for r in _plain_or_quantulum(sentence, shortcuts)
             if not any(_overlaps((r.start, r.end), span) for span in taken)]
    for numeral in find_numerals(sentence):
        span = (numeral.start, numeral.end)
        if any(_overlaps(span, other) for other in taken) or _SLASH_BEFORE.search(sentence, 0, numeral.start):
            continue  # "2 1/2 million": the "2 million" after the slash is the fraction's, read by quantulum3
        overlapping = [r for r in found if _overlaps(span, (r.start, r.end))]
        if any((r.unit_name != "dimensionless" and r.unit_name not in _COUNTING_UNITS)
               or (r.uncertainty or 0) > 0 for r in overlapping):
            found = [_numeral_value(r, numeral) for r in found]
            continue  # a unit or a range ("from one thousand to one thousand and five hundred") stays
        found = [r for r in found if r not in overlapping]
        kind = SHARE if numeral.fraction and 0 <= numeral.value <= 1 else COUNT
        periods = _PERIODS.fullmatch(sentence, numeral.start, numeral.end) if numeral.fraction else None
        determiner = _PERIOD_DETERMINER.search(sentence, max(0, numeral.start - 16), numeral.start) \
            if periods is not None else None
        if periods is not None and determiner is not None \
                and (determiner.group("order") or not _OF_AFTER.match(sentence, numeral.end)):
            # "the previous two quarters": two periods of a year, not two quarters of a whole
            raw = _number_raw(sentence, numeral.start, periods.end("n"), COUNT)
            if raw is not None:
                raws.append(raw)
            continue
        raw = _number_raw(sentence, numeral.start, numeral.end, kind, None, numeral.value)
        if raw is not None:
            raws.append(raw)
    for raw in found:
        raws.extend(_split_changes(sentence, raw))
    taken = [(raw.start, raw.end) for raw in raws]
    for span in grammar.scores(sentence):  # "122 to 13": quantulum3 drops both numbers
        if not any(_overlaps(span, other) for other in taken):
            raw = _number_raw(sentence, *span)
            if raw is not None:
                raws.append(raw)
    return sorted(raws, key=lambda raw: raw.start)


_OF_TOTAL = re.compile(
    r"\s+(?:out\s+)?of\s+(?:(?:the|its|their|his|her|our|all|east|west|north|south|[A-Z][\w-]*|[\w-]+['’‘]s)\s+){0,3}")


# the whole named first: "Of the region's 45 districts, 31 reported cases"
_OF_WHOLE_BEFORE = re.compile(
    r"(?:^|[,;:(]\s*)(?:[\"'“‘]\s*)?(?:out\s+)?of\s+(?:(?:the|its|their|his|her|our|all|these|those|[A-Z][\w-]*|[\w-]+['’‘]s)\s+)"
    r"{0,3}$", re.IGNORECASE)
_WHOLE_NOUN_THEN_PART = re.compile(r"(?:\s+[^\W\d_][\w'’-]*){1,3},\s+(?:only\s+|just\s+|some\s+|about\s+)?")


def _with_totals(sentence: str, quantities: list[Quantity]) -> list[Quantity]:
    """ "32 of east Aleppo's 40 neighbourhoods": 32 is a count whose whole is 40; so is 31 in "Of the
    region's 40 neighbourhoods, 31 ...".

    A part above its whole ("52 of 40") keeps the total too: it is what the
    writer claims, and checks that compare a count with its total catch it.
    """
    result = list(quantities)
    for i in range(len(result) - 1):
        part, whole = result[i], result[i + 1]
        if part.kind != COUNT or whole.kind != COUNT or whole.qualifier is not None:
            continue
        between = sentence[part.span[1]:whole.span[0]]
        if _OF_TOTAL.fullmatch(between) and 0 <= part.value and whole.value > 0:
            result[i] = replace(part, total=whole.value)
    for i in range(len(result) - 1):
        whole, part = result[i], result[i + 1]
        if part.kind == COUNT and whole.kind == COUNT and whole.qualifier is None and part.total is None \
                and whole.value > 0 and _OF_WHOLE_BEFORE.search(sentence, 0, whole.span[0]) \
                and _WHOLE_NOUN_THEN_PART.fullmatch(sentence, whole.span[1], part.span[0]):
            result[i + 1] = replace(part, total=whole.value)
    return result


_BOUND_JOINER = re.compile(r"\s*,?\s*(?:and|but)\s+|\s*,\s*")
_LOWER_BOUNDS = ("more_than", "at_least")
_UPPER_BOUNDS = ("less_than", "up_to")


def _joined_bounds(sentence: str, quantities: list[Quantity]) -> list[Quantity]:
    """ "more than 10 but fewer than 20": one interval (10, 20), not two half-lines."""
    result: list[Quantity] = []
    for quantity in quantities:
        previous = result[-1] if result else None
        if previous is not None and previous.kind == quantity.kind and previous.unit == quantity.unit \
                and {previous.qualifier, quantity.qualifier} & set(_LOWER_BOUNDS) \
                and {previous.qualifier, quantity.qualifier} & set(_UPPER_BOUNDS) \
                and _BOUND_JOINER.fullmatch(sentence[previous.span[1]:quantity.span[0]]):
            lower, upper = (previous, quantity) if previous.qualifier in _LOWER_BOUNDS else (quantity, previous)
            if lower.value < upper.value:
                result[-1] = replace(
                    previous, low=lower.low, high=upper.high, low_inclusive=lower.low_inclusive,
                    high_inclusive=upper.high_inclusive, qualifier="range",
                    surface=sentence[previous.span[0]:quantity.span[1]],
                    span=(previous.span[0], quantity.span[1]))
                continue
        result.append(quantity)
    return result


# A digit or a word our grammar reads as (part of) a number: without one, only quantulum3 can
# read something (quantulum.may_read), and our grammar finds nothing.
_NUMBER_CUE = re.compile(
    rf"\d|(?<![^\W\d_])(?:{'|'.join(sorted(NUMBER_WORDS, key=len, reverse=True))}|halve)(?:s|-?fold)?(?![^\W\d_])",
    re.IGNORECASE)


def may_hold_number(sentence: str) -> bool:
    """Whether extraction can find anything in ``sentence``: the prefilter that skips the rest.

    False for a sentence with no digit, no number word of ours and nothing quantulum3 can read
    ("The talks ended."): extraction then returns no quantity without running quantulum3 or our grammar.
    """
    return _NUMBER_CUE.search(sentence) is not None or quantulum.may_read(sentence)


@lru_cache(maxsize=8192)
def extract_sentence(sentence: str, shortcuts: bool = True) -> tuple[Quantity, ...]:
    """Quantities in one sentence; spans index the sentence.

    With ``shortcuts`` (the default) a sentence that cannot hold a number (:func:`may_hold_number`)
    yields nothing at once, and one of plain numbers (:func:`~pytest_claims.prose.quantulum.plain_numbers`)
    is read without quantulum3. ``shortcuts=False`` reads every sentence the long way: the
    reference the shortcuts are tested against, giving the same quantities.

    Typographic separators and marks are read first (:mod:`~pytest_claims.prose.separators`:
    "250\u00a0000" is 250,000); spans and surfaces still index ``sentence`` as given.
    """
    reading = separators.read(sentence)
    if reading.text == sentence:
        return _extract_read(sentence, shortcuts)
    return tuple(reading.restore(quantity) for quantity in _extract_read(reading.text, shortcuts))


def _extract_read(sentence: str, shortcuts: bool) -> tuple[Quantity, ...]:
    """Quantities in a sentence already read by :func:`~pytest_claims.prose.separators.read`."""
    if shortcuts and not may_hold_number(sentence):
        return ()
    quantities = []
    for raw in _raws(sentence, shortcuts):
        quantity = _to_quantity(sentence, raw)
        if quantity is not None:
            quantities.append(quantity)
    return tuple(_with_totals(sentence, _joined_bounds(sentence, quantities)))


def _shift(quantity: Quantity, offset: int) -> Quantity:
    return replace(quantity, span=(quantity.span[0] + offset, quantity.span[1] + offset))


def extract_by_sentence(text: str, progress: Optional[Callable[[int, int], None]] = None
                        ) -> list[tuple[Sentence, list[Quantity]]]:
    """Sentences of ``text`` with their quantities; spans index ``text``.

    A sentence over a limit (:func:`~pytest_claims.prose.limits.sentence_over`) yields nothing and comes with
    its text blanked, so no later reader pays for it either; the document's error for it is
    :func:`~pytest_claims.prose.limits.sentence_problems`'. ``progress(done, total)`` is called every
    :data:`PROGRESS_EVERY` sentences of a long text, and once at its end.
    """
    result: list[tuple[Sentence, list[Quantity]]] = []
    sentences = split_sentences(text)
    report = progress if progress is not None and len(sentences) >= PROGRESS_EVERY else None
    for done, sentence in enumerate(sentences):
        if report is not None and done % PROGRESS_EVERY == 0:
            report(done, len(sentences))
        if sentence_over(sentence.text) is not None:
            result.append((replace(sentence, text=""), []))
            continue
        found = [_shift(q, sentence.start) for q in extract_sentence(sentence.text)]
        result.append((sentence, found))
    if report is not None:
        report(len(sentences), len(sentences))
    return result


#: sentences between two calls of extract_by_sentence's ``progress``
PROGRESS_EVERY = 500


def extract(text: str) -> list[Quantity]:
    """Every quantity in ``text``, in order; ``span`` indexes ``text``.

    >>> [(q.value, q.low, q.high, q.qualifier) for q in extract("It killed more than 341 people.")]
    [(341.0, 341.0, None, 'more_than')]
    """
    return [q for _, found in extract_by_sentence(text) for q in found]
