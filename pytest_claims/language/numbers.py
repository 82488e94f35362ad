"""Numbers as editors write them in rule files: ``40``, ``"1,000"``, ``"85%"``, ``"1.5 million"``.

One home for how a rule number is read (:func:`parse_number`,
:func:`parse_whole`) and for the JSON Schema patterns that describe the same
text forms to an editor (:data:`NUMBER_PATTERN`, :data:`WHOLE_PATTERN`).
Shares are fractions of one: ``"85%"`` and ``"85 percent"`` are 0.85.
"""

from __future__ import annotations

import math
import re
from typing import Any

from ..prose.scales import SCALE_WORDS
from ..records.yamlfile import described, type_name

#: what a unit after a rule number multiplies it by (the scales are the prose's own)
MULTIPLIERS: dict[str, float] = {"%": 0.01, "percent": 0.01,
                                 **{word: float(SCALE_WORDS[word]) for word in ("thousand", "million", "billion")}}
#: what to write, in words, for messages and the schema
NUMBER_NOTE = 'a number: 40, "1,000", "85%" (= 0.85), "40 percent" or "1.5 million"'

_NUMBER = re.compile(
    r"^(?P<sign>[-+]?)(?P<digits>\d{1,3}(?:,\d{3})+|\d+)?(?P<fraction>\.\d+)?(?P<exponent>[eE][-+]?\d{1,4})?"
    rf"\s*(?P<unit>{'|'.join(MULTIPLIERS)})?$", re.IGNORECASE)


def parse_number(value: Any) -> float:
    """A rule parameter as a float: ``40``, ``"1,000"``, ``"85%"`` (-> 0.85), ``"1.5 million"``.

    Raises ValueError for anything else, including non-finite numbers.
    """
    if isinstance(value, bool):
        raise ValueError(f"expected a number, got {value!r}")
    if isinstance(value, (int, float)):
        return _finite(value)
    if isinstance(value, str):
        return _parse_number_text(value)
    raise ValueError(f"expected a number, got {type_name(value)}")


def _parse_number_text(text: str) -> float:
    match = _NUMBER.match(text.strip())
    if not match or not (match["digits"] or match["fraction"]):
        raise ValueError(f"'{text}' is not a number (write e.g. 40, \"1,000\", \"85%\" or \"1.5 million\")")
    number = _finite(match["sign"] + (match["digits"] or "0").replace(",", "") + (match["fraction"] or "")
                     + (match["exponent"] or ""))  # YAML reads 1e308 as text: "1e308" is a number too
    multiplier = MULTIPLIERS.get((match["unit"] or "").lower(), 1.0)
    return _finite(number * multiplier)


def _finite(value: float | str) -> float:
    try:
        number = float(value)
    except OverflowError:
        raise ValueError(f"{value} is too large") from None
    if not math.isfinite(number):
        raise ValueError(f"{value} is not a finite number (write a number below 1e308)")
    return number


def parse_whole(value: Any) -> int:
    """A whole number written as a number or as digits (``3``, ``"3"``); ValueError otherwise."""
    if isinstance(value, str) and re.fullmatch(r"[0-9]{1,9}", value.strip()):
        return int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected a whole number, got {described(value)}")
    return value


def _any_case(word: str) -> str:
    return "".join(f"[{char.upper()}{char.lower()}]" if char.isalpha() else char for char in word)


def _number_pattern() -> str:
    """:func:`parse_number`'s text form as an ECMAScript (and Python) regex.

    Case-insensitive units are spelled out ([Mm][Ii]...): JSON Schema patterns have no flags.
    """
    units = "|".join(_any_case(unit) if unit.isalpha() else unit for unit in MULTIPLIERS)
    digits = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)"
    return rf"^\s*[-+]?(?:{digits}(?:\.[0-9]+)?|\.[0-9]+)(?:[eE][-+]?[0-9]{{1,4}})?\s*(?:{units})?\s*$"


#: the text forms of :func:`parse_number` as a JSON Schema pattern
NUMBER_PATTERN = _number_pattern()
#: the text forms of :func:`parse_whole` as a JSON Schema pattern
WHOLE_PATTERN = r"^\s*[0-9]{1,9}\s*$"
