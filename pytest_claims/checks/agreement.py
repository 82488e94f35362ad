"""``check: agreement``: claims close in time agree."""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass
from fractions import Fraction
from typing import ClassVar, Mapping, Optional, Sequence

from ..records.intervals import End, Ends, as_percent, can_be_equal, exact, format_number
from ..records.model import Claim, Violation
from .base import MAX_LISTED, Check, CheckResult, Satisfying, SearchSpace
from .claimsets import dated_claims, undated_note, when_text
from .params import Number, group_by_parameter, parameter, require_days, require_group_by, require_number, \
    within_days_parameter
from .phrases import dated_briefly
from .windows import BottomsAbove, EndColumns, SlidingBest, as_float, date_runs, date_windows, day_numbers, gap, \
    is_infinite, next_flagged, pairs_within, widest_first


@dataclass(frozen=True)
class Agreement(Check):
    """Claims close in time agree, up to a relative tolerance.

    Every two claims whose as-of dates are at most ``within_days`` apart must admit
    values x, y in their intervals with |x - y| <= tolerance * max(|x|, |y|).
    This is a statement about pairs: three claims can agree two by two without
    one value per claim agreeing with all the others at once, and that is not
    reported.

    A failure names each claim that some claim of its window contradicts, with
    its furthest contradicting partner: of the contradicting claims above it, the
    one with the highest bottom (an open end lies just beyond a closed one at the
    same value; then the earliest), of those below it the one with the lowest
    top, and of these two the one leaving the wider gap between facing ends (in
    double precision; then the open end, then the earliest); an empty range lies
    furthest of all. A pair two claims choose alike is named once; beyond
    MAX_LISTED pairs those with the widest gaps are listed. The number of
    contradictions a failure reports counts every contradicting pair, named or
    not (counted without listing them: see :class:`_Partners`).
    """

    name: ClassVar[str] = "agreement"
    dated: ClassVar[bool] = True
    listing: ClassVar[str] = "the {listed} furthest apart"

    within_days: int = within_days_parameter(
        "claims whose dates are at most this many days apart must agree; 0 compares claims of the same day only",
        example=2)
    tolerance: float = parameter(Number(
        "how far apart two values may be, as a fraction of the larger one (0.15 = 15%); 0 means the intervals "
        "must overlap", example=0.15), default=0.0)
    group_by: Optional[str] = group_by_parameter()

    def __post_init__(self) -> None:
        require_days(self.within_days)
        require_number("tolerance", self.tolerance)
        if not 0 <= self.tolerance < 1:
            raise ValueError(f"tolerance must be at least 0 and below 1 (a fraction: 0.15 = 15%), "
                             f"got {format_number(self.tolerance)}")
        require_group_by(self.group_by)

    def grouping(self) -> Optional[str]:
        return self.group_by

    def evaluate(self, groups: Mapping[str, Sequence[Claim]]) -> CheckResult:
        """Every pair within the window is judged, without listing the pairs: a claim has a contradicting
        partner iff one of its window's extremes contradicts it, and its partners are counted, not listed
        (see :class:`_Partners`)."""
        dated = dated_claims(groups["claims"])
        days = day_numbers(dated)
        runs = date_runs(days)
        windows = date_windows(days, runs, self.within_days)
        columns = EndColumns.of(dated)
        partners = _Partners(columns, exact(self.tolerance))
        found = partners.find(runs, windows)
        # every pair with an empty range contradicts: all pairs of the window less those of non-empty claims
        with_empty = 0 if not any(columns.empty) else pairs_within(days, self.within_days) - pairs_within(
            [day for day, empty in zip(days, columns.empty) if not empty], self.within_days)
        contradictions = with_empty + partners.count(runs, windows)
        pairs = sorted(found)
        listed = [pairs[k] for k in widest_first([found[pair] for pair in pairs], MAX_LISTED)]
        violations = tuple(
            Violation((dated[i], dated[j]), self._constraint(dated[i], dated[j], Ends.of(dated[i].interval),
                                                             Ends.of(dated[j].interval)))
            for i, j in listed)
        return CheckResult(violations, pairs_within(days, self.within_days), undated_note(groups["claims"]),
                           contradictions - len(listed))

    def spread(self, violation: Violation) -> Optional[float]:
        columns = EndColumns.of(violation.claims)
        return _pair_spread(columns, 0, 1)

    def _constraint(self, a: Claim, b: Claim, ends_a: Ends, ends_b: Ends) -> str:
        both = f"{dated_briefly(a)} and {dated_briefly(b)}"
        if ends_a.is_empty() or ends_b.is_empty():
            return f"{both} cannot agree: one has an empty range"
        x, y, _ = nearest_ends(ends_a, ends_b)
        if x < 0 < y or x == y == 0:  # the second: facing open ends at zero
            return f"{both} lie on opposite sides of zero"
        tolerance = exact(self.tolerance)
        difference = 1 - min(abs(x), abs(y)) / max(abs(x), abs(y))
        if difference == tolerance:  # only reachable through an open end
            return f"{both} differ by more than the tolerance {as_percent(tolerance, difference)}"
        qualifier = "" if ends_a.is_point() and ends_b.is_point() else "at least "
        return (f"{both} differ by {qualifier}{as_percent(difference, tolerance)} > tolerance "
                f"{as_percent(tolerance, difference)}")

    def describe(self) -> str:
        how = "exactly" if self.tolerance == 0 else f"within {as_percent(exact(self.tolerance))}"
        return f"claims {when_text(self.within_days)} agree {how}"

    def satisfying(self, space: SearchSpace) -> Satisfying:
        return space.free().map(lambda v: (v,) * len(space.claims))


def can_agree(a: Ends, b: Ends, tolerance: Fraction) -> bool:
    """Whether some x in ``a`` and y in ``b`` have |x - y| <= tolerance * max(|x|, |y|).

    Intervals that share a point agree (x = y). Otherwise let x <= y be the
    nearest ends (the top of the lower interval, the bottom of the upper one).
    For 0 <= x <= y the condition reads (1 - t) * y <= x, and it stays true when
    x grows or y shrinks: so if any pair of values agrees, values approaching
    the nearest ends do too, and the test is (1 - t) * y < x, or equality with
    both ends closed (an open end leaves every value strictly worse, since
    1 - t > 0). For x <= y <= 0 mirror it: (1 - t) * |x| <= |y|. With x < 0 < y
    every pair of values has opposite signs and, as t < 1, never agrees
    (|x| + |y| > t * max(|x|, |y|)); zero agrees with zero only.
    """
    if a.is_empty() or b.is_empty():
        return False
    if can_be_equal(a, b):
        return True
    x, y, closed = nearest_ends(a, b)
    if x < 0 < y:
        return False
    smaller, larger = sorted((abs(x), abs(y)))
    needed = (1 - tolerance) * larger
    return needed < smaller or (needed == smaller and closed)


def nearest_ends(a: Ends, b: Ends) -> tuple[Fraction, Fraction, bool]:
    """For disjoint non-empty intervals: the facing ends x <= y, and whether both are closed."""
    lower, upper = (a, b) if a.hi <= b.lo else (b, a)
    return Fraction(lower.hi), Fraction(upper.lo), lower.hi_closed and upper.lo_closed


def _pair_spread(columns: EndColumns, a: int, b: int) -> float:
    """The gap between the facing ends of two disjoint intervals; infinite when either is empty."""
    if columns.is_empty(a) or columns.is_empty(b):
        return math.inf
    return max(gap(columns.lo[b], columns.hi[a]), gap(columns.lo[a], columns.hi[b]))


class _Bound:
    """A window's extreme end, and the threshold a claim's end must pass for that extreme to contradict it.

    For a non-empty claim a, the values that agree with some value of a form one
    interval A (each x agrees with the closed band [(1-t)x, x/(1-t)], mirrored
    for x < 0, which contains x, so the bands of a's values overlap into one
    interval): its top is x/(1-t) at a's top x when x > 0 and (1-t)x when x <= 0,
    closed iff a's top is, and its bottom likewise. A claim b disagrees with a iff
    b misses A, i.e. lies wholly above or below it (see :func:`can_agree`, which
    this mirrors). Lying above A only gets easier as b's bottom rises (or opens at
    an equal end), so the window's claim with the highest bottom contradicts a from
    above if any does; the lowest top likewise from below. The comparison is
    rewritten so that only a's end varies: b's bottom y lies above x/(1-t) iff x
    lies below (1-t)y, and above (1-t)x iff x lies below y/(1-t).
    """

    def __init__(self, end: Fraction, closed: bool, tolerance: Fraction, exact_keys: bool) -> None:
        keep = 1 - tolerance
        self.closed = closed
        self.times = end * keep  # the threshold for a claim's top above 0, or its bottom below 0
        self.over = end / keep  # for a top at or below 0, or a bottom at or above 0
        self.times_rounded = as_float(self.times)
        self.over_rounded = as_float(self.over)
        # keys beyond both thresholds (their rounded values, which keep order) are decided at once
        thresholds = (self.times, self.over) if exact_keys else (self.times_rounded, self.over_rounded)
        self.highest: End = max(thresholds)
        self.lowest: End = min(thresholds)


class _Partners:
    """Each claim's furthest contradicting partner in its window (see :class:`Agreement`), and how many
    contradicting pairs of non-empty claims there are.

    Of two non-empty claims that disagree, the upper one lies wholly above the
    values that agree with the lower one (see :class:`_Bound`), and not the other
    way round: so each such pair is counted once by counting, for each claim,
    the claims of its window whose bottom lies above the top of that band
    (:class:`~pytest_claims.checks.windows.BottomsAbove`), or once by counting,
    for each claim, those whose top lies below its band's bottom (the same count
    on the negated claims). Only the claims that the window extremes show to have
    such a partner are counted, on the side that has fewer of them.
    """

    def __init__(self, columns: EndColumns, tolerance: Fraction) -> None:
        self._columns = columns
        self._tolerance = tolerance
        self._empty = columns.empty
        #: the non-empty claims with a contradicting partner above, and those with one below
        self._lifted: list[int] = []
        self._dropped: list[int] = []

    def find(self, runs: list[tuple[int, int]], windows: list[tuple[int, int]]) -> dict[tuple[int, int], float]:
        """Each contradicting pair (earlier, later position) that some claim chooses, with its spread."""
        columns, empty = self._columns, self._empty
        highest = SlidingBest([None if empty[i] else (columns.lo[i], not columns.lo_closed[i])
                               for i in range(len(columns))])
        lowest = SlidingBest([None if empty[i] else (-columns.hi[i], not columns.hi_closed[i])
                              for i in range(len(columns))])
        first_empty = next_flagged(empty)
        tops, bottoms = columns.hi, columns.lo
        lifted, dropped = self._lifted, self._dropped
        found: dict[tuple[int, int], float] = {}
        for (first, stop), (start, end) in zip(runs, windows):
            top, bottom = highest.best(start, end), lowest.best(start, end)
            above = self._bound(top, columns.lo, columns.lo_closed)
            below = self._bound(bottom, columns.hi, columns.hi_closed)
            with_empty = first_empty[start] < end
            for claim in range(first, stop):
                spread = math.inf
                if empty[claim]:  # every other claim of the window contradicts it: name the earliest
                    partner: Optional[int] = start if start != claim else start + 1
                elif (above is None or tops[claim] > above.highest) and \
                        (below is None or bottoms[claim] < below.lowest):
                    if not with_empty:
                        continue  # most claims: above every threshold of the top extreme, below those of the bottom
                    partner = first_empty[start]
                else:
                    up, down = self._contradicting(claim, top, above, bottom, below)
                    if up is not None:
                        lifted.append(claim)
                    if down is not None:
                        dropped.append(claim)
                    if with_empty:
                        partner = first_empty[start]
                    else:
                        if up is None:
                            if down is None:
                                continue
                            furthest = down
                        else:
                            furthest = up if down is None or up >= down else down
                        partner, spread = -furthest[2], furthest[0]
                if partner is not None and partner < end:
                    found[(partner, claim) if partner < claim else (claim, partner)] = spread
        return found

    def count(self, runs: list[tuple[int, int]], windows: list[tuple[int, int]]) -> int:
        """How many pairs of non-empty claims within the window disagree (after :meth:`find`)."""
        if len(self._lifted) <= len(self._dropped):
            columns, claims = self._columns, self._lifted
        else:  # a claim with a partner below is a negated claim with a partner above
            columns, claims = self._columns.negated(), self._dropped
        if not claims:
            return 0
        bottoms = BottomsAbove(columns, runs)
        keep = 1 - self._tolerance
        keep_rounded = float(keep)
        starts = [first for first, _ in runs]
        count = 0
        for claim in claims:
            start, end = windows[bisect_right(starts, claim) - 1]
            top = columns.hi[claim]  # finite: a partner lies above it

            def band_top(top: End = top) -> Fraction:
                exact_top = columns.exact(top)
                assert isinstance(exact_top, Fraction)
                return exact_top / keep if exact_top > 0 else exact_top * keep

            if columns.exact_keys:
                count += bottoms.count(start, end, band_top(), columns.hi_closed[claim])
            else:  # keys are doubles: the band's top in doubles is near enough for most keys
                near = top / keep_rounded if top > 0 else top * keep_rounded
                count += bottoms.count_near(start, end, near, band_top, columns.hi_closed[claim])
        return count

    def _bound(self, claim: Optional[int], ends: list[End], closed: list[bool]) -> Optional[_Bound]:
        """The thresholds of a window extreme; None without one, or when its end is infinite (then it lies
        beyond no claim: an unbounded bottom is below every value, an unbounded top above)."""
        if claim is None or is_infinite(ends[claim]):
            return None
        end = self._columns.exact(ends[claim])
        assert isinstance(end, Fraction)
        return _Bound(end, closed[claim], self._tolerance, self._columns.exact_keys)

    def _contradicting(self, claim: int, top: Optional[int], above: Optional[_Bound], bottom: Optional[int],
                       below: Optional[_Bound]) -> tuple[Optional[tuple[float, bool, int]],
                                                         Optional[tuple[float, bool, int]]]:
        """Whether each extreme contradicts the non-empty ``claim``: (gap, whether its end is open, -position)
        of the top extreme when it lies above the claim's band, of the bottom one when below, else None."""
        columns = self._columns
        up = down = None
        x = columns.hi[claim]
        if top is not None and above is not None and x < math.inf:
            sign = columns.compare(x, above.times, above.times_rounded) if x > 0 else \
                columns.compare(x, above.over, above.over_rounded)
            if sign < 0 or (sign == 0 and not (above.closed and columns.hi_closed[claim])):
                up = (gap(columns.lo[top], x), not columns.lo_closed[top], -top)
        x = columns.lo[claim]
        if bottom is not None and below is not None and x > -math.inf:
            sign = columns.compare(x, below.times, below.times_rounded) if x < 0 else \
                columns.compare(x, below.over, below.over_rounded)
            if sign > 0 or (sign == 0 and not (below.closed and columns.lo_closed[claim])):
                down = (gap(x, columns.hi[bottom]), not columns.hi_closed[bottom], -bottom)
        return up, down
