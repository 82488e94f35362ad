"""Contradicting combinations found from the extremes of each window of days, without enumerating them.

``complement`` and ``expression`` (``together: day`` or ``document``) judge
every choice of one claim per named list whose as-of dates lie within
``within_days`` of each other (or that share a document): far more choices
than claims. Each :class:`Test` here is monotone: a choice fails it when its
left side lies wholly above its right side (or below), and that can only
become more true as one claim's interval moves one way (a higher low end, a
lower high end: the test's :data:`Direction` per list). So, in a window of
days, a claim belongs to a failing choice iff it fails with the most extreme
claims of the other lists, and those are among the ``k`` most extreme claims
of each list, ``k`` being the number of lists: one claim cannot stand for two
lists, so each list needs a spare for every other list that might hold the
same claim (``Claim.key``).

A window is every claim dated from one claim's day to ``within_days`` after
it; every choice lies in the window of its earliest day, and windows inside
another one are skipped. Per window, per test, per list, the others' most
extreme choices are built once and every claim of the list is ranked against
them by a threshold found by bisection over the list sorted by extremity, so
the cost grows with the claims times the windows each lies in (one with
``within_days: 0``), not with the choices. What it finds, per claim and list
and test it fails, is the failing choice with the largest gap between the
two sides: exactly what enumerating every choice finds, which the tests
check against that enumeration.
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import product
from typing import Callable, Iterable, Optional, Sequence

from ..records.intervals import EMPTY, End, Ends, Interval
from ..records.model import Claim
from .base import MAX_LISTED
from .windows import day_numbers, index_range, order_value

#: which end of a claim's interval a test depends on ("lo" or "hi"), and whether the test fails sooner as
#: that end grows (+1) or as it shrinks (-1)
Direction = tuple[str, int]
#: how far toward failing a test a claim's interval lies: larger is nearer
Key = tuple[End, int]
#: per list, the range of its claims (indices in its window order) a window holds
Window = tuple[range, ...]

_EMPTY_KEY: Key = (math.inf, 1)  # an empty interval fails every test
_NEUTRAL_KEY: Key = (0, 0)  # a list the test does not depend on


@dataclass(frozen=True)
class Test:
    """One comparison a choice of one claim per list must pass, and how it depends on each list.

    ``sides`` gives the two sides' enclosures for the choice's intervals (in list
    order); the choice fails when they cannot relate by ``op`` (< <= == >= >).
    ``above`` and ``below`` give, per list, the :data:`Direction` that moves the
    left side above the right one (below it), or None when that list does not
    move it; a test with ``op`` ``<``/``<=`` fails only above, ``>``/``>=`` only
    below, ``==`` either way. ``label`` tells the tests of a check apart.
    """

    label: int
    op: str
    sides: Callable[[Sequence[Ends]], tuple[Ends, Ends]]
    above: tuple[Optional[Direction], ...]
    below: tuple[Optional[Direction], ...]

    def gap(self, ends: Sequence[Ends]) -> End:
        """How far apart the two sides are (infinite when one is empty): the larger, the tighter a
        contradiction."""
        return separation(*self.sides(ends))

    def ways(self) -> tuple[tuple[str, bool], ...]:
        """The ways the test fails: ("above" | "below", whether touching fails too)."""
        if self.op == "==":
            return (("above", False), ("below", False))
        if self.op in ("<", "<="):
            return (("above", self.op == "<"),)
        if self.op in (">", ">="):
            return (("below", self.op == ">"),)
        raise ValueError(f"a test by window extremes cannot compare with {self.op!r}")


def separation(left: Ends, right: Ends) -> End:
    """How far two intervals lie apart (negative when they overlap); infinite when one is empty."""
    if left.is_empty() or right.is_empty():
        return math.inf
    return max(left.lo - right.hi, right.lo - left.hi)


def beyond(left: Ends, right: Ends, way: str, strict: bool) -> bool:
    """Whether ``left`` lies wholly above ``right`` (way "above") or below it, so that they cannot relate;
    ``strict``: touching counts too; an empty side is beyond anything."""
    if way == "below":
        left, right = right, left
    if left.is_empty() or right.is_empty():
        return True
    if left.lo != right.hi:
        return left.lo > right.hi
    return strict or not (left.lo_closed and right.hi_closed)


def interval_key(interval: Interval, direction: Optional[Direction]) -> Key:
    """The interval's position along ``direction``, ordered as its exact ends are; an open end lies just
    inside its value."""
    if direction is None:
        return _NEUTRAL_KEY
    lo = -math.inf if interval.low is None else order_value(interval.low)
    hi = math.inf if interval.high is None else order_value(interval.high)
    lo_closed = interval.low_inclusive and math.isfinite(lo)
    hi_closed = interval.high_inclusive and math.isfinite(hi)
    if lo > hi or (lo == hi and not (lo_closed and hi_closed)):
        return _EMPTY_KEY
    end, sign = direction
    if end == "lo":
        value, inside = lo, 0 if lo_closed or not math.isfinite(lo) else 1
    else:
        value, inside = hi, 0 if hi_closed or not math.isfinite(hi) else -1
    return (sign * value, sign * inside)


def hull(claims: Sequence[Claim]) -> Ends:
    """The smallest interval holding every non-empty interval of ``claims`` (empty when there is none)."""
    lows = [(interval_key(claim.interval, ("lo", -1)), index) for index, claim in enumerate(claims)]
    highs = [(interval_key(claim.interval, ("hi", 1)), index) for index, claim in enumerate(claims)]
    present = [at for at, (key, _) in enumerate(lows) if key != _EMPTY_KEY]
    if not present:
        return EMPTY
    lowest = Ends.of(claims[max(lows[at] for at in present)[1]].interval)
    highest = Ends.of(claims[max(highs[at] for at in present)[1]].interval)
    return Ends(lowest.lo, highest.hi, lowest.lo_closed, highest.hi_closed)


@dataclass(frozen=True)
class Found:
    """A choice that fails a test: the one with the largest gap that some claim belongs to."""

    claims: tuple[Claim, ...]
    label: int
    gap: End
    #: each claim's index in its list: the order enumeration meets choices in, for ties
    position: tuple[int, ...]


# ---------------------------------------------------------------- windows


def day_windows(lists: Sequence[Sequence[Claim]], within_days: int) -> list[Window]:
    """The windows of days over ``lists`` (each sorted by date) that hold a choice, but none that lies inside
    the window of an earlier day."""
    ordinals = [day_numbers(claims) for claims in lists]
    days = sorted({day for column in ordinals for day in column})
    windows: list[Window] = []
    previous_end = -1
    for first in days:
        end = bisect_right(days, first + within_days)
        if end == previous_end:  # inside the window before
            continue
        previous_end = end
        window = tuple(range(*index_range(column, first, first + within_days)) for column in ordinals)
        if all(window):
            windows.append(window)
    return windows


def by_document(lists: Sequence[Sequence[Claim]]) -> tuple[list[list[Claim]], list[Window]]:
    """``lists`` arranged document by document (first seen first, each list's order kept) and per document
    the window of its claims."""
    order: dict[str, int] = {}
    for claims in lists:
        for claim in claims:
            order.setdefault(claim.path, len(order))
    arranged = [sorted(claims, key=lambda claim: order[claim.path]) for claims in lists]
    columns = [[order[claim.path] for claim in claims] for claims in arranged]
    windows: list[Window] = []
    for document in range(len(order)):
        window = tuple(range(bisect_left(column, document), bisect_right(column, document)) for column in columns)
        if all(window):
            windows.append(window)
    return arranged, windows


def in_window(lists: Sequence[Sequence[Claim]], window: Window) -> list[Sequence[Claim]]:
    """Each list's claims in ``window``."""
    return [claims[span.start:span.stop] for claims, span in zip(lists, window)]


# ---------------------------------------------------------------- the search


def tightest_failures(lists: Sequence[Sequence[Claim]], windows: Iterable[Window],
                      tests: Sequence[Test]) -> list[Found]:
    """For every claim of every list that belongs to a choice failing a test, the failing choice with
    the largest gap it belongs to (ties: the first in enumeration order); each choice and test once,
    tightest first."""
    ends = _Intervals(lists)
    windows = list(windows)
    best: dict[tuple[int, int, int], Found] = {}
    for test in tests:
        for way, strict in test.ways():
            search = _Search(ends, test, way, strict)
            for window in windows:
                search.visit(window, best)
    return ranked(best.values())


def exhaustive_failures(lists: Sequence[Sequence[Claim]], choices: Iterable[Sequence[Claim]],
                        judge: Callable[[Sequence[Ends]], Iterable[tuple[int, End]]]) -> list[Found]:
    """What :func:`tightest_failures` finds, by judging every choice (each of ``lists``, in its order):
    for tests that are not monotone. ``judge`` gives the label and gap of each test a choice fails."""
    positions = [{id(claim): index for index, claim in enumerate(claims)} for claims in lists]
    best: dict[tuple[int, int, int], Found] = {}
    for choice in choices:
        position = tuple(where[id(claim)] for where, claim in zip(positions, choice))
        for label, gap in judge([Ends.of(claim.interval) for claim in choice]):
            found = Found(tuple(choice), label, gap, position)
            for slot, index in enumerate(position):
                _keep(best, (slot, index, label), found)
    return ranked(best.values())


def listed(found: Sequence[Found]) -> tuple[Sequence[Found], tuple[str, ...], int]:
    """The contradictions to list (at most MAX_LISTED, tightest first), a note saying what the count of the
    rest counts when there is a rest, and that count."""
    shown = found[:MAX_LISTED]
    rest = len(found) - len(shown)
    if not rest:
        return shown, (), 0
    return shown, (f"{len(found):,} contradicting combinations counted: for each claim in a contradiction, the "
                   f"tightest combination it belongs to; other combinations of the same claims are not counted",), rest


def ranked(found: Iterable[Found]) -> list[Found]:
    """Each choice and test once, the largest gap first, then in enumeration order."""
    unique = {(item.position, item.label): item for item in found}
    return sorted(unique.values(), key=lambda item: (-item.gap, item.position, item.label))


def _keep(best: dict[tuple[int, int, int], Found], slot: tuple[int, int, int], found: Found) -> None:
    known = best.get(slot)
    if known is None or (-found.gap, found.position) < (-known.gap, known.position):
        best[slot] = found


class _Intervals:
    """The claims of each list and their exact intervals, made when first needed: most claims only need a
    key."""

    def __init__(self, lists: Sequence[Sequence[Claim]]) -> None:
        self.lists = lists
        self._ends: list[dict[int, Ends]] = [{} for _ in lists]

    def __call__(self, slot: int, index: int) -> Ends:
        known = self._ends[slot].get(index)
        if known is None:
            known = self._ends[slot][index] = Ends.of(self.lists[slot][index].interval)
        return known


class _Search:
    """One way of failing one test (``way``: "above" or "below"), over the windows of the lists."""

    def __init__(self, ends: _Intervals, test: Test, way: str, strict: bool) -> None:
        self.lists, self.ends, self.test, self.way, self.strict = ends.lists, ends, test, way, strict
        directions = test.above if way == "above" else test.below
        self.keys = [[interval_key(claim.interval, direction) for claim in claims]
                     for claims, direction in zip(self.lists, directions)]
        #: per list, its indices from nearest to failing to farthest, and each index's rank (ties share one)
        self.order: list[list[int]] = []
        self.rank: list[list[int]] = []
        for keys in self.keys:
            order = sorted(range(len(keys)), key=keys.__getitem__, reverse=True)
            rank = [0] * len(keys)
            for at, index in enumerate(order):
                before = order[at - 1] if at else None
                rank[index] = rank[before] if before is not None and keys[before] == keys[index] else at
            self.order.append(order)
            self.rank.append(rank)

    def fails(self, slot: int, index: int, others: Sequence[tuple[int, int]]) -> bool:
        left, right = self.test.sides(self._ends(slot, index, others))
        return beyond(left, right, self.way, self.strict)

    def _ends(self, slot: int, index: int, others: Sequence[tuple[int, int]]) -> list[Ends]:
        chosen = dict(others)
        chosen[slot] = index
        return [self.ends(at, chosen[at]) for at in range(len(self.lists))]

    def visit(self, window: Window, best: dict[tuple[int, int, int], Found]) -> None:
        """Record, for each claim of the window that fails with the window's most extreme other claims, the
        tightest such choice."""
        count = len(self.lists)
        tops = [self._top(slot, window[slot], count) for slot in range(count)]
        for slot in range(count):
            others = self._best_others(slot, tops, None)
            usable = [choice for choice in others if self.fails(slot, tops[slot][0], choice)]
            if not usable:
                continue  # not even the list's most extreme claim fails
            shared = {self.lists[at][index].key for at in range(count) if at != slot for index in tops[at]}
            thresholds = [(choice, self._threshold(slot, choice)) for choice in usable]
            rank = self.rank[slot]
            for index in window[slot]:
                key = self.lists[slot][index].key
                if key in shared:  # the claim may be one of the others' extremes: choose them without it
                    choices = [choice for choice in self._best_others(slot, tops, key)
                               if self.fails(slot, index, choice)]
                else:
                    choices = [choice for choice, threshold in thresholds if rank[index] < threshold]
                for choice in choices:
                    self._record(slot, index, choice, best)

    def _record(self, slot: int, index: int, others: Sequence[tuple[int, int]],
                best: dict[tuple[int, int, int], Found]) -> None:
        chosen = dict(others)
        chosen[slot] = index
        position = tuple(chosen[at] for at in range(len(self.lists)))
        ends = [self.ends(at, at_index) for at, at_index in enumerate(position)]
        claims = tuple(self.lists[at][at_index] for at, at_index in enumerate(position))
        _keep(best, (slot, index, self.test.label), Found(claims, self.test.label, self.test.gap(ends), position))

    def _top(self, slot: int, indices: range, count: int) -> list[int]:
        """The ``count`` claims of ``indices`` nearest to failing, one per claim key."""
        keys, claims = self.keys[slot], self.lists[slot]
        top = heapq.nlargest(count, indices, key=keys.__getitem__)
        if len({claims[index].key for index in top}) == len(top):
            return top
        distinct: dict[tuple[str, tuple[int, int]], int] = {}
        for index in sorted(indices, key=keys.__getitem__, reverse=True):
            distinct.setdefault(claims[index].key, index)
            if len(distinct) == count:
                break
        return list(distinct.values())

    def _best_others(self, slot: int, tops: Sequence[Sequence[int]],
                     without: Optional[tuple[str, tuple[int, int]]]) -> list[tuple[tuple[int, int], ...]]:
        """The choices of one claim per other list among their extremes, distinct and not ``without``, that
        no other such choice is nearer to failing than in every list (as (list, index) pairs)."""
        columns = [[(at, index) for index in tops[at] if self.lists[at][index].key != without]
                   for at in range(len(tops)) if at != slot]
        if not all(columns):
            return []
        firsts = tuple(column[0] for column in columns)
        if self._distinct(firsts):
            return [firsts]
        choices = [choice for choice in product(*columns) if self._distinct(choice)]
        vectors = [tuple(self.keys[at][index] for at, index in choice) for choice in choices]
        kept: list[tuple[tuple[int, int], ...]] = []
        seen: set[tuple[Key, ...]] = set()
        for choice, vector in zip(choices, vectors):
            if vector in seen or any(other != vector and all(a >= b for a, b in zip(other, vector))
                                     for other in vectors):
                continue
            seen.add(vector)
            kept.append(choice)
        return kept

    def _distinct(self, choice: Sequence[tuple[int, int]]) -> bool:
        keys = {self.lists[at][index].key for at, index in choice}
        return len(keys) == len(choice)

    def _threshold(self, slot: int, others: Sequence[tuple[int, int]]) -> int:
        """How many of the list's claims, nearest to failing first, fail with ``others``: the test is monotone,
        so they come first."""
        order = self.order[slot]
        low, high = 0, len(order)
        while low < high:
            middle = (low + high) // 2
            if self.fails(slot, order[middle], others):
                low = middle + 1
            else:
                high = middle
        return low
