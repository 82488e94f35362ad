"""Check kinds about parts of a whole: ``complement`` and ``ratio``.

Both follow the rule of every check: a contradiction is reported only when
no values inside the claims' intervals can satisfy the constraint. Sums and
quotients of intervals come from :mod:`pytest_claims.expressions`, exactly,
open and closed ends included: "more than three quarters" retaken and "a
quarter" still held cannot make up the whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from functools import reduce
from typing import ClassVar, Mapping, Optional, Sequence

from .base import (CheckResult, ParameterError, as_of_date, combinations_within_days, dated_claims,
                        days_apart, group_by_field, plural, require_days, require_group_by,
                        require_number, same_quantity, truncated_note, undated_note, within_days_field)
from ..language.expressions import add, describe_ends, divide
from ..records.intervals import Ends, can_be_equal, exact
from ..records.model import SHARE, Claim, Violation, format_number
from ..language.selectors import Selector


_WITHIN_DAYS = ("claims whose dates are at most this many days apart are compared; 0 compares claims of "
                "the same day only")


def _require_tolerance(value: object) -> None:
    require_number("tolerance", value)
    if value < 0:  # type: ignore[operator]
        raise ValueError(f"tolerance must not be negative, got {format_number(value)}")  # type: ignore[arg-type]


def _widened(ends: Ends, by: Fraction) -> Ends:
    """Every value within ``by`` of a value in ``ends``: an open end stays open ((0.75, 1] widened by
    0.05 is (0.7, 1.05], which does not hold 0.7)."""
    if by == 0:
        return ends
    return Ends(ends.lo - by, ends.hi + by, ends.lo_closed, ends.hi_closed)


def _gap(a: Ends, b: Ends) -> Fraction:
    """Distance between two disjoint intervals (0 when they touch)."""
    return Fraction(max(b.lo - a.hi, a.lo - b.hi, 0))


def _is_share(claim: Claim) -> bool:
    return claim.kind == SHARE


# ---------------------------------------------------------------- complement


@dataclass(frozen=True)
class Complement:
    """Parts of one whole add up to it.

    "More than three quarters" of east Aleppo retaken and "less than a
    quarter" still held by rebels, on the same day, must be able to add up to
    the whole. For every choice of one claim per part whose as-of dates lie
    within ``within_days`` of each other, some values inside the parts'
    intervals must sum to ``whole`` (give or take ``tolerance``). Checking the
    sum of the intervals is exact: a sum of independent values takes every
    value between the sums of their ends.
    """

    name: ClassVar[str] = "complement"
    needs_dates: ClassVar[bool] = True

    parts: object = field(metadata={
        "doc": "the parts of the whole, each named and with its own selector (combined with the rule's "
               "select); at least two",
        "example": {"retaken": {"near": ["retaken", "recaptured"]},
                    "held": {"near": ["penning", "still hold*"]}},
        "named_selectors": True,
        "min_names": 2})
    whole: float = field(default=1.0, metadata={
        "doc": "what the parts add up to, on the comparison scale: 100% (= 1) for shares, or a count "
               "such as 40",
        "example": 1})
    tolerance: float = field(default=0.0, metadata={
        "doc": "how far the parts' sum may be from the whole, in the whole's units (for shares 5% is "
               "five points); 0 means exactly",
        "example": 0.05})
    within_days: int = within_days_field(_WITHIN_DAYS, example=0)
    group_by: Optional[str] = group_by_field()

    def __post_init__(self) -> None:
        if not isinstance(self.parts, Mapping) or len(self.parts) < 2:
            raise ValueError("parts needs at least two named parts")
        require_number("whole", self.whole)
        _require_tolerance(self.tolerance)
        require_days(self.within_days)
        require_group_by(self.group_by)

    def group_selectors(self) -> Mapping[str, Optional[Selector]]:
        return dict(self.parts)  # type: ignore[call-overload]

    def evaluate(self, groups: Mapping[str, Sequence[Claim]]) -> CheckResult:
        names = list(self.parts)  # type: ignore[call-overload]
        lists = [dated_claims(groups[name]) for name in names]
        choices, truncated = combinations_within_days(lists, self.within_days)
        target = _widened(_point(self.whole), exact(self.tolerance))
        violations = []
        for choice in choices:
            total = reduce(add, (Ends.of(claim.interval) for claim in choice))
            if not can_be_equal(total, target):
                violations.append(Violation(choice, self._constraint(names, choice, total)))
        undated = undated_note([claim for name in names for claim in groups[name]])
        return CheckResult(tuple(violations), len(choices), undated + truncated_note(truncated))

    def _constraint(self, names: Sequence[str], choice: Sequence[Claim], total: Ends) -> str:
        as_percent = all(_is_share(claim) for claim in choice)
        whole = describe_ends(_point(self.whole), as_percent)
        if self.tolerance:
            whole += f" ± {describe_ends(_point(self.tolerance), as_percent)}"
        terms = " + ".join(f'{name} "{claim.quantity.surface}" {describe_ends(Ends.of(claim.interval), as_percent)}'
                           for name, claim in zip(names, choice))
        return f"the parts cannot add up to {whole}: {terms} = {describe_ends(total, as_percent)}"

    def describe(self) -> str:
        whole = format_number(self.whole)
        when = "on the same day" if self.within_days == 0 else f"within {plural(self.within_days, 'day')}"
        return f"{' + '.join(self.parts)} = {whole} {when}"  # type: ignore[call-overload]


# ---------------------------------------------------------------- ratio


@dataclass(frozen=True)
class Ratio:
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
    needs_dates: ClassVar[bool] = True

    count: object = field(metadata={
        "doc": "which claims are the count (a selector, combined with the rule's select)",
        "example": {"counts": ["neighbourhoods"], "kind": "count"},
        "selector": True})
    share: object = field(metadata={
        "doc": "which claims state the share (a selector, combined with the rule's select)",
        "example": {"kind": "share", "near": ["area"]},
        "selector": True})
    total: object = field(default=None, metadata={
        "doc": "the whole the count is part of: a number, or a selector for the claims that state it; "
               "leave out to use the total written with the count (\"32 of 40\"), which always wins",
        "example": 40,
        "number_or_selector": True})
    tolerance: float = field(default=0.0, metadata={
        "doc": "how far the count's share may be from the stated share, in share points (5% = five "
               "points); 0 means the two must be able to be equal",
        "example": 0.05})
    within_days: int = within_days_field(_WITHIN_DAYS, example=0)
    group_by: Optional[str] = group_by_field()

    def __post_init__(self) -> None:
        if self.total is not None and not isinstance(self.total, Selector):
            require_number("total", self.total)
            if self.total <= 0:  # type: ignore[operator]
                raise ParameterError(f"total must be above 0, got {format_number(self.total)}",  # type: ignore[arg-type]
                                     "total")
        _require_tolerance(self.tolerance)
        if self.tolerance >= 1:
            raise ParameterError(f"tolerance is in share points and must be below 100%, got "
                                 f"{format_number(self.tolerance * 100)}%", "tolerance")
        require_days(self.within_days)
        require_group_by(self.group_by)

    def group_selectors(self) -> Mapping[str, Optional[Selector]]:
        groups = {"count": self.count, "share": self.share}
        if isinstance(self.total, Selector):
            groups["total"] = self.total
        return groups  # type: ignore[return-value]

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
                    if not can_be_equal(_widened(ratio, tolerance), stated):
                        involved = (count,) + ((total_claim,) if total_claim else ()) + (share,)
                        violations.append(Violation(involved, self._constraint(count, total, ratio, share, stated)))
        notes = undated_note([*groups["count"], *groups["share"]])
        if without_total:
            notes += (f"{plural(without_total, 'count')} without a total (write \"32 of 40\" or give 'total')",)
        return CheckResult(tuple(violations), comparisons, notes)

    def _totals(self, count: Claim, stated: Sequence[Claim]) -> list[tuple[Optional[Claim], Ends]]:
        if count.quantity.total is not None:
            return [(None, _point(count.quantity.total))]
        if self.total is None:
            return []
        if not isinstance(self.total, Selector):
            return [(None, _point(self.total))]  # type: ignore[arg-type]
        return [(claim, Ends.of(claim.quantity.interval)) for claim in stated
                if not same_quantity(claim, count) and days_apart(as_of_date(claim), as_of_date(count))
                <= self.within_days]

    def _comparable(self, count: Claim, total: Optional[Claim], share: Claim) -> bool:
        for other in (count, total):
            if other is None:
                continue
            if same_quantity(other, share) or days_apart(as_of_date(other), as_of_date(share)) > self.within_days:
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
        when = "on the same day" if self.within_days == 0 else f"within {plural(self.within_days, 'day')}"
        return f"count / total agrees with the stated share {when}"


def _point(value: float) -> Ends:
    x = exact(value)
    return Ends(x, x, True, True)
