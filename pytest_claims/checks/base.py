"""What every check kind shares: its result record, its protocol and helpers.

Check kinds live in :mod:`pytest_claims.checks` (the registry) and in the
modules it imports; each is a frozen dataclass whose fields are its YAML
parameters. Helpers here phrase claims for violation messages and handle
dates, so all kinds word them the same way.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any, ClassVar, Iterable, Mapping, Optional, Protocol, Sequence

from ..records.intervals import Ends
from ..records.model import Claim, Violation, span_distance
from ..prose.words import plural  # noqa: F401 - check kinds take it from here with the other helpers
from ..language.selectors import Selector

class ParameterError(ValueError):
    """A check parameter is wrong; ``key`` (dotted, e.g. ``claims.kids``) says which, for the error's line."""

    def __init__(self, message: str, key: str) -> None:
        super().__init__(message)
        self.key = key


#: what ``group_by`` may split claims by, before a check compares them
GROUP_BY = ("source", "outlet", "document")


def group_by_field() -> Any:
    """The ``group_by`` parameter, alike in every check kind that has one."""
    return field(default=None, metadata={
        "doc": "compare claims only within each source (or outlet, or document): each keeps its own "
               "series; claims without one are skipped",
        "example": "source",
        "choices": GROUP_BY})


def within_days_field(doc: str, example: int) -> Any:
    """A ``within_days`` parameter (default 0: the same day); ``doc`` says what it joins."""
    return field(default=0, metadata={"doc": doc, "example": example})


def require_days(value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"within_days must be a whole number of days, got {value!r}")
    if value < 0:
        raise ValueError(f"within_days must not be negative, got {value}")


def require_group_by(value: object) -> None:
    if value is not None:
        require_choice("group_by", value, GROUP_BY)


@dataclass(frozen=True)
class CheckResult:
    """What a check found over its groups of claims."""

    violations: tuple[Violation, ...]
    #: how many constraints were actually tested; 0 means the rule could never
    #: fail on this data (the engine turns that into an error)
    comparisons: int
    notes: tuple[str, ...] = ()


class Check(Protocol):
    """A check kind: a frozen dataclass whose fields are its YAML parameters."""

    name: ClassVar[str]  # the YAML name
    needs_dates: ClassVar[bool]

    def group_selectors(self) -> Mapping[str, Optional[Selector]]:
        """The claim groups ``evaluate`` receives, each with the check's own selector (None: the rule's)."""
        ...

    def evaluate(self, groups: Mapping[str, Sequence[Claim]]) -> CheckResult: ...

    def describe(self) -> str: ...


def sentence_key(claim: Claim) -> tuple[str, int]:
    return (claim.path, claim.sentence_start)


def by_sentence(claims: Iterable[Claim]) -> dict[tuple[str, int], list[Claim]]:
    """Claims keyed by their sentence (:func:`sentence_key`), in order."""
    sentences: dict[tuple[str, int], list[Claim]] = {}
    for claim in claims:
        sentences.setdefault(sentence_key(claim), []).append(claim)
    return sentences


def same_quantity(a: Claim, b: Claim) -> bool:
    return a.path == b.path and a.quantity.span == b.quantity.span


def nearest_claim(left: Claim, candidates: Iterable[Claim]) -> Optional[Claim]:
    others = [right for right in candidates if not same_quantity(left, right)]
    if not others:
        return None
    return min(others, key=lambda right: (span_distance(left.quantity.span, right.quantity.span),
                                          right.quantity.span))


def counted(claim: Claim) -> str:
    what = claim.counted_phrase or claim.counts
    return f'"{claim.quantity.surface}" {what}' if what else f'"{claim.quantity.surface}"'


def selector_text(selector: object) -> str:
    describe = getattr(selector, "describe", None)
    return describe() if callable(describe) else str(selector)


def is_point(ends: Ends) -> bool:
    return ends.lo == ends.hi


def days_apart(a: date, b: date) -> int:
    return abs((a - b).days)


def dated_briefly(claim: Claim) -> str:
    return f"{claim.quantity.surface} ({claim.as_of}, {claim.document})"


def percent(x: Fraction, other: Optional[Fraction] = None) -> str:
    """``x`` as a percentage, with enough decimals to tell it apart from ``other``."""
    for decimals in range(1, 7):
        text = _percent_text(x, decimals)
        if other is None or other == x or text != _percent_text(other, decimals):
            return text
    return text


def _percent_text(x: Fraction, decimals: int) -> str:
    return f"{float(x) * 100:.{decimals}f}".rstrip("0").rstrip(".") + "%"


def quoted_with_interval(claim: Claim) -> str:
    """``"more than 341" (341, ∞)``; the interval is left out when it reads like the surface."""
    interval = str(claim.interval)
    surface = claim.quantity.surface
    return f'"{surface}"' if interval == surface else f'"{surface}" {_parenthesized(interval)}'


def _parenthesized(interval: str) -> str:
    return interval if interval[0] in "[(" else f"({interval})"


def as_of_date(claim: Claim) -> date:
    assert claim.as_of is not None
    return claim.as_of


def dated_claims(claims: Sequence[Claim]) -> list[Claim]:
    """The claims that have an as-of date, earliest first."""
    return sorted((claim for claim in claims if claim.as_of is not None), key=as_of_date)


def undated_note(claims: Sequence[Claim]) -> tuple[str, ...]:
    undated = sum(1 for claim in claims if claim.as_of is None)
    return (f"{plural(undated, 'claim')} without a date skipped",) if undated else ()


def require_number(name: str, value: object, optional: bool = False) -> None:
    if value is None and optional:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{name} must be a number, got {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")


def require_choice(name: str, value: object, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ValueError(f"{name} must be one of: {', '.join(choices)}; got {value!r}")


def group_key(claim: Claim, by: str) -> Optional[str]:
    """What ``group_by: by`` files the claim under; None when the claim has no source (outlet)."""
    if by == "document":
        return claim.path
    name = claim.source if by == "source" else claim.outlet
    if not name or not name.strip():
        return None
    words = name.replace("\u2019", "'").casefold().split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(word[:-2] if word.endswith("'s") else word for word in words) or None


def merge_source_keys(keys: Iterable[str]) -> dict[str, str]:
    """Each source key's group: a name inside one longer name joins it.

    News copy names an agency in full once and briefly after: "Turkey's
    disaster agency AFAD", then "AFAD"; "Syria's health ministry", then "the
    health ministry". A key whose words appear, in order and together, in a
    longer key joins that key's group. A key found in two unrelated longer
    keys ("ministry" in "health ministry" and "defence ministry") is
    ambiguous and stays on its own.
    """
    ordered = sorted(set(keys), key=lambda key: (-len(key.split()), key))
    words = {key: key.split() for key in ordered}
    parent = {key: key for key in ordered}

    def root(key: str) -> str:
        while parent[key] != key:
            key = parent[key]
        return key

    for key in ordered:
        containers = [other for other in ordered if other != key and len(words[other]) > len(words[key])
                      and _contains(words[other], words[key])]
        tops = {root(container) for container in containers}
        if len(tops) == 1:
            parent[root(key)] = tops.pop()
    return {key: root(key) for key in ordered}


def _contains(longer: Sequence[str], shorter: Sequence[str]) -> bool:
    size = len(shorter)
    return any(list(longer[i:i + size]) == list(shorter) for i in range(len(longer) - size + 1))


def group_label(claim: Claim, by: str) -> str:
    """How a group is named in messages: the source, outlet or document as written."""
    if by == "document":
        return claim.document
    return (claim.source if by == "source" else claim.outlet) or ""


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
            if any(same_quantity(claim, earlier) for earlier in prefix):
                continue
            day = column[index]
            if extend(prefix + (claim,), max(low, day - width), min(high, day + width)):
                return True
        return False

    truncated = extend((), -math.inf, math.inf)
    return chosen, truncated


def truncated_note(truncated: bool, limit: int = MAX_COMBINATIONS) -> tuple[str, ...]:
    return (f"only the first {limit:,} combinations were compared",) if truncated else ()
