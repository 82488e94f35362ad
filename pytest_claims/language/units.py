"""Units of claims and of rule limits: what unit a claim is in, and whether two units compare.

Extraction names every unit as quantulum3 names it ("mile per hour", "pound
sterling", "megawatt"; :mod:`pytest_claims.prose.money` uses the same names).
A rule names a unit by that name, one of its other spellings or symbols
(``kilometre per hour``, ``km/h``, ``kph``, ``MW``, ``mph``) or, for money, its
ISO 4217 code (``USD``, ``gbp``). What identifies a unit here is its *key*: the
currency code for money (``$2.5bn`` and ``US$40 million`` are both ``USD``:
quantulum3 reads a bare ``$`` as US dollars), the quantulum3 name otherwise.
Counts and shares have no unit (shares are selected by ``kind: share`` and
their limits are written as percentages).

Two keys compare when they are equal, or when both are in :data:`PINT_NAMES`
(the one table mapping our unit names to pint's) with the same dimension:
lengths, speeds, power, energy, mass, areas, volumes, durations and
temperatures (with their offsets). Conversion is exact: pint with
:class:`~fractions.Fraction` numbers, taken as ``scale * x + offset`` once per
pair of units. Currencies never convert: exchange rates change daily.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Any, Optional

from ..prose.money import CURRENCY_CODES, MISSING_UNITS, PREFIXES
from ..records.intervals import exact, format_number
from .numbers import MULTIPLIERS, NUMBER_NOTE, parse_number

#: quantulum3's language, as extraction loads it
_LANG = "en_US"
#: quantulum3 unit kinds ("entities") whose units no claim carries: counts and shares have no unit
_UNITLESS_ENTITIES = frozenset({"dimensionless", "unknown"})
#: how a rule may write a share's percent sign, which is not a unit here
_SHARE_WORDS = frozenset({"%", "percent", "per cent", "percentage"})

#: each convertible unit's quantulum3 name -> pint's name for it (one table: add a row to convert a unit)
PINT_NAMES: dict[str, str] = {
    # lengths
    "millimetre": "millimeter", "centimetre": "centimeter", "metre": "meter", "kilometre": "kilometer",
    "inch": "inch", "foot": "foot", "yard": "yard", "mile": "mile",
    # speeds
    "kilometre per hour": "kilometer / hour", "mile per hour": "mile / hour", "metre per second": "meter / second",
    "foot per second": "foot / second", "knot": "knot",
    # power
    "watt": "watt", "kilowatt": "kilowatt", "megawatt": "megawatt", "gigawatt": "gigawatt",
    "terawatt": "terawatt", "horsepower": "horsepower",
    # energy
    "joule": "joule", "kilojoule": "kilojoule", "kilowatt hour": "kilowatt_hour", "calorie": "calorie",
    "kilocalorie": "kilocalorie", "british thermal unit": "Btu",
    # mass
    "milligram": "milligram", "gram": "gram", "kilogram": "kilogram", "tonne": "metric_ton",
    "pound-mass": "pound", "ounce": "ounce", "short ton": "short_ton", "long ton": "long_ton",
    # areas
    "square metre": "meter ** 2", "square kilometre": "kilometer ** 2", "square foot": "foot ** 2",
    "square yard": "yard ** 2", "square mile": "mile ** 2", "hectare": "hectare", "acre": "acre",
    # volumes
    "litre": "liter", "centilitre": "centiliter", "hectolitre": "hectoliter", "cubic metre": "meter ** 3",
    "cubic kilometre": "kilometer ** 3", "cubic foot": "foot ** 3", "gallon": "gallon", "barrel": "oil_barrel",
    # durations: pint's year is 365.25 days and its month a twelfth of that
    "second": "second", "minute": "minute", "hour": "hour", "day": "day", "week": "week", "fortnight": "fortnight",
    "month": "month", "year": "year", "decade": "decade", "century": "century",
    # temperatures, with their offsets
    "degree Celsius": "degree_Celsius", "degree fahrenheit": "degree_Fahrenheit", "kelvin": "kelvin",
}


@dataclass(frozen=True)
class Conversion:
    """``scale * x + offset``: a value in one unit written in another (``scale`` is always positive, so
    conversion keeps the order of values and the open or closed ends of an interval)."""

    scale: Fraction
    offset: Fraction

    def __call__(self, x: Fraction) -> Fraction:
        return self.scale * x + self.offset

    def inverse(self) -> Conversion:
        return Conversion(1 / self.scale, -self.offset / self.scale)


@dataclass(frozen=True)
class _Unit:
    name: str  # quantulum3's name
    entity: str  # quantulum3's kind of unit: "speed", "currency"
    code: Optional[str]  # ISO 4217 code of a currency


@lru_cache(maxsize=1)
def _units() -> dict[str, _Unit]:
    from quantulum3 import load  # late: the selector module loads without quantulum3's tables

    units = {name: _Unit(name, unit.entity.name, unit.currency_code)
             for name, unit in load.units(_LANG).names.items() if unit.entity.name not in _UNITLESS_ENTITIES}
    # units our own readers name that quantulum3 does not know ("swedish krona", "nautical mile")
    for name, code in CURRENCY_CODES.items():
        units.setdefault(name, _Unit(name, "currency", code))
    for name in MISSING_UNITS.values():
        units.setdefault(name, _Unit(name, "measure", None))
    return units


def unit_key(name: str) -> Optional[str]:
    """The key of a claim's unit (quantulum3's name, as ``Quantity.unit`` holds it); None without a unit."""
    if not name:
        return None
    unit = _units().get(name)
    if unit is None:  # a share's "percent", a unit quantulum3 does not know
        return None
    return unit.code or unit.name


def describe_unit(key: str) -> str:
    """How messages write a unit key: the currency code, or the unit's name."""
    return key


@lru_cache(maxsize=1)
def _spellings() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Every way a rule may write a unit -> the keys it may mean: (case-insensitive words, exact symbols)."""
    from quantulum3 import load

    words: dict[str, set[str]] = {}
    symbols: dict[str, set[str]] = {}
    units = _units()
    known = load.units(_LANG).names
    for name, unit in units.items():
        raw = known.get(name)
        key = unit.code or unit.name
        for spelling in (name, *(raw.surfaces if raw is not None else ())):
            words.setdefault(spelling.casefold(), set()).add(key)
        for symbol in raw.symbols if raw is not None else ():
            symbols.setdefault(symbol, set()).add(key)
        if unit.code:
            words.setdefault(unit.code.casefold(), set()).add(key)
    for prefix, name in PREFIXES.items():
        code = units[name].code if name in units else None
        if code:
            symbols.setdefault(prefix, set()).add(code)
    for spelling in ("km/h", "kmh", "km/hr"):
        words.setdefault(spelling, set()).add("kilometre per hour")
    return words, symbols


def resolve_unit(text: str) -> str:
    """The key of a unit as a rule writes it (``USD``, ``km/h``, ``megawatt``); ValueError naming the nearest
    valid spellings when there is none, or the candidates when a symbol is ambiguous (``C``)."""
    written = " ".join(text.split())
    if written.casefold() in _SHARE_WORDS:
        raise ValueError(f"'{written}' is not a unit: shares have no unit (select them with kind: share; write "
                         f"a share limit as a number, max: 40%)")
    words, symbols = _spellings()
    keys = symbols.get(written) or words.get(written.casefold())
    if not keys:
        folded = {symbol.casefold(): found for symbol, found in symbols.items()}
        keys = folded.get(written.casefold())
    if keys and len(keys) == 1:
        (key,) = keys
        return key
    if keys:
        raise ValueError(f"unit '{written}' may mean {' or '.join(sorted(keys))}: write the unit's name")
    close = difflib.get_close_matches(written.casefold(), list(words) + list(symbols), n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(repr(spelling) for spelling in close)}?" if close else ""
    raise ValueError(f"unknown unit '{written}'{hint} (write a currency code such as USD, or a unit's name or "
                     f"symbol such as km/h, kilometre per hour, MW)")


def conversion(source: str, target: str) -> Optional[Conversion]:
    """How values in unit key ``source`` are written in ``target``; None when they do not compare."""
    if source == target:
        return Conversion(Fraction(1), Fraction(0))
    if source not in PINT_NAMES or target not in PINT_NAMES:
        return None
    return _pint_conversion(source, target)


@lru_cache(maxsize=None)
def _pint_conversion(source: str, target: str) -> Optional[Conversion]:
    registry = _registry()
    origin: Any = registry.Quantity(Fraction(0), PINT_NAMES[source])
    if origin.dimensionality != registry.Quantity(Fraction(0), PINT_NAMES[target]).dimensionality:
        return None
    offset = Fraction(origin.to(PINT_NAMES[target]).magnitude)
    scale = Fraction(registry.Quantity(Fraction(1), PINT_NAMES[source]).to(PINT_NAMES[target]).magnitude) - offset
    return Conversion(scale, offset)


@lru_cache(maxsize=1)
def _registry() -> Any:
    import pint  # late: only rules whose limits have a unit other than their claims' need it

    return pint.UnitRegistry(non_int_type=Fraction, autoconvert_offset_to_baseunit=False)


# ---------------------------------------------------------------- limits written with their unit


@dataclass(frozen=True)
class Limit:
    """A rule's limit written with its unit: ``10 billion USD`` is 10e9 in ``USD``, ``300 km/h`` is 300 in
    ``kilometre per hour`` (``unit`` is a key of :func:`resolve_unit`)."""

    value: Fraction
    unit: str

    def __str__(self) -> str:
        return f"{format_number(float(self.value))} {describe_unit(self.unit)}"


#: what to write, in words, for a limit
LIMIT_NOTE = f"{NUMBER_NOTE}, optionally with its unit: \"10 billion USD\", \"300 km/h\""

#: :func:`parse_limit`'s text forms with a unit, loosely (the unit is checked when the rule loads), as an
#: ECMAScript (and Python) regex: a number with words or symbols before or after it
LIMIT_PATTERN = r"^\s*(?:[^\s0-9.+-][^0-9]*)?[-+]?(?:(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?|\.[0-9]+)(?:\s*[^\s0-9.,].*)?$"

_SCALES = "|".join(word for word in MULTIPLIERS if word.isalpha())
_LIMIT = re.compile(
    r"^(?P<before>[^\d.+-]*?)\s*(?P<number>[-+]?(?:\d[\d,]*(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d{1,4}(?![a-zA-Z]))?)"
    rf"(?:\s*(?P<scale>(?:{_SCALES})\b))?\s*(?P<after>.*?)$", re.IGNORECASE)


def parse_limit(value: object) -> float | Limit:
    """A limit as a rule writes it: a plain number (:func:`~pytest_claims.language.numbers.parse_number`), or
    a number with a unit after it (``300 km/h``, ``10 billion USD``) or a currency before it (``$10 billion``,
    ``USD 10 billion``). ValueError for anything else, an unknown unit included."""
    try:
        return parse_number(value)
    except ValueError as error:
        if not isinstance(value, str):
            raise
        plain = error
    match = _LIMIT.match(value.strip())
    if not match or (match["before"] and match["after"]):
        raise plain
    unit = (match["before"] or match["after"]).strip()
    if not unit or unit[0] in "%":
        raise plain
    number = parse_number(" ".join(part for part in (match["number"], match["scale"]) if part))
    return Limit(exact(number), resolve_unit(unit))
