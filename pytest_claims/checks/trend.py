"""``check: trend``: values move one way over time."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar, Mapping, Optional, Sequence

from ..records.intervals import End
from ..records.model import Claim, Violation
from .base import MAX_LISTED, Assignment, Check, CheckResult, Satisfying, SearchSpace
from .claimsets import dated_claims, undated_note
from .params import Choice, group_by_parameter, parameter, require_choice, require_group_by
from .phrases import dated_in_document
from .windows import EndColumns, date_runs, day_numbers, gap, is_infinite, widest_first

DIRECTIONS = ("increasing", "decreasing", "non-decreasing", "non-increasing")

#: direction -> (how a later value must compare with an earlier one, the words for a failure)
_ORDER = {
    "increasing": (">", "is not above"),
    "decreasing": ("<", "is not below"),
    "non-decreasing": (">=", "is below"),
    "non-increasing": ("<=", "is above"),
}


@dataclass(frozen=True)
class Trend(Check):
    """Values move in one direction over time.

    For every two claims a, b with a.as_of < b.as_of, b's value must be above
    (increasing), below (decreasing), not below (non-decreasing) or not above
    (non-increasing) a's. Claims of the same as-of date are not ordered against each
    other. A pair conflicts when no values in the two intervals satisfy it (see
    :func:`~pytest_claims.records.intervals.can_be_below`).

    Checking pairs is exact: when every cross-date pair can be satisfied on its
    own, one choice of values satisfies all pairs at once. Sketch: the
    constraints are difference constraints (x_b - x_a > 0 or >= 0 for each
    ordered pair, x_c >= lo_c and x_c <= hi_c, strict at open ends), which are
    feasible iff the constraint graph, with a source node for the bounds, has
    no cycle of negative weight or of zero weight through a strict edge. Order
    edges only go forward in time, so every cycle passes through the source:
    source -> c1 -> ... -> ck -> source, i.e. lo_c1 <= x_c1 R ... R x_ck <= hi_ck
    with dates strictly increasing along the chain. Dates are totally ordered,
    so c1 and ck are themselves a constrained pair, and the two-step cycle
    source -> c1 -> ck -> source has the same weight (order edges weigh 0) and
    is strict whenever the long one is (all order edges are equally strict).
    So an infeasible system always has an infeasible pair (or an empty
    interval, the cycle source -> c -> source, which fails every pair it is in).

    A failure names, for each later claim in conflict, the earlier claim
    furthest on the wrong side; beyond MAX_LISTED of them, those furthest apart
    are listed and the rest counted.
    """

    name: ClassVar[str] = "trend"
    dated: ClassVar[bool] = True
    listing: ClassVar[str] = "the {listed} furthest apart"

    direction: str = parameter(Choice(
        "how values must move from earlier to later dates; equal values count as movement only for the non- "
        "directions", example="decreasing", options=DIRECTIONS))
    group_by: Optional[str] = group_by_parameter()

    def __post_init__(self) -> None:
        require_choice("direction", self.direction, DIRECTIONS)
        require_group_by(self.group_by)

    def grouping(self) -> Optional[str]:
        return self.group_by

    def evaluate(self, groups: Mapping[str, Sequence[Claim]]) -> CheckResult:
        """One contradiction per later claim that some earlier claim contradicts, against the earlier claim
        furthest on the wrong side (the first of equal ones); the MAX_LISTED furthest are listed.

        Checking every cross-date pair would cost O(n²); instead claims are swept
        in date order, keeping the extremes of the claims of earlier dates (see
        :class:`_Earlier`): whether a later claim conflicts with any of them, and
        with which one worst, depends on those extremes only.
        """
        dated = dated_claims(groups["claims"])
        columns = self._columns(dated)
        earlier = _Earlier(columns)
        strict = self.direction in ("increasing", "decreasing")
        found: list[tuple[int, int]] = []
        comparisons = 0
        for start, stop in date_runs(day_numbers(dated)):
            comparisons += start * (stop - start)  # every claim of an earlier date against each of this one
            if start:
                for later in range(start, stop):
                    worst = earlier.worst(later, strict)
                    if worst is not None:
                        found.append((worst, later))
            for claim in range(start, stop):
                earlier.add(claim)
        spreads: list[float]
        if columns.exact_keys:
            spreads = [self._spread(columns, worst, later) for worst, later in found]
        else:  # the same, without a call per contradiction (keys are the rounded ends)
            lo, hi, empty, inf = columns.lo, columns.hi, columns.empty, math.inf
            spreads = [inf if empty[worst] or empty[later] else lo[worst] - hi[later]  # type: ignore[misc]
                       for worst, later in found]
        listed = [found[k] for k in widest_first(spreads, MAX_LISTED)]
        violations = tuple(Violation((dated[worst], dated[later]), self._constraint(dated[worst], dated[later]))
                           for worst, later in listed)
        return CheckResult(violations, comparisons, undated_note(groups["claims"]), len(found) - len(listed))

    def spread(self, violation: Violation) -> Optional[float]:
        return self._spread(self._columns(violation.claims), 0, 1)

    def _columns(self, claims: Sequence[Claim]) -> EndColumns:
        """The claims' ends, negated for the falling directions, so that later claims must lie above."""
        columns = EndColumns.of(claims)
        return columns.negated() if self.direction in ("decreasing", "non-increasing") else columns

    @staticmethod
    def _spread(columns: EndColumns, earlier: int, later: int) -> float:
        """How far the earlier claim lies above the later one (on the rising scale): its lower end minus the
        later upper end; infinite when either range is empty."""
        if columns.is_empty(earlier) or columns.is_empty(later):
            return math.inf
        return gap(columns.lo[earlier], columns.hi[later])

    def _constraint(self, earlier: Claim, later: Claim) -> str:
        _, failure = _ORDER[self.direction]
        return f"{self.direction}: {dated_in_document(later)} {failure} {dated_in_document(earlier)}"

    def describe(self) -> str:
        return f"values {self.direction} over time"

    def satisfying(self, space: SearchSpace) -> Satisfying:
        from hypothesis import strategies as st  # late: hypothesis loads only for sensitivity

        dates = sorted({day for claim in space.claims if (day := claim.as_of) is not None})
        strict = self.direction in ("increasing", "decreasing")
        falling = self.direction in ("decreasing", "non-increasing")

        @st.composite
        def build(draw: Any) -> Assignment:
            levels = sorted(draw(st.lists(space.free(), min_size=len(dates), max_size=len(dates), unique=strict)),
                            reverse=falling)
            level = dict(zip(dates, levels))
            return tuple(draw(space.free()) if claim.as_of is None else level[claim.as_of]
                         for claim in space.claims)

        return build()


class _Earlier:
    """The claims of earlier dates, on the rising scale, as the few extremes that decide every conflict.

    A later claim conflicts with an earlier one when no values can rise from it
    (:func:`~pytest_claims.records.intervals.can_be_below`): when either range is
    empty, or the earlier lower end lies at or above the later upper end (only
    above, or at it with either end open, when equal values are allowed). The
    worst of them is the one with the largest earlier lower end minus later upper
    end, the first of equal ones. For a finite upper end that is the conflicting
    claim with the highest lower end, so it suffices to know the earlier claim
    with the highest lower end among all, among the empty ones, among the others,
    and among the others with an open lower end. An infinite upper end makes every
    difference the same infinity (or NaN, which never wins a comparison), so the
    first conflicting claim is the worst: the first empty one, or the very first
    claim when the later range is empty and every earlier claim conflicts.
    """

    def __init__(self, columns: EndColumns) -> None:
        self._columns = columns
        self._first_empty: Optional[int] = None
        self._highest: Optional[int] = None
        self._highest_empty: Optional[int] = None
        self._highest_held: Optional[int] = None
        self._highest_open: Optional[int] = None

    def add(self, claim: int) -> None:
        """Count ``claim`` among the earlier claims; of equal lower ends, the first added stays."""
        lo = self._columns.lo
        low = lo[claim]
        if self._highest is None or low > lo[self._highest]:
            self._highest = claim
        if self._columns.empty[claim]:
            if self._first_empty is None:
                self._first_empty = claim
            if self._highest_empty is None or low > lo[self._highest_empty]:
                self._highest_empty = claim
        else:
            if self._highest_held is None or low > lo[self._highest_held]:
                self._highest_held = claim
            if not self._columns.lo_closed[claim] and (self._highest_open is None or low > lo[self._highest_open]):
                self._highest_open = claim

    def worst(self, later: int, strict: bool) -> Optional[int]:
        """The worst earlier claim ``later`` conflicts with, or None (the highest lower end first, then the
        first added: each extreme kept is the first added of its lower end)."""
        columns = self._columns
        top: End = columns.hi[later]
        if columns.empty[later]:
            return 0 if is_infinite(top) else self._highest
        if is_infinite(top):
            return self._first_empty
        worst = self._highest_empty
        held = self._highest_held
        if held is not None:
            lo = columns.lo
            lowest = lo[held]
            if not lowest > top and not lowest == top:
                return worst
            if lowest == top and not strict and columns.hi_closed[later]:
                held = self._highest_open  # equal values allowed, but not at an open end
                if held is None or not lo[held] == top:
                    return worst
            if worst is None or lo[held] > lo[worst] or (lo[held] == lo[worst] and held < worst):
                worst = held
        return worst
