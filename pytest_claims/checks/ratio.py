"""``check: ratio``: a count, its total and a stated share agree."""

from __future__ import annotations

import math
from bisect import bisect_left
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations
from typing import Any, ClassVar, Iterable, Mapping, Optional, Sequence, Union

from ..language.selectors import Selector
from ..prose.words import plural
from ..records.intervals import End, Ends, can_be_equal, describe_ends, divide, exact, format_number
from ..records.model import COUNT, Claim, Violation
from .base import MAX_LISTED, Assignment, Check, CheckResult, ParameterError, Satisfying, SearchSpace
from .claimsets import as_of_date, by_sentence, dated_claims, gap_words, nearness, undated_note, when_text
from .params import WITHIN_DAYS, Claims, Number, NumberOrClaims, group_by_parameter, parameter, require_days, \
    require_group_by, require_number, require_tolerance, within_days_parameter
from .windows import BottomsAbove, EndColumns, RangeBest, as_float, date_runs, day_numbers, index_range, \
    is_infinite, widest_first


def _gap(a: Ends, b: Ends) -> Fraction:
    """Distance between two disjoint intervals (0 when they touch)."""
    return Fraction(max(b.lo - a.hi, a.lo - b.hi, 0))


def _spread(ratio: Ends, stated: Ends) -> float:
    """How far apart the count's share and the stated share lie (:func:`_gap`, rounded); infinite when either
    is empty."""
    if ratio.is_empty() or stated.is_empty():
        return math.inf
    return as_float(max(stated.lo - ratio.hi, ratio.lo - stated.hi, 0))


@dataclass(frozen=True)
class Ratio(Check):
    """A count, its total and a stated share agree.

    "32 of 40 neighbourhoods" is 80%; a report of the same day saying "about
    85% of the area" agrees only if the two can be within ``tolerance`` (in
    share points) of each other. The count's total is the one written with it
    ("32 of 40"), else ``total`` (a number, or a selector for claims that state
    it, compared when dated within ``within_days``). The share the count
    makes is the quotient of the two intervals, exact for positive totals.

    A share written in the same sentence as one or more counts belongs to the
    nearest of them (:func:`~pytest_claims.checks.claimsets.nearness`: the
    same clause first, then the fewest words between, then the first), a
    count written with its total reaching through the total ("61 of 75",
    when the total is one of the rule's claims): "61 of 75 (81%) and 140 of
    200 (70%)" compares 81% with 61 of 75 only and 70% with 140 of 200 only.
    Such a share is compared with its count (and each of the count's totals)
    only, whatever their dates. A share with no count in its sentence is free:
    it is compared with every count dated within ``within_days`` of it. A
    count is thus compared with its own shares and the free ones.

    A failure names each count (with each total it is compared against) that
    some share contradicts, with the share furthest from it: of the
    contradicting shares above the count's share, the one with the highest
    bottom (an open end lies just beyond a closed one at the same value; then
    the earliest), of those below it the one with the lowest top, and of these
    two the one more points away (then the open end, then the earliest); an
    empty range lies furthest of all. Beyond MAX_LISTED, those most points
    apart are listed. The number of contradictions a failure reports counts
    every share that contradicts a count and total, listed or not.
    """

    name: ClassVar[str] = "ratio"
    dated: ClassVar[bool] = True
    listing: ClassVar[str] = "the {listed} furthest apart"

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
        """Each count against each of its totals, and that against its own shares one by one and the free
        shares of their dates not one by one but by the shares' extremes (see :class:`_Shares`)."""
        counts = dated_claims(groups["count"])
        all_shares = dated_claims(groups["share"])
        owners = share_owners(counts, all_shares, [claim for claims in groups.values() for claim in claims])
        owned: dict[tuple[str, tuple[int, int]], list[int]] = {}
        free: list[int] = []
        for position, owner in enumerate(owners):
            if owner is None:
                free.append(position)
            else:
                owned.setdefault(owner.key, []).append(position)
        shares = _Shares([all_shares[position] for position in free])
        stated_totals = dated_claims(groups.get("total", ()))
        total_days = day_numbers(stated_totals)
        tolerance = exact(self.tolerance)
        found: list[tuple[float, Claim, Optional[Claim], Ends, Ends, int]] = []
        comparisons = without_total = contradictions = 0
        for count in counts:
            totals = self._totals(count, stated_totals, total_days)
            if not totals:
                without_total += 1
                continue
            for total_claim, total in totals:
                ratio = divide(Ends.of(count.quantity.interval), total)
                days = [as_of_date(claim).toordinal() for claim in (count, total_claim) if claim is not None]
                start, stop = index_range(shares.days, max(days) - self.within_days, min(days) + self.within_days)
                excluded = shares.positions_of([claim for claim in (count, total_claim) if claim is not None],
                                               start, stop)
                own = [(position, Ends.of(all_shares[position].interval)) for position in owned.get(count.key, ())
                       if total_claim is None or all_shares[position].key != total_claim.key]
                comparisons += stop - start - len(excluded) + len(own)
                widened = ratio.widened(tolerance)
                contenders = [(free[i], shares.ends(i)) for i in shares.contenders(widened, start, stop, excluded)]
                furthest = _furthest(ratio, widened, sorted(contenders + own, key=lambda pair: pair[0]))
                if furthest is not None:
                    found.append((furthest[0], count, total_claim, total, ratio, furthest[1]))
                    contradictions += shares.count(widened, start, stop, excluded) + sum(
                        1 for _, stated in own if not can_be_equal(widened, stated))
        listed = [found[k] for k in widest_first([spread for spread, *_ in found], MAX_LISTED)]
        violations = []
        for _, count, total_claim, total, ratio, position in listed:
            share = all_shares[position]
            stated = Ends.of(share.interval)
            involved = (count,) + ((total_claim,) if total_claim else ()) + (share,)
            violations.append(Violation(involved, self._constraint(count, total, ratio, share, stated)))
        notes = undated_note([*groups["count"], *groups["share"]])
        if without_total:
            notes += (f"{plural(without_total, 'count')} without a total (write \"32 of 40\" or give 'total')",)
        unowned = [owner for owner in owners if owner is not None and not self._totals(owner, stated_totals,
                                                                                         total_days)]
        if unowned:
            notes += (f"{plural(len(unowned), 'share')} written beside a count without a total not compared",)
        return CheckResult(tuple(violations), comparisons, notes, contradictions - len(listed))

    def spread(self, violation: Violation) -> Optional[float]:
        count, *stated_total, share = violation.claims
        if stated_total:
            total = Ends.of(stated_total[0].quantity.interval)
        else:
            written = count.quantity.total
            number = written if written is not None else self.total
            assert number is not None and not isinstance(number, Selector)
            total = Ends.point(number)
        return _spread(divide(Ends.of(count.quantity.interval), total), Ends.of(share.interval))

    def _totals(self, count: Claim, stated: Sequence[Claim], days: Sequence[int]) -> list[tuple[Optional[Claim], Ends]]:
        if count.quantity.total is not None:
            return [(None, Ends.point(count.quantity.total))]
        if self.total is None:
            return []
        if not isinstance(self.total, Selector):
            return [(None, Ends.point(self.total))]
        day = as_of_date(count).toordinal()
        start, stop = index_range(days, day - self.within_days, day + self.within_days)
        return [(claim, Ends.of(claim.quantity.interval)) for claim in stated[start:stop] if claim.key != count.key]

    def _constraint(self, count: Claim, total: Ends, ratio: Ends, share: Claim, stated: Ends) -> str:
        of = describe_ends(total)
        both = (f'"{count.quantity.written}" of {of} is {describe_ends(ratio, True)} but "{share.quantity.written}" '
                f"is {describe_ends(stated, True)}")
        if ratio.is_empty() or stated.is_empty():
            return f"{both}: an empty range agrees with nothing"
        gap = _gap(ratio, stated)
        points = f"{format_number(float(gap * 100))} points"
        allowed = f"{format_number(float(exact(self.tolerance) * 100))} points"
        exceeds = f"more than the tolerance of {allowed}" if gap <= exact(self.tolerance) else f"{points} > {allowed}"
        return f"{both}: they differ by {exceeds}"

    def describe(self) -> str:
        return (f"count / total agrees with the share written beside it, and with every share beside no count "
                f"{when_text(self.within_days)}")

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
        apart = self._counts_apart(space)

        @st.composite
        def build(draw: Any) -> Assignment:
            r = draw(space.values(Fraction(0), Fraction(1)))
            own = {i: draw(space.values(Fraction(0), Fraction(1))) for i in set(apart.values())}
            t = Fraction(draw(st.integers(1, max(1, math.floor(space.top))))) if stated else None
            values: list[Fraction] = []
            for i, claim in enumerate(space.claims):
                total = exact(claim.quantity.total) if claim.quantity.total is not None else number or t
                if i in apart and role[i] == "share":  # a share of a count that stands apart: the count's own
                    values.append(own[apart[i]])
                elif i in apart:
                    assert total is not None
                    values.append(own[i] * total)
                elif role[i] == "share":
                    values.append(r)
                elif role[i] == "total":
                    assert t is not None
                    values.append(t)
                else:  # a count without any total is not compared: any value
                    values.append(draw(space.free()) if total is None else r * total)
            return tuple(values)

        return build()

    def _counts_apart(self, space: SearchSpace) -> dict[int, int]:
        """The counts that may make a share of their own and the shares written beside them: index -> the
        count's index. A count stands apart when it has a total and shares of its own and no free share (one
        beside no count) lies within ``within_days`` of it; with ``group_by`` none does, since a group sees
        only some of a sentence's counts."""
        if self.group_by is not None:
            return {}
        index = {claim.key: i for i, claim in enumerate(space.claims)}
        counts = [space.claims[i] for i in space.groups["count"]]
        shares = [space.claims[i] for i in space.groups["share"]]
        owners = share_owners(counts, shares, space.claims)
        free_days = [as_of_date(share).toordinal() for share, owner in zip(shares, owners) if owner is None]
        apart: dict[int, int] = {}
        for share, owner in zip(shares, owners):
            if owner is None or (owner.quantity.total is None and self.total is None):
                continue
            day = as_of_date(owner).toordinal()
            if all(abs(day - free) > self.within_days for free in free_days):
                apart[index[owner.key]] = apart[index[share.key]] = index[owner.key]
        return apart


class _Shares:
    """The free shares a ratio check compares (those written beside no count), by date, with what finds the
    few that may be the furthest in a range of dates (:meth:`contenders`) and counts those that contradict.

    A share contradicts the count's share (widened by the tolerance) iff it is
    empty or misses it, lying wholly above or below it. Lying above only gets
    easier as the share's bottom rises (or opens at an equal end), so the share
    of the range with the highest bottom contradicts from above if any share
    does, and is the furthest above; the lowest top likewise from below.
    """

    def __init__(self, claims: list[Claim]) -> None:
        self.claims = claims
        self.days = day_numbers(claims)
        self._columns = columns = EndColumns.of(claims)
        empty = columns.empty
        self._empty = [i for i, is_empty in enumerate(empty) if is_empty]
        self._highest = RangeBest([None if empty[i] else (columns.lo[i], not columns.lo_closed[i])
                                   for i in range(len(claims))])
        self._lowest = RangeBest([None if empty[i] else (-columns.hi[i], not columns.hi_closed[i])
                                  for i in range(len(claims))])
        runs = date_runs(self.days)
        self._above = BottomsAbove(columns, runs)
        self._below = BottomsAbove(columns.negated(), runs)  # a top below x is a negated bottom above -x
        self._positions: dict[tuple[str, tuple[int, int]], list[int]] = {}
        for i, claim in enumerate(claims):
            self._positions.setdefault(claim.key, []).append(i)

    def positions_of(self, claims: Sequence[Claim], start: int, stop: int) -> list[int]:
        """The positions in [start, stop) of shares that are one of ``claims`` (a claim selected twice)."""
        return sorted({i for claim in claims for i in self._positions.get(claim.key, ()) if start <= i < stop})

    def ends(self, i: int) -> Ends:
        return self._columns.ends(i)

    def contenders(self, widened: Ends, start: int, stop: int, excluded: Sequence[int]) -> list[int]:
        """The positions of [start, stop) (less ``excluded``) among which :func:`_furthest` finds the share
        furthest from ``widened``: the earliest when every share contradicts, else the earliest empty one,
        the one with the highest bottom and the one with the lowest top."""
        if widened.is_empty():
            return next(([i] for i in range(start, stop) if i not in excluded), [])
        found = []
        at = bisect_left(self._empty, start)
        for i in self._empty[at:]:
            if i >= stop:
                break
            if i not in excluded:
                found.append(i)
                break
        for best in (self._highest, self._lowest):
            position = best.best_except(start, stop, excluded)
            if position is not None:
                found.append(position)
        return found

    def count(self, widened: Ends, start: int, stop: int, excluded: Sequence[int]) -> int:
        """How many shares of [start, stop) (less ``excluded``) contradict ``widened``: empty, or wholly above
        or below it."""
        if widened.is_empty():
            return stop - start - len(excluded)
        count = bisect_left(self._empty, stop) - bisect_left(self._empty, start)
        if not is_infinite(widened.hi):
            count += self._above.count(start, stop, widened.hi, widened.hi_closed)
        if not is_infinite(widened.lo):
            count += self._below.count(start, stop, -widened.lo, widened.lo_closed)
        return count - sum(1 for i in excluded if not can_be_equal(widened, self._columns.ends(i)))


def _furthest(ratio: Ends, widened: Ends, shares: Sequence[tuple[int, Ends]]) -> Optional[tuple[float, int]]:
    """The spread and position of the share furthest from ``ratio`` among ``shares`` ((position, ends), in
    position order) that contradict ``widened``, or None: see :class:`Ratio` for which is furthest."""
    if widened.is_empty():  # every share contradicts: name the earliest
        return (math.inf, shares[0][0]) if shares else None
    empty = next((position for position, stated in shares if stated.is_empty()), None)
    if empty is not None:
        return math.inf, empty
    candidates = []
    above = [(stated.lo, not stated.lo_closed, -position, stated) for position, stated in shares
             if _beyond(stated.lo, widened.hi, not (stated.lo_closed and widened.hi_closed))]
    if above:
        _, open_end, position, stated = max(above, key=lambda share: share[:3])
        candidates.append((_spread(ratio, stated), open_end, position))
    below = [(-stated.hi, not stated.hi_closed, -position, stated) for position, stated in shares
             if _beyond(widened.lo, stated.hi, not (stated.hi_closed and widened.lo_closed))]
    if below:
        _, open_end, position, stated = max(below, key=lambda share: share[:3])
        candidates.append((_spread(ratio, stated), open_end, position))
    if not candidates:
        return None
    spread, _, position = max(candidates)
    return spread, -position


def share_owners(counts: Sequence[Claim], shares: Sequence[Claim], claims: Iterable[Claim]) -> list[Optional[Claim]]:
    """Each share's count: the nearest of ``counts`` in its sentence (:func:`nearness`), never itself; None
    when its sentence has none.

    A count written with its total ("61 of 75") reaches through the total
    when the total is one of ``claims`` (see :func:`_through_totals`), so
    "(81%)" after "61 of 75" is its share, not the total's. Values play no
    part: sensitivity analysis changes them and the pairs must stay.
    """
    extents = _through_totals(claims)
    by_sentence_counts = by_sentence(counts)
    owners: list[Optional[Claim]] = []
    for share in shares:
        candidates = [count for count in by_sentence_counts.get(share.sentence_key, ()) if count.key != share.key]
        owners.append(min(candidates, key=lambda count: nearness(share, extents.get(count.key, count.quantity.span)),
                          default=None))
    return owners


def _through_totals(claims: Iterable[Claim]) -> dict[tuple[str, tuple[int, int]], tuple[int, int]]:
    """The span from each count written with a total through that total: the next of ``claims`` in its
    sentence, when that is a count and the words between start with "of" or "out" and hold no number ("32 of
    east Aleppo's 40")."""
    extents = {}
    for sentence in by_sentence({claim.key: claim for claim in claims}.values()).values():
        ordered = sorted(sentence, key=lambda claim: claim.quantity.span)
        for count, after in zip(ordered, ordered[1:]):
            if count.quantity.total is None or count.kind != COUNT or after.kind != COUNT:
                continue
            between = gap_words(count.sentence, count.sentence_start, count.quantity.span, after.quantity.span)
            if between[:1] in (("of",), ("out",)) and not any(word[:1].isdigit() for word in between):
                extents[count.key] = (count.quantity.span[0], after.quantity.span[1])
    return extents


def _beyond(upper: End, lower: End, open_end: bool) -> bool:
    """Whether an interval starting at ``upper`` lies wholly above one ending at ``lower``."""
    return upper > lower or (upper == lower and open_end)
