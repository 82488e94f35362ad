"""How check kinds put claims side by side: by sentence, by date, in bounded combinations."""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from datetime import date
from typing import Iterable, Optional, Sequence

from ..prose.words import plural
from ..records.model import Claim, span_distance


def by_sentence(claims: Iterable[Claim]) -> dict[tuple[str, int], list[Claim]]:
    """Claims keyed by their sentence (:attr:`Claim.sentence_key`), in order."""
    sentences: dict[tuple[str, int], list[Claim]] = {}
    for claim in claims:
        sentences.setdefault(claim.sentence_key, []).append(claim)
    return sentences


def nearest_claim(left: Claim, candidates: Iterable[Claim]) -> Optional[Claim]:
    """The candidate nearest ``left`` in characters (ties: the one that starts first), never ``left`` itself."""
    others = [right for right in candidates if right.key != left.key]
    if not others:
        return None
    return min(others, key=lambda right: (span_distance(left.quantity.span, right.quantity.span),
                                          right.quantity.span))


def as_of_date(claim: Claim) -> date:
    assert claim.as_of is not None
    return claim.as_of


def days_apart(a: date, b: date) -> int:
    return abs((a - b).days)


def dated_claims(claims: Sequence[Claim]) -> list[Claim]:
    """The claims that have an as-of date, earliest first."""
    return sorted((claim for claim in claims if claim.as_of is not None), key=as_of_date)


def undated_note(claims: Sequence[Claim]) -> tuple[str, ...]:
    undated = sum(1 for claim in claims if claim.as_of is None)
    return (f"{plural(undated, 'claim')} without a date skipped",) if undated else ()


def when_text(within_days: int) -> str:
    """``on the same day`` or ``within 3 days``: which claims a dated check compares."""
    return "on the same day" if within_days == 0 else f"within {plural(within_days, 'day')}"


#: combinations a check compares at most (one claim per group); more are cut off with a note
MAX_COMBINATIONS = 100_000


def combinations_within_days(lists: Sequence[Sequence[Claim]], within_days: Optional[int],
                             limit: int = MAX_COMBINATIONS) -> tuple[list[tuple[Claim, ...]], bool]:
    """Each choice of one claim per list whose as-of dates lie within ``within_days`` of each other.

    A choice never uses one quantity twice (a claim selected for two groups).
    ``within_days=None`` ignores dates (the claims need none). Returns the
    choices and whether ``limit`` cut the enumeration short. Lists are
    sorted by date once and each next claim is looked up by bisection in the
    window the earlier choices leave (latest - within_days, earliest +
    within_days), so the cost follows the number of choices made.
    """
    if within_days is None:
        ordered = [list(claims) for claims in lists]
        days = [[0] * len(claims) for claims in ordered]
        width = 0
    else:
        ordered = [sorted(claims, key=as_of_date) for claims in lists]
        days = [[as_of_date(claim).toordinal() for claim in claims] for claims in ordered]
        width = within_days
    chosen: list[tuple[Claim, ...]] = []

    def extend(prefix: tuple[Claim, ...], low: float, high: float) -> bool:
        """Add every completion of ``prefix``; True when the limit was reached."""
        depth = len(prefix)
        if depth == len(ordered):
            chosen.append(prefix)
            return len(chosen) >= limit
        column = days[depth]
        for index in range(bisect_left(column, low), bisect_right(column, high)):
            claim = ordered[depth][index]
            if any(claim.key == earlier.key for earlier in prefix):
                continue
            day = column[index]
            if extend(prefix + (claim,), max(low, day - width), min(high, day + width)):
                return True
        return False

    truncated = extend((), -math.inf, math.inf)
    return chosen, truncated


def truncated_note(truncated: bool, limit: int = MAX_COMBINATIONS) -> tuple[str, ...]:
    return (f"only the first {limit:,} combinations were compared",) if truncated else ()
