"""``check: ratio``: a count, its total and a stated share agree."""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations
from typing import Any, ClassVar, Mapping, Optional, Sequence, Union

from ..language.selectors import Selector
from ..prose.words import plural
from ..records.intervals import Ends, can_be_equal, describe_ends, divide, exact, format_number
from ..records.model import Claim, Violation
from .base import Assignment, Check, CheckResult, ParameterError, Satisfying, SearchSpace
from .claimsets import as_of_date, dated_claims, days_apart, undated_note, when_text
from .params import WITHIN_DAYS, Claims, Number, NumberOrClaims, group_by_parameter, parameter, require_days, \
    require_group_by, require_number, require_tolerance, within_days_parameter


def _gap(a: Ends, b: Ends) -> Fraction:
    """Distance between two disjoint intervals (0 when they touch)."""
    return Fraction(max(b.lo - a.hi, a.lo - b.hi, 0))


@dataclass(frozen=True)
class Ratio(Check):
    """A count, its total and a stated share agree.

    "32 of 40 neighbourhoods" is 80%; a report of the same day saying "about
    85% of the area" agrees only if the two can be within ``tolerance`` (in
    share points) of each other. The count's total is the one written with it
    ("32 of 40"), else ``total`` (a number, or a selector for claims that state
    it, compared when dated within ``within_days``). Every count is compared
    with every share dated within ``within_days`` of it. The share the count
    makes is the quotient of the two intervals, exact for positive totals.
    """

    name: ClassVar[str] = "ratio"
    dated: ClassVar[bool] = True

    count: Selector = parameter(Claims(
        "which claims are the count (a selector, combined with the rule's select)",
        example={"counts": ["neighbourhoods"], "kind": "count"}))
    share: Selector = parameter(Claims(
        "which claims state the share (a selector, combined with the rule's select)",
        example={"kind": "share", "near": ["area"]}))
    total: Union[float, Selector, None] = parameter(NumberOrClaims(
        "the whole the count is part of: a number, or a selector for the claims that state it; leave out to "
        "use the total written with the count (\"32 of 40\"), which always wins", example=40), default=None)
    tolerance: float = parameter(Number(
        "how far the count's share may be from the stated share, in share points (5% = five points); 0 means "
        "the two must be able to be equal", example=0.05), default=0.0)
    within_days: int = within_days_parameter(WITHIN_DAYS, example=0)
    group_by: Optional[str] = group_by_parameter()

    def __post_init__(self) -> None:
        if self.total is not None and not isinstance(self.total, Selector):
            require_number("total", self.total)
            if self.total <= 0:
                raise ParameterError(f"total must be above 0, got {format_number(self.total)}", "total")
        require_tolerance(self.tolerance)
        if self.tolerance >= 1:
            raise ParameterError(f"tolerance is in share points and must be below 100%, got "
                                 f"{format_number(self.tolerance * 100)}%", "tolerance")
        require_days(self.within_days)
        require_group_by(self.group_by)

    def group_selectors(self) -> Mapping[str, Optional[Selector]]:
        groups = {"count": self.count, "share": self.share}
        if isinstance(self.total, Selector):
            groups["total"] = self.total
        return groups

    def grouping(self) -> Optional[str]:
        return self.group_by

    def evaluate(self, groups: Mapping[str, Sequence[Claim]]) -> CheckResult:
        counts = dated_claims(groups["count"])
        shares = dated_claims(groups["share"])
        stated_totals = dated_claims(groups.get("total", ()))
        tolerance = exact(self.tolerance)
        violations = []
        comparisons = without_total = 0
        for count in counts:
            totals = self._totals(count, stated_totals)
            if not totals:
                without_total += 1
                continue
            for total_claim, total in totals:
                ratio = divide(Ends.of(count.quantity.interval), total)
                for share in shares:
                    if not self._comparable(count, total_claim, share):
                        continue
                    comparisons += 1
                    stated = Ends.of(share.interval)
                    if not can_be_equal(ratio.widened(tolerance), stated):
                        involved = (count,) + ((total_claim,) if total_claim else ()) + (share,)
                        violations.append(Violation(involved, self._constraint(count, total, ratio, share, stated)))
        notes = undated_note([*groups["count"], *groups["share"]])
        if without_total:
            notes += (f"{plural(without_total, 'count')} without a total (write \"32 of 40\" or give 'total')",)
        return CheckResult(tuple(violations), comparisons, notes)

    def _totals(self, count: Claim, stated: Sequence[Claim]) -> list[tuple[Optional[Claim], Ends]]:
        if count.quantity.total is not None:
            return [(None, Ends.point(count.quantity.total))]
        if self.total is None:
            return []
        if not isinstance(self.total, Selector):
            return [(None, Ends.point(self.total))]
        return [(claim, Ends.of(claim.quantity.interval)) for claim in stated
                if claim.key != count.key and days_apart(as_of_date(claim), as_of_date(count)) <= self.within_days]

    def _comparable(self, count: Claim, total: Optional[Claim], share: Claim) -> bool:
        for other in (count, total):
            if other is None:
                continue
            if other.key == share.key or days_apart(as_of_date(other), as_of_date(share)) > self.within_days:
                return False
        return True

    def _constraint(self, count: Claim, total: Ends, ratio: Ends, share: Claim, stated: Ends) -> str:
        of = describe_ends(total)
        gap = _gap(ratio, stated)
        points = f"{format_number(float(gap * 100))} points"
        allowed = f"{format_number(float(exact(self.tolerance) * 100))} points"
        exceeds = f"more than the tolerance of {allowed}" if gap <= exact(self.tolerance) else f"{points} > {allowed}"
        return (f'"{count.quantity.surface}" of {of} is {describe_ends(ratio, True)} but "{share.quantity.surface}" is '
                f"{describe_ends(stated, True)}: they differ by {exceeds}")

    def describe(self) -> str:
        return f"count / total agrees with the stated share {when_text(self.within_days)}"

    def mentioned_numbers(self) -> tuple[Fraction, ...]:
        if self.total is None or isinstance(self.total, Selector):
            return ()
        return (exact(self.total),)

    def satisfying(self, space: SearchSpace) -> Satisfying:
        from hypothesis import strategies as st  # late: hypothesis loads only for sensitivity

        for a, b in combinations(space.groups, 2):
            if set(space.groups[a]) & set(space.groups[b]):
                return f"a claim selected for both '{a}' and '{b}' cannot take both values"
        stated = "total" in space.groups
        number = None if self.total is None or stated or isinstance(self.total, Selector) else exact(self.total)
        role = {i: group for group, indices in space.groups.items() for i in indices}

        @st.composite
        def build(draw: Any) -> Assignment:
            r = draw(space.values(Fraction(0), Fraction(1)))
            t = Fraction(draw(st.integers(1, max(1, math.floor(space.top))))) if stated else None
            values: list[Fraction] = []
            for i, claim in enumerate(space.claims):
                total = exact(claim.quantity.total) if claim.quantity.total is not None else number or t
                if role[i] == "share":
                    values.append(r)
                elif role[i] == "total":
                    assert t is not None
                    values.append(t)
                else:  # a count without any total is not compared: any value
                    values.append(draw(space.free()) if total is None else r * total)
            return tuple(values)

        return build()
