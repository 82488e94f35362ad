"""``check: agreement``: claims close in time agree."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations
from typing import ClassVar, Mapping, Optional, Sequence

from ..records.intervals import Ends, as_percent, can_be_equal, exact, format_number
from ..records.model import Claim, Violation
from .base import Check, CheckResult, Satisfying, SearchSpace
from .claimsets import as_of_date, dated_claims, days_apart, undated_note, when_text
from .params import Number, group_by_parameter, parameter, require_days, require_group_by, require_number, \
    within_days_parameter
from .phrases import dated_briefly


@dataclass(frozen=True)
class Agreement(Check):
    """Claims close in time agree, up to a relative tolerance.

    Every two claims whose as-of dates are at most ``within_days`` apart must admit
    values x, y in their intervals with |x - y| <= tolerance * max(|x|, |y|).
    This is a statement about pairs: three claims can agree two by two without
    one value per claim agreeing with all the others at once, and that is not
    reported.
    """

    name: ClassVar[str] = "agreement"
    dated: ClassVar[bool] = True

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
        dated = dated_claims(groups["claims"])
        ends = [Ends.of(claim.interval) for claim in dated]
        tolerance = exact(self.tolerance)
        violations: list[Violation] = []
        comparisons = 0
        for i, j in combinations(range(len(dated)), 2):
            if days_apart(as_of_date(dated[i]), as_of_date(dated[j])) > self.within_days:
                continue
            comparisons += 1
            if not can_agree(ends[i], ends[j], tolerance):
                violations.append(Violation((dated[i], dated[j]),
                                            self._constraint(dated[i], dated[j], ends[i], ends[j])))
        return CheckResult(tuple(violations), comparisons, undated_note(groups["claims"]))

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
