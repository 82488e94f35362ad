"""The dated checks as they were before issue 10: every pair compared, the reference the swept checks must match.

Each function is the old ``evaluate`` of its kind, comparing all pairs (all
cross-date pairs for trend, all pairs within the window for agreement, every
count with every share for ratio), and returns what it found before any
listing is chosen: the tests derive from it what a bounded listing must show,
and ``bench/checks_scale.py`` times it beside the swept checks. Since issue 12
ratio pairs a share written beside counts with the nearest of them only
(:func:`helpers.nearness.plain_share_owner`).
"""

from __future__ import annotations

from typing import Optional, Sequence

from pytest_claims.checks import Ratio
from pytest_claims.checks.agreement import can_agree
from pytest_claims.checks.claimsets import dated_claims
from pytest_claims.language.selectors import Selector
from pytest_claims.records.intervals import Ends, can_be_equal, can_relate, divide, exact
from pytest_claims.records.model import Claim

from .nearness import plain_share_owner

#: how a later value must compare with an earlier one
TREND_OPERATOR = {"increasing": ">", "decreasing": "<", "non-decreasing": ">=", "non-increasing": "<="}


def trend_all_pairs(direction: str, claims: Sequence[Claim]) -> tuple[list[tuple[Claim, Claim]], int]:
    """Each later claim that conflicts with an earlier one, with the worst of them (the first of equal ones), and
    how many cross-date pairs were compared."""
    dated = dated_claims(claims)
    ends = [Ends.of(claim.interval) for claim in dated]
    op = TREND_OPERATOR[direction]
    rising = direction in ("increasing", "non-decreasing")
    found = []
    comparisons = 0
    for j, later in enumerate(dated):
        earlier = [i for i in range(j) if dated[i].as_of < later.as_of]  # type: ignore[operator]
        comparisons += len(earlier)
        conflicting = [i for i in earlier if not can_relate(ends[j], op, ends[i])]
        if conflicting:
            worst = max(conflicting, key=lambda i: ends[i].lo - ends[j].hi if rising else ends[j].lo - ends[i].hi)
            found.append((dated[worst], later))
    return found, comparisons


def agreement_all_pairs(within_days: int, tolerance: float, claims: Sequence[Claim]
                        ) -> tuple[list[Claim], list[tuple[int, int]], int]:
    """The claims in date order, the pairs of positions (earlier first) that cannot agree, and how many pairs lie
    within the window."""
    dated = dated_claims(claims)
    ends = [Ends.of(claim.interval) for claim in dated]
    exact_tolerance = exact(tolerance)
    contradicting = []
    comparisons = 0
    for i in range(len(dated)):
        for j in range(i + 1, len(dated)):
            if abs((dated[i].as_of - dated[j].as_of).days) > within_days:  # type: ignore[operator]
                continue
            comparisons += 1
            if not can_agree(ends[i], ends[j], exact_tolerance):
                contradicting.append((i, j))
    return dated, contradicting, comparisons


def ratio_totals(check: Ratio, count: Claim, stated: Sequence[Claim]) -> list[tuple[Optional[Claim], Ends]]:
    """The totals a count is compared against: the written one, the rule's number, or the stated ones."""
    if count.quantity.total is not None:
        return [(None, Ends.point(count.quantity.total))]
    if isinstance(check.total, Selector):
        return [(claim, Ends.of(claim.quantity.interval)) for claim in stated if claim.key != count.key
                and abs((claim.as_of - count.as_of).days) <= check.within_days]  # type: ignore[operator]
    if check.total is not None:
        return [(None, Ends.point(check.total))]
    return []


def ratio_all_pairs(check: Ratio, groups: dict[str, list[Claim]]
                    ) -> tuple[list[tuple[Claim, Optional[Claim], Ends, list[Claim]]], int]:
    """Each count and total with the shares that contradict it (when any), and how many were compared.

    A share written beside counts is compared with its own count only, whatever the dates; the others with
    every count (and total) dated within ``within_days``.
    """
    counts, shares = dated_claims(groups["count"]), dated_claims(groups["share"])
    stated = dated_claims(groups.get("total", []))
    everything = [claim for claims in groups.values() for claim in claims]
    owners = [plain_share_owner(share, counts, everything) for share in shares]
    tolerance = exact(check.tolerance)
    found = []
    comparisons = 0
    for count in counts:
        for total_claim, total in ratio_totals(check, count, stated):
            widened = divide(Ends.of(count.quantity.interval), total).widened(tolerance)
            contradicting = []
            for share, owner in zip(shares, owners):
                if owner is not None:
                    if owner.key != count.key or (total_claim is not None and total_claim.key == share.key):
                        continue
                elif any(other is not None and (other.key == share.key or abs(
                        (other.as_of - share.as_of).days) > check.within_days)  # type: ignore[operator]
                         for other in (count, total_claim)):
                    continue
                comparisons += 1
                if not can_be_equal(widened, Ends.of(share.interval)):
                    contradicting.append(share)
            if contradicting:
                found.append((count, total_claim, total, contradicting))
    return found, comparisons
