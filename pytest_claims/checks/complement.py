"""``check: complement``: parts of one whole add up to it."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import reduce
from typing import Any, ClassVar, Mapping, Optional, Sequence

from ..language.selectors import Selector
from ..records.intervals import Ends, add, describe_ends, exact, format_number
from ..records.model import Claim, Violation
from .base import Assignment, Check, CheckResult, Satisfying, SearchSpace
from .claimsets import count_combinations, dated_claims, undated_note, when_text
from .extremes import Test, day_windows, listed, separation, tightest_failures
from .params import WITHIN_DAYS, NamedClaims, Number, group_by_parameter, parameter, require_days, \
    require_group_by, require_number, require_tolerance, within_days_parameter
from .phrases import claim_interval, is_share

@dataclass(frozen=True)
class Complement(Check):
    """Parts of one whole add up to it.

    "More than three quarters" of east Aleppo retaken and "less than a
    quarter" still held by rebels, on the same day, must be able to add up to
    the whole. For every choice of one claim per part whose as-of dates lie
    within ``within_days`` of each other, some values inside the parts'
    intervals must sum to ``whole`` (give or take ``tolerance``). Checking the
    sum of the intervals is exact: a sum of independent values takes every
    value between the sums of their ends. The choices are judged by the
    extremes of each window of days (:mod:`~pytest_claims.checks.extremes`),
    not one by one: each claim in a contradiction is reported with the
    tightest one it belongs to.
    """

    name: ClassVar[str] = "complement"
    dated: ClassVar[bool] = True
    listing: ClassVar[str] = "the {listed} furthest from the whole"

    parts: Mapping[str, Selector] = parameter(NamedClaims(
        "the parts of the whole, each named and with its own selector (combined with the rule's select); at "
        "least two",
        example={"retaken": {"near": ["retaken", "recaptured"]}, "held": {"near": ["penning", "still hold*"]}},
        min_names=2))
    whole: float = parameter(Number(
        "what the parts add up to, on the comparison scale: 100% (= 1) for shares, or a count such as 40",
        example=1), default=1.0)
    tolerance: float = parameter(Number(
        "how far the parts' sum may be from the whole, in the whole's units (for shares 5% is five points); 0 "
        "means exactly", example=0.05), default=0.0)
    within_days: int = within_days_parameter(WITHIN_DAYS, example=0)
    group_by: Optional[str] = group_by_parameter()

    def __post_init__(self) -> None:
        if not isinstance(self.parts, Mapping) or len(self.parts) < 2:
            raise ValueError("parts needs at least two named parts")
        require_number("whole", self.whole)
        require_tolerance(self.tolerance)
        require_days(self.within_days)
        require_group_by(self.group_by)

    def group_selectors(self) -> Mapping[str, Optional[Selector]]:
        return dict(self.parts)

    def grouping(self) -> Optional[str]:
        return self.group_by

    def evaluate(self, groups: Mapping[str, Sequence[Claim]]) -> CheckResult:
        names = list(self.parts)
        lists = [dated_claims(groups[name]) for name in names]
        target = self._target()
        # the parts' sum has the sum of their low ends as its low end: it lies above the whole when the parts'
        # low ends are high (and below it when their high ends are low), one part at a time
        test = Test(0, "==", lambda ends: (reduce(add, ends), target),
                    above=(("lo", 1),) * len(names), below=(("hi", -1),) * len(names))
        shown, counted, unlisted = listed(tightest_failures(lists, day_windows(lists, self.within_days), [test]))
        violations = tuple(Violation(item.claims, self._constraint(names, item.claims, self._total(item.claims)))
                           for item in shown)
        undated = undated_note([claim for name in names for claim in groups[name]])
        return CheckResult(violations, count_combinations(lists, self.within_days), undated + counted, unlisted)

    def spread(self, violation: Violation) -> Optional[float]:
        return float(separation(self._total(violation.claims), self._target()))

    def _target(self) -> Ends:
        return Ends.point(self.whole).widened(exact(self.tolerance))

    @staticmethod
    def _total(claims: Sequence[Claim]) -> Ends:
        return reduce(add, (Ends.of(claim.interval) for claim in claims))

    def _constraint(self, names: Sequence[str], choice: Sequence[Claim], total: Ends) -> str:
        as_percent = all(is_share(claim) for claim in choice)
        whole = describe_ends(Ends.point(self.whole), as_percent)
        if self.tolerance:
            whole += f" ± {describe_ends(Ends.point(self.tolerance), as_percent)}"
        terms = " + ".join(f'{name} "{claim.quantity.written}" {claim_interval(claim, as_percent)}'
                           for name, claim in zip(names, choice))
        return f"the parts cannot add up to {whole}: {terms} = {describe_ends(total, as_percent)}"

    def describe(self) -> str:
        return f"{' + '.join(self.parts)} = {format_number(self.whole)} {when_text(self.within_days)}"

    def mentioned_numbers(self) -> tuple[Fraction, ...]:
        return (exact(self.whole),)

    def satisfying(self, space: SearchSpace) -> Satisfying:
        from hypothesis import strategies as st  # late: hypothesis loads only for sensitivity

        whole = exact(self.whole)
        if whole < 0:
            return f"parts that are never negative cannot add up to {format_number(self.whole)}"
        classes = space.classes(list(self.parts))

        @st.composite
        def build(draw: Any) -> Assignment:
            remaining, value = whole, {}
            for members in classes[:-1]:
                v = draw(space.values(Fraction(0), remaining / len(members)))
                remaining -= v * len(members)
                value.update(dict.fromkeys(members, v))
            value.update(dict.fromkeys(classes[-1], remaining / len(classes[-1])))
            return space.assign(value)

        return build()
