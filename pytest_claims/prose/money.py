"""Money and scale letters as news prose writes them, for what quantulum3 misreads.

Each reader finds amounts in one sentence and returns ``Amount`` records in sentence
coordinates; extraction prefers them over whatever quantulum3 reported for overlapping
text, as it does our grammar's phrases (:mod:`pytest_claims.prose.grammar`). All
patterns are linear (no nested unbounded quantifiers) so hostile input cannot make them slow.

- money: a currency symbol or code glued to the number or written before it ("$2.5bn",
  "£6m", "C$12.5 million", "US$40 million", "$US48,000", "USD 12m", "EUR40m", "Rs 35 lakh",
  "R2 billion"), or a currency word after a scaled number ("10 million Swiss francs", "3tn
  yen"): one amount in that currency, the scale multiplied in. After a currency a scale
  letter (m, bn, b, k, tn) is a scale, never a unit ("£6m" is six million pounds, not
  metres). Parentheses around an amount are a conversion in prose ("5,400 yuan ($760)"),
  never a negative. Two amounts joined by "to" or a dash are one range; an end written
  without a scale takes the other end's when that keeps the range ordered ("$20 to $25
  billion" is [20e9, 25e9], "from $400,000 to $2 million" is [4e5, 2e6]).
- scale letters before a counted noun: "2.4m tonnes", "60m users", "a 1.4m-strong union" are millions. Only a
  letter glued to the number and followed by a plural noun is read so: "a 10m fall", "a
  3.2 m wave (10 ft)" stay metres, for quantulum3 to read.
- dotted speeds: "70 m.p.h." is a speed, not 70 million.
- South Asian numbers without a currency: "13 lakh", "1.2 lakh people", "three lakh crore", "12,34,567".
- temperatures typed with their scale: "98.6 degrees f", "6 deg c", "10.5 celcius".
- units quantulum3 does not know, written in full after a number: "34,000 hectares", "8,000 nautical
  miles", "2 million troy ounces", "600,000 barrels per day" (:data:`MISSING_UNITS`).

Currency units are named as quantulum3 names them ("dollar", "pound sterling", "euro",
"united states dollar"...), so rules that select by unit see one name whichever reader
found the amount; amounts are measures, as quantulum3's currencies are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Optional

from . import quantulum
from .numerals import NUMBER_WORD_PATTERN, number_value
from .scales import SCALES

#: currency symbols and codes written before the number, and the unit each names
PREFIXES: dict[str, str] = {
    "US$": "united states dollar", "U.S.$": "united states dollar", "$US": "united states dollar",
    "USD": "united states dollar",
    "C$": "canadian dollar", "CA$": "canadian dollar", "Can$": "canadian dollar", "CAD": "canadian dollar",
    "A$": "australian dollar", "AU$": "australian dollar", "AUD": "australian dollar",
    "NZ$": "new zealand dollar", "NZD": "new zealand dollar",
    "HK$": "hong kong dollar", "HKD": "hong kong dollar",
    "S$": "singapore dollar", "SGD": "singapore dollar",
    "R$": "brazilian real", "BRL": "brazilian real",
    "Mex$": "mexican peso", "MXN": "mexican peso",
    "$": "dollar",
    "£": "pound sterling", "GBP": "pound sterling",
    "€": "euro", "EUR": "euro",
    "¥": "chinese yuan", "CNY": "chinese yuan", "RMB": "chinese yuan", "JPY": "japanese yen",
    "₹": "indian rupee", "Rs.": "indian rupee", "Rs": "indian rupee", "INR": "indian rupee",
    "R": "south african rand", "ZAR": "south african rand",
    "CHF": "swiss franc",
    "₩": "south korean won", "KRW": "south korean won",
    "₽": "russian ruble", "RUB": "russian ruble",
    "NT$": "new taiwan dollar", "TWD": "new taiwan dollar", "KSh": "kenyan shilling", "KES": "kenyan shilling",
    "SEK": "swedish krona", "NOK": "norwegian krone", "DKK": "danish krone", "PLN": "polish zloty",
    "TRY": "turkish lira", "₺": "turkish lira", "NGN": "nigerian naira", "₦": "nigerian naira",
    "IDR": "indonesian rupiah", "Rp": "indonesian rupiah", "MYR": "malaysian ringgit", "RM": "malaysian ringgit",
    "THB": "thai baht", "฿": "thai baht", "AED": "uae dirham", "SAR": "saudi riyal", "PHP": "philippine peso",
    "₱": "philippine peso", "PKR": "pakistani rupee", "EGP": "egyptian pound", "ILS": "israeli shekel",
    "₪": "israeli shekel", "UAH": "ukrainian hryvnia", "₴": "ukrainian hryvnia", "VND": "vietnamese dong",
    "₫": "vietnamese dong", "ARS": "argentine peso", "CLP": "chilean peso", "COP": "colombian peso",
}
#: the ISO 4217 code of each currency our readers name (quantulum3 knows the codes of its own 22)
CURRENCY_CODES: dict[str, str] = {name: code for code, name in PREFIXES.items() if re.fullmatch(r"[A-Z]{3}", code)}
#: prefixes that must touch the number: "R2 billion" is rand, "Grade R 2" is not
_GLUED_ONLY = frozenset({"R"})

#: currency words written after a scaled number ("10 million Swiss francs"), lower case
SUFFIXES: dict[str, str] = {
    "dollars": "dollar", "us dollars": "united states dollar", "u.s. dollars": "united states dollar",
    "canadian dollars": "canadian dollar", "australian dollars": "australian dollar",
    "new zealand dollars": "new zealand dollar", "hong kong dollars": "hong kong dollar",
    "singapore dollars": "singapore dollar",
    "euros": "euro", "euro": "euro", "pounds sterling": "pound sterling", "sterling": "pound sterling",
    "yuan": "chinese yuan", "renminbi": "chinese yuan", "yen": "japanese yen",
    "rupees": "indian rupee", "rand": "south african rand", "reais": "brazilian real",
    "pesos": "mexican peso", "roubles": "russian ruble", "rubles": "russian ruble",
    "swiss francs": "swiss franc", "francs": "swiss franc", "won": "south korean won",
    "kronor": "swedish krona", "swedish kronor": "swedish krona", "norwegian kroner": "norwegian krone",
    "danish kroner": "danish krone", "zlotys": "polish zloty", "zloty": "polish zloty", "lira": "turkish lira",
    "naira": "nigerian naira", "shillings": "kenyan shilling", "kenyan shillings": "kenyan shilling",
    "rupiah": "indonesian rupiah", "ringgit": "malaysian ringgit", "baht": "thai baht", "dirhams": "uae dirham",
    "riyals": "saudi riyal", "shekels": "israeli shekel", "hryvnias": "ukrainian hryvnia",
    "hryvnia": "ukrainian hryvnia", "dong": "vietnamese dong", "pakistani rupees": "pakistani rupee",
    "egyptian pounds": "egyptian pound", "mexican pesos": "mexican peso", "philippine pesos": "philippine peso",
    "argentine pesos": "argentine peso", "chilean pesos": "chilean peso", "colombian pesos": "colombian peso",
    "indian rupees": "indian rupee", "japanese yen": "japanese yen", "chinese yuan": "chinese yuan",
    "turkish lira": "turkish lira", "rmb": "chinese yuan", "pence": "penny", "bitcoins": "bitcoin",
    "bitcoin": "bitcoin", "btc": "bitcoin",
}

#: currency words that are also common English words: a currency only after a scale ("3bn won")
WORDS_WITHOUT_SCALE = frozenset({"won", "dong", "rand", "lira", "real"})

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# words before letters, longer letters before their prefixes ("bn" before "b", "mm" before "m")
_SCALE = (r"(?:(?i:million|billion|trillion|thousand|lakhs?|crores?|mln|mil|mn|bln|bn|tln|tn)|MM|[mMbBkKT])"
          r"(?![^\W\d_]|\.[^\W\d_])")  # not "m.p.h.", not "by"
_PREFIX = "|".join(re.escape(p) for p in sorted(PREFIXES, key=len, reverse=True))
_SUFFIX = "|".join(re.escape(s).replace(r"\ ", r"\s") for s in sorted(SUFFIXES, key=len, reverse=True))

_AMOUNT = re.compile(
    rf"(?<![\w$£€¥₹₩₽.])(?P<cur>{_PREFIX})(?P<gap>\s?)(?P<num>(?>{_NUMBER}))(?!\d|,\d)"
    # atomic: a scale or currency word written is part of the amount, never left out to dodge the rate check
    rf"(?>(?:[\s-]?(?P<scale>{_SCALE}))?)"
    rf"(?>(?:\s(?P<suffix>(?i:{_SUFFIX}))\b)?)"
    # a letter glued on ("$5x") or a rate ("$350 per kg", "$4/litre"): quantulum3 reads those whole
    r"(?![^\W\d_]|\s?(?:per\b|/))"
)
# a price per unit written with the article ("$80 a barrel"): quantulum3 reads it as a rate unless a
# scale letter, which it takes for metres, sits in between
_PRICE_PER = re.compile(
    r"\s(?:a|an)\s(?:barrel|gallon|litre|liter|tonne|ton|kilogram|kilo|kg|pound|lb|day|week|month|year|hour)\b")
_TIME_REFERENCE = re.compile(r"\s(?:earlier|ago|later|before|previously)\b", re.IGNORECASE)
_SCALED_SUFFIX = re.compile(
    rf"(?<![\w$£€¥₹₩₽.,])(?<!\d\s)(?:(?P<low>(?>{_NUMBER}))(?!\d|,\d)(?:[\s-]?(?P<low_scale>{_SCALE}))?"
    rf"\s?(?P<joiner>to|-|–|—|and)\s?)?"
    rf"(?P<num>(?>{_NUMBER}))(?!\d|,\d)(?:[\s-]?(?P<scale>{_SCALE}))?\s(?P<suffix>{_SUFFIX})\b",
    re.IGNORECASE,
)
# the second end of a range after the first amount: "to $25 billion", "-$25bn", "and $4m"
_RANGE_REST = re.compile(
    rf"\s?(?:to|-|–|—|and)\s?(?P<cur>{_PREFIX})?(?P<num>(?>{_NUMBER}))(?!\d|,\d)"
    rf"(?:[\s-]?(?P<scale>{_SCALE}))?"
)
_SCALE_LETTERS = re.compile(r"[mMbBkKT]|bn|tn|mn")
_NUMBER_BEFORE = re.compile(r"\d\s?$")
_RATE_OR_GLUED = re.compile(r"[^\W\d_]|\s?(?:per\b|/)")
# a change written before two amounts: "fell $2 to $80" is a change by $2 to $80, not a range
_CHANGED_BY = re.compile(
    r"\b(?:rose|rises|risen|fell|falls|fallen|climbed|dropped|jumped|gained|lost|slipped|slid|added|shed|"
    r"increased|decreased|declined|grew|soared|surged|plunged|tumbled|sank|edged\s(?:up|down)|was\s(?:up|down))"
    r"\s(?:by\s)?$", re.IGNORECASE)
_BETWEEN = re.compile(r"\bbetween\s$", re.IGNORECASE)

# a scale letter glued to a number before a plural noun: "2.4m tonnes", "60m users"
# (or a range of them, the first end's letter left out or not: "2-3m users", "between 2m and 3m users")
_SCALE_LETTER = re.compile(
    r"(?<![\w$£€¥₹₩₽.,])(?P<num>(?>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?))(?P<scale>bn|tn|mn|m|b|k)?"
    r"(?:\s?(?P<joiner>to|-|–|and)\s?(?P<high>(?>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?))"
    r"(?P<high_scale>bn|tn|mn|m|b|k))?"
    r"\s(?P<noun>[a-z]{2,20})\b"
)
# a conversion to feet or inches written beside it: "10m waves (33 ft)" are metres
_IMPERIAL_CONVERSION = re.compile(r"\s?\(\s?(?:about\s|some\s|~)?[\d.,]+\s?(?:ft|feet|foot|in|inches|yd|yards)\b")
_IRREGULAR_PLURALS = frozenset({"people", "children", "men", "women", "cattle", "sheep", "fish", "livestock"})

# a range whose ends share the scale word written after the second: "six to seven thousand", "5 to 7 million
# tonnes", "between 3 and 4 hundred"; the first end is a bare number (digits or words)
_BARE = rf"\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|(?:{NUMBER_WORD_PATTERN})(?:-(?:{NUMBER_WORD_PATTERN}))?"
_SHARED_SCALE_RANGE = re.compile(
    rf"(?<![\w$£€¥₹₩₽.,-])(?P<low>(?>{_BARE}))\s?(?P<joiner>to|-|–|—|and)\s?(?P<high>(?>{_BARE}))"
    r"(?P<scale>(?:[\s-](?:hundred|thousand|million|billion|trillion|lakh|crore)\b)+)"
    r"(?:\s(?P<noun>[a-z]{2,20})\b)?",
    re.IGNORECASE,
)
# a change, not a range: "rose from six to seven million" is two numbers (both scaled)
_CHANGE_FROM = re.compile(
    r"\b(?:rose|rises|risen|rising|fell|falls|fallen|falling|climbed|dropped|jumped|grew|grown|increased|"
    r"decreased|declined|soared|surged|plunged|slipped|raised|lowered|cut|revised|went\s(?:up|down)|up|down)"
    r"\s(?:\w+\s){0,2}from\s$", re.IGNORECASE)

_DOTTED_SPEED = re.compile(r"(?<![\w.,])(?P<num>\d+(?:\.\d+)?)\s?(?P<unit>[mk]\.p\.h\.?)", re.I)
_SPEED_UNITS = {"m": "mile per hour", "k": "kilometre per hour"}


#: units quantulum3 lacks, as news writes them after a number (lower case), and the unit each names
MISSING_UNITS: dict[str, str] = {
    "hectares": "hectare", "hectare": "hectare", "nautical miles": "nautical mile", "nautical mile": "nautical mile",
    "troy ounces": "troy ounce", "troy ounce": "troy ounce", "barrels per day": "barrel per day",
    "barrels a day": "barrel per day", "bpd": "barrel per day", "b/d": "barrel per day",
    "miles an hour": "mile per hour", "kilometres an hour": "kilometre per hour",
    "kilometers an hour": "kilometre per hour", "km an hour": "kilometre per hour",
}
_MISSING_UNIT = re.compile(
    rf"(?<![\w$£€¥₹₩₽.,])(?P<num>(?>{_NUMBER}))(?!\d|,\d)(?:[\s-](?P<scale>{_SCALE}))?"
    r"[\s-](?P<unit>" + "|".join(re.escape(u).replace(r"\ ", r"\s") for u in sorted(MISSING_UNITS, key=len, reverse=True))
    + r")(?![\w/])", re.IGNORECASE)


@dataclass(frozen=True)
class Amount:
    """An amount our readers found: its span, value, bounds of a range, kind and unit."""

    start: int
    end: int
    value: float
    kind: str  # "measure" for money and speeds; a scaled count is "count", a scaled time "duration"
    unit: str  # quantulum3's unit name; "" for a count
    #: (low, high) of a range ("$20 to $25 billion"); None for one amount
    bounds: Optional[tuple[float, float]] = None


def scaled(number: str, scale: Optional[str]) -> float:
    """``number`` ("1,204.5") times ``scale`` ("bn", "million", None), rounded once."""
    factor = SCALES[_scale_key(scale)] if scale else 1
    return float(Decimal(number.replace(",", "")) * factor)


def _scale_key(scale: str) -> str:
    key = scale.lower()
    return key[:-1] if key in ("lakhs", "crores") else key


def _unit_of(prefix: Optional[str], suffix: Optional[str]) -> str:
    """The currency the suffix names when it says more than the prefix ("$5m Canadian dollars")."""
    from_suffix = SUFFIXES[" ".join(suffix.lower().split())] if suffix else None
    if prefix is None:
        return from_suffix or ""
    from_prefix = PREFIXES[prefix]
    return from_suffix if from_suffix and from_prefix == "dollar" else from_prefix


def _money(sentence: str) -> list[Amount]:
    found: list[Amount] = []
    for match in _AMOUNT.finditer(sentence):
        currency = match.group("cur")
        if match.group("gap") and currency in _GLUED_ONLY:
            continue
        if found and match.start() < found[-1].end:
            continue  # the second end of a range already read
        if currency[0].isalpha() and match.group("gap") and _NUMBER_BEFORE.search(sentence, 0, match.start()):
            continue  # "17 USD 25": the code ends the amount before it, it does not open this one
        if currency in _GLUED_ONLY and match.group("scale") is None and "," not in match.group("num"):
            continue  # "R2" alone may be a name or a statistic; "R2 billion", "R1,500" are rand
        per = _PRICE_PER.match(sentence, match.end())
        if per and not _SCALE_LETTERS.fullmatch(match.group("scale") or "") \
                and not _TIME_REFERENCE.match(sentence, per.end()):
            continue  # "$80 a barrel": quantulum3's rate ("$2bn a year earlier" is no rate)
        if _CHANGED_BY.search(sentence, 0, match.start()):
            found.append(Amount(match.start(), match.end(), scaled(match.group("num"), match.group("scale")),
                                "measure", _unit_of(currency, match.group("suffix"))))
            continue  # "fell $2 to $80": by one amount to another, not a range
        unit = _unit_of(currency, match.group("suffix"))
        value = scaled(match.group("num"), match.group("scale"))
        end = match.end()
        bounds = None
        rest = _RANGE_REST.match(sentence, end)
        if rest and _RATE_OR_GLUED.match(sentence, rest.end()):
            continue  # "$350 per kg to $680 per kg": quantulum3 reads the range of rates whole
        if rest and (rest.group("cur") in (None, currency)) and \
                (not rest.group(0).strip().startswith("and") or _BETWEEN.search(sentence, 0, match.start())):
            high = scaled(rest.group("num"), rest.group("scale"))
            low = value
            if match.group("scale") is None and rest.group("scale") is not None:
                shared = scaled(match.group("num"), rest.group("scale"))
                low = shared if shared <= high else value
            if low <= high:
                bounds, end = (low, high), rest.end()
        found.append(Amount(match.start(), end, value if bounds is None else (bounds[0] + bounds[1]) / 2,
                            "measure", unit, bounds))
    for match in _SCALED_SUFFIX.finditer(sentence):
        if any(match.start() < other.end and other.start < match.end() for other in found) \
                or match.group("scale") in ("t", "T") or match.group("low_scale") in ("t", "T"):
            continue  # "5t": tonnes, not trillions, without a currency sign before it
        if match.group("scale") is None and match.group("suffix").lower() in WORDS_WITHOUT_SCALE:
            continue  # "20 won the race": without a scale these are other words
        unit = _unit_of(None, match.group("suffix"))
        value = scaled(match.group("num"), match.group("scale"))
        start, bounds = match.start(), None
        if match.group("low") is not None:
            low_end = scaled(match.group("low"), match.group("low_scale")) \
                if match.group("low_scale") else _shared_low(match.group("low"), value, match.group("scale"))
            if low_end is None or low_end >= value \
                    or (match.group("joiner").lower() == "and" and not _BETWEEN.search(sentence, 0, start)):
                start = match.start("num")  # "2 and 3bn euros": two numbers; "9 to 3m yen": not a range
            else:
                bounds = (low_end, value)
        found.append(Amount(start, match.end(), value if bounds is None else (bounds[0] + bounds[1]) / 2,
                            "measure", unit, bounds))
    return found


def _shared_low(low_text: str, high: float, scale: Optional[str]) -> Optional[float]:
    """The low end of "2 to 3 billion": written without the scale, it takes the high end's when that keeps
    the range ordered ("2 to 3 billion" is [2e9, 3e9]; "400,000 to 2 million" is [4e5, 2e6]); None when
    neither reading is below the high end."""
    as_written = scaled(low_text, None)
    shared = scaled(low_text, scale) if scale else as_written
    if shared < high:
        return shared
    return as_written if as_written < high else None


@lru_cache(maxsize=256)
def _reading(number: str, scale_word: str, noun: str) -> Optional[tuple[str, str, bool]]:
    """quantulum3's reading of "2.4 million tonnes": (kind, unit, whether the noun is the unit)."""
    try:
        found = quantulum.parse(f"{number} {scale_word} {noun}")
    except Exception:  # quantulum3 raises on some odd inputs: then the noun is only counted
        return None
    if len(found) != 1:
        return None
    unit = found[0].unit
    if unit.name == "dimensionless" or found[0].span[1] < len(number) + len(scale_word) + 2 + len(noun):
        return ("count", "", False)
    return ("duration" if unit.entity.name == "time" else "measure", unit.name, True)


_SCALE_WORD = {"m": "million", "mn": "million", "b": "billion", "bn": "billion", "tn": "trillion", "k": "thousand"}


def _scale_letters(sentence: str) -> list[Amount]:
    found = []
    for match in _SCALE_LETTER.finditer(sentence):
        noun = match.group("noun")
        if noun not in _IRREGULAR_PLURALS and not (noun.endswith("s") and not noun.endswith(("ss", "us", "is"))):
            continue  # "a 10m fall", "10m high": metres
        if _IMPERIAL_CONVERSION.match(sentence, match.end("scale")) or \
                _IMPERIAL_CONVERSION.match(sentence, match.end()):
            continue  # "10m waves (33 ft)": metres
        number, scale, high_scale = match.group("num"), match.group("scale"), match.group("high_scale")
        if high_scale is None and scale is None:
            continue
        if match.group("joiner") == "and" and not _BETWEEN.search(sentence, 0, match.start()):
            continue  # "2 and 3m users": two numbers
        reading = _reading(number.replace(",", ""), _SCALE_WORD[high_scale or scale], noun)
        if reading is None:
            continue
        kind, unit, noun_is_unit = reading
        end = match.end() if noun_is_unit else match.end("high_scale" if high_scale else "scale")
        if high_scale is None:
            found.append(Amount(match.start(), end, scaled(number, scale), kind, unit))
            continue
        low, high = scaled(number, scale or high_scale), scaled(match.group("high"), high_scale)
        if low < high:
            found.append(Amount(match.start(), end, (low + high) / 2, kind, unit, (low, high)))
    return found


# a scale letter before "-strong": "a 1.4m-strong membership", "a 10k-strong crowd" count people
_STRONG = re.compile(r"(?<![\w$£€¥₹₩₽.,])(?P<num>(?>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?))(?P<scale>bn|m|k)(?=-strong\b)")


def _strong(sentence: str) -> list[Amount]:
    return [Amount(m.start(), m.end(), scaled(m.group("num"), m.group("scale")), "count", "")
            for m in _STRONG.finditer(sentence)]


def _shared_scale_ranges(sentence: str) -> list[Amount]:
    """ "six to seven thousand people", "5 to 7 million tonnes": both ends times the scale."""
    found = []
    for match in _SHARED_SCALE_RANGE.finditer(sentence):
        if match.group("joiner").lower() == "and" and not _BETWEEN.search(sentence, 0, match.start()):
            continue  # "2 and 3 million": two numbers
        low, high = number_value(match.group("low")), number_value(match.group("high"))
        words = match.group("scale").lower().replace("-", " ").split()
        factor = 1
        for word in words:
            factor *= SCALES[word]
        if low is None or high is None or not 0 <= low < high:
            continue  # "nine to three million" is not a range; quantulum3 reads what it can
        noun = match.group("noun")
        reading = _reading(match.group("high").replace(",", ""), " ".join(words), noun) if noun else None
        kind, unit, noun_is_unit = reading if reading is not None else ("count", "", False)
        end = match.end() if noun_is_unit else match.end("scale")
        if _CHANGE_FROM.search(sentence, 0, match.start()):
            found.append(Amount(match.start("low"), match.end("low"), low * factor, kind, unit))
            found.append(Amount(match.start("high"), end, high * factor, kind, unit))
            continue
        found.append(Amount(match.start(), end, (low + high) * factor / 2, kind, unit,
                            (low * factor, high * factor)))
    return found


def _missing_units(sentence: str) -> list[Amount]:
    return [Amount(m.start(), m.end(), scaled(m.group("num"), m.group("scale")), "measure",
                   MISSING_UNITS[" ".join(m.group("unit").lower().split())])
            for m in _MISSING_UNIT.finditer(sentence)]


# temperatures with their scale, as people type them: "98.6 degrees f", "6 deg c", "10.5 celcius"
# (quantulum3 reads "degrees f" as an angle times a farad and misses the misspellings; "40 °C" and
# "40 degrees Celsius" are left to it, which also reads their ranges)
_TEMPERATURE = re.compile(
    r"(?<![\w.,])(?P<num>-?\d+(?:\.\d+)?)\s?"
    r"(?:(?:degrees?|deg\.?)\s?(?P<letter>f|c)(?![\w.])"
    r"|deg\.?\s?(?P<full>fahrenheit|celsius)\b"
    r"|(?:(?:°|degrees?|deg\.?)\s?)?(?P<word>farenheit|fahrenhiet|celcius|centigrade|centigrate)\b)",
    re.IGNORECASE)


def _temperatures(sentence: str) -> list[Amount]:
    found = []
    for match in _TEMPERATURE.finditer(sentence):
        scale = (match.group("letter") or match.group("full") or match.group("word"))[0].lower()
        unit = "degree fahrenheit" if scale == "f" else "degree Celsius"
        found.append(Amount(match.start(), match.end(), float(match.group("num")), "measure", unit))
    return found


# South Asian numbers: "13 lakh", "1.2 lakh people", "5 crore", "three lakh crore", and digits grouped in twos
# after the thousands ("12,34,567.89"); with a currency before them the money reader has them already
_INDIAN_GROUPED = r"\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?"
_SOUTH_ASIAN = re.compile(
    rf"(?<![\w$£€¥₹₩₽.,])(?:(?P<num>(?>{_INDIAN_GROUPED}|{_NUMBER}|{NUMBER_WORD_PATTERN}))(?!\d|,\d)"
    r"\s?(?P<scale>lakhs?|crores?)(?:\s(?P<crore>crores?))?(?:\s(?P<noun>[a-z]{2,20})\b)?"
    rf"|(?P<grouped>{_INDIAN_GROUPED})(?![\d,]))\b",
    re.IGNORECASE)


def _south_asian(sentence: str) -> list[Amount]:
    found = []
    for match in _SOUTH_ASIAN.finditer(sentence):
        if match.group("grouped"):
            found.append(Amount(match.start(), match.end(), float(match.group("grouped").replace(",", "")),
                                "count", ""))
            continue
        number = number_value(match.group("num"))
        if number is None:
            continue
        value = number * SCALES[_scale_key(match.group("scale"))] * (10**7 if match.group("crore") else 1)
        noun = match.group("noun")
        reading = _reading("1", "thousand", noun) if noun else None  # "25 lakh tonnes": the noun's unit
        kind, unit, noun_is_unit = reading if reading is not None else ("count", "", False)
        end = match.end() if noun_is_unit else match.end("crore" if match.group("crore") else "scale")
        found.append(Amount(match.start(), end, value, kind, unit))
    return found


def _speeds(sentence: str) -> list[Amount]:
    return [Amount(m.start(), m.end(), float(m.group("num")), "measure", _SPEED_UNITS[m.group("unit")[0].lower()])
            for m in _DOTTED_SPEED.finditer(sentence)]


def find_amounts(sentence: str) -> list[Amount]:
    """Every amount these readers find in ``sentence``, first come first served where they overlap."""
    chosen: list[Amount] = []
    for amount in _money(sentence) + _scale_letters(sentence) + _shared_scale_ranges(sentence) + _speeds(sentence) \
            + _missing_units(sentence) + _strong(sentence) + _temperatures(sentence) + _south_asian(sentence):
        if not any(amount.start < other.end and other.start < amount.end for other in chosen):
            chosen.append(amount)
    return sorted(chosen, key=lambda a: a.start)
