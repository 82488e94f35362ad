"""``check: trend``: values move one way over time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Mapping, Optional, Sequence

from ..records.intervals import End, Ends, can_relate
from ..records.model import Claim, Violation
from .base import Assignment, Check, CheckResult, Satisfying, SearchSpace
from .claimsets import as_of_date, dated_claims, undated_note
from .params import Choice, group_by_parameter, parameter, require_choice, require_group_by
from .phrases import dated_in_document

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
    """

    name: ClassVar[str] = "trend"
    dated: ClassVar[bool] = True

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
        dated = dated_claims(groups["claims"])
        ends = [Ends.of(claim.interval) for claim in dated]
        op, _ = _ORDER[self.direction]
        violations: list[Violation] = []
        comparisons = 0
        for j, later in enumerate(dated):
            earlier = [i for i in range(j) if as_of_date(dated[i]) < as_of_date(later)]
            comparisons += len(earlier)
            conflicting = [i for i in earlier if not can_relate(ends[j], op, ends[i])]
            if conflicting:
                # the earlier claim whose interval lies furthest on the wrong side
                worst = max(conflicting, key=lambda i: self._overlap_needed(ends[i], ends[j]))
                violations.append(Violation((dated[worst], later), self._constraint(dated[worst], later)))
        return CheckResult(tuple(violations), comparisons, undated_note(groups["claims"]))

    def _overlap_needed(self, earlier: Ends, later: Ends) -> End:
        """How far the intervals would have to move to meet the direction (>= 0 when they conflict)."""
        if self.direction in ("increasing", "non-decreasing"):
            return earlier.lo - later.hi
        return later.lo - earlier.hi

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
