"""How check kinds put claims side by side: by sentence, by date, in bounded combinations."""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from datetime import date
from functools import lru_cache
from typing import Iterable, Optional, Sequence

from ..prose.sentences import sentence_words
from ..prose.words import plural
from ..records.model import Claim


def by_sentence(claims: Iterable[Claim]) -> dict[tuple[str, int], list[Claim]]:
    """Claims keyed by their sentence (:attr:`Claim.sentence_key`), in order."""
    sentences: dict[tuple[str, int], list[Claim]] = {}
    for claim in claims:
        sentences.setdefault(claim.sentence_key, []).append(claim)
    return sentences


#: marks that end a clause wherever they stand, unless between two digits ("1,204", "10:30")
_CLAUSE_MARKS = ",;:—"
#: dashes that end a clause only with blanks on both sides (" - ", " – "): unspaced they join words or
#: ranges ("al-Assad", "2015–2016")
_SPACED_DASHES = "-–"


def same_clause(sentence: str, sentence_start: int, a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether no clause mark stands between the spans ``a`` and ``b`` (document offsets) of ``sentence``.

    Clause marks are ``;``, ``:``, a comma and an em dash, except between two
    digits (a number's own: "1,204"), and a spaced hyphen or en dash (" - ",
    " – "). Parentheses end no clause: "61 of 75 (81%)" is one.
    """
    gap_start, gap_end = min(a[1], b[1]) - sentence_start, max(a[0], b[0]) - sentence_start
    for at in range(max(gap_start, 0), min(gap_end, len(sentence))):
        mark = sentence[at]
        before = sentence[at - 1:at] if at else ""
        after = sentence[at + 1:at + 2]
        if mark in _CLAUSE_MARKS and not (before.isdigit() and after.isdigit()):
            return False
        if mark in _SPACED_DASHES and before.isspace() and after.isspace():
            return False
    return True


def words_between(sentence: str, sentence_start: int, a: tuple[int, int], b: tuple[int, int]) -> int:
    """How many words of ``sentence`` lie wholly between the spans ``a`` and ``b``: words as selectors count
    them (:func:`~pytest_claims.prose.sentences.sentence_words`), so a number's neighbour is 0 words away."""
    return len(gap_words(sentence, sentence_start, a, b))


def gap_words(sentence: str, sentence_start: int, a: tuple[int, int], b: tuple[int, int]) -> tuple[str, ...]:
    """The words (normalized) of ``sentence`` that lie wholly between the spans ``a`` and ``b``."""
    words, starts, ends = _sentence_words(sentence, sentence_start)
    first = bisect_left(starts, min(a[1], b[1]))
    return words[first:max(first, bisect_right(ends, max(a[0], b[0])))]


@lru_cache(maxsize=1024)
def _sentence_words(sentence: str, sentence_start: int) -> tuple[tuple[str, ...], tuple[int, ...], tuple[int, ...]]:
    """:func:`~pytest_claims.prose.sentences.sentence_words`, kept: a share is measured against each count of
    its sentence."""
    words, starts, ends = sentence_words(sentence, sentence_start)
    return words, starts, ends


def nearness(claim: Claim, span: tuple[int, int]) -> tuple[bool, int, int]:
    """How near ``span`` (another number of the claim's sentence) lies to ``claim``, as a sort key: another
    clause after the same one, then more words between, then a later start."""
    sentence, start, own = claim.sentence, claim.sentence_start, claim.quantity.span
    return (not same_clause(sentence, start, own, span), words_between(sentence, start, own, span), span[0])


def nearest_claim(left: Claim, candidates: Iterable[Claim]) -> Optional[Claim]:
    """The candidate of ``left``'s sentence nearest it (:func:`nearness`), never ``left`` itself.

    Nearest is: in the same clause first, then with the fewest words between
    the two numbers, then the one that starts first.
    """
    others = [right for right in candidates if right.key != left.key and right.sentence_key == left.sentence_key]
    if not others:
        return None
    return min(others, key=lambda right: nearness(left, right.quantity.span))


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


#: combinations a check may compare one by one (an expression the window extremes cannot judge); more is an
#: error that says so (:class:`~pytest_claims.checks.base.CombinationLimitError`), never a quiet pass
MAX_COMBINATIONS = 100_000


def combinations_within_days(lists: Sequence[Sequence[Claim]], within_days: Optional[int]
                             ) -> list[tuple[Claim, ...]]:
    """Each choice of one claim per list whose as-of dates lie within ``within_days`` of each other.

    A choice never uses one quantity twice (a claim selected for two groups).
    ``within_days=None`` ignores dates (the claims need none). Lists are
    sorted by date once and each next claim is looked up by bisection in the
    window the earlier choices leave (latest - within_days, earliest +
    within_days), so the cost follows the number of choices made: count them
    first (:func:`count_combinations`) and refuse more than :data:`MAX_COMBINATIONS`.
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

    def extend(prefix: tuple[Claim, ...], low: float, high: float) -> None:
        depth = len(prefix)
        if depth == len(ordered):
            chosen.append(prefix)
            return
        column = days[depth]
        for index in range(bisect_left(column, low), bisect_right(column, high)):
            claim = ordered[depth][index]
            if any(claim.key == earlier.key for earlier in prefix):
                continue
            day = column[index]
            extend(prefix + (claim,), max(low, day - width), min(high, day + width))

    extend((), -math.inf, math.inf)
    return chosen


def count_combinations(lists: Sequence[Sequence[Claim]], within_days: Optional[int]) -> int:
    """How many choices :func:`combinations_within_days` makes, counted without making them.

    Without the rule that a choice uses each claim once, the count is a sum
    over each claim taken as the earliest of its choice (ties: the first
    list) of the product of how many claims of every other list lie in the
    days up to ``within_days`` after it. That rule is kept by inclusion and
    exclusion over the ways lists can share a claim (Möbius inversion on the
    partitions of the lists): a partition joins lists that use one claim
    between them, and only lists that select a common claim are ever joined,
    so lists that share nothing cost one term. A claim's key fixes its date.
    """
    width = 0 if within_days is None else within_days
    weighted: list[dict[tuple[str, tuple[int, int]], tuple[int, int]]] = []
    for claims in lists:
        items: dict[tuple[str, tuple[int, int]], tuple[int, int]] = {}
        for claim in claims:
            day = 0 if within_days is None else as_of_date(claim).toordinal()
            _, weight = items.get(claim.key, (day, 0))
            items[claim.key] = (day, weight + 1)
        weighted.append(items)
    total = 0
    for blocks in _sharing_partitions(weighted):
        sign = math.prod((-1) ** (size - 1) * math.factorial(size - 1) for size, _ in blocks)
        total += sign * _count_spread(
            [list(items.values()) for _, items in blocks], width)
    return total


_Items = dict[tuple[str, tuple[int, int]], tuple[int, int]]


def _sharing_partitions(weighted: Sequence[_Items]) -> list[list[tuple[int, _Items]]]:
    """Each partition of the lists whose joined lists share a claim: per block, its size and the shared
    claims (key -> (day, ways to pick it in every list of the block))."""
    partitions: list[list[tuple[int, _Items]]] = []

    def place(index: int, blocks: list[tuple[int, _Items]]) -> None:
        if index == len(weighted):
            partitions.append(blocks)
            return
        items = weighted[index]
        place(index + 1, blocks + [(1, items)])
        for at, (size, shared) in enumerate(blocks):
            joined = {key: (day, weight * items[key][1]) for key, (day, weight) in shared.items() if key in items}
            if joined:
                place(index + 1, blocks[:at] + [(size + 1, joined)] + blocks[at + 1:])

    place(0, [])
    return partitions


def _count_spread(blocks: Sequence[Sequence[tuple[int, int]]], width: int) -> int:
    """Weighted choices of one (day, weight) item per block whose days lie within ``width`` of each other."""
    columns = []
    for items in blocks:
        by_day: dict[int, int] = {}
        for day, weight in items:
            by_day[day] = by_day.get(day, 0) + weight
        days = sorted(by_day)
        prefix = [0]
        for day in days:
            prefix.append(prefix[-1] + by_day[day])
        columns.append((days, prefix, by_day))
    total = 0
    for earliest, (days, _, by_day) in enumerate(columns):
        for day in days:
            ways = by_day[day]
            for other, (other_days, prefix, _) in enumerate(columns):
                if other == earliest:
                    continue
                # an earlier list on the same day would be the earliest itself: it must come strictly later
                first = bisect_right(other_days, day) if other < earliest else bisect_left(other_days, day)
                ways *= prefix[bisect_right(other_days, day + width)] - prefix[first]
                if not ways:
                    break
            total += ways
    return total
