"""``check: bounds``: every value lies within limits."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import ClassVar, Mapping, Optional, Sequence

from ..records.intervals import Ends, Interval, can_be_equal, exact, format_number
from ..records.model import Claim, Violation
from .base import Check, CheckResult, Satisfying, SearchSpace
from .params import Number, parameter, require_number
from .phrases import quoted_with_interval


@dataclass(frozen=True)
class Bounds(Check):
    """Every claim can lie within [min, max]."""

    name: ClassVar[str] = "bounds"

    min: Optional[float] = parameter(Number(
        "lowest value a claim may take, on the comparison scale (shares as fractions of 1); leave out for no "
        "lower bound", example=0), default=None)
    max: Optional[float] = parameter(Number(
        "highest value a claim may take, on the comparison scale (shares as fractions of 1); leave out for no "
        "upper bound", example=300), default=None)

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

    def evaluate(self, groups: Mapping[str, Sequence[Claim]]) -> CheckResult:
        claims = groups["claims"]
        allowed = Ends.of(self.range)
        violations = tuple(
            Violation((claim,), f"{quoted_with_interval(claim)} cannot lie within {self.range}")
            for claim in claims if not can_be_equal(Ends.of(claim.interval), allowed))
        return CheckResult(violations, comparisons=len(claims))

    def describe(self) -> str:
        return f"values within {self.range}"

    def mentioned_numbers(self) -> tuple[Fraction, ...]:
        return tuple(exact(limit) for limit in (self.min, self.max) if limit is not None)

    def satisfying(self, space: SearchSpace) -> Satisfying:
        from hypothesis import strategies as st  # late: hypothesis loads only for sensitivity

        hi = space.top if self.max is None else exact(self.max)
        lo = min(Fraction(0), hi) if self.min is None else exact(self.min)
        return st.tuples(*(space.values(lo, max(lo, hi)) for _ in space.claims))

    def vacuity_hint(self, claims: Sequence[Claim]) -> Optional[str]:
        if self.max is not None or self.min is None:
            return None
        kinds = sorted({claim.kind for claim in claims})
        return (f"bounds min {format_number(self.min)} on {' and '.join(kind + 's' for kind in kinds)}, "
                f"which are never negative?")
