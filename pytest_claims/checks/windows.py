"""Claims side by side by date without comparing every pair: ends as exact keys, date windows, window extremes.

The dated kinds (trend, agreement, ratio) decide contradictions between pairs
of claims, and a pair contradicts only when one interval lies far enough to
one side of the other: the partner most likely to contradict a claim is an
extreme of the claims it is compared with, the highest lower end or the
lowest upper end. This module gives the ends of many claims as keys that
compare exactly like the exact ends (:class:`EndColumns`; one end alone:
:func:`order_value`, which :mod:`~pytest_claims.checks.extremes` uses too),
the runs of claims of one date and the window of dates each run is compared
with (:func:`date_runs`, :func:`date_windows`, :func:`index_range`, which
the extremes' windows use too), and the extreme of a window
(:class:`SlidingBest` for windows that only move forward, :class:`RangeBest`
for any range), so that a check costs O(n log n) rather than O(n²). It also
counts the claims of a range of dates that lie above a bound without visiting
them (:class:`BottomsAbove`, on :class:`RunTally`), for a check to report how
many contradictions it found, and chooses which it lists (:func:`widest_first`).
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_left, bisect_right
from collections import Counter, deque
from dataclasses import dataclass
from fractions import Fraction
from typing import Callable, Optional, Sequence, cast

from ..records.intervals import End, Ends, exact
from ..records.model import Claim

#: a window extreme's key: an end, then whether the end is open (an open end lies just beyond a closed one)
Key = tuple[End, bool]

#: below 1e-300 or above 1e300 in size, a double no longer keeps 15 significant digits apart
_NORMAL_RANGE = (1e-300, 1e300)
_EXACT_INTEGERS = 1e15


def _end_key(x: Optional[float], unbounded: float) -> float:
    """The double nearest ``exact(x)`` (see :class:`EndColumns`), or ``unbounded`` for None."""
    if x is None:
        return unbounded
    if x != x:
        raise ValueError("an interval end is NaN")
    if math.isinf(x):
        return x
    if -_EXACT_INTEGERS < x < _EXACT_INTEGERS and x.is_integer():
        return x  # fifteen digits or fewer: exact(x) is x itself
    return float(format(x, ".15g"))


def order_value(x: float) -> End:
    """``x`` as a key that orders and ties exactly as :func:`~pytest_claims.records.intervals.exact` ends do,
    on its own: the double nearest its 15 significant digits (see :class:`EndColumns`) where doubles hold 15
    digits, else the exact fraction; infinities as they are."""
    if _is_normal(x):
        return _end_key(x, x)
    return exact(x)


def _is_normal(x: Optional[float]) -> bool:
    """Whether the key of ``x`` compares exactly: within the normal range of doubles (None, 0 and the
    infinities are their own keys)."""
    return x is None or x == 0 or math.isinf(x) or _NORMAL_RANGE[0] < abs(x) < _NORMAL_RANGE[1]


def is_infinite(x: End) -> bool:
    """Whether an end is unbounded (an exact end may be too large for a float, never infinite)."""
    return isinstance(x, float) and math.isinf(x)


@dataclass(frozen=True)
class EndColumns:
    """The ends of many claims' intervals (``Ends.of(claim.interval)``), one list per field.

    A key is the double nearest the exact end: :func:`~pytest_claims.records.intervals.exact`
    rounds to 15 significant digits, distinct such decimals have distinct nearest
    doubles, and rounding to the nearest double keeps order, so keys sort, tie and
    compare with each other exactly as the exact ends do, at the cost of a float
    (building a Fraction per end would cost more than the whole check), and
    ``exact(key)`` gives the exact end back. Outside the normal range of doubles
    (1e-300 to 1e300 in size, never met in prose) that breaks, and then every key is
    the exact end itself: ``exact_keys``.
    """

    lo: list[End]
    hi: list[End]
    lo_closed: list[bool]
    hi_closed: list[bool]
    #: whether each interval is empty ((5, 5], or ends the wrong way round)
    empty: list[bool]
    exact_keys: bool = False

    @classmethod
    def of(cls, claims: Sequence[Claim]) -> EndColumns:
        lo: list[float] = []
        hi: list[float] = []
        lo_closed: list[bool] = []
        hi_closed: list[bool] = []
        inf, integers = math.inf, _EXACT_INTEGERS
        normal = True
        # one loop, inlined for whole numbers (most ends): a million claims pass through here
        for claim in claims:
            quantity = claim.quantity
            scale = quantity.scale
            low, high = quantity.low, quantity.high
            if low is None:
                lo.append(-inf)
                lo_closed.append(False)
            else:
                low *= scale
                if -integers < low < integers and low.is_integer():
                    lo.append(low)
                    lo_closed.append(quantity.low_inclusive)
                else:
                    lo.append(_end_key(low, -inf))
                    lo_closed.append(quantity.low_inclusive and -inf < low < inf)
                    normal = normal and _is_normal(low)
            if high is None:
                hi.append(inf)
                hi_closed.append(False)
            else:
                high *= scale
                if -integers < high < integers and high.is_integer():
                    hi.append(high)
                    hi_closed.append(quantity.high_inclusive)
                else:
                    hi.append(_end_key(high, inf))
                    hi_closed.append(quantity.high_inclusive and -inf < high < inf)
                    normal = normal and _is_normal(high)
        if not normal:
            ends = [Ends.of(claim.interval) for claim in claims]
            return cls.exactly([e.lo for e in ends], [e.hi for e in ends], [e.lo_closed for e in ends],
                               [e.hi_closed for e in ends], exact_keys=True)
        return cls.exactly(cast("list[End]", lo), cast("list[End]", hi), lo_closed, hi_closed)

    @classmethod
    def exactly(cls, lo: list[End], hi: list[End], lo_closed: list[bool], hi_closed: list[bool],
                exact_keys: bool = False) -> EndColumns:
        empty = [low > high or (low == high and not (low_closed and high_closed))
                 for low, high, low_closed, high_closed in zip(lo, hi, lo_closed, hi_closed)]
        return cls(lo, hi, lo_closed, hi_closed, empty, exact_keys)

    def __len__(self) -> int:
        return len(self.lo)

    def is_empty(self, i: int) -> bool:
        return self.empty[i]

    def ends(self, i: int) -> Ends:
        """The exact ends of claim ``i``."""
        return Ends(self.exact(self.lo[i]), self.exact(self.hi[i]), self.lo_closed[i], self.hi_closed[i])

    def exact(self, key: End) -> End:
        """The exact end a key stands for."""
        if self.exact_keys or is_infinite(key):
            return key
        return exact(key)

    def negated(self) -> EndColumns:
        """The ends of the negated intervals: {-x : x in the interval} (rounding is symmetric about 0)."""
        return EndColumns([-x for x in self.hi], [-x for x in self.lo], self.hi_closed, self.lo_closed, self.empty,
                          self.exact_keys)

    def compare(self, key: End, bound: Fraction, rounded: float) -> int:
        """The sign of (the exact end ``key`` stands for) - ``bound``; ``rounded`` is ``as_float(bound)``.

        Rounding to the nearest double keeps order, so keys on either side of the
        rounded bound decide at once; only a key equal to it needs the exact end.
        """
        if not self.exact_keys:
            if key < rounded:
                return -1
            if key > rounded:
                return 1
        value = self.exact(key)
        return (value > bound) - (value < bound)


def as_float(x: End) -> float:
    """``x`` rounded to the nearest double, ±inf beyond the doubles."""
    try:
        return float(x)
    except OverflowError:
        return math.inf if x > 0 else -math.inf


def gap(upper: End, lower: End) -> float:
    """``upper - lower`` in double precision (on the rounded ends; never NaN)."""
    difference = as_float(upper) - as_float(lower)
    return difference if difference == difference else 0.0


def day_numbers(claims: Sequence[Claim]) -> list[int]:
    """Each claim's as-of date as a day number (the claims must all have one)."""
    return [claim.as_of.toordinal() for claim in claims]  # type: ignore[union-attr]


def date_runs(days: Sequence[int]) -> list[tuple[int, int]]:
    """(start, stop) of each run of equal day numbers in the sorted ``days``."""
    runs = []
    start = 0
    for count in Counter(days).values():  # in first-seen order, which is date order
        runs.append((start, start + count))
        start += count
    return runs


def date_windows(days: Sequence[int], runs: Sequence[tuple[int, int]], within: int) -> list[tuple[int, int]]:
    """For each run, (start, stop) of the claims dated at most ``within`` days from it, the run included.

    Runs are in date order, so both ends only move forward.
    """
    windows = []
    start = stop = 0
    for first, _ in runs:
        day = days[first]
        while days[start] < day - within:
            start += 1
        while stop < len(days) and days[stop] <= day + within:
            stop += 1
        windows.append((start, stop))
    return windows


def pairs_within(days: Sequence[int], within: int) -> int:
    """How many pairs of the sorted ``days`` lie at most ``within`` days apart, counted, not listed."""
    pairs = 0
    for first, stop in date_runs(days):
        after = bisect_right(days, days[first] + within)
        # each claim i of the run pairs with every claim after it up to ``after``
        count = stop - first
        pairs += count * (after - 1) - (first + stop - 1) * count // 2
    return pairs


def index_range(days: Sequence[int], low: int, high: int) -> tuple[int, int]:
    """(start, stop) of the sorted ``days`` in [low, high]."""
    return bisect_left(days, low), bisect_right(days, high)


def next_flagged(flags: Sequence[bool]) -> list[int]:
    """For each position, the first flagged position at or after it (``len(flags)`` when none)."""
    following = [len(flags)] * (len(flags) + 1)
    for i in range(len(flags) - 1, -1, -1):
        following[i] = i if flags[i] else following[i + 1]
    return following


class SlidingBest:
    """The position of the largest key in a window that only moves forward, the earliest of equal keys.

    Positions whose key is None never count. A queue holds the positions that
    can still be a window's best (each key below none after it), so every
    position is added and dropped once.
    """

    def __init__(self, keys: Sequence[Optional[Key]]) -> None:
        self._keys = keys
        self._queue: deque[int] = deque()
        self._added = 0

    def best(self, start: int, stop: int) -> Optional[int]:
        keys, queue = self._keys, self._queue
        while self._added < stop:
            key = keys[self._added]
            if key is not None:
                while queue and keys[queue[-1]] < key:  # type: ignore[operator]
                    queue.pop()
                queue.append(self._added)
            self._added += 1
        while queue and queue[0] < start:
            queue.popleft()
        return queue[0] if queue else None


class RangeBest:
    """The position of the largest key in any range of positions, the earliest of equal keys.

    A sparse table: level k holds the best of each range of 2**k positions, and
    a range is covered by two (overlapping) ranges of one level. Positions
    whose key is None never count.
    """

    def __init__(self, keys: Sequence[Optional[Key]]) -> None:
        self._keys = keys
        level: list[Optional[int]] = [None if key is None else i for i, key in enumerate(keys)]
        self._levels = [level]
        width = 1
        while 2 * width <= len(keys):
            level = [self._better(level[i], level[i + width]) for i in range(len(keys) - 2 * width + 1)]
            self._levels.append(level)
            width *= 2

    def _better(self, earlier: Optional[int], later: Optional[int]) -> Optional[int]:
        if earlier is None or later is None:
            return later if earlier is None else earlier
        return later if self._keys[earlier] < self._keys[later] else earlier  # type: ignore[operator]

    def best(self, start: int, stop: int) -> Optional[int]:
        if start >= stop:
            return None
        k = (stop - start).bit_length() - 1
        level = self._levels[k]
        return self._better(level[start], level[stop - (1 << k)])

    def best_except(self, start: int, stop: int, excluded: Sequence[int]) -> Optional[int]:
        """The best of [start, stop) leaving out the sorted positions ``excluded``."""
        best: Optional[int] = None
        for skip in [*excluded, stop]:
            if skip >= start:
                best = self._better(best, self.best(start, min(skip, stop)))
                start = skip + 1
        return best


def widest_first(spreads: Sequence[float], limit: int) -> list[int]:
    """The positions of the ``limit`` largest spreads (the earliest of equal ones), in position order."""
    if len(spreads) <= limit:
        return list(range(len(spreads)))
    return sorted(heapq.nsmallest(limit, range(len(spreads)), key=lambda i: (-spreads[i], i)))


class RunTally:
    """How many keys of a range of runs lie above a value, without visiting them: a merge-sort tree.

    Node (level, i) holds the sorted keys of runs i * 2**level up to (i + 1) *
    2**level; a range of runs is covered by at most two nodes a level, each
    counted with a bisection, so a count costs O(log² n). A node is sorted the
    first time a count needs it (above the runs, by merging the two nodes below,
    which sorting does in linear time), so counts that touch few runs build
    little. Positions whose key is None are never counted.
    """

    def __init__(self, keys: Sequence[Optional[End]], runs: Sequence[tuple[int, int]]) -> None:
        self._keys = keys
        self._runs = runs
        self._starts = [start for start, _ in runs]
        self._nodes: dict[tuple[int, int], list[End]] = {}

    def _node(self, level: int, index: int) -> list[End]:
        node = self._nodes.get((level, index))
        if node is None:
            if level == 0:
                start, stop = self._runs[index]
                keys = self._keys[start:stop]
                present = [key for key in keys if key is not None] if None in keys else keys
                node = sorted(cast("Sequence[End]", present))
            else:
                node = sorted(self._node(level - 1, 2 * index) + self._node(level - 1, 2 * index + 1))
            self._nodes[level, index] = node
        return node

    def nodes(self, start: int, stop: int) -> list[list[End]]:
        """The sorted keys of positions [start, stop), which begin and end runs, in a few lists."""
        first, stop = bisect_left(self._starts, start), bisect_left(self._starts, stop)
        covering = []
        level = 0
        while first < stop:
            if first & 1:
                covering.append(self._node(level, first))
                first += 1
            if stop & 1:
                stop -= 1
                covering.append(self._node(level, stop))
            first >>= 1
            stop >>= 1
            level += 1
        return covering

    def equal(self, start: int, stop: int, value: End) -> int:
        """How many keys of positions [start, stop) equal ``value``."""
        return sum(bisect_right(node, value) - bisect_left(node, value) for node in self.nodes(start, stop))


#: how far, relative to its size, a bound computed in doubles from a key may lie from the exact bound
#: (three roundings of at most 2**-53 each), with room to spare: keys beyond this are decided without it
_SLACK = 2.0 ** -48


class BottomsAbove:
    """How many non-empty claims of a range of runs lie wholly above a bound, counted exactly, not listed.

    A claim lies above a bound (a closed or open end) iff its bottom is beyond
    the bound, or equal to it with one of the two open. Keys (see
    :class:`EndColumns`) compare with each other exactly, but a bound is any
    fraction: keys clear of its neighbourhood are counted by bisection, and
    the few distinct keys within it by comparing their exact ends.
    """

    def __init__(self, columns: EndColumns, runs: Sequence[tuple[int, int]]) -> None:
        self._columns = columns
        self._runs = runs
        bottoms = columns.lo if not any(columns.empty) else [
            None if empty else lo for lo, empty in zip(columns.lo, columns.empty)]
        self._bottoms = RunTally(bottoms, runs)
        self._open: Optional[RunTally] = None  # the open bottoms, for ties with a closed bound (few)

    def count(self, start: int, stop: int, bound: End, closed: bool) -> int:
        """How many non-empty claims of positions [start, stop) (which begin and end runs) lie above ``bound``."""
        if is_infinite(bound):  # a bottom of -inf would lie above nothing: never asked
            assert bound > 0
            return 0
        assert isinstance(bound, Fraction)
        if self._columns.exact_keys:
            return self._count(start, stop, bound, bound, lambda key: self._columns.compare(key, bound, 0.0), closed)
        rounded = as_float(bound)
        return self._count(start, stop, rounded, rounded, lambda key: self._columns.compare(key, bound, rounded),
                           closed)

    def count_near(self, start: int, stop: int, near: float, bound: Callable[[], Fraction], closed: bool) -> int:
        """:meth:`count` for the finite ``bound()``, of which ``near`` is a rounding (within ``_SLACK`` of it in
        relative terms): the exact bound is built only when some key lies that near it."""
        if self._columns.exact_keys or not _NORMAL_RANGE[0] < abs(near) < _NORMAL_RANGE[1]:
            return self.count(start, stop, bound(), closed)
        exact_bound: list[Fraction] = []

        def sign(key: End) -> int:
            if not exact_bound:
                exact_bound.append(bound())
            return self._columns.compare(key, exact_bound[0], as_float(exact_bound[0]))

        slack = abs(near) * _SLACK
        return self._count(start, stop, near - slack, near + slack, sign, closed)

    def _open_bottoms(self) -> RunTally:
        if self._open is None:
            columns = self._columns
            self._open = RunTally([None if empty or closed else lo
                                   for lo, closed, empty in zip(columns.lo, columns.lo_closed, columns.empty)],
                                  self._runs)
        return self._open

    def _count(self, start: int, stop: int, low: End, high: End, sign: Callable[[End], int], closed: bool) -> int:
        """The keys above ``high``, and those in [low, high] whose exact end ``sign`` puts above the bound."""
        count = 0
        near: list[tuple[list[End], int, int]] = []
        for node in self._bottoms.nodes(start, stop):
            after = bisect_right(node, high)
            count += len(node) - after
            before = bisect_left(node, low, 0, after)
            if before < after:
                near.append((node, before, after))
        values = {value for node, before, after in near
                  for value in ((node[before],) if node[before] == node[after - 1] else node[before:after])}
        for value in values:
            side = sign(value)
            if side > 0 or (side == 0 and not closed):
                count += sum(bisect_right(node, value, before, after) - bisect_left(node, value, before, after)
                             for node, before, after in near)
            elif side == 0:  # a closed bound: only open bottoms at it lie above
                count += self._open_bottoms().equal(start, stop, value)
        return count
