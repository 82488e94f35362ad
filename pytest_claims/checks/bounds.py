"""``check: bounds``: every value lies within limits.

A limit may carry a unit (``max: 300 km/h``, ``max: 10 billion USD``). Then
a claim in that unit compares as it is; a claim in a unit that converts
(:func:`~pytest_claims.language.units.conversion`: "200 mph" against km/h) is
converted, exactly, before it is compared; any other claim (another currency,
another dimension, a count without a unit) is not compared, and a note counts
it. A limit without a unit compares every claim's number as it is.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from fractions import Fraction
from typing import ClassVar, Mapping, Optional, Sequence

from ..language.units import Conversion, Limit, conversion, describe_unit, unit_key
from ..prose.words import plural
from ..records.intervals import End, Ends, Interval, can_be_equal, describe_ends, exact, format_number
from ..records.model import Claim, Violation
from .base import Check, CheckResult, Satisfying, SearchSpace
from .params import NumberWithUnit, parameter, require_number
from .phrases import quoted_with_interval


@dataclass(frozen=True)
class Bounds(Check):
    """Every claim can lie within [min, max] (in the limits' unit, when they have one)."""

    name: ClassVar[str] = "bounds"

    min: Optional[float | Limit] = parameter(NumberWithUnit(
        "lowest value a claim may take, on the comparison scale (shares as fractions of 1), optionally with "
        "its unit (\"5 km\"); leave out for no lower bound", example=0), default=None)
    max: Optional[float | Limit] = parameter(NumberWithUnit(
        "highest value a claim may take, on the comparison scale (shares as fractions of 1), optionally with "
        "its unit (\"300 km/h\", \"10 billion USD\"); leave out for no upper bound", example=300), default=None)
    def __post_init__(self) -> None:
        for name in ("min", "max"):
            limit = getattr(self, name)
            if not isinstance(limit, Limit):
                require_number(name, limit, optional=True)
        if self.min is None and self.max is None:
            raise ValueError("bounds needs min, max or both")
        if self._lo is not None and self._hi is not None and self._lo > self._hi:
            raise ValueError(f"min ({self._shown(self._lo)}) is above max ({self._shown(self._hi)})")

    @cached_property
    def unit(self) -> Optional[str]:
        """The limits' unit (a key of :mod:`pytest_claims.language.units`); None when neither has one."""
        units = [limit.unit for limit in (self.max, self.min) if isinstance(limit, Limit)]
        return units[0] if units else None

    @cached_property
    def _lo(self) -> Optional[Fraction]:
        """``min`` as an exact number in ``unit``; None for no lower limit."""
        return self._in_unit("min", self.min, self.unit)

    @cached_property
    def _hi(self) -> Optional[Fraction]:
        return self._in_unit("max", self.max, self.unit)

    @staticmethod
    def _in_unit(name: str, limit: Optional[float | Limit], unit: Optional[str]) -> Optional[Fraction]:
        """The limit in ``unit``: a plain number beside a limit with a unit is taken in that unit."""
        if limit is None:
            return None
        if not isinstance(limit, Limit):
            return exact(limit)
        assert unit is not None
        converted = conversion(limit.unit, unit)
        if converted is None:
            raise ValueError(f"{name} is in {describe_unit(limit.unit)} and the other limit in "
                             f"{describe_unit(unit)}, which do not compare: write both in one unit")
        return converted(limit.value)

    @property
    def range(self) -> Interval:
        return Interval(None if self._lo is None else float(self._lo), None if self._hi is None else float(self._hi))

    def _allowed(self) -> Ends:
        return Ends(-math.inf if self._lo is None else self._lo, math.inf if self._hi is None else self._hi,
                    self._lo is not None, self._hi is not None)

    def _shown(self, value: Fraction) -> str:
        text = format_number(float(value))
        return text if self.unit is None else f"{text} {describe_unit(self.unit)}"

    def _range_text(self) -> str:
        text = describe_ends(self._allowed())
        return text if self.unit is None else f"{text} {describe_unit(self.unit)}"

    def _conversion(self, claim: Claim) -> Optional[Conversion]:
        """How the claim's number is written in the limits' unit; None when it does not compare with them."""
        if self.unit is None:
            return Conversion(Fraction(1), Fraction(0))
        key = unit_key(claim.quantity.unit)
        return None if key is None else conversion(key, self.unit)

    def evaluate(self, groups: Mapping[str, Sequence[Claim]]) -> CheckResult:
        claims = groups["claims"]
        allowed = self._allowed()
        violations = []
        skipped: Counter[str] = Counter()
        for claim in claims:
            convert = self._conversion(claim)
            if convert is None:
                key = unit_key(claim.quantity.unit)
                skipped["without a unit" if key is None else f"in {describe_unit(key)}"] += 1
                continue
            ends = _converted(Ends.of(claim.interval), convert)
            if can_be_equal(ends, allowed):
                continue
            if self.unit is None or unit_key(claim.quantity.unit) == self.unit:
                message = f"{quoted_with_interval(claim)} cannot lie within {self._range_text()}"
            else:
                message = (f"{quoted_with_interval(claim)} is {describe_ends(ends)} {describe_unit(self.unit)}, "
                           f"which cannot lie within {self._range_text()}")
            violations.append(Violation((claim,), message))
        notes = tuple(f"{plural(count, 'claim')} {where} not compared with a limit in {describe_unit(str(self.unit))}"
                      for where, count in sorted(skipped.items()))
        return CheckResult(tuple(violations), comparisons=len(claims) - sum(skipped.values()), notes=notes)

    def describe(self) -> str:
        return f"values within {self._range_text()}"

    def mentioned_numbers(self) -> tuple[Fraction, ...]:
        return tuple(limit for limit in (self._lo, self._hi) if limit is not None)

    def satisfying(self, space: SearchSpace) -> Satisfying:
        from hypothesis import strategies as st  # late: hypothesis loads only for sensitivity

        strategies = []
        for claim in space.claims:
            convert = self._conversion(claim)
            if convert is None:  # never compared: any value satisfies the check
                strategies.append(space.free())
                continue
            back = convert.inverse()  # the limits in the claim's own unit
            hi = space.top if self._hi is None else back(self._hi)
            lo = min(Fraction(0), hi) if self._lo is None else back(self._lo)
            strategies.append(space.values(lo, max(lo, hi)))
        return st.tuples(*strategies)

    def vacuity_hint(self, claims: Sequence[Claim]) -> Optional[str]:
        if self._hi is not None or self._lo is None:
            return None
        kinds = sorted({claim.kind for claim in claims})
        return (f"bounds min {self._shown(self._lo)} on {' and '.join(kind + 's' for kind in kinds)}, "
                f"which are never negative?")


def _converted(ends: Ends, convert: Conversion) -> Ends:
    """The interval written in another unit (the conversion's scale is positive: ends keep their order)."""
    return Ends(_converted_end(ends.lo, convert), _converted_end(ends.hi, convert), ends.lo_closed, ends.hi_closed)


def _converted_end(end: End, convert: Conversion) -> End:
    return end if isinstance(end, float) and math.isinf(end) else convert(exact(end))
