"""Check kinds: what a rule asserts about the claims it selects.

Each kind is a frozen dataclass whose fields are its YAML parameters (with
``metadata`` holding ``doc``, ``example`` and, where relevant, ``choices`` or
``selector``). :data:`CHECKS` maps YAML names to the classes.

The guiding rule: **a check fails only when the claims cannot all be true
given their intervals.** A claim asserts that the true number lies somewhere in
``claim.interval`` (open and closed ends matter), so a constraint between claims
is violated only when *no* choice of values inside their intervals satisfies it.

Numbers are compared exactly, with the interval arithmetic of
:mod:`pytest_claims.intervals`.

Checks that need dates use when each claim holds, ``claim.as_of`` (the
document date unless the sentence dates the number, see
:mod:`pytest_claims.asof`), not the publication date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from itertools import combinations
from typing import ClassVar, Mapping, Optional, Sequence

from .base import (Check, by_sentence, CheckResult, as_of_date, counted, dated_briefly, dated_claims,
                        days_apart, is_point, nearest_claim, percent, plural, quoted_with_interval,
                        require_choice, require_days, require_group_by, require_number, selector_text,
                        sentence_key, undated_note, group_by_field, within_days_field)
from ..records.intervals import End, Ends, can_be_equal, can_relate, exact
from ..records.model import Claim, Interval, Violation, format_number
from ..language.selectors import Selector

DIRECTIONS = ("increasing", "decreasing", "non-decreasing", "non-increasing")
OPERATORS = ("<", "<=", "==", ">=", ">")


# ---------------------------------------------------------------- bounds


@dataclass(frozen=True)
class Bounds:
    """Every claim can lie within [min, max]."""

    name: ClassVar[str] = "bounds"
    needs_dates: ClassVar[bool] = False

    min: float | None = field(default=None, metadata={
        "doc": "lowest value a claim may take, on the comparison scale (shares as fractions "
               "of 1); leave out for no lower bound",
        "example": 0})
    max: float | None = field(default=None, metadata={
        "doc": "highest value a claim may take, on the comparison scale (shares as fractions "
               "of 1); leave out for no upper bound",
        "example": 300})

    def __post_init__(self) -> None:
        require_number("min", self.min, optional=True)
        require_number("max", self.max, optional=True)
        if self.min is None and self.max is None:
            raise ValueError("bounds needs min, max or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({format_number(self.min)}) is above max ({format_number(self.max)})")

    @property
    def range(self) -> Interval:
        return Interval(self.min, self.max)

    def group_selectors(self) -> Mapping[str, Optional[Selector]]:
        return {"claims": None}

    def evaluate(self, groups: Mapping[str, Sequence[Claim]]) -> CheckResult:
        claims = groups["claims"]
        allowed = Ends.of(self.range)
        violations = tuple(
            Violation((claim,), f"{quoted_with_interval(claim)} cannot lie within {self.range}")
            for claim in claims if not can_be_equal(Ends.of(claim.interval), allowed))
        return CheckResult(violations, comparisons=len(claims))

    def describe(self) -> str:
        return f"values within {self.range}"


# ---------------------------------------------------------------- trend

#: direction -> (how a later value must compare with an earlier one, the words for a failure)
_TREND_ORDER = {
    "increasing": (">", "is not above"),
    "decreasing": ("<", "is not below"),
    "non-decreasing": (">=", "is below"),
    "non-increasing": ("<=", "is above"),
}


@dataclass(frozen=True)
class Trend:
    """Values move in one direction over time.

    For every two claims a, b with a.as_of < b.as_of, b's value must be above
    (increasing), below (decreasing), not below (non-decreasing) or not above
    (non-increasing) a's. Claims of the same as-of date are not ordered against each
    other. A pair conflicts when no values in the two intervals satisfy it (see
    :func:`can_be_below`).

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
    needs_dates: ClassVar[bool] = True

    direction: str = field(metadata={
        "doc": "how values must move from earlier to later dates; equal values count as "
               "movement only for the non- directions",
        "example": "decreasing",
        "choices": DIRECTIONS})
    group_by: Optional[str] = group_by_field()

    def __post_init__(self) -> None:
        require_choice("direction", self.direction, DIRECTIONS)
        require_group_by(self.group_by)

    def group_selectors(self) -> Mapping[str, Optional[Selector]]:
        return {"claims": None}

    def evaluate(self, groups: Mapping[str, Sequence[Claim]]) -> CheckResult:
        dated = dated_claims(groups["claims"])
        ends = [Ends.of(claim.interval) for claim in dated]
        op, _ = _TREND_ORDER[self.direction]
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
        _, failure = _TREND_ORDER[self.direction]
        return f"{self.direction}: {_dated(later)} {failure} {_dated(earlier)}"

    def describe(self) -> str:
        return f"values {self.direction} over time"


def _dated(claim: Claim) -> str:
    return f"{claim.quantity.surface} on {claim.as_of} ({claim.document})"


# ---------------------------------------------------------------- relation


@dataclass(frozen=True)
class Relation:
    """Within a sentence, a number compares with another: "300 children among 219 people".

    Each left claim is paired with the nearest right claim of its own sentence
    (same path and sentence start), by character distance between the spans;
    ties go to the right claim that starts first. A claim is never paired with
    itself, and left claims without a right claim in their sentence are not
    compared. A pair conflicts when no values in the two intervals satisfy
    ``left op right`` (``==``: the intervals share a point).

    Pairs are judged one at a time. When one claim takes part in several pairs
    (a right claim nearest to several left claims, or a claim selected on both
    sides) the pairs can each be satisfiable but not all at once -- e.g. with
    ``==``, left claims [0, 1] and [2, 3] both paired with a right claim
    [0, 3]. That is not reported. For ``<``, ``<=``, ``>=``, ``>`` and
    disjoint sides, judging pairs is exact.
    """

    name: ClassVar[str] = "relation"
    needs_dates: ClassVar[bool] = False

    left: object = field(metadata={
        "doc": "which claims go on the left of the comparison (a selector, combined with the "
               "rule's select)",
        "example": {"counts": ["children"]},
        "selector": True})
    op: str = field(metadata={
        "doc": "how a left claim compares with the nearest right claim in its sentence",
        "example": "<=",
        "choices": OPERATORS})
    right: object = field(metadata={
        "doc": "which claims go on the right of the comparison (a selector, combined with the "
               "rule's select)",
        "example": {"counts": ["people", "civilians"]},
        "selector": True})

    def __post_init__(self) -> None:
        require_choice("op", self.op, OPERATORS)

    def group_selectors(self) -> Mapping[str, Optional[Selector]]:
        return {"left": self.left, "right": self.right}  # type: ignore[dict-item]

    def evaluate(self, groups: Mapping[str, Sequence[Claim]]) -> CheckResult:
        rights_by_sentence = by_sentence(groups["right"])
        violations: list[Violation] = []
        comparisons = unpaired = 0
        for left in groups["left"]:
            right = nearest_claim(left, rights_by_sentence.get(sentence_key(left), ()))
            if right is None:
                unpaired += 1
                continue
            comparisons += 1
            if not can_relate(Ends.of(left.interval), self.op, Ends.of(right.interval)):
                violations.append(Violation((left, right), self._constraint(left, right)))
        notes = (f"{plural(unpaired, 'left claim')} had no right claim in the same sentence",) if unpaired else ()
        return CheckResult(tuple(violations), comparisons, notes)

    def _constraint(self, left: Claim, right: Claim) -> str:
        return f"{counted(left)} cannot be {self.op} {counted(right)}"

    def describe(self) -> str:
        return f"{selector_text(self.left)} {self.op} {selector_text(self.right)} in the same sentence"


# ---------------------------------------------------------------- agreement


@dataclass(frozen=True)
class Agreement:
    """Claims close in time agree, up to a relative tolerance.

    Every two claims whose as-of dates are at most ``within_days`` apart must admit
    values x, y in their intervals with |x - y| <= tolerance * max(|x|, |y|).
    This is a statement about pairs: three claims can agree two by two without
    one value per claim agreeing with all the others at once, and that is not
    reported.
    """

    name: ClassVar[str] = "agreement"
    needs_dates: ClassVar[bool] = True

    within_days: int = within_days_field(
        "claims whose dates are at most this many days apart must agree; 0 compares claims of the same "
        "day only", example=2)
    tolerance: float = field(default=0.0, metadata={
        "doc": "how far apart two values may be, as a fraction of the larger one (0.15 = 15%); "
               "0 means the intervals must overlap",
        "example": 0.15})
    group_by: Optional[str] = group_by_field()

    def __post_init__(self) -> None:
        require_days(self.within_days)
        require_number("tolerance", self.tolerance)
        if not 0 <= self.tolerance < 1:
            raise ValueError(f"tolerance must be at least 0 and below 1 (a fraction: 0.15 = 15%), "
                             f"got {format_number(self.tolerance)}")
        require_group_by(self.group_by)

    def group_selectors(self) -> Mapping[str, Optional[Selector]]:
        return {"claims": None}

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
            return f"{both} differ by more than the tolerance {percent(tolerance, difference)}"
        qualifier = "" if is_point(ends_a) and is_point(ends_b) else "at least "
        return (f"{both} differ by {qualifier}{percent(difference, tolerance)} > tolerance "
                f"{percent(tolerance, difference)}")

    def describe(self) -> str:
        when = "on the same day" if self.within_days == 0 else f"within {plural(self.within_days, 'day')}"
        how = "exactly" if self.tolerance == 0 else f"within {percent(exact(self.tolerance))}"
        return f"claims {when} agree {how}"


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


from .expression import Expression  # noqa: E402 - the kinds in other modules need nothing from this one
from .wholes import Complement, Ratio  # noqa: E402

CHECKS: dict[str, type[Check]] = {kind.name: kind for kind in (Bounds, Trend, Relation, Agreement, Complement,
                                                                Ratio, Expression)}

__all__ = ["CHECKS", "Agreement", "Bounds", "Check", "CheckResult", "Complement", "Expression", "Ratio",
           "Relation", "Trend"]
