"""Exact interval arithmetic: what values a claim's interval admits.

Numbers are compared exactly, as fractions, after rounding each float to 15
significant digits: that removes binary noise such as ``57 * 0.01 ==
0.5700000000000001`` (which would otherwise put "57%" above a bound of 0.57)
while keeping every digit a number written in prose can carry.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Optional, Union

if TYPE_CHECKING:
    from .model import Interval

#: an interval end: exact when finite, ``±math.inf`` when the interval is unbounded on that side
End = Union[Fraction, float]


def exact(x: float | Fraction) -> Fraction:
    """``x`` as an exact fraction, rounded to 15 significant digits (see the module docstring)."""
    if isinstance(x, Fraction):
        return x
    return Fraction(format(x, ".15g"))


@dataclass(frozen=True)
class Ends:
    """An interval with exact ends; an unbounded side is ``±inf`` and never closed."""

    lo: End
    hi: End
    lo_closed: bool
    hi_closed: bool

    @classmethod
    def of(cls, interval: Interval) -> Ends:
        return cls(_end(interval.low, -math.inf), _end(interval.high, math.inf),
                   interval.low_inclusive and _finite(interval.low),
                   interval.high_inclusive and _finite(interval.high))

    def is_empty(self) -> bool:
        return self.lo > self.hi or (self.lo == self.hi and not (self.lo_closed and self.hi_closed))

    def contains(self, x: End) -> bool:
        above = x > self.lo or (x == self.lo and self.lo_closed)
        below = x < self.hi or (x == self.hi and self.hi_closed)
        return above and below


def _end(x: Optional[float], unbounded: float) -> End:
    if x is None:
        return unbounded
    return exact(x) if math.isfinite(x) else x


def _finite(x: Optional[float]) -> bool:
    return x is not None and math.isfinite(x)


def can_be_below(lower: Ends, upper: Ends, strict: bool) -> bool:
    """Whether some x in ``lower`` and y in ``upper`` have x < y (``strict``) or x <= y.

    Every x is >= lower.lo and every y <= upper.hi. When lower.lo < upper.hi,
    both (non-empty) intervals have points as close to those ends as we like,
    so some x < y. When they are equal, x <= y forces x = y = that end, which
    needs both ends closed; x < y is impossible. When lower.lo > upper.hi, x > y.
    """
    if lower.is_empty() or upper.is_empty():
        return False
    if lower.lo < upper.hi:
        return True
    if strict or lower.lo > upper.hi:
        return False
    return lower.lo_closed and upper.hi_closed


def can_be_equal(a: Ends, b: Ends) -> bool:
    """Whether the intervals share a point."""
    if a.is_empty() or b.is_empty():
        return False
    return not _intersection(a, b).is_empty()


def _intersection(a: Ends, b: Ends) -> Ends:
    if a.lo != b.lo:
        lo, lo_closed = (a.lo, a.lo_closed) if a.lo > b.lo else (b.lo, b.lo_closed)
    else:
        lo, lo_closed = a.lo, a.lo_closed and b.lo_closed
    if a.hi != b.hi:
        hi, hi_closed = (a.hi, a.hi_closed) if a.hi < b.hi else (b.hi, b.hi_closed)
    else:
        hi, hi_closed = a.hi, a.hi_closed and b.hi_closed
    return Ends(lo, hi, lo_closed, hi_closed)


def can_relate(x: Ends, op: str, y: Ends) -> bool:
    """Whether some value in ``x`` and some value in ``y`` satisfy ``value_x op value_y``."""
    if op == "<":
        return can_be_below(x, y, strict=True)
    if op == "<=":
        return can_be_below(x, y, strict=False)
    if op == "==":
        return can_be_equal(x, y)
    if op == ">=":
        return can_be_below(y, x, strict=False)
    if op == ">":
        return can_be_below(y, x, strict=True)
    raise ValueError(f"unknown operator {op!r}")
