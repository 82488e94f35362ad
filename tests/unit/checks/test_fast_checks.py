"""The swept checks (trend, agreement, ratio) against the all-pairs checks they replace.

The references (:mod:`helpers.allpairs`) are the checks as they were before
issue 10, comparing every pair (or every count with every share): the fast
checks must reach the same verdict, count the same comparisons and report the
same contradictions (counting every one the reference found, listed or not),
on random interval claims with open, closed, unbounded, point and empty
intervals, zero and negative ends, shares in percent (57% and 0.57 are one
value), many claims on few days and empty groups. What a
failure lists is checked against the listing each kind promises in its
docstring, with the list unbounded (``MAX_LISTED`` raised) and bounded.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from fractions import Fraction
from typing import Optional, Sequence, Union
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.allpairs import agreement_all_pairs, ratio_all_pairs, trend_all_pairs

from pytest_claims.checks import Agreement, Ratio, Trend, agreement, ratio, trend
from pytest_claims.checks.base import MAX_LISTED, CheckResult
from pytest_claims.checks.windows import BottomsAbove, EndColumns, RangeBest, SlidingBest, date_runs, day_numbers, \
    pairs_within
from pytest_claims.language.selectors import Selector
from pytest_claims.records.intervals import Ends, divide, exact
from pytest_claims.records.model import COUNT, SHARE, Claim, Quantity

PROPERTY_SETTINGS = settings(max_examples=300, deadline=None)
FIRST_DAY = date(2016, 11, 28)
DIRECTIONS = ("increasing", "decreasing", "non-decreasing", "non-increasing")
TOLERANCES = ("0", "0.1", "0.15", "0.5", "0.999")
RATIO_TOLERANCES = ("0", "0.05", "0.1")


# ---------------------------------------------------------------- claims


def claim(low: Optional[float], high: Optional[float], index: int, day: Optional[date] = FIRST_DAY, *,
          low_closed: bool = True, high_closed: bool = True, percent: bool = False,
          total: Optional[float] = None) -> Claim:
    """A claim of [low, high] (None: unbounded; percent: a share written in percent, scaled by 0.01)."""
    surface = f"claim {index}"
    value = next((end for end in (low, high) if end is not None), 0.0)
    quantity = Quantity(value=value, low=low, high=high, qualifier=None, unit="percent" if percent else "",
                        kind=SHARE if percent else COUNT, surface=surface, span=(10 * index, 10 * index + 5),
                        low_inclusive=low_closed, high_inclusive=high_closed, number_text=surface, total=total)
    document = f"{index:03d}_doc.txt"
    return Claim(quantity=quantity, document=document, path=f"/articles/{document}", date=day, date_source=None,
                 outlet=None, sentence="", sentence_start=0, line=1, as_of=day,
                 as_of_source=None if day is None else "document date")


#: ends that meet, nest and tie: zero, signs, halves, a decimal, and 57 percent next to 0.57
ENDS = st.sampled_from([0.0, 1.0, -1.0, 0.5, -0.5, 2.0, 3.0, -3.0, 10.0, 0.57, 0.1])


@st.composite
def interval_claims(draw: st.DrawFn, index: int, days: int, ends: st.SearchStrategy[float] = ENDS) -> Claim:
    """A claim of any shape: point, range, one-sided, unbounded, empty ((1, 1], [2, 1]), open or closed."""
    percent = draw(st.integers(0, 5)) == 0
    low = None if draw(st.integers(0, 5)) == 0 else draw(ends)
    high = None if draw(st.integers(0, 5)) == 0 else draw(ends)
    if low is not None and high is not None and low > high and draw(st.integers(0, 3)):
        low, high = high, low  # mostly ordered; the rest are empty
    if percent:  # 57% is 0.5700000000000001 after scaling: exactly 0.57 for the checks
        low, high = (None if end is None else end * 100 for end in (low, high))
    day = FIRST_DAY + timedelta(days=draw(st.integers(0, days - 1)))
    return claim(low, high, index, day, low_closed=draw(st.booleans()), high_closed=draw(st.booleans()),
                 percent=percent)


@st.composite
def claim_lists(draw: st.DrawFn, max_claims: int = 12, ends: st.SearchStrategy[float] = ENDS) -> list[Claim]:
    days = draw(st.integers(1, 4))
    count = draw(st.integers(0, max_claims))
    return [draw(interval_claims(i, days, ends)) for i in range(count)]


#: ends beyond the normal range of doubles, where keys must fall back to exact ends (not beyond the largest
#: double once rounded to 15 digits: the all-pairs trend check fails on those, subtracting infinity from them)
EXOTIC_ENDS = st.sampled_from([0.0, 1.0, -1.0, 5e-324, 1e-310, 2e-310, -1e-310, 1e305, 2e305, -1e305])


@contextmanager
def unbounded_listing() -> Iterator[None]:
    """Every contradiction listed: the list a check chooses from."""
    with mock.patch.object(trend, "MAX_LISTED", 10 ** 9), mock.patch.object(agreement, "MAX_LISTED", 10 ** 9), \
            mock.patch.object(ratio, "MAX_LISTED", 10 ** 9):
        yield


def position(found: Claim, claims: Sequence[Claim]) -> int:
    return next(i for i, candidate in enumerate(claims) if candidate is found)


def widest(spreads: Sequence[float], limit: int = MAX_LISTED) -> list[int]:
    """The positions a bounded list keeps: the largest spreads, the earliest of equal ones, in order."""
    ranked = sorted(range(len(spreads)), key=lambda i: (-spreads[i], i))
    return sorted(ranked[:limit])


def rounded(x: Union[Fraction, float]) -> float:
    """The nearest double; ±inf beyond them."""
    try:
        return float(x)
    except OverflowError:
        return math.inf if x > 0 else -math.inf


def difference(a: Union[Fraction, float], b: Union[Fraction, float]) -> float:
    """a - b in doubles; 0 where both round to the same infinity."""
    result = rounded(a) - rounded(b)
    return 0.0 if math.isnan(result) else result


# ---------------------------------------------------------------- trend


def trend_spread(direction: str, earlier: Claim, later: Claim) -> float:
    a, b = Ends.of(earlier.interval), Ends.of(later.interval)
    if a.is_empty() or b.is_empty():
        return math.inf
    if direction in ("increasing", "non-decreasing"):
        return difference(a.lo, b.hi)
    return difference(b.lo, a.hi)


def assert_trend_matches(direction: str, claims: list[Claim]) -> None:
    expected, comparisons = trend_all_pairs(direction, claims)
    check = Trend(direction)
    with unbounded_listing():
        everything = check.evaluate({"claims": claims})
    assert [violation.claims for violation in everything.violations] == expected
    assert [violation.constraint for violation in everything.violations] == \
        [check._constraint(*pair) for pair in expected]
    assert (everything.comparisons, everything.unlisted) == (comparisons, 0)

    bounded = check.evaluate({"claims": claims})
    keep = widest([trend_spread(direction, *pair) for pair in expected])
    assert [violation.claims for violation in bounded.violations] == [expected[k] for k in keep]
    assert bounded.unlisted == len(expected) - len(keep)
    assert bounded.comparisons == comparisons
    assert [check.spread(violation) for violation in bounded.violations] == \
        [trend_spread(direction, *expected[k]) for k in keep]


@PROPERTY_SETTINGS
@given(st.sampled_from(DIRECTIONS), claim_lists())
def test_trend_finds_the_pairs_all_pairs_found(direction: str, claims: list[Claim]) -> None:
    assert_trend_matches(direction, claims)


@PROPERTY_SETTINGS
@given(st.sampled_from(DIRECTIONS), claim_lists(max_claims=40))
def test_trend_finds_the_pairs_all_pairs_found_among_many_claims(direction: str, claims: list[Claim]) -> None:
    assert_trend_matches(direction, claims)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(DIRECTIONS), claim_lists(ends=EXOTIC_ENDS))
def test_trend_is_exact_beyond_the_normal_range_of_doubles(direction: str, claims: list[Claim]) -> None:
    assert_trend_matches(direction, claims)


def test_trend_lists_the_furthest_apart_and_counts_the_rest() -> None:
    # 25 later claims, each below the first claim (10,000) by a different amount
    claims = [claim(10_000, 10_000, 0, FIRST_DAY)]
    claims += [claim(float(v), float(v), i, FIRST_DAY + timedelta(days=i)) for i, v in enumerate(range(1, 26), 1)]
    result = Trend("non-decreasing").evaluate({"claims": claims})
    assert result.unlisted == 5
    # the lowest later values are furthest below 10,000: days 1..20, listed in date order
    assert [position(violation.claims[1], claims) for violation in result.violations] == list(range(1, 21))
    assert all(violation.claims[0] is claims[0] for violation in result.violations)


def test_trend_empty_ranges_are_listed_first() -> None:
    claims = [claim(100, 100, 0, FIRST_DAY)] + [claim(float(v), float(v), v, FIRST_DAY + timedelta(days=1))
                                                for v in range(1, 31)]
    claims.append(claim(5, 5, 99, FIRST_DAY + timedelta(days=2), low_closed=False))  # (5, 5]: empty
    result = Trend("increasing").evaluate({"claims": claims})
    assert result.unlisted == len(claims) - 1 - MAX_LISTED
    assert claims[-1] in result.violations[-1].claims


# ---------------------------------------------------------------- agreement


def furthest_partner(i: int, partners: Sequence[int], ends: Sequence[Ends]) -> int:
    """The partner the listing promises: an empty range first (every partner when the claim is empty), else the
    furthest above (highest bottom, open before closed, earliest) or the furthest below (lowest top, likewise),
    whichever leaves the wider gap between facing ends (in doubles), then the open end, then the earliest."""
    if ends[i].is_empty():
        return min(partners)
    empty = [p for p in partners if ends[p].is_empty()]
    if empty:
        return min(empty)
    above = [p for p in partners if ends[p].lo >= ends[i].hi]  # disjoint: above or below
    below = [p for p in partners if p not in above]
    candidates = []
    if above:
        p = max(above, key=lambda p: (ends[p].lo, not ends[p].lo_closed, -p))
        candidates.append((difference(ends[p].lo, ends[i].hi), not ends[p].lo_closed, -p))
    if below:
        p = max(below, key=lambda p: (-ends[p].hi, not ends[p].hi_closed, -p))
        candidates.append((difference(ends[i].lo, ends[p].hi), not ends[p].hi_closed, -p))
    return -max(candidates)[2]


def pair_spread(a: Ends, b: Ends) -> float:
    if a.is_empty() or b.is_empty():
        return math.inf
    return max(difference(b.lo, a.hi), difference(a.lo, b.hi))


def assert_agreement_matches(within: int, tolerance: str, claims: list[Claim]) -> None:
    check = Agreement(within, float(tolerance))
    dated, contradicting, comparisons = agreement_all_pairs(within, float(tolerance), claims)
    ends = [Ends.of(c.interval) for c in dated]
    partners: dict[int, list[int]] = {}
    for i, j in contradicting:
        partners.setdefault(i, []).append(j)
        partners.setdefault(j, []).append(i)
    chosen = sorted({tuple(sorted((i, furthest_partner(i, found, ends)))) for i, found in partners.items()})

    with unbounded_listing():
        everything = check.evaluate({"claims": claims})
    listed = [tuple(position(c, dated) for c in violation.claims) for violation in everything.violations]
    assert listed == chosen
    # the headline counts every contradicting pair, listed or not
    assert (everything.comparisons, len(listed) + everything.unlisted) == (comparisons, len(contradicting))
    # every claim that some claim of its window contradicts is named, and only those
    assert {i for pair in listed for i in pair} == set(partners)
    assert set(listed) <= set(contradicting)
    assert [violation.constraint for violation in everything.violations] == \
        [check._constraint(dated[i], dated[j], ends[i], ends[j]) for i, j in chosen]

    bounded = check.evaluate({"claims": claims})
    keep = widest([pair_spread(ends[i], ends[j]) for i, j in chosen])
    assert [tuple(position(c, dated) for c in violation.claims) for violation in bounded.violations] == \
        [chosen[k] for k in keep]
    assert (bounded.comparisons, bounded.unlisted) == (comparisons, len(contradicting) - len(keep))
    assert [check.spread(violation) for violation in bounded.violations] == \
        [pair_spread(ends[chosen[k][0]], ends[chosen[k][1]]) for k in keep]


@PROPERTY_SETTINGS
@given(st.integers(0, 3), st.sampled_from(TOLERANCES), claim_lists())
def test_agreement_names_every_claim_all_pairs_found_contradicted(
        within: int, tolerance: str, claims: list[Claim]) -> None:
    assert_agreement_matches(within, tolerance, claims)


@PROPERTY_SETTINGS
@given(st.integers(0, 2), st.sampled_from(TOLERANCES), claim_lists(max_claims=40))
def test_agreement_matches_all_pairs_among_many_claims(within: int, tolerance: str, claims: list[Claim]) -> None:
    assert_agreement_matches(within, tolerance, claims)


@PROPERTY_SETTINGS
@given(st.integers(0, 2), st.sampled_from(["0", "0.25", "0.5", "0.75"]), st.data())
def test_agreement_at_the_tolerance_exactly(within: int, tolerance: str, data: st.DataObject) -> None:
    """Ends exactly the tolerance apart, open and closed, on both sides of zero: where rounding would err."""
    base = data.draw(st.sampled_from([1.0, 2.0, -2.0, 0.5, 4.0]))
    apart = base * (1 - float(tolerance))  # exact: 1 - tolerance is dyadic
    ends = st.sampled_from([base, apart, -base, -apart, 0.0])
    claims = data.draw(claim_lists(ends=ends))
    assert_agreement_matches(within, tolerance, claims)


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 2), st.sampled_from(TOLERANCES), claim_lists(ends=EXOTIC_ENDS))
def test_agreement_is_exact_beyond_the_normal_range_of_doubles(
        within: int, tolerance: str, claims: list[Claim]) -> None:
    assert_agreement_matches(within, tolerance, claims)


@PROPERTY_SETTINGS
@given(st.integers(0, 2), st.sampled_from(["0.1", "0.15", "0.3"]), st.data())
def test_agreement_counts_exactly_where_the_band_ends_on_a_decimal(within: int, tolerance: str,
                                                                    data: st.DataObject) -> None:
    """Ends whose band (x / (1 - tolerance)) ends exactly on another end, though not in doubles: 0.9 / 0.9 is 1."""
    keep = 1 - Fraction(tolerance)
    bases = [1.0, 2.0, 10.0, 0.5]
    nearby = [float(format(float(b * keep), ".15g")) for b in map(Fraction, bases)] + \
        [float(format(float(b * keep * keep), ".15g")) for b in map(Fraction, bases)]
    ends = st.sampled_from(sorted({*bases, *nearby, *(-x for x in bases + nearby), 0.0}))
    assert_agreement_matches(within, tolerance, data.draw(claim_lists(max_claims=30, ends=ends)))


def test_agreement_counts_every_contradicting_pair_not_only_those_listed() -> None:
    # two misread figures (3,000) among 1,000s: each contradicts every claim of its window, listed once per claim
    days = [FIRST_DAY + timedelta(days=k % 5) for k in range(40)]
    claims = [claim(3000 if k in (7, 21) else 1000, 3000 if k in (7, 21) else 1000, k, day)
              for k, day in enumerate(days)]
    _, contradicting, _ = agreement_all_pairs(1, 0.15, claims)
    result = Agreement(within_days=1, tolerance=0.15).evaluate({"claims": claims})
    assert len(result.violations) + result.unlisted == len(contradicting) > 38


def test_agreement_names_each_claim_with_its_furthest_partner_once() -> None:
    claims = [claim(100, 100, 0), claim(105, 105, 1, FIRST_DAY + timedelta(days=1)),
              claim(300, 300, 2, FIRST_DAY + timedelta(days=1)), claim(500, 500, 3, FIRST_DAY + timedelta(days=6))]
    result = Agreement(within_days=1, tolerance=0.1).evaluate({"claims": claims})
    # 100 and 105 each have 300 as their furthest partner; 300's furthest is 100
    assert [tuple(position(c, claims) for c in v.claims) for v in result.violations] == [(0, 2), (1, 2)]
    assert (result.comparisons, result.unlisted) == (3, 0)


def test_agreement_bounded_listing_keeps_the_widest_gaps() -> None:
    # one claim per day of 30, each day a further pair 1,000 and 1,000 + 100 * k apart (k = 1..30)
    claims = []
    for k in range(1, 31):
        day = FIRST_DAY + timedelta(days=3 * k)
        claims += [claim(1000, 1000, 2 * k, day), claim(1000 + 100 * k, 1000 + 100 * k, 2 * k + 1, day)]
    result = Agreement(within_days=0, tolerance=0.05).evaluate({"claims": claims})
    assert (len(result.violations), result.unlisted) == (MAX_LISTED, 10)
    assert [v.claims[1].quantity.low for v in result.violations] == [1000 + 100 * k for k in range(11, 31)]


def test_agreement_counts_pairs_within_the_window_without_listing_them() -> None:
    days = [0, 0, 1, 3, 3, 3, 4, 9]
    for within in range(6):
        expected = sum(1 for i in range(len(days)) for j in range(i + 1, len(days)) if days[j] - days[i] <= within)
        assert pairs_within(days, within) == expected


# ---------------------------------------------------------------- ratio


def furthest_share(count: Claim, total: Ends, tolerance: Fraction, shares: Sequence[Claim]) -> tuple[Claim, float]:
    """The share the listing promises for a count (see :func:`furthest_partner`), and how far it lies."""
    quotient = divide(Ends.of(count.quantity.interval), total)
    if quotient.widened(tolerance).is_empty():
        return shares[0], math.inf
    stated = [Ends.of(share.interval) for share in shares]
    empty = [k for k, e in enumerate(stated) if e.is_empty()]
    if empty:
        return shares[empty[0]], math.inf
    above = [k for k, e in enumerate(stated) if e.lo >= quotient.hi]
    below = [k for k in range(len(shares)) if k not in above]
    candidates = []
    if above:
        k = max(above, key=lambda k: (stated[k].lo, not stated[k].lo_closed, -k))
        candidates.append((float(stated[k].lo - quotient.hi), not stated[k].lo_closed, -k))
    if below:
        k = max(below, key=lambda k: (-stated[k].hi, not stated[k].hi_closed, -k))
        candidates.append((float(quotient.lo - stated[k].hi), not stated[k].hi_closed, -k))
    spread, _, best = max(candidates)
    return shares[-best], spread


@st.composite
def ratio_cases(draw: st.DrawFn) -> tuple[Ratio, dict[str, list[Claim]]]:
    days = draw(st.integers(1, 4))
    total_kind = draw(st.sampled_from(["written", "number", "stated", "none"]))
    total: Union[float, Selector, None] = {"written": None, "none": None, "number": 40.0,
                                           "stated": Selector(counts=("x",))}[total_kind]
    check = Ratio(count=Selector(counts=("count",)), share=Selector(counts=("share",)), total=total,
                  tolerance=float(draw(st.sampled_from(RATIO_TOLERANCES))), within_days=draw(st.integers(0, 2)))
    index = iter(range(1000))
    counts = []
    for _ in range(draw(st.integers(0, 6))):
        low = draw(st.sampled_from([0.0, 10.0, 20.0, 30.0, 32.0, 40.0]))
        high = draw(st.sampled_from([None, low, low + 4, low - 1]))
        written = draw(st.sampled_from([None, 40.0, 0.0])) if total_kind == "written" else None
        day = FIRST_DAY + timedelta(days=draw(st.integers(0, days - 1)))
        counts.append(claim(low, high, next(index), day, low_closed=draw(st.booleans()),
                            high_closed=draw(st.booleans()), total=written))
    shares = [draw(interval_claims(next(index), days, st.sampled_from([0.0, 0.25, 0.5, 0.75, 0.8, 0.85, 1.0])))
              for _ in range(draw(st.integers(0, 8)))]
    if draw(st.booleans()) and counts:
        shares.append(counts[0])  # one quantity selected as count and share: never compared with itself
    groups = {"count": counts, "share": shares}
    if total_kind == "stated":
        totals = [claim(draw(st.sampled_from([0.0, 40.0, 50.0])), draw(st.sampled_from([40.0, 50.0, None])),
                        next(index), FIRST_DAY + timedelta(days=draw(st.integers(0, days - 1))))
                  for _ in range(draw(st.integers(0, 3)))]
        groups["total"] = totals + counts[1:2]  # a count may be selected as a total too
    if draw(st.booleans()):  # some of the claims written in one sentence: shares beside counts
        together = {i for i in range(next(index)) if draw(st.integers(0, 3))}
        groups = in_one_sentence(groups, together, draw(st.lists(st.sampled_from(FILLERS), min_size=24,
                                                                 max_size=24)))
    return check, groups


#: what stands between two numbers of a generated sentence (five characters): words, clause marks, marks that
#: end no clause (parentheses, an unspaced hyphen, a comma between digits), "of" and "out" (a count with its total
#: reaches through the total); words without inner marks, so that :mod:`helpers.nearness` reads them as the
#: tokenizer does
FILLERS = (" a b ", "  a  ", " ; a ", " , a ", " (a) ", " - a ", " a:b ", " \u2014 a ", " \u2013 a ", " ab- ",
           " 1,2 ", "     ", " of  ", " out ", " of  ")


def in_one_sentence(groups: dict[str, list[Claim]], together: set[int], fillers: Sequence[str]
                    ) -> dict[str, list[Claim]]:
    """The groups with the claims of index ``together`` moved into one sentence of one document: claim i (span
    10 i to 10 i + 5) as a five-digit number, then ``fillers[i]``."""
    text = "".join(f"{i:05d}{fillers[i]}" for i in range(len(fillers)))
    moved = {f"/articles/{i:03d}_doc.txt" for i in together}
    return {name: [dataclasses.replace(c, path="/articles/one.txt", document="one.txt", sentence=text)
                   if c.path in moved else c for c in claims] for name, claims in groups.items()}


def assert_ratio_matches(check: Ratio, groups: dict[str, list[Claim]]) -> CheckResult:
    expected, comparisons = ratio_all_pairs(check, groups)
    chosen = [(count, total_claim, *furthest_share(count, total, exact(check.tolerance), shares))
              for count, total_claim, total, shares in expected]
    totals = [total for _, _, total, _ in expected]
    with unbounded_listing():
        everything = check.evaluate(groups)
    assert [violation.claims for violation in everything.violations] == \
        [(count, *([total] if total else []), share) for count, total, share, _ in chosen]
    # the headline counts every contradicting (count, total, share), listed or not
    triples = sum(len(shares) for *_, shares in expected)
    assert (everything.comparisons, len(chosen) + everything.unlisted) == (comparisons, triples)
    assert all(share in shares for (*_, share, _), (*_, shares) in zip(chosen, expected))
    for violation, (count, _, share, _), total in zip(everything.violations, chosen, totals):
        quotient = divide(Ends.of(count.quantity.interval), total)
        assert violation.constraint == check._constraint(count, total, quotient, share, Ends.of(share.interval))

    bounded = check.evaluate(groups)
    keep = widest([spread for *_, spread in chosen])
    assert [violation.claims[0] for violation in bounded.violations] == [chosen[k][0] for k in keep]
    assert (bounded.comparisons, bounded.unlisted) == (comparisons, triples - len(keep))
    assert [check.spread(violation) for violation in bounded.violations] == [chosen[k][3] for k in keep]
    return everything


@PROPERTY_SETTINGS
@given(ratio_cases())
def test_ratio_names_every_count_all_pairs_found_contradicted(case: tuple[Ratio, dict[str, list[Claim]]]) -> None:
    assert_ratio_matches(*case)


def test_ratio_names_a_count_once_with_its_furthest_share() -> None:
    count = claim(32, 32, 0, total=40)  # 80%
    shares = [claim(60, 60, 1, percent=True), claim(50, 50, 2, percent=True), claim(80, 80, 3, percent=True),
              claim(90, 90, 4, percent=True)]
    check = Ratio(count=Selector(counts=("c",)), share=Selector(counts=("s",)))
    result = assert_ratio_matches(check, {"count": [count], "share": shares})
    [violation] = result.violations
    assert violation.claims == (count, shares[1])  # 50% lies 30 points from 80%, further than 60% or 90%
    assert result.comparisons == 4


# ---------------------------------------------------------------- windows


@given(st.lists(st.one_of(st.none(), st.tuples(st.integers(-3, 3), st.booleans())), max_size=30), st.data())
def test_range_best_is_the_first_largest_key(keys: list[Optional[tuple[int, bool]]], data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(keys)))
    stop = data.draw(st.integers(start, len(keys)))
    excluded = sorted(data.draw(st.sets(st.integers(0, max(0, len(keys) - 1)), max_size=3)))
    best = RangeBest(keys)  # type: ignore[arg-type]
    for skip in ([], excluded):
        present = [i for i in range(start, stop) if keys[i] is not None and i not in skip]
        expected = min(present, key=lambda i: (-keys[i][0], not keys[i][1], i)) if present else None  # type: ignore
        assert best.best_except(start, stop, skip) == expected


@given(st.lists(st.one_of(st.none(), st.tuples(st.integers(-3, 3), st.booleans())), max_size=30), st.data())
def test_sliding_best_is_the_first_largest_key(keys: list[Optional[tuple[int, bool]]], data: st.DataObject) -> None:
    best = SlidingBest(keys)  # type: ignore[arg-type]
    start = stop = 0
    for _ in range(10):
        stop = data.draw(st.integers(stop, len(keys)))
        start = data.draw(st.integers(start, stop))
        present = [i for i in range(start, stop) if keys[i] is not None]
        expected = min(present, key=lambda i: (-keys[i][0], not keys[i][1], i)) if present else None  # type: ignore
        assert best.best(start, stop) == expected


@given(st.lists(st.tuples(st.one_of(st.none(), st.floats(allow_nan=False)),
                          st.one_of(st.none(), st.floats(allow_nan=False)), st.booleans(), st.booleans(),
                          st.booleans()), max_size=8))
def test_end_keys_compare_exactly_like_the_exact_ends(specs: list[tuple[Optional[float], Optional[float], bool,
                                                                       bool, bool]]) -> None:
    claims = [claim(low, high, i, low_closed=lc, high_closed=hc, percent=percent)
              for i, (low, high, lc, hc, percent) in enumerate(specs)]
    columns = EndColumns.of(claims)
    ends = [Ends.of(c.interval) for c in claims]
    assert [columns.ends(i) for i in range(len(claims))] == ends
    assert [columns.is_empty(i) for i in range(len(claims))] == [e.is_empty() for e in ends]
    values = [e.lo for e in ends] + [e.hi for e in ends]
    keys = columns.lo + columns.hi
    for a in range(len(keys)):
        for b in range(len(keys)):
            assert (keys[a] < keys[b], keys[a] == keys[b]) == (values[a] < values[b], values[a] == values[b])


@settings(max_examples=300, deadline=None)
@given(st.lists(interval_claims(0, 4), max_size=30),
       st.sampled_from([Fraction(0), Fraction(1, 10 ** 12), Fraction(-1, 10 ** 12), Fraction(1, 3)]),
       st.booleans(), st.booleans(), st.data())
def test_bottoms_above_counts_like_comparing_each_claim(claims: list[Claim], offset: Fraction, closed: bool,
                                                        negated: bool, data: st.DataObject) -> None:
    """Bounds on a claim's bottom, a hair off it, and between ends; from the exact bound, and from a rounding."""
    claims.sort(key=lambda c: c.as_of)  # type: ignore[arg-type, return-value]
    columns = EndColumns.of(claims)
    if negated:
        columns = columns.negated()
    runs = date_runs(day_numbers(claims))
    bottoms = BottomsAbove(columns, runs)
    bottoms_met = sorted({e for e in map(columns.exact, columns.lo) if isinstance(e, Fraction)})
    bound = data.draw(st.sampled_from(bottoms_met or [Fraction(1)])) + offset
    first = data.draw(st.integers(0, len(runs)))
    last = data.draw(st.integers(min(first + 1, len(runs)), len(runs)))
    start = runs[first][0] if first < len(runs) else len(claims)
    stop = runs[last][0] if last < len(runs) else len(claims)
    ends = [columns.ends(i) for i in range(start, stop)]
    expected = sum(1 for e in ends if not e.is_empty() and (e.lo > bound or (e.lo == bound and not (
        e.lo_closed and closed))))
    assert bottoms.count(start, stop, bound, closed) == expected
    if bound != 0:
        near = float(bound) * data.draw(st.sampled_from([1.0, 1 + 2.0 ** -52, 1 - 2.0 ** -52, 1 + 2.0 ** -50]))
        assert bottoms.count_near(start, stop, near, lambda: bound, closed) == expected


def test_a_nan_end_is_an_error_not_a_verdict() -> None:
    with pytest.raises(ValueError, match="NaN"):
        EndColumns.of([claim(math.nan, 1, 0)])
