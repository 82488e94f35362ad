"""Intervals for tests: exact constructors and Hypothesis strategies of intervals and their points."""

from __future__ import annotations

import math
from fractions import Fraction

from hypothesis import strategies as st

from pytest_claims.records.intervals import Ends

INF = math.inf
F = Fraction


def closed(lo: object, hi: object) -> Ends:
    return Ends(Fraction(lo), Fraction(hi), True, True)  # type: ignore[arg-type]


def point(x: object) -> Ends:
    return closed(x, x)


FINITE = st.one_of(st.sampled_from([F(0), F(1), F(-1)]),
                   st.fractions(min_value=-1000, max_value=1000, max_denominator=100))


@st.composite
def intervals(draw: st.DrawFn) -> Ends:
    """A non-empty interval: Fraction or infinite ends, each finite end open or closed."""
    lo = draw(st.one_of(FINITE, FINITE, st.just(-INF)))
    hi = draw(st.one_of(FINITE, FINITE, st.just(INF)))
    if lo > hi:
        lo, hi = hi, lo  # both finite: -inf is never above, inf never below
    if lo == hi:
        return Ends(lo, hi, True, True)
    return Ends(lo, hi, draw(st.booleans()) and lo != -INF, draw(st.booleans()) and hi != INF)


@st.composite
def points_in(draw: st.DrawFn, e: Ends) -> Fraction:
    """A point of ``e``: a closed end, or anywhere inside (near the ends too)."""
    ends = [end for end, is_closed in ((e.lo, e.lo_closed), (e.hi, e.hi_closed)) if is_closed]
    if ends and draw(st.booleans()):
        return draw(st.sampled_from(ends))
    t = draw(st.one_of(st.fractions(min_value=0, max_value=1, max_denominator=10 ** 6),
                       st.sampled_from([F(1, 10 ** 12), 1 - F(1, 10 ** 12)])).filter(lambda t: 0 < t < 1))
    if e.lo == e.hi:
        x = e.lo
    elif e.lo != -INF and e.hi != INF:
        x = e.lo + t * (e.hi - e.lo)
    elif e.lo != -INF:
        x = e.lo + 1 / t - 1
    elif e.hi != INF:
        x = e.hi - (1 / t - 1)
    else:
        x = 1 / t - 1 / (1 - t)
    assert e.contains(x)
    return x
