"""Tests for pytest_claims.records.intervals: exact arithmetic on open and closed ends, and how intervals are written.

* arithmetic examples, including the open-end and infinite cases;
* Hypothesis properties: every operation's enclosure contains the exact result
  at points inside its operands (soundness) and its ends are reached or
  approached by such points (tightness).
"""

from __future__ import annotations

import math
import operator
from fractions import Fraction
from typing import Callable

import pytest
from helpers.intervals import closed, intervals, point, points_in
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pytest_claims.records.intervals import Ends, add, describe_ends, divide, multiply, negate, subtract

PROPERTY_SETTINGS = settings(max_examples=300, deadline=None)
INF = math.inf
F = Fraction

# ---------------------------------------------------------------- examples


@pytest.mark.parametrize(("a", "b", "expected"), [
    (point(1), Ends(F(0), F(5), False, True), "[0.2, ∞)"),
    (point(1), Ends(F(-5), F(0), True, False), "(-∞, -0.2]"),
    (closed(1, 2), Ends(F(2), INF, True, False), "(0, 1]"),
    (closed(1, 2), Ends(-INF, F(-1), False, True), "[-2, 0)"),
    (point(1), closed(-1, 1), "(-∞, ∞)"),
    (point(1), closed(0, 5), "(-∞, ∞)"),
    (point(1), Ends(F(-5), F(0), False, True), "(-∞, ∞)"),
    (point(0), point(0), "(-∞, ∞)"),
    (point(0), closed(2, 4), "0"),
    (Ends(F(0), F(1), False, True), point(4), "(0, 0.25]"),
], ids=["open-zero-below", "open-zero-above", "to-infinity", "from-minus-infinity",
        "zero-inside", "zero-closed-end", "zero-closed-high-end", "point-zero", "zero-dividend",
        "open-dividend"])
def test_divide(a: Ends, b: Ends, expected: str) -> None:
    assert describe_ends(divide(a, b)) == expected


@pytest.mark.parametrize(("op", "a", "b", "expected"), [
    (add, Ends(-INF, F(0), False, True), Ends(F(0), INF, True, False), "(-∞, ∞)"),
    (add, Ends(F(1), INF, True, False), Ends(F(1), INF, False, False), "(2, ∞)"),
    (subtract, Ends(F(1), INF, True, False), Ends(F(1), INF, True, False), "(-∞, ∞)"),
    (subtract, closed(10, 20), Ends(F(1), F(2), False, True), "[8, 19)"),
    (multiply, point(0), Ends(-INF, INF, False, False), "0"),
    (multiply, closed(0, 1), Ends(F(1), INF, False, False), "[0, ∞)"),
    (multiply, Ends(F(0), F(1), False, True), Ends(F(1), INF, False, False), "(0, ∞)"),
    (multiply, closed(-1, 0), Ends(F(1), INF, True, False), "(-∞, 0]"),
    (multiply, Ends(-INF, F(-1), False, True), Ends(-INF, F(-1), False, True), "[1, ∞)"),
    (multiply, closed(-2, 3), closed(-5, 4), "[-15, 12]"),
    (multiply, Ends(F(-2), F(3), False, True), Ends(F(-5), F(4), True, False), "[-15, 12)"),
    (multiply, closed(-3, 2), Ends(F(-5), F(4), True, False), "(-12, 15]"),
    (multiply, Ends(F(0), F(1), False, False), Ends(F(0), F(1), False, False), "(0, 1)"),
], ids=["inf-minus-inf", "open-plus-closed", "inf-minus-inf-sub", "sub-open", "zero-times-line",
        "zero-closed-times-inf", "zero-open-times-inf", "negative-times-inf", "both-negative-inf",
        "mixed-signs", "mixed-open-low", "mixed-open-high", "open-unit"])
def test_arithmetic_ends(op: Callable[[Ends, Ends], Ends], a: Ends, b: Ends, expected: str) -> None:
    assert describe_ends(op(a, b)) == expected


def test_empty_in_empty_out() -> None:
    empty = Ends(F(1), F(1), True, False)
    for op in (add, subtract, multiply, divide):
        assert op(empty, closed(0, 1)).is_empty()
        assert op(closed(0, 1), empty).is_empty()
    assert negate(empty).is_empty()
    assert divide(closed(0, 1), Ends(F(0), F(0), False, False)).is_empty()
    assert describe_ends(empty) == "empty"


def test_float_ends_are_accepted_exactly() -> None:
    """Callers may hand in float ends (0.57 stays 0.57, not 0.5700000000000001)."""
    assert add(Ends(0.57, 0.57, True, True), point(0)) == point(F(57, 100))


@pytest.mark.parametrize(("ends", "text"), [
    (closed(F(3, 4), 1), "[0.75, 1]"),
    (Ends(F(3, 4), INF, False, False), "(0.75, ∞)"),
    (Ends(-INF, F(5), False, True), "(-∞, 5]"),
    (point(250000), "250,000"),
    (Ends(F(1, 3), F(1, 2), False, False), "(0.3333, 0.5)"),
    (Ends(-INF, INF, True, True), "(-∞, ∞)"),
], ids=["closed", "open-unbounded", "minus-infinity", "point", "fraction", "closed-infinity-ignored"])
def test_describe_ends(ends: Ends, text: str) -> None:
    assert describe_ends(ends) == text


def test_describe_huge_number() -> None:
    assert describe_ends(point(10 ** 400)) == "1e+400"  # not 401 digits
    assert describe_ends(point(-3 * 10 ** 400)) == "-3e+400"


# ---------------------------------------------------------------- properties: arithmetic

BINARY: dict[str, tuple[Callable[[Ends, Ends], Ends], Callable[[Fraction, Fraction], Fraction]]] = {
    "add": (add, operator.add), "subtract": (subtract, operator.sub),
    "multiply": (multiply, operator.mul), "divide": (divide, operator.truediv),
}


def assert_well_formed(e: Ends) -> None:
    for end in (e.lo, e.hi):
        assert isinstance(end, Fraction) or end in (INF, -INF)
    assert not (e.lo_closed and e.lo == -INF) and not (e.hi_closed and e.hi == INF)


@PROPERTY_SETTINGS
@given(st.sampled_from(sorted(BINARY)), st.data())
def test_binary_operations_are_sound(name: str, data: st.DataObject) -> None:
    operation, exact = BINARY[name]
    a, b = data.draw(intervals(), label="a"), data.draw(intervals(), label="b")
    x, y = data.draw(points_in(a), label="x"), data.draw(points_in(b), label="y")
    result = operation(a, b)
    assert_well_formed(result)
    assume(not (name == "divide" and y == 0))
    assert result.contains(exact(x, y))


@PROPERTY_SETTINGS
@given(st.data())
def test_negate_is_sound(data: st.DataObject) -> None:
    a = data.draw(intervals())
    x = data.draw(points_in(a))
    result = negate(a)
    assert_well_formed(result)
    assert result.contains(-x)


FAR = F(10 ** 15)  # stands in for an infinite end
NEAR = F(1, 10 ** 20)  # how far inside an open end


def witnesses(e: Ends) -> list[Fraction]:
    """Points of ``e`` at (closed), just inside (open) or far along (infinite) each end, and 0."""
    found: list[Fraction] = []
    for end, is_closed, inward in ((e.lo, e.lo_closed, 1), (e.hi, e.hi_closed, -1)):
        if end in (INF, -INF):
            found.append(-inward * FAR)
        elif is_closed:
            found.append(end)
        else:
            width = (e.hi - e.lo) / 2 if e.hi != INF and e.lo != -INF else NEAR
            found.append(end + inward * min(NEAR, width))
    if e.contains(F(0)):
        found.append(F(0))
    return [x for x in found if e.contains(x)]


def assert_reached(values: list[Fraction], end: object, is_closed: bool, below: bool) -> None:
    """Some value equals a closed end, lies just inside an open end, or far out for an infinite one."""
    if end in (INF, -INF):
        assert any(v > 10 ** 9 if end == INF else v < -10 ** 9 for v in values)
    elif is_closed:
        assert end in values
    else:
        inside = [v for v in values if (v > end if below else v < end)]
        assert any(abs(v - end) < F(1, 10 ** 6) for v in inside)  # type: ignore[operator]


@PROPERTY_SETTINGS
@given(st.sampled_from(sorted(BINARY)), intervals(), intervals())
def test_binary_operations_are_tight(name: str, a: Ends, b: Ends) -> None:
    """No operation widens: its ends are attained (closed) or approached (open, infinite).

    Division by an interval containing 0 returns the whole line on purpose and is left out.
    """
    operation, exact = BINARY[name]
    assume(not (name == "divide" and b.contains(F(0))))
    result = operation(a, b)
    values = [exact(x, y) for x in witnesses(a) for y in witnesses(b)]
    assert_reached(values, result.lo, result.lo_closed, below=True)
    assert_reached(values, result.hi, result.hi_closed, below=False)


@PROPERTY_SETTINGS
@given(intervals())
def test_negate_is_tight(a: Ends) -> None:
    result = negate(a)
    values = [-x for x in witnesses(a)]
    assert_reached(values, result.lo, result.lo_closed, below=True)
    assert_reached(values, result.hi, result.hi_closed, below=False)
