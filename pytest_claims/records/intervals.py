"""Intervals: what values a claim admits, exactly, and how they are written.

A claim asserts that the real number lies in an :class:`Interval` (floats, as
extraction reads them, ``None`` for an open side). Checks compare intervals as
:class:`Ends`: exact fractions, each float rounded to 15 significant digits,
which removes binary noise such as ``57 * 0.01 == 0.5700000000000001`` (that
would otherwise put "57%" above a bound of 0.57) while keeping every digit a
number written in prose can carry. This module holds the comparisons
(:func:`can_relate`), the exact arithmetic the rule language and the checks
use (:func:`add`, :func:`multiply`, :func:`divide`, ...) and the one way
intervals and numbers are written for people (:func:`describe_ends`,
:func:`format_number`, :func:`percent`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Context, Decimal
from fractions import Fraction
from typing import Callable, Optional, Union

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

    @classmethod
    def point(cls, x: float | Fraction) -> Ends:
        """The single exact value ``x``."""
        value = exact(x)
        return cls(value, value, True, True)

    def widened(self, by: Fraction) -> Ends:
        """Every value within ``by`` of a value here: an open end stays open ((0.75, 1] widened by 0.05 is
        (0.7, 1.05], which does not hold 0.7)."""
        if by == 0:
            return self
        return Ends(self.lo - by, self.hi + by, self.lo_closed, self.hi_closed)

    def is_point(self) -> bool:
        return self.lo == self.hi

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


@dataclass(frozen=True)
class Interval:
    """A real interval. ``None`` for an end means unbounded on that side."""

    low: Optional[float]
    high: Optional[float]
    low_inclusive: bool = True
    high_inclusive: bool = True

    @classmethod
    def point(cls, value: float) -> Interval:
        return cls(value, value, True, True)

    def is_empty(self) -> bool:
        return Ends.of(self).is_empty()

    def contains(self, x: float | Fraction) -> bool:
        return math.isfinite(x) and Ends.of(self).contains(exact(x))

    def intersects(self, other: Interval) -> bool:
        return can_be_equal(Ends.of(self), Ends.of(other))

    def scaled(self, factor: float) -> Interval:
        """Multiply both ends by a positive factor."""
        if factor <= 0:
            raise ValueError("scale factor must be positive")
        return Interval(
            None if self.low is None else self.low * factor,
            None if self.high is None else self.high * factor,
            self.low_inclusive,
            self.high_inclusive,
        )

    def __str__(self) -> str:
        return describe_ends(Ends.of(self))


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


# ---------------------------------------------------------------- exact arithmetic

_INF = math.inf
EMPTY = Ends(_INF, -_INF, False, False)
WHOLE_LINE = Ends(-_INF, _INF, False, False)


def _is_inf(x: End) -> bool:
    return isinstance(x, float) and math.isinf(x)


def _clean_end(x: End | int) -> End:
    if isinstance(x, Fraction) or _is_inf(x):
        return x
    if isinstance(x, float):
        if math.isnan(x):
            raise ValueError("an interval end is NaN")
        return exact(x)
    return Fraction(x)


def exact_ends(e: Ends) -> Ends:
    """``e`` with Fraction or ±inf ends, an infinite end never closed."""
    lo, hi = _clean_end(e.lo), _clean_end(e.hi)
    return Ends(lo, hi, e.lo_closed and not _is_inf(lo), e.hi_closed and not _is_inf(hi))


def _operands(*ends: Ends) -> Optional[tuple[Ends, ...]]:
    """The cleaned operands, or None when one is empty (then so is the result)."""
    cleaned = tuple(exact_ends(e) for e in ends)
    return None if any(e.is_empty() for e in cleaned) else cleaned


def negate(a: Ends) -> Ends:
    """{-x : x in a}, exactly."""
    operands = _operands(a)
    if operands is None:
        return EMPTY
    (a,) = operands
    return Ends(-a.hi, -a.lo, a.hi_closed, a.lo_closed)


def add(a: Ends, b: Ends) -> Ends:
    """{x + y}, exactly: an end is attained iff both ends that sum to it are."""
    operands = _operands(a, b)
    if operands is None:
        return EMPTY
    a, b = operands
    return Ends(_sum(a.lo, b.lo, -_INF), _sum(a.hi, b.hi, _INF),
                a.lo_closed and b.lo_closed, a.hi_closed and b.hi_closed)


def _sum(x: End, y: End, unbounded: float) -> End:
    """x + y; inf + (-inf) is taken as unbounded on this side (wider, never NaN)."""
    if _is_inf(x) and _is_inf(y):
        return x if x == y else unbounded
    if _is_inf(x):
        return x
    if _is_inf(y):
        return y
    return x + y


def subtract(a: Ends, b: Ends) -> Ends:
    """{x - y}, exactly."""
    return add(a, negate(b))


def multiply(a: Ends, b: Ends) -> Ends:
    """{x * y}, exactly.

    x * y is linear in each factor, so its infimum and supremum over the box
    are corner values, with 0 * ±inf taken as 0: a zero end next to an
    infinite one never decides an extreme by itself (the factor's other end
    reaches further, or the factor is the point 0 and so is the product). An
    extreme v != 0 is attained only at a corner (inside the box, moving one
    factor would go beyond v), so it is closed iff some corner with both ends
    closed gives v; v == 0 is attained iff a factor contains 0.
    """
    operands = _operands(a, b)
    if operands is None:
        return EMPTY
    a, b = operands
    corners = [(_product(x, y), x_closed and y_closed)
               for x, x_closed in ((a.lo, a.lo_closed), (a.hi, a.hi_closed))
               for y, y_closed in ((b.lo, b.lo_closed), (b.hi, b.hi_closed))]
    lo = min(value for value, _ in corners)
    hi = max(value for value, _ in corners)
    zero = a.contains(Fraction(0)) or b.contains(Fraction(0))
    return Ends(lo, hi, _attained(lo, corners, zero), _attained(hi, corners, zero))


def _product(x: End, y: End) -> End:
    if x == 0 or y == 0:
        return Fraction(0)
    if _is_inf(x) or _is_inf(y):
        return _INF if (x > 0) == (y > 0) else -_INF
    return x * y


def _attained(end: End, corners: list[tuple[End, bool]], zero: bool) -> bool:
    if _is_inf(end):
        return False
    return any(closed and value == end for value, closed in corners) or (end == 0 and zero)


def divide(a: Ends, b: Ends) -> Ends:
    """{x / y : y != 0}: exact when b keeps away from 0, else the whole line.

    A divisor that contains 0 (inside or at a closed end) lets x / y grow
    without bound in both directions near 0 (or admits no quotient at all),
    and the whole line is the simple sound answer. A divisor with an open end
    at 0, e.g. (0, 5], lies on one side of 0, where 1 / y is monotone.
    """
    operands = _operands(a, b)
    if operands is None:
        return EMPTY
    a, b = operands
    if b.contains(Fraction(0)):
        return WHOLE_LINE
    return multiply(a, Ends(_inverse(b.hi, -_INF), _inverse(b.lo, _INF), b.hi_closed, b.lo_closed))


def _inverse(x: End, at_zero: float) -> End:
    """1 / x for an end of a divisor without 0: an open 0 end goes to ±inf, ±inf to an open 0."""
    if _is_inf(x):
        return Fraction(0)
    if x == 0:
        return at_zero
    return 1 / x


#: the four operations by their symbol in expressions
ARITHMETIC: dict[str, Callable[[Ends, Ends], Ends]] = {
    "+": add, "-": subtract, "*": multiply, "/": divide}


# ---------------------------------------------------------------- written for people


def format_number(x: float) -> str:
    """Human formatting: thousands separators, no trailing zeros.

    Past 10^15, and below 0.0001, a float's digits are noise, not precision: such a number is written
    in scientific notation with the digits the float holds (``1e+308``, not 309 digits).
    """
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    if math.isnan(x):
        return "not a number"
    if abs(x) >= 1e15 or (x and abs(x) < 1e-4):
        return format(x, ".15g")
    if x == int(x):
        return f"{int(x):,}"
    text = f"{x:,.4f}".rstrip("0").rstrip(".")
    return text


def describe_ends(e: Ends, percent: bool = False) -> str:
    """Human form of an interval: "[0.75, 1]", "(0.75, ∞)", "250,000" for a point, "empty".

    ``percent`` shows a share's fractions as percentages: "(75%, 100%]".
    """
    e = exact_ends(e)
    if e.is_empty():
        return "empty"
    if e.lo == e.hi:
        return _show(e.lo, percent)
    left = "[" if e.lo_closed else "("
    right = "]" if e.hi_closed else ")"
    return f"{left}{_show(e.lo, percent)}, {_show(e.hi, percent)}{right}"


def _show(x: End, percent: bool = False) -> str:
    if _is_inf(x):
        return "∞" if x > 0 else "-∞"
    value = x * 100 if percent else x
    try:
        text = format_number(float(value))
    except OverflowError:  # a Fraction beyond float range: hundreds of digits, shown as a float's would be
        fraction = Fraction(value)
        context = Context(prec=15)
        text = format(context.divide(Decimal(fraction.numerator), Decimal(fraction.denominator)).normalize(context),
                      "g").replace("E", "e")
    return text + "%" if percent else text


def as_percent(x: Fraction, other: Optional[Fraction] = None) -> str:
    """``x`` as a percentage, with enough decimals to tell it apart from ``other``."""
    for decimals in range(1, 7):
        text = _percent_text(x, decimals)
        if other is None or other == x or text != _percent_text(other, decimals):
            return text
    return text


def _percent_text(x: Fraction, decimals: int) -> str:
    return f"{float(x) * 100:.{decimals}f}".rstrip("0").rstrip(".") + "%"
